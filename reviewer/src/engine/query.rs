//! The query engine: every query rule of a language joined into one tree-sitter query, so a
//! file's tree is walked once whatever the number of rules.

use super::RawMatch;
use crate::rules::{CompiledCondition, Lang, RuleSet, compile_query};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Instant;
use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, Query, QueryCursor, QueryCursorOptions, QueryMatch, QueryPredicateArg};

/// `#inside?` / `#not-inside?` on one capture.
struct AncestorTest {
    capture: u32,
    kinds: Vec<String>,
    negate: bool,
}

/// One query holding the patterns of every query rule of a language.
pub struct CombinedQuery {
    query: Query,
    /// For each pattern: the rule index and the index of its finding capture.
    patterns: Vec<(usize, u32)>,
    tests: Vec<Vec<AncestorTest>>,
    /// Rule indexes present.
    pub rules: Vec<usize>,
}

fn ancestor_tests(query: &Query, pattern: usize) -> Vec<AncestorTest> {
    query
        .general_predicates(pattern)
        .iter()
        .filter_map(|p| {
            let negate = match p.operator.as_ref() {
                "inside?" => false,
                "not-inside?" => true,
                _ => return None,
            };
            let QueryPredicateArg::Capture(capture) = p.args.first()? else {
                return None;
            };
            let kinds = p.args[1..]
                .iter()
                .filter_map(|a| match a {
                    QueryPredicateArg::String(s) => Some(s.to_string()),
                    QueryPredicateArg::Capture(_) => None,
                })
                .collect();
            Some(AncestorTest {
                capture: *capture,
                kinds,
                negate,
            })
        })
        .collect()
}

/// Whether a proper ancestor of `node` has one of `kinds`. Walks down from the root, since
/// each `Node::parent` call itself walks down from the root.
fn has_ancestor(root: Node<'_>, node: Node<'_>, kinds: &[String]) -> bool {
    let mut cur = root;
    while cur.id() != node.id() {
        if kinds.iter().any(|k| k == cur.kind()) {
            return true;
        }
        match cur.child_with_descendant(node) {
            Some(next) => cur = next,
            None => break,
        }
    }
    false
}

fn ancestor_tests_pass(root: Node<'_>, tests: &[AncestorTest], m: &QueryMatch<'_, '_>) -> bool {
    tests.iter().all(|t| {
        m.captures
            .iter()
            .filter(|c| c.index == t.capture)
            .all(|c| has_ancestor(root, c.node, &t.kinds) != t.negate)
    })
}

impl CombinedQuery {
    /// Joins the queries of the rules `members` (indexes into `rules`, all of language `lang`).
    pub fn build(rules: &RuleSet, lang: Lang, members: &[usize]) -> Result<CombinedQuery, String> {
        let mut source = String::new();
        let mut offsets = Vec::new();
        for &i in members {
            let q = rules.rules[i].query().expect("query rule");
            offsets.push((source.len(), i));
            source.push_str(&q.source);
            source.push('\n');
        }
        let query = match compile_query(lang, &source) {
            Ok(q) => q,
            Err(e) => {
                // Name the rule at fault: compile each alone.
                for (_, i) in &offsets {
                    let r = &rules.rules[*i];
                    if let Err(e) = compile_query(lang, &r.query().expect("query rule").source) {
                        return Err(format!("{}: field `query.source`: {e}", r.meta.origin));
                    }
                }
                return Err(format!("the {} queries do not compile together: {e}", lang.as_str()));
            }
        };
        let mut patterns = Vec::with_capacity(query.pattern_count());
        let mut tests = Vec::with_capacity(query.pattern_count());
        for p in 0..query.pattern_count() {
            let start = query.start_byte_for_pattern(p);
            let idx = offsets.partition_point(|(o, _)| *o <= start) - 1;
            let rule = offsets[idx].1;
            let capture_name = &rules.rules[rule].query().expect("query rule").capture;
            let capture = query.capture_index_for_name(capture_name).ok_or_else(|| {
                format!(
                    "{}: the query has no capture `@{capture_name}`",
                    rules.rules[rule].meta.origin
                )
            })?;
            patterns.push((rule, capture));
            tests.push(ancestor_tests(&query, p));
        }
        Ok(CombinedQuery {
            query,
            patterns,
            tests,
            rules: offsets.iter().map(|(_, r)| *r).collect(),
        })
    }

    /// Runs the query over a tree and pushes the matches of rules for which `applicable` holds.
    /// Returns false when the deadline stopped it.
    pub fn run(
        &self,
        rules: &RuleSet,
        root: Node<'_>,
        src: &[u8],
        deadline: Instant,
        applicable: &dyn Fn(usize) -> bool,
        out: &mut Vec<RawMatch>,
    ) -> bool {
        let cache = ConditionCache::default();
        self.run_in(rules, root, src, deadline, applicable, None, &cache, out)
    }

