#!/usr/bin/env python3
"""Speed and memory benchmark of the reviewer against its targets (Python 3.11 stdlib only).

    python3 benches/speed.py --reviewer target/release/reviewer \
        --owasp /tmp/bench/BenchmarkJava [--semgrep-rules /tmp/bench/semgrep-rules] \
        [--corpus /tmp/bench/corpus] [--runs 5] [--json results.json]

What it measures, all on the same machine in the same run:

* OWASP: `reviewer scan <testcode> --format json -o /dev/null -q` on the 2,740 test files of
  OWASP BenchmarkJava (src/main/java/org/owasp/benchmark/testcode), --runs times after one
  untimed warm-up run (which also writes a JSON report, read for the file and byte counts,
  the findings and the errors).
* corpus: the same command on the throughput corpus built by benches/setup-corpora.sh.
* semgrep (with --semgrep-rules): `semgrep --config <rules>/java --metrics=off
  --disable-version-check -j <cpus>` on the same OWASP files, --semgrep-runs times (default 1).

Each run is a child process started by fork/exec and reaped by os.wait4, which gives that
run's own wall time, CPU time and peak RSS (ru_maxrss, the largest of the process and its
reaped descendants, as /usr/bin/time -v reports it). All runs are pinned to --cpus CPUs
(default 2) where the machine has more. MB means 10^6 bytes; MB/s is bytes scanned (as the
reviewer's report counts them) divided by the median wall time.

Targets (PASS/FAIL, or SKIP when not measured):
  OWASP full scan median wall <= 5 s; semgrep wall / reviewer median wall >= 50;
  corpus throughput >= 15 MB/s; peak RSS of every reviewer run <= 300 MB.

Exit status: 0 all measured targets pass, 1 a target failed, 2 the benchmark itself could
not run (missing inputs, a tool exiting with an error).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

OWASP_TESTCODE = Path("src/main/java/org/owasp/benchmark/testcode")

TARGET_OWASP_WALL_S = 5.0
TARGET_SEMGREP_RATIO = 50.0
TARGET_MB_PER_S = 15.0
TARGET_MAX_RSS_MB = 300.0


@dataclass
class Run:
    wall_s: float
    user_s: float
    sys_s: float
    max_rss_kb: int
    exit_code: int  # negative: killed by that signal
    timed_out: bool = False
    stderr_tail: str = ""


@dataclass
class Bench:
    name: str
    command: list[str]
    target: str
    files: int | None = None
    bytes: int | None = None
    bytes_on_disk: int | None = None
    findings: int | None = None
    errors: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    ok_exit: tuple[int, ...] = (0, 1)
    exit_failed_warmup: bool = False

    @property
    def good_runs(self) -> list[Run]:
        """The runs that count: a run that failed (exit 2, a signal, a timeout) is not timed."""
        return [r for r in self.runs if r.exit_code in self.ok_exit and not r.timed_out]

    @property
    def walls(self) -> list[float]:
        return [r.wall_s for r in self.good_runs]

    def summary(self) -> dict:
        runs = self.good_runs
        if not runs:
            return {}
        med = statistics.median(self.walls)
        out = {
            "runs": len(runs),
            "failed_runs": len(self.runs) - len(runs),
            "median_s": med,
            "min_s": min(self.walls),
            "max_s": max(self.walls),
            "median_cpu_s": statistics.median(r.user_s + r.sys_s for r in runs),
            "max_rss_mb": max(r.max_rss_kb for r in self.runs) / 1024,
        }
        if self.bytes and med > 0:
            out["mb_per_s"] = self.bytes / 1e6 / med
        return out


# --------------------------------------------------------------------------------------------
# running one child


def run_child(argv: list[str], cpus: set[int] | None, stdout_path: str, timeout: float | None) -> Run:
    """Fork/exec argv with stdout to stdout_path and stderr captured; reap it with wait4."""
    err_fd, err_path = tempfile.mkstemp(prefix="speed-stderr-")
    out_fd = os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child
        try:
            if cpus:
                os.sched_setaffinity(0, cpus)
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            os.dup2(out_fd, 1)
            os.dup2(err_fd, 2)
            os.execvp(argv[0], argv)
        except BaseException as e:  # noqa: BLE001 - anything here must end the child
            try:
                os.write(2, f"speed.py: cannot run {argv[0]}: {e}\n".encode())
            finally:
                os._exit(127)
    os.close(out_fd)
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill) if timeout else None
    if timer:
        timer.start()
    try:
        _, status, ru = os.wait4(pid, 0)
    finally:
        if timer:
            timer.cancel()
    wall = time.perf_counter() - start
    os.close(err_fd)
    with open(err_path, "rb") as f:
        err = f.read().decode("utf-8", "replace")
    os.unlink(err_path)
    code = os.waitstatus_to_exitcode(status)
    return Run(
        wall_s=wall,
        user_s=ru.ru_utime,
        sys_s=ru.ru_stime,
        max_rss_kb=ru.ru_maxrss,
        exit_code=code,
        timed_out=timed_out.is_set(),
        stderr_tail=err[-4000:],
    )


# --------------------------------------------------------------------------------------------
# helpers


def tree_bytes(root: Path, suffixes: tuple[str, ...] | None = None) -> tuple[int, int]:
    files = size = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for fn in filenames:
            if suffixes and not fn.endswith(suffixes):
                continue
            p = os.path.join(dirpath, fn)
            if os.path.isfile(p) and not os.path.islink(p):
                files += 1
                size += os.path.getsize(p)
    return files, size


def tool_version(argv: list[str]) -> str:
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        return (p.stdout.strip() or p.stderr.strip()).splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "unknown"


def machine_info() -> dict:
    info = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "cpus_available": len(os.sched_getaffinity(0)),
    }
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu_model"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            info["mem_total"] = f.readline().split(":", 1)[1].strip()
    except OSError:
        pass
    return info


def count_semgrep_rules(rules_dir: Path) -> int:
    """Rules in the YAML files semgrep would load from the directory (`- id:` entries)."""
    n = 0
    for dirpath, dirnames, filenames in os.walk(rules_dir):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for fn in filenames:
            if fn.endswith((".yaml", ".yml")) and not fn.startswith("."):
                with open(os.path.join(dirpath, fn), encoding="utf-8", errors="replace") as f:
                    n += sum(1 for line in f if re.match(r"^\s*-\s+id:\s*\S", line))
    return n


def fmt_s(x: float) -> str:
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def private_reviewer(path: str, prog: str):
    """A private copy of the reviewer binary (the rules are embedded in it), so that a rebuild of
    the workspace during the benchmark cannot change the binary between runs. Returns
    (tempdir holding it, path of the copy, absolute path of the original, sha256), or None."""
    reviewer = shutil.which(path) or path
    if not (os.path.isfile(reviewer) and os.access(reviewer, os.X_OK)):
        log(f"{prog}: no executable reviewer at {path}")
        return None
    src = os.path.abspath(reviewer)
    bin_dir = tempfile.TemporaryDirectory(prefix="speed-bin-")
    copy = os.path.join(bin_dir.name, "reviewer")
    shutil.copy2(src, copy)
    with open(copy, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    return bin_dir, copy, src, sha


def pick_cpus(n: int, prog: str) -> tuple[set[int] | None, int]:
    """The CPUs to pin runs to (None: all, when there are not more than n) and their count."""
    avail = sorted(os.sched_getaffinity(0))
    cpus = set(avail[:n]) if n and n < len(avail) else None
    if n and n > len(avail):
        log(f"{prog}: warning: --cpus {n} but only {len(avail)} CPUs are available")
    return cpus, len(cpus) if cpus else len(avail)


def print_table(benches: list[Bench], width: int = 17) -> None:
    hdr = f"{'benchmark':<{width}} {'runs':>4} {'median s':>9} {'min-max s':>17} {'MB':>7} {'MB/s':>8} " \
          f"{'CPU s':>8} {'peak RSS MB':>11} {'files':>6} {'findings':>8}"
    print(hdr)
    print("-" * len(hdr))
    for b in benches:
        s = b.summary()
        if not s:
            print(f"{b.name:<{width}} {0:>4}  (no successful run)")
            continue
        mm = f"{fmt_s(s['min_s'])}-{fmt_s(s['max_s'])}"
        mb = f"{b.bytes / 1e6:.2f}" if b.bytes else "-"
        mbs = f"{s['mb_per_s']:.1f}" if "mb_per_s" in s else "-"
        print(f"{b.name:<{width}} {s['runs']:>4} {fmt_s(s['median_s']):>9} {mm:>17} {mb:>7} {mbs:>8} "
              f"{fmt_s(s['median_cpu_s']):>8} {s['max_rss_mb']:>11.1f} {b.files or 0:>6} "
              f"{b.findings if b.findings is not None else '-':>8}")


def add_target(targets: list[dict], name: str, value, threshold, ok_if, unit: str) -> None:
    """Appends a target's result: SKIP when value is None, else PASS or FAIL by ok_if."""
    status = "SKIP" if value is None else ("PASS" if ok_if(value, threshold) else "FAIL")
    targets.append({"name": name, "value": value, "threshold": threshold, "unit": unit,
                    "status": status})


