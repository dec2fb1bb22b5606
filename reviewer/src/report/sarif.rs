//! SARIF 2.1.0, as code-scanning UIs read it: driver rules with CWE tags and
//! `security-severity`, results with regions and `partialFingerprints`, inline-suppressed
//! results kept with `suppressions`.

use super::{ReportContext, Reporter};
use crate::finding::{Diagnostic, Finding, Severity};
use crate::rules::schema::Confidence;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, Write};

/// Renders SARIF 2.1.0.
pub struct SarifReporter;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// Percent-encodes a path into a URI reference (absolute paths become `file://` URIs).
pub fn path_uri(path: &str) -> String {
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(f: &Finding) -> Value {
    json!({
        "startLine": f.span.start_line,
        "startColumn": f.span.start_column,
        "endLine": f.span.end_line,
        "endColumn": f.span.end_column,
        // A secret finding shows only what may be shown of the value, never source text.
        "snippet": { "text": f.secret.as_deref().unwrap_or(&f.snippet) },
    })
}

/// A dataflow finding's path as one SARIF code flow: a thread flow whose locations run from
/// the source to the sink, each with what happens there.
fn code_flows(f: &Finding) -> Value {
    let locations: Vec<Value> = f
        .flow
        .iter()
        .enumerate()
        .map(|(i, st)| {
            json!({
                "location": {
                    "physicalLocation": {
                        "artifactLocation": { "uri": path_uri(&st.path) },
                        "region": {
                            "startLine": st.span.start_line,
                            "startColumn": st.span.start_column,
                            "endLine": st.span.end_line,
                            "endColumn": st.span.end_column,
                        },
                    },
                    "message": { "text": st.message },
                },
                "kinds": [if i == 0 { "source" } else if i + 1 == f.flow.len() { "sink" } else { "pass-through" }],
                "nestingLevel": 0,
                "executionOrder": i + 1,
            })
        })
        .collect();
    json!([{
        "message": { "text": format!("{} → {}", f.flow[0].message, f.flow[f.flow.len() - 1].message) },
        "threadFlows": [{ "locations": locations }],
    }])
}

fn notification(d: &Diagnostic, lvl: &str) -> Value {
    let mut phys = json!({ "artifactLocation": { "uri": path_uri(&d.path) } });
    if let Some(l) = d.line {
        phys["region"] = json!({ "startLine": l });
    }
    json!({
        "level": lvl,
        "message": { "text": d.message },
        "locations": [{ "physicalLocation": phys }],
    })
}

fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

impl Reporter for SarifReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut index = HashMap::new();
        let mut rules = Vec::new();
        for (i, r) in ctx.rules.rules.iter().enumerate() {
            let m = &r.meta;
            index.insert(m.id.as_str(), i);
            let mut tags = vec![m.category.as_str().to_string()];
            if matches!(
                m.category,
                crate::finding::Category::Secrets | crate::finding::Category::Security
            ) {
                tags.push("security".into());
            }
            tags.dedup();
            tags.extend(m.cwe.iter().map(|c| format!("external/cwe/{}", c.to_ascii_lowercase())));
            let precision = match m.confidence {
                Some(Confidence::High) | None => "high",
                Some(Confidence::Medium) => "medium",
                Some(Confidence::Low) => "low",
            };
            let mut help_md = format!("**{}**\n\n{}\n", m.message, m.recommendation);
            if let Some(d) = &m.description {
                help_md = format!("{d}\n\n{help_md}");
            }
            let mut rule = json!({
                "id": m.id,
                "name": pascal(&m.id),
                "shortDescription": { "text": m.message },
                "fullDescription": { "text": m.description.clone().unwrap_or_else(|| m.message.clone()) },
                "help": { "text": m.recommendation, "markdown": help_md },
                "defaultConfiguration": { "level": level(m.severity) },
                "properties": {
                    "tags": tags,
                    "precision": precision,
                    "security-severity": m.severity.security_score(),
                    "problem.severity": level(m.severity),
                },
            });
            if let Some(link) = m.references.first() {
                rule["helpUri"] = json!(link);
            }
            rules.push(rule);
        }
        let results: Vec<Value> = ctx
            .result
            .findings
            .iter()
            .map(|f| {
                let mut res = json!({
                    "ruleId": f.rule_id,
                    "level": level(f.severity),
                    "message": { "text": format!("{} {}", f.message, f.recommendation.lines().next().unwrap_or("")) },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": path_uri(&f.path) },
                            "region": region(f),
                        }
                    }],
                    "partialFingerprints": { "reviewer/v1": f.fingerprint },
                    "properties": { "severity": f.severity, "category": f.category },
                });
                if !f.flow.is_empty() {
                    res["codeFlows"] = code_flows(f);
                }
                if let Some(c) = &f.commit {
                    res["properties"]["commit"] = json!(c.id);
                    res["properties"]["author"] = json!(c.author);
                    res["properties"]["authorEmail"] = json!(c.email);
                    res["properties"]["date"] = json!(c.date);
                }
                if let Some(i) = index.get(f.rule_id.as_str()) {
                    res["ruleIndex"] = json!(i);
                }
                if let Some(s) = &f.suppression {
                    res["suppressions"] = json!([{ "kind": "inSource", "justification": s.justification }]);
                }
                res
            })
            .collect();
        let mut notes: Vec<Value> = ctx.result.errors.iter().map(|d| notification(d, "error")).collect();
        notes.extend(ctx.result.warnings.iter().map(|d| notification(d, "warning")));
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "reviewer",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "columnKind": "unicodeCodePoints",
                "results": results,
                "invocations": [{
                    "executionSuccessful": ctx.result.errors.is_empty(),
                    "toolExecutionNotifications": notes,
                }],
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}
