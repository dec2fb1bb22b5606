//! Secret values never leave the reviewer: every secret fixture is scanned in every output
//! format, and no value the secret engine flagged may appear whole in any of them (report,
//! file output, or standard error).

mod common;

use reviewer::engine::Engine;
use reviewer::finding::{Category, PathContext};
use reviewer::rules::RuleSet;
use reviewer::scan::{self, ScanOptions};
use std::time::Duration;

#[test]
fn no_output_format_shows_a_secret_value() {
    let set = RuleSet::builtin().expect("bundled rules load");
    let dir = tempfile::tempdir().unwrap();
    let mut copied = 0;
    for r in set.rules.iter().filter(|r| r.meta.category == Category::Secrets) {
        let Some(f) = &r.fixture else { continue };
        let name = f.path.rsplit('/').next().unwrap();
        std::fs::write(dir.path().join(name), &f.text).unwrap();
        copied += 1;
    }
    assert!(copied >= 5, "only {copied} secret fixtures");

    // The values, from the library (they are in no serialized output).
    let result = scan_builtin(dir.path());
    let mut values: Vec<(String, Vec<u8>)> = Vec::new();
    for f in &result.findings {
        let Some(r) = &f.secret_range else { continue };
        let bytes = std::fs::read(&f.path).unwrap();
        let value = bytes[r.clone()].to_vec();
        assert!(
            f.snippet.is_empty(),
            "{}: a secret finding carries source text",
            f.rule_id
        );
        let shown = f.secret.as_deref().expect("a secret finding has its summary");
        assert!(shown.contains("chars)"), "{shown}");
        // Values that are plain words may legitimately appear in rule texts and links.
        let word = value.iter().all(|b| b.is_ascii_lowercase());
        if value.len() >= 8 && !word {
            values.push((format!("{}:{}", f.path, f.span.start_line), value));
        }
    }
    assert!(values.len() >= 15, "only {} secret values to look for", values.len());

    let finder = aho_corasick::AhoCorasick::new(values.iter().map(|(_, v)| v)).unwrap();
    // Rule documentation shows an example from each fixture: masked for secret rules.
    for r in set.rules.iter().filter(|r| r.meta.category == Category::Secrets) {
        let doc = reviewer::app::rule_doc(r);
        if let Some(m) = finder.find(&doc) {
            panic!(
                "`rules --doc {}` shows the secret found at {}",
                r.meta.id,
                values[m.pattern().as_usize()].0
            );
        }
    }
    let out_file = dir.path().join("report.out");
    for format in ["text", "json", "sarif", "github", "markdown"] {
        for to_file in [false, true] {
            let mut args = vec!["scan", ".", "--no-config", "--format", format, "--color", "always"];
            if to_file {
                args.extend(["-o", "report.out"]);
            }
            let out = common::reviewer(dir.path(), &args, None);
            let mut all = out.stdout.clone();
            all.extend_from_slice(&out.stderr);
            if to_file {
                all.extend(std::fs::read(&out_file).unwrap());
            }
            assert!(all.len() > 200, "{format}: suspiciously short output");
            if let Some(m) = finder.find(&all) {
                panic!(
                    "{format} (to file: {to_file}) shows the secret found at {}",
                    values[m.pattern().as_usize()].0
                );
            }
        }
    }
}

/// A file saved with Windows line endings holds the same secrets: every secret fixture, with
/// CRLF endings, gets the same findings (rule and line) as with LF endings.
#[test]
fn crlf_files_get_the_same_findings() {
    let set = RuleSet::builtin().expect("bundled rules load");
    let lf = tempfile::tempdir().unwrap();
    let crlf = tempfile::tempdir().unwrap();
    for r in set.rules.iter().filter(|r| r.meta.category == Category::Secrets) {
        let Some(f) = &r.fixture else { continue };
        let name = f.path.rsplit('/').next().unwrap();
        let text = f.text.replace("\r\n", "\n");
        std::fs::write(lf.path().join(name), &text).unwrap();
        std::fs::write(crlf.path().join(name), text.replace('\n', "\r\n")).unwrap();
    }
    let engine = Engine::new(RuleSet::builtin().unwrap(), Duration::from_secs(10)).unwrap();
    let found = |dir: &std::path::Path| {
        let opts = ScanOptions {
            paths: vec![dir.to_path_buf()],
            ..ScanOptions::default()
        };
        let mut f: Vec<(String, usize, String)> = scan::scan(&engine, &opts)
            .findings
            .iter()
            .map(|f| {
                let file = f.path.rsplit('/').next().unwrap().to_string();
                (file, f.span.start_line, f.rule_id.clone())
            })
            .collect();
        f.sort();
        f
    };
    let (with_lf, with_crlf) = (found(lf.path()), found(crlf.path()));
    assert!(with_lf.len() > 100, "only {} findings in the fixtures", with_lf.len());
    let missing: Vec<_> = with_lf.iter().filter(|f| !with_crlf.contains(f)).collect();
    let extra: Vec<_> = with_crlf.iter().filter(|f| !with_lf.contains(f)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "CRLF endings change the findings: missing {missing:#?}, extra {extra:#?}"
    );
}

