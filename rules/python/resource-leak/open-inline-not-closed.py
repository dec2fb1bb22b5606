import contextlib
import csv
import io
import json
import os
import pickle
import subprocess
import gzip

import yaml


def read_with(path):
    # ok: open-inline-not-closed
    with open(path) as fh:
        return fh.read()


def read_version(root):
    # ruleid: open-inline-not-closed
    return open(os.path.join(root, "VERSION")).read().strip()


def save_pid(path):
    # ruleid: open-inline-not-closed
    open(path, "w").write(str(os.getpid()))


def load_settings(path):
    # ruleid: open-inline-not-closed
    settings = json.load(open(path))
    # ruleid: open-inline-not-closed
    overrides = yaml.safe_load(io.open(path + ".local", encoding="utf-8"))
    settings.update(overrides or {})
    return settings


def load_model(path):
    # ruleid: open-inline-not-closed
    return pickle.load(open(path, "rb"))


def run_quietly(cmd):
    # ruleid: open-inline-not-closed
    subprocess.check_call(cmd, stdout=open(os.devnull, "w"))


def count_rows(path):
    total = 0
    # ruleid: open-inline-not-closed
    for _row in csv.reader(open(path, newline="")):
        total += 1
    return total


def grep(path, needle):
    hits = []
    # ruleid: open-inline-not-closed
    for line in open(path):
        if needle in line:
            hits.append(line)
    # ruleid: open-inline-not-closed
    hits += [l for l in gzip.open(path + ".gz", "rt") if needle in l]
    return hits


def create_marker(path):
    # ruleid: open-inline-not-closed
    open(path, "a")


def touch(path):
    # ok: open-inline-not-closed
    open(path, "a").close()


def read_with_wrapper(path):
    # ok: open-inline-not-closed
    with io.TextIOWrapper(open(path, "rb"), encoding="utf-8") as fh:
        return fh.read()


def read_many(paths):
    with contextlib.ExitStack() as stack:
        # ok: open-inline-not-closed
        files = [stack.enter_context(open(p)) for p in paths]
        return [f.read() for f in files]


def text_stream(path):
    # ok: open-inline-not-closed
    return io.TextIOWrapper(open(path, "rb"), encoding="utf-8")


def opener(path):
    # ok: open-inline-not-closed
    return open(path)


def sniff(path):
    # ok: open-inline-not-closed
    with contextlib.closing(open(path, "rb")) as fh:
        return fh.read(4)


def start_worker(cmd, log_path):
    # ruleid: open-inline-not-closed
    return subprocess.Popen(cmd, stdout=open(log_path, "ab"), stderr=subprocess.STDOUT)


class Archive:
    def __init__(self, fh):
        self.fh = fh

    @classmethod
    def from_path(cls, path):
        # ok: open-inline-not-closed
        return cls(open(path, "rb"))
