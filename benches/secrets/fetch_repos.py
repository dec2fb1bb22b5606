#!/usr/bin/env python3
"""Check out the repositories of the secrets benchmark at the exact labelled commits.

The repositories are never committed here; only labels.csv is. This script rebuilds the
trees outside this repository, one directory per repository: DEST/<owner>+<name>/.

Two modes:
  (default)            git clone https://github.com/<owner>/<name> + checkout of the commit
  --mirror-root DIR    extract from bare git directories DIR/<owner>+<name>/repo (the layout
                       the sandbox's `fetch` tool produces), with no network access.

The list of repositories and commits is read from labels.csv (column repo, commit), so the
checkout always matches the labels. Python 3.11, stdlib only; needs `git` on PATH.

  python3 benches/secrets/fetch_repos.py --dest /tmp/bench/secrets-repos
  python3 benches/secrets/fetch_repos.py --dest /tmp/bench/secrets-repos --mirror-root /work/.mirror
"""
import argparse
import csv
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def repos_from_labels(path):
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            prev = out.setdefault(row["repo"], row["commit"])
            if prev != row["commit"]:
                sys.exit(f"labels.csv: {row['repo']} has two commits ({prev}, {row['commit']})")
    return out


def git(*args, **kw):
    return subprocess.run(["git", *args], check=True, **kw)


def extract_from_bare(gitdir, commit, dest):
    """Write every blob of `commit` under dest. Blobs missing from the snapshot (the
    sandbox store drops some large binaries) are skipped and counted, not fatal."""
    ls = subprocess.run(["git", "--git-dir", gitdir, "ls-tree", "-r", "-z", "--full-tree", commit],
                        check=True, capture_output=True).stdout
    entries = []
    for rec in ls.split(b"\0"):
        if not rec:
            continue
        meta, path = rec.split(b"\t", 1)
        mode, typ, sha = meta.split()
        if typ != b"blob":
            continue  # submodules (commit entries) are not followed
        entries.append((mode.decode(), sha.decode(), path.decode("utf-8", "surrogateescape")))
    proc = subprocess.Popen(["git", "--git-dir", gitdir, "cat-file", "--batch"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    missing = 0
    for mode, sha, path in entries:
        proc.stdin.write(sha.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline()
        if header.endswith(b" missing\n"):
            missing += 1
            continue
        size = int(header.split()[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)  # trailing LF
        target = os.path.join(dest, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if mode == "120000":
            try:
                os.symlink(data.decode("utf-8", "surrogateescape"), target)
            except OSError:
                pass
            continue
        with open(target, "wb") as out:
            out.write(data)
        if mode == "100755":
            os.chmod(target, 0o755)
    proc.stdin.close()
    proc.wait()
    return len(entries), missing


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dest", default="/tmp/bench/secrets-repos", help="where the trees go (outside this repository)")
    ap.add_argument("--labels", default=os.path.join(HERE, "labels.csv"))
    ap.add_argument("--mirror-root", help="extract from DIR/<owner>+<name>/repo bare git dirs instead of cloning")
    ap.add_argument("--only", action="append", help="only this owner/name (repeatable)")
    ap.add_argument("--force", action="store_true", help="re-create trees that already exist")
    args = ap.parse_args()

    repos = repos_from_labels(args.labels)
    os.makedirs(args.dest, exist_ok=True)
    failed = []
    for repo, commit in sorted(repos.items()):
        if args.only and repo not in args.only:
            continue
        slug = repo.replace("/", "+")
        dest = os.path.join(args.dest, slug)
        stamp = os.path.join(args.dest, f".{slug}.commit")
        if os.path.isdir(dest) and not args.force and os.path.exists(stamp) \
                and open(stamp).read().strip() == commit:
            print(f"ok    {repo} {commit[:12]} (already there)")
            continue
        if os.path.exists(dest):
            shutil.rmtree(dest)
        try:
            if args.mirror_root:
                gitdir = os.path.join(args.mirror_root, slug, "repo")
                n, missing = extract_from_bare(gitdir, commit, dest)
                extra = f", {missing} blobs missing from the snapshot" if missing else ""
                print(f"ok    {repo} {commit[:12]} ({n} files{extra})")
            else:
                git("clone", "--quiet", "--no-checkout", f"https://github.com/{repo}.git", dest)
                try:
                    git("-C", dest, "checkout", "--quiet", commit)
                except subprocess.CalledProcessError:
                    # shallow or pruned default clone: ask for the commit itself
                    git("-C", dest, "fetch", "--quiet", "origin", commit)
                    git("-C", dest, "checkout", "--quiet", commit)
                print(f"ok    {repo} {commit[:12]}")
            with open(stamp, "w") as f:
                f.write(commit + "\n")
        except (subprocess.CalledProcessError, OSError) as e:
            print(f"FAIL  {repo} {commit[:12]}: {e}", file=sys.stderr)
            failed.append(repo)
    if failed:
        print(f"{len(failed)} repositories failed: {' '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
