//! A whole scan: walk, read, analyse in parallel, collect, sort.

use crate::engine::Engine;
use crate::finding::{Diagnostic, Finding, Severity};
use crate::lang::{self, FileKind};
use crate::rules::glob_set;
use crate::source::{self, SourceFile, WalkOptions};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::sync::Once;
use std::time::{Duration, Instant};

/// Default `--max-file-size`: 2 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 2 * 1024 * 1024;

/// How much of a file's start is searched for NUL bytes to call it binary (as git does).
const BINARY_SNIFF: usize = 8000;

/// What to scan and how.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Files and directories; empty means the current directory.
    pub paths: Vec<PathBuf>,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Ignore `.gitignore`.
    pub no_ignore: bool,
    /// Follow symbolic links.
    pub follow_links: bool,
    /// Files larger than this are skipped.
    pub max_file_size: u64,
    /// Extra exclude globs (from the configuration).
    pub exclude: Vec<String>,
    /// One file from standard input: its name and contents.
    pub stdin: Option<(String, Vec<u8>)>,
    /// Show a progress bar on a terminal when the scan takes over a second.
    pub progress: bool,
    /// Files to scan instead of walking `paths`: staged content, or the files a diff changed.
    pub inputs: Option<Vec<Input>>,
    /// Files never scanned, whatever the paths (the baseline file).
    pub skip_files: Vec<PathBuf>,
    /// With `inputs`: the repository they belong to. Dataflow then finds the other classes
    /// and properties files there (listed on first need), not only among the inputs.
    pub project_root: Option<PathBuf>,
}

/// A file given to the scan rather than found by the walk.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file on disk.
    Disk(SourceFile),
    /// Content from elsewhere (the git index, a commit), under the name shown to the user.
    Memory {
        /// The name shown to the user.
        display: String,
        /// The content.
        bytes: Vec<u8>,
    },
}

impl Input {
    /// The name shown to the user.
    pub fn display(&self) -> &str {
        match self {
            Input::Disk(f) => &f.display,
            Input::Memory { display, .. } => display,
        }
    }
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            paths: Vec::new(),
            threads: 0,
            no_ignore: false,
            follow_links: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            exclude: Vec::new(),
            stdin: None,
            progress: false,
            inputs: None,
            skip_files: Vec::new(),
            project_root: None,
        }
    }
}

/// Counts of what was scanned and skipped.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ScanStats {
    /// Files analysed.
    pub files_scanned: usize,
    /// Bytes analysed.
    pub bytes_scanned: u64,
    /// Files analysed, per kind: java, python, config, doc, other.
    pub files_by_kind: std::collections::BTreeMap<String, usize>,
    /// Binary files skipped.
    pub skipped_binary: usize,
    /// Files over the size limit skipped.
    pub skipped_too_large: usize,
    /// Symbolic links not followed.
    pub skipped_symlinks: usize,
    /// Paths left out by configured excludes.
    pub excluded: usize,
    /// Findings suppressed inline.
    pub suppressed: usize,
    /// Findings left out because the baseline holds them.
    pub baselined: usize,
    /// Commits read by a history scan.
    #[serde(skip_serializing_if = "is_zero")]
    pub commits_scanned: usize,
    /// Findings left out because they are on lines the change did not touch.
    pub unchanged_lines: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Everything a scan produced.
#[derive(Debug, Default)]
pub struct ScanResult {
    /// Findings (suppressed ones included, marked), in report order.
    pub findings: Vec<Finding>,
    /// Errors: the scan is incomplete (exit code 2).
    pub errors: Vec<Diagnostic>,
    /// Warnings: syntax errors and the like.
    pub warnings: Vec<Diagnostic>,
    /// Files skipped, with why.
    pub skipped: Vec<Diagnostic>,
    /// Counts.
    pub stats: ScanStats,
    /// Wall time.
    pub elapsed: Duration,
}

impl ScanResult {
    /// Unsuppressed findings at or above `threshold`.
    pub fn failing(&self, threshold: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.suppression.is_none() && f.severity >= threshold)
            .count()
    }
}

