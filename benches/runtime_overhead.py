#!/usr/bin/env python3
"""The profiler's cost to a running Python or JVM service, measured in windows of one process
(Python 3.11 standard library only).

    cargo build --release -p profiler
    python3 benches/runtime_overhead.py --runtime jvm --profiler target/release/profiler \\
        [--rounds 8] [--window 10] [--interval 10ms] [--json out.json]
    python3 -m pip install py-spy        # once, outside the repository, for the Python peer
    python3 benches/runtime_overhead.py --runtime python --profiler target/release/profiler \\
        [--py-spy PATH] [--rounds 8] [--window 10]

Why windows of one process: separate runs of a target differ by more than the effect to
measure (separate JVMs JIT-compile the same code differently, -24% to +6% between rounds;
separate CPython runs of the same work varied by 28% on a quiet machine). Here one target runs
for the whole benchmark and reports its throughput every 250 ms, and the tools take turns on it.

* Targets: fixtures/profiler/targets/JvmThroughput.java (`ticks` mode; one thread building
  strings, hashing into a map and sorting) or py_split.py (`ticks` mode; pure-Python loops).
  Each prints `tick MONOTONIC_NS OPS`; windows are cut on the target's own clock (the same
  CLOCK_MONOTONIC as this script's).
* Warm-up (--warmup s, default 20 for the JIT, 5 for Python). For a JVM, one short recording
  is taken first and followed by --settle s: JFR's first start in a JVM deoptimizes its
  compiled code once (the profiler says so in its notes), a one-time cost that is not the
  steady-state overhead measured here. The unprofiled windows after it run with JFR
  initialised but not recording.
* Each round runs every configuration once, in an order that rotates every round:
  - `off`: nothing attached, --window seconds;
  - `placebo`: nothing attached either; its "loss" against `off` is the noise floor;
  - `profiler`: `profiler record --pid T -i INTERVAL -d (window + 2 guard)`;
  - Python only: `profiler-blocking` (--blocking), `py-spy` (`py-spy record --nonblocking`)
    and `py-spy-blocking` (py-spy's default), at the same rate, when py-spy is installed.
  A tool's window starts --guard s after it was started (attach, JFR.start) and ends --guard s
  before it exits (stop, dump); --gap s pass between configurations. The steady state is what
  a continuously profiled service pays; the attach and stop transients are reported apart
  (throughput from the tool's start to its exit + 1 s against `off`).
* Loss of a configuration in a round = 1 - its throughput / the same round's `off` throughput.
  Reported: the median over rounds with the min-max spread, and the tools' own CPU (os.wait4).
* The target's threads' CPU in each window (from /proc/PID/task/*/stat): the work itself and,
  for a JVM, JFR's own threads ("JFR ..."), which sample and write the recording inside the
  target. On a shared VM a JVM's throughput moves by 5-25% between windows with nothing
  attached (the placebo shows it), more than the 2% to resolve; these CPU shares are steady.

Targets (issue 6), judged on the worker's running time, which the host's noise does not move:
JVM at 100 Hz, loss <= 2%, counting the pauses and, as if no core were spare, JFR's threads'
CPU as a share of the work's; Python at 100 Hz, our running time lost no more than py-spy's in
the same run (+0.5 point), like for like (profiler against py-spy --nonblocking,
profiler-blocking against py-spy's blocking default). Throughput losses are printed beside.
`--report JSON` prints the tables of an earlier run again.

Exit status: 0 targets met, 1 missed, 2 the benchmark could not run.
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ROOT / "fixtures" / "profiler" / "targets"


class Target:
    """The target process and the ticks it printed: (monotonic ns, ops)."""

    def __init__(self, argv: list[str]):
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
        self.ticks: list[tuple[int, int]] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            parts = line.split()
            if len(parts) == 3 and parts[0] == "tick":
                with self.lock:
                    self.ticks.append((int(parts[1]), int(parts[2])))

    def rate(self, start_ns: int, end_ns: int) -> float | None:
        """Ops per second between the first and last tick inside [start_ns, end_ns]."""
        with self.lock:
            inside = [t for t in self.ticks if start_ns <= t[0] <= end_ns]
        if len(inside) < 2:
            return None
        (t0, o0), (t1, o1) = inside[0], inside[-1]
        return (o1 - o0) / ((t1 - t0) / 1e9)

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


def run_tool(argv: list[str], during=None) -> tuple[int, float, str]:
    """Runs a tool to its end, calling `during()` meanwhile; returns (exit code, CPU seconds,
    stderr)."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        if during is not None:
            during()
        _, status, ru = os.wait4(proc.pid, 0)
        err.seek(0)
        return os.waitstatus_to_exitcode(status), ru.ru_utime + ru.ru_stime, err.read().decode(
            errors="replace")


