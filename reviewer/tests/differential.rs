//! Our pattern matcher against tree-sitter's own query engine: every bundled query and
//! condition, run over every bundled fixture of its language, must give the same matches
//! (same captures on the same nodes). tree-sitter is the reference for the query language;
//! the matcher exists only because it is faster.

use reviewer::engine::pattern::{has_ancestor, kind_ids};
use reviewer::rules::{Lang, RuleSet, compile_query};
use std::collections::BTreeSet;
use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, Parser, Query, QueryCursor, QueryPredicateArg, Tree};

type MatchSet = BTreeSet<Vec<(String, usize, usize)>>;

fn tree_sitter_matches(lang: Lang, query: &Query, tree: &Tree, src: &[u8]) -> MatchSet {
    let root = tree.root_node();
    let names = query.capture_names();
    let mut cursor = QueryCursor::new();
    let mut it = cursor.matches(query, root, src);
    let mut out = MatchSet::new();
    while let Some(m) = it.next() {
        let inside_ok = query.general_predicates(m.pattern_index).iter().all(|p| {
            let negate = p.operator.as_ref() == "not-inside?";
            let QueryPredicateArg::Capture(c) = p.args[0] else {
                return true;
            };
            let kinds: Vec<String> = p.args[1..]
                .iter()
                .filter_map(|a| match a {
                    QueryPredicateArg::String(s) => Some(s.to_string()),
                    QueryPredicateArg::Capture(_) => None,
                })
                .collect();
            let grammar = lang.grammar();
            let ids: Vec<u16> = kinds.iter().flat_map(|k| kind_ids(&grammar, k, true)).collect();
            m.captures
                .iter()
                .filter(|x| x.index == c)
                .all(|x| has_ancestor(root, x.node, &ids) != negate)
        });
        if inside_ok {
            out.insert(key(m.captures.iter().map(|c| (names[c.index as usize], c.node))));
        }
    }
    out
}

fn key<'a>(caps: impl Iterator<Item = (&'a str, Node<'a>)>) -> Vec<(String, usize, usize)> {
    let mut v: Vec<_> = caps
        .map(|(n, node)| (n.to_string(), node.start_byte(), node.end_byte()))
        .collect();
    v.sort();
    v
}

#[test]
fn the_matcher_agrees_with_tree_sitter_on_every_fixture() {
    let set = RuleSet::builtin().expect("bundled rules load");
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for lang in Lang::ALL {
        let mut parser = Parser::new();
        parser.set_language(&lang.grammar()).unwrap();
        let files: Vec<(&str, Tree, &[u8])> = set
            .rules
            .iter()
            .filter(|r| r.query().is_some_and(|q| q.lang == lang))
            .filter_map(|r| r.fixture.as_ref())
            .map(|f| (f.path.as_str(), parser.parse(&f.text, None).unwrap(), f.text.as_bytes()))
            .collect();
        for r in &set.rules {
            let Some(q) = r.query().filter(|q| q.lang == lang) else {
                continue;
            };
            let sources = std::iter::once(("query.source".to_string(), q.source.as_str())).chain(
                q.unless
                    .iter()
                    .chain(&q.require)
                    .enumerate()
                    .map(|(i, c)| (format!("condition {i}"), c.source())),
            );
            for (what, source) in sources {
                let reference = Query::new(&lang.grammar(), source).expect("tree-sitter compiles the query");
                let ours = compile_query(lang, source).expect("the matcher compiles the query");
                for (path, tree, src) in &files {
                    compared += 1;
                    let expected = tree_sitter_matches(lang, &reference, tree, src);
                    let mut got = MatchSet::new();
                    let root = tree.root_node();
                    ours.matches_in(root, root, src, &mut |caps| {
                        got.insert(key(caps
                            .iter()
                            .map(|(c, n)| (ours.capture_names[*c as usize].as_str(), *n))));
                    });
                    if got != expected {
                        let missing: Vec<_> = expected.difference(&got).take(3).collect();
                        let extra: Vec<_> = got.difference(&expected).take(3).collect();
                        mismatches.push(format!(
                            "{} ({what}) on {path}: tree-sitter {} matches, ours {}; missing {missing:?}; extra {extra:?}",
                            r.meta.id,
                            expected.len(),
                            got.len()
                        ));
                    }
                }
            }
        }
    }
    assert!(compared > 1000, "only {compared} comparisons");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
