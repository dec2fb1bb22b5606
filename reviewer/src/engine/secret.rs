//! The secret engine, in a fixed order: one Aho-Corasick keyword pass over the bytes, then
//! the regexes of the rules whose keywords hit, then entropy, then allowlists.

use super::RawMatch;
use super::text::{LineIndex, shannon_entropy};
use crate::rules::schema::AllowTarget;
use crate::rules::{Matcher, RuleSet, SecretMatcher};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// How many leading characters of a secret a redacted snippet keeps.
pub fn redact_keep(len: usize) -> usize {
    if len >= 16 { 4 } else { 0 }
}

/// The keyword automaton and which rules each keyword triggers.
pub struct SecretIndex {
    automaton: Option<AhoCorasick>,
    keyword_rules: Vec<Vec<usize>>,
    always: Vec<usize>,
    rule_count: usize,
}

impl SecretIndex {
    /// Builds the index over the secret rules of `rules`.
    pub fn build(rules: &RuleSet) -> Result<SecretIndex, String> {
        let mut keywords: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (i, r) in rules.rules.iter().enumerate() {
            let Matcher::Secret(s) = &r.matcher else { continue };
            if s.keywords.is_empty() {
                always.push(i);
            }
            for k in &s.keywords {
                match keywords.iter().position(|x| x == k) {
                    Some(p) => keyword_rules[p].push(i),
                    None => {
                        keywords.push(k.clone());
                        keyword_rules.push(vec![i]);
                    }
                }
            }
        }
        let automaton = if keywords.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&keywords)
                    .map_err(|e| format!("secret keywords: {e}"))?,
            )
        };
        Ok(SecretIndex {
            automaton,
            keyword_rules,
            always,
            rule_count: rules.rules.len(),
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
    ) {
        let mut triggered = vec![false; self.rule_count];
        for &i in &self.always {
            triggered[i] = true;
        }
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(src) {
                for &r in &self.keyword_rules[m.pattern().as_usize()] {
                    triggered[r] = true;
                }
            }
        }
        for (i, hit) in triggered.into_iter().enumerate() {
            if !hit || !applicable(i) {
                continue;
            }
            let Matcher::Secret(s) = &rules.rules[i].matcher else {
                continue;
            };
            run_rule(i, s, src, lines, out);
        }
    }
}

fn run_rule(rule: usize, s: &SecretMatcher, src: &[u8], lines: &LineIndex, out: &mut Vec<RawMatch>) {
    for caps in s.regex.captures_iter(src) {
        let whole = caps.get(0).expect("group 0 always matches");
        let Some(secret) = caps.get(s.secret_group) else {
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
        let line = lines.line_range(src, lines.line_of(whole.start()));
        let allowed = s.allowlist.iter().any(|(target, regexes, stop)| {
            let text = match target {
                AllowTarget::Secret => secret.as_bytes(),
                AllowTarget::Match => whole.as_bytes(),
                AllowTarget::Line => &src[line.clone()],
            };
            regexes.iter().any(|r| r.is_match(text)) || {
                let lower = text.to_ascii_lowercase();
                stop.iter().any(|w| contains(&lower, w.as_bytes()))
            }
        });
        if allowed {
            continue;
        }
        out.push(RawMatch {
            rule,
            range: whole.range(),
            redact: Some(secret.range()),
            identity: secret.as_bytes().to_vec(),
        });
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}
