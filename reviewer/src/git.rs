//! Git access for the workflow modes: staged content, pull-request differences, renames for the
//! baseline, hook paths, and history.
//!
//! Everything goes through the `git` command: it is on every machine that has a repository,
//! honours the user's configuration (hooks path, alternates, partial clones), and its diff
//! machinery is the reference the user sees in `git diff`. For history, the measurement that
//! chose it is in `benches/README.md`.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A git failure, said so that the user knows what to do. Exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitError(pub String);

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GitError {}

/// A repository, seen from the directory the user ran the command in.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The working tree's top directory.
    pub root: PathBuf,
    /// Where the user is, relative to `root`, with a trailing `/` (empty at the top).
    pub prefix: String,
    /// The directory git commands run in.
    pub cwd: PathBuf,
}

/// How a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// New file.
    Added,
    /// Changed in place.
    Modified,
    /// Renamed (maybe also changed).
    Renamed,
    /// Removed: nothing to scan.
    Deleted,
}

/// One changed file of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Path in the new version, relative to the repository root.
    pub path: String,
    /// Path in the old version, when renamed.
    pub old_path: Option<String>,
    /// How it changed.
    pub kind: ChangeKind,
    /// Git called it binary.
    pub binary: bool,
    /// Lines (1-based, inclusive ranges) added or changed in the new version.
    pub added: Vec<RangeInclusive<usize>>,
}

impl Change {
    /// Whether any line of `first..=last` was added or changed.
    pub fn touches(&self, first: usize, last: usize) -> bool {
        self.added.iter().any(|r| *r.start() <= last && first <= *r.end())
    }
}

/// What `git diff` compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffTarget {
    /// The index against `HEAD` (the commit being made).
    Staged,
    /// The working tree (staged and unstaged changes) against a commit.
    WorkingTree(String),
    /// One commit against another.
    Commits(String, String),
}

impl Repo {
    /// The repository holding `dir`, or an error that says there is none.
    pub fn discover(dir: &Path) -> Result<Repo, GitError> {
        let out = run_git(dir, &["rev-parse", "--show-toplevel", "--show-prefix"], None).map_err(|e| {
            if e.0.contains("not a git repository") {
                GitError(format!(
                    "{}: not inside a git repository (run it in a clone, or `git init` first)",
                    dir.display()
                ))
            } else {
                e
            }
        })?;
        let text = String::from_utf8_lossy(&out);
        let mut lines = text.lines();
        let root = lines.next().filter(|l| !l.is_empty()).ok_or_else(|| {
            GitError(format!(
                "{}: this is not a working tree (a bare repository?)",
                dir.display()
            ))
        })?;
        let prefix = lines.next().unwrap_or("").to_string();
        Ok(Repo {
            root: PathBuf::from(root),
            prefix,
            cwd: dir.to_path_buf(),
        })
    }

    /// Runs git in the repository and returns its standard output.
    pub fn git(&self, args: &[&str]) -> Result<Vec<u8>, GitError> {
        run_git(&self.cwd, args, None)
    }

