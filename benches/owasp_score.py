#!/usr/bin/env python3
"""OWASP Benchmark (Java, v1.2) score of a reviewer JSON report (Python 3.11 stdlib only).

    python3 benches/owasp_score.py --results reviewer.json \
        --expected BenchmarkJava/expectedresults-1.2.csv [--json score.json] [--by-rule]
    python3 benches/owasp_score.py --self-test

The answer key has one line per test: `BenchmarkTest00001,pathtraver,true,22` (name, category,
real vulnerability, CWE). A test counts as flagged when the report has a finding in its file
(BenchmarkTestNNNNN.java, matched on the file name, whatever the directory) that carries the
test's expected CWE; findings with another CWE, or in other files, do not count. Per category:
TP = vulnerable and flagged, FN = vulnerable and not flagged, FP = safe and flagged,
TN = safe and not flagged; TPR = TP/(TP+FN), FPR = FP/(FP+TN), score = TPR - FPR. The overall
score is the plain average of the category scores (11 categories in v1.2), in percent, as the
OWASP scorecards print it.

Reports read: the reviewer's JSON (top-level "findings", each with "path", "cwe" such as
["CWE-89"], "rule_id"), and also semgrep's --json output (top-level "results", each with
"path", "check_id" and "extra.metadata.cwe"), so that a peer can be scored the same way.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass

TEST_FILE = re.compile(r"(BenchmarkTest\d+)\.java$")
CWE_NUM = re.compile(r"(?:CWE[-_ ]?)?(\d+)", re.IGNORECASE)


@dataclass
class Test:
    name: str
    category: str
    vulnerable: bool
    cwe: int


def load_expected(path: str) -> dict[str, Test]:
    if os.path.isdir(path):
        path = os.path.join(path, "expectedresults-1.2.csv")
    tests: dict[str, Test] = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.reader(f):
            if not row or row[0].lstrip().startswith("#"):
                continue
            if len(row) < 4:
                raise ValueError(f"{path}: short line {row!r}")
            name, category, vuln, cwe = (c.strip() for c in row[:4])
            if vuln.lower() not in ("true", "false"):
                raise ValueError(f"{path}: bad 'real vulnerability' value in {row!r}")
            tests[name] = Test(name, category, vuln.lower() == "true", int(cwe))
    if not tests:
        raise ValueError(f"{path}: no tests")
    return tests


def parse_cwes(value) -> set[int]:
    """CWE numbers from "CWE-89", "CWE-89: Improper ...", 89, "89", or a list of those."""
    if value is None:
        return set()
    if isinstance(value, (list, tuple)):
        out: set[int] = set()
        for v in value:
            out |= parse_cwes(v)
        return out
    if isinstance(value, int):
        return {value}
    m = CWE_NUM.match(str(value).strip())
    return {int(m.group(1))} if m else set()


def load_findings(path: str) -> list[tuple[str, set[int], str]]:
    """(test name, CWE numbers, rule id) for every finding in a BenchmarkTest file."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if isinstance(doc, dict) and "findings" in doc:
        raw = [(x.get("path", ""), x.get("cwe"), x.get("rule_id", "?")) for x in doc["findings"]]
    elif isinstance(doc, dict) and "results" in doc:  # semgrep --json
        raw = [(x.get("path", ""), (x.get("extra") or {}).get("metadata", {}).get("cwe"),
                x.get("check_id", "?")) for x in doc["results"]]
    else:
        raise ValueError(f"{path}: neither a reviewer report (\"findings\") nor semgrep JSON (\"results\")")
    out = []
    for p, cwe, rule in raw:
        m = TEST_FILE.search(str(p).replace("\\", "/").rsplit("/", 1)[-1])
        if m:
            out.append((m.group(1), parse_cwes(cwe), rule))
    return out


