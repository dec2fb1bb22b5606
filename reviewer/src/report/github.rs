//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per
//! finding, shown on the pull request's diff. Critical and high findings are errors, medium
//! ones warnings, the rest notices; scan errors and warnings are annotated too.

use super::{ReportContext, Reporter};
use crate::finding::{Finding, Severity};
use std::io::{self, Write};

/// Renders workflow commands.
pub struct GithubReporter;

/// Escapes a command's message (`%`, CR, LF), as the runner decodes it.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command property, where `:` and `,` also separate.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

fn annotation(f: &Finding) -> String {
    let title = format!("{} ({})", f.rule_id, f.severity);
    let mut message = f.message.clone();
    if let Some(secret) = &f.secret {
        message.push_str(&format!(" [{secret}]"));
    }
    if let Some(c) = &f.commit {
        message.push_str(&format!("\nAdded in commit {}", c.short()));
    }
    if let Some(fix) = f.recommendation.lines().next() {
        message.push_str(&format!("\nFix: {fix}"));
    }
    format!(
        "::{} file={},line={},endLine={},col={},endColumn={},title={}::{}",
        level(f.severity),
        escape_property(&f.path),
        f.span.start_line,
        f.span.end_line,
        f.span.start_column,
        f.span.end_column,
        escape_property(&title),
        escape_data(&message)
    )
}

impl Reporter for GithubReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let r = ctx.result;
        for f in r.findings.iter().filter(|f| f.suppression.is_none()) {
            writeln!(out, "{}", annotation(f))?;
        }
        for (lvl, list) in [("error", &r.errors), ("warning", &r.warnings)] {
            for d in list {
                let place = match d.line {
                    Some(l) => format!("file={},line={l}", escape_property(&d.path)),
                    None => format!("file={}", escape_property(&d.path)),
                };
                writeln!(out, "::{lvl} {place},title=reviewer::{}", escape_data(&d.message))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_annotation_per_finding_with_its_place() {
        use crate::finding::{Category, Span};
        let f = Finding {
            rule_id: "sql-injection".into(),
            severity: Severity::High,
            category: Category::Security,
            cwe: vec!["CWE-89".into()],
            message: "SQL built with 100% string concatenation".into(),
            recommendation: "Use parameters.\nMore text.".into(),
            path: "src/a,b.py".into(),
            span: Span {
                start_line: 3,
                start_column: 5,
                end_line: 3,
                end_column: 20,
                start_byte: 0,
                end_byte: 0,
            },
            snippet: String::new(),
            secret: None,
            fingerprint: String::new(),
            suppression: None,
            confidence: None,
            context: None,
            commit: None,
            secret_range: None,
            flow: Vec::new(),
        };
        assert_eq!(
            annotation(&f),
            "::error file=src/a%2Cb.py,line=3,endLine=3,col=5,endColumn=20,title=sql-injection (high)::SQL built with 100%25 string concatenation%0AFix: Use parameters."
        );
    }

    #[test]
    fn commands_are_escaped() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
