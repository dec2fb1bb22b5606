//! The command line, end to end: sources, formats, exit codes, configuration, suppression.

mod common;
use common::*;

const SHELL_TRUE: &[u8] = b"import subprocess\n\n\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n";

/// Copies the directory `from` to `to`.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn example_repository_is_reviewed_with_paths_as_typed() {
    // A copy outside this repository: here its ignored build/ is committed (it is a fixture),
    // and committed files are scanned whatever .gitignore says.
    let dir = tempfile::tempdir().unwrap();
    let base = "shop/mixed-java-python";
    copy_dir(
        &root().join("fixtures/reviewer/repos/mixed-java-python"),
        &dir.path().join(base),
    );
    let (code, report, _) = scan_json(dir.path(), &[base]);
    assert_eq!(code, 1, "findings give exit code 1");
    let f = findings(&report);
    assert!(
        f.contains(&(format!("{base}/app/report.py"), 12, "subprocess-shell-true".into())),
        "{f:#?}"
    );
    assert!(
        f.iter()
            .any(|(p, _, r)| p == &format!("{base}/config/application.properties") && r == "aws-access-key-id")
    );
    assert!(
        f.iter().all(|(p, _, _)| !p.contains("build/Generated.java")),
        ".gitignore is honoured: {f:#?}"
    );
    assert!(
        f.iter().all(|(p, _, _)| p.starts_with(base)),
        "paths relative to the cwd as typed: {f:#?}"
    );
    // --no-ignore scans the ignored file too (it holds a Java SQL injection when Java rules exist).
    let (_, all, _) = scan_json(dir.path(), &["--no-ignore", base]);
    assert!(all["summary"]["stats"]["files_scanned"].as_u64() > report["summary"]["stats"]["files_scanned"].as_u64());
}

#[test]
fn dot_relative_and_absolute_paths() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("src/run.py", SHELL_TRUE)]);
    let (_, report, _) = scan_json(dir.path(), &[]);
    assert_eq!(findings(&report)[0].0, "src/run.py");
    let (_, report, _) = scan_json(dir.path(), &["./src"]);
    assert_eq!(findings(&report)[0].0, "src/run.py");
    let abs = dir.path().join("src").to_string_lossy().into_owned();
    let (_, report, _) = scan_json(dir.path(), &[&abs]);
    assert_eq!(findings(&report)[0].0, format!("{abs}/run.py"));
}

#[test]
fn hidden_files_are_scanned_git_is_not_symlinks_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let key = b"aws_access_key_id = AKIAZ7Q3K5V2XW4NHP6M\n";
    write_tree(
        dir.path(),
        &[
            (".env", key),
            (".github/deploy.sh", key),
            (".git/config", key),
            ("real/k.txt", key),
        ],
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("real"), dir.path().join("link")).unwrap();
    let (_, report, _) = scan_json(dir.path(), &[]);
    let paths: Vec<String> = findings(&report).into_iter().map(|f| f.0).collect();
    assert_eq!(paths, vec![".env", ".github/deploy.sh", "real/k.txt"]);
    #[cfg(unix)]
    assert_eq!(report["summary"]["stats"]["skipped_symlinks"], 1);
}

#[test]
fn exit_codes_follow_fail_on_and_errors_win() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("run.py", SHELL_TRUE), ("clean.py", b"print('hi')\n")]);
    assert_eq!(reviewer(dir.path(), &["scan", "clean.py"], None).status.code(), Some(0));
    assert_eq!(reviewer(dir.path(), &["scan", "run.py"], None).status.code(), Some(1));
    assert_eq!(
        reviewer(dir.path(), &["scan", "--fail-on", "critical", "run.py"], None)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        reviewer(dir.path(), &["scan", "--fail-on", "high", "run.py"], None)
            .status
            .code(),
        Some(1)
    );
    let out = reviewer(dir.path(), &["scan", "run.py", "missing.py"], None);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a missing path is an error, and errors beat findings"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("missing.py: no such file"));
}

#[test]
fn standard_input_with_a_filename() {
    let dir = tempfile::tempdir().unwrap();
    let out = reviewer(
        dir.path(),
        &["scan", "-", "--stdin-filename", "src/tool.py", "--format", "json"],
        Some(SHELL_TRUE),
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        findings(&report),
        vec![("src/tool.py".to_string(), 5, "subprocess-shell-true".to_string())]
    );
    let out = reviewer(dir.path(), &["scan", "-"], Some(SHELL_TRUE));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--stdin-filename"));
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let repo = "fixtures/reviewer/repos/mixed-java-python";
    for format in ["json", "sarif", "text", "github", "markdown"] {
        let one = reviewer(&root(), &["scan", "-j", "1", "--format", format, repo, "rules"], None);
        let four = reviewer(&root(), &["scan", "-j", "4", "--format", format, repo, "rules"], None);
        assert!(!one.stdout.is_empty());
        assert_eq!(one.stdout, four.stdout, "{format} output differs between -j 1 and -j 4");
    }
}

