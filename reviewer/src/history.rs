//! `reviewer scan --history [--since REV]`: secrets in the lines that every commit added, in
//! every branch and tag, as gitleaks and trufflehog scan history.
//!
//! One `git log -p --unified=0 --all` streams the added lines; this thread cuts the stream
//! into one chunk per (commit, file), and the worker threads run the secret rules on each
//! chunk while git is still writing. A finding's line is the line in that commit's version of
//! the file, and it names the commit, its author and date.
//!
//! Merge commits add no lines of their own here (as with `git log -p`): a line merged from a
//! branch is reported at the branch commit that added it, once.

use crate::app::{self, EXIT_ERROR};
use crate::cli::ScanArgs;
use crate::engine::Engine;
use crate::finding::{Category, CommitInfo, Diagnostic, Finding};
use crate::git::{Repo, hunk_new_side, unquote};
use crate::lang;
use crate::scan::ScanResult;
use rayon::prelude::*;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

/// The added lines of one file in one commit.
struct Chunk {
    /// Position of the commit in git's output (newest first).
    order: usize,
    commit: Arc<CommitInfo>,
    /// Root-relative path in that commit.
    path: String,
    /// The added lines, each ended by `\n`.
    text: Vec<u8>,
    /// The line number in the file of each line of `text`.
    lines: Vec<usize>,
}

/// Marks a commit header line in git's output (a record separator cannot start a diff line).
const COMMIT_MARK: u8 = 0x1e;
const FIELD_SEP: u8 = 0x1f;

/// Runs a history scan. Returns the exit code.
pub fn run(args: &ScanArgs) -> u8 {
    let repo = match Repo::discover(Path::new(".")) {
        Ok(r) => r,
        Err(e) => return app::report_errors(&[e]),
    };
    let exclusion = match &args.since {
        Some(rev) => match repo.resolve(rev) {
            Ok(id) => Some(format!("^{id}")),
            Err(e) => return app::report_errors(&[e]),
        },
        None => None,
    };
    let (engine, cfg) = match app::scan_engine(args, Some(Category::Secrets)) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => return app::report_errors(&[format!("cannot start threads: {e}")]),
    };
    let started = Instant::now();
    let mut git_args: Vec<String> = [
        "-c",
        "core.quotepath=off",
        "log",
        "--all",
        "--patch",
        "--unified=0",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--format=tformat:\x1e%H\x1f%an\x1f%ae\x1f%aI",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    git_args.extend(exclusion);
    git_args.push("--".into());
    git_args.extend(
        args.paths
            .iter()
            .filter(|p| p.as_os_str() != ".")
            .map(|p| p.to_string_lossy().into_owned()),
    );
    let mut child = match Command::new("git")
        .args(&git_args)
        .current_dir(&repo.cwd)
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => return app::report_errors(&[format!("cannot run git log: {e}")]),
    };
    let stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let max = args.max_file_size;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(1024);
    let (outcomes, stats) = std::thread::scope(|scope| {
        let engine = &engine;
        let repo = &repo;
        let workers = scope.spawn(move || {
            pool.install(|| {
                rx.into_iter()
                    .par_bridge()
                    .map(|chunk| analyse(engine, repo, chunk))
                    .collect::<Vec<_>>()
            })
        });
        let stats = split_log(BufReader::with_capacity(1 << 20, stdout), max, |chunk| {
            tx.send(chunk).is_ok()
        });
        drop(tx);
        (workers.join().unwrap_or_default(), stats)
    });
    let status = child.wait();
    let git_errors = stderr_reader.join().unwrap_or_default();
    let mut result = ScanResult::default();
    match status {
        Ok(s) if s.success() => {}
        _ => {
            let first = git_errors.lines().find(|l| !l.trim().is_empty()).unwrap_or("failed");
            result.errors.push(Diagnostic {
                path: repo.root.display().to_string(),
                line: None,
                message: format!("git log: {}", first.trim()),
            });
        }
    }
    let mut findings: Vec<(usize, Finding)> = outcomes.into_iter().flatten().collect();
    findings.sort_by(|(a, fa), (b, fb)| a.cmp(b).then_with(|| fa.sort_key().cmp(&fb.sort_key())));
    result.findings = findings.into_iter().map(|(_, f)| f).collect();
    result.stats.files_scanned = stats.chunks;
    result.stats.bytes_scanned = stats.bytes;
    result.stats.commits_scanned = stats.commits;
    result.stats.skipped_too_large = stats.too_large;
    result.stats.suppressed = result.findings.iter().filter(|f| f.suppression.is_some()).count();
    result.elapsed = started.elapsed();
    app::drop_skipped_contexts(&cfg, &mut result);
    if let Some(path) = &args.baseline {
        match crate::baseline::Baseline::load(path) {
            Ok(b) => app::apply_baseline(&b, &mut result),
            Err(e) => return app::report_errors(&[e]),
        }
    }
    if !result.errors.is_empty() && result.findings.is_empty() && stats.commits == 0 {
        for e in &result.errors {
            eprintln!("reviewer: error: {e}");
        }
        return EXIT_ERROR;
    }
    app::emit(args, &cfg, &engine, &result)
}

