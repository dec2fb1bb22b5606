//! The plain data a scan produces: findings, their locations and the problems met on the way.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How bad a finding is. Ordered from `Info` (lowest) to `Critical` (highest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never a defect by itself.
    Info,
    /// A weakness with little direct impact.
    Low,
    /// A weakness that matters in some contexts.
    Medium,
    /// A likely exploitable flaw or a real defect.
    High,
    /// An exposed credential or a flaw exploitable as is.
    Critical,
}

impl Severity {
    /// Every severity, lowest first.
    pub const ALL: [Severity; 5] = [
        Severity::Info,
        Severity::Low,
        Severity::Medium,
        Severity::High,
        Severity::Critical,
    ];

    /// The lowercase name used in rules, options and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// The `security-severity` score code-scanning UIs sort by (CVSS-like, 0.0-10.0).
    pub fn security_score(self) -> &'static str {
        match self {
            Severity::Info => "0.0",
            Severity::Low => "3.0",
            Severity::Medium => "5.5",
            Severity::High => "8.0",
            Severity::Critical => "9.5",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown severity `{s}`: expected one of info, low, medium, high, critical"))
    }
}

/// What kind of problem a rule looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Hardcoded credentials and keys.
    Secrets,
    /// Injection, weak crypto and other security flaws.
    Security,
    /// Resources opened and never closed.
    ResourceLeak,
    /// Untrusted input used without validation.
    InputValidation,
    /// Races, deadlocks and misuse of threads.
    Concurrency,
    /// Code that works today and fails tomorrow.
    BestPractice,
    /// Needless work.
    Performance,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 7] = [
        Category::Secrets,
        Category::Security,
        Category::ResourceLeak,
        Category::InputValidation,
        Category::Concurrency,
        Category::BestPractice,
        Category::Performance,
    ];

    /// The kebab-case name used in rules, options and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Secrets => "secrets",
            Category::Security => "security",
            Category::ResourceLeak => "resource-leak",
            Category::InputValidation => "input-validation",
            Category::Concurrency => "concurrency",
            Category::BestPractice => "best-practice",
            Category::Performance => "performance",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Category {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let all: Vec<_> = Category::ALL.iter().map(|c| c.as_str()).collect();
                format!("unknown category `{s}`: expected one of {}", all.join(", "))
            })
    }
}

/// A region of a file. Lines and columns are 1-based; columns count Unicode code points;
/// the end column is exclusive. Byte offsets are 0-based, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First line.
    pub start_line: usize,
    /// Column of the first character.
    pub start_column: usize,
    /// Last line.
    pub end_line: usize,
    /// Column just past the last character.
    pub end_column: usize,
    /// Byte offset of the first byte.
    pub start_byte: usize,
    /// Byte offset just past the last byte.
    pub end_byte: usize,
}

/// Why a finding is not counted against the exit code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// How: `inline` for a comment or annotation in the source.
    pub kind: String,
    /// The marker that suppressed it, as written (for example `# noqa`).
    pub justification: String,
}

/// Where a file sits, when that changes how much a finding there matters: secrets in tests,
/// examples and documentation are often fakes, so they are tagged and given a lower
/// confidence (and can be dropped by configuration), never silently dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PathContext {
    /// Test code and test data.
    Test,
    /// Examples, samples, demos and templates.
    Example,
    /// Documentation.
    Docs,
}

impl PathContext {
    /// The context of a file, from its path (and kind: Markdown and the like are docs).
    pub fn of(path: &str, kind: crate::lang::FileKind) -> Option<PathContext> {
        let lower = path.to_ascii_lowercase();
        let parts: Vec<&str> = lower.split('/').collect();
        let (dirs, file) = parts.split_at(parts.len().saturating_sub(1));
        let file = file.first().copied().unwrap_or("");
        let dir_is = |names: &[&str]| dirs.iter().any(|d| names.contains(d));
        const TEST_DIRS: &[&str] = &[
            "test",
            "tests",
            "__tests__",
            "testing",
            "spec",
            "specs",
            "testdata",
            "test-data",
            "test_data",
            "fixtures",
            "fixture",
            "mocks",
            "mock",
            "it",
            "integrationtest",
            "testfixtures",
        ];
        let original = path.rsplit('/').next().unwrap_or(path);
        let stem = file.split('.').next().unwrap_or(file);
        let test_file = stem.starts_with("test_")
            || stem.ends_with("_test")
            || ["Test.java", "Tests.java", "IT.java", "TestCase.java"]
                .iter()
                .any(|s| original.ends_with(s))
            || file == "conftest.py"
            || file.contains(".spec.")
            || file.contains(".test.");
        if dir_is(TEST_DIRS) || test_file {
            return Some(PathContext::Test);
        }
        const EXAMPLE_DIRS: &[&str] = &[
            "example",
            "examples",
            "sample",
            "samples",
            "demo",
            "demos",
            "tutorial",
            "tutorials",
            "quickstart",
            "templates",
            "template",
        ];
        let example_file = ["example", "sample", "template", "dist"]
            .iter()
            .any(|w| file.split(['.', '_', '-']).any(|part| part == *w));
        if dir_is(EXAMPLE_DIRS) || example_file {
            return Some(PathContext::Example);
        }
        if dir_is(&["doc", "docs", "documentation", "wiki", "man"]) || kind == crate::lang::FileKind::Doc {
            return Some(PathContext::Docs);
        }
        None
    }

