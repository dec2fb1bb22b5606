//! Inline suppression: `reviewer: ignore[rule-id]`, and the markers users already have
//! (`# nosec`, `// NOPMD`, `@SuppressWarnings("reviewer:rule-id")`, `# noqa`).

use crate::engine::text::LineIndex;
use crate::finding::Suppression;
use regex::Regex;
use std::sync::LazyLock;
use tree_sitter::Node;

static REVIEWER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"reviewer:\s*ignore(?:\[([^\]]*)\])?").expect("valid regex"));
static NOQA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bnoqa\b(?::\s*([\w\-]+(?:\s*,\s*[\w\-]+)*))?").expect("valid regex"));
static NOSEC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bnosec\b:?((?:[ \t,]*[\w\-]+)*)").expect("valid regex"));
static NOPMD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bNOPMD\b").expect("valid regex"));
static SUPPRESS_WARNINGS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"@(?:java\.lang\.)?SuppressWarnings\s*\(([^)]*)\)"#).expect("valid regex"));
static ID_LIKE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:B\d{3}|[a-z0-9]+(?:-[a-z0-9]+)+)$").expect("valid regex"));

fn list_names(list: &str, rule_id: &str) -> bool {
    list.split(|c: char| c == ',' || c.is_whitespace())
        .map(str::trim)
        .any(|s| s == rule_id)
}

/// The part of a line after its first comment opener, if any.
fn comment_part(line: &str) -> Option<&str> {
    let idx = ["#", "//", "/*", "<!--", ";"]
        .iter()
        .filter_map(|m| line.find(m))
        .min()?;
    Some(&line[idx..])
}

fn same_line_marker(comment: &str, rule_id: &str) -> Option<String> {
    if let Some(s) = reviewer_marker(comment, rule_id) {
        return Some(s);
    }
    if let Some(c) = NOQA.captures(comment) {
        match c.get(1) {
            None => return Some("noqa".into()),
            Some(codes) if list_names(codes.as_str(), rule_id) => {
                return Some(format!("noqa: {}", codes.as_str()));
            }
            Some(_) => {}
        }
    }
    if let Some(c) = NOSEC.captures(comment) {
        let words = c.get(1).map_or("", |m| m.as_str());
        let ids: Vec<&str> = words
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|w| ID_LIKE.is_match(w))
            .collect();
        if ids.is_empty() {
            return Some("nosec".into());
        }
        if ids.contains(&rule_id) {
            return Some(format!("nosec {}", ids.join(",")));
        }
    }
    if NOPMD.is_match(comment) {
        return Some("NOPMD".into());
    }
    None
}

fn reviewer_marker(comment: &str, rule_id: &str) -> Option<String> {
    for c in REVIEWER.captures_iter(comment) {
        match c.get(1) {
            None => return Some("reviewer: ignore".into()),
            Some(ids) if list_names(ids.as_str(), rule_id) => {
                return Some(format!("reviewer: ignore[{}]", ids.as_str().trim()));
            }
            Some(_) => {}
        }
    }
    None
}

/// The markers secret scanners already use, honoured anywhere on a secret's line.
const SECRET_MARKERS: &[&str] = &["gitleaks:allow", "pragma: allowlist secret", "pragma:allowlist secret"];

/// The inline marker, if any, that suppresses `rule_id` on 0-based line `line`. For a secret
/// finding, `gitleaks:allow` and `pragma: allowlist secret` on the line count too.
pub fn inline_marker(src: &[u8], lines: &LineIndex, line: usize, rule_id: &str, secret: bool) -> Option<Suppression> {
    let text_of = |l: usize| String::from_utf8_lossy(&src[lines.line_range(src, l)]).into_owned();
    let here = text_of(line);
    if secret && let Some(m) = SECRET_MARKERS.iter().find(|m| here.contains(*m)) {
        return Some(Suppression {
            kind: "inline".into(),
            justification: (*m).to_string(),
        });
    }
    if let Some(comment) = comment_part(&here)
        && let Some(j) = same_line_marker(comment, rule_id)
    {
        return Some(Suppression {
            kind: "inline".into(),
            justification: j,
        });
    }
    if line > 0 {
        let above = text_of(line - 1);
        if let Some(comment) = comment_part(&above)
            && let Some(j) = reviewer_marker(comment, rule_id)
        {
            return Some(Suppression {
                kind: "inline".into(),
                justification: j,
            });
        }
    }
    None
}

