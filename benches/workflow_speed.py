#!/usr/bin/env python3
"""Speed of the reviewer in the developer's workflow (issue 5), against its targets:

- pre-commit: `reviewer scan --staged` with 10 staged Java/Python files, process start and
  rule loading included: median wall <= 200 ms. Also the same 10 files passed by name, as the
  pre-commit framework passes them (`reviewer scan F1 ... F10`).
- pull request: `reviewer scan --diff BASE` with 10 changed files in a copy of OWASP
  BenchmarkJava (about 2,800 files): median wall <= 300 ms.
- history: `reviewer scan --history` of a repository with at least 10,000 commits against the
  floor `git log -p --all > /dev/null`, interleaved in the same run: ratio of medians <= 2.

Usage:
    python3 benches/workflow_speed.py --reviewer target/release/reviewer \\
        --owasp /tmp/bench/BenchmarkJava --corpus /tmp/bench/corpus \\
        --history-repo /tmp/bench/pytest [--runs 15] [--history-runs 3] [--json out.json]

The repositories used for the pre-commit and diff cases are temporary copies made here; the
history repository is read only. Each run is a child reaped with wait4 (speed.py's runner),
pinned to --cpus CPUs. Exit 0 when every target passes, 1 when one fails, 2 on errors.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import machine_info, pick_cpus, run_child  # noqa: E402

GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def git(cwd: Path, *args: str) -> str:
    env = dict(os.environ, **GIT_ENV)
    out = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)
    return out.stdout.decode()


def timed(argv: list[str], cwd: Path, cpus, runs: int, ok=(0, 1)) -> list[float]:
    """Median-ready wall times of `runs` runs of argv in cwd (after one warm-up)."""
    here = os.getcwd()
    os.chdir(cwd)
    try:
        walls = []
        for i in range(runs + 1):
            r = run_child(argv, cpus, os.devnull, timeout=600)
            if r.exit_code not in ok:
                sys.exit(f"{' '.join(argv)} in {cwd}: exit {r.exit_code}\n{r.stderr_tail}")
            if i > 0:
                walls.append(r.wall_s)
                CPU.setdefault(id(walls), []).append(r.user_s + r.sys_s)
        WALL_CPU[tuple(walls)] = CPU.pop(id(walls))
        return walls
    finally:
        os.chdir(here)


CPU: dict = {}
WALL_CPU: dict = {}


def summary(walls: list[float]) -> dict:
    cpu = WALL_CPU.get(tuple(walls), [])
    return {
        "median_cpu_s": statistics.median(cpu) if cpu else None,
        "median_s": statistics.median(walls),
        "min_s": min(walls),
        "max_s": max(walls),
        "runs": len(walls),
    }


def pick_files(root: Path, suffix: str, n: int) -> list[Path]:
    files = sorted(p for p in root.rglob(f"*{suffix}") if p.is_file() and p.stat().st_size < 200_000)
    step = max(1, len(files) // n)
    return files[::step][:n]


def precommit_case(reviewer: str, owasp: Path, corpus: Path, cpus, runs: int, scratch: Path) -> dict:
    repo = scratch / "precommit"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("# bench\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "init")
    java = pick_files(owasp / "src/main/java/org/owasp/benchmark/testcode", ".java", 5)
    python = pick_files(corpus / "tree", ".py", 5)
    names = []
    for i, src in enumerate(java + python):
        dst = repo / "src" / f"{i:02d}_{src.name}"
        dst.parent.mkdir(exist_ok=True)
        shutil.copyfile(src, dst)
        names.append(str(dst.relative_to(repo)))
    git(repo, "add", "-A")
    size = sum((repo / n).stat().st_size for n in names)
    staged = summary(timed([reviewer, "scan", "--staged", "-q", "-f", "json", "-o", os.devnull], repo, cpus, runs))
    listed = summary(timed([reviewer, "scan", "-q", "-f", "json", "-o", os.devnull, *names], repo, cpus, runs))
    return {"files": len(names), "bytes": size, "staged": staged, "listed": listed}


def diff_case(reviewer: str, owasp: Path, cpus, runs: int, scratch: Path) -> dict:
    repo = scratch / "owasp"
    if (owasp / ".git").exists():
        git(scratch, "clone", "-q", "--local", str(owasp), str(repo))
    else:
        shutil.copytree(owasp, repo)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "--no-verify", "-m", "import")
    git(repo, "checkout", "-q", "-B", "bench-base")
    git(repo, "checkout", "-q", "-b", "bench-change")
    changed = pick_files(repo / "src/main/java/org/owasp/benchmark/testcode", ".java", 10)
    for p in changed:
        text = p.read_text(errors="replace")
        p.write_text(text.replace("{", "{\n    // reviewed change\n", 1))
    tracked = int(git(repo, "ls-files", "-z").count("\0"))
    walls = timed([reviewer, "scan", "--diff", "bench-base", "-q", "-f", "json", "-o", os.devnull], repo, cpus, runs)
    return {"changed_files": len(changed), "tracked_files": tracked, "diff": summary(walls)}


def history_case(reviewer: str, repo: Path, cpus, runs: int) -> dict:
    commits = int(git(repo, "rev-list", "--all", "--count").strip())
    floor, ours = [], []
    for _ in range(runs):
        floor += timed(["git", "log", "-p", "--all"], repo, cpus, 1, ok=(0,))
        ours += timed([reviewer, "scan", "--history", "-q", "-f", "json", "-o", os.devnull], repo, cpus, 1)
    f, o = statistics.median(floor), statistics.median(ours)
    return {
        "repository": str(repo),
        "commits": commits,
        "floor_git_log_p": summary(floor),
        "history_scan": summary(ours),
        "ratio": o / f,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reviewer", required=True)
    ap.add_argument("--owasp", type=Path, required=True, help="a BenchmarkJava checkout")
    ap.add_argument("--corpus", type=Path, required=True, help="setup-corpora.sh output (Python files)")
    ap.add_argument("--history-repo", type=Path, help="a clone with >= 10,000 commits")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--history-runs", type=int, default=3)
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    reviewer = str(Path(args.reviewer).resolve())
    cpus, _ = pick_cpus(args.cpus, "workflow_speed.py")
    result = {"machine": machine_info(), "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="workflow-speed-") as tmp:
        scratch = Path(tmp)
        result["precommit"] = precommit_case(reviewer, args.owasp, args.corpus, cpus, args.runs, scratch)
        result["diff"] = diff_case(reviewer, args.owasp, cpus, args.runs, scratch)
    if args.history_repo:
        result["history"] = history_case(reviewer, args.history_repo, cpus, args.history_runs)
    result["load_after"] = os.getloadavg()

    checks = [
        ("pre-commit --staged, 10 files", result["precommit"]["staged"]["median_s"] * 1000, 200, "ms"),
        ("pre-commit, 10 files by name", result["precommit"]["listed"]["median_s"] * 1000, 200, "ms"),
        ("--diff, 10 changed files", result["diff"]["diff"]["median_s"] * 1000, 300, "ms"),
    ]
    if "history" in result:
        checks.append(("history / git log -p floor", result["history"]["ratio"], 2.0, "x"))
    failed = False
    print(f"load average before {result['load_before'][0]:.2f}, after {result['load_after'][0]:.2f}")
    for name, value, limit, unit in checks:
        ok = value <= limit
        failed |= not ok
        print(f"{name:34} {value:9.2f} {unit:2} (target <= {limit}) {'PASS' if ok else 'FAIL'}")
    for key in ("precommit", "diff"):
        for part, s in result[key].items():
            if isinstance(s, dict):
                cpu = s.get("median_cpu_s")
                cpu_text = f", CPU {cpu*1000:.0f} ms" if cpu is not None else ""
                print(f"  {key}.{part}: median {s['median_s']*1000:.0f} ms, min {s['min_s']*1000:.0f}, max {s['max_s']*1000:.0f}{cpu_text} ({s['runs']} runs)")
    if "history" in result:
        h = result["history"]
        print(
            f"  history of {h['repository']} ({h['commits']} commits): git log -p {h['floor_git_log_p']['median_s']:.1f} s, "
            f"reviewer {h['history_scan']['median_s']:.1f} s (min-max {h['history_scan']['min_s']:.1f}-{h['history_scan']['max_s']:.1f})"
        )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