/// Runs the secret rules on one chunk, with lines mapped back to the file's.
fn analyse(engine: &Engine, repo: &Repo, chunk: Chunk) -> Vec<(usize, Finding)> {
    let display = repo.display(&chunk.path);
    let kind = lang::classify(&display, &chunk.text[..chunk.text.len().min(256)]);
    let report = engine.analyze(&display, kind, &chunk.text);
    let line_of = |n: usize| chunk.lines.get(n.saturating_sub(1)).copied().unwrap_or(n);
    report
        .findings
        .into_iter()
        .map(|mut f| {
            f.span.start_line = line_of(f.span.start_line);
            f.span.end_line = line_of(f.span.end_line);
            // Byte offsets index the chunk, not the file: meaningless to a reader.
            f.secret_range = None;
            f.commit = Some((*chunk.commit).clone());
            (chunk.order, f)
        })
        .collect()
}

/// Counts of what the log held.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LogStats {
    /// Commits read.
    pub commits: usize,
    /// (commit, file) chunks with added lines.
    pub chunks: usize,
    /// Bytes of added lines.
    pub bytes: u64,
    /// Chunks over the size limit, skipped.
    pub too_large: usize,
}

/// Cuts `git log -p --unified=0` output (with the commit header format above) into chunks of
/// added lines, handing each to `send`; stops early when `send` returns false.
fn split_log(mut input: impl BufRead, max: u64, mut send: impl FnMut(Chunk) -> bool) -> LogStats {
    let mut stats = LogStats::default();
    let mut commit: Option<Arc<CommitInfo>> = None;
    let mut current: Option<Chunk> = None;
    let mut in_hunk = false;
    let mut next_line = 0usize;
    let mut line = Vec::with_capacity(256);
    let mut flush = |chunk: Option<Chunk>, stats: &mut LogStats| -> bool {
        match chunk {
            Some(c) if !c.text.is_empty() => {
                if c.text.len() as u64 > max {
                    stats.too_large += 1;
                    return true;
                }
                stats.chunks += 1;
                stats.bytes += c.text.len() as u64;
                send(c)
            }
            _ => true,
        }
    };
    loop {
        line.clear();
        match input.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        if text.first() == Some(&COMMIT_MARK) {
            if !flush(current.take(), &mut stats) {
                return stats;
            }
            let fields: Vec<String> = text[1..]
                .split(|&b| b == FIELD_SEP)
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            let field = |i: usize| fields.get(i).cloned().unwrap_or_default();
            commit = Some(Arc::new(CommitInfo {
                id: field(0),
                author: field(1),
                email: field(2),
                date: field(3),
            }));
            stats.commits += 1;
            in_hunk = false;
            continue;
        }
        if let Some(rest) = text.strip_prefix(b"diff --git ") {
            if !flush(current.take(), &mut stats) {
                return stats;
            }
            in_hunk = false;
            if let Some(c) = &commit {
                // The path is set from `+++ b/...` below; this is the fallback for files with
                // no such line.
                let rest = String::from_utf8_lossy(rest);
                let path = rest
                    .rsplit_once(" b/")
                    .map(|(_, p)| unquote(p))
                    .unwrap_or_else(|| rest.to_string());
                current = Some(Chunk {
                    order: stats.commits,
                    commit: c.clone(),
                    path,
                    text: Vec::new(),
                    lines: Vec::new(),
                });
            }
            continue;
        }
        let Some(chunk) = current.as_mut() else { continue };
        if !in_hunk {
            if let Some(path) = text.strip_prefix(b"+++ ") {
                if path != b"/dev/null" {
                    let path = unquote(&String::from_utf8_lossy(path));
                    chunk.path = path.strip_prefix("b/").unwrap_or(&path).to_string();
                }
                continue;
            }
        }
        if text.starts_with(b"@@") {
            in_hunk = true;
            next_line = hunk_new_side(text).map_or(1, |(start, _)| start);
            continue;
        }
        if !in_hunk {
            continue;
        }
        match text.first() {
            Some(b'+') => {
                chunk.text.extend_from_slice(&text[1..]);
                chunk.text.push(b'\n');
                chunk.lines.push(next_line);
                next_line += 1;
            }
            Some(b' ') => next_line += 1,
            _ => {}
        }
    }
    flush(current.take(), &mut stats);
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_commits_and_files_into_added_lines() {
        let log = "\x1eaaa\x1fAnn\x1fann@example.com\x1f2024-05-01T10:00:00+00:00\n\
\n\
diff --git a/app.py b/app.py\n\
index 1..2 100644\n\
--- a/app.py\n\
+++ b/app.py\n\
@@ -3,0 +4,2 @@ def f():\n\
+    token = 1\n\
+++ weird but added\n\
@@ -10 +12 @@\n\
-old\n\
+new\n\
diff --git a/logo.png b/logo.png\n\
Binary files /dev/null and b/logo.png differ\n\
\x1ebbb\x1fBob\x1fbob@example.com\x1f2024-04-01T10:00:00+00:00\n\
\n\
diff --git a/conf.env b/conf.env\n\
new file mode 100644\n\
--- /dev/null\n\
+++ b/conf.env\n\
@@ -0,0 +1 @@\n\
+KEY=v\n";
        let mut chunks = Vec::new();
        let stats = split_log(log.as_bytes(), 1 << 20, |c| {
            chunks.push(c);
            true
        });
        assert_eq!(stats.commits, 2);
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].path, "app.py");
        assert_eq!(chunks[0].commit.author, "Ann");
        assert_eq!(chunks[0].text, b"    token = 1\n++ weird but added\nnew\n");
        assert_eq!(chunks[0].lines, vec![4, 5, 12]);
        assert_eq!(chunks[1].path, "conf.env");
        assert_eq!(chunks[1].commit.id, "bbb");
        assert_eq!(chunks[1].lines, vec![1]);
        assert!(chunks[0].order < chunks[1].order);
    }
}
