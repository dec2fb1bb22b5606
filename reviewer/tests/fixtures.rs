//! Every bundled rule, run alone on its annotated fixture, reports exactly what the
//! annotations say; and the bundled set is what the product promises.

use reviewer::fixture;
use reviewer::rules::{Lang, RuleSet};
use std::collections::BTreeMap;

#[test]
fn every_rule_passes_its_fixture() {
    let set = RuleSet::builtin().expect("bundled rules load");
    let outcomes = fixture::check_all(set);
    let failures: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.passed())
        .flat_map(|o| o.failures.iter().map(move |f| format!("{}: {f}", o.rule_id)))
        .collect();
    for o in &outcomes {
        for t in &o.todos {
            println!("todo {}: {t}", o.rule_id);
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn bundled_rules_are_documented_and_cover_both_languages() {
    let set = RuleSet::builtin().expect("bundled rules load");
    let mut per_lang: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &set.rules {
        assert!(
            r.meta.description.is_some(),
            "{}: field `description` is missing",
            r.meta.origin
        );
        assert!(!r.meta.cwe.is_empty(), "{}: field `cwe` is empty", r.meta.origin);
        assert!(r.fixture.is_some(), "{}: no fixture", r.meta.origin);
        if let Some(q) = r.query() {
            *per_lang
                .entry(match q.lang {
                    Lang::Java => "java",
                    Lang::Python => "python",
                })
                .or_default() += 1;
        }
    }
    println!("query rules per language: {per_lang:?}");
    assert!(per_lang.get("java").copied().unwrap_or(0) >= 30, "{per_lang:?}");
    assert!(per_lang.get("python").copied().unwrap_or(0) >= 30, "{per_lang:?}");
}

#[test]
fn a_broken_fixture_fails() {
    // The checker itself must be able to fail: a rule whose fixture annotates a miss.
    let rule = r#"
id = "demo-eval"
kind = "query"
languages = ["python"]
severity = "high"
category = "security"
cwe = ["CWE-95"]
message = "eval"
recommendation = "don't"
[query]
source = '((call function: (identifier) @f) @finding (#eq? @f "eval"))'
"#;
    let fixture_text = "# ruleid: demo-eval\nexec(x)\n# ok: demo-eval\neval('1')\nx = eval(y)\n";
    let fx = reviewer::rules::Fixture {
        path: "demo-eval.py".into(),
        text: fixture_text.into(),
    };
    let r = reviewer::rules::Rule::parse("demo-eval.toml", rule, Some(fx)).expect("rule parses");
    let o = fixture::check_rule(r);
    assert!(!o.passed());
    let all = o.failures.join("\n");
    assert!(all.contains("demo-eval.py:2: expected a finding"), "{all}");
    assert!(
        all.contains("demo-eval.py:4: finding of `demo-eval` on a line annotated ok"),
        "{all}"
    );
    assert!(all.contains("demo-eval.py:5: unannotated finding"), "{all}");
}

#[test]
fn every_query_and_condition_compiles() {
    // Bundled queries are compiled lazily at scan time; this compiles them all.
    let set = RuleSet::builtin().expect("bundled rules load");
    let mut errors = Vec::new();
    for r in &set.rules {
        if let reviewer::rules::Matcher::Secret(s) = &r.matcher
            && let Err(e) = s.regex()
        {
            errors.push(format!("{}: {e}", r.meta.origin));
        }
        let Some(q) = r.query() else { continue };
        if let Err(e) = reviewer::rules::compile_query(q.lang, &q.source) {
            errors.push(format!("{}: field `query.source`: {e}", r.meta.origin));
        }
        for (field, list) in [("unless", &q.unless), ("require", &q.require)] {
            for (i, c) in list.iter().enumerate() {
                if let Err(e) = c.query() {
                    errors.push(format!("{}: field `query.{field}[{i}].source`: {e}", r.meta.origin));
                }
            }
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The `ruleid` cases of rule `id` in a fixture: the target line's number, its trimmed text,
/// and the text of the case (the target line and up to `after` lines after it, stopping at the
/// next annotation).
fn finding_cases<'a>(id: &str, text: &'a str, after: usize) -> Vec<(usize, &'a str, String)> {
    let lines: Vec<&str> = text.lines().collect();
    reviewer::fixture::annotations(text)
        .into_iter()
        .filter(|(_, expect)| expect.get(id) == Some(&reviewer::fixture::Expect::RuleId))
        .map(|(line, _)| {
            let mut window = vec![lines[line - 1]];
            window.extend(
                lines[line..(line + after).min(lines.len())]
                    .iter()
                    .take_while(|l| !reviewer::fixture::has_annotation(l)),
            );
            (line, lines[line - 1].trim(), window.join("\n"))
        })
        .collect()
}

#[test]
fn every_finding_case_fires_its_rule_trigger_on_its_own() {
    // A rule's `trigger` (and, where set, its secret pattern run as a prefilter) decides
    // whether a file is parsed for it at all. The fixture test scans
    // a whole fixture, where any other case can fire the trigger; here every `ruleid` case must
    // fire it by itself (its line and the next two, for a call spread over lines, up to the
    // next case's annotation), or a file holding only that case would never be looked at.
    let set = RuleSet::builtin().expect("bundled rules load");
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in &set.rules {
        let (Some(q), Some(fixture)) = (r.query(), &r.fixture) else {
            continue;
        };
        if q.trigger.is_none() && q.trigger_literal.is_none() && !q.prefilter_secret_pattern {
            continue;
        }
        for (line, first, window) in finding_cases(&r.meta.id, &fixture.text, 2) {
            checked += 1;
            if !reviewer::engine::query::triggered(q, window.as_bytes()) {
                failures.push(format!("{}:{line}: {first}", fixture.path));
            }
        }
    }
    assert!(checked > 20, "only {checked} cases checked");
    assert!(
        failures.is_empty(),
        "finding cases that do not fire their rule's trigger:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_secret_finding_case_holds_one_of_its_rule_keywords() {
    // A secret rule's regex runs only on files where the keyword pass finds one of its
    // keywords. The fixture test scans a whole fixture, where another case's line can supply
    // the keyword; here every `ruleid` case (its line and the lines after it, up to the next
    // annotation) must hold one itself, or a file with only that case would never be matched.
    // Rules whose keywords are not in their regex at all use them as the file's context
    // (`twilio`, from the import that goes with the client's credentials) and are left out.
    let set = RuleSet::builtin().expect("bundled rules load");
    let mut failures = Vec::new();
    let mut checked = 0;
    for r in &set.rules {
        let (reviewer::rules::Matcher::Secret(s), Some(fixture)) = (&r.matcher, &r.fixture) else {
            continue;
        };
        let source = s.source.to_ascii_lowercase();
        if !s
            .keywords
            .iter()
            .any(|k| source.contains(k.trim_matches(|c: char| !c.is_ascii_alphanumeric())))
        {
            continue;
        }
        for (line, first, window) in finding_cases(&r.meta.id, &fixture.text, 60) {
            let window = window.to_ascii_lowercase();
            checked += 1;
            if !s.keywords.iter().any(|k| window.contains(k.as_str())) {
                failures.push(format!("{}:{line}: {first}", fixture.path));
            }
        }
    }
    assert!(checked > 200, "only {checked} cases checked");
    assert!(
        failures.is_empty(),
        "secret finding cases without any of their rule's keywords:\n{}",
        failures.join("\n")
    );
}
