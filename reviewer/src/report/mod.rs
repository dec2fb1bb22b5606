//! Renderers: they format a [`ScanResult`]; they never compute findings.

pub mod github;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod text;

use crate::finding::Severity;
use crate::rules::RuleSet;
use crate::scan::ScanResult;
use std::io::{self, Write};

/// What every renderer is given.
pub struct ReportContext<'a> {
    /// The scan's result.
    pub result: &'a ScanResult,
    /// The rules that ran.
    pub rules: &'a RuleSet,
    /// The `--fail-on` threshold.
    pub fail_on: Severity,
    /// Use ANSI colours (text only).
    pub color: bool,
    /// Say how long the scan took (text only; makes output vary between runs).
    pub timing: bool,
}

/// A report format.
pub trait Reporter {
    /// Writes the report.
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// The formats `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Code frames and a summary, for people.
    Text,
    /// A versioned JSON document.
    Json,
    /// SARIF 2.1.0, for code-scanning UIs.
    Sarif,
    /// GitHub Actions workflow annotations (`::error file=…,line=…::…`).
    Github,
    /// A Markdown summary for a pull-request comment.
    Markdown,
}

impl Format {
    /// The renderer for the format.
    pub fn reporter(self) -> Box<dyn Reporter> {
        match self {
            Format::Text => Box::new(text::TextReporter),
            Format::Json => Box::new(json::JsonReporter),
            Format::Sarif => Box::new(sarif::SarifReporter),
            Format::Github => Box::new(github::GithubReporter),
            Format::Markdown => Box::new(markdown::MarkdownReporter),
        }
    }
}

/// Counts of unsuppressed findings per severity, highest first.
pub fn severity_counts(result: &ScanResult) -> Vec<(Severity, usize)> {
    Severity::ALL
        .iter()
        .rev()
        .map(|&s| {
            (
                s,
                result
                    .findings
                    .iter()
                    .filter(|f| f.suppression.is_none() && f.severity == s)
                    .count(),
            )
        })
        .collect()
}
