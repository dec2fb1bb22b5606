#!/usr/bin/env python3
"""Line-level precision / recall of a secrets scan against benches/secrets/labels.csv.

Python 3.11, standard library only.

    # 1. check out the labelled commits (see fetch_repos.py)
    python3 benches/secrets/fetch_repos.py --dest /tmp/bench/secrets-repos [--mirror-root /work/.mirror]
    # 2a. run the reviewer on every repository and score it
    python3 benches/secrets/score.py --repos /tmp/bench/secrets-repos \
        --reviewer target/release/reviewer --out-dir /tmp/bench/secrets-reports
    # 2b. or score reports already written, one per repository: DIR/<owner>+<name>.json
    python3 benches/secrets/score.py --repos /tmp/bench/secrets-repos --reports-dir /tmp/bench/secrets-reports
    # 2c. or one report of a scan of the whole /tmp/bench/secrets-repos tree
    python3 benches/secrets/score.py --repos /tmp/bench/secrets-repos --report all.json
    python3 benches/secrets/score.py --self-test

Matching. A labelled line (repo, path, line) is *flagged* when at least one finding of the
report lies in the same file (path relative to the repository root) and its span covers the
line: span.start_line <= line <= span.end_line. Then, per labelled line:
TP = secret and flagged, FN = secret and not flagged, FP = not-secret and flagged,
TN = not-secret and not flagged. Precision = TP/(TP+FP), recall = TP/(TP+FN),
F1 = 2PR/(P+R), overall and per lang (java, python, config, other).

Findings that cover no labelled line are *unlabelled findings*: they are counted and listed
separately (they are neither TP nor FP) so that the labeller can extend labels.csv.

Reports read (format detected per file):
  - reviewer JSON: top-level "findings" (or a bare list), each with "path",
    "span": {"start_line", "end_line"}, "rule_id" (or "rule"), "category".
    Only category "secrets" is kept unless --all-categories.
  - gitleaks JSON (`gitleaks detect --report-format json`): a list of objects with "File",
    "StartLine", "EndLine", "RuleID".
  - semgrep-like JSON: top-level "results" with "path", "start.line", "end.line", "check_id".
Paths may be absolute, relative to the repository, or relative to the parent directory of all
repositories (<owner>+<name>/...); all three are mapped to (repo, path).

The output never prints source text: only repo:path:line, kind and rule ids.
Exit status: 0 when overall and java/python/config targets are met (--min-recall, default
0.80, at --min-precision, default 0.90), 1 when one is not, 2 on usage or run errors.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
LANGS = ("java", "python", "config", "other")
TARGET_LANGS = ("java", "python", "config")


@dataclass
class Label:
    repo: str
    commit: str
    path: str
    line: int
    verdict: str
    kind: str
    lang: str
    note: str


@dataclass
class Finding:
    repo: str
    path: str
    start: int
    end: int
    rule: str
    matched: bool = False


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, secret: bool, flagged: bool) -> None:
        if secret and flagged:
            self.tp += 1
        elif secret:
            self.fn += 1
        elif flagged:
            self.fp += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        d = self.tp + self.fp
        return self.tp / d if d else 0.0

    @property
    def recall(self) -> float:
        d = self.tp + self.fn
        return self.tp / d if d else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def slug(repo: str) -> str:
    return repo.replace("/", "+", 1)


def load_labels(path: str) -> list[Label]:
    out = []
    seen = set()
    with open(path, newline="", encoding="utf-8") as f:
        for n, row in enumerate(csv.DictReader(f), 2):
            key = (row["repo"], row["path"], int(row["line"]))
            if key in seen:
                raise SystemExit(f"{path}:{n}: duplicate label {key}")
            seen.add(key)
            if row["verdict"] not in ("secret", "not-secret"):
                raise SystemExit(f"{path}:{n}: verdict must be secret or not-secret")
            if row["lang"] not in LANGS:
                raise SystemExit(f"{path}:{n}: lang must be one of {LANGS}")
            out.append(Label(row["repo"], row["commit"], row["path"], int(row["line"]),
                             row["verdict"], row["kind"], row["lang"], row["note"]))
    return out


def _norm(p: str) -> str:
    p = p.replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p


def parse_report(data, repo_hint: str | None, repos_root: str | None, repos: set[str],
                 all_categories: bool) -> list[Finding]:
    """Turn one JSON report into findings with (repo, path relative to the repo root)."""
    items: list[tuple[str, int, int, str]] = []
    if isinstance(data, dict) and "findings" in data:
        raw = data["findings"]
    elif isinstance(data, dict) and "results" in data:
        raw = data["results"]
    elif isinstance(data, list):
        raw = data
    else:
        raise ValueError("unknown report format (no findings/results list)")
    for f in raw or []:
        if "StartLine" in f:  # gitleaks
            items.append((f.get("File", ""), int(f["StartLine"]), int(f.get("EndLine") or f["StartLine"]),
                          f.get("RuleID", "?")))
            continue
        if "span" in f:  # reviewer
            if not all_categories and f.get("category") not in (None, "secrets"):
                continue
            span = f["span"]
            start = int(span.get("start_line") or span.get("line") or 0)
            end = int(span.get("end_line") or start)
            items.append((f.get("path", ""), start, end, str(f.get("rule_id") or f.get("rule") or "?")))
            continue
        if "start" in f and isinstance(f["start"], dict):  # semgrep-like
            start = int(f["start"].get("line", 0))
            end = int((f.get("end") or {}).get("line", start))
            items.append((f.get("path", ""), start, end, f.get("check_id", "?")))
            continue
        raise ValueError(f"unknown finding shape: keys {sorted(f)[:8]}")

    out = []
    root = os.path.abspath(repos_root) if repos_root else None
    for path, start, end, rule in items:
        p = _norm(path)
        repo = repo_hint
        if os.path.isabs(p) and root:
            rel = os.path.relpath(p, root)
            if not rel.startswith(".."):
                p = _norm(rel)
            elif repo_hint:
                rel = os.path.relpath(p, os.path.join(root, slug(repo_hint)))
                p = _norm(rel)
        first, _, rest = p.partition("/")
        if "+" in first and first.replace("+", "/", 1) in repos and rest:
            # path relative to the parent directory of all repositories
            repo, p = first.replace("+", "/", 1), rest
        elif repo_hint and p.startswith(slug(repo_hint) + "/"):
            p = p[len(slug(repo_hint)) + 1:]
        if repo is None:
            continue  # cannot be mapped to a labelled repository
        if end < start:
            start, end = end, start
        out.append(Finding(repo, p, start, end, rule))
    return out


def run_reviewer(reviewer: str, repos_root: str, repos: list[str], out_dir: str,
                 extra: list[str]) -> dict[str, str]:
    os.makedirs(out_dir, exist_ok=True)
    reports = {}
    for repo in repos:
        src = os.path.join(repos_root, slug(repo))
        if not os.path.isdir(src):
            print(f"warning: {src} missing: run fetch_repos.py first", file=sys.stderr)
            continue
        out = os.path.join(out_dir, slug(repo) + ".json")
        cmd = [reviewer, "scan", src, "--category", "secrets", "--format", "json", "-o", out, *extra]
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode not in (0, 1):
            print(f"warning: {' '.join(cmd)} exited {r.returncode}: {r.stderr.strip()[:500]}",
                  file=sys.stderr)
        if os.path.exists(out):
            reports[repo] = out
    return reports


def score(labels: list[Label], findings: list[Finding]):
    by_file: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        by_file[(f.repo, f.path)].append(f)
    starts = {}
    for k, fs in by_file.items():
        fs.sort(key=lambda f: f.start)
        starts[k] = [f.start for f in fs]
    per_lang = {lang: Counts() for lang in LANGS}
    per_kind: dict[str, Counts] = defaultdict(Counts)
    overall = Counts()
    fps, fns = [], []
    for lab in labels:
        fs = by_file.get((lab.repo, lab.path), [])
        flagged_rules = []
        if fs:
            hi = bisect.bisect_right(starts[(lab.repo, lab.path)], lab.line)
            for f in fs[:hi]:
                if f.end >= lab.line:
                    f.matched = True
                    flagged_rules.append(f.rule)
        secret = lab.verdict == "secret"
        flagged = bool(flagged_rules)
        overall.add(secret, flagged)
        per_lang[lab.lang].add(secret, flagged)
        per_kind[lab.kind].add(secret, flagged)
        if flagged and not secret:
            fps.append((lab, sorted(set(flagged_rules))))
        elif secret and not flagged:
            fns.append((lab, []))
    unlabelled = [f for f in findings if not f.matched]
    return overall, per_lang, per_kind, fps, fns, unlabelled


def fmt(c: Counts) -> str:
    return (f"{c.tp:5d} {c.fp:5d} {c.fn:5d} {c.tn:5d}   "
            f"{c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}")


def print_report(name, overall, per_lang, per_kind, fps, fns, unlabelled, args) -> bool:
    print(f"== {name}")
    print(f"{'':10s} {'TP':>5s} {'FP':>5s} {'FN':>5s} {'TN':>5s}   {'prec':>6s} {'recall':>6s} {'F1':>6s}")
    print(f"{'overall':10s} {fmt(overall)}")
    for lang in LANGS:
        print(f"{lang:10s} {fmt(per_lang[lang])}")
    ok = True
    verdicts = []
    for lang, c in [("overall", overall)] + [(l, per_lang[l]) for l in TARGET_LANGS]:
        good = c.precision >= args.min_precision and c.recall >= args.min_recall
        ok &= good
        verdicts.append(f"{lang} {'PASS' if good else 'FAIL'}")
    print(f"target recall >= {args.min_recall:.2f} at precision >= {args.min_precision:.2f}: "
          + ", ".join(verdicts))
    if args.by_kind:
        print("\nper kind:")
        for kind in sorted(per_kind):
            print(f"  {kind:22s} {fmt(per_kind[kind])}")
    print(f"\nunlabelled findings: {len(unlabelled)} (not counted as TP or FP)")
    if not args.quiet:
        print(f"\nfalse positives ({len(fps)}):")
        for lab, rules in fps:
            print(f"  FP {lab.repo}:{lab.path}:{lab.line}  [{lab.lang}] {lab.kind}  rules={','.join(rules)}")
        print(f"\nfalse negatives ({len(fns)}):")
        for lab, _ in fns:
            print(f"  FN {lab.repo}:{lab.path}:{lab.line}  [{lab.lang}] {lab.kind}")
        print(f"\nunlabelled findings ({len(unlabelled)}):")
        for f in sorted(unlabelled, key=lambda f: (f.repo, f.path, f.start))[: args.max_unlabelled]:
            rng = f"{f.start}" if f.start == f.end else f"{f.start}-{f.end}"
            print(f"  UL {f.repo}:{f.path}:{rng}  rule={f.rule}")
        if len(unlabelled) > args.max_unlabelled:
            print(f"  ... {len(unlabelled) - args.max_unlabelled} more (--max-unlabelled)")
    return ok


def as_json(overall, per_lang, per_kind, fps, fns, unlabelled):
    def c2d(c):
        return dict(tp=c.tp, fp=c.fp, fn=c.fn, tn=c.tn, precision=round(c.precision, 4),
                    recall=round(c.recall, 4), f1=round(c.f1, 4))
    return {
        "overall": c2d(overall),
        "per_lang": {k: c2d(v) for k, v in per_lang.items()},
        "per_kind": {k: c2d(v) for k, v in sorted(per_kind.items())},
        "false_positives": [dict(repo=l.repo, path=l.path, line=l.line, kind=l.kind, rules=r) for l, r in fps],
        "false_negatives": [dict(repo=l.repo, path=l.path, line=l.line, kind=l.kind) for l, _ in fns],
        "unlabelled_findings": [dict(repo=f.repo, path=f.path, start_line=f.start, end_line=f.end, rule=f.rule)
                                for f in unlabelled],
    }


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def collect(args, labels) -> tuple[str, list[Finding]]:
    repos = sorted({l.repo for l in labels})
    repo_set = set(repos)
    findings: list[Finding] = []
    if args.reviewer:
        out_dir = args.out_dir or tempfile.mkdtemp(prefix="secrets-reports-")
        reports = run_reviewer(args.reviewer, args.repos, repos, out_dir, args.reviewer_arg or [])
        for repo, path in reports.items():
            findings += parse_report(load_json(path), repo, args.repos, repo_set, args.all_categories)
        print(f"reports written to {out_dir}")
        return "reviewer", findings
    if args.reports_dir:
        missing = []
        for repo in repos:
            path = os.path.join(args.reports_dir, slug(repo) + ".json")
            if not os.path.exists(path):
                missing.append(repo)
                continue
            findings += parse_report(load_json(path), repo, args.repos, repo_set, args.all_categories)
        if missing:
            print(f"warning: no report for {len(missing)} repositories: {' '.join(missing)} "
                  "(their secret lines count as missed)", file=sys.stderr)
        return args.reports_dir, findings
    if args.report:
        for path in args.report:
            findings += parse_report(load_json(path), args.repo, args.repos, repo_set, args.all_categories)
        return ", ".join(args.report), findings
    raise SystemExit("give --reviewer, --reports-dir or --report (or --self-test)")


def self_test() -> int:
    labels = [
        Label("a/x", "0" * 40, "src/A.java", 10, "secret", "password", "java", ""),
        Label("a/x", "0" * 40, "src/A.java", 11, "not-secret", "env-lookup", "java", ""),
        Label("a/x", "0" * 40, "conf/app.yml", 3, "secret", "password", "config", ""),
        Label("b/y", "0" * 40, "m.py", 5, "not-secret", "placeholder", "python", ""),
        Label("b/y", "0" * 40, "m.py", 7, "secret", "api-key", "python", ""),
        Label("b/y", "0" * 40, "k.pem", 1, "secret", "private-key", "other", ""),
    ]
    repos = {"a/x", "b/y"}
    rep_a = {"findings": [
        {"rule_id": "r1", "category": "secrets", "path": "src/A.java", "span": {"start_line": 10, "end_line": 10}},
        {"rule_id": "r2", "category": "secrets", "path": "./src/A.java", "span": {"start_line": 11, "end_line": 11}},
        {"rule_id": "q1", "category": "injection", "path": "conf/app.yml", "span": {"start_line": 3, "end_line": 3}},
        {"rule_id": "r3", "category": "secrets", "path": "src/B.java", "span": {"start_line": 1, "end_line": 1}},
    ]}
    rep_all = {"findings": [  # a scan of the parent directory
        {"rule_id": "r4", "category": "secrets", "path": "b+y/m.py", "span": {"start_line": 6, "end_line": 8}},
        {"rule_id": "pk", "category": "secrets", "path": "/R/b+y/k.pem", "span": {"start_line": 1, "end_line": 27}},
    ]}
    gl = [{"File": "m.py", "StartLine": 5, "EndLine": 5, "RuleID": "generic-api-key"}]
    f = parse_report(rep_a, "a/x", "/R", repos, False) + parse_report(rep_all, None, "/R", repos, False)
    overall, per_lang, _, fps, fns, unl = score(labels, f)
    assert (overall.tp, overall.fp, overall.fn, overall.tn) == (3, 1, 1, 1), overall
    assert per_lang["java"].tp == 1 and per_lang["java"].fp == 1
    assert per_lang["config"].fn == 1  # the injection finding is not a secrets finding
    assert per_lang["python"].tp == 1 and per_lang["python"].tn == 1
    assert per_lang["other"].tp == 1
    assert [u.path for u in unl] == ["src/B.java"], unl
    assert abs(overall.precision - 0.75) < 1e-9 and abs(overall.recall - 0.75) < 1e-9
    g = parse_report(gl, "b/y", "/R", repos, False)
    o2, _, _, _, _, _ = score(labels, g)
    assert (o2.tp, o2.fp) == (0, 1), o2
    print("self-test ok")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", default=os.path.join(HERE, "labels.csv"))
    ap.add_argument("--repos", default="/tmp/bench/secrets-repos",
                    help="directory holding <owner>+<name>/ checkouts (fetch_repos.py --dest)")
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--reviewer", help="reviewer binary: scan every repository now")
    src.add_argument("--reports-dir", help="directory of <owner>+<name>.json reports")
    src.add_argument("--report", action="append", help="one report (repeatable); paths "
                     "relative to --repos (owner+name/...) or to the repository given by --repo")
    ap.add_argument("--repo", help="owner/name the --report paths are relative to")
    ap.add_argument("--out-dir", help="where --reviewer writes its reports (default: a temp dir)")
    ap.add_argument("--reviewer-arg", action="append", help="extra argument for reviewer scan (repeatable)")
    ap.add_argument("--all-categories", action="store_true", help="keep findings of every category")
    ap.add_argument("--lang", choices=LANGS, action="append", help="only score these langs")
    ap.add_argument("--only-repo", action="append", help="only score these owner/name")
    ap.add_argument("--min-precision", type=float, default=0.90)
    ap.add_argument("--min-recall", type=float, default=0.80)
    ap.add_argument("--by-kind", action="store_true", help="also print counts per label kind")
    ap.add_argument("--max-unlabelled", type=int, default=200)
    ap.add_argument("-q", "--quiet", action="store_true", help="no FP/FN/unlabelled lists")
    ap.add_argument("--json", help="write the metrics and lists to this file")
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        return self_test()

    labels = load_labels(args.labels)
    if args.report and args.repo and not args.only_repo:
        args.only_repo = [args.repo]  # reports of one repository score that repository only
    if args.only_repo:
        labels = [l for l in labels if l.repo in args.only_repo]
    if args.lang:
        labels = [l for l in labels if l.lang in args.lang]
    try:
        name, findings = collect(args, labels)
    except (OSError, ValueError, json.JSONDecodeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.only_repo:
        findings = [f for f in findings if f.repo in args.only_repo]
    result = score(labels, findings)
    ok = print_report(name, *result, args)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(as_json(*result), f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into head & co
        sys.stderr.close()
        sys.exit(0)
