//! Rule fixtures: annotated example files that pin what a rule reports.
//!
//! A comment on the line before a target line says what must happen there:
//! `ruleid: ID` (a finding), `ok: ID` (no finding), `todoruleid: ID` (a known miss),
//! `todook: ID` (a known false positive). Several ids may be separated by commas.

use crate::engine::Engine;
use crate::lang;
use crate::rules::{Lang, Matcher, Rule, RuleSet};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;
use std::time::Duration;

static ANNOTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:#|//|/\*|<!--|;|--|\*)\s*\b(todoruleid|todook|ruleid|ok):\s*([A-Za-z0-9_\-]+(?:\s*,\s*[A-Za-z0-9_\-]+)*)",
    )
    .expect("valid regex")
});

/// Whether `line` holds a fixture annotation (`# ruleid: id`, `// ok: id`, ...).
pub fn has_annotation(line: &str) -> bool {
    ANNOTATION.is_match(line)
}

/// What an annotation says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Expect {
    /// A finding must be reported.
    RuleId,
    /// No finding may be reported.
    Ok,
    /// A known miss.
    TodoRuleId,
    /// A known false positive.
    TodoOk,
}

/// Annotations of a fixture: 1-based target line -> (rule id -> expectation).
pub fn annotations(text: &str) -> BTreeMap<usize, BTreeMap<String, Expect>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: BTreeMap<usize, BTreeMap<String, Expect>> = BTreeMap::new();
    let mut pending: Vec<(String, Expect)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let mut found = false;
        for c in ANNOTATION.captures_iter(line) {
            found = true;
            let e = match &c[1] {
                "ruleid" => Expect::RuleId,
                "ok" => Expect::Ok,
                "todoruleid" => Expect::TodoRuleId,
                _ => Expect::TodoOk,
            };
            for id in c[2].split(',') {
                pending.push((id.trim().to_string(), e));
            }
        }
        // A line that is only an annotation passes its expectations to the next line.
        let only = found
            && ANNOTATION
                .replace_all(line, "")
                .trim()
                .trim_end_matches("*/")
                .trim_end_matches("-->")
                .trim()
                .is_empty();
        if !only && !pending.is_empty() {
            out.entry(i + 1).or_default().extend(pending.drain(..));
        }
    }
    out
}

/// The outcome of checking one rule against its fixture.
#[derive(Debug, Clone)]
pub struct FixtureOutcome {
    /// The rule.
    pub rule_id: String,
    /// Its fixture path, if any.
    pub fixture: Option<String>,
    /// Failures: each names a line and what went wrong.
    pub failures: Vec<String>,
    /// Known misses and false positives (reported, not failing).
    pub todos: Vec<String>,
    /// Number of `ruleid` and `ok` cases.
    pub cases: (usize, usize),
}

impl FixtureOutcome {
    /// Whether the fixture passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Runs a rule alone on its fixture and compares the findings with the annotations.
pub fn check_rule(rule: Rule) -> FixtureOutcome {
    let mut set = RuleSet::default();
    set.rules.push(rule);
    check_all(set).pop().expect("one rule, one outcome")
}

/// Checks every rule of a set against its fixture. Each rule runs alone, except that a taint
/// rule runs with the sources, propagators and sanitizers its language's taint rules pool;
/// a taint rule without sinks (one that only declares such models) is checked by the
/// findings of its language's taint rules on its fixture.
pub fn check_all(set: RuleSet) -> Vec<FixtureOutcome> {
    let ids: Vec<String> = set.rules.iter().map(|r| r.meta.id.clone()).collect();
    let models: Vec<(usize, Option<Lang>, bool)> = set
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| match &r.matcher {
            Matcher::Taint(t) => (i, Some(t.lang), t.spec.sinks.is_empty()),
            _ => (i, None, false),
        })
        .collect();
    let engine = match Engine::new(set, Duration::from_secs(30)) {
        Ok(e) => e,
        Err(e) => {
            return ids
                .into_iter()
                .map(|id| FixtureOutcome {
                    rule_id: id,
                    fixture: None,
                    failures: vec![e.clone()],
                    todos: vec![],
                    cases: (0, 0),
                })
                .collect();
        }
    };
    (0..ids.len())
        .map(|i| {
            let checked: Vec<usize> = match models[i] {
                (_, Some(lang), true) => models
                    .iter()
                    .filter(|(_, l, model)| *l == Some(lang) && !*model)
                    .map(|(j, _, _)| *j)
                    .collect(),
                _ => vec![i],
            };
            check_one(&engine, i, &checked)
        })
        .collect()
}

