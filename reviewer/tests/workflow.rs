//! The developer's workflow against real git repositories in temporary directories: staged
//! content, pull-request differences, baselines, history, the pre-commit hook.

mod common;

use common::{findings, reviewer, scan_json, write_tree};
use std::path::Path;
use std::process::Command;

const SHELL_CALL: &str = "import subprocess\n\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\n";
/// A password a generic rule reports (made up).
const PASSWORD_LINE: &str = "db_password = \"Qv7!mZ2#rT9x\"\n";
const PASSWORD: &str = "Qv7!mZ2#rT9x";
/// An AWS key id of the documented shape, made up.
const AWS_LINE: &str = "aws_key = \"AKIAQ3EGRX7ZJ4NB2T5M\"\n";

fn have_git() -> bool {
    let ok = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED: git is not installed");
    }
    ok
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Ann Author")
        .env("GIT_AUTHOR_EMAIL", "ann@example.com")
        .env("GIT_COMMITTER_NAME", "Ann Author")
        .env("GIT_COMMITTER_EMAIL", "ann@example.com")
        .env("GIT_AUTHOR_DATE", "2024-05-01T10:00:00+00:00")
        .env("GIT_COMMITTER_DATE", "2024-05-01T10:00:00+00:00")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["config", "commit.gpgsign", "false"]);
    dir
}

fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "--no-verify", "-m", message]);
}

fn rules_of(report: &serde_json::Value) -> Vec<(String, u64, String)> {
    let mut f = findings(report);
    f.sort();
    f
}

#[test]
fn staged_scans_the_index_not_the_working_tree() {
    if !have_git() {
        return;
    }
    let dir = repo();
    write_tree(dir.path(), &[("README.md", b"# demo\n")]);
    commit_all(dir.path(), "init");
    // Staged: the password on line 2. Then the working tree drops it and adds lines above.
    write_tree(
        dir.path(),
        &[("app.py", format!("import os\n{PASSWORD_LINE}").as_bytes())],
    );
    git(dir.path(), &["add", "app.py"]);
    write_tree(dir.path(), &[("app.py", b"# one\n# two\n# three\nimport os\n")]);
    let (code, report, _) = scan_json(dir.path(), &["--staged"]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_of(&report),
        vec![("app.py".into(), 2, "python-hardcoded-secret".into())],
        "line as staged"
    );
    // A secret only in the working tree is not the commit's.
    write_tree(dir.path(), &[("other.py", AWS_LINE.as_bytes())]);
    git(dir.path(), &["add", "app.py"]);
    let (code, report, _) = scan_json(dir.path(), &["--staged"]);
    assert_eq!(code, 0, "{report}");
    assert!(findings(&report).is_empty());
    // From a subdirectory, paths are as the user types them.
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    write_tree(dir.path(), &[("lib.py", PASSWORD_LINE.as_bytes())]);
    git(dir.path(), &["add", "lib.py"]);
    let (_, report, _) = scan_json(&dir.path().join("sub"), &["--staged"]);
    assert_eq!(findings(&report)[0].0, "../lib.py");
}

#[test]
fn staged_reports_only_the_lines_the_commit_adds_unless_all_lines() {
    if !have_git() {
        return;
    }
    let dir = repo();
    write_tree(dir.path(), &[("src/run.py", SHELL_CALL.as_bytes())]);
    commit_all(dir.path(), "legacy");
    let changed = format!("{SHELL_CALL}\ndef again(cmd):\n    subprocess.run(cmd, shell=True)\n");
    write_tree(dir.path(), &[("src/run.py", changed.as_bytes())]);
    git(dir.path(), &["add", "-A"]);
    let (code, report, _) = scan_json(dir.path(), &["--staged"]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_of(&report),
        vec![("src/run.py".into(), 7, "subprocess-shell-true".into())]
    );
    assert_eq!(report["summary"]["stats"]["unchanged_lines"], 1);
    let (_, report, _) = scan_json(dir.path(), &["--staged", "--all-lines"]);
    assert_eq!(findings(&report).len(), 2);
}

