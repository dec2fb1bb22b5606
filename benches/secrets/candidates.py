#!/usr/bin/env python3
"""List candidate lines for labelling (keyword grep + high-entropy literals).

Used by the labeller only: it prints repo<TAB>path<TAB>line<TAB>lang<TAB>text for every line
of the checked-out trees that a broad keyword grep or a high-entropy literal check picks up.
The output contains repository content: keep it outside this repository.

  python3 benches/secrets/candidates.py /tmp/bench/secrets-repos [owner+name ...] > /tmp/cands.tsv
"""
import math
import os
import re
import sys

KEYWORDS = re.compile(
    r"passw|passwd|pwd|secret|token|api[_-]?key|apikey|credential|private[_-]?key|auth|"
    r"BEGIN [A-Z ]*PRIVATE KEY|AKIA|ASIA|ghp_|gho_|github_pat_|glpat-|xox[bpas]-|sk_live|sk_test|"
    r"AIza|://[^/\s:@]+:[^@\s/]+@|jdbc:|mongodb|redis://|amqp://|hooks\.slack|"
    r"access[_-]?key|client[_-]?secret|signing[_-]?key|salt|bearer|basic ",
    re.I)
LITERAL = re.compile(r"""["']([A-Za-z0-9+/=_\-\.]{20,})["']""")
SKIP_DIRS = {".git", "node_modules", "vendor", "target", "build", "dist", "__pycache__"}
SKIP_EXT = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".jar", ".war", ".zip", ".gz", ".class",
            ".pdf", ".woff", ".woff2", ".ttf", ".eot", ".svg", ".bin", ".so", ".pyc", ".mp4",
            ".mp3", ".webp", ".min.js", ".map", ".lock", ".sum"}
CONFIG_EXT = {".yml", ".yaml", ".properties", ".xml", ".json", ".env", ".ini", ".cfg", ".conf",
              ".toml", ".gradle", ".kts", ".sh", ".bash", ".zsh", ".tf", ".tfvars", ".cnf",
              ".config", ".j2", ".tpl", ".service", ".htpasswd", ".pgpass", ".sql"}
CONFIG_NAMES = {"dockerfile", ".env", ".travis.yml", "jenkinsfile", "makefile", ".npmrc",
                ".pypirc", ".netrc", "procfile", "pipfile", "requirements.txt", "setup.cfg",
                "tox.ini", ".htpasswd", ".pgpass", "pom.xml", "gradle.properties"}


def lang_of(path):
    base = os.path.basename(path).lower()
    ext = os.path.splitext(base)[1]
    if ext == ".java":
        return "java"
    if ext in (".py", ".pyi"):
        return "python"
    if ext in CONFIG_EXT or base in CONFIG_NAMES or base.startswith(".env") \
            or base.startswith("dockerfile") or base.endswith(".env"):
        return "config"
    return "other"


def entropy(s):
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in (s.count(ch) for ch in set(s)))


def main():
    root = sys.argv[1]
    only = set(sys.argv[2:])
    for slug in sorted(os.listdir(root)):
        if slug.startswith(".") or (only and slug not in only):
            continue
        repo = slug.replace("+", "/", 1)
        base = os.path.join(root, slug)
        for d, dirs, files in os.walk(base):
            dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS)
            for fn in sorted(files):
                p = os.path.join(d, fn)
                if any(fn.lower().endswith(e) for e in SKIP_EXT) or os.path.islink(p):
                    continue
                try:
                    with open(p, "rb") as f:
                        data = f.read(2_000_000)
                except OSError:
                    continue
                if b"\0" in data[:8192]:
                    continue
                rel = os.path.relpath(p, base)
                lang = lang_of(rel)
                for i, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
                    if len(line) > 2000:
                        continue
                    hit = KEYWORDS.search(line)
                    if not hit:
                        for m in LITERAL.finditer(line):
                            if entropy(m.group(1)) > 4.2:
                                hit = m
                                break
                    if hit:
                        print(f"{repo}\t{rel}\t{i}\t{lang}\t{line.strip()[:220]}")


if __name__ == "__main__":
    main()