def thread_cpu(pid: int) -> dict[str, float]:
    """CPU seconds of each thread group of `pid`, by thread name (JFR's threads are named
    "JFR ..."; the work runs in "main" or "python*")."""
    out: dict[str, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            stat = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1: stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        group = "JFR" if name.startswith("JFR") else name
        out[group] = out.get(group, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return out


def cpu_share(before: dict[str, float], after: dict[str, float], seconds: float) -> dict:
    """Per thread group, the share of one core used between two thread_cpu readings."""
    return {k: 100 * (after[k] - before.get(k, 0.0)) / seconds for k in after
            if after[k] - before.get(k, 0.0) > 0}


def tool_argv(config: str, args, pid: int, seconds: float, out: Path) -> list[str]:
    secs = f"{seconds:g}s"
    if config == "profiler":
        return [args.profiler, "record", "--pid", str(pid), "-i", args.interval, "-d", secs,
                "-o", str(out / "p.folded")]
    if config == "profiler-blocking":
        return [args.profiler, "record", "--blocking", "--pid", str(pid), "-i", args.interval,
                "-d", secs, "-o", str(out / "pb.folded")]
    hz = str(round(1000 / parse_ms(args.interval)))
    base = [args.py_spy, "record", "--pid", str(pid), "--rate", hz, "--duration",
            str(max(1, round(seconds))), "-f", "raw", "-o", str(out / "s.txt")]
    if config == "py-spy":
        return base + ["--nonblocking"]
    if config == "py-spy-blocking":
        return base
    raise ValueError(config)


def parse_ms(text: str) -> float:
    for suffix, scale in (("ms", 1.0), ("us", 1e-3), ("s", 1000.0)):
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * scale
    return float(text)


def measure(config: str, args, target: Target, out: Path) -> dict:
    """One window of `config`; returns its steady and whole-cycle throughput."""
    now = time.monotonic_ns
    pid = target.proc.pid
    if config in ("off", "placebo"):
        start = now()
        before = thread_cpu(pid)
        time.sleep(args.window)
        threads = cpu_share(before, thread_cpu(pid), args.window)
        return {"rate": target.rate(start, now()), "cpu": 0.0, "threads": threads}
    seconds = args.window + 2 * args.guard
    threads: dict = {}

    def window() -> None:
        time.sleep(args.guard)
        before = thread_cpu(pid)
        time.sleep(args.window)
        threads.update(cpu_share(before, thread_cpu(pid), args.window))

    started = now()
    code, cpu, stderr = run_tool(tool_argv(config, args, pid, seconds, out), window)
    ended = now()
    if code != 0:
        raise RuntimeError(f"{config} exited with {code}: {stderr.strip()[-2000:]}")
    time.sleep(1.0)
    guard = int(args.guard * 1e9)
    return {
        "rate": target.rate(started + guard, started + guard + int(args.window * 1e9)),
        "whole": target.rate(started, now()),
        "tool_seconds": (ended - started) / 1e9,
        "cpu": cpu,
        "threads": threads,
    }


def summary(values: list[float]) -> str:
    return (f"{statistics.median(values):+6.2f}% "
            f"({min(values):+.2f} .. {max(values):+.2f})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runtime", choices=["jvm", "python"])
    ap.add_argument("--profiler", default=str(ROOT / "target" / "release" / "profiler"))
    ap.add_argument("--py-spy", default=shutil.which("py-spy"))
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--window", type=float, default=10.0, help="seconds measured per window")
    ap.add_argument("--guard", type=float, default=2.0,
                    help="seconds left out after a tool starts and before it stops")
    ap.add_argument("--gap", type=float, default=1.0, help="seconds between windows")
    ap.add_argument("--interval", default="10ms", help="sampling interval (10ms = 100 Hz)")
    ap.add_argument("--warmup", type=float, help="seconds before the first window")
    ap.add_argument("--settle", type=float, default=10.0,
                    help="JVM: seconds after the priming recording")
    ap.add_argument("--json", help="write every window here")
    ap.add_argument("--report", metavar="JSON", help="print the tables of an earlier --json run")
    args = ap.parse_args()
    if args.report:
        return 0 if report(json.loads(Path(args.report).read_text())) else 1

    if args.runtime is None:
        ap.error("--runtime jvm|python is required (or --report JSON)")
    if not Path(args.profiler).exists():
        print(f"no profiler binary at {args.profiler}: cargo build --release -p profiler")
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="runtime-overhead-"))
    configs = ["off", "placebo", "profiler"]
    if args.runtime == "jvm":
        if shutil.which("java") is None or shutil.which("javac") is None:
            print("java/javac not found (Debian package openjdk-17-jdk-headless)")
            return 2
        classes = tmp / "classes"
        subprocess.run(["javac", "-d", str(classes), str(TARGETS / "JvmThroughput.java")],
                       check=True)
        argv = ["java", "-Xmx256m", "-XX:+UseSerialGC", "-cp", str(classes), "JvmThroughput",
                "ticks"]
        warmup = 20.0 if args.warmup is None else args.warmup
    else:
        argv = [os.path.realpath(sys.executable), str(TARGETS / "py_split.py"), "ticks"]
        warmup = 5.0 if args.warmup is None else args.warmup
        configs.append("profiler-blocking")
        if args.py_spy:
            configs += ["py-spy", "py-spy-blocking"]
        else:
            print("py-spy not found (python3 -m pip install py-spy): measuring ours alone")

    load_before = os.getloadavg()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in load_before)}")
    target = Target(argv)
    rows: list[dict] = []
    try:
        time.sleep(warmup)
        if args.runtime == "jvm":
            code, _, stderr = run_tool([args.profiler, "record", "--pid", str(target.proc.pid),
                                        "-i", args.interval, "-d", "3s",
                                        "-o", str(tmp / "prime.folded")])
            if code != 0:
                print(f"priming recording failed ({code}): {stderr}")
                return 2
            time.sleep(args.settle)
        for r in range(args.rounds):
            order = configs[r % len(configs):] + configs[: r % len(configs)]
            row: dict = {"round": r + 1}
            for config in order:
                row[config] = measure(config, args, target, tmp)
                time.sleep(args.gap)
            if target.proc.poll() is not None:
                print(f"the target exited ({target.proc.returncode})")
                return 2
            base = row["off"]["rate"]
            line = [f"round {r + 1}/{args.rounds}: off {base:,.0f} ops/s"]
            for config in configs[1:]:
                m = row[config]
                m["loss_pct"] = 100 * (1 - m["rate"] / base)
                if "whole" in m:
                    m["whole_loss_pct"] = 100 * (1 - m["whole"] / base)
                line.append(f"{config} {m['loss_pct']:+.2f}%")
            rows.append(row)
            print(", ".join(line), flush=True)
    finally:
        target.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    load_after = os.getloadavg()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in load_after)}")
    data = {"runtime": args.runtime, "interval": args.interval, "window": args.window,
            "configs": configs, "rounds": rows, "load_before": load_before,
            "load_after": load_after}
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=2))
    return 0 if report(data) else 1