#[test]
fn text_report_has_code_frame_and_summary_without_colour_off_terminal() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("run.py", SHELL_TRUE)]);
    let out = reviewer(dir.path(), &["scan"], None);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("run.py:5:5: high [subprocess-shell-true]"), "{text}");
    assert!(text.contains("5 |     subprocess.run(cmd, shell=True)"), "{text}");
    assert!(text.contains("  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"), "{text}");
    assert!(text.contains("fix: Pass the command as a list"), "{text}");
    assert!(text.contains("1 finding (1 high) in 1 file"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when stdout is not a terminal");
    let out = reviewer(dir.path(), &["scan", "--color", "always"], None);
    assert!(String::from_utf8(out.stdout).unwrap().contains('\x1b'));
}

#[test]
fn ci_formats_annotate_and_summarise() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("run.py", SHELL_TRUE)]);
    let out = reviewer(dir.path(), &["scan", "--format", "github"], None);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("::error file=run.py,line=5,endLine=5,col=5,"),
        "{text}"
    );
    assert!(text.contains("title=subprocess-shell-true (high)::"), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    let out = reviewer(dir.path(), &["scan", "--format", "markdown"], None);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("## reviewer: 1 finding, 1 at or above low"), "{md}");
    assert!(md.contains("| high | 1 |"), "{md}");
    assert!(
        md.contains("#### HIGH `subprocess-shell-true` in `run.py` line 5"),
        "{md}"
    );
    assert!(
        md.contains("```python\n    subprocess.run(cmd, shell=True)\n```"),
        "{md}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn output_file_for_any_format() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("run.py", SHELL_TRUE)]);
    for format in ["text", "json", "sarif", "github", "markdown"] {
        let out = reviewer(
            dir.path(),
            &["scan", "run.py", "--format", format, "--output", "report.out"],
            None,
        );
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty(), "{format}: the report goes to the file only");
        let written = std::fs::read_to_string(dir.path().join("report.out")).unwrap();
        assert!(written.contains("subprocess-shell-true"), "{format}: {written}");
    }
}

#[test]
fn categories_filter_rules() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("run.py", SHELL_TRUE),
            ("k.env", b"AWS_ACCESS_KEY_ID=AKIAZ7Q3K5V2XW4NHP6M\n"),
        ],
    );
    let (_, r, _) = scan_json(dir.path(), &["--category", "secrets"]);
    let rules: Vec<String> = findings(&r).into_iter().map(|f| f.2).collect();
    assert_eq!(rules, vec!["aws-access-key-id"]);
    let (_, r, _) = scan_json(dir.path(), &["--category", "secrets,security"]);
    assert_eq!(findings(&r).len(), 2);
    let out = reviewer(dir.path(), &["scan", "--category", "styling"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown category `styling`"));
}

#[test]
fn inline_suppressions_are_honoured_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let src = b"import subprocess\n\
subprocess.run(a, shell=True)  # noqa\n\
subprocess.run(b, shell=True)  # noqa: E501\n\
subprocess.run(c, shell=True)  # nosec\n\
# reviewer: ignore[subprocess-shell-true]\n\
subprocess.run(d, shell=True)\n\
subprocess.run(e, shell=True)  # reviewer: ignore[other-rule]\n\
subprocess.run(f, shell=True)  # noqa: subprocess-shell-true\n";
    write_tree(dir.path(), &[("s.py", src)]);
    let (code, r, _) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let lines: Vec<u64> = findings(&r).into_iter().map(|f| f.1).collect();
    assert_eq!(
        lines,
        vec![3, 7],
        "`# noqa: E501` and a marker for another rule do not silence"
    );
    assert_eq!(r["summary"]["stats"]["suppressed"], 4);
    let out = reviewer(dir.path(), &["scan", "--format", "sarif"], None);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 6, "suppressed results are kept in SARIF");
    assert_eq!(results.iter().filter(|r| r.get("suppressions").is_some()).count(), 4);
    // Everything suppressed: exit 0.
    write_tree(
        dir.path(),
        &[("s.py", b"import subprocess\nsubprocess.run(a, shell=True)  # nosec\n")],
    );
    assert_eq!(reviewer(dir.path(), &["scan"], None).status.code(), Some(0));
}

