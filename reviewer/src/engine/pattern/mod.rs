//! Our own matcher for tree-sitter query patterns.
//!
//! tree-sitter's query engine is general, but for a rule set like ours it costs more than the
//! parse: compiling the queries takes seconds (its analysis pass), and its cursor materialises
//! every structural match before text predicates reject it. Here a query is parsed into
//! patterns that are matched node by node in Rust, from a single walk of the tree that only
//! tries the patterns whose root kind is the node's kind, and text predicates are checked the
//! moment their capture is bound, so a call with the wrong name is rejected at its name.
//!
//! The semantics follow tree-sitter's: child patterns match direct children in order with gaps
//! allowed, `.` anchors to the first, last or next named child, `(_)` is any named node and `_`
//! any node, quantified captures collect every node, and text predicates hold for every node of
//! their capture (vacuously for none). A differential test checks both engines agree on every
//! rule fixture.

mod parse;

pub use parse::ParseError;
use regex::bytes::Regex;
use std::collections::HashMap;
use tree_sitter::{Language, Node};

/// Node kinds a pattern accepts.
#[derive(Debug, Clone)]
enum KindSet {
    /// `_`: any node, named or anonymous.
    Any,
    /// `(_)`: any named node.
    AnyNamed,
    /// These kind ids (one name can have several ids).
    Ids(Vec<u16>),
}

impl KindSet {
    fn accepts(&self, node: Node<'_>) -> bool {
        match self {
            KindSet::Any => true,
            KindSet::AnyNamed => node.is_named(),
            KindSet::Ids(ids) => {
                let k = node.kind_id();
                ids.contains(&k)
            }
        }
    }
}

/// How often a child pattern may repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quant {
    /// Exactly once.
    One,
    /// `?`
    Optional,
    /// `*`
    ZeroOrMore,
    /// `+`
    OneOrMore,
}

/// A sub-pattern.
#[derive(Debug, Clone)]
enum Sub {
    /// `(kind children...)`, `(_)`, `_` or `"token"`.
    Node {
        kinds: KindSet,
        children: Vec<Child>,
        /// Fields the node must not have (`!field`).
        negated: Vec<u16>,
        /// A `.` after the last child: it must be the last named child.
        anchored_end: bool,
        captures: Vec<u32>,
    },
    /// `[a b c]`
    Alt { alts: Vec<Sub>, captures: Vec<u32> },
    /// `((a) (b))` among children: a sequence of siblings.
    Group { items: Vec<Child> },
    /// `!field`, only while parsing.
    Negated(u16),
}

/// A child pattern in its parent's sequence.
#[derive(Debug, Clone)]
struct Child {
    field: Option<u16>,
    sub: Sub,
    quant: Quant,
    /// A `.` before it: the first named child, or the named sibling right after the previous.
    anchored: bool,
}

/// What a predicate tests.
#[derive(Debug, Clone)]
enum PredOp {
    /// The text equals a string.
    Eq(Vec<u8>),
    /// The text equals another capture's text.
    EqCapture(u32),
    /// The regex matches somewhere in the text.
    Match(std::sync::Arc<LazyRegex>),
    /// The text is one of these.
    AnyOf(Vec<Vec<u8>>),
    /// A proper ancestor has one of these kinds.
    Inside(Vec<u16>),
}

/// A `#match?` regex, checked when the query is compiled but built the first time a node's
/// text is tested: most predicates of most rules never run on a handful of files (a pre-commit
/// hook's case), and building a regex costs far more than parsing it.
#[derive(Debug)]
struct LazyRegex {
    source: String,
    cell: std::sync::OnceLock<Regex>,
}

impl LazyRegex {
    fn is_match(&self, text: &[u8]) -> bool {
        self.cell
            .get_or_init(|| {
                parse::shared_regex(&self.source).unwrap_or_else(|_| Regex::new("[^\\x00-\\x{10FFFF}]").expect("valid"))
            })
            .is_match(text)
    }
}

/// A predicate on one capture.
#[derive(Debug, Clone)]
struct Pred {
    capture: u32,
    op: PredOp,
    negate: bool,
    /// The `any-` forms: one node of the capture is enough.
    any: bool,
}

