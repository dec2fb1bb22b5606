//! Where files come from: a parallel, gitignore-aware directory walk.

use crate::finding::Diagnostic;
use globset::GlobSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file to scan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceFile {
    /// The name shown to the user: as they would type it, with `/` separators.
    pub display: String,
    /// The path to open.
    pub fs_path: PathBuf,
}

/// Settings of the walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Do not honour `.gitignore` and other ignore files.
    pub no_ignore: bool,
    /// Follow symbolic links.
    pub follow_links: bool,
    /// Threads; 0 lets the walker choose.
    pub threads: usize,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Files to scan, sorted.
    pub files: Vec<SourceFile>,
    /// Symbolic links not followed.
    pub skipped_symlinks: Vec<String>,
    /// Files and folders left out by configured excludes.
    pub excluded: usize,
    /// Problems: missing roots, unreadable folders, link loops.
    pub errors: Vec<Diagnostic>,
}

/// Makes a walked path into the name the user would type: `./a/b` becomes `a/b`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.trim_start_matches('/');
    }
    s.to_string()
}

/// Walks `roots` in parallel. `exclude` globs are matched against paths relative to each root.
pub fn walk(roots: &[PathBuf], opts: &WalkOptions, exclude: Option<&GlobSet>) -> Walked {
    let out = Mutex::new(Walked::default());
    for root in roots {
        // A file named on the command line (as pre-commit passes them) is taken as it is, with
        // no walk and no ignore files to read: a list of files is one set, scanned at the
        // speed of its reads. Configured excludes still apply.
        if let Ok(meta) = std::fs::metadata(root)
            && meta.is_file()
            && (opts.follow_links || !std::fs::symlink_metadata(root).is_ok_and(|m| m.file_type().is_symlink()))
        {
            let display = display_path(root);
            let mut w = out.lock().expect("not poisoned");
            if exclude.is_some_and(|ex| ex.is_match(display.trim_start_matches("../"))) {
                w.excluded += 1;
            } else {
                w.files.push(SourceFile {
                    display,
                    fs_path: root.clone(),
                });
            }
            continue;
        }
        if let Err(e) = std::fs::symlink_metadata(root) {
            let hint = if e.kind() == std::io::ErrorKind::NotFound {
                "no such file or directory; check the path"
            } else {
                "cannot open"
            };
            out.lock().expect("not poisoned").errors.push(Diagnostic {
                path: display_path(root),
                line: None,
                message: format!("{hint} ({e})"),
            });
            continue;
        }
        let mut builder = ignore::WalkBuilder::new(root);
        builder
            .hidden(false)
            .follow_links(opts.follow_links)
            .threads(opts.threads)
            .git_ignore(!opts.no_ignore)
            .git_global(!opts.no_ignore)
            .git_exclude(!opts.no_ignore)
            .ignore(!opts.no_ignore)
            .parents(!opts.no_ignore)
            .require_git(false);
        let root_owned = root.clone();
        let exclude_in_filter = exclude.cloned();
        let excluded = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let excluded_in_filter = excluded.clone();
        builder.filter_entry(move |e| {
            if e.file_name() == ".git" {
                return false;
            }
            if let Some(ex) = &exclude_in_filter
                && e.depth() > 0
                && let Ok(rel) = e.path().strip_prefix(&root_owned)
                && ex.is_match(rel)
            {
                excluded_in_filter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                return false;
            }
            true
        });
        builder.build_parallel().run(|| {
            let out = &out;
            Box::new(move |entry| {
                match entry {
                    Ok(e) => {
                        let Some(ft) = e.file_type() else {
                            return ignore::WalkState::Continue;
                        };
                        if e.path_is_symlink() && !opts.follow_links {
                            out.lock()
                                .expect("not poisoned")
                                .skipped_symlinks
                                .push(display_path(e.path()));
                        } else if ft.is_file() || (ft.is_symlink() && e.path().is_file()) {
                            let file = SourceFile {
                                display: display_path(e.path()),
                                fs_path: e.path().to_path_buf(),
                            };
                            out.lock().expect("not poisoned").files.push(file);
                        }
                    }
                    Err(err) => {
                        let path = error_path(&err)
                            .map(display_path)
                            .unwrap_or_else(|| display_path(Path::new(".")));
                        let message = match err.io_error() {
                            Some(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
                                format!("cannot read ({io}); run with permission to read it, or exclude it")
                            }
                            _ => err.to_string(),
                        };
                        out.lock().expect("not poisoned").errors.push(Diagnostic {
                            path,
                            line: None,
                            message,
                        });
                    }
                }
                ignore::WalkState::Continue
            })
        });
        if !opts.no_ignore {
            add_tracked_but_ignored(root, opts, exclude, &out);
        }
        out.lock().expect("not poisoned").excluded += excluded.load(std::sync::atomic::Ordering::Relaxed);
    }
    let mut w = out.into_inner().expect("not poisoned");
    w.files.sort();
    w.files.dedup_by(|a, b| a.display == b.display);
    w.skipped_symlinks.sort();
    w.errors.sort_by(|a, b| a.path.cmp(&b.path));
    w
}

/// Adds the files of `root` that git tracks although `.gitignore` matches them: committed
/// files are reviewed (a tracked `config/app.properties` that a later `.gitignore` names is still
/// in every clone). Configured excludes still apply.
fn add_tracked_but_ignored(root: &Path, opts: &WalkOptions, exclude: Option<&GlobSet>, out: &Mutex<Walked>) {
    for path in crate::git::tracked_but_ignored(root) {
        let Ok(rel) = path.strip_prefix(root) else { continue };
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let is_link = meta.file_type().is_symlink();
        if !(meta.is_file() || (is_link && opts.follow_links && path.is_file())) {
            continue;
        }
        let mut w = out.lock().expect("not poisoned");
        if exclude.is_some_and(|ex| ex.is_match(rel)) {
            w.excluded += 1;
            continue;
        }
        w.files.push(SourceFile {
            display: display_path(&path),
            fs_path: path,
        });
    }
}

fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } => error_path(err),
        ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}
