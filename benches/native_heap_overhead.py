#!/usr/bin/env python3
"""Overhead of the native heap library (`profiler record --heap`) on an allocation-heavy
target (Python 3.11 standard library only).

    python3 benches/native_heap_overhead.py [--runs 7] [--iterations 20000000] [--threads 1]
        [--touch] [--profiler target/release/profiler] [--json out.json]

What it measures:

* The target is fixtures/profiler/targets/alloc_bench.c (gcc -O2): ITERATIONS rounds of one
  free and one malloc of 16-1040 bytes in a 4096-block working set, per thread. It is about
  the worst case for an allocation interposer: it does nothing but allocate. With --touch, each
  new block is written in full (memset), a little work per allocation.
* The library is compiled here from profiler/src/heap/native/shim.c with the flags build.rs
  uses, and this script plays the profiler's end: it listens on a unix socket, reads and counts
  the records, and answers the exit handshake. So the numbers are the library's cost alone,
  not perf sampling's.
* Configurations, in an order that rotates every round:
  - baseline: the target alone;
  - preloaded-idle: the library preloaded but not reporting (no socket): the cost of
    interposing alone;
  - shim-512K: reporting, sampling every 512 KiB (the default);
  - shim-64K: reporting, sampling every 64 KiB (8x more samples).
* The target's CPU time (user + system) comes from os.wait4. Slowdown is a configuration's
  median over the baseline's median, minus one; spread is min-max over the rounds. The cost
  per allocation is the extra median CPU time over the number of malloc+free pairs; the cost
  per sample is the extra over preloaded-idle divided by the samples (allocation and free
  records) the listener received.
* With --profiler, also end to end: `profiler record -o cpu.json -- alloc_bench` with and
  without --heap, the target's CPU time read from the profile (meta.extra.target_cpu_ns).

The machine is shared: the load average is printed before and after; compare medians, and
CPU time rather than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SRC = ROOT / "fixtures" / "profiler" / "targets" / "alloc_bench.c"
SHIM_SRC = ROOT / "profiler" / "src" / "heap" / "native" / "shim.c"
SHIM_FLAGS = ["-shared", "-fPIC", "-O2", "-std=gnu11", "-fvisibility=hidden", "-fno-builtin",
              "-ftls-model=initial-exec"]


class Listener:
    """The profiler's end of the socket: counts records, answers the exit handshake."""

    def __init__(self, path: str):
        self.path = path
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(64)
        self.counts: dict[int, int] = {}
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket):
        # As the profiler does: poll every 5 ms rather than block, so that a send does not
        # have a sleeping reader to wake.
        conn.setblocking(False)
        buf = b""
        while True:
            try:
                data = conn.recv(1 << 16)
            except BlockingIOError:
                time.sleep(0.005)
                continue
            if not data:
                return
            buf += data
            while len(buf) >= 8:
                length, kind = struct.unpack_from("=II", buf)
                if len(buf) < length:
                    break
                buf = buf[length:]
                with self.lock:
                    self.counts[kind] = self.counts.get(kind, 0) + 1
                if kind == 5:  # exit: the profiler would read memory totals here
                    conn.sendall(b"k")

    def take(self) -> dict[int, int]:
        with self.lock:
            counts, self.counts = self.counts, {}
        return counts


def cpu_of(ru) -> float:
    return ru.ru_utime + ru.ru_stime


def run_target(argv: list[str], env: dict[str, str]) -> float:
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv} failed with status {status}")
    return cpu_of(ru)


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--iterations", type=int, default=20_000_000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--touch", action="store_true", help="write every new block in full")
    ap.add_argument("--profiler", help="a profiler binary, for the end-to-end comparison")
    ap.add_argument("--json", help="write every run here")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="heap-bench-"))
    target = tmp / "alloc_bench"
    shim = tmp / "libprofiler_heap.so"
    for cmd in (["gcc", "-O2", "-pthread", str(TARGET_SRC), "-o", str(target)],
                ["gcc", *SHIM_FLAGS, "-o", str(shim), str(SHIM_SRC), "-ldl", "-pthread"]):
        if subprocess.run(cmd).returncode != 0:
            print(f"cannot build: {' '.join(cmd)}", file=sys.stderr)
            return 2
    sock = str(tmp / "heap.sock")
    listener = Listener(sock)
    argv = [str(target), str(args.iterations), str(args.threads)] + (["touch"] if args.touch else [])
    base_env = dict(os.environ)
    base_env.pop("LD_PRELOAD", None)
    reporting = dict(base_env, LD_PRELOAD=str(shim), PROFILER_HEAP_SOCKET=sock,
                     PROFILER_HEAP_PARENT=str(os.getpid()))
    configs = {
        "baseline": base_env,
        "preloaded-idle": dict(base_env, LD_PRELOAD=str(shim)),
        "shim-512K": dict(reporting, PROFILER_HEAP_INTERVAL=str(512 << 10)),
        "shim-64K": dict(reporting, PROFILER_HEAP_INTERVAL=str(64 << 10)),
    }
    names = list(configs)
    cpu: dict[str, list[float]] = {n: [] for n in names}
    records: dict[str, list[int]] = {n: [] for n in names}
    print(f"load average before: {load()}; {args.runs} rounds of {args.iterations:,} rounds x "
          f"{args.threads} thread(s)")
    run_target(argv, base_env)  # warm-up
    for r in range(args.runs):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            listener.take()
            cpu[name].append(run_target(argv, configs[name]))
            time.sleep(0.05)
            counts = listener.take()
            records[name].append(counts.get(3, 0) + counts.get(4, 0))

    pairs = args.iterations * args.threads
    base = statistics.median(cpu["baseline"])
    idle = statistics.median(cpu["preloaded-idle"])
    print(f"\n{'configuration':<16} {'target CPU, median (min-max)':<32} {'slowdown':>9} "
          f"{'ns/alloc':>9} {'records':>9} {'us/record':>10}")
    for name in names:
        med = statistics.median(cpu[name])
        recs = statistics.median(records[name])
        per_record = f"{(med - idle) / recs * 1e6:10.1f}" if recs else f"{'':>10}"
        print(f"{name:<16} {summary(cpu[name]):<32} {med / base - 1:+9.1%} "
              f"{(med - base) / pairs * 1e9:9.1f} {recs:9.0f} {per_record}")

    end_to_end = {}
    if args.profiler:
        print("\nend to end (profiler record, target CPU from the profile):")
        for r in range(max(3, args.runs // 2)):
            for heap in ([False, True] if r % 2 == 0 else [True, False]):
                out = tmp / "cpu.json"
                cmd = [args.profiler, "record", "-o", str(out)]
                if heap:
                    cmd += ["--heap", "--heap-output", str(tmp / "heap.json")]
                proc = subprocess.run(cmd + ["--", *argv], capture_output=True, text=True)
                if proc.returncode != 0:
                    print(proc.stderr, file=sys.stderr)
                    return 2
                ns = json.loads(out.read_text())["meta"]["extra"]["target_cpu_ns"]
                end_to_end.setdefault("record --heap" if heap else "record", []).append(ns / 1e9)
        plain = statistics.median(end_to_end["record"])
        for name, values in end_to_end.items():
            print(f"  {name:<16} {summary(values):<32} {statistics.median(values) / plain - 1:+9.1%}")

    print(f"\nload average after: {load()}")
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"iterations": args.iterations, "threads": args.threads, "touch": args.touch, "cpu_s": cpu,
             "records": records, "end_to_end_cpu_s": end_to_end}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