/// Checks rule `index`'s fixture, counting the findings of the rules `checked`.
fn check_one(engine: &Engine, index: usize, checked: &[usize]) -> FixtureOutcome {
    let rule = &engine.rules.rules[index];
    let id = rule.meta.id.clone();
    let Some(fixture) = rule.fixture.clone() else {
        return FixtureOutcome {
            rule_id: id.clone(),
            fixture: None,
            failures: vec![format!(
                "{}: no fixture beside the rule (add one with the same name)",
                rule.meta.origin
            )],
            todos: vec![],
            cases: (0, 0),
        };
    };
    let names: BTreeSet<String> = checked.iter().map(|&j| engine.rules.rules[j].meta.id.clone()).collect();
    let path = fixture.path.clone();
    let mut failures = Vec::new();
    let mut todos = Vec::new();
    let kind = lang::classify(&path, fixture.text.as_bytes());
    let only = |j: usize| checked.contains(&j);
    let report = engine.analyze_with(&path, kind, fixture.text.as_bytes(), &only, true);
    // The keyword prefilter may only skip work, never findings.
    let all = engine.analyze_with(&path, kind, fixture.text.as_bytes(), &only, false);
    for f in &all.findings {
        if !report.findings.iter().any(|g| g.span == f.span) {
            failures.push(format!(
                "{path}:{}: found without the keyword prefilter but not with it: the rule's `keywords` miss this case",
                f.span.start_line
            ));
        }
    }
    for e in report.errors {
        failures.push(e.to_string());
    }
    let found: BTreeSet<(usize, String)> = report
        .findings
        .iter()
        .filter(|f| f.suppression.is_none())
        .map(|f| (f.span.start_line, f.rule_id.clone()))
        .collect();
    let notes = annotations(&fixture.text);
    let mut cases = (0, 0);
    for (line, expectations) in &notes {
        for (other, _) in expectations.iter().filter(|(k, _)| !names.contains(*k)) {
            failures.push(format!(
                "{path}:{line}: annotation names `{other}`, but this is the fixture of `{id}`"
            ));
        }
        for (name, expect) in expectations.iter().filter(|(k, _)| names.contains(*k)) {
            let hit = found.contains(&(*line, name.clone()));
            match (expect, hit) {
                (Expect::RuleId, true) => cases.0 += 1,
                (Expect::RuleId, false) => {
                    cases.0 += 1;
                    failures.push(format!("{path}:{line}: expected a finding of `{name}`, none reported"));
                }
                (Expect::Ok, false) => cases.1 += 1,
                (Expect::Ok, true) => {
                    cases.1 += 1;
                    failures.push(format!("{path}:{line}: finding of `{name}` on a line annotated ok"));
                }
                (Expect::TodoRuleId, false) => todos.push(format!("{path}:{line}: known miss")),
                (Expect::TodoRuleId, true) => {
                    failures.push(format!("{path}:{line}: `todoruleid` is now found: make it `ruleid`"))
                }
                (Expect::TodoOk, true) => todos.push(format!("{path}:{line}: known false positive")),
                (Expect::TodoOk, false) => {
                    failures.push(format!("{path}:{line}: `todook` is no longer reported: make it `ok`"))
                }
            }
        }
    }
    for (line, name) in &found {
        if !notes.get(line).is_some_and(|ids| ids.contains_key(name)) {
            failures.push(format!("{path}:{line}: unannotated finding of `{name}`"));
        }
    }
    if cases.0 == 0 {
        failures.push(format!("{path}: needs at least one `ruleid: {id}` case"));
    }
    if cases.1 == 0 {
        failures.push(format!("{path}: needs at least one near-miss `ok: {id}` case"));
    }
    FixtureOutcome {
        rule_id: id,
        fixture: Some(path),
        failures,
        todos,
        cases,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_apply_to_the_next_code_line() {
        let text = "x\n# ruleid: a\n# ok: b\ncode()\ny  # ok: c\n";
        let a = annotations(text);
        assert_eq!(a[&4]["a"], Expect::RuleId);
        assert_eq!(a[&4]["b"], Expect::Ok);
        assert_eq!(a[&5]["c"], Expect::Ok);
        assert!(!a.contains_key(&6));
    }
}