def score(tests: dict[str, Test], findings) -> dict:
    cwes_by_test: dict[str, set[int]] = defaultdict(set)
    rules_by_test: dict[tuple[str, int], set[str]] = defaultdict(set)
    for name, cwes, rule in findings:
        cwes_by_test[name] |= cwes
        for c in cwes:
            rules_by_test[(name, c)].add(rule)

    cats: dict[str, Counter] = defaultdict(Counter)
    cat_cwe: dict[str, set[int]] = defaultdict(set)
    by_rule: dict[str, Counter] = defaultdict(Counter)
    for t in tests.values():
        flagged = t.cwe in cwes_by_test.get(t.name, ())
        c = cats[t.category]
        cat_cwe[t.category].add(t.cwe)
        if t.vulnerable:
            c["TP" if flagged else "FN"] += 1
        else:
            c["FP" if flagged else "TN"] += 1
        if not flagged and cwes_by_test.get(t.name):
            c["other_cwe"] += 1  # some finding in the file, none with the expected CWE
        for rule in rules_by_test.get((t.name, t.cwe), ()):
            by_rule[rule]["TP" if t.vulnerable else "FP"] += 1

    categories = {}
    for name in sorted(cats):
        c = cats[name]
        p, n = c["TP"] + c["FN"], c["FP"] + c["TN"]
        tpr = c["TP"] / p if p else 0.0
        fpr = c["FP"] / n if n else 0.0
        categories[name] = {
            "cwe": sorted(cat_cwe[name]),
            "TP": c["TP"], "FN": c["FN"], "FP": c["FP"], "TN": c["TN"],
            "TPR": tpr, "FPR": fpr, "score": tpr - fpr,
            "unflagged_with_other_cwe": c["other_cwe"],
        }
    overall = sum(c["score"] for c in categories.values()) / len(categories)
    return {
        "categories": categories,
        "average_score": overall,
        "average_tpr": sum(c["TPR"] for c in categories.values()) / len(categories),
        "average_fpr": sum(c["FPR"] for c in categories.values()) / len(categories),
        "tests": len(tests),
        "findings_in_test_files": len(findings),
        "tests_with_findings": sum(1 for t in tests if cwes_by_test.get(t)),
        "by_rule": {r: dict(c) for r, c in sorted(by_rule.items())},
    }


def print_report(res: dict, by_rule: bool) -> None:
    hdr = f"{'category':<13} {'CWE':>5} {'TP':>5} {'FN':>5} {'FP':>5} {'TN':>5} {'TPR %':>7} {'FPR %':>7} {'score':>7}"
    print(hdr)
    print("-" * len(hdr))
    for name, c in res["categories"].items():
        cwe = ",".join(map(str, c["cwe"]))
        print(f"{name:<13} {cwe:>5} {c['TP']:>5} {c['FN']:>5} {c['FP']:>5} {c['TN']:>5} "
              f"{100 * c['TPR']:>7.1f} {100 * c['FPR']:>7.1f} {100 * c['score']:>7.1f}")
    print("-" * len(hdr))
    n = len(res["categories"])
    print(f"{'average':<13} {'':>5} {'':>5} {'':>5} {'':>5} {'':>5} {100 * res['average_tpr']:>7.1f} "
          f"{100 * res['average_fpr']:>7.1f} {100 * res['average_score']:>7.1f}")
    print(f"\nOWASP Benchmark score: {100 * res['average_score']:.1f} "
          f"(plain average of TPR - FPR over {n} categories; {res['tests']} tests, "
          f"{res['tests_with_findings']} with findings, {res['findings_in_test_files']} findings in test files)")
    missed = sum(c["unflagged_with_other_cwe"] for c in res["categories"].values())
    if missed:
        print(f"note: {missed} tests have findings, none with the test's expected CWE "
              f"(not counted as flagged)")
    if by_rule and res["by_rule"]:
        print(f"\n{'rule':<50} {'TP':>5} {'FP':>5}   (tests flagged through the rule's CWE)")
        for rule, c in sorted(res["by_rule"].items(), key=lambda kv: -(kv[1].get('TP', 0) + kv[1].get('FP', 0))):
            print(f"{rule:<50} {c.get('TP', 0):>5} {c.get('FP', 0):>5}")


# --------------------------------------------------------------------------------------------


