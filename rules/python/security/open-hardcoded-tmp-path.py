import io
import json
import tempfile


def dump_state(state, job_id):
    # ruleid: open-hardcoded-tmp-path
    with open("/tmp/state.json", "w") as f:
        json.dump(state, f)
    # ruleid: open-hardcoded-tmp-path
    log = open(f"/tmp/job-{job_id}.log", "a")
    # ruleid: open-hardcoded-tmp-path
    cache = io.open("/var/tmp/cache.bin", mode="wb")
    # ruleid: open-hardcoded-tmp-path
    shm = open("/dev/shm/counter", "r+")
    return log, cache, shm


def good(state, path):
    # ok: open-hardcoded-tmp-path
    with open("/tmp/state.json") as f:
        previous = json.load(f)
    # ok: open-hardcoded-tmp-path
    with open(path, "w") as f:
        json.dump(state, f)
    # ok: open-hardcoded-tmp-path
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as tmp:
        json.dump(state, tmp)
    # ok: open-hardcoded-tmp-path
    out = open("/var/log/app/state.json", "w")
    return previous, out