#[test]
fn staged_deletions_and_binary_files_are_handled() {
    if !have_git() {
        return;
    }
    let dir = repo();
    write_tree(dir.path(), &[("old.py", SHELL_CALL.as_bytes()), ("keep.txt", b"x\n")]);
    commit_all(dir.path(), "init");
    git(dir.path(), &["rm", "-q", "old.py"]);
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(AWS_LINE.as_bytes());
    write_tree(dir.path(), &[("logo.png", &png)]);
    git(dir.path(), &["add", "logo.png"]);
    let (code, report, stderr) = scan_json(dir.path(), &["--staged"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(findings(&report).is_empty());
    assert_eq!(report["summary"]["stats"]["skipped_binary"], 1);
    assert_eq!(report["summary"]["stats"]["files_scanned"], 0);
    assert!(report["errors"].as_array().unwrap().is_empty(), "{report}");
}

#[test]
fn diff_reports_changed_lines_since_the_merge_base_including_uncommitted_and_untracked() {
    if !have_git() {
        return;
    }
    let dir = repo();
    write_tree(dir.path(), &[("src/run.py", SHELL_CALL.as_bytes())]);
    commit_all(dir.path(), "base");
    git(dir.path(), &["checkout", "-q", "-b", "feature"]);
    // Committed on the branch: one new call.
    let changed = format!("{SHELL_CALL}\ndef again(cmd):\n    subprocess.run(cmd, shell=True)\n");
    write_tree(dir.path(), &[("src/run.py", changed.as_bytes())]);
    commit_all(dir.path(), "feature");
    // main moves on after the branch point: not the branch's.
    git(dir.path(), &["checkout", "-q", "main"]);
    write_tree(dir.path(), &[("main_only.py", SHELL_CALL.as_bytes())]);
    commit_all(dir.path(), "main moves");
    git(dir.path(), &["checkout", "-q", "feature"]);
    // Uncommitted: a staged-only change and an untracked file.
    write_tree(dir.path(), &[("new.py", PASSWORD_LINE.as_bytes())]);
    let (code, report, stderr) = scan_json(dir.path(), &["--diff", "main"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        rules_of(&report),
        vec![
            ("new.py".into(), 1, "python-hardcoded-secret".into()),
            ("src/run.py".into(), 7, "subprocess-shell-true".into()),
        ]
    );
    // BASE..HEAD: the commits only.
    let (_, report, _) = scan_json(dir.path(), &["--diff", "main..HEAD"]);
    assert_eq!(
        rules_of(&report),
        vec![("src/run.py".into(), 7, "subprocess-shell-true".into())]
    );
    // A path limits it.
    let (_, report, _) = scan_json(dir.path(), &["--diff", "main", "src"]);
    assert_eq!(findings(&report).len(), 1);
}

#[test]
fn diff_follows_renames_and_ignores_deleted_files() {
    if !have_git() {
        return;
    }
    let dir = repo();
    let body = format!("{SHELL_CALL}{}", "# filler line\n".repeat(20));
    write_tree(
        dir.path(),
        &[("a.py", body.as_bytes()), ("gone.py", SHELL_CALL.as_bytes())],
    );
    commit_all(dir.path(), "base");
    git(dir.path(), &["mv", "a.py", "b.py"]);
    git(dir.path(), &["rm", "-q", "gone.py"]);
    write_tree(dir.path(), &[("b.py", format!("{body}x = 1\n").as_bytes())]);
    let (code, report, stderr) = scan_json(dir.path(), &["--diff", "HEAD"]);
    assert_eq!(code, 0, "{stderr}: the renamed file's old call is not new");
    assert!(findings(&report).is_empty());
    assert_eq!(report["summary"]["stats"]["files_scanned"], 1);
}

#[test]
fn git_problems_exit_2_with_a_clear_message() {
    if !have_git() {
        return;
    }
    let plain = tempfile::tempdir().unwrap();
    let out = reviewer(plain.path(), &["scan", "--staged"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not inside a git repository"));

    let dir = repo();
    write_tree(dir.path(), &[("a.py", b"x = 1\n")]);
    commit_all(dir.path(), "one");
    let out = reviewer(dir.path(), &["scan", "--diff", "origin/nope"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown revision `origin/nope`"), "{err}");

    // A shallow clone whose base is not fetched: no merge base.
    write_tree(dir.path(), &[("b.py", b"y = 2\n")]);
    commit_all(dir.path(), "two");
    git(dir.path(), &["checkout", "-q", "-b", "side", "HEAD~1"]);
    write_tree(dir.path(), &[("c.py", b"z = 3\n")]);
    commit_all(dir.path(), "three");
    git(dir.path(), &["checkout", "-q", "main"]);
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.path().display());
    git(
        clones.path(),
        &["clone", "-q", "--depth", "1", "--no-single-branch", &url, "shallow"],
    );
    let shallow = clones.path().join("shallow");
    let out = reviewer(&shallow, &["scan", "--diff", "origin/side"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no merge base") && err.contains("--unshallow"), "{err}");
}

#[test]
fn baseline_hides_known_findings_through_moves_renames_and_keeps_duplicates() {
    if !have_git() {
        return;
    }
    let dir = repo();
    let twice = format!("{SHELL_CALL}\ndef run2(cmd):\n    subprocess.run(cmd, shell=True)\n");
    write_tree(
        dir.path(),
        &[("src/app.py", twice.as_bytes()), ("conf.py", PASSWORD_LINE.as_bytes())],
    );
    commit_all(dir.path(), "init");
    let out = reviewer(dir.path(), &["baseline", "create"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let path = dir.path().join(".reviewer-baseline.json");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(PASSWORD), "no secret value in the baseline");
    let baseline: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entries = baseline["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "two identical calls stay two entries: {text}");
    commit_all(dir.path(), "baseline");

    let (code, report, _) = scan_json(dir.path(), &["--baseline", ".reviewer-baseline.json"]);
    assert_eq!(code, 0, "{report}");
    assert!(findings(&report).is_empty());
    assert_eq!(report["summary"]["stats"]["baselined"], 3);
    // The baseline file itself is never scanned.
    assert_eq!(report["summary"]["stats"]["files_scanned"], 2);

    // Lines above move, the file is renamed (git mv), and a third identical call appears.
    git(dir.path(), &["mv", "src/app.py", "src/service.py"]);
    let moved = format!("# header\n# more\n{twice}\ndef run3(cmd):\n    subprocess.run(cmd, shell=True)\n");
    write_tree(dir.path(), &[("src/service.py", moved.as_bytes())]);
    let (code, report, _) = scan_json(dir.path(), &["--baseline", ".reviewer-baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_of(&report),
        vec![("src/service.py".into(), 12, "subprocess-shell-true".into())],
        "only the third call is new"
    );

    let out = reviewer(dir.path(), &["scan", "--baseline", "missing.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.json"));
}

#[test]
fn history_reports_the_commit_that_added_a_secret_once_across_a_merge() {
    if !have_git() {
        return;
    }
    let dir = repo();
    write_tree(dir.path(), &[("README.md", b"# demo\n")]);
    commit_all(dir.path(), "init");
    git(dir.path(), &["checkout", "-q", "-b", "side"]);
    write_tree(
        dir.path(),
        &[("cfg/settings.py", format!("x = 1\n{AWS_LINE}").as_bytes())],
    );
    commit_all(dir.path(), "add settings");
    let side = git(dir.path(), &["rev-parse", "HEAD"]).trim().to_string();
    git(dir.path(), &["checkout", "-q", "main"]);
    write_tree(dir.path(), &[("main.py", b"print('hi')\n")]);
    commit_all(dir.path(), "main work");
    git(dir.path(), &["merge", "-q", "--no-ff", "--no-edit", "side"]);
    // Removed later: still in history.
    git(dir.path(), &["rm", "-q", "cfg/settings.py"]);
    commit_all(dir.path(), "remove settings");

    let (code, report, stderr) = scan_json(dir.path(), &["--history"]);
    assert_eq!(code, 1, "{stderr}");
    let found = report["findings"].as_array().unwrap();
    let aws: Vec<_> = found.iter().filter(|f| f["rule_id"] == "aws-access-key-id").collect();
    assert_eq!(aws.len(), 1, "once, at the branch commit: {report}");
    let f = aws[0];
    assert_eq!(f["path"], "cfg/settings.py");
    assert_eq!(f["span"]["start_line"], 2);
    assert_eq!(f["commit"]["id"], side.as_str());
    assert_eq!(f["commit"]["author"], "Ann Author");
    assert_eq!(f["commit"]["email"], "ann@example.com");
    assert!(f["commit"]["date"].as_str().unwrap().starts_with("2024-05-01"));
    assert!(!report.to_string().contains("AKIAQ3EGRX7ZJ4NB2T5M"));
    assert_eq!(report["summary"]["stats"]["commits_scanned"], 5);

    // --since: only commits after it.
    let (code, report, _) = scan_json(dir.path(), &["--history", "--since", &side]);
    assert_eq!(code, 0, "{report}");
    assert!(report["findings"].as_array().unwrap().is_empty());
}

#[test]
fn hook_install_honours_hooks_path_refuses_foreign_hooks_and_blocks_secrets() {
    if !have_git() {
        return;
    }
    let dir = repo();
    write_tree(dir.path(), &[("README.md", b"# demo\n")]);
    commit_all(dir.path(), "init");
    git(dir.path(), &["config", "core.hooksPath", ".githooks"]);
    let out = reviewer(dir.path(), &["hook", "install"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let hook = dir.path().join(".githooks/pre-commit");
    assert!(std::fs::read_to_string(&hook).unwrap().contains("scan --staged"));

    // The hook blocks a commit that adds a secret, and lets a clean one through.
    write_tree(dir.path(), &[("app.py", PASSWORD_LINE.as_bytes())]);
    git(dir.path(), &["add", "app.py"]);
    let blocked = Command::new("git")
        .args(["commit", "-q", "-m", "add secret"])
        .current_dir(dir.path())
        .env("GIT_AUTHOR_NAME", "A")
        .env("GIT_AUTHOR_EMAIL", "a@example.com")
        .env("GIT_COMMITTER_NAME", "A")
        .env("GIT_COMMITTER_EMAIL", "a@example.com")
        .output()
        .unwrap();
    assert!(!blocked.status.success(), "the hook must block the commit");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(said.contains("python-hardcoded-secret"), "{said}");
    write_tree(
        dir.path(),
        &[("app.py", b"import os\npassword = os.environ['DB_PASSWORD']\n")],
    );
    git(dir.path(), &["add", "app.py"]);
    git(dir.path(), &["commit", "-q", "-m", "clean"]);

    // Someone else's hook is kept unless --force.
    std::fs::write(&hook, "#!/bin/sh\necho theirs\n").unwrap();
    let out = reviewer(dir.path(), &["hook", "install"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert!(std::fs::read_to_string(&hook).unwrap().contains("theirs"));
    let out = reviewer(dir.path(), &["hook", "install", "--force"], None);
    assert_eq!(out.status.code(), Some(0));
    let out = reviewer(dir.path(), &["hook", "uninstall"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(!hook.exists());
}

#[test]
fn test_code_is_reviewed_with_the_rules_that_fit_it() {
    if !have_git() {
        return;
    }
    let dir = repo();
    write_tree(dir.path(), &[("README.md", b"# demo\n")]);
    commit_all(dir.path(), "init");
    let check = b"def check(user):\n    assert user.is_admin\n    return user\n";
    write_tree(dir.path(), &[("tests/test_users.py", check), ("app/users.py", check)]);
    git(dir.path(), &["add", "-A"]);
    let (_, report, _) = scan_json(dir.path(), &["--staged"]);
    let asserts: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f.2 == "python-assert-used")
        .map(|f| f.0)
        .collect();
    assert_eq!(asserts, vec!["app/users.py".to_string()]);
}

#[test]
fn the_pre_commit_framework_runs_the_repositorys_hooks() {
    if !have_git() {
        return;
    }
    if Command::new("pre-commit").arg("--version").output().is_err() {
        eprintln!("SKIPPED: pre-commit is not installed (`pip install pre-commit`; .ci/setup installs it)");
        return;
    }
    let dir = repo();
    write_tree(dir.path(), &[("README.md", b"# demo\n")]);
    commit_all(dir.path(), "init");
    write_tree(
        dir.path(),
        &[("app.py", PASSWORD_LINE.as_bytes()), ("ok.py", b"print('fine')\n")],
    );
    git(dir.path(), &["add", "-A"]);
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_reviewer")).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let home = tempfile::tempdir().unwrap();
    let try_repo = |hook: &str, files: &[&str]| {
        let out = Command::new("pre-commit")
            .args([
                "try-repo",
                common::root().to_str().unwrap(),
                hook,
                "--color",
                "never",
                "--files",
            ])
            .args(files)
            .current_dir(dir.path())
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", home.path())
            .output()
            .expect("pre-commit runs");
        (
            out.status.code(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    let (code, said) = try_repo("reviewer", &["app.py", "ok.py"]);
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("python-hardcoded-secret") && said.contains("Failed"),
        "{said}"
    );
    assert!(!said.contains(PASSWORD), "{said}");
    let (code, said) = try_repo("reviewer-secrets", &["ok.py"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("Passed"), "{said}");
}

#[test]
fn committed_files_are_scanned_even_when_gitignore_names_them() {
    if !have_git() {
        return;
    }
    let dir = repo();
    // settings.py is committed, then ignored: git still tracks it and every clone has it.
    // local.py is ignored and never committed: a developer's own file, skipped.
    write_tree(dir.path(), &[("app/settings.py", PASSWORD_LINE.as_bytes())]);
    commit_all(dir.path(), "init");
    write_tree(
        dir.path(),
        &[
            (".gitignore", b"app/settings.py\napp/local.py\n"),
            ("app/local.py", PASSWORD_LINE.as_bytes()),
        ],
    );
    commit_all(dir.path(), "ignore settings");
    let (code, report, stderr) = scan_json(dir.path(), &["."]);
    assert_eq!(code, 1, "{stderr}");
    let paths: Vec<String> = findings(&report).into_iter().map(|f| f.0).collect();
    assert_eq!(paths, ["app/settings.py"], "{report}");
    // With a configured exclude, the tracked file is excluded like any other.
    write_tree(dir.path(), &[(".reviewer.toml", b"exclude = [\"app/\"]\n")]);
    let (code, report, stderr) = scan_json(dir.path(), &["."]);
    assert_eq!(code, 0, "{stderr}\n{report}");
}