/// One finding per secret: a value several rules flag is reported once, by the rule that knows
/// its exact format when there is one.
#[test]
fn a_secret_is_reported_once() {
    let result = scan_one_file(
        "deploy.sh",
        "export AWS_ACCESS_KEY_ID=AKIAQ7RT2ZK4WM6XNB3P\n./deploy --api-key=Zk4xHm1aN6ja9gKAB1wlnK\n",
    );
    let found: Vec<(usize, String)> = result
        .findings
        .iter()
        .map(|f| (f.span.start_line, f.rule_id.clone()))
        .collect();
    assert_eq!(found.iter().filter(|(l, _)| *l == 1).count(), 1, "{found:?}");
    assert!(found.contains(&(1, "aws-access-key-id".to_string())), "{found:?}");
    assert_eq!(found.iter().filter(|(l, _)| *l == 2).count(), 1, "{found:?}");
    // A rule that read the value's name tells it, not the entropy heuristic.
    assert!(
        !found.contains(&(2, "generic-key-high-entropy".to_string())),
        "{found:?}"
    );
}

#[test]
fn path_contexts() {
    let of = |p: &str| PathContext::of(p, reviewer::lang::classify(p, b""));
    assert_eq!(of("src/test/java/a/DbTest.java"), Some(PathContext::Test));
    assert_eq!(of("app/tests/settings.py"), Some(PathContext::Test));
    assert_eq!(of("app/test_settings.py"), Some(PathContext::Test));
    assert_eq!(of("src/main/java/a/AppIT.java"), Some(PathContext::Test));
    assert_eq!(of("examples/docker-compose.yml"), Some(PathContext::Example));
    assert_eq!(of(".env.example"), Some(PathContext::Example));
    assert_eq!(of("config/settings.sample.yml"), Some(PathContext::Example));
    assert_eq!(of("docs/setup.md"), Some(PathContext::Docs));
    assert_eq!(of("README.md"), Some(PathContext::Docs));
    assert_eq!(of("src/main/resources/application.properties"), None);
    assert_eq!(of("app/settings.py"), None);
    assert_eq!(of("src/main/java/a/Latest.java"), None);
}

#[test]
fn code_and_config_rules_split_the_files_between_them() {
    let set = RuleSet::builtin().expect("bundled rules load");
    let rule = |id: &str| set.rules.iter().find(|r| r.meta.id == id).expect(id);
    let (code, config) = (rule("generic-secret-in-code"), rule("generic-secret-in-config"));
    for path in ["cmd/server/main.go", "web/src/app.ts", "lib/client.rb", "src/Db.cs"] {
        let kind = reviewer::lang::classify(path, b"");
        assert!(code.applies_to(kind, path), "{path}: code rule");
        assert!(!config.applies_to(kind, path), "{path}: config rule");
    }
    for path in ["config/app.yml", ".env", "deploy/settings.local"] {
        let kind = reviewer::lang::classify(path, b"");
        assert!(!code.applies_to(kind, path), "{path}: code rule");
        assert!(config.applies_to(kind, path), "{path}: config rule");
    }
}

/// A custom secret rule `id`: the fields every rule needs, then `rest` (its `[paths]` and
/// `[secret]` tables).
fn custom_secret_rule(id: &str, rest: &str) -> String {
    format!(
        r#"id = "{id}"
kind = "secret"
languages = ["*"]
severity = "high"
category = "secrets"
cwe = ["CWE-798"]
message = "m"
recommendation = "r"
{rest}"#
    )
}

#[test]
fn an_unknown_list_of_globs_is_an_error_that_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let rule = custom_secret_rule(
        "custom-secret",
        "[paths]\ninclude = [\"@code-without-parsers\"]\n[secret]\nregex = 'tok_[a-z0-9]{20}'\n",
    );
    std::fs::write(dir.path().join("custom.toml"), rule).unwrap();
    let mut set = RuleSet::builtin().expect("bundled rules load");
    let errors = set.load_dir(dir.path()).expect_err("an unknown list is refused");
    let text = format!("{errors:?}");
    assert!(
        text.contains("@code-without-parsers") && text.contains("@code-without-parser"),
        "{text}"
    );
}

#[test]
fn command_line_passwords_are_read_in_java_and_python_argument_lists() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Deploy.java"),
        "class Deploy {\n    String[] args = {\"--keystore-password\", \"Lx5!Tn9qWz2\"};\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("deploy.py"),
        concat!(
            "subprocess.run([\"mysql\", \"--password\", \"Rq8-Wm3z-Kv6t\"])\n",
            "parser.add_argument('--password', dest='password')\n",
            "parser.add_argument(\"--password\", nargs='?')\n",
        ),
    )
    .unwrap();
    let result = scan_builtin(dir.path());
    let mut found: Vec<(String, usize)> = result
        .findings
        .iter()
        .filter(|f| f.rule_id == "password-command-line-flag")
        .map(|f| {
            let name = f.path.rsplit('/').next().unwrap().to_string();
            (name, f.span.start_line)
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [("Deploy.java".to_string(), 2), ("deploy.py".to_string(), 1)],
        "a flag's value in an argument list is found; a parser's definition of the flag is not"
    );
}