enum Outcome {
    Analysed(FileKind, u64, crate::engine::FileReport),
    Binary(String),
    TooLarge(String, u64),
    Unreadable(Diagnostic),
}

fn read_limited(file: &SourceFile, max: u64) -> Result<Option<Vec<u8>>, std::io::Error> {
    let f = std::fs::File::open(&file.fs_path)?;
    let len = f.metadata()?.len();
    if len > max {
        return Ok(None);
    }
    let mut buf = Vec::with_capacity(len as usize + 1);
    f.take(max + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > max {
        return Ok(None);
    }
    Ok(Some(buf))
}

fn analyse(engine: &Engine, display: &str, bytes: &[u8]) -> Outcome {
    if bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0) {
        return Outcome::Binary(display.to_string());
    }
    let kind = lang::classify(display, &bytes[..bytes.len().min(256)]);
    let report = engine.analyze(display, kind, bytes);
    Outcome::Analysed(kind, bytes.len() as u64, report)
}

fn process(engine: &Engine, file: &SourceFile, max: u64) -> Outcome {
    match read_limited(file, max) {
        Ok(Some(bytes)) => analyse(engine, &file.display, &bytes),
        Ok(None) => {
            let size = std::fs::metadata(&file.fs_path).map(|m| m.len()).unwrap_or(max + 1);
            Outcome::TooLarge(file.display.clone(), size)
        }
        Err(e) => {
            let hint = match e.kind() {
                std::io::ErrorKind::PermissionDenied => "; run with permission to read it, or exclude it",
                _ => "",
            };
            Outcome::Unreadable(Diagnostic {
                path: file.display.clone(),
                line: None,
                message: format!("cannot read: {e}{hint}"),
            })
        }
    }
}

/// Whether `path` is one of `skip` (compared by canonical path, only for same file names).
fn is_skipped(path: &std::path::Path, skip: &[PathBuf]) -> bool {
    skip.iter().any(|s| {
        s.file_name() == path.file_name()
            && std::fs::canonicalize(s)
                .ok()
                .is_some_and(|c| std::fs::canonicalize(path).ok() == Some(c))
    })
}