def print_problems(benches: list[Bench]) -> None:
    errors = [(b.name, e) for b in benches for e in b.errors]
    if errors:
        print()
        print(f"{len(errors)} problem(s):")
        for name, e in errors:
            print(f"  {name}: {e}")


# --------------------------------------------------------------------------------------------
# the benchmarks


def bench_reviewer(name: str, reviewer: str, target: Path, runs: int, cpus, extra_args, timeout,
                   keep_report: str | None, suffixes) -> Bench:
    base = [reviewer, "scan", str(target), "--format", "json"]
    timed_cmd = base + ["-o", "/dev/null", "-q"] + extra_args
    b = Bench(name=name, command=timed_cmd, target=str(target))
    b.files, b.bytes_on_disk = tree_bytes(target, suffixes)

    # Untimed warm-up: warms the page cache, and its report gives counts and errors.
    with tempfile.TemporaryDirectory(prefix="speed-") as tmp:
        report = keep_report or os.path.join(tmp, "report.json")
        if os.path.exists(report):
            os.unlink(report)  # never read a stale report
        log(f"[{name}] warm-up run (report to {report})")
        warm = run_child(base + ["-o", report, "-q"] + extra_args, cpus, os.devnull, timeout)
        if warm.exit_code not in (0, 1):
            b.exit_failed_warmup = True
            b.errors.append(f"warm-up run exited {warm.exit_code}"
                            f"{' (timed out)' if warm.timed_out else ''}: {warm.stderr_tail.strip()[-1500:]}")
        try:
            with open(report) as f:
                doc = json.load(f)
            stats = doc.get("summary", {}).get("stats", {})
            b.bytes = stats.get("bytes_scanned")
            b.files = stats.get("files_scanned", b.files)
            b.findings = len(doc.get("findings", []))
            b.extra["files_by_kind"] = stats.get("files_by_kind")
            b.extra["skipped"] = len(doc.get("skipped", []))
            for e in doc.get("errors", [])[:20]:
                b.errors.append("reported error: " + json.dumps(e)[:300])
            if doc.get("errors"):
                b.extra["reported_errors"] = len(doc["errors"])
        except (OSError, ValueError) as e:
            b.errors.append(f"cannot read the warm-up report {report}: {e}")
    if not b.bytes:
        b.bytes = b.bytes_on_disk

    if b.exit_failed_warmup:
        log(f"[{name}] the warm-up run failed: no timed runs")
        return b
    for i in range(runs):
        r = run_child(timed_cmd, cpus, os.devnull, timeout)
        b.runs.append(r)
        log(f"[{name}] run {i + 1}/{runs}: {fmt_s(r.wall_s)} s wall, "
            f"{r.max_rss_kb / 1024:.1f} MB peak RSS, exit {r.exit_code}")
        if r.exit_code not in (0, 1):
            b.errors.append(f"run {i + 1} exited {r.exit_code}"
                            f"{' (timed out)' if r.timed_out else ''}: {r.stderr_tail.strip()[-1500:]}")
    return b


