#!/usr/bin/env bash
# Build the secrets-scan speed corpus: a ~100 MB (10^8 bytes) mixed tree of Java, Python,
# configuration and documentation text, from sources found on a Debian machine without the
# internet (packages only): the JDK's src.zip (openjdk-17-source), CPython's standard library
# and the site-packages of the same Python, and text shipped by Debian packages under /etc and
# /usr/share (XML, JSON, conf/ini/properties/yaml/toml/sh samples, Maven .pom files, docs,
# copyright files).
#
#   benches/setup-secrets-corpus.sh OUT_DIR
#
# Deterministic for a given machine: every part's candidate list is sorted (byte order of
# "source/relative path") and files are taken in order until the part reaches its byte budget
# (the last file may pass the mark). Only text is taken: no NUL byte, valid UTF-8, not empty,
# at most 2,000,000 bytes (the reviewer skips files over 2 MiB), no dot-files or dot-dirs (ripsecrets
# skips hidden paths, the reviewer does not; leaving them out keeps the comparison fair), no
# .gitignore/.ignore files (both tools would honour them). Budgets by kind: java 40 MB,
# python 30 MB, config 15 MB, docs 15 MB. The tree goes to OUT_DIR/tree/<kind>/<part>/...;
# beside it OUT_DIR/MANIFEST.tsv (kind, part, bytes, sha256, path) and OUT_DIR/SOURCES.txt.
# An existing OUT_DIR/tree is replaced.
#
# Environment overrides:
#   JDK_SRC_ZIP   the JDK's src.zip (default: from dpkg -L openjdk-17-source, else the usual paths)
#   PY_STDLIB     CPython stdlib directory (default: sysconfig of python3)
#   PY_SITE       site-packages directory  (default: sysconfig purelib of python3)
#   SCALE         multiply every budget (default 1; 0.1 gives a 10 MB tree for a smoke test)
set -euo pipefail