def self_test() -> int:
    """A hand-made answer key and report with known counts."""
    expected = """# test name, category, real vulnerability, cwe, Benchmark version: 1.2, 2016-06-1
BenchmarkTest00001,sqli,true,89
BenchmarkTest00002,sqli,true,89
BenchmarkTest00003,sqli,false,89
BenchmarkTest00004,sqli,false,89
BenchmarkTest00005,hash,true,328
BenchmarkTest00006,hash,false,328
BenchmarkTest00007,xss,true,79
BenchmarkTest00008,xss,false,79
"""
    report = {"findings": [
        # sqli: 00001 TP; 00002 only a wrong CWE -> FN; 00003 FP; 00004 TN
        {"path": "src/main/java/org/owasp/benchmark/testcode/BenchmarkTest00001.java", "cwe": ["CWE-89"], "rule_id": "sql"},
        {"path": "/abs/testcode/BenchmarkTest00001.java", "cwe": ["CWE-89"], "rule_id": "sql2"},
        {"path": "testcode/BenchmarkTest00002.java", "cwe": ["CWE-78"], "rule_id": "cmd"},
        {"path": "testcode/BenchmarkTest00003.java", "cwe": ["CWE-89", "CWE-20"], "rule_id": "sql"},
        # hash: 00005 TP through a bare number; 00006 flagged with 327 only -> TN
        {"path": "BenchmarkTest00005.java", "cwe": [328], "rule_id": "md5"},
        {"path": "BenchmarkTest00006.java", "cwe": ["CWE-327"], "rule_id": "des"},
        # xss: nothing flagged; a finding in a helper file is ignored
        {"path": "helpers/ThingFactory.java", "cwe": ["CWE-79"], "rule_id": "xss"},
        # a file name that only ends like a test file does not count
        {"path": "testcode/NotBenchmarkTest00007.java.bak", "cwe": ["CWE-79"], "rule_id": "xss"},
    ]}
    semgrep = {"results": [
        {"path": "x/BenchmarkTest00007.java", "check_id": "java.xss",
         "extra": {"metadata": {"cwe": ["CWE-79: Improper Neutralization of Input"]}}},
        {"path": "x/BenchmarkTest00008.java", "check_id": "java.xss",
         "extra": {"metadata": {"cwe": "CWE-79: Improper Neutralization of Input"}}},
    ]}
    with tempfile.TemporaryDirectory(prefix="owasp-score-test-") as tmp:
        exp = os.path.join(tmp, "expectedresults-1.2.csv")
        rep = os.path.join(tmp, "report.json")
        sem = os.path.join(tmp, "semgrep.json")
        open(exp, "w").write(expected)
        json.dump(report, open(rep, "w"))
        json.dump(semgrep, open(sem, "w"))
        tests = load_expected(tmp)  # a directory works too
        res = score(tests, load_findings(rep))
        res_sem = score(tests, load_findings(sem))
    print_report(res, by_rule=True)
    c = res["categories"]
    checks = [
        ((c["sqli"]["TP"], c["sqli"]["FN"], c["sqli"]["FP"], c["sqli"]["TN"]), (1, 1, 1, 1)),
        ((c["hash"]["TP"], c["hash"]["FN"], c["hash"]["FP"], c["hash"]["TN"]), (1, 0, 0, 1)),
        ((c["xss"]["TP"], c["xss"]["FN"], c["xss"]["FP"], c["xss"]["TN"]), (0, 1, 0, 1)),
        (round(c["sqli"]["score"], 9), 0.0),
        (round(c["hash"]["score"], 9), 1.0),
        (round(res["average_score"], 9), round(1 / 3, 9)),
        (c["sqli"]["unflagged_with_other_cwe"], 1),
        (res["by_rule"], {"sql": {"TP": 1, "FP": 1}, "sql2": {"TP": 1}, "md5": {"TP": 1}}),
        ((res_sem["categories"]["xss"]["TP"], res_sem["categories"]["xss"]["FP"]), (1, 1)),
        (round(res_sem["average_score"], 9), 0.0),
    ]
    failed = [(got, want) for got, want in checks if got != want]
    for got, want in failed:
        print(f"self-test FAILED: got {got!r}, want {want!r}", file=sys.stderr)
    print(f"\nself-test: {len(checks) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 2)[2])
    ap.add_argument("--results", help="the reviewer's JSON report (or semgrep --json output)")
    ap.add_argument("--expected", help="expectedresults-1.2.csv, or the BenchmarkJava directory")
    ap.add_argument("--json", help="write the scores here as JSON")
    ap.add_argument("--by-rule", action="store_true", help="also list TP/FP per rule")
    ap.add_argument("--self-test", action="store_true", help="score a small hand-made example and check it")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if not args.results or not args.expected:
        ap.error("--results and --expected are required")
    try:
        tests = load_expected(args.expected)
        res = score(tests, load_findings(args.results))
    except (OSError, ValueError) as e:
        print(f"owasp_score.py: {e}", file=sys.stderr)
        return 2
    print_report(res, args.by_rule)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=2)
            f.write("\n")
        print(f"\nscores written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