def bench_semgrep(semgrep: str, rules: Path, target: Path, runs: int, cpus, ncpu: int, timeout,
                  keep_output: str | None) -> Bench:
    config = rules / "java" if (rules / "java").is_dir() else rules
    with tempfile.TemporaryDirectory(prefix="speed-semgrep-") as tmp:
        out = keep_output or os.path.join(tmp, "semgrep.json")
        cmd = [semgrep, "--config", str(config), "--metrics=off", "--disable-version-check",
               "-j", str(ncpu), "--json", "-o", out, str(target)]
        b = Bench(name="semgrep owasp", command=cmd, target=str(target), ok_exit=(0,))
        b.files, b.bytes_on_disk = tree_bytes(target, (".java",))
        b.bytes = b.bytes_on_disk
        b.extra["version"] = tool_version([semgrep, "--version"])
        b.extra["config"] = str(config)
        b.extra["rules_in_config"] = count_semgrep_rules(config)
        for i in range(runs):
            log(f"[semgrep] run {i + 1}/{runs} (this takes minutes): {' '.join(cmd)}")
            r = run_child(cmd, cpus, os.devnull, timeout)
            b.runs.append(r)
            log(f"[semgrep] run {i + 1}/{runs}: {fmt_s(r.wall_s)} s wall, "
                f"{r.max_rss_kb / 1024:.1f} MB peak RSS, exit {r.exit_code}")
            m = re.search(r"with (\d+) Code rules", r.stderr_tail) or re.search(
                r"Ran (\d+) rules", r.stderr_tail)
            if m:
                b.extra["rules_run"] = int(m.group(1))
            if r.exit_code != 0:
                b.errors.append(f"semgrep run {i + 1} exited {r.exit_code}"
                                f"{' (timed out)' if r.timed_out else ''}: {r.stderr_tail.strip()[-1500:]}")
            try:
                with open(out) as f:
                    doc = json.load(f)
                b.findings = len(doc.get("results", []))
                b.extra["semgrep_errors"] = len(doc.get("errors", []))
                b.extra["paths_scanned"] = len(doc.get("paths", {}).get("scanned", []))
            except (OSError, ValueError) as e:
                b.errors.append(f"cannot read semgrep's output {out}: {e}")
    return b


