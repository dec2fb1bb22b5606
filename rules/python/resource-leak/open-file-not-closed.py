import atexit
import bz2
import codecs
import contextlib
import gzip
import io
import json
import os
import tarfile
import tempfile
import zipfile
from zipfile import ZipFile


def with_statement(path):
    # ok: open-file-not-closed
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def load_config(path):
    # ruleid: open-file-not-closed
    fh = open(path, encoding="utf-8")
    return json.load(fh)


def append_audit_line(path, line):
    # ruleid: open-file-not-closed
    log = io.open(path, "a", encoding="utf-8")
    log.write(line + "\n")


def read_legacy(path):
    # ruleid: open-file-not-closed
    reader = codecs.open(path, "r", "latin-1")
    lines = reader.readlines()
    return [line.rstrip() for line in lines]


def count_lines(path):
    # ruleid: open-file-not-closed
    stream = gzip.open(path, "rt")
    total = 0
    for _ in stream:
        total += 1
    return total


def decompress(path, out_path):
    # ruleid: open-file-not-closed
    src = bz2.open(path, "rb")
    with open(out_path, "wb") as dst:
        dst.write(src.read())


def list_members(path):
    # ruleid: open-file-not-closed
    archive = tarfile.open(path)
    return archive.getnames()


def list_zip(path):
    # ruleid: open-file-not-closed
    zf = zipfile.ZipFile(path)
    names = zf.namelist()
    # ruleid: open-file-not-closed
    other = ZipFile(path + ".bak")
    return names + other.namelist()


def write_report(fd, rows):
    # ruleid: open-file-not-closed
    out = os.fdopen(fd, "w")
    for row in rows:
        out.write(",".join(row) + "\n")


def scratch_copy(data):
    # ruleid: open-file-not-closed
    tmp = tempfile.NamedTemporaryFile(delete=False, suffix=".json")
    tmp.write(data)
    return tmp.name


def closed_by_hand(path):
    # ok: open-file-not-closed
    fh = open(path)
    try:
        return fh.read()
    finally:
        fh.close()


def closed_on_the_happy_path(path):
    # ruleid: open-file-not-closed
    fh = open(path)
    data = fh.read()
    fh.close()
    return data


def handed_to_with(path):
    # ok: open-file-not-closed
    fh = open(path, "rb")
    with fh:
        return fh.read()


def wrapped_in_closing(path):
    # ok: open-file-not-closed
    zf = zipfile.ZipFile(path)
    with contextlib.closing(zf) as archive:
        return archive.namelist()


def opener(path, mode="r"):
    # ok: open-file-not-closed
    fh = open(path, mode)
    return fh


def opener_with_size(path):
    # ok: open-file-not-closed
    fh = open(path, "rb")
    return fh, os.path.getsize(path)


def streaming_lines(path):
    # ok: open-file-not-closed
    fh = gzip.open(path, "rt")
    yield fh


class RotatingLog:
    def __init__(self, path):
        # ok: open-file-not-closed
        fh = open(path, "a")
        self._fh = fh

    def reopen(self, path):
        # ok: open-file-not-closed
        self._fh = open(path, "a")


def open_all(paths):
    stack = contextlib.ExitStack()
    handles = []
    for p in paths:
        # ok: open-file-not-closed
        fh = open(p)
        handles.append(fh)
    # ok: open-file-not-closed
    extra = open(paths[0])
    stack.enter_context(extra)
    return stack, handles


def close_at_exit(path):
    # ok: open-file-not-closed
    trace = open(path, "w")
    atexit.register(trace.close)
    return trace.fileno()


def reused_name(a, b):
    # ruleid: open-file-not-closed
    fh = open(a)
    first = fh.read()
    fh.close()
    # ruleid: open-file-not-closed
    fh = open(b)
    return first + fh.read()


def conditional_open(path):
    # ruleid: open-file-not-closed
    fh = open(path) if path != "-" else None
    return fh.read() if fh else ""


class CsvSource:
    def __init__(self, fh):
        self.fh = fh

    @classmethod
    def from_path(cls, path):
        # ok: open-file-not-closed
        fh = open(path, newline="")
        return cls(fh)