/// Runs a scan.
pub fn scan(engine: &Engine, opts: &ScanOptions) -> ScanResult {
    let started = Instant::now();
    let mut result = ScanResult::default();
    // Deeply nested code is walked by recursion in places (the dataflow interpreter caps its
    // depth); a larger stack than the 2 MiB default keeps a pathological file from
    // aborting the whole scan.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .stack_size(32 << 20)
        .build();
    let pool = match pool {
        Ok(p) => p,
        Err(e) => {
            result.errors.push(Diagnostic {
                path: "-j".into(),
                line: None,
                message: format!("cannot start threads: {e}"),
            });
            return result;
        }
    };
    let in_memory = |name: &str, bytes: &[u8]| {
        if bytes.len() as u64 > opts.max_file_size {
            Outcome::TooLarge(name.to_string(), bytes.len() as u64)
        } else {
            analyse(engine, name, bytes)
        }
    };
    let exclude = if opts.stdin.is_some() {
        None
    } else {
        match glob_set(&opts.exclude) {
            Ok(g) => g,
            Err(e) => {
                result.errors.push(Diagnostic {
                    path: crate::config::FILE_NAME.into(),
                    line: None,
                    message: format!("field `exclude`: {e}"),
                });
                None
            }
        }
    };
    let outcomes: Vec<Outcome> = if let Some((name, bytes)) = &opts.stdin {
        vec![in_memory(name, bytes)]
    } else if let Some(inputs) = &opts.inputs {
        let kept: Vec<&Input> = inputs
            .iter()
            .filter(|i| {
                let excluded = exclude.as_ref().is_some_and(|g| g.is_match(i.display()));
                result.stats.excluded += usize::from(excluded);
                !excluded && !is_skipped(i.display().as_ref(), &opts.skip_files)
            })
            .collect();
        engine.set_project(crate::engine::taint::Project::new(kept.iter().filter_map(
            |i| match i {
                Input::Disk(f) => Some((f.fs_path.as_path(), f.display.as_str())),
                Input::Memory { .. } => None,
            },
        )));
        pool.install(|| {
            kept.par_iter()
                .map(|i| match i {
                    Input::Disk(f) => process(engine, f, opts.max_file_size),
                    Input::Memory { display, bytes } => in_memory(display, bytes),
                })
                .collect()
        })
    } else {
        let roots = if opts.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            opts.paths.clone()
        };
        let walk_opts = WalkOptions {
            no_ignore: opts.no_ignore,
            follow_links: opts.follow_links,
            threads: opts.threads,
        };
        let mut walked = source::walk(&roots, &walk_opts, exclude.as_ref());
        walked.files.retain(|f| !is_skipped(&f.fs_path, &opts.skip_files));
        result.errors.extend(walked.errors);
        result.stats.excluded = walked.excluded;
        result.stats.skipped_symlinks = walked.skipped_symlinks.len();
        result
            .skipped
            .extend(walked.skipped_symlinks.into_iter().map(|p| Diagnostic {
                path: p,
                line: None,
                message: "symbolic link not followed (use --follow to follow links)".into(),
            }));
        engine.set_project(crate::engine::taint::Project::new(
            walked.files.iter().map(|f| (f.fs_path.as_path(), f.display.as_str())),
        ));
        let bar = Progress::new(opts.progress, walked.files.len());
        let out = pool.install(|| {
            walked
                .files
                .par_iter()
                .map(|f| {
                    let o = process(engine, f, opts.max_file_size);
                    bar.tick(started);
                    o
                })
                .collect()
        });
        bar.finish();
        out
    };
    for o in outcomes {
        match o {
            Outcome::Analysed(kind, len, report) => {
                result.stats.files_scanned += 1;
                result.stats.bytes_scanned += len;
                *result.stats.files_by_kind.entry(kind.as_str().to_string()).or_default() += 1;
                result.findings.extend(report.findings);
                result.errors.extend(report.errors);
                result.warnings.extend(report.warnings);
            }
            Outcome::Binary(p) => {
                result.stats.skipped_binary += 1;
                result.skipped.push(Diagnostic {
                    path: p,
                    line: None,
                    message: "binary file skipped".into(),
                });
            }
            Outcome::TooLarge(p, size) => {
                result.stats.skipped_too_large += 1;
                result.skipped.push(Diagnostic {
                    path: p,
                    line: None,
                    message: format!(
                        "file of {} skipped: over --max-file-size {}",
                        human_bytes(size),
                        human_bytes(opts.max_file_size)
                    ),
                });
            }
            Outcome::Unreadable(d) => result.errors.push(d),
        }
    }
    result.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    result.stats.suppressed = result.findings.iter().filter(|f| f.suppression.is_some()).count();
    let by_path = |a: &Diagnostic, b: &Diagnostic| (&a.path, a.line).cmp(&(&b.path, b.line));
    result.errors.sort_by(by_path);
    result.warnings.sort_by(by_path);
    result.skipped.sort_by(by_path);
    result.elapsed = started.elapsed();
    result
}

/// Formats a byte count for people.
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// A progress bar on stderr, shown only on a terminal and only once a scan has run a second.
struct Progress {
    bar: Option<ProgressBar>,
    shown: Once,
}

impl Progress {
    fn new(enabled: bool, total: usize) -> Progress {
        let bar = (enabled && std::io::stderr().is_terminal()).then(|| {
            let b = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
            b.set_style(
                ProgressStyle::with_template("{spinner} reviewing {pos}/{len} files [{elapsed}] {wide_bar}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b
        });
        Progress {
            bar,
            shown: Once::new(),
        }
    }

    fn tick(&self, started: Instant) {
        if let Some(b) = &self.bar {
            b.inc(1);
            if started.elapsed() > Duration::from_secs(1) {
                self.shown.call_once(|| b.set_draw_target(ProgressDrawTarget::stderr()));
            }
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