#[test]
fn configuration_excludes_disables_overrides_and_rejects_unknown_keys() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("run.py", SHELL_TRUE), ("vendor/lib/run.py", SHELL_TRUE)]);
    write_tree(
        dir.path(),
        &[(
            ".reviewer.toml",
            b"exclude = [\"vendor/\"]\n[rules.severity]\nsubprocess-shell-true = \"low\"\n",
        )],
    );
    let (code, r, _) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1);
    let f = findings(&r);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(r["findings"][0]["severity"], "low");
    assert_eq!(
        reviewer(dir.path(), &["scan", "--fail-on", "medium"], None)
            .status
            .code(),
        Some(0)
    );
    write_tree(
        dir.path(),
        &[(".reviewer.toml", b"[rules]\ndisable = [\"subprocess-shell-true\"]\n")],
    );
    assert_eq!(reviewer(dir.path(), &["scan"], None).status.code(), Some(0));
    write_tree(
        dir.path(),
        &[(".reviewer.toml", b"[rules]\ndisable = [\"no-such-rule\"]\n")],
    );
    let out = reviewer(dir.path(), &["scan"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown rule or category `no-such-rule`"));
    write_tree(dir.path(), &[(".reviewer.toml", b"excludes = [\"vendor/\"]\n")]);
    let out = reviewer(dir.path(), &["scan"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".reviewer.toml") && err.contains("excludes"), "{err}");
    // --config names another file; --no-config ignores it.
    assert_eq!(
        reviewer(dir.path(), &["scan", "--no-config"], None).status.code(),
        Some(1)
    );
}

#[test]
fn user_rules_load_and_bad_rules_name_file_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let rule = b"id = \"print-call\"\nkind = \"query\"\nlanguages = [\"python\"]\nseverity = \"low\"\ncategory = \"best-practice\"\ncwe = [\"CWE-489\"]\nmessage = \"print\"\nrecommendation = \"use logging\"\n[query]\nsource = '((call function: (identifier) @f) @finding (#eq? @f \"print\"))'\n";
    write_tree(
        dir.path(),
        &[("my-rules/print-call.toml", rule), ("code/a.py", b"print(1)\n")],
    );
    let (code, r, _) = scan_json(dir.path(), &["--rules", "my-rules", "code"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&r), vec![("code/a.py".into(), 1, "print-call".into())]);
    let bad = String::from_utf8_lossy(rule).replace("severity = \"low\"", "severity = \"urgent\"");
    write_tree(dir.path(), &[("my-rules/print-call.toml", bad.as_bytes())]);
    let out = reviewer(dir.path(), &["scan", "--rules", "my-rules", "code"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("my-rules/print-call.toml") && err.contains("severity"),
        "{err}"
    );
    let bad = String::from_utf8_lossy(rule).replace("(identifier) @f", "(identifer) @f");
    write_tree(dir.path(), &[("my-rules/print-call.toml", bad.as_bytes())]);
    let out = reviewer(dir.path(), &["scan", "--rules", "my-rules", "code"], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("print-call.toml: field `query.source`") && err.contains("identifer"),
        "{err}"
    );
}

#[test]
fn rules_listing_json_and_doc() {
    let out = reviewer(&root(), &["rules", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0));
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &rules[0];
    for key in ["id", "kind", "languages", "severity", "category", "cwe"] {
        assert!(first.get(key).is_some(), "rules --format json lacks {key}");
    }
    let out = reviewer(&root(), &["rules", "--doc", "subprocess-shell-true"], None);
    let doc = String::from_utf8(out.stdout).unwrap();
    for section in ["What it finds", "Why it matters", "What to do instead", "Bad", "Good"] {
        assert!(doc.contains(section), "{doc}");
    }
    assert_eq!(
        reviewer(&root(), &["rules", "--doc", "nope"], None).status.code(),
        Some(2)
    );
}

#[test]
fn fingerprints_survive_moving_code_and_keep_duplicates_apart() {
    let dir = tempfile::tempdir().unwrap();
    let two = b"import subprocess\nsubprocess.run(x, shell=True)\nsubprocess.run(x, shell=True)\n";
    write_tree(dir.path(), &[("a.py", two)]);
    let (_, before, _) = scan_json(dir.path(), &[]);
    let moved = b"import subprocess\n\n\n# a comment\nsubprocess.run(x,  shell=True)\nsubprocess.run(x, shell=True)\n";
    write_tree(dir.path(), &[("a.py", moved)]);
    let (_, after, _) = scan_json(dir.path(), &[]);
    let fps = |r: &serde_json::Value| -> Vec<String> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(fps(&before).len(), 2);
    assert_ne!(fps(&before)[0], fps(&before)[1], "two identical findings stay two");
    assert_eq!(
        fps(&before),
        fps(&after),
        "fingerprints ignore line moves and whitespace"
    );
}