impl Pred {
    /// Whether `node`'s text passes this (single-capture text) predicate.
    fn text_ok(&self, node: Node<'_>, src: &[u8]) -> bool {
        let text = &src[node.byte_range()];
        let hit = match &self.op {
            PredOp::Eq(s) => text == s.as_slice(),
            PredOp::Match(re) => re.is_match(text),
            PredOp::AnyOf(list) => list.iter().any(|s| s.as_slice() == text),
            PredOp::EqCapture(_) | PredOp::Inside(_) => return true,
        };
        hit != self.negate
    }

    /// Checked as each node is bound (every node must pass), rather than at the end.
    fn per_node(&self) -> bool {
        !self.any && matches!(self.op, PredOp::Eq(_) | PredOp::Match(_) | PredOp::AnyOf(_))
    }
}

/// One top-level pattern of a query.
#[derive(Debug, Clone)]
pub struct Pattern {
    sub: Sub,
    /// Checked when their capture is bound.
    node_preds: Vec<Pred>,
    /// Checked once the whole pattern matched.
    final_preds: Vec<Pred>,
    /// Kind ids the root can have; `None` when any.
    root_kinds: Option<Vec<u16>>,
}

fn root_kinds(sub: &Sub) -> Option<Vec<u16>> {
    match sub {
        Sub::Node {
            kinds: KindSet::Ids(ids),
            ..
        } => Some(ids.clone()),
        Sub::Node { .. } | Sub::Group { .. } | Sub::Negated(_) => None,
        Sub::Alt { alts, .. } => {
            let mut all = Vec::new();
            for a in alts {
                all.extend(root_kinds(a)?);
            }
            all.sort_unstable();
            all.dedup();
            Some(all)
        }
    }
}

impl Pattern {
    fn new(sub: Sub, preds: Vec<Pred>) -> Pattern {
        let (node_preds, final_preds) = preds.into_iter().partition(Pred::per_node);
        let root_kinds = root_kinds(&sub);
        Pattern {
            sub,
            node_preds,
            final_preds,
            root_kinds,
        }
    }

    /// Kind ids the pattern's root can have, or `None` when it can be any node.
    pub fn root_kinds(&self) -> Option<&[u16]> {
        self.root_kinds.as_deref()
    }
}

/// A compiled query: patterns and capture names.
#[derive(Debug, Clone)]
pub struct PatternQuery {
    /// The patterns, in source order.
    pub patterns: Vec<Pattern>,
    /// Capture names; a capture id indexes this.
    pub capture_names: Vec<String>,
}

/// One match: the captured nodes, in binding order.
pub type Captures<'t> = Vec<(u32, Node<'t>)>;

/// Upper bound on the matches of one pattern at one node, and on the steps spent finding them,
/// so that a pattern with quantifiers cannot go exponential on a wide node.
const MAX_MATCHES_PER_NODE: usize = 64;
const MAX_STEPS_PER_NODE: usize = 20_000;

impl PatternQuery {
    /// Parses `source` against the grammar `lang`.
    /// `supertypes` maps a supertype name (`statement`) to the node kinds it stands for.
    pub fn new(
        lang: &Language,
        supertypes: &HashMap<String, Vec<String>>,
        source: &str,
    ) -> Result<PatternQuery, ParseError> {
        let (patterns, capture_names) = parse::parse_query(lang, supertypes, source)?;
        Ok(PatternQuery {
            patterns,
            capture_names,
        })
    }

    /// The id of a capture name.
    pub fn capture_index(&self, name: &str) -> Option<u32> {
        self.capture_names.iter().position(|c| c == name).map(|i| i as u32)
    }

