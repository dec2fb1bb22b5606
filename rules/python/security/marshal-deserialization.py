import json
import marshal


def load_plugin(blob):
    # ruleid: marshal-deserialization
    code = marshal.loads(blob)
    exec(code)


def load_cache(path):
    with open(path, "rb") as f:
        # ruleid: marshal-deserialization
        return marshal.load(f)


def good(obj, raw):
    # ok: marshal-deserialization
    blob = marshal.dumps(obj)
    # ok: marshal-deserialization
    data = json.loads(raw)
    return blob, data
