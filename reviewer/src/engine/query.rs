//! The query engine: one rule's tree-sitter query, run over a file's tree (or only around
//! its keywords), with the rule's `#inside?` tests and `unless`/`require` conditions.

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

/// The compiled query of one rule.
pub struct RuleQuery {
    /// Index of the rule in the engine's rule set.
    rule: usize,
    query: Query,
    /// The index of the finding capture.
    capture: u32,
    /// The ancestor tests of each pattern.
    tests: Vec<Vec<AncestorTest>>,
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

impl RuleQuery {
    /// Compiles the query of rule `rule` (a query rule of language `lang`).
    pub fn build(rules: &RuleSet, lang: Lang, rule: usize) -> Result<RuleQuery, String> {
        let r = &rules.rules[rule];
        let spec = r.query().expect("query rule");
        let query =
            compile_query(lang, &spec.source).map_err(|e| format!("{}: field `query.source`: {e}", r.meta.origin))?;
        let capture = query
            .capture_index_for_name(&spec.capture)
            .ok_or_else(|| format!("{}: the query has no capture `@{}`", r.meta.origin, spec.capture))?;
        let tests = (0..query.pattern_count()).map(|p| ancestor_tests(&query, p)).collect();
        Ok(RuleQuery {
            rule,
            query,
            capture,
            tests,
        })
    }

    /// Runs the query over a tree, only matches whose root node intersects one of `ranges`
    /// when given (tree-sitter then visits little more than the paths to those ranges), and
    /// pushes the matches that pass the rule's conditions. Returns false when the deadline
    /// stopped it.
    #[allow(clippy::too_many_arguments)]
    pub fn run(
        &self,
        rules: &RuleSet,
        root: Node<'_>,
        src: &[u8],
        deadline: Instant,
        ranges: Option<&[std::ops::Range<usize>]>,
        cache: &ConditionCache,
        out: &mut Vec<RawMatch>,
    ) -> bool {
        let mut timed_out = |_: &tree_sitter::QueryCursorState| Instant::now() > deadline;
        let mut run_once = |range: Option<&std::ops::Range<usize>>| {
            let mut cursor = QueryCursor::new();
            if let Some(r) = range {
                cursor.set_byte_range(r.clone());
            }
            let options = QueryCursorOptions::new().progress_callback(&mut timed_out);
            let matches = cursor.matches_with_options(&self.query, root, src, options);
            self.collect(matches, rules, root, src, cache, out);
            Instant::now() <= deadline
        };
        match ranges {
            None => run_once(None),
            Some(ranges) => ranges.iter().all(|r| run_once(Some(r))),
        }
    }

    fn collect<'t, 's>(
        &self,
        mut matches: tree_sitter::QueryMatches<'_, 't, &'s [u8], &'s [u8]>,
        rules: &RuleSet,
        root: Node<'t>,
        src: &'s [u8],
        cache: &ConditionCache,
        out: &mut Vec<RawMatch>,
    ) {
        let names = self.query.capture_names();
        let rule = rules.rules[self.rule].query().expect("query rule");
        while let Some(m) = matches.next() {
            if !ancestor_tests_pass(root, &self.tests[m.pattern_index], m) {
                continue;
            }
            let Some(node) = m.captures.iter().find(|c| c.index == self.capture).map(|c| c.node) else {
                continue;
            };
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
                    rule: self.rule,
                    range: node.byte_range(),
                    redact: None,
                    identity: src[node.byte_range()].to_vec(),
                });
            }
        }
    }
}

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