if [[ $# -ne 1 || "$1" == -h || "$1" == --help ]]; then
    sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
OUT_DIR=$1

if [[ -z "${JDK_SRC_ZIP:-}" ]]; then
    JDK_SRC_ZIP=$(dpkg -L openjdk-17-source 2>/dev/null | grep -m1 '/src\.zip$' || true)
    for z in /usr/lib/jvm/openjdk-17/lib/src.zip /usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip; do
        if [[ -z "$JDK_SRC_ZIP" && -f "$z" ]]; then JDK_SRC_ZIP=$z; fi
    done
fi
if [[ -z "$JDK_SRC_ZIP" || ! -f "$JDK_SRC_ZIP" ]]; then
    echo "setup-secrets-corpus: no JDK src.zip; run benches/setup-corpora.sh once (it installs" >&2
    echo "openjdk-17-source with apt-get), or apt-get install openjdk-17-source, or set JDK_SRC_ZIP" >&2
    exit 1
fi
PY_STDLIB=${PY_STDLIB:-$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')}
PY_SITE=${PY_SITE:-$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')}

OUT_DIR=$(realpath -m "$OUT_DIR")
rm -rf "$OUT_DIR/tree" && mkdir -p "$OUT_DIR/tree"

python3 - "$OUT_DIR" "$JDK_SRC_ZIP" "$PY_STDLIB" "$PY_SITE" "${SCALE:-1}" <<'PY'
import collections
import hashlib
import os
import sys
import zipfile

out_dir, src_zip, py_stdlib, py_site, scale = sys.argv[1:6]
scale = float(scale)
MAX_FILE = 2_000_000
KIND_BUDGET = {"java": 40_000_000, "python": 30_000_000, "config": 15_000_000, "docs": 15_000_000}
KIND_BUDGET = {k: int(v * scale) for k, v in KIND_BUDGET.items()}

CONFIG_MISC = (".yml", ".yaml", ".properties", ".ini", ".cfg", ".conf", ".toml", ".sh", ".env",
               ".gradle")
CONFIG_XML = (".xml", ".xsd", ".xsl", ".pom")
DOC_MARKUP = (".md", ".rst")
DOC_NOEXT = ("copyright", "README", "NEWS", "AUTHORS", "THANKS", "TODO")

# Directories scanned for loose files: (source label, root, directories to leave out).
TREES = [
    ("etc", "/etc", ()),
    ("usr-share", "/usr/share", ()),
    ("py-stdlib", py_stdlib, ("site-packages", "dist-packages")),
    ("py-site", py_site, ()),
]


def listing(roots):
    """(label/rel, full path, size) of every regular file under the roots, sorted by label/rel."""
    out = []
    for label, root, skip in roots:
        if not os.path.isdir(root):
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames
                           if d not in skip and d != "__pycache__" and not d.startswith(".")]
            for fn in filenames:
                if fn.startswith("."):
                    continue
                full = os.path.join(dirpath, fn)
                if os.path.islink(full) or not os.path.isfile(full):
                    continue
                size = os.path.getsize(full)
                if 0 < size <= MAX_FILE:
                    out.append((f"{label}/{os.path.relpath(full, root)}", full, size))
    out.sort(key=lambda e: e[0].encode("utf-8", "surrogateescape"))
    return out


ALL = listing(TREES)


def loose(labels, pred):
    return [(rel, lambda full=full: open(full, "rb").read(), size)
            for rel, full, size in ALL if rel.split("/", 1)[0] in labels and pred(rel)]


def ext(rel):
    return os.path.splitext(rel)[1].lower()


JDK_ZIP = zipfile.ZipFile(src_zip)


def jdk_java():
    infos = [i for i in JDK_ZIP.infolist() if i.filename.endswith(".java") and 0 < i.file_size <= MAX_FILE]
    infos.sort(key=lambda i: i.filename.encode())
    return [(i.filename, lambda i=i: JDK_ZIP.read(i), i.file_size) for i in infos]


# (kind, part, budget or None for "the rest of the kind's budget", candidates)
PARTS = [
    ("java", "jdk", None, jdk_java),
    ("python", "stdlib", KIND_BUDGET["python"] // 2, lambda: loose({"py-stdlib"}, lambda r: ext(r) == ".py")),
    ("python", "site-packages", None, lambda: loose({"py-site"}, lambda r: ext(r) == ".py")),
    ("config", "misc", KIND_BUDGET["config"] * 2 // 15,
     lambda: loose({"etc", "usr-share", "py-stdlib", "py-site"}, lambda r: ext(r) in CONFIG_MISC)),
    ("config", "xml", KIND_BUDGET["config"] // 3,
     lambda: loose({"etc", "usr-share", "py-stdlib", "py-site"}, lambda r: ext(r) in CONFIG_XML)),
    ("config", "json", None,
     lambda: loose({"usr-share", "py-stdlib", "py-site", "etc"}, lambda r: ext(r) == ".json")),
    ("docs", "markup", KIND_BUDGET["docs"] * 2 // 5,
     lambda: loose({"usr-share", "py-stdlib", "py-site"}, lambda r: ext(r) in DOC_MARKUP)),
    ("docs", "noext", KIND_BUDGET["docs"] // 5,
     lambda: loose({"usr-share"}, lambda r: r.startswith("usr-share/doc/")
                   and os.path.basename(r) in DOC_NOEXT)),
    ("docs", "txt", None,
     lambda: loose({"usr-share", "py-stdlib", "py-site"}, lambda r: ext(r) == ".txt")),
]


def is_text(data):
    if b"\0" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


manifest = []  # (kind, part, bytes, sha256, path)
taken = collections.Counter()
skipped = collections.Counter()
for kind, part, budget, candidates in PARTS:
    if budget is None:
        budget = KIND_BUDGET[kind] - taken[kind]
    total = 0
    for rel, read, size in candidates():
        if total >= budget:
            break
        data = read()
        if not is_text(data):
            skipped[kind, part] += 1
            continue
        path = f"{kind}/{part}/{rel}"
        dest = os.path.join(out_dir, "tree", path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as f:
            f.write(data)
        manifest.append((kind, part, len(data), hashlib.sha256(data).hexdigest(), path))
        total += len(data)
    taken[kind] += total

manifest.sort(key=lambda m: m[4].encode("utf-8", "surrogateescape"))
with open(os.path.join(out_dir, "MANIFEST.tsv"), "w", encoding="utf-8", errors="surrogateescape") as f:
    f.write("kind\tpart\tbytes\tsha256\tpath\n")
    for m in manifest:
        f.write("\t".join(map(str, m)) + "\n")
digest = hashlib.sha256("".join(f"{m[3]}  {m[4]}\n" for m in manifest)
                        .encode("utf-8", "surrogateescape")).hexdigest()

lines = [f"corpus: {out_dir}/tree  (scan this directory; MANIFEST.tsv and SOURCES.txt are beside it)"]
by_part = collections.defaultdict(lambda: [0, 0])
by_ext = collections.defaultdict(lambda: collections.Counter())
for kind, part, size, _, path in manifest:
    by_part[kind, part][0] += 1
    by_part[kind, part][1] += size
    by_ext[kind][ext(path) or "(none)"] += size
for kind in KIND_BUDGET:
    n = sum(v[0] for (k, _), v in by_part.items() if k == kind)
    b = sum(v[1] for (k, _), v in by_part.items() if k == kind)
    lines.append(f"  {kind:<7} {n:6d} files {b:>12,d} bytes ({b / 1e6:6.2f} MB)")
    for (k, part), (pn, pb) in by_part.items():
        if k == kind:
            lines.append(f"    {part:<14} {pn:6d} files {pb:>12,d} bytes"
                         f"{f'  ({skipped[k, part]} non-text files skipped)' if skipped[k, part] else ''}")
    top = ", ".join(f"{e} {v / 1e6:.2f}" for e, v in by_ext[kind].most_common(8))
    lines.append(f"    by extension (MB): {top}")
total = sum(m[2] for m in manifest)
lines.append(f"  total   {len(manifest):6d} files {total:>12,d} bytes ({total / 1e6:6.2f} MB)")
lines.append(f"  sha256  {digest}  (of MANIFEST digests and paths)")
with open(os.path.join(out_dir, "SOURCES.txt"), "w") as f:
    f.write(f"java: {src_zip}\npython stdlib: {py_stdlib}\npython site-packages: {py_site}\n")
    f.write("config and docs: /etc, /usr/share (Debian packages), the Python trees above\n")
    f.write(f"scale: {scale}\n" + "\n".join(lines[1:]) + "\n")
print("\n".join(lines))
PY
