import json
import os
import shutil
import tempfile
from tempfile import mkstemp


def atomic_write_fdopen(path, data):
    # ok: tempfile-mkstemp-fd-leak
    fd, tmp_path = tempfile.mkstemp(dir=os.path.dirname(path))
    with os.fdopen(fd, "w") as fh:
        json.dump(data, fh)
    os.replace(tmp_path, path)


def atomic_write(path, data):
    # ruleid: tempfile-mkstemp-fd-leak
    _, tmp_path = tempfile.mkstemp(dir=os.path.dirname(path))
    with open(tmp_path, "w") as fh:
        json.dump(data, fh)
    os.replace(tmp_path, path)


def scratch_file(payload):
    # ruleid: tempfile-mkstemp-fd-leak
    fd, name = mkstemp(suffix=".bin")
    os.write(fd, payload)
    return name


def temp_copy(src):
    # ruleid: tempfile-mkstemp-fd-leak
    dst = tempfile.mkstemp(suffix=".bak")[1]
    shutil.copyfile(src, dst)
    return dst


def reserve_name():
    # ok: tempfile-mkstemp-fd-leak
    fd, name = tempfile.mkstemp()
    os.close(fd)
    return name


def raw_write(payload):
    # ok: tempfile-mkstemp-fd-leak
    fd, name = mkstemp()
    try:
        os.write(fd, payload)
    finally:
        os.close(fd)
    return name


def make_temp():
    # ok: tempfile-mkstemp-fd-leak
    fd, name = tempfile.mkstemp()
    return fd, name


def open_temp():
    # ok: tempfile-mkstemp-fd-leak
    handle = tempfile.NamedTemporaryFile(delete=False)
    handle.close()
    return handle.name
