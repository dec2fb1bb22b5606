#!/usr/bin/env python3
"""Scores the reviewer on a corpus it was not built against: the annotated test files of the
semgrep-rules repository (Python 3.11 stdlib only).

    python3 benches/semgrep_tests_score.py --semgrep-rules /tmp/bench/semgrep-rules \
        --reviewer target/release/reviewer [--langs java,python] [--json out.json] [--list]

Each semgrep taint-mode rule `X.yaml` (`--all-modes`: every rule) with a test file beside it (`X.java`, `X.py`) marks lines with
`ruleid: <id>` (the rule must report the next line) and `ok: <id>` (it must not). The rules
whose metadata names one of the CWEs below are kept; for each marked line we ask whether the
reviewer reports a finding carrying that CWE on that line (its span, or for a dataflow finding
one of the steps of its path: semgrep's taint rules report at the source or at the step where
the string is built, ours at the sink). Per CWE: TPR = marked `ruleid`
lines found, FPR = marked `ok` lines found. These tests were written for semgrep's own rules,
many of which are patterns that flag any non-constant value without a source, so a dataflow
rule is expected to miss some `ruleid` lines that have no source in sight; the pattern rules
that defer to it (see rules/*/security) report those.

The corpus is read, never copied into the project.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

CWES = {22, 78, 79, 89, 90, 94, 95, 501, 601, 643}
LANGS = {"java": ".java", "python": ".py"}
ANNOT = re.compile(r"(?:#|//)\s*(ruleid|ok|todoruleid|todook)\s*:\s*([\w.\-, ]+)")
CWE_RE = re.compile(r"CWE-(\d+)")


def rule_cwes(yaml_text: str) -> set[int]:
    out: set[int] = set()
    in_cwe = False
    for line in yaml_text.splitlines():
        s = line.strip()
        if s.startswith("cwe:"):
            in_cwe = True
            out.update(int(m) for m in CWE_RE.findall(s))
            continue
        if in_cwe:
            if s.startswith("-") or s.startswith("'") or s.startswith('"'):
                out.update(int(m) for m in CWE_RE.findall(s))
            else:
                in_cwe = False
    return out


def marked_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line, 'ruleid'|'ok') for every annotation, applied to the next code line."""
    out = []
    lines = text.splitlines()
    pending: list[str] = []
    for i, line in enumerate(lines):
        m = ANNOT.search(line)
        if m and "deep" in line:
            # `ruleid: deepok:` and the like mark what semgrep's interprocedural (Pro) engine
            # decides differently: ambiguous, not counted.
            m = None
            line = ""
        only = m is not None and ANNOT.sub("", line).strip() in ("", "/*", "*/")
        if m:
            pending.append(m.group(1))
        if m and not only:
            # Annotation at the end of a code line: that line.
            out.extend((i + 1, k) for k in pending)
            pending = []
        elif not m and line.strip() and pending:
            out.extend((i + 1, k) for k in pending)
            pending = []
    return [(l, k) for l, k in out if k in ("ruleid", "ok")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--semgrep-rules", required=True)
    ap.add_argument("--reviewer", required=True)
    ap.add_argument("--langs", default="java,python")
    ap.add_argument(
        "--all-modes",
        action="store_true",
        help="also semgrep's pattern (audit) rules, whose cases often have no source at all",
    )
    ap.add_argument("--skip", default="", help="regex of rule test paths to leave out")
    ap.add_argument("--json")
    ap.add_argument("--list", action="store_true", help="list every missed and false line")
    args = ap.parse_args()

    cases = []  # (test file, cwes)
    for lang in args.langs.split(","):
        ext = LANGS[lang]
        for root, _, files in os.walk(os.path.join(args.semgrep_rules, lang)):
            for f in files:
                if not f.endswith(".yaml"):
                    continue
                test = os.path.join(root, f[: -len(".yaml")] + ext)
                if not os.path.isfile(test) or (args.skip and re.search(args.skip, test)):
                    continue
                with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
                if not args.all_modes and not re.search(r"^\s*mode:\s*taint\b", text, re.M):
                    continue
                cwes = rule_cwes(text) & CWES
                if cwes:
                    cases.append((test, cwes))
    if not cases:
        print("no semgrep rule with a test file and one of the CWEs found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        # Each test file on its own, as the semgrep tests run: one file is one program.
        stats = defaultdict(lambda: [0, 0, 0, 0])  # cwe -> [tp, pos, fp, neg]
        missed, false = [], []
        for test, cwes in sorted(cases):
            out = os.path.join(tmp, "r.json")
            subprocess.run(
                [args.reviewer, "scan", test, "--format", "json", "--output", out, "-q", "--no-config",
                 "--category", "security"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
            )
            try:
                with open(out, encoding="utf-8") as fh:
                    report = json.load(fh)
            except (OSError, json.JSONDecodeError):
                continue
            found = defaultdict(set)
            for fnd in report.get("findings", []):
                # Semgrep's tests mark the line their own rule reports: for a dataflow rule
                # that can be the source, a step or the sink. A finding covers its span and
                # the lines of its path's steps.
                spans = [fnd["span"]] + [st["span"] for st in fnd.get("flow", [])]
                for c in fnd.get("cwe", []):
                    n = int(c.split("-")[1])
                    for sp in spans:
                        found[n].update(range(sp["start_line"], sp["end_line"] + 1))
            with open(test, encoding="utf-8", errors="replace") as fh:
                marks = marked_lines(fh.read())
            for line, kind in marks:
                hit = any(line in found[c] or (c in (94, 95) and line in found[94 if c == 95 else 95]) for c in cwes)
                key = "/".join(str(c) for c in sorted(cwes))
                s = stats[key]
                if kind == "ruleid":
                    s[1] += 1
                    s[0] += hit
                    if not hit:
                        missed.append(f"{test}:{line}")
                else:
                    s[3] += 1
                    s[2] += hit
                    if hit:
                        false.append(f"{test}:{line}")
    print(f"{'CWE':<10} {'found':>12} {'TPR %':>7} {'ok flagged':>12} {'FPR %':>7}")
    tot = [0, 0, 0, 0]
    for key in sorted(stats, key=lambda k: [int(x) for x in k.split("/")]):
        tp, pos, fp, neg = stats[key]
        tot = [a + b for a, b in zip(tot, stats[key])]
        tpr = 100 * tp / pos if pos else 0
        fpr = 100 * fp / neg if neg else 0
        print(f"{key:<10} {tp:>5}/{pos:<6} {tpr:>7.1f} {fp:>5}/{neg:<6} {fpr:>7.1f}")
    tp, pos, fp, neg = tot
    print(f"{'all':<10} {tp:>5}/{pos:<6} {100 * tp / max(pos, 1):>7.1f} {fp:>5}/{neg:<6} {100 * fp / max(neg, 1):>7.1f}")
    print(f"\n{len(cases)} semgrep rule tests ({args.langs})")
    if args.list:
        print("\nmissed:\n  " + "\n  ".join(missed))
        print("\nflagged ok lines:\n  " + "\n  ".join(false))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"stats": stats, "missed": missed, "false": false}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