    /// Calls `found` with each match of pattern `pattern` rooted at `node`. `root` is the
    /// tree's root (for `#inside?`).
    pub fn matches_at<'t>(
        &self,
        pattern: usize,
        node: Node<'t>,
        root: Node<'t>,
        src: &[u8],
        found: &mut dyn FnMut(&Captures<'t>),
    ) {
        let p = &self.patterns[pattern];
        let mut m = Matcher {
            src,
            preds: &p.node_preds,
            caps: Vec::new(),
            steps: 0,
            matches: 0,
        };
        m.sub(&p.sub, node, &mut |m| {
            if p.final_preds.iter().all(|pred| final_ok(pred, &m.caps, root, src)) {
                m.matches += 1;
                found(&m.caps);
            }
        });
    }

    /// Every match of every pattern in the subtree of `scope`, root included.
    pub fn matches_in<'t>(&self, scope: Node<'t>, root: Node<'t>, src: &[u8], found: &mut dyn FnMut(&Captures<'t>)) {
        let mut cursor = scope.walk();
        loop {
            let node = cursor.node();
            for (i, p) in self.patterns.iter().enumerate() {
                if p.root_kinds.as_ref().is_none_or(|k| k.contains(&node.kind_id())) {
                    self.matches_at(i, node, root, src, found);
                }
            }
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.node() == scope {
                    return;
                }
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return;
                }
            }
        }
    }
}

/// The ids of the visible node kinds called `name` (named, or anonymous tokens): one name can
/// have several ids.
pub fn kind_ids(lang: &Language, name: &str, named: bool) -> Vec<u16> {
    (0..lang.node_kind_count() as u16)
        .filter(|&id| {
            lang.node_kind_for_id(id) == Some(name)
                && lang.node_kind_is_named(id) == named
                && lang.node_kind_is_visible(id)
        })
        .collect()
}

/// Whether a proper ancestor of `node` has one of `kinds`. Walks down from the root, since
/// each `Node::parent` call itself walks down from the root.
pub fn has_ancestor(root: Node<'_>, node: Node<'_>, kinds: &[u16]) -> bool {
    let mut cur = root;
    while cur.id() != node.id() {
        if kinds.contains(&cur.kind_id()) {
            return true;
        }
        match cur.child_with_descendant(node) {
            Some(next) => cur = next,
            None => break,
        }
    }
    false
}

fn final_ok(pred: &Pred, caps: &Captures<'_>, root: Node<'_>, src: &[u8]) -> bool {
    let nodes = || caps.iter().filter(move |(c, _)| *c == pred.capture).map(|(_, n)| *n);
    match &pred.op {
        PredOp::Inside(kinds) => nodes().all(|n| has_ancestor(root, n, kinds) != pred.negate),
        PredOp::EqCapture(other) => {
            let mut a = nodes();
            let mut b = caps.iter().filter(|(c, _)| c == other).map(|(_, n)| *n);
            loop {
                match (a.next(), b.next()) {
                    (Some(x), Some(y)) => {
                        let same = src[x.byte_range()] == src[y.byte_range()];
                        if same == pred.negate && !pred.any {
                            return false;
                        }
                        if same != pred.negate && pred.any {
                            return true;
                        }
                    }
                    (None, None) => return true,
                    _ => return false,
                }
            }
        }
        _ => {
            let mut any_node = false;
            for n in nodes() {
                any_node = true;
                if pred.text_ok(n, src) {
                    return true;
                }
            }
            // The `any-` forms: one passing node is enough; none at all passes too.
            !any_node
        }
    }
}

struct Matcher<'s, 't> {
    src: &'s [u8],
    preds: &'s [Pred],
    caps: Captures<'t>,
    steps: usize,
    matches: usize,
}

/// A node's children with their fields.
type Kids<'t> = Vec<(Node<'t>, Option<u16>)>;

