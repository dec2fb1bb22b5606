import os
import stat
from pathlib import Path


def publish(path):
    # ruleid: os-chmod-world-writable
    os.chmod(path, 0o777)
    # ruleid: os-chmod-world-writable
    os.chmod(path, 0o666)
    # ruleid: os-chmod-world-writable
    os.chmod(path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)
    # ruleid: os-chmod-world-writable
    os.chmod(path, mode=stat.S_IWOTH | stat.S_IROTH)
    # ruleid: os-chmod-world-writable
    Path(path).chmod(0o757)
    # ruleid: os-chmod-world-writable
    os.chmod(path, 511)


def good(path, fd):
    # ok: os-chmod-world-writable
    os.chmod(path, 0o644)
    # ok: os-chmod-world-writable
    os.chmod(path, 0o755)
    # ok: os-chmod-world-writable
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    # ok: os-chmod-world-writable
    os.fchmod(fd, 0o600)
    # ok: os-chmod-world-writable
    Path(path).chmod(0o750)
    # ok: os-chmod-world-writable
    os.chmod(path, 0o1755)
    # ok: os-chmod-world-writable
    os.chmod(path, os.stat(path).st_mode & ~stat.S_IWOTH)
