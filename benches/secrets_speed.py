#!/usr/bin/env python3
"""Speed benchmark of the hardcoded-secrets scan (issue 4), Python 3.11 stdlib only.

    python3 benches/secrets_speed.py --reviewer target/release/reviewer \
        --tree /tmp/bench/secrets-corpus [--corpus /tmp/bench/corpus] \
        [--ripsecrets ~/.cargo/bin/ripsecrets] [--runs 5] [--json results.json]

What it measures, all on the same machine in the same run, each --runs times after one untimed
warm-up run (the reviewer's warm-up writes a JSON report, read for the byte and file counts,
the findings and the errors):

* secrets: `reviewer scan TREE --category secrets --format json -o /dev/null -q` on the
  ~100 MB mixed tree built by benches/setup-secrets-corpus.sh;
* ripsecrets: `ripsecrets TREE` on the same tree (exit 1 means it found secrets: normal);
  found through --ripsecrets, else ~/.cargo/bin/ripsecrets, else PATH; SKIP when missing;
* full and no-secrets: `reviewer scan TREE --format json -o /dev/null -q`, and the same with
  `--category` set to every category but secrets, on the 100 MB tree and on the 20 MB corpus
  of benches/setup-corpora.sh (--corpus). What secrets add is full / no-secrets - 1, in
  median wall time and in median CPU time.

The runs of the commands that are compared (secrets vs ripsecrets; full vs no-secrets) are
interleaved, A B A B ..., so that a change of load during the benchmark hits both alike.
Runs are child processes measured as in speed.py (fork/exec, os.wait4: wall, user+sys CPU,
peak RSS), pinned to --cpus CPUs (default 2). MB is 10^6 bytes; MB/s is the bytes scanned
(as the reviewer's report counts them) / median wall time.

Targets (PASS/FAIL, or SKIP when not measured):
  secrets scan of the 100 MB tree >= 100 MB/s; its median wall <= ripsecrets' median wall;
  secrets add <= 15% to the median wall time of a full scan (on each tree measured).

Exit status: 0 all measured targets pass, 1 a target failed, 2 the benchmark itself could
not run (missing inputs, a reviewer run exiting with an error).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import (  # noqa: E402  (speed.py sits beside this script)
    Bench,
    add_target,
    bench_reviewer,
    fmt_s,
    log,
    machine_info,
    pick_cpus,
    print_problems,
    print_table,
    private_reviewer,
    run_child,
    tool_version,
    tree_bytes,
)

TARGET_SECRETS_MB_PER_S = 100.0
TARGET_OVERHEAD = 0.15
DEFAULT_CATEGORIES = ["secrets", "security", "resource-leak", "input-validation", "concurrency",
                      "best-practice", "performance"]
RIPSECRETS_INSTALL = "cargo install ripsecrets --locked --root /tmp/bench/ripsecrets"


def categories(reviewer: str) -> list[str]:
    """The categories `reviewer scan --help` lists for --category (the defaults if unreadable)."""
    try:
        text = subprocess.run([reviewer, "scan", "--help"], capture_output=True, text=True,
                              timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return DEFAULT_CATEGORIES
    m = re.search(r"\(comma-separated\):\s*([a-z][a-z,\s-]*[a-z])", text)
    found = [c.strip() for c in m.group(1).split(",")] if m else []
    return found if "secrets" in found and all(re.fullmatch(r"[a-z-]+", c) for c in found) \
        else DEFAULT_CATEGORIES


def find_ripsecrets(given: str | None) -> str | None:
    for cand in ([given] if given else
                 [os.path.expanduser("~/.cargo/bin/ripsecrets"),
                  "/tmp/bench/ripsecrets/bin/ripsecrets", shutil.which("ripsecrets")]):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


def bench_ripsecrets(ripsecrets: str, target: Path, cpus, timeout, bytes_scanned) -> Bench:
    b = Bench(name="ripsecrets", command=[ripsecrets, str(target)], target=str(target))
    b.files, b.bytes_on_disk = tree_bytes(target)
    b.bytes = bytes_scanned or b.bytes_on_disk  # the same bytes, for a comparable MB/s
    b.extra["version"] = tool_version([ripsecrets, "--version"])
    with tempfile.TemporaryDirectory(prefix="secrets-speed-") as tmp:
        out = os.path.join(tmp, "ripsecrets.txt")
        log("[ripsecrets] warm-up run")
        warm = run_child(b.command, cpus, out, timeout)
        if warm.exit_code not in b.ok_exit or warm.timed_out:
            b.exit_failed_warmup = True
            b.errors.append(f"warm-up run exited {warm.exit_code}: {warm.stderr_tail.strip()[-1500:]}")
        with open(out, "rb") as f:
            lines = f.read().decode("utf-8", "replace").splitlines()
        b.findings = sum(1 for line in lines if line.strip())
        b.extra["files_with_findings"] = len({line.split(":", 1)[0] for line in lines if ":" in line})
    return b


def interleave(benches: list[Bench], runs: int, cpus, timeout) -> None:
    """--runs timed runs of each bench, in the order A B A B ... (after their warm-ups)."""
    live = [b for b in benches if not b.exit_failed_warmup]
    for i in range(runs):
        for b in live:
            load = os.getloadavg()[0]
            r = run_child(b.command, cpus, os.devnull, timeout)
            b.runs.append(r)
            b.extra.setdefault("load_at_run", []).append(load)
            log(f"[{b.name}] run {i + 1}/{runs}: {fmt_s(r.wall_s)} s wall, "
                f"{r.user_s + r.sys_s:.2f} s CPU, {r.max_rss_kb / 1024:.1f} MB peak RSS, "
                f"exit {r.exit_code}, load {load:.2f}")
            if r.exit_code not in b.ok_exit or r.timed_out:
                b.errors.append(f"run {i + 1} exited {r.exit_code}"
                                f"{' (timed out)' if r.timed_out else ''}: {r.stderr_tail.strip()[-1500:]}")


def overhead(full: Bench, without: Bench) -> dict:
    f, w = full.summary(), without.summary()
    if not f or not w or w["median_s"] <= 0:
        return {}
    return {"wall": f["median_s"] / w["median_s"] - 1,
            "cpu": f["median_cpu_s"] / w["median_cpu_s"] - 1 if w["median_cpu_s"] > 0 else None,
            "full_median_s": f["median_s"], "without_median_s": w["median_s"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="See benches/README.md.")
    ap.add_argument("--reviewer", required=True, help="path to the reviewer binary")
    ap.add_argument("--tree", required=True,
                    help="the ~100 MB mixed tree from setup-secrets-corpus.sh (its tree/ is scanned)")
    ap.add_argument("--corpus", help="the 20 MB corpus from setup-corpora.sh, for the overhead")
    ap.add_argument("--ripsecrets", help="ripsecrets executable (default: ~/.cargo/bin/ripsecrets, "
                    "/tmp/bench/ripsecrets/bin/ripsecrets, PATH)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    ap.add_argument("--cpus", type=int, default=2,
                    help="pin every run to this many CPUs (default 2; 0: no pinning)")
    ap.add_argument("--skip-full", action="store_true", help="only the secrets-only comparison")
    ap.add_argument("--timeout", type=float, default=900, help="per run, seconds")
    ap.add_argument("--json", help="write the results here as JSON")
    args = ap.parse_args()

    private = private_reviewer(args.reviewer, "secrets_speed.py")
    if not private:
        return 2
    bin_dir, reviewer, reviewer_src, reviewer_sha = private  # bin_dir keeps the copy alive

    trees = {}
    for label, given in (("tree", args.tree), ("corpus", args.corpus)):
        if not given:
            continue
        p = Path(given)
        p = p / "tree" if (p / "tree").is_dir() else p
        if not p.is_dir():
            log(f"secrets_speed.py: no directory {given}")
            return 2
        trees[label] = p
    ripsecrets = find_ripsecrets(args.ripsecrets)
    if not ripsecrets:
        log(f"secrets_speed.py: ripsecrets not found{f' at {args.ripsecrets}' if args.ripsecrets else ''}; "
            f"install it with `{RIPSECRETS_INSTALL}` and pass "
            "--ripsecrets /tmp/bench/ripsecrets/bin/ripsecrets. The comparison is SKIP.")

    cpus, ncpu = pick_cpus(args.cpus, "secrets_speed.py")
    cats = categories(reviewer)
    others = ",".join(c for c in cats if c != "secrets")

    started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    load_before = os.getloadavg()
    benches: list[Bench] = []

    def warm(name, target, extra):
        b = bench_reviewer(name, reviewer, target, 0, cpus, extra, args.timeout, None, None)
        benches.append(b)
        return b

    secrets = warm("secrets 100MB", trees["tree"], ["--category", "secrets"])
    rip = None
    if ripsecrets:
        rip = bench_ripsecrets(ripsecrets, trees["tree"], cpus, args.timeout, secrets.bytes)
        benches.append(rip)
    interleave([b for b in (secrets, rip) if b], args.runs, cpus, args.timeout)
    pairs = {}
    if not args.skip_full:
        for label, short in (("tree", "100MB"), ("corpus", "20MB")):
            if label in trees:
                pair = (warm(f"full {short}", trees[label], []),
                        warm(f"no-secrets {short}", trees[label], ["--category", others]))
                interleave(list(pair), args.runs, cpus, args.timeout)
                pairs[short] = pair
    load_after = os.getloadavg()

    # ---- table
    print()
    print(f"reviewer: {reviewer_src} ({tool_version([reviewer, '--version'])}, sha256 {reviewer_sha[:12]}); "
          f"{ncpu} CPUs; load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    if rip:
        print(f"ripsecrets: {ripsecrets} ({rip.extra.get('version')})")
    print(f"no-secrets = --category {others}")
    print_table(benches, 18)
    for b in benches:
        if b.name != "ripsecrets" and b.bytes_on_disk and b.bytes and b.bytes < b.bytes_on_disk:
            print(f"note: {b.name}: the reviewer scanned {b.bytes:,} of {b.bytes_on_disk:,} bytes on disk")

    # ---- targets
    targets: list[dict] = []

    def target(*a):
        add_target(targets, *a)

    ss = secrets.summary()
    target("secrets scan of the 100 MB tree >= 100 MB/s", ss.get("mb_per_s"),
           TARGET_SECRETS_MB_PER_S, lambda v, t: v >= t, "MB/s")
    rs = rip.summary() if rip else {}
    ratio = rs["median_s"] / ss["median_s"] if rs and ss else None
    cpu_ratio = rs["median_cpu_s"] / ss["median_cpu_s"] if rs and ss and ss["median_cpu_s"] else None
    target("secrets scan at least as fast as ripsecrets (ripsecrets wall / reviewer wall >= 1)",
           ratio, 1.0, lambda v, t: v >= t, "x")
    overheads = {}
    for short in ("100MB", "20MB"):
        o = overhead(*pairs[short]) if short in pairs else {}
        overheads[short] = o
        target(f"secrets add <= 15% to a full scan, {short} tree", o.get("wall"), TARGET_OVERHEAD,
               lambda v, t: v <= t, "fraction")
    print()
    for t in targets:
        if t["value"] is None:
            v = "not measured"
        elif t["unit"] == "fraction":
            v = f"{t['value'] * 100:+.1f}%"
        else:
            v = f"{t['value']:.2f} {t['unit']}"
        print(f"[{t['status']}] {t['name']}: {v}")
    if ratio is not None:
        print(f"(ripsecrets / reviewer secrets: {ratio:.2f}x in median wall time, "
              f"{cpu_ratio or 0:.2f}x in median CPU time)")
    for short, o in overheads.items():
        if o:
            print(f"(secrets overhead, {short}: {o['wall'] * 100:+.1f}% wall "
                  f"({fmt_s(o['full_median_s'])} s vs {fmt_s(o['without_median_s'])} s), "
                  f"{(o['cpu'] or 0) * 100:+.1f}% CPU)")

    print_problems(benches)
    peak_load = max([load_before[0], load_after[0]] +
                    [x for b in benches for x in b.extra.get("load_at_run", [])])
    if peak_load > ncpu * 0.5:
        print(f"\nwarning: the machine was busy (load average {load_before[0]:.2f} before, "
              f"{load_after[0]:.2f} after, up to {peak_load:.2f} during the runs): absolute times "
              "are noisy; take them when it is quiet (the ratios of interleaved runs move less)")

    if args.json:
        doc = {
            "schema": "reviewer-bench-secrets-speed/1",
            "started": started,
            "machine": machine_info() | {"cpus_used": ncpu, "load_before": load_before,
                                         "load_after": load_after},
            "reviewer": {"path": reviewer_src, "sha256": reviewer_sha,
                         "version": tool_version([reviewer, "--version"])},
            "ripsecrets": {"path": ripsecrets, "version": rip.extra.get("version")} if rip else None,
            "no_secrets_categories": others,
            "benchmarks": [asdict(b) | {"summary": b.summary()} for b in benches],
            "ripsecrets_over_reviewer": ratio,
            "ripsecrets_over_reviewer_cpu": cpu_ratio,
            "secrets_overhead": overheads,
            "targets": targets,
        }
        Path(args.json).write_text(json.dumps(doc, indent=2) + "\n")
        print(f"\nresults written to {args.json}")

    if any(len(b.good_runs) < len(b.runs) or not b.runs or b.exit_failed_warmup
           for b in benches if b is not rip):
        return 2
    return 1 if any(t["status"] == "FAIL" for t in targets) else 0


if __name__ == "__main__":
    sys.exit(main())