    /// The commit a revision names, or an error naming the revision.
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        let spec = format!("{rev}^{{commit}}");
        match self.git(&["rev-parse", "--verify", "--quiet", "--end-of-options", &spec]) {
            Ok(out) if !out.is_empty() => Ok(String::from_utf8_lossy(&out).trim().to_string()),
            _ => Err(GitError(format!(
                "unknown revision `{rev}`: check the name, or fetch it first (`git fetch origin {rev}`)"
            ))),
        }
    }

    /// Whether `HEAD` names a commit (false in a repository with no commits yet).
    pub fn has_head(&self) -> bool {
        self.git(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
            .is_ok_and(|o| !o.is_empty())
    }

    /// The merge base of two commits; exit-code-2 error with a hint when there is none, as in a
    /// shallow clone.
    pub fn merge_base(&self, a: &str, b: &str) -> Result<String, GitError> {
        // One git call when all is well; the revisions are checked one by one only to say what
        // is wrong.
        if let Ok(out) = self.git(&["merge-base", "--end-of-options", a, b])
            && !out.is_empty()
        {
            return Ok(String::from_utf8_lossy(&out).trim().to_string());
        }
        self.resolve(a)?;
        self.resolve(b)?;
        let shallow = self
            .git(&["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|o| o.starts_with(b"true"));
        let hint = if shallow {
            "this is a shallow clone: fetch more history (`git fetch --unshallow`, or \
             `fetch-depth: 0` in actions/checkout)"
        } else {
            "the two histories share no commit: fetch the base branch's history \
             (`git fetch origin <base>`)"
        };
        Err(GitError(format!("no merge base between `{a}` and `{b}`: {hint}")))
    }

    /// The files a diff changed, with the lines added or changed in each (renames detected).
    /// `pathspecs` limit it, relative to the current directory as git reads them.
    pub fn changes(&self, target: &DiffTarget, pathspecs: &[String]) -> Result<Vec<Change>, GitError> {
        let mut args: Vec<&str> = vec![
            "-c",
            "core.quotepath=off",
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--unified=0",
            "--find-renames",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            "--diff-filter=ACDMRT",
        ];
        match target {
            DiffTarget::Staged => args.push("--cached"),
            DiffTarget::WorkingTree(base) => args.push(base),
            DiffTarget::Commits(base, head) => {
                args.push(base);
                args.push(head);
            }
        }
        args.push("--");
        args.extend(pathspecs.iter().map(String::as_str));
        let out = self.git(&args)?;
        Ok(parse_patch(&out))
    }

    /// Untracked files that are not ignored, relative to the repository root.
    pub fn untracked(&self, pathspecs: &[String]) -> Result<Vec<String>, GitError> {
        let mut args = vec!["ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--"];
        args.extend(pathspecs.iter().map(String::as_str));
        let out = self.git(&args)?;
        Ok(out
            .split(|&b| b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect())
    }

    /// Reads objects (`:path` for the index, `REV:path`) in one `git cat-file --batch`; `None`
    /// for an object that does not exist.
    pub fn read_objects(&self, specs: &[String]) -> Result<Vec<Option<Vec<u8>>>, GitError> {
        if specs.is_empty() {
            return Ok(Vec::new());
        }
        let mut input = Vec::new();
        for s in specs {
            input.extend_from_slice(s.as_bytes());
            input.push(b'\n');
        }
        let out = run_git(&self.cwd, &["cat-file", "--batch"], Some(input))?;
        let mut objects = Vec::with_capacity(specs.len());
        let mut rest = &out[..];
        for _ in specs {
            let nl = rest
                .iter()
                .position(|&b| b == b'\n')
                .ok_or_else(|| GitError("git cat-file: truncated output".into()))?;
            let header = String::from_utf8_lossy(&rest[..nl]).into_owned();
            rest = &rest[nl + 1..];
            if header.ends_with(" missing") || header.ends_with(" ambiguous") {
                objects.push(None);
                continue;
            }
            let size: usize = header
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| GitError(format!("git cat-file: unexpected header `{header}`")))?;
            if rest.len() < size + 1 {
                return Err(GitError("git cat-file: truncated output".into()));
            }
            objects.push(Some(rest[..size].to_vec()));
            rest = &rest[size + 1..];
        }
        Ok(objects)
    }

    /// Renames between a commit and the working tree: old path -> new path, relative to the
    /// root.
    pub fn renames_since(&self, commit: &str) -> Result<HashMap<String, String>, GitError> {
        let out = self.git(&[
            "-c",
            "core.quotepath=off",
            "diff",
            "--name-status",
            "-z",
            "--find-renames",
            "--diff-filter=R",
            commit,
        ])?;
        let mut fields = out.split(|&b| b == 0).map(|f| String::from_utf8_lossy(f).into_owned());
        let mut renames = HashMap::new();
        while let Some(status) = fields.next() {
            if status.is_empty() {
                break;
            }
            if status.starts_with('R') || status.starts_with('C') {
                if let (Some(old), Some(new)) = (fields.next(), fields.next()) {
                    renames.insert(old, new);
                }
            } else {
                fields.next();
            }
        }
        Ok(renames)
    }

    /// The directory hooks go in (honours `core.hooksPath`).
    pub fn hooks_dir(&self) -> Result<PathBuf, GitError> {
        let out = self.git(&["rev-parse", "--git-path", "hooks"])?;
        let path = PathBuf::from(String::from_utf8_lossy(&out).trim());
        Ok(if path.is_absolute() { path } else { self.cwd.join(path) })
    }

    /// A root-relative path as the user would type it from the current directory.
    pub fn display(&self, path: &str) -> String {
        relative_to(path, &self.prefix)
    }

    /// A path the user typed (relative to the current directory) made relative to the root.
    pub fn from_display(&self, display: &str) -> String {
        normalize(&format!("{}{}", self.prefix, display))
    }
}

/// `path` (relative to the root) relative to `prefix` (a directory relative to the root, with
/// a trailing `/` or empty).
pub fn relative_to(path: &str, prefix: &str) -> String {
    if prefix.is_empty() {
        return path.to_string();
    }
    let here: Vec<&str> = prefix.trim_end_matches('/').split('/').collect();
    let there: Vec<&str> = path.split('/').collect();
    let common = here.iter().zip(&there).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = std::iter::repeat_n("..", here.len() - common).collect();
    parts.extend(&there[common..]);
    parts.join("/")
}

/// Removes `.` and resolves `..` in a `/`-separated relative path.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Files under `dir` that the repository tracks although a `.gitignore` pattern matches them
/// (git keeps tracking a committed file whatever is ignored later). An ignore-aware walk skips
/// them; they are part of the repository all the same. Empty when `dir` is in no git work tree
/// or git is not installed.
pub fn tracked_but_ignored(dir: &Path) -> Vec<PathBuf> {
    // No git process for a tree that is no repository at all.
    let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !abs.ancestors().any(|a| a.join(".git").exists()) {
        return Vec::new();
    }
    let Ok(out) = run_git(
        dir,
        &[
            "ls-files",
            "-z",
            "--cached",
            "--ignored",
            "--exclude-standard",
            "--",
            ".",
        ],
        None,
    ) else {
        return Vec::new();
    };
    out.split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| dir.join(String::from_utf8_lossy(p).as_ref()))
        .collect()
}

fn run_git(dir: &Path, args: &[&str], input: Option<Vec<u8>>) -> Result<Vec<u8>, GitError> {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_EXTERNAL_DIFF")
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| {
        GitError(if e.kind() == std::io::ErrorKind::NotFound {
            "git is not installed or not on PATH: install git to use --staged, --diff, --history or hooks".into()
        } else {
            format!("cannot run git: {e}")
        })
    })?;
    let writer = input.map(|bytes| {
        let mut stdin = child.stdin.take().expect("piped");
        std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        })
    });
    let out = child
        .wait_with_output()
        .map_err(|e| GitError(format!("git {}: {e}", args.join(" "))))?;
    if let Some(w) = writer {
        let _ = w.join();
    }
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("failed");
        return Err(GitError(format!(
            "git {}: {}",
            args.first().unwrap_or(&""),
            first.trim()
        )));
    }
    Ok(out.stdout)
}

