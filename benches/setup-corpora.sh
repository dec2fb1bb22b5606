#!/usr/bin/env bash
# Build the throughput corpus: a ~20 MB tree, half Java and half Python by bytes, taken from
# the JDK's own sources (Debian package openjdk-17-source, src.zip) and CPython's standard
# library.
#
#   benches/setup-corpora.sh OUT_DIR
#
# Deterministic: each source's file list is sorted (byte order, LC_ALL=C) and files are taken
# in that order until the language reaches 10,000,000 bytes (the last file may pass the mark).
# The tree to scan goes to OUT_DIR/tree/java/... and OUT_DIR/tree/python/...; beside it (not
# scanned) OUT_DIR/MANIFEST.tsv (language, bytes, sha256, path) and OUT_DIR/SOURCES.txt (where
# it came from, and one digest of the whole tree). An existing OUT_DIR/tree is replaced.
#
# Environment overrides:
#   JDK_SRC_ZIP   path to the JDK's src.zip   (default: found through dpkg, installed if missing)
#   PY_STDLIB     CPython stdlib directory   (default: /root/.pyenv/versions/3.11.7/lib/python3.11,
#                                             else the python3.11 on PATH, else /usr/lib/python3.11)
#   BYTES_PER_LANG bytes to take per language (default 10000000)
set -euo pipefail

if [[ $# -ne 1 || "$1" == -h || "$1" == --help ]]; then
    sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
OUT_DIR=$1
BYTES_PER_LANG=${BYTES_PER_LANG:-10000000}

# --- the JDK's sources -----------------------------------------------------------------------
find_src_zip() {
    local z
    z=$(dpkg -L openjdk-17-source 2>/dev/null | grep -m1 '/src\.zip$' || true)
    if [[ -n "$z" && -f "$z" ]]; then echo "$z"; return; fi
    for z in /usr/lib/jvm/openjdk-17/lib/src.zip /usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip; do
        if [[ -f "$z" ]]; then echo "$z"; return; fi
    done
}

if [[ -z "${JDK_SRC_ZIP:-}" ]]; then
    JDK_SRC_ZIP=$(find_src_zip)
    if [[ -z "$JDK_SRC_ZIP" ]]; then
        echo "setup-corpora: openjdk-17-source is not installed; installing it with apt-get" >&2
        SUDO=
        if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
        $SUDO apt-get update
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y openjdk-17-source
        JDK_SRC_ZIP=$(find_src_zip)
    fi
fi
if [[ -z "$JDK_SRC_ZIP" || ! -f "$JDK_SRC_ZIP" ]]; then
    echo "setup-corpora: cannot find the JDK's src.zip (set JDK_SRC_ZIP)" >&2
    exit 1
fi
JDK_VERSION=$(dpkg-query -W -f='${Version}' openjdk-17-source 2>/dev/null || echo unknown)

# --- CPython's standard library --------------------------------------------------------------
if [[ -z "${PY_STDLIB:-}" ]]; then
    for d in /root/.pyenv/versions/3.11.7/lib/python3.11 \
             "$(python3.11 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])' 2>/dev/null || true)" \
             /usr/lib/python3.11; do
        if [[ -n "$d" && -f "$d/os.py" ]]; then PY_STDLIB=$d; break; fi
    done
fi
if [[ -z "${PY_STDLIB:-}" || ! -f "$PY_STDLIB/os.py" ]]; then
    echo "setup-corpora: cannot find CPython 3.11's standard library (set PY_STDLIB)" >&2
    exit 1
fi

mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
rm -rf "$OUT_DIR/tree"

# The selection and copying are done by Python's standard library (zipfile, hashlib), which
# is always there where this benchmark runs (speed.py needs it too).
python3 - "$OUT_DIR" "$JDK_SRC_ZIP" "$JDK_VERSION" "$PY_STDLIB" "$BYTES_PER_LANG" <<'PY'
import hashlib
import os
import sys
import zipfile

out_dir, src_zip, jdk_version, py_stdlib, limit = sys.argv[1:6]
limit = int(limit)
manifest = []


def take(entries, limit):
    """entries: sorted (path, size); take files in order until `limit` bytes are reached."""
    chosen, total = [], 0
    for path, size in entries:
        if total >= limit:
            break
        if size == 0:
            continue
        chosen.append(path)
        total += size
    return chosen


def write(lang, rel, data):
    dest = os.path.join(out_dir, "tree", lang, rel)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as f:
        f.write(data)
    manifest.append((lang, len(data), hashlib.sha256(data).hexdigest(), f"{lang}/{rel}"))


# Java: every .java member of src.zip, in byte order of its name.
with zipfile.ZipFile(src_zip) as z:
    infos = {i.filename: i for i in z.infolist() if i.filename.endswith(".java") and not i.is_dir()}
    names = sorted(infos, key=lambda s: s.encode())
    for name in take([(n, infos[n].file_size) for n in names], limit):
        write("java", name, z.read(infos[name]))

# Python: every .py file of the stdlib, without site-packages and __pycache__.
entries = []
for root, dirs, files in os.walk(py_stdlib):
    dirs[:] = [d for d in dirs if d not in ("site-packages", "dist-packages", "__pycache__")]
    for fn in files:
        if fn.endswith(".py"):
            full = os.path.join(root, fn)
            if os.path.islink(full) or not os.path.isfile(full):
                continue
            entries.append((os.path.relpath(full, py_stdlib), os.path.getsize(full)))
entries.sort(key=lambda e: e[0].encode())
for rel in take(entries, limit):
    with open(os.path.join(py_stdlib, rel), "rb") as f:
        write("python", rel, f.read())

manifest.sort(key=lambda m: m[3].encode())
with open(os.path.join(out_dir, "MANIFEST.tsv"), "w") as f:
    f.write("language\tbytes\tsha256\tpath\n")
    for lang, size, digest, path in manifest:
        f.write(f"{lang}\t{size}\t{digest}\t{path}\n")
corpus_digest = hashlib.sha256(
    "".join(f"{m[2]}  {m[3]}\n" for m in manifest).encode()
).hexdigest()
with open(os.path.join(out_dir, "SOURCES.txt"), "w") as f:
    f.write(f"java: {src_zip} (openjdk-17-source {jdk_version})\n")
    f.write(f"python: {py_stdlib}\n")
    f.write(f"bytes per language: {limit}\n")
    f.write(f"corpus sha256 (of MANIFEST digests and paths): {corpus_digest}\n")

print(f"corpus: {out_dir}/tree  (scan this directory; MANIFEST.tsv and SOURCES.txt are beside it)")
for lang, origin in (("java", f"{src_zip} (openjdk-17-source {jdk_version})"), ("python", py_stdlib)):
    files = [m for m in manifest if m[0] == lang]
    size = sum(m[1] for m in files)
    print(f"  {lang:<7} {len(files):5d} files {size:>11,d} bytes ({size / 1e6:.2f} MB)  from {origin}")
total = sum(m[1] for m in manifest)
print(f"  total   {len(manifest):5d} files {total:>11,d} bytes ({total / 1e6:.2f} MB)")
print(f"  sha256  {corpus_digest}  (MANIFEST.tsv lists every file)")
PY
