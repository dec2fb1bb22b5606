//! The text report: a code frame per finding with the span underlined, the message and the
//! recommendation, then a summary with counts by severity.

use super::{ReportContext, Reporter, severity_counts};
use crate::finding::{Finding, Severity};
use crate::scan::human_bytes;
use std::io::{self, Write};

/// Renders the text report.
pub struct TextReporter;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, s: Severity) -> String {
        let code = match s {
            Severity::Critical => "1;35",
            Severity::High => "1;31",
            Severity::Medium => "1;33",
            Severity::Low => "1;36",
            Severity::Info => "1;34",
        };
        self.wrap(code, s.as_str())
    }
}

fn frame(f: &Finding, p: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let width = (f.span.start_line + f.snippet.lines().count()).to_string().len();
    let gutter = p.wrap("1;34", &format!("{:width$} |", ""));
    writeln!(
        out,
        "{}:{}:{}: {} {} {}",
        p.wrap("1", &f.path),
        f.span.start_line,
        f.span.start_column,
        p.severity(f.severity),
        p.wrap("1", &format!("[{}]", f.rule_id)),
        f.message
    )?;
    if let Some(c) = &f.commit {
        writeln!(out, "{gutter} added in commit {}", c.short())?;
    }
    writeln!(out, "{gutter}")?;
    if let Some(secret) = &f.secret {
        // No source text for a secret: the line would show it, or its neighbours.
        writeln!(out, "{gutter} secret {secret} (value not shown)")?;
    }
    for (i, line) in f.snippet.lines().enumerate() {
        let n = f.span.start_line + i;
        writeln!(out, "{} {}", p.wrap("1;34", &format!("{n:>width$} |")), line)?;
        if i == 0 {
            let chars: Vec<char> = line.chars().collect();
            let start = (f.span.start_column - 1).min(chars.len());
            let end = if f.span.end_line == f.span.start_line {
                (f.span.end_column - 1).min(chars.len())
            } else {
                chars.len()
            };
            let pad: String = chars[..start]
                .iter()
                .map(|&c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let marks = "^".repeat(end.saturating_sub(start).max(1));
            writeln!(out, "{gutter} {pad}{}", p.wrap("1;31", &marks))?;
        }
    }
    if !f.flow.is_empty() {
        writeln!(
            out,
            "{} {}",
            p.wrap("1;34", &format!("{:width$} =", "")),
            p.wrap("1", "path:")
        )?;
        for (i, st) in f.flow.iter().enumerate() {
            let place = if st.path == f.path {
                format!("{}:{}", st.span.start_line, st.span.start_column)
            } else {
                format!("{}:{}:{}", st.path, st.span.start_line, st.span.start_column)
            };
            writeln!(out, "{:width$}     {}. {place} {}", "", i + 1, st.message)?;
        }
    }
    let mut tags = vec![f.category.as_str().to_string()];
    tags.extend(f.cwe.iter().cloned());
    writeln!(
        out,
        "{} {}",
        p.wrap("1;34", &format!("{:width$} =", "")),
        tags.join(" · ")
    )?;
    let mut lines = f.recommendation.lines();
    if let Some(first) = lines.next() {
        writeln!(
            out,
            "{} {} {first}",
            p.wrap("1;34", &format!("{:width$} =", "")),
            p.wrap("1;32", "fix:")
        )?;
        for l in lines {
            writeln!(out, "{:width$}        {l}", "")?;
        }
    }
    writeln!(out)
}

impl Reporter for TextReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let p = Paint { on: ctx.color };
        let r = ctx.result;
        for f in r.findings.iter().filter(|f| f.suppression.is_none()) {
            frame(f, &p, out)?;
        }
        for w in &r.warnings {
            writeln!(out, "{} {w}", p.wrap("1;33", "warning:"))?;
        }
        for e in &r.errors {
            writeln!(out, "{} {e}", p.wrap("1;31", "error:"))?;
        }
        if !r.warnings.is_empty() || !r.errors.is_empty() {
            writeln!(out)?;
        }
        let total: usize = r.findings.iter().filter(|f| f.suppression.is_none()).count();
        let counts: Vec<String> = severity_counts(r)
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| format!("{n} {}", p.severity(s)))
            .collect();
        let s = &r.stats;
        let mut line = format!(
            "{} finding{}{} in {} file{} ({})",
            p.wrap("1", &total.to_string()),
            if total == 1 { "" } else { "s" },
            if counts.is_empty() {
                String::new()
            } else {
                format!(" ({})", counts.join(", "))
            },
            s.files_scanned,
            if s.files_scanned == 1 { "" } else { "s" },
            human_bytes(s.bytes_scanned),
        );
        if ctx.timing {
            line.push_str(&format!(" in {:.2}s", r.elapsed.as_secs_f64()));
        }
        writeln!(out, "{line}")?;
        let mut notes = Vec::new();
        if s.commits_scanned > 0 {
            notes.push(format!("{} commits read", s.commits_scanned));
        }
        if s.baselined > 0 {
            notes.push(format!("{} in the baseline", s.baselined));
        }
        if s.unchanged_lines > 0 {
            notes.push(format!("{} on unchanged lines", s.unchanged_lines));
        }
        if s.suppressed > 0 {
            notes.push(format!("{} suppressed inline", s.suppressed));
        }
        for (n, noun, rest) in [
            (s.skipped_binary, "binary file", " skipped"),
            (s.skipped_too_large, "file", " over the size limit skipped"),
            (s.skipped_symlinks, "symbolic link", " not followed"),
            (s.excluded, "path", " excluded by configuration"),
            (r.warnings.len(), "warning", ""),
        ] {
            if n > 0 {
                notes.push(plural(n, noun, rest));
            }
        }
        if !r.errors.is_empty() {
            notes.push(p.wrap("1;31", &plural(r.errors.len(), "error", "")));
        }
        if !notes.is_empty() {
            writeln!(out, "{}", notes.join("; "))?;
        }
        Ok(())
    }
}

/// `3 binary files skipped`: the count, the noun made plural when needed, the rest.
fn plural(n: usize, noun: &str, rest: &str) -> String {
    format!("{n} {noun}{}{rest}", if n == 1 { "" } else { "s" })
}