/// Parses `git diff --unified=0` output into changed files and their added lines.
pub fn parse_patch(patch: &[u8]) -> Vec<Change> {
    let mut changes: Vec<Change> = Vec::new();
    for line in patch.split(|&b| b == b'\n') {
        if let Some(rest) = line.strip_prefix(b"diff --git ") {
            let (old, new) = split_diff_header(&String::from_utf8_lossy(rest));
            changes.push(Change {
                path: new,
                old_path: Some(old),
                kind: ChangeKind::Modified,
                binary: false,
                added: Vec::new(),
            });
            continue;
        }
        let Some(change) = changes.last_mut() else { continue };
        if line.starts_with(b"@@") {
            if let Some(range) = hunk_new_range(line) {
                change.added.push(range);
            }
        } else if line.starts_with(b"+") || line.starts_with(b"-") || line.starts_with(b" ") {
            // Hunk bodies (and the ---/+++ headers, read below) never change the kind.
            if let Some(path) = line.strip_prefix(b"+++ ") {
                if path != b"/dev/null" {
                    change.path = unquote(&String::from_utf8_lossy(path))
                        .trim_start_matches("b/")
                        .to_string();
                }
            } else if let Some(path) = line.strip_prefix(b"--- ") {
                if path != b"/dev/null" {
                    change.old_path = Some(
                        unquote(&String::from_utf8_lossy(path))
                            .trim_start_matches("a/")
                            .to_string(),
                    );
                }
            }
        } else if line.starts_with(b"new file mode") {
            change.kind = ChangeKind::Added;
        } else if line.starts_with(b"deleted file mode") {
            change.kind = ChangeKind::Deleted;
        } else if let Some(from) = line.strip_prefix(b"rename from ") {
            change.kind = ChangeKind::Renamed;
            change.old_path = Some(unquote(&String::from_utf8_lossy(from)));
        } else if let Some(to) = line.strip_prefix(b"rename to ") {
            change.path = unquote(&String::from_utf8_lossy(to));
        } else if line.starts_with(b"Binary files ") {
            change.binary = true;
        }
    }
    for c in &mut changes {
        if c.kind != ChangeKind::Renamed && c.old_path.as_deref() == Some(c.path.as_str()) {
            c.old_path = None;
        }
        if c.kind == ChangeKind::Added {
            c.old_path = None;
        }
    }
    changes
}