    /// Like [`CombinedQuery::run`], but only matches whose root node intersects one of
    /// `ranges` (tree-sitter then visits little more than the paths to those ranges).
    #[allow(clippy::too_many_arguments)]
    pub fn run_in(
        &self,
        rules: &RuleSet,
        root: Node<'_>,
        src: &[u8],
        deadline: Instant,
        applicable: &dyn Fn(usize) -> bool,
        ranges: Option<&[std::ops::Range<usize>]>,
        cache: &ConditionCache,
        out: &mut Vec<RawMatch>,
    ) -> bool {
        let whole = std::slice::from_ref(&(0..src.len())).to_vec();
        for range in ranges.unwrap_or(&whole) {
            let mut cursor = QueryCursor::new();
            if range.start > 0 || range.end < src.len() {
                cursor.set_byte_range(range.clone());
            }
            if !self.run_cursor(&mut cursor, rules, root, src, deadline, applicable, cache, out) {
                return false;
            }
        }
        true
    }

    #[allow(clippy::too_many_arguments)]
    fn run_cursor(
        &self,
        cursor: &mut QueryCursor,
        rules: &RuleSet,
        root: Node<'_>,
        src: &[u8],
        deadline: Instant,
        applicable: &dyn Fn(usize) -> bool,
        cache: &ConditionCache,
        out: &mut Vec<RawMatch>,
    ) -> bool {
        let mut timed_out = |_: &tree_sitter::QueryCursorState| Instant::now() > deadline;
        let options = QueryCursorOptions::new().progress_callback(&mut timed_out);
        let mut matches = cursor.matches_with_options(&self.query, root, src, options);
        let names = self.query.capture_names();
        let mut allowed: HashMap<usize, bool> = HashMap::new();
        while let Some(m) = matches.next() {
            let (rule_idx, capture) = self.patterns[m.pattern_index];
            if !*allowed.entry(rule_idx).or_insert_with(|| applicable(rule_idx)) {
                continue;
            }
            if !ancestor_tests_pass(root, &self.tests[m.pattern_index], m) {
                continue;
            }
            let Some(node) = m.captures.iter().find(|c| c.index == capture).map(|c| c.node) else {
                continue;
            };
            let rule = rules.rules[rule_idx].query().expect("query rule");
            let bound: Vec<(&str, &[u8])> = m
                .captures
                .iter()
                .map(|c| (names[c.index as usize], &src[c.node.byte_range()]))
                .collect();
            let ok = rule
                .unless
                .iter()
                .all(|c| !cached_condition(cache, c, root, node, &bound, src))
                && rule
                    .require
                    .iter()
                    .all(|c| cached_condition(cache, c, root, node, &bound, src));
            if ok {
                out.push(RawMatch {
                    rule: rule_idx,
                    range: node.byte_range(),
                    redact: None,
                    identity: src[node.byte_range()].to_vec(),
                });
            }
        }
        Instant::now() <= deadline
    }
}

/// Whether `cond` matches in the scope around `node`, with captures unified with `bound`.
/// Every match of a condition query in one scope, as (capture index, byte range) lists.
type ScopeMatches = Vec<Vec<(u32, std::ops::Range<usize>)>>;

/// The matches of conditions already run in a file, keyed by the condition and its scope
/// node. A condition is run once per scope, however many matches of the rule ask about it;
/// each then only compares the texts of the captures it shares with the condition.
pub type ConditionCache = RefCell<HashMap<(usize, usize), Rc<ScopeMatches>>>;

fn cached_condition(
    cache: &ConditionCache,
    cond: &CompiledCondition,
    root: Node<'_>,
    node: Node<'_>,
    bound: &[(&str, &[u8])],
    src: &[u8],
) -> bool {
    let Ok(query) = cond.query() else { return false };
    let scope = condition_scope(cond, root, node);
    let key = (cond as *const CompiledCondition as usize, scope.id());
    let cached = cache.borrow().get(&key).cloned();
    let matches = match cached {
        Some(m) => m,
        None => {
            let m = Rc::new(condition_matches(query, root, scope, src));
            cache.borrow_mut().insert(key, m.clone());
            m
        }
    };
    let names = query.capture_names();
    matches.iter().any(|captures| {
        captures.iter().all(|(index, range)| {
            let name = names[*index as usize];
            let text = &src[range.clone()];
            bound.iter().filter(|(n, _)| *n == name).all(|(_, t)| *t == text)
        })
    })
}

/// The nearest ancestor of `node` with a kind of the condition's scope, or the whole file.
fn condition_scope<'t>(cond: &CompiledCondition, root: Node<'t>, node: Node<'t>) -> Node<'t> {
    let mut scope = root;
    if cond.scope.is_empty() {
        return scope;
    }
    // Down from the root (see has_ancestor): the last node on the path with a scope kind.
    let mut cur = root;
    loop {
        if cond.scope.iter().any(|k| k == cur.kind()) {
            scope = cur;
        }
        if cur.id() == node.id() {
            return scope;
        }
        match cur.child_with_descendant(node) {
            Some(next) => cur = next,
            None => return scope,
        }
    }
}

fn condition_matches(query: &Query, root: Node<'_>, scope: Node<'_>, src: &[u8]) -> ScopeMatches {
    let tests: Vec<Vec<AncestorTest>> = (0..query.pattern_count()).map(|p| ancestor_tests(query, p)).collect();
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(query, scope, src);
    let mut out = Vec::new();
    while let Some(m) = matches.next() {
        if ancestor_tests_pass(root, &tests[m.pattern_index], m) {
            out.push(m.captures.iter().map(|c| (c.index, c.node.byte_range())).collect());
        }
    }
    out
}
