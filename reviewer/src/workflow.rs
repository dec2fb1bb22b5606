//! The developer's workflow: what `--staged` and `--diff` scan, which of their findings count,
//! and the pre-commit hook.

use crate::finding::Finding;
use crate::git::{Change, ChangeKind, DiffTarget, GitError, Repo};
use crate::scan::Input;
use crate::source::SourceFile;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a `--staged` or `--diff` scan looks at.
pub struct ChangeSet {
    /// The repository.
    pub repo: Repo,
    /// Changed files (deleted ones left out), by root-relative path.
    pub changes: BTreeMap<String, Change>,
    /// The files to scan.
    pub inputs: Vec<Input>,
}

/// Where the new version of changed files is read from.
enum Source {
    Index,
    Commit(String),
    WorkingTree,
}

/// The changes `--staged` (when `diff` is `None`) or `--diff BASE` means, with the inputs to
/// scan. `paths` limit it (relative to the current directory).
pub fn changes(diff: Option<&str>, paths: &[PathBuf]) -> Result<ChangeSet, GitError> {
    let repo = Repo::discover(Path::new("."))?;
    let pathspecs: Vec<String> = paths
        .iter()
        .filter(|p| p.as_os_str() != ".")
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let (target, source) = match diff {
        None => (DiffTarget::Staged, Source::Index),
        Some(spec) => match spec.split_once("..") {
            Some((base, head)) => {
                let head = head.trim_start_matches('.');
                let head = if head.is_empty() { "HEAD" } else { head };
                let base = if base.is_empty() { "HEAD" } else { base };
                let head_id = repo.resolve(head)?;
                let merge_base = repo.merge_base(base, &head_id)?;
                (
                    DiffTarget::Commits(merge_base, head_id.clone()),
                    Source::Commit(head_id),
                )
            }
            None => {
                let merge_base = repo.merge_base(spec, "HEAD").map_err(|e| {
                    if repo.has_head() {
                        e
                    } else {
                        GitError(format!(
                            "--diff {spec}: the repository has no commit yet; commit first, or scan the files without --diff"
                        ))
                    }
                })?;
                (DiffTarget::WorkingTree(merge_base), Source::WorkingTree)
            }
        },
    };
    // The diff and the untracked files are independent: ask git for both at once.
    let (changes, untracked) = std::thread::scope(|scope| {
        let untracked = matches!(source, Source::WorkingTree).then(|| scope.spawn(|| repo.untracked(&pathspecs)));
        let changes = repo.changes(&target, &pathspecs);
        let untracked = match untracked {
            Some(handle) => handle.join().unwrap_or_else(|_| Ok(Vec::new())),
            None => Ok(Vec::new()),
        };
        (changes, untracked)
    });
    let mut changes = changes?;
    for path in untracked? {
        changes.push(Change {
            path,
            old_path: None,
            kind: ChangeKind::Added,
            binary: false,
            added: vec![1..=usize::MAX],
        });
    }
    changes.retain(|c| c.kind != ChangeKind::Deleted);
    let inputs = match &source {
        Source::WorkingTree => changes
            .iter()
            .filter(|c| repo.root.join(&c.path).is_file())
            .map(|c| {
                Input::Disk(SourceFile {
                    display: repo.display(&c.path),
                    fs_path: repo.root.join(&c.path),
                })
            })
            .collect(),
        Source::Index | Source::Commit(_) => {
            let prefix = match &source {
                Source::Commit(id) => id.as_str(),
                _ => "",
            };
            let specs: Vec<String> = changes.iter().map(|c| format!("{prefix}:{}", c.path)).collect();
            let objects = repo.read_objects(&specs)?;
            changes
                .iter()
                .zip(objects)
                .filter_map(|(c, bytes)| {
                    bytes.map(|bytes| Input::Memory {
                        display: repo.display(&c.path),
                        bytes,
                    })
                })
                .collect()
        }
    };
    Ok(ChangeSet {
        changes: crate::git::by_path(changes),
        repo,
        inputs,
    })
}

