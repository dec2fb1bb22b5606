//! A repository of hostile inputs scans to completion with every problem reported.

mod common;
use common::*;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

#[test]
fn hostile_repository_scans_to_completion() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    copy_dir(&root().join("fixtures/reviewer/repos/robustness"), &repo);
    // A 50 MB file, generated here rather than committed.
    let line = b"x = 'padding padding padding padding padding padding padding'\n";
    let mut big = Vec::with_capacity(50 * 1024 * 1024 + line.len());
    while big.len() < 50 * 1024 * 1024 {
        big.extend_from_slice(line);
    }
    std::fs::write(repo.join("src/huge.py"), &big).unwrap();
    drop(big);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", repo.join("src/loop")).unwrap();
        std::os::unix::fs::symlink("loop", repo.join("src/loop2")).unwrap();
    }

    let (code, r, stderr) = scan_json(&repo, &["-j", "2"]);
    assert_eq!(code, 1, "findings, no errors: {stderr}\n{r:#}");
    let stats = &r["summary"]["stats"];
    assert_eq!(stats["skipped_binary"], 1, "{stats}");
    assert_eq!(stats["skipped_too_large"], 1, "{stats}");
    #[cfg(unix)]
    assert_eq!(stats["skipped_symlinks"], 2, "{stats}");
    let f = findings(&r);
    for (path, line) in [
        ("src/crlf.py", 5),
        ("src/invalid_utf8.py", 5),
        ("src/syntax_error.py", 8),
        ("src/deep_nesting.py", 7),
        ("src/Bom.java", 5),
    ] {
        assert!(
            f.iter().any(|(p, l, _)| p == path && *l == line),
            "no finding at {path}:{line}: {f:#?}"
        );
    }
    let warnings = r["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w["path"] == "src/syntax_error.py"),
        "syntax errors are warnings: {warnings:?}"
    );
    let skipped = r["skipped"].as_array().unwrap();
    assert!(
        skipped
            .iter()
            .any(|s| s["path"] == "src/huge.py" && s["message"].as_str().unwrap().contains("max-file-size"))
    );

    // Following links, the loop is detected and reported, and the scan still completes.
    #[cfg(unix)]
    {
        let (code, r, _) = scan_json(&repo, &["--follow"]);
        assert_eq!(code, 2, "a link loop is an error when following links");
        assert!(
            r["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["message"].as_str().unwrap().contains("loop")),
            "{r:#}"
        );
        assert!(findings(&r).iter().any(|(p, _, _)| p == "src/crlf.py"));
    }
}

#[test]
fn a_file_over_its_time_budget_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let mut src = String::from("import subprocess\n");
    for i in 0..40_000 {
        src.push_str(&format!(
            "def f{i}(a, b=[1, 2, 3]):\n    return subprocess.run(a, shell=True) or [x for x in b if x]\n"
        ));
    }
    write_tree(
        dir.path(),
        &[
            ("big.py", src.as_bytes()),
            ("small.py", b"import subprocess\nsubprocess.run(x, shell=True)\n"),
        ],
    );
    let (code, r, _) = scan_json(dir.path(), &["--time-budget", "0.001", "--max-file-size", "100M"]);
    assert_eq!(code, 2);
    let errors = r["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["path"] == "big.py" && e["message"].as_str().unwrap().contains("time budget")),
        "{errors:?}"
    );
    assert!(
        findings(&r).iter().any(|(p, _, _)| p == "small.py"),
        "other files are still reviewed"
    );
}
