#!/usr/bin/env python3
"""Overhead of `profiler record` on a CPU-bound Python target, against py-spy
(Python 3.11 standard library only).

    cargo build --release -p profiler
    python3 -m pip install py-spy          # once, outside the repository (or: pipx install py-spy)
    python3 benches/python_overhead.py --profiler target/release/profiler \\
        [--py-spy PATH] [--runs 5] [--hz 100] [--rounds 2000] [--json out.json]

What it measures, all in the same run on the same machine:

* The target is fixtures/profiler/targets/py_split.py in its `work ROUNDS` mode: a fixed
  amount of pure-Python work (hot_a + hot_b, about 1 ms of CPU per round). It runs under the
  interpreter's real executable (sys.executable), not a wrapper such as a pyenv shim. Its CPU
  time (user + system) and wall time come from os.wait4 on it.
* Each of --runs rounds runs these configurations, in an order that rotates every round:
  - baseline: the target alone;
  - profiler: `profiler record --pid T -F HZ -o OUT.folded` (non-blocking, the default);
  - profiler-blocking: the same with --blocking (pauses the target for each sample);
  - py-spy: `py-spy record --rate HZ --pid T -o OUT -f raw` (py-spy's default: blocking);
  - py-spy-nonblocking: the same with --nonblocking.
  Each tool attaches right after the target started (it waits until it can read the
  interpreter, which both do by themselves) and stops when the target exits. The tools' own
  CPU time comes from os.wait4 on them.
* Slowdown is the median target time of a configuration over the baseline's median, minus
  one, in wall time (what a user waits) and in CPU time. Spread is min-max over the rounds.

Target (issue 6): at 100 Hz, our slowdown is no worse than py-spy's in the same run; the
comparison is like for like (profiler vs py-spy-nonblocking, profiler-blocking vs py-spy), and
also ours (non-blocking) against py-spy's default. A difference within 1 point is PASS; one
larger than 1 point but within the noise floor (half the baseline's own min-max range over the
rounds) is reported as WITHIN NOISE, not as a failure.

The machine may be shared: the load average is printed before and after, and a warning is
printed when it exceeded half the CPUs.

Exit status: 0 target met, 1 missed, 2 the benchmark could not run.
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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "fixtures" / "profiler" / "targets" / "py_split.py"


def spawn(argv: list[str], **kw) -> subprocess.Popen:
    proc = subprocess.Popen(argv, **kw)
    proc.started = time.monotonic()  # type: ignore[attr-defined]
    return proc


def wait(proc: subprocess.Popen) -> tuple[int, float, float]:
    """Reaps proc; returns (exit status, CPU seconds, wall seconds since start)."""
    _, status, ru = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - proc.started  # type: ignore[attr-defined]
    return proc.returncode, ru.ru_utime + ru.ru_stime, wall


def tool_argv(mode: str, args, pid: int, tmp: Path) -> list[str] | None:
    hz = str(args.hz)
    if mode == "profiler":
        return [args.profiler, "record", "--pid", str(pid), "-F", hz, "-o", str(tmp / "p.folded")]
    if mode == "profiler-blocking":
        return [args.profiler, "record", "--blocking", "--pid", str(pid), "-F", hz,
                "-o", str(tmp / "pb.folded")]
    if mode == "py-spy":
        return [args.py_spy, "record", "--rate", hz, "--pid", str(pid), "-f", "raw",
                "-o", str(tmp / "s.txt")]
    if mode == "py-spy-nonblocking":
        return [args.py_spy, "record", "--nonblocking", "--rate", hz, "--pid", str(pid),
                "-f", "raw", "-o", str(tmp / "sn.txt")]
    return None


def run_round(order: list[str], args, tmp: Path) -> dict:
    out = {}
    for mode in order:
        loads = os.getloadavg()
        target = spawn([sys.executable, str(TARGET), "work", str(args.rounds)],
                       stdout=subprocess.PIPE, text=True)
        argv = tool_argv(mode, args, target.pid, tmp)
        tool = spawn(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) if argv else None
        stdout = target.stdout.read()
        code, cpu, wall = wait(target)
        if code != 0:
            sys.exit(f"target exited with {code}")
        row = {"target_cpu": cpu, "target_wall": wall, "load": loads[0],
               "self_cpu": float(stdout.split()[-1]) if "cpu_seconds" in stdout else None}
        if tool is not None:
            stderr = tool.stderr.read()
            tcode, tcpu, twall = wait(tool)
            if tcode != 0:
                sys.exit(f"{mode} failed ({tcode}): {stderr.strip()[-800:]}")
            row.update(tool_cpu=tcpu, tool_wall=twall, tool_core_pct=100 * tcpu / max(twall, 1e-9))
        out[mode] = row
    return out


def summarize(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--profiler", default=str(ROOT / "target" / "release" / "profiler"))
    ap.add_argument("--py-spy", default=shutil.which("py-spy"),
                    help="py-spy binary (default: from PATH)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--hz", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=2000,
                    help="work rounds of the target (about 1 ms of CPU each)")
    ap.add_argument("--json", help="write every run here")
    args = ap.parse_args()

    if not Path(args.profiler).exists():
        print(f"no profiler binary at {args.profiler}: cargo build --release -p profiler")
        return 2
    modes = ["baseline", "profiler", "profiler-blocking"]
    if args.py_spy:
        modes += ["py-spy", "py-spy-nonblocking"]
    else:
        print("py-spy not found: install it outside the repository with "
              "`python3 -m pip install py-spy` (or pipx), or pass --py-spy PATH; "
              "measuring the profiler alone")
    version = subprocess.run([args.py_spy, "--version"], capture_output=True, text=True).stdout.strip() \
        if args.py_spy else None
    print(f"python {sys.version.split()[0]} ({sys.executable}), {version or 'no py-spy'}, "
          f"{args.hz} Hz, {args.rounds} rounds of work, {os.cpu_count()} CPUs")
    before = os.getloadavg()
    print(f"load average before: {before}")
    tmp = Path(tempfile.mkdtemp(prefix="python-overhead-"))
    rounds = []
    for i in range(args.runs):
        order = modes[i % len(modes):] + modes[:i % len(modes)]
        rounds.append(run_round(order, args, tmp))
        r = rounds[-1]
        print(f"round {i + 1}/{args.runs}: " + ", ".join(
            f"{m} {r[m]['target_wall']:.3f} s" for m in modes), flush=True)
    after = os.getloadavg()
    print(f"load average after: {after}")
    shutil.rmtree(tmp, ignore_errors=True)
    busiest = max([before[0], after[0]] + [r[m]["load"] for r in rounds for m in modes])
    if busiest > (os.cpu_count() or 1) / 2:
        print(f"warning: the machine was busy (load average up to {busiest:.2f}): "
              "compare the configurations with each other, not with other runs")

    result = {"hz": args.hz, "runs": args.runs, "rounds_of_work": args.rounds,
              "py_spy": version, "load_before": before, "load_after": after,
              "rounds": rounds, "summary": {}}
    base_wall = summarize([r["baseline"]["target_wall"] for r in rounds])
    base_cpu = summarize([r["baseline"]["target_cpu"] for r in rounds])
    print(f"\n{'configuration':<20} {'target wall s (median, min-max)':<32} {'slowdown':>9}  "
          f"{'target CPU s':<24} {'slowdown':>9}  {'tool CPU % of a core':>22}")
    print(f"{'baseline':<20} {base_wall['median']:.3f} ({base_wall['min']:.3f}-{base_wall['max']:.3f})"
          f"{'':<13} {'':>9}  {base_cpu['median']:.3f} ({base_cpu['min']:.3f}-{base_cpu['max']:.3f})")
    slow = {}
    for m in modes[1:]:
        wall = summarize([r[m]["target_wall"] for r in rounds])
        cpu = summarize([r[m]["target_cpu"] for r in rounds])
        core = summarize([r[m]["tool_core_pct"] for r in rounds])
        # Per-round slowdowns against the same round's baseline show the spread.
        per_round = [100 * (r[m]["target_wall"] / r["baseline"]["target_wall"] - 1) for r in rounds]
        sw = 100 * (wall["median"] / base_wall["median"] - 1)
        sc = 100 * (cpu["median"] / base_cpu["median"] - 1)
        slow[m] = sw
        result["summary"][m] = {"target_wall": wall, "target_cpu": cpu, "slowdown_wall_pct": sw,
                                "slowdown_cpu_pct": sc, "slowdown_wall_pct_per_round": per_round,
                                "tool_core_pct": core}
        print(f"{m:<20} {wall['median']:.3f} ({wall['min']:.3f}-{wall['max']:.3f}){'':<13} {sw:>+8.2f}%  "
              f"{cpu['median']:.3f} ({cpu['min']:.3f}-{cpu['max']:.3f}){'':<4} {sc:>+8.2f}%  "
              f"{core['median']:>8.2f} ({core['min']:.2f}-{core['max']:.2f})")
        print(f"{'':<20} per-round wall slowdown: min {min(per_round):+.2f}%, "
              f"median {statistics.median(per_round):+.2f}%, max {max(per_round):+.2f}%")
    # The noise floor: how much the baseline alone varies between rounds (half its min-max
    # range, in percent of its median). A difference smaller than that is not a result.
    noise = 100 * (base_wall["max"] - base_wall["min"]) / 2 / base_wall["median"]
    result["summary"]["noise_pct"] = noise
    print(f"\nnoise floor (half the baseline's min-max range): {noise:.2f}% of its median")
    ok = True
    if "py-spy" in slow:
        for ours, theirs in [("profiler", "py-spy-nonblocking"), ("profiler-blocking", "py-spy"),
                             ("profiler", "py-spy")]:
            diff = slow[ours] - slow[theirs]
            if diff <= 1.0:
                verdict = "PASS"
            elif diff <= noise:
                verdict = "WITHIN NOISE (not a FAIL: rerun on a quieter machine or with more --runs)"
            else:
                verdict = "FAIL"
                ok = False
            print(f"{ours} slowdown {slow[ours]:+.2f}% vs {theirs} {slow[theirs]:+.2f}% "
                  f"(no worse, 1 point tolerance): {verdict}")
        for ours, theirs in [("profiler", "py-spy-nonblocking"), ("profiler-blocking", "py-spy")]:
            a = result["summary"][ours]["tool_core_pct"]["median"]
            b = result["summary"][theirs]["tool_core_pct"]["median"]
            print(f"{ours} used {a:.2f}% of a core, {theirs} {b:.2f}% (median)")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