    /// Its name in configuration and reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            PathContext::Test => "test",
            PathContext::Example => "example",
            PathContext::Docs => "docs",
        }
    }
}

/// The commit that added a line, for findings of a history scan.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CommitInfo {
    /// Full commit id.
    pub id: String,
    /// Author name.
    pub author: String,
    /// Author e-mail.
    pub email: String,
    /// Author date, ISO 8601.
    pub date: String,
}

impl CommitInfo {
    /// `abc1234 (Ann Author, 2024-05-01)`.
    pub fn short(&self) -> String {
        format!(
            "{} ({}, {})",
            &self.id[..self.id.len().min(12)],
            self.author,
            self.date.get(..10).unwrap_or(&self.date)
        )
    }
}

/// One problem found in one place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's stable id.
    pub rule_id: String,
    /// Severity after configuration overrides.
    pub severity: Severity,
    /// The rule's category.
    pub category: Category,
    /// CWE ids, as `CWE-N`.
    pub cwe: Vec<String>,
    /// What is wrong.
    pub message: String,
    /// What to do instead.
    pub recommendation: String,
    /// The file, as the user would type it.
    pub path: String,
    /// Where in the file.
    pub span: Span,
    /// The source lines of the span, without line terminators, with every span the secret
    /// engine flagged masked. Empty for a secret finding: no source text is shown for it.
    pub snippet: String,
    /// For a secret finding: what may be shown of the value, at most a provider's public
    /// prefix and the length (`AKIA…(20 chars)`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secret: Option<String>,
    /// A hash that identifies the finding across edits that move it to other lines.
    pub fingerprint: String,
    /// Set when an inline marker suppressed the finding.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub suppression: Option<Suppression>,
    /// How sure the finding is: the rule's confidence, one step lower for a secret in a
    /// test, example or documentation file.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub confidence: Option<crate::rules::schema::Confidence>,
    /// Test, example or documentation path.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub context: Option<PathContext>,
    /// For a history scan: the commit that added the line.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub commit: Option<CommitInfo>,
    /// For a secret finding, the byte range of the value in the file. Never serialized: it
    /// is for callers of the library that need to act on the value (masking, tests).
    #[serde(skip)]
    pub secret_range: Option<std::ops::Range<usize>>,
    /// For a dataflow finding, the path from the source to the sink, in order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub flow: Vec<FlowStep>,
}

/// One step of a dataflow finding's path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowStep {
    /// The file, as the user would type it.
    pub path: String,
    /// Where.
    pub span: Span,
    /// What happens there (`HTTP request parameter: request.getParameter("id")`,
    /// `assigned to sql`, `reaches statement.executeQuery(sql)`).
    pub message: String,
}

impl Finding {
    /// Every region the finding covers: its span, and for a dataflow finding each step of its
    /// path. A change touching any of them makes the finding the change's.
    pub fn spans(&self) -> Vec<Span> {
        let mut out = vec![self.span];
        out.extend(self.flow.iter().filter(|s| s.path == self.path).map(|s| s.span));
        out
    }

    /// The order reports use: path, line, column, rule.
    pub fn sort_key(&self) -> (&str, usize, usize, &str, usize, usize) {
        (
            &self.path,
            self.span.start_line,
            self.span.start_column,
            &self.rule_id,
            self.span.end_line,
            self.span.end_column,
        )
    }
}

/// Something that went wrong with one input, without stopping the scan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file (or rule file, or config file) concerned.
    pub path: String,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<usize>,
    /// What happened and what to do.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path, l, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}
