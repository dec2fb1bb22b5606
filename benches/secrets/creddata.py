#!/usr/bin/env python3
"""Score the secrets scan on CredData, Samsung's labelled corpus of real repositories.

CredData (https://github.com/Samsung/CredData) labels lines of 300+ public repositories at
pinned commits: T (a credential), F or X (not one). It is the corpus of the published
comparison that issue 4 quotes (CredSweeper F1 0.86, gitleaks 0.33, truffleHog 0.24,
detect-secrets 0.21), and none of it was used to write or tune the rules here: it is a
held-out check of the labelled set in this directory.

This script never copies CredData's files or the repositories into this one. It reads
CredData's snapshot.json (repository + commit) and meta/*.csv (labels), checks out the
repositories at those commits outside this repository, scans each with
`reviewer scan --category secrets --no-ignore`, and counts, like CredData's own benchmark,
only labelled lines: a T line covered by a finding is a TP, an uncovered one a FN, and an F or
X line covered by a finding a FP. Findings on unlabelled lines are counted apart.

CredData names a file by the first 8 hex digits of the SHA-256 of its path in the repository
(FileID); that is how labels are matched to the files scanned.

  python3 benches/secrets/creddata.py --creddata /work/.mirror/Samsung+CredData/repo \\
      --mirror-root /work/.mirror --dest /tmp/bench/creddata --langs java,python \\
      --reviewer target/release/reviewer

--creddata is a checkout of CredData or its bare git directory. Repositories come from
--mirror-root (DIR/<owner>+<name>/repo, the layout the sandbox's `fetch` tool makes) or,
with --clone, from GitHub. Python 3.11, stdlib only; needs `git`.
"""
import argparse
import binascii
import collections
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from candidates import lang_of  # noqa: E402
from fetch_repos import extract_from_bare  # noqa: E402

DOCS_EXT = {".md", ".rst", ".txt", ".adoc"}
GROUPS = ("java", "python", "config", "docs", "other")
TOOLS = ("reviewer", "credsweeper", "credsweeper-noml", "detect-secrets")


def group_of(path):
    """The labelled set's file groups (candidates.lang_of), with documentation apart."""
    group = lang_of(path)
    if group == "other" and os.path.splitext(path.lower())[1] in DOCS_EXT:
        return "docs"
    return group


class CredData:
    """snapshot.json and meta/*.csv of a CredData checkout or bare git directory."""

    def __init__(self, path):
        self.path = path
        self.worktree = os.path.isfile(os.path.join(path, "snapshot.json"))

    def read(self, name):
        if self.worktree:
            p = os.path.join(self.path, name)
            return open(p, encoding="utf-8").read() if os.path.exists(p) else None
        r = subprocess.run(["git", "--git-dir", self.path, "show", f"HEAD:{name}"],
                           capture_output=True, text=True)
        return r.stdout if r.returncode == 0 else None

    def repositories(self):
        """(owner/name, commit, meta id) for every repository with labels."""
        snapshot = json.loads(self.read("snapshot.json"))
        out = []
        for repo_id, url in snapshot.items():
            meta_id = f"{binascii.crc32(binascii.unhexlify(repo_id)):08x}"
            name = url.rstrip("/").removeprefix("https://github.com/").removesuffix(".git")
            out.append((name, repo_id[:40], meta_id))
        return out

    def labels(self, meta_id):
        text = self.read(f"meta/{meta_id}.csv")
        return list(csv.DictReader(io.StringIO(text))) if text else []


def git_dir_of(mirror_root, name):
    base = os.path.join(mirror_root, name.replace("/", "+"), "repo")
    return base if os.path.exists(os.path.join(base, "HEAD")) else os.path.join(base, ".git")


