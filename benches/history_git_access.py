#!/usr/bin/env python3
"""How to read a repository's history for `reviewer scan --history`: the git command or a git
library. Measures, in the same run, interleaved:

- floor:   `git log -p --all > /dev/null` (the issue's floor)
- cli:     `git log --all -p --unified=0 ...` as the reviewer runs it, output read and
           discarded (what the reviewer's reader thread pays for git)
- libgit2: libgit2 (through pygit2, the same C library the `git2` crate binds) walking every
           commit reachable from all refs and producing each commit's patch against its first
           parent with 0 context lines (the work a git2-based history scan would do)

Usage:
    pip install pygit2            # outside the repository
    python3 benches/history_git_access.py --repo /tmp/bench/pytest [--runs 3]

Prints the median wall time of each and their ratio to the floor. The libgit2 side runs in
this Python process; its Python overhead is measured separately (a walk without diffs) and
reported, so the diff cost can be read on its own.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def run_cli(repo: Path, argv: list[str]) -> float:
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        subprocess.run(argv, cwd=repo, stdout=devnull, check=True)
    return time.perf_counter() - start


def run_libgit2(repo: Path, diffs: bool) -> tuple[float, int]:
    import pygit2

    start = time.perf_counter()
    r = pygit2.Repository(str(repo))
    walker = r.walk(None, pygit2.enums.SortMode.NONE)
    for ref in r.references:
        try:
            target = r.references[ref].peel(pygit2.Commit).id
        except (pygit2.InvalidSpecError, ValueError, KeyError, pygit2.GitError):
            continue
        walker.push(target)
    n = 0
    added = 0
    for commit in walker:
        n += 1
        if not diffs or len(commit.parents) > 1:
            continue
        if commit.parents:
            diff = r.diff(commit.parents[0], commit, context_lines=0)
        else:
            diff = commit.tree.diff_to_tree(swap=True, context_lines=0)
        diff.find_similar()
        added += len(diff.patch or "")
    return time.perf_counter() - start, n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    try:
        import pygit2  # noqa: F401
    except ImportError:
        print("pygit2 is not installed: pip install pygit2", file=sys.stderr)
        return 2
    floor, cli, lib, walk = [], [], [], []
    commits = 0
    for _ in range(args.runs):
        floor.append(run_cli(args.repo, ["git", "log", "-p", "--all"]))
        cli.append(
            run_cli(
                args.repo,
                [
                    "git", "-c", "core.quotepath=off", "log", "--all", "--patch", "--unified=0",
                    "--no-color", "--no-ext-diff", "--no-textconv",
                    "--format=tformat:\x1e%H\x1f%an\x1f%ae\x1f%aI",
                ],
            )
        )
        t, commits = run_libgit2(args.repo, diffs=True)
        lib.append(t)
        walk.append(run_libgit2(args.repo, diffs=False)[0])
    f = statistics.median(floor)
    print(f"repository {args.repo}: {commits} commits, load average {os.getloadavg()[0]:.2f}")
    for name, xs in [("floor git log -p --all", floor), ("git log -p -U0 (reviewer)", cli),
                     ("libgit2 walk + diffs", lib), ("libgit2 walk only", walk)]:
        m = statistics.median(xs)
        print(f"{name:28} {m:7.2f} s (min {min(xs):.2f}, max {max(xs):.2f})  {m / f:5.2f}x floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
