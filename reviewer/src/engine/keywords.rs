//! A keyword prefilter shared by the secret and query engines: one Aho-Corasick pass over a
//! file's bytes tells which rules may match, and where their keywords are.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::BTreeMap;
use std::ops::Range;

/// Rules indexed by their (case-insensitive) keywords.
pub struct KeywordIndex {
    automaton: Option<AhoCorasick>,
    keyword_rules: Vec<Vec<usize>>,
    /// Rules without keywords: they apply to every file.
    pub always: Vec<usize>,
}

impl KeywordIndex {
    /// Builds the index from (rule index, lowercase keywords) pairs.
    pub fn build<'a>(rules: impl IntoIterator<Item = (usize, &'a [String])>) -> Result<KeywordIndex, String> {
        let mut words: Vec<&str> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (i, keywords) in rules {
            if keywords.is_empty() {
                always.push(i);
            }
            for k in keywords {
                match words.iter().position(|w| *w == k) {
                    Some(p) => keyword_rules[p].push(i),
                    None => {
                        words.push(k);
                        keyword_rules.push(vec![i]);
                    }
                }
            }
        }
        let automaton = if words.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    // A full DFA: a few hundred keywords make a small one, and it scans
                    // several times faster than the default NFA.
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&words)
                    .map_err(|e| format!("keywords: {e}"))?,
            )
        };
        Ok(KeywordIndex {
            automaton,
            keyword_rules,
            always,
        })
    }

    /// The rules with a keyword in `src`, in rule order: only whether, not where, so that a
    /// keyword as common as `token` costs no allocation per occurrence.
    pub fn present(&self, src: &[u8]) -> Vec<usize> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut seen = vec![false; self.keyword_rules.len()];
        let mut left = seen.len();
        for m in ac.find_overlapping_iter(src) {
            let p = m.pattern().as_usize();
            if !seen[p] {
                seen[p] = true;
                left -= 1;
                if left == 0 {
                    break;
                }
            }
        }
        let mut rules: Vec<usize> = seen
            .iter()
            .enumerate()
            .filter(|(_, s)| **s)
            .flat_map(|(p, _)| self.keyword_rules[p].iter().copied())
            .collect();
        rules.sort_unstable();
        rules.dedup();
        rules
    }

    /// For each rule with a keyword in `src`: the byte ranges of its keyword occurrences.
    pub fn hits(&self, src: &[u8]) -> BTreeMap<usize, Vec<Range<usize>>> {
        let mut hits: BTreeMap<usize, Vec<Range<usize>>> = BTreeMap::new();
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(src) {
                for &r in &self.keyword_rules[m.pattern().as_usize()] {
                    hits.entry(r).or_default().push(m.range());
                }
            }
        }
        hits
    }
}
