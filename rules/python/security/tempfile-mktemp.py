import os
import tempfile
from tempfile import mktemp


def export(rows):
    # ruleid: tempfile-mktemp
    path = tempfile.mktemp(suffix=".csv")
    with open(path, "w") as f:
        f.writelines(rows)
    return path


def scratch():
    # ruleid: tempfile-mktemp
    name = mktemp(dir="/var/tmp")
    # ruleid: tempfile-mktemp
    legacy = os.tempnam("/tmp", "job")
    return name, legacy


def good(rows):
    # ok: tempfile-mktemp
    fd, path = tempfile.mkstemp(suffix=".csv")
    # ok: tempfile-mktemp
    with tempfile.NamedTemporaryFile("w", delete=False) as f:
        f.writelines(rows)
    # ok: tempfile-mktemp
    workdir = tempfile.mkdtemp()
    return fd, path, workdir

