import io
import json
from pathlib import Path


def load(path):
    # ruleid: open-without-encoding
    with open(path) as fh:
        return json.load(fh)


def save(path, rows):
    # ruleid: open-without-encoding
    with open(path, "w", newline="") as fh:
        fh.writelines(rows)


def append(path, line):
    # ruleid: open-without-encoding
    with io.open(path, mode="a") as fh:
        fh.write(line)


def template(name):
    # ruleid: open-without-encoding
    return Path("templates", name).read_text()


def write_marker(path: Path):
    # ruleid: open-without-encoding
    path.write_text("done\n")


def load_ok(path):
    # ok: open-without-encoding
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def load_binary(path):
    # ok: open-without-encoding
    with open(path, "rb") as fh:
        return fh.read()


def save_binary(path, blob):
    # ok: open-without-encoding
    with open(path, mode="wb") as fh:
        fh.write(blob)


def template_ok(name):
    # ok: open-without-encoding
    return Path("templates", name).read_text(encoding="utf-8")


def distribution_file(dist):
    # ok: open-without-encoding
    return dist.read_text("METADATA")


def open_with(path, mode, **kwargs):
    # ok: open-without-encoding
    return open(path, mode, **kwargs)


def save_newline(path, rows):
    # todoruleid: open-without-encoding
    with open(path, newline="") as fh:
        fh.writelines(rows)
