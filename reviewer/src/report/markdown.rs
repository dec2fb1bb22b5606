//! A Markdown summary fit for a pull-request comment: counts by severity, then each finding
//! with its location, message and recommendation, highest severity first. Secret values are
//! never shown (only what a secret finding's summary allows); code frames are the redacted
//! snippets.

use super::{ReportContext, Reporter, severity_counts};
use crate::finding::Finding;
use std::io::{self, Write};

/// Renders the Markdown summary.
pub struct MarkdownReporter;

/// Escapes the characters Markdown would interpret in inline text.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>|#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A fenced code block whose fence is longer than any backtick run inside.
fn fenced(code: &str, lang: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{lang}\n{code}\n{fence}\n")
}

fn language(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("java") => "java",
        Some("py") => "python",
        _ => "",
    }
}

fn finding(f: &Finding, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "#### {} `{}` in `{}` line {}\n",
        f.severity.as_str().to_uppercase(),
        f.rule_id,
        f.path.replace('`', "'"),
        f.span.start_line
    )?;
    writeln!(out, "{}\n", inline(&f.message))?;
    if let Some(c) = &f.commit {
        writeln!(out, "Added in commit `{}`\n", inline(&c.short()).replace('`', "'"))?;
    }
    if let Some(secret) = &f.secret {
        writeln!(out, "Secret: `{}` (value not shown)\n", secret.replace('`', "'"))?;
    } else if !f.snippet.is_empty() {
        writeln!(out, "{}", fenced(&f.snippet, language(&f.path)))?;
    }
    if !f.flow.is_empty() {
        writeln!(out, "Path from source to sink:\n")?;
        for (i, st) in f.flow.iter().enumerate() {
            writeln!(
                out,
                "{}. `{}` line {}: {}",
                i + 1,
                st.path.replace('`', "'"),
                st.span.start_line,
                inline(&st.message)
            )?;
        }
        writeln!(out)?;
    }
    let mut tags = vec![f.category.as_str().to_string()];
    tags.extend(f.cwe.iter().cloned());
    writeln!(out, "{}\n", tags.join(" · "))?;
    writeln!(out, "<details><summary>What to do</summary>\n")?;
    writeln!(out, "{}", fenced(f.recommendation.trim_end(), ""))?;
    writeln!(out, "</details>\n")
}

impl Reporter for MarkdownReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let r = ctx.result;
        let mut shown: Vec<&Finding> = r.findings.iter().filter(|f| f.suppression.is_none()).collect();
        shown.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then_with(|| a.sort_key().cmp(&b.sort_key()))
        });
        let failing = r.failing(ctx.fail_on);
        writeln!(
            out,
            "## reviewer: {} finding{}, {failing} at or above {}\n",
            shown.len(),
            if shown.len() == 1 { "" } else { "s" },
            ctx.fail_on
        )?;
        writeln!(out, "| severity | findings |\n|---|---|")?;
        for (s, n) in severity_counts(r) {
            writeln!(out, "| {} | {n} |", s.as_str())?;
        }
        let suppressed = r.findings.len() - shown.len();
        writeln!(
            out,
            "\n{} files scanned; {suppressed} suppressed; {} errors; {} warnings.\n",
            r.stats.files_scanned,
            r.errors.len(),
            r.warnings.len()
        )?;
        if !r.errors.is_empty() {
            writeln!(out, "### Errors (the scan is incomplete)\n")?;
            for e in &r.errors {
                writeln!(out, "- {}", inline(&e.to_string()))?;
            }
            writeln!(out)?;
        }
        if !shown.is_empty() {
            writeln!(out, "### Findings\n")?;
        }
        for f in shown {
            finding(f, out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_outlast_backticks() {
        assert!(fenced("a ``` b", "").starts_with("````\n"));
        assert!(fenced("plain", "java").starts_with("```java\n"));
        assert_eq!(inline("a_b*c"), "a\\_b\\*c");
    }
}