def report(data: dict) -> bool:
    """Prints the tables and the verdicts of a run; True when the targets are met."""
    rows, runtime = data["rounds"], data["runtime"]
    configs = data.get("configs") or [c for c in rows[0] if c != "round"]
    load = max(data["load_before"][0], data["load_after"][0])
    if load > (os.cpu_count() or 1) / 2:
        print("warning: the machine was busy; rerun when it is quiet")

    loss = {c: [row[c]["loss_pct"] for row in rows] for c in configs[1:]}
    print(f"\nthroughput loss at {data['interval']}, median (min .. max) over {len(rows)} rounds:")
    for config in configs[1:]:
        extra = ""
        if config != "placebo":
            whole = [row[config]["whole_loss_pct"] for row in rows]
            cpu = [row[config]["cpu"] / row[config]["tool_seconds"] * 100 for row in rows]
            extra = (f"   with attach and stop: {statistics.median(whole):+.2f}%"
                     f"   tool CPU {statistics.median(cpu):.1f}% of a core")
        print(f"  {config:18} {summary(loss[config])}{extra}")
    noise = max(abs(x) for x in loss["placebo"])
    print(f"noise floor (placebo's largest deviation): {noise:.2f} points")

    # Throughput on a shared VM moves by more than a 2% effect between windows (the placebo
    # shows it), and it moves the work's speed per CPU second just as much: the host, not the
    # target, changes. What stays put is the share of the time the working thread ran: a tool
    # that pauses the target (py-spy's default, --blocking, JFR suspending a thread to walk
    # its stack) lowers it, whatever the host does. JFR's own threads run inside the target
    # too: on a machine without a spare core their CPU would come out of the work.
    shares = {c: {g: statistics.median(row[c]["threads"].get(g, 0.0) for row in rows)
                  for g in {g for row in rows for g in row[c]["threads"]}}
              for c in configs}
    worker = max(shares["off"], key=shares["off"].get)
    print(f"\nthe target's threads, % of one core (median over rounds); `{worker}` does the work:")
    for c in configs:
        shown = ", ".join(f"{g} {v:.2f}" for g, v in sorted(shares[c].items()) if v >= 0.05)
        print(f"  {c:18} {shown}")

    def ran(c: str) -> list[float]:
        """Per round: 1 - the worker's running share / the same round's `off` share, in %."""
        return [100 * (1 - row[c]["threads"].get(worker, 0.0) / row["off"]["threads"][worker])
                for row in rows]

    def jfr(c: str, over_off: bool = True) -> list[float]:
        """Per round: JFR's threads' CPU as a share of the worker's, in %; by default what the
        recording adds to JFR's housekeeping, which stays once JFR has started in a JVM."""
        return [100 * (row[c]["threads"].get("JFR", 0.0)
                       - (row["off"]["threads"].get("JFR", 0.0) if over_off else 0.0))
                / row[c]["threads"][worker] for row in rows]

    print("\ncost to the work: the worker's running time lost (pauses), median (min .. max):")
    for c in configs[1:]:
        extra = ""
        if runtime == "jvm" and c != "placebo":
            extra = (f"   JFR threads: {summary(jfr(c))} of the worker's CPU over JFR's "
                     f"housekeeping ({statistics.median(jfr(c, False)):+.2f}% with it)")
        print(f"  {c:18} {summary(ran(c))}{extra}")

    ok = True
    if runtime == "jvm":
        # With a spare core, the loss is the pauses; without one, JFR's threads' CPU as well.
        paused = statistics.median(ran("profiler"))
        bound = paused + statistics.median(jfr("profiler"))
        met = bound <= 2.0
        print(f"target: loss <= 2% at 100 Hz: {'PASS' if met else 'FAIL'} (pauses {paused:+.2f}%, "
              f"with the recording's JFR work taken from the work {bound:+.2f}%, with all of "
              f"JFR's {paused + statistics.median(jfr('profiler', False)):+.2f}%; throughput "
              f"median {statistics.median(loss['profiler']):+.2f}%, noise {noise:.1f} points)")
        ok &= met
    else:
        for ours, peer in [("profiler", "py-spy"), ("profiler-blocking", "py-spy-blocking")]:
            if peer not in loss:
                continue
            diff = statistics.median(ran(ours)) - statistics.median(ran(peer))
            met = diff <= 0.5
            print(f"target: {ours} no worse than {peer}: {'PASS' if met else 'FAIL'} "
                  f"(running time lost {statistics.median(ran(ours)):+.2f}% vs "
                  f"{statistics.median(ran(peer)):+.2f}%; throughput "
                  f"{statistics.median(loss[ours]):+.2f}% vs {statistics.median(loss[peer]):+.2f}%)")
            ok &= met
    return ok


if __name__ == "__main__":
    sys.exit(main())
