//! The JSON report. Its `schema_version` changes when a field is removed or changes meaning.

use super::{ReportContext, Reporter, severity_counts};
use serde_json::{Map, Value, json};
use std::io::{self, Write};

/// The version of the JSON report's schema.
pub const SCHEMA_VERSION: &str = "1.0";

/// Renders the JSON report.
pub struct JsonReporter;

impl Reporter for JsonReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let r = ctx.result;
        let mut by_severity = Map::new();
        for (s, n) in severity_counts(r) {
            by_severity.insert(s.as_str().to_string(), json!(n));
        }
        let doc = json!({
            "schema_version": SCHEMA_VERSION,
            "tool": { "name": "reviewer", "version": env!("CARGO_PKG_VERSION") },
            "findings": r.findings,
            "errors": r.errors,
            "warnings": r.warnings,
            "skipped": r.skipped,
            "summary": {
                "findings": r.findings.iter().filter(|f| f.suppression.is_none()).count(),
                "by_severity": Value::Object(by_severity),
                "failing": r.failing(ctx.fail_on),
                "fail_on": ctx.fail_on,
                "errors": r.errors.len(),
                "warnings": r.warnings.len(),
                "stats": r.stats,
            },
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