# --------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="See benches/README.md.")
    ap.add_argument("--reviewer", required=True, help="path to the reviewer binary")
    ap.add_argument("--owasp", required=True,
                    help="BenchmarkJava checkout (or its testcode directory itself)")
    ap.add_argument("--semgrep-rules", help="semgrep-rules checkout; runs semgrep with its java/ rules")
    ap.add_argument("--semgrep", default="semgrep", help="semgrep executable (default: semgrep)")
    ap.add_argument("--semgrep-runs", type=int, default=1)
    ap.add_argument("--semgrep-output", help="keep semgrep's JSON output here")
    ap.add_argument("--corpus", help="throughput corpus from setup-corpora.sh (its tree/ is scanned)")
    ap.add_argument("--runs", type=int, default=5, help="timed reviewer runs per benchmark (default 5)")
    ap.add_argument("--cpus", type=int, default=2,
                    help="pin every run to this many CPUs (default 2; 0: no pinning)")
    ap.add_argument("--reviewer-arg", action="append", default=[],
                    help="extra argument for `reviewer scan` (repeatable)")
    ap.add_argument("--keep-report", help="keep the reviewer's JSON report of the OWASP warm-up run "
                    "here (input for owasp_score.py)")
    ap.add_argument("--timeout", type=float, default=600, help="per reviewer run, seconds")
    ap.add_argument("--semgrep-timeout", type=float, default=7200, help="per semgrep run, seconds")
    ap.add_argument("--json", help="write the results here as JSON")
    args = ap.parse_args()

    private = private_reviewer(args.reviewer, "speed.py")
    if not private:
        return 2
    bin_dir, reviewer, reviewer_src, reviewer_sha = private  # bin_dir keeps the copy alive
    owasp = Path(args.owasp)
    testcode = owasp / OWASP_TESTCODE if (owasp / OWASP_TESTCODE).is_dir() else owasp
    if not testcode.is_dir() or not any(testcode.glob("BenchmarkTest*.java")):
        log(f"speed.py: no BenchmarkTest*.java under {testcode}")
        return 2
    corpus = None
    if args.corpus:
        corpus = Path(args.corpus)
        if (corpus / "tree").is_dir():
            corpus = corpus / "tree"
        if not corpus.is_dir():
            log(f"speed.py: no corpus directory {args.corpus}")
            return 2
    if args.semgrep_rules and not Path(args.semgrep_rules).is_dir():
        log(f"speed.py: no semgrep-rules directory {args.semgrep_rules}")
        return 2
    if args.semgrep_rules and not shutil.which(args.semgrep):
        log(f"speed.py: {args.semgrep} not found (pip install semgrep)")
        return 2

    cpus, ncpu = pick_cpus(args.cpus, "speed.py")

    started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    load_before = os.getloadavg()
    benches: list[Bench] = []
    benches.append(bench_reviewer("reviewer owasp", reviewer, testcode, args.runs, cpus,
                                  args.reviewer_arg, args.timeout, args.keep_report, (".java",)))
    if corpus:
        benches.append(bench_reviewer("reviewer corpus", reviewer, corpus, args.runs, cpus,
                                      args.reviewer_arg, args.timeout, None, None))
    semgrep_bench = None
    if args.semgrep_rules:
        semgrep_bench = bench_semgrep(args.semgrep, Path(args.semgrep_rules), testcode,
                                      args.semgrep_runs, cpus, ncpu, args.semgrep_timeout,
                                      args.semgrep_output)
        benches.append(semgrep_bench)
    load_after = os.getloadavg()

    # ---- table
    print()
    print(f"reviewer: {reviewer_src} ({tool_version([reviewer, '--version'])}, sha256 {reviewer_sha[:12]}); "
          f"{ncpu} CPUs; "
          f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    print_table(benches)
    if semgrep_bench:
        x = semgrep_bench.extra
        print(f"semgrep: {x.get('version')}, config {x.get('config')}: "
              f"{x.get('rules_run', '?')} rules run ({x.get('rules_in_config')} `- id:` entries in the YAML), "
              f"{x.get('semgrep_errors', '?')} errors reported")
    for b in benches:
        if b.bytes_on_disk and b.bytes and b.bytes < b.bytes_on_disk:
            print(f"note: {b.name}: the reviewer scanned {b.bytes:,} of {b.bytes_on_disk:,} bytes on disk")

    # ---- targets
    targets: list[dict] = []

    def target(*a):
        add_target(targets, *a)

    ow = benches[0].summary()
    target("OWASP full scan, median wall <= 5 s", ow.get("median_s"), TARGET_OWASP_WALL_S,
           lambda v, t: v <= t, "s")
    ratio = None
    if semgrep_bench and semgrep_bench.summary() and ow:
        ratio = semgrep_bench.summary()["median_s"] / ow["median_s"]
    cpu_ratio = None
    if semgrep_bench and semgrep_bench.summary() and ow and ow["median_cpu_s"] > 0:
        cpu_ratio = semgrep_bench.summary()["median_cpu_s"] / ow["median_cpu_s"]
    target("OWASP speed-up over semgrep >= 50x", ratio, TARGET_SEMGREP_RATIO,
           lambda v, t: v >= t, "x")
    cs = next((b.summary() for b in benches if b.name == "reviewer corpus"), {})
    target("corpus throughput >= 15 MB/s", cs.get("mb_per_s"), TARGET_MB_PER_S,
           lambda v, t: v >= t, "MB/s")
    rss = [r.max_rss_kb / 1024 for b in benches if b.name.startswith("reviewer") for r in b.runs]
    target("reviewer peak RSS <= 300 MB", max(rss) if rss else None, TARGET_MAX_RSS_MB,
           lambda v, t: v <= t, "MB")
    print()
    for t in targets:
        v = "not measured" if t["value"] is None else f"{t['value']:.3f} {t['unit']}"
        print(f"[{t['status']}] {t['name']}: {v}")

    if ratio is not None:
        print(f"(semgrep / reviewer: {ratio:.1f}x in median wall time, {cpu_ratio or 0:.1f}x in median "
              f"CPU time; CPU time is the steadier figure on a busy machine)")

    print_problems(benches)
    if load_before[0] > ncpu * 0.5 or load_after[0] > ncpu * 0.5:
        print(f"\nwarning: the machine was busy (load average {load_before[0]:.2f} before, "
              f"{load_after[0]:.2f} after): absolute times are noisy; take them when it is quiet")

    if args.json:
        doc = {
            "schema": "reviewer-bench-speed/1",
            "started": started,
            "machine": machine_info() | {"cpus_used": ncpu, "load_before": load_before,
                                         "load_after": load_after},
            "reviewer": {"path": reviewer_src, "sha256": reviewer_sha,
                         "version": tool_version([reviewer, "--version"])},
            "benchmarks": [asdict(b) | {"summary": b.summary()} for b in benches],
            "semgrep_over_reviewer": ratio,
            "semgrep_over_reviewer_cpu": cpu_ratio,
            "targets": targets,
        }
        Path(args.json).write_text(json.dumps(doc, indent=2) + "\n")
        print(f"\nresults written to {args.json}")

    if any(len(b.good_runs) < len(b.runs) or not b.runs or b.exit_failed_warmup
           for b in benches if b.name.startswith("reviewer")):
        return 2
    return 1 if any(t["status"] == "FAIL" for t in targets) else 0


if __name__ == "__main__":
    sys.exit(main())