fn kids_of(node: Node<'_>) -> Kids<'_> {
    let mut out = Vec::with_capacity(node.child_count());
    let mut cursor = node.walk();
    if cursor.goto_first_child() {
        loop {
            out.push((cursor.node(), cursor.field_id().map(|f| f.get())));
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    out
}

impl<'s, 't> Matcher<'s, 't> {
    fn exhausted(&self) -> bool {
        self.steps > MAX_STEPS_PER_NODE || self.matches >= MAX_MATCHES_PER_NODE
    }

    /// Binds `captures` to `node`, unless a predicate on one of them fails. Returns how many
    /// were pushed, or `None` (nothing pushed) on failure.
    fn bind(&mut self, captures: &[u32], node: Node<'t>) -> Option<usize> {
        for &c in captures {
            if self.preds.iter().any(|p| p.capture == c && !p.text_ok(node, self.src)) {
                return None;
            }
        }
        self.caps.extend(captures.iter().map(|&c| (c, node)));
        Some(captures.len())
    }

    fn unbind(&mut self, n: usize) {
        let len = self.caps.len() - n;
        self.caps.truncate(len);
    }

    /// Matches `sub` at `node`, calling `k` for each way it does.
    fn sub(&mut self, sub: &Sub, node: Node<'t>, k: &mut dyn FnMut(&mut Self)) {
        self.steps += 1;
        if self.exhausted() {
            return;
        }
        match sub {
            Sub::Node {
                kinds,
                children,
                negated,
                anchored_end,
                captures,
            } => {
                if !kinds.accepts(node) || negated.iter().any(|&f| node.child_by_field_id(f).is_some()) {
                    return;
                }
                let Some(bound) = self.bind(captures, node) else { return };
                if children.is_empty() {
                    k(self);
                } else {
                    let kids = kids_of(node);
                    self.seq(children, 0, &kids, 0, false, *anchored_end, k);
                }
                self.unbind(bound);
            }
            Sub::Alt { alts, captures } => {
                let Some(bound) = self.bind(captures, node) else { return };
                for alt in alts {
                    self.sub(alt, node, k);
                }
                self.unbind(bound);
            }
            Sub::Group { .. } | Sub::Negated(_) => {}
        }
    }

    /// Matches the items of a group (`head`, anchored as the group was) followed by `rest`.
    #[allow(clippy::too_many_arguments)]
    fn spliced(
        &mut self,
        mut head: Vec<Child>,
        anchored: bool,
        rest: &[Child],
        kids: &Kids<'t>,
        pos: usize,
        anchored_end: bool,
        k: &mut dyn FnMut(&mut Self),
    ) {
        if let Some(first) = head.first_mut() {
            first.anchored |= anchored;
        }
        head.extend(rest.iter().cloned());
        self.seq(&head, 0, kids, pos, false, anchored_end, k);
    }

    /// Matches `items[i..]` against `kids[pos..]`; `again` means items[i] already matched once
    /// and may repeat.
    #[allow(clippy::too_many_arguments)]
    fn seq(
        &mut self,
        items: &[Child],
        i: usize,
        kids: &Kids<'t>,
        pos: usize,
        again: bool,
        anchored_end: bool,
        k: &mut dyn FnMut(&mut Self),
    ) {
        self.steps += 1;
        if self.exhausted() {
            return;
        }
        let Some(item) = items.get(i) else {
            if anchored_end && kids[pos..].iter().any(|(n, _)| n.is_named()) {
                return;
            }
            k(self);
            return;
        };
        let may_skip = again || matches!(item.quant, Quant::Optional | Quant::ZeroOrMore);
        let repeats = matches!(item.quant, Quant::ZeroOrMore | Quant::OneOrMore);
        // Quantified items are greedy, as in tree-sitter: one takes the first sibling it
        // matches, and is skipped only when taking it yields no match of the whole pattern.
        let greedy = again || item.quant != Quant::One;
        let anchored = item.anchored && !again;
        let before = self.matches;
        if let Sub::Alt { alts, .. } = &item.sub
            && item.quant == Quant::One
            && alts.iter().any(|a| matches!(a, Sub::Group { .. }))
        {
            // An alternation of sibling sequences: each alternative spliced in turn.
            for alt in alts {
                let head = match alt {
                    Sub::Group { items: inner } => inner.clone(),
                    other => vec![Child {
                        field: item.field,
                        sub: other.clone(),
                        quant: Quant::One,
                        anchored: false,
                    }],
                };
                self.spliced(head, anchored, &items[i + 1..], kids, pos, anchored_end, k);
            }
        } else if let Sub::Group { items: inner } = &item.sub {
            // A group among children: its items, then the rest.
            self.spliced(inner.clone(), anchored, &items[i + 1..], kids, pos, anchored_end, k);
        } else {
            for j in pos..kids.len() {
                let (kid, field) = kids[j];
                let mut matched = false;
                if item.field.is_none_or(|f| field == Some(f)) {
                    self.sub(&item.sub, kid, &mut |m: &mut Self| {
                        matched = true;
                        if repeats {
                            m.seq(items, i, kids, j + 1, true, anchored_end, k);
                        } else {
                            m.seq(items, i + 1, kids, j + 1, false, anchored_end, k);
                        }
                    });
                }
                if self.exhausted() || (greedy && matched) {
                    break;
                }
                // An anchored item must be the first named kid from here: a named kid that did
                // not match ends the search.
                if anchored && kid.is_named() {
                    break;
                }
            }
        }
        if may_skip && self.matches == before && !self.exhausted() {
            self.seq(items, i + 1, kids, pos, false, anchored_end, k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Lang;
    use tree_sitter::Parser;

    fn run(lang: Lang, query: &str, code: &str) -> Vec<String> {
        let mut parser = Parser::new();
        parser.set_language(&lang.grammar()).unwrap();
        let tree = parser.parse(code, None).unwrap();
        let q = PatternQuery::new(&lang.grammar(), lang.supertypes(), query).unwrap();
        let mut out = Vec::new();
        let root = tree.root_node();
        q.matches_in(root, root, code.as_bytes(), &mut |caps| {
            let s: Vec<String> = caps
                .iter()
                .map(|(c, n)| format!("{}={}", q.capture_names[*c as usize], &code[n.byte_range()]))
                .collect();
            out.push(s.join(" "));
        });
        out
    }

    #[test]
    fn fields_predicates_and_anchors() {
        let code = "class A { void f() { a.exec(x, y); b.run(1); exec(z); } }";
        let q = "(method_invocation object: (_) @o name: (identifier) @n arguments: (argument_list . (_) @first) (#eq? @n \"exec\")) @call";
        assert_eq!(run(Lang::Java, q, code), vec!["call=a.exec(x, y) o=a n=exec first=x"]);
        let q = "(argument_list (_) @arg .)";
        assert_eq!(run(Lang::Java, q, code), vec!["arg=y", "arg=1", "arg=z"]);
        let q = "(method_invocation !object name: (identifier) @n)";
        assert_eq!(run(Lang::Java, q, code), vec!["n=exec"]);
    }

    #[test]
    fn alternations_quantifiers_and_tokens() {
        let code = "x = [1, 2, 3]\nif a is None: pass\nif b == None: pass\n";
        let q = "(list (integer)+ @n)";
        assert_eq!(run(Lang::Python, q, code), vec!["n=1 n=2 n=3"]);
        let q = "(comparison_operator (_) [\"is\" \"==\"] @op (none))";
        assert_eq!(run(Lang::Python, q, code), vec!["op=is", "op==="]);
        let q = "((comparison_operator (identifier) @v) (#match? @v \"^b\"))";
        assert_eq!(run(Lang::Python, q, code), vec!["v=b"]);
        let q = "(list . (integer) @a . (integer) @b)";
        assert_eq!(run(Lang::Python, q, code), vec!["a=1 b=2"]);
    }

    #[test]
    fn errors_name_the_place() {
        let java = Lang::Java;
        let lang = java.grammar();
        let sup = java.supertypes();
        let e = PatternQuery::new(&lang, sup, "(method_invocation\n  nme: (identifier))").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8), "{e}");
        assert!(e.message.contains("nme"), "{e}");
        assert!(PatternQuery::new(&lang, sup, "(no_such_kind)").is_err());
        assert!(PatternQuery::new(&lang, sup, "((identifier) @x (#frobnicate? @x))").is_err());
        assert!(PatternQuery::new(&lang, sup, "((identifier) @x (#match? @x \"(\"))").is_err());
        assert!(PatternQuery::new(&lang, sup, "(identifier").is_err());
    }
}