/// `a/x b/y` (possibly quoted) -> (`x`, `y`).
fn split_diff_header(rest: &str) -> (String, String) {
    if rest.starts_with('"') {
        // "a/x" "b/y" or "a/x" b/y
        if let Some(end) = closing_quote(rest) {
            let old = unquote(&rest[..=end]);
            let new = unquote(rest[end + 1..].trim_start());
            return (
                old.trim_start_matches("a/").to_string(),
                new.trim_start_matches("b/").to_string(),
            );
        }
    }
    // a/x b/x: the two halves are equal for an unrenamed file; find the split that makes them
    // so, else split at " b/".
    let bytes = rest.as_bytes();
    let n = bytes.len();
    if n % 2 == 1 {
        let half = n / 2;
        if bytes[half] == b' ' && rest[2..half] == rest[half + 3..] {
            return (rest[2..half].to_string(), rest[half + 3..].to_string());
        }
    }
    match rest.find(" b/") {
        Some(i) => (
            rest[..i].trim_start_matches("a/").to_string(),
            unquote(&rest[i + 1..]).trim_start_matches("b/").to_string(),
        ),
        None => (rest.to_string(), rest.to_string()),
    }
}

fn closing_quote(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Undoes git's C-style quoting of unusual paths (`"a\tb"`, octal escapes for bytes).
pub fn unquote(s: &str) -> String {
    let s = s.trim_end_matches('\t');
    let Some(inner) = s.strip_prefix('"').and_then(|t| t.strip_suffix('"')) else {
        return s.to_string();
    };
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let bytes = inner.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 1 < bytes.len() {
            let c = bytes[i + 1];
            match c {
                b'0'..=b'3' if i + 3 < bytes.len() => {
                    let oct = &inner[i + 1..i + 4];
                    out.push(u8::from_str_radix(oct, 8).unwrap_or(b'?'));
                    i += 4;
                    continue;
                }
                b'n' => out.push(b'\n'),
                b't' => out.push(b'\t'),
                b'r' => out.push(b'\r'),
                b'a' => out.push(7),
                b'b' => out.push(8),
                b'f' => out.push(12),
                b'v' => out.push(11),
                other => out.push(other),
            }
            i += 2;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The new side of a hunk header `@@ -a,b +c,d @@`: first line and line count (1 when the
/// count is left out).
pub fn hunk_new_side(line: &[u8]) -> Option<(usize, usize)> {
    let text = std::str::from_utf8(line).ok()?;
    let plus = text.split_whitespace().find(|w| w.starts_with('+'))?;
    let spec = &plus[1..];
    match spec.split_once(',') {
        Some((s, c)) => Some((s.parse().ok()?, c.parse().ok()?)),
        None => Some((spec.parse().ok()?, 1)),
    }
}

/// The new-side range of a hunk header; `None` for a pure deletion.
fn hunk_new_range(line: &[u8]) -> Option<RangeInclusive<usize>> {
    let (start, count) = hunk_new_side(line)?;
    (count > 0).then(|| start..=start + count - 1)
}

/// Changed files by root-relative path.
pub fn by_path(changes: Vec<Change>) -> BTreeMap<String, Change> {
    changes.into_iter().map(|c| (c.path.clone(), c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATCH: &str = "\
diff --git a/src/App.java b/src/App.java
index 1111111..2222222 100644
--- a/src/App.java
+++ b/src/App.java
@@ -3,0 +4,2 @@ class App {
+    String a;
+    String b;
@@ -10 +12 @@ class App {
-    old
+    new
@@ -20,3 +21,0 @@
-gone
diff --git a/new.py b/new.py
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/new.py
@@ -0,0 +1,3 @@
+a
+b
+c
diff --git a/old name.py b/new name.py
similarity index 90%
rename from old name.py
rename to new name.py
index 4444444..5555555 100644
--- a/old name.py
+++ b/new name.py
@@ -1 +1 @@
-x
+y
diff --git a/gone.txt b/gone.txt
deleted file mode 100644
index 6666666..0000000
--- a/gone.txt
+++ /dev/null
@@ -1 +0,0 @@
-bye
diff --git a/logo.png b/logo.png
new file mode 100644
index 0000000..7777777
Binary files /dev/null and b/logo.png differ
diff --git \"a/tab\\there.py\" \"b/tab\\there.py\"
new file mode 100644
--- /dev/null
+++ \"b/tab\\there.py\"
@@ -0,0 +1 @@
+x
";

    #[test]
    fn parses_changed_files_and_added_lines() {
        let changes = parse_patch(PATCH.as_bytes());
        assert_eq!(changes.len(), 6);
        let app = &changes[0];
        assert_eq!(app.path, "src/App.java");
        assert_eq!(app.kind, ChangeKind::Modified);
        assert_eq!(app.added, vec![4..=5, 12..=12]);
        assert!(app.touches(5, 9) && app.touches(12, 12) && !app.touches(6, 11));
        assert_eq!(changes[1].kind, ChangeKind::Added);
        assert_eq!(changes[1].added, vec![1..=3]);
        assert_eq!(changes[2].kind, ChangeKind::Renamed);
        assert_eq!(changes[2].path, "new name.py");
        assert_eq!(changes[2].old_path.as_deref(), Some("old name.py"));
        assert_eq!(changes[3].kind, ChangeKind::Deleted);
        assert!(changes[3].added.is_empty());
        assert!(changes[4].binary);
        assert_eq!(changes[4].path, "logo.png");
        assert_eq!(changes[5].path, "tab\there.py");
    }

    #[test]
    fn paths_relative_to_the_users_directory() {
        assert_eq!(relative_to("src/a/B.java", ""), "src/a/B.java");
        assert_eq!(relative_to("src/a/B.java", "src/"), "a/B.java");
        assert_eq!(relative_to("lib/x.py", "src/a/"), "../../lib/x.py");
        assert_eq!(normalize("src/../lib/./x.py"), "lib/x.py");
        assert_eq!(unquote("\"caf\\303\\251.py\""), "café.py");
    }
}