def checkout(name, commit, dest, mirror_root, clone):
    """The tree of `name` at `commit` under dest (made once); None when it cannot be had."""
    stamp = dest + ".commit"
    if os.path.isdir(dest) and os.path.exists(stamp) and open(stamp).read().strip() == commit:
        return dest
    if os.path.exists(dest):
        shutil.rmtree(dest)
    try:
        if clone:
            subprocess.run(["git", "clone", "--quiet", "--no-checkout", f"https://github.com/{name}.git", dest],
                           check=True)
            subprocess.run(["git", "-C", dest, "checkout", "--quiet", commit], check=True)
            shutil.rmtree(os.path.join(dest, ".git"))
        else:
            gitdir = git_dir_of(mirror_root, name)
            if not os.path.exists(gitdir):
                return None
            probe = subprocess.run(["git", "--git-dir", gitdir, "cat-file", "-t", commit],
                                   capture_output=True, text=True)
            if probe.stdout.strip() != "commit":
                return None
            extract_from_bare(gitdir, commit, dest)
    except (subprocess.CalledProcessError, OSError) as e:
        print(f"  cannot check out {name} at {commit[:12]}: {e}", file=sys.stderr)
        return None
    with open(stamp, "w") as f:
        f.write(commit + "\n")
    return dest


def file_ids(tree):
    """CredData's FileID (sha256 of the path in the repository, 8 hex digits) -> path."""
    out = {}
    for root, dirs, files in os.walk(tree):
        dirs[:] = [d for d in dirs if d != ".git"]
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), tree).replace(os.sep, "/")
            out[hashlib.sha256(rel.encode()).hexdigest()[:8]] = rel
    return out


def repo_path(path):
    """A tool's path of a scanned file as a path in the repository, `/`-separated."""
    return os.path.normpath(path).replace(os.sep, "/")


def scan(reviewer, tree):
    """Findings of a secrets scan of tree: path -> [(start_line, end_line, rule)]."""
    with tempfile.TemporaryDirectory(prefix="creddata-") as tmp:
        report = os.path.join(tmp, "r.json")
        r = subprocess.run([reviewer, "scan", ".", "--category", "secrets", "--no-ignore", "--format", "json",
                            "-o", report, "-q"], cwd=tree, capture_output=True, text=True)
        if r.returncode not in (0, 1, 2) or not os.path.exists(report):
            raise RuntimeError(f"reviewer exited {r.returncode}: {r.stderr[-500:]}")
        doc = json.load(open(report))
    out = collections.defaultdict(list)
    for f in doc.get("findings", []):
        out[repo_path(f["path"])].append((f["span"]["start_line"], f["span"]["end_line"], f["rule_id"]))
    return out, len(doc.get("errors", []))


def scan_credsweeper(exe, tree, paths, ml):
    """CredSweeper's findings on the labelled files of tree, with its ML model (trained on
    CredData itself) or without it (`--ml_threshold 0`: its rules and filters only)."""
    with tempfile.TemporaryDirectory(prefix="creddata-") as tmp:
        report = os.path.join(tmp, "r.json")
        cmd = [exe, "--path", *paths, "--save-json", report, "--no-stdout", "--jobs", str(os.cpu_count() or 1)]
        if not ml:
            cmd += ["--ml_threshold", "0"]
        r = subprocess.run(cmd, cwd=tree, capture_output=True, text=True)
        if r.returncode != 0 or not os.path.exists(report):
            raise RuntimeError(f"credsweeper exited {r.returncode}: {r.stderr[-500:]}")
        doc = json.load(open(report))
    out = collections.defaultdict(list)
    for f in doc:
        for ld in f.get("line_data_list", []):
            out[repo_path(ld["path"])].append((ld["line_num"], ld["line_num"], f["rule"]))
    return out, 0


def scan_detect_secrets(exe, tree, paths):
    """detect-secrets' findings on the labelled files of tree (all its plugins, default filters)."""
    r = subprocess.run([exe, "scan", "--all-files", *paths], cwd=tree, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"detect-secrets exited {r.returncode}: {r.stderr[-500:]}")
    out = collections.defaultdict(list)
    for path, items in json.loads(r.stdout).get("results", {}).items():
        for item in items:
            out[repo_path(path)].append((item["line_number"], item["line_number"], item["type"]))
    return out, 0


