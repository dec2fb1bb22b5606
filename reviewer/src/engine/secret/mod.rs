//! The secret engine, in a fixed order: one Aho-Corasick keyword pass over the bytes, then
//! the regexes of the rules whose keywords hit, then entropy and structural checks
//! (checksums, encodings, the generic-value filters), then allowlists.

pub mod generic;
pub mod validate;

use super::RawMatch;
use super::keywords::KeywordIndex;
use super::text::{LineIndex, shannon_entropy};
use crate::rules::schema::AllowTarget;
use crate::rules::{Matcher, RuleSet, SecretMatcher};
use regex::bytes::Regex as BytesRegex;

/// What output may show of a secret: its public prefix (the first `show_prefix`
/// characters, for provider formats such as `AKIA` or `ghp_`) and its length.
pub fn summary(secret: &[u8], show_prefix: usize) -> String {
    let text = String::from_utf8_lossy(secret);
    let chars = text.chars().count();
    let prefix: String = text.chars().take(show_prefix.min(chars / 2)).collect();
    format!("{prefix}…({chars} chars)")
}

/// The secret rules, indexed by keyword.
pub struct SecretIndex {
    keywords: KeywordIndex,
}

impl SecretIndex {
    /// Builds the index over the secret rules of `rules`.
    pub fn build(rules: &RuleSet) -> Result<SecretIndex, String> {
        let secret_rules = rules.rules.iter().enumerate().filter_map(|(i, r)| match &r.matcher {
            Matcher::Secret(s) => Some((i, s.keywords.as_slice())),
            _ => None,
        });
        Ok(SecretIndex {
            keywords: KeywordIndex::build(secret_rules)?,
        })
    }

    /// Runs the triggered secret rules over `src`.
    pub fn run(
        &self,
        rules: &RuleSet,
        src: &[u8],
        lines: &LineIndex,
        applicable: &dyn Fn(usize) -> bool,
        out: &mut Vec<RawMatch>,
        errors: &mut Vec<String>,
    ) {
        let mut triggered: Vec<usize> = self.keywords.present(src);
        triggered.extend_from_slice(&self.keywords.always);
        triggered.sort_unstable();
        for i in triggered {
            if !applicable(i) {
                continue;
            }
            if let Matcher::Secret(s) = &rules.rules[i].matcher {
                match s.regex() {
                    Ok(re) => run_rule(i, s, re, src, lines, out),
                    Err(e) => errors.push(format!("{}: {e}", rules.rules[i].meta.origin)),
                }
            }
        }
    }
}

fn run_rule(rule: usize, s: &SecretMatcher, re: &BytesRegex, src: &[u8], lines: &LineIndex, out: &mut Vec<RawMatch>) {
    for caps in re.captures_iter(src) {
        let whole = caps.get(0).expect("group 0 always matches");
        let Some(secret) = caps
            .get(s.secret_group)
            .or_else(|| s.secret_group_alt.and_then(|g| caps.get(g)))
        else {
            continue;
        };
        if secret.is_empty() {
            continue;
        }
        if let Some(min) = s.min_entropy
            && shannon_entropy(secret.as_bytes()) < min
        {
            continue;
        }
        if let Some(v) = s.validate
            && !validate::check(v, secret.as_bytes())
        {
            continue;
        }
        // In a `key = value` rule, the key is group 1 and the value a later group.
        let key = caps.get(1).filter(|_| s.secret_group > 1).map(|k| k.as_bytes());
        if s.generic && generic::noise_named(key, secret.as_bytes()).is_some() {
            continue;
        }
        let line = lines.line_range(src, lines.line_of(whole.start()));
        let allowed = s.allowlist.iter().any(|(target, regexes, stop)| {
            let text = match target {
                AllowTarget::Secret => secret.as_bytes(),
                AllowTarget::Match => whole.as_bytes(),
                AllowTarget::Line => &src[line.clone()],
            };
            regexes.iter().any(|r| r.is_match(text)) || {
                let lower = text.to_ascii_lowercase();
                stop.iter().any(|w| generic::contains(&lower, w.as_bytes()))
            }
        });
        if allowed {
            continue;
        }
        // A regex reads the delimiter before a name or a token (` `, `;`, `(`, `&`) to anchor it:
        // that is context, not the finding, which starts after it. Else a finding could start
        // on the line before its secret, at that line's break.
        let lead = src[whole.start()..secret.start()]
            .iter()
            .take_while(|b| b.is_ascii_whitespace() || matches!(b, b';' | b'&' | b'?' | b',' | b'(' | b'{' | b'['))
            .count();
        // And the delimiter after a bare value (a line break, `,`, `)`) is not part of it either.
        let trail = src[secret.end()..whole.end()]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace() || matches!(b, b';' | b',' | b')' | b'}' | b']'))
            .count();
        out.push(RawMatch {
            rule,
            range: whole.start() + lead..whole.end() - trail,
            redact: Some(secret.range()),
            show_prefix: s.show_prefix,
            identity: secret.as_bytes().to_vec(),
            flow: Vec::new(),
        });
    }
}