/// Findings of a scan of `dir` with the rules of `set`.
fn scan_with(set: RuleSet, dir: &std::path::Path) -> scan::ScanResult {
    let engine = Engine::new(set, Duration::from_secs(10)).unwrap();
    let opts = ScanOptions {
        paths: vec![dir.to_path_buf()],
        ..ScanOptions::default()
    };
    scan::scan(&engine, &opts)
}

/// Findings of a scan of `dir` with the bundled rules.
fn scan_builtin(dir: &std::path::Path) -> scan::ScanResult {
    scan_with(RuleSet::builtin().unwrap(), dir)
}

/// The scan of one file `name` holding `text` with the rules of `set`.
fn scan_one_file_with(set: RuleSet, name: &str, text: &str) -> scan::ScanResult {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    scan_with(set, dir.path())
}

/// The bundled rules' scan of one file `name` holding `text`.
fn scan_one_file(name: &str, text: &str) -> scan::ScanResult {
    scan_one_file_with(RuleSet::builtin().unwrap(), name, text)
}

/// The start lines of `rule`'s findings in `result`.
fn start_lines(result: &scan::ScanResult, rule: &str) -> Vec<usize> {
    result
        .findings
        .iter()
        .filter(|f| f.rule_id == rule)
        .map(|f| f.span.start_line)
        .collect()
}

#[test]
fn credential_parameters_in_java_strings_are_read() {
    let result = scan_one_file(
        "Canary.java",
        concat!(
            "class Canary {\n",
            "    String url = \"https://hooks.acme.internal/manage?id=7&token=q8Zr3LkW9xVt2NpY7mHc\";\n",
            "    void f() { password=readPassword(); }\n",
            "}\n",
        ),
    );
    let found = start_lines(&result, "credential-parameter-in-code-string");
    assert_eq!(found, [2], "a query parameter in a Java string is read; code is not");
}

#[test]
fn a_secret_finding_starts_at_the_name_not_at_the_delimiter_before_it() {
    let result = scan_one_file(
        "settings.conf",
        concat!(
            "[db]\n",
            "host = db.acme.internal; db_password = Jx7qT2vLm9Rw4Zc8\n",
            "signing_key = Zk4xHm1aN6ja9gKAB1wlnKq8Zr3L\n",
        ),
    );
    let mut found: Vec<_> = result
        .findings
        .iter()
        .map(|f| {
            let s = &f.span;
            (
                f.rule_id.clone(),
                (s.start_line, s.start_column),
                (s.end_line, s.end_column),
            )
        })
        .collect();
    found.sort();
    // The password's finding starts at `db_password`, not at the space before it. The key's
    // starts on its own line, not at the line break before it, and ends with the value, not
    // after the line break that follows.
    assert_eq!(
        found,
        [
            (
                "generic-key-high-entropy".to_string(),
                (3_usize, 1_usize),
                (3_usize, 43_usize)
            ),
            ("generic-secret-in-config".to_string(), (2, 26), (2, 56)),
        ],
    );
}

#[test]
fn allowlists_can_name_a_shared_list_of_regexes() {
    let rule = |list: &str| {
        custom_secret_rule(
            "custom-svc-url",
            &format!(
                r#"[secret]
keywords = ["svc://"]
regex = 'svc://[a-z]+:([^@\s]+)@'
secret_group = 1
[[secret.allowlist]]
target = "secret"
regexes = ["{list}"]
"#
            ),
        )
    };
    let rules = tempfile::tempdir().unwrap();
    std::fs::write(rules.path().join("custom.toml"), rule("@url-password-placeholders")).unwrap();
    let mut set = RuleSet::builtin().expect("bundled rules load");
    set.load_dir(rules.path()).expect("a known list loads");
    let result = scan_one_file_with(
        set,
        "notes.txt",
        "svc://app:${SVC_PASSWORD}@queue\nsvc://app:Qm7vT2xLp9dK@queue\nsvc://app:changeme@queue\n",
    );
    let lines = start_lines(&result, "custom-svc-url");
    assert_eq!(lines, [2], "the shared list drops the lookup and the placeholder");

    // A misspelt name is an error naming the field, the name and the known lists.
    std::fs::write(rules.path().join("custom.toml"), rule("@url-password-placeholder")).unwrap();
    let mut set = RuleSet::builtin().expect("bundled rules load");
    let text = format!(
        "{:?}",
        set.load_dir(rules.path()).expect_err("an unknown list is refused")
    );
    for part in [
        "secret.allowlist[0].regexes",
        "`@url-password-placeholder`",
        "@url-password-placeholders",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
}