/// `@SuppressWarnings("reviewer:rule-id")` (or `"reviewer"`) on a Java declaration around `node`.
pub fn annotation_marker(src: &[u8], node: Node<'_>, rule_id: &str) -> Option<Suppression> {
    let mut cur = Some(node);
    while let Some(n) = cur {
        let mut walker = n.walk();
        for child in n.children(&mut walker) {
            if child.kind() != "modifiers" {
                continue;
            }
            let text = String::from_utf8_lossy(&src[child.byte_range()]);
            for c in SUPPRESS_WARNINGS.captures_iter(&text) {
                let args = &c[1];
                let names = args.split('"').skip(1).step_by(2).collect::<Vec<_>>();
                for name in names {
                    if name == "reviewer" || name.strip_prefix("reviewer:") == Some(rule_id) {
                        return Some(Suppression {
                            kind: "inline".into(),
                            justification: format!("@SuppressWarnings(\"{name}\")"),
                        });
                    }
                }
            }
        }
        cur = n.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(src: &str, line: usize, rule: &str) -> Option<String> {
        let idx = LineIndex::new(src.as_bytes());
        inline_marker(src.as_bytes(), &idx, line, rule, false).map(|s| s.justification)
    }

    fn check_secret(src: &str, line: usize) -> Option<String> {
        let idx = LineIndex::new(src.as_bytes());
        inline_marker(src.as_bytes(), &idx, line, "generic-secret-in-config", true).map(|s| s.justification)
    }

    #[test]
    fn secret_scanner_markers() {
        assert_eq!(
            check_secret("TOKEN=abc123xyz # gitleaks:allow", 0).as_deref(),
            Some("gitleaks:allow")
        );
        assert_eq!(
            check_secret("password = 'x9!k2'  # pragma: allowlist secret", 0).as_deref(),
            Some("pragma: allowlist secret")
        );
        assert!(check_secret("password = 'x9!k2'  # nosec", 0).is_some());
        assert!(check_secret("password = 'x9!k2'", 0).is_none());
        // Only secret findings honour the secret scanners' markers.
        assert!(check("eval(x)  # gitleaks:allow", 0, "eval-exec-non-constant").is_none());
    }

    #[test]
    fn noqa_only_silences_named_or_all() {
        assert!(check("x = 1  # noqa", 0, "sql-injection").is_some());
        assert!(check("x = 1  # noqa: E501", 0, "sql-injection").is_none());
        assert!(check("x = 1  # noqa: E501, sql-injection", 0, "sql-injection").is_some());
    }

    #[test]
    fn nosec_bare_or_named() {
        assert!(check("run(x, shell=True)  # nosec", 0, "subprocess-shell-true").is_some());
        assert!(check("run(x, shell=True)  # nosec B602", 0, "subprocess-shell-true").is_none());
        assert!(check("run(x)  # nosec subprocess-shell-true", 0, "subprocess-shell-true").is_some());
    }

    #[test]
    fn reviewer_marker_on_line_or_above() {
        assert!(check("# reviewer: ignore[a-b]\nbad()", 1, "a-b").is_some());
        assert!(check("# reviewer: ignore[c-d]\nbad()", 1, "a-b").is_none());
        assert!(check("bad() // reviewer: ignore", 0, "a-b").is_some());
        assert!(check("bad() // NOPMD - reviewed", 0, "a-b").is_some());
        assert!(check("# NOPMD\nbad()", 1, "a-b").is_none());
    }
}