def newline_lines(path):
    """CredData numbers lines as Python's str.splitlines() does, which also breaks at a lone CR,
    a form feed, U+2028 and others; the reviewer (like git and editors) counts LF only. For a
    file where the two differ, the LF-numbered line of each splitlines() line; else None."""
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return None
    parts = text.splitlines(keepends=True)
    if len(parts) == text.count("\n") + (0 if text.endswith("\n") or not text else 1):
        return None
    lines, newlines = [], 0
    for part in parts:
        lines.append(newlines + 1)
        newlines += part.count("\n")
    return lines or None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--creddata", required=True, help="CredData checkout or bare git directory")
    ap.add_argument("--reviewer", help="the reviewer binary (the default tool)")
    ap.add_argument("--tool", default="reviewer", choices=TOOLS,
                    help="score another scanner on the same labels: credsweeper (with its ML model, "
                    "which was trained on CredData), credsweeper-noml (its rules and filters only), "
                    "detect-secrets. They scan the labelled files; the reviewer scans the whole checkout.")
    ap.add_argument("--tool-bin", help="the other scanner's executable (default: found on PATH)")
    ap.add_argument("--dest", default="/tmp/bench/creddata", help="where the checkouts go")
    ap.add_argument("--mirror-root", default="/work/.mirror", help="DIR/<owner>+<name>/repo git dirs")
    ap.add_argument("--clone", action="store_true", help="clone from GitHub instead of --mirror-root")
    ap.add_argument("--langs", default="", help="only repositories with labels in these groups "
                    f"(comma-separated: {', '.join(GROUPS)}); default: all")
    ap.add_argument("--skip-categories", default="", help="leave out labels whose CredData categories are "
                    "all in this comma-separated list (UUID: values issue 4's filters drop on purpose)")
    ap.add_argument("--show", type=int, default=0, help="print this many misses and false positives")
    ap.add_argument("--json", help="write the counts here")
    args = ap.parse_args()

    if args.tool == "reviewer":
        if not args.reviewer:
            ap.error("--reviewer is needed with --tool reviewer")
        args.reviewer = os.path.abspath(args.reviewer)
    else:
        exe = args.tool_bin or shutil.which(args.tool.removesuffix("-noml"))
        if not exe:
            ap.error(f"{args.tool} is not on PATH: install it (pip install {args.tool.removesuffix('-noml')}) "
                     "or give --tool-bin")
        args.tool_bin = os.path.abspath(exe)
    cd = CredData(args.creddata)
    want = {g for g in args.langs.split(",") if g}
    skip_categories = {c for c in args.skip_categories.split(",") if c}
    skipped_labels = 0
    counts = {g: collections.Counter() for g in GROUPS + ("all",)}
    by_category = collections.defaultdict(collections.Counter)
    skipped_repos, missing_rows, unlabelled, errors = [], 0, 0, 0
    misses, false_pos = [], []
    scanned = 0
    os.makedirs(args.dest, exist_ok=True)
    for name, commit, meta_id in sorted(cd.repositories()):
        rows = cd.labels(meta_id)
        if not rows or (want and not any(group_of(r["FilePath"]) in want for r in rows)):
            continue
        tree = checkout(name, commit, os.path.join(args.dest, name.replace("/", "+")), args.mirror_root, args.clone)
        if tree is None:
            skipped_repos.append(name)
            continue
        scanned += 1
        ids = file_ids(tree)
        if args.tool == "reviewer":
            findings, errs = scan(args.reviewer, tree)
        else:
            paths = sorted({ids[r["FileID"]] for r in rows if r["FileID"] in ids})
            if args.tool == "detect-secrets":
                findings, errs = scan_detect_secrets(args.tool_bin, tree, paths)
            else:
                findings, errs = scan_credsweeper(args.tool_bin, tree, paths, ml=args.tool == "credsweeper")
        errors += errs
        covered_lines = set()
        line_maps = {}
        for row in rows:
            if skip_categories and set(row["Category"].split(":")) <= skip_categories:
                skipped_labels += 1
                continue
            path = ids.get(row["FileID"])
            if path is None:
                missing_rows += 1
                continue
            start, end = int(row["LineStart"]), int(row["LineEnd"])
            if path not in line_maps:
                line_maps[path] = newline_lines(os.path.join(tree, path))
            # CredSweeper, like CredData, also ends a line at a lone CR; the others count LF only.
            if line_maps[path] and not args.tool.startswith("credsweeper"):
                start, end = (line_maps[path][min(x, len(line_maps[path])) - 1] for x in (start, end))
            hit = any(s <= end and start <= e for s, e, _ in findings.get(path, []))
            for line in range(start, end + 1):
                covered_lines.add((path, line))
            truth = row["GroundTruth"] == "T"
            key = ("tp" if hit else "fn") if truth else ("fp" if hit else "tn")
            for g in (group_of(path), "all"):
                counts[g][key] += 1
            if truth:
                for c in row["Category"].split(":"):
                    by_category[c]["tp" if hit else "fn"] += 1
            where = f"{name}:{path}:{start}"
            if truth and not hit:
                misses.append(f"{where} [{row['Category']}]")
            elif hit and not truth:
                rules = ",".join(sorted({r for s, e, r in findings[path] if s <= end and start <= e}))
                false_pos.append(f"{where} [{row['Category']}] {rules}")
        unlabelled += sum(1 for p, fs in findings.items() for s, e, _ in fs
                          if not any((p, x) in covered_lines for x in range(s, e + 1)))
        print(f"  {name}: {len(rows)} labels", file=sys.stderr)

    def prf(c):
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    print(f"CredData, {args.tool}, {scanned} repositories scanned"
          f"{f' (labels in {args.langs})' if want else ''}; "
          f"{len(skipped_repos)} not available here; {missing_rows} labels on files the checkout lacks"
          f"{f'; {skipped_labels} labels left out (categories {args.skip_categories})' if skip_categories else ''}")
    print(f"{'':10} {'TP':>6} {'FP':>6} {'FN':>6} {'TN':>6}  {'prec':>6} {'recall':>6} {'F1':>6}")
    for g in GROUPS + ("all",):
        c = counts[g]
        if not sum(c.values()):
            continue
        p, r, f = prf(c)
        print(f"{g:10} {c['tp']:>6} {c['fp']:>6} {c['fn']:>6} {c['tn']:>6}  {p:6.3f} {r:6.3f} {f:6.3f}")
    print(f"findings on unlabelled lines: {unlabelled} (not counted); reported errors: {errors}")
    print("recall by CredData category (T labels):")
    for cat, c in sorted(by_category.items(), key=lambda kv: -(kv[1]["tp"] + kv[1]["fn"])):
        n = c["tp"] + c["fn"]
        print(f"  {cat:28} {c['tp']:>5}/{n:<5} {c['tp'] / n:6.3f}")
    if skipped_repos:
        print("not available: " + " ".join(skipped_repos))
    for title, items in (("misses", misses), ("false positives", false_pos)):
        if args.show and items:
            print(f"{title} (first {min(args.show, len(items))} of {len(items)}):")
            for m in items[:args.show]:
                print("  " + m)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"repositories": scanned, "skipped": skipped_repos, "missing_rows": missing_rows,
                       "skipped_labels": skipped_labels,
                       "unlabelled_findings": unlabelled,
                       "counts": {g: dict(c) for g, c in counts.items()},
                       "categories": {k: dict(v) for k, v in by_category.items()}}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