impl ChangeSet {
    /// Whether a finding touches a changed line. A dataflow finding counts when any step of
    /// its path does.
    pub fn touches(&self, finding: &Finding) -> bool {
        let Some(change) = self.changes.get(&self.repo.from_display(&finding.path)) else {
            return false;
        };
        finding.spans().iter().any(|s| change.touches(s.start_line, s.end_line))
    }

    /// Keeps the findings on changed lines; returns how many it dropped.
    pub fn keep_changed(&self, findings: &mut Vec<Finding>) -> usize {
        let before = findings.len();
        findings.retain(|f| self.touches(f));
        before - findings.len()
    }
}

/// The first line of every hook this command writes; a hook without it is someone else's.
pub const HOOK_MARKER: &str = "# Installed by `reviewer hook install`";

/// The pre-commit hook's text: runs this reviewer (by absolute path when known) on the staged
/// content, falling back to `reviewer` on PATH.
pub fn hook_script(binary: Option<&Path>, scan_args: &[String]) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let binary = binary
        .map(|b| quote(&b.display().to_string()))
        .unwrap_or_else(|| "reviewer".to_string());
    let extra: Vec<String> = scan_args.iter().map(|a| quote(a)).collect();
    format!(
        "#!/bin/sh\n{HOOK_MARKER}: reviews what this commit adds.\n\
         # Skip it once with `git commit --no-verify`; remove it with `reviewer hook uninstall`.\n\
         reviewer={binary}\n\
         if [ ! -x \"$reviewer\" ]; then reviewer=reviewer; fi\n\
         exec \"$reviewer\" scan --staged --quiet{}{} \"$@\"\n",
        if extra.is_empty() { "" } else { " " },
        extra.join(" ")
    )
}

/// Writes the pre-commit hook. Refuses to replace a hook reviewer did not write unless
/// `force`. Returns the hook's path.
pub fn install_hook(force: bool, scan_args: &[String]) -> Result<PathBuf, String> {
    let repo = Repo::discover(Path::new(".")).map_err(|e| e.to_string())?;
    let dir = repo.hooks_dir().map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: cannot create the hooks directory: {e}", dir.display()))?;
    let path = dir.join("pre-commit");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && !existing.contains(HOOK_MARKER)
        && !force
    {
        return Err(format!(
            "{}: a pre-commit hook that reviewer did not write is already there; \
             keep it (call `reviewer scan --staged` from it), or replace it with --force",
            path.display()
        ));
    }
    let binary = std::env::current_exe().ok().and_then(|p| p.canonicalize().ok());
    let script = hook_script(binary.as_deref(), scan_args);
    std::fs::write(&path, script).map_err(|e| format!("{}: cannot write the hook: {e}", path.display()))?;
    set_executable(&path).map_err(|e| format!("{}: cannot make the hook executable: {e}", path.display()))?;
    Ok(path)
}

/// Removes the pre-commit hook if reviewer wrote it. Returns its path.
pub fn uninstall_hook() -> Result<PathBuf, String> {
    let repo = Repo::discover(Path::new(".")).map_err(|e| e.to_string())?;
    let path = repo.hooks_dir().map_err(|e| e.to_string())?.join("pre-commit");
    match std::fs::read_to_string(&path) {
        Ok(text) if text.contains(HOOK_MARKER) => {
            std::fs::remove_file(&path).map_err(|e| format!("{}: cannot remove: {e}", path.display()))?;
            Ok(path)
        }
        Ok(_) => Err(format!(
            "{}: this pre-commit hook was not written by reviewer; left as it is",
            path.display()
        )),
        Err(_) => Err(format!("{}: there is no pre-commit hook", path.display())),
    }
}

#[cfg(unix)]
fn set_executable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mut perms = std::fs::metadata(path)?.permissions();
    perms.set_mode(0o755);
    std::fs::set_permissions(path, perms)
}

#[cfg(not(unix))]
fn set_executable(_path: &Path) -> std::io::Result<()> {
    Ok(())
}