def text_stream(path):
    # ok: open-file-not-closed
    raw = open(path, "rb")
    return io.TextIOWrapper(raw, encoding="utf-8")


debug_stream = None


def enable_debug():
    global debug_stream
    # ok: open-file-not-closed
    debug_stream = os.fdopen(9, "w")


def progress_reader(path, progress):
    # ok: open-file-not-closed
    handle = io.open(path, "rb")
    reader = _ProgressReader(handle, progress, close_handle=True)
    return reader


class _ProgressReader:
    def __init__(self, handle, progress, close_handle=False):
        self.handle = handle
        self.progress = progress
        self.close_handle = close_handle


def _safe_close(fh):
    try:
        fh.close()
    except OSError:
        pass


def rewrite(path, data):
    # ok: open-file-not-closed
    f = open(path, "rb+")
    try:
        f.write(data)
    finally:
        _safe_close(f)


def retrieve(path, opened_files):
    # ok: open-file-not-closed
    fp = open(path, "wb")
    out_file = fp
    opened_files.append(out_file)
    return out_file


def resolve_entity(source, filename):
    # ok: open-file-not-closed
    f = open(filename, "rb")
    source.setByteStream(f)
    return source


def download_body(conn, target):
    opened = None
    try:
        # ok: open-file-not-closed
        opened = target = open(target, "wb")
        target.write(conn.read())
    finally:
        if opened:
            opened.close()


def gunzip_body(payload):
    # ok: open-file-not-closed
    data = gzip.GzipFile("", "rb", 9, io.BytesIO(payload))
    return data.read()


# ---- paths ----


def closed_in_finally(path):
    # ok: open-file-not-closed
    fh = open(path)
    try:
        return fh.read()
    finally:
        fh.close()


def closed_with_contextlib_closing(path):
    # ok: open-file-not-closed
    fh = open(path, "rb")
    with contextlib.closing(fh) as f:
        return f.read(16)


def returned_file_object(path):
    # ok: open-file-not-closed
    fh = open(path, "a")
    return fh


def closed_on_one_branch(path, keep):
    # ruleid: open-file-not-closed
    fh = open(path)
    try:
        data = fh.read()
    finally:
        if not keep:
            fh.close()
    return data


def closed_on_both_branches(path, fast):
    # ok: open-file-not-closed
    fh = open(path)
    try:
        data = fh.read()
    finally:
        if fast:
            fh.close()
        else:
            _safe_close(fh)
    return data


def early_return(path):
    # ruleid: open-file-not-closed
    fh = open(path)
    try:
        header = fh.read(4)
        if header != b"PK\x03\x04":
            return None
    except OSError:
        fh.close()
        raise
    fh.close()
    return header


def closed_before_every_return(path):
    # ok: open-file-not-closed
    fh = open(path, "rb")
    try:
        header = fh.read(4)
    except OSError:
        fh.close()
        raise
    fh.close()
    if header != b"PK\x03\x04":
        return None
    return header


def guarded_by_none_check(path):
    fh = None
    try:
        # ok: open-file-not-closed
        fh = open(path)
        return fh.read()
    finally:
        if fh is not None:
            fh.close()


def handed_to_an_unknown_function(path, registry):
    # ok: open-file-not-closed
    fh = open(path)
    registry.track(fh)


def opened_twice_in_a_loop(paths):
    for p in paths:
        # ruleid: open-file-not-closed
        fh = open(p)
        if not p.endswith(".txt"):
            continue
        fh.close()


def correlated_flags(path, read):
    fh = None
    if read:
        # todook: open-file-not-closed
        fh = open(path)
    if read:
        fh.close()


def header_line(path):
    # ruleid: open-file-not-closed
    fh = open(path)
    first = next(fh)
    return first.strip()


def _first_line(fh):
    return fh.readline()


def _remember(fh):
    _OPEN.append(fh)


def via_local_reader(path):
    # ruleid: open-file-not-closed
    fh = open(path)
    return _first_line(fh)


def via_local_keeper(path):
    # ok: open-file-not-closed
    fh = open(path)
    _remember(fh)
