//! The query engine: every query rule a file needs, run in one walk of its tree. Each node
//! is tried only against the patterns whose root kind is its kind; rules anchored to their
//! keywords only at nodes that overlap a keyword. Matches then pass the rule's `unless` and
//! `require` conditions.

use super::RawMatch;
use super::pattern::Captures;
use super::secret::generic;
use crate::rules::{CompiledCondition, CompiledQuery, RuleSet};
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tree_sitter::Node;

/// A rule to run on a file, with the byte ranges to run it in (`None`: the whole file).
pub type Candidate = (usize, Option<Vec<Range<usize>>>);

/// Time spent in each rule, and on how many files, when profiling.
pub type RuleProfile = Mutex<HashMap<usize, (Duration, usize)>>;

/// A node of the tree, with its preorder number and the number after its last descendant.
#[derive(Clone, Copy)]
struct Indexed<'t> {
    node: Node<'t>,
    pre: u32,
    end: u32,
}

/// The nodes of the kinds some pattern or condition scope needs, by kind, in document order.
/// Built in one walk, so that a pattern is tried only at nodes of its root kinds and a
/// condition finds the candidates inside its scope by binary search instead of a walk.
struct TreeIndex<'t> {
    by_kind: Vec<Vec<Indexed<'t>>>,
    /// Every node counted, for the root's range.
    total: u32,
}

impl<'t> TreeIndex<'t> {
    fn build(root: Node<'t>, wanted: &[bool]) -> TreeIndex<'t> {
        let mut by_kind: Vec<Vec<Indexed<'t>>> = vec![Vec::new(); wanted.len()];
        // For each open node: where it was recorded, to set its end when its subtree is done.
        let mut open: Vec<Option<(u16, u32)>> = Vec::new();
        let mut pre = 0u32;
        let mut cursor = root.walk();
        let close = |open: &mut Vec<Option<(u16, u32)>>, by_kind: &mut Vec<Vec<Indexed<'t>>>, pre: u32| {
            if let Some(Some((k, at))) = open.pop() {
                by_kind[k as usize][at as usize].end = pre;
            }
        };
        loop {
            let node = cursor.node();
            let k = node.kind_id();
            if wanted.get(k as usize).copied().unwrap_or(false) {
                let list = &mut by_kind[k as usize];
                open.push(Some((k, list.len() as u32)));
                list.push(Indexed {
                    node,
                    pre,
                    end: pre + 1,
                });
            } else {
                open.push(None);
            }
            pre += 1;
            if cursor.goto_first_child() {
                continue;
            }
            close(&mut open, &mut by_kind, pre);
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return TreeIndex { by_kind, total: pre };
                }
                close(&mut open, &mut by_kind, pre);
            }
        }
    }

    /// The recorded nodes of kind `kind` whose preorder number is in `range`.
    fn within(&self, kind: u16, range: Range<u32>) -> &[Indexed<'t>] {
        let list = &self.by_kind[kind as usize];
        let a = list.partition_point(|x| x.pre < range.start);
        let b = list.partition_point(|x| x.pre < range.end);
        &list[a..b]
    }

    /// The recorded nodes in `range` a pattern can be rooted at: those of `kinds`, or of every
    /// kind when the pattern's root can be any node.
    fn roots<'s>(&'s self, kinds: Option<&'s [u16]>, range: Range<u32>) -> impl Iterator<Item = &'s Indexed<'t>> {
        let kinds: Box<dyn Iterator<Item = u16> + 's> = match kinds {
            Some(ks) => Box::new(ks.iter().copied()),
            None => Box::new(0..self.by_kind.len() as u16),
        };
        kinds.flat_map(move |k| self.within(k, range.clone()))
    }

    /// The preorder range of `node`'s subtree, if `node` is the root or of a recorded kind.
    fn range_of(&self, node: Node<'t>, root: Node<'t>) -> Option<Range<u32>> {
        if node.id() == root.id() {
            return Some(0..self.total);
        }
        let list = self.by_kind.get(node.kind_id() as usize)?;
        let start = node.start_byte();
        let a = list.partition_point(|x| x.node.start_byte() < start);
        list[a..]
            .iter()
            .take_while(|x| x.node.start_byte() == start)
            .find(|x| x.node.id() == node.id())
            .map(|x| x.pre..x.end)
    }
}

/// How many pattern tries run between two looks at the clock.
const DEADLINE_CHECK_TRIES: usize = 256;

/// Everything one file's run shares.
struct FileRun<'a, 't> {
    rules: &'a RuleSet,
    root: Node<'t>,
    src: &'a [u8],
    index: TreeIndex<'t>,
    cache: ConditionCache,
}

/// Runs `candidates` (query rules of one language) over the tree at `root`. Pushes the
/// matches to `out`, and a message per rule whose query does not compile to `errors`. Returns
/// false when the deadline stopped it.
#[allow(clippy::too_many_arguments)]
pub fn run(
    rules: &RuleSet,
    candidates: &[Candidate],
    root: Node<'_>,
    src: &[u8],
    deadline: Instant,
    profile: Option<&RuleProfile>,
    out: &mut Vec<RawMatch>,
    errors: &mut Vec<String>,
) -> bool {
    let kinds = root.language().node_kind_count();
    let mut wanted = vec![false; kinds];
    let mut want = |ks: Option<&[u16]>| match ks {
        Some(ks) => ks.iter().for_each(|&k| wanted[k as usize] = true),
        None => wanted.iter_mut().for_each(|w| *w = true),
    };
    let mut queries: Vec<Option<&CompiledQuery>> = Vec::with_capacity(candidates.len());
    for (r, _) in candidates {
        let rule = &rules.rules[*r];
        let Some(spec) = rule.query() else {
            queries.push(None);
            continue;
        };
        match spec.compiled() {
            Ok(compiled) => {
                compiled.query.patterns.iter().for_each(|p| want(p.root_kinds()));
                for cond in spec.unless.iter().chain(&spec.require) {
                    want(Some(&cond.scope));
                    match cond.query() {
                        Ok(q) => q.patterns.iter().for_each(|p| want(p.root_kinds())),
                        Err(e) => errors.push(format!("{}: {e}", rule.meta.origin)),
                    }
                }
                queries.push(Some(compiled));
            }
            Err(e) => {
                errors.push(format!("{}: {e}", rule.meta.origin));
                queries.push(None);
            }
        }
    }
    if let Some(p) = profile {
        let mut p = p.lock().unwrap_or_else(|e| e.into_inner());
        for (r, _) in candidates {
            p.entry(*r).or_default().1 += 1;
        }
    }

    let run = FileRun {
        rules,
        root,
        src,
        index: TreeIndex::build(root, &wanted),
        cache: ConditionCache::default(),
    };
    let mut tries = 0usize;
    for ((rule, ranges), compiled) in candidates.iter().zip(&queries) {
        let Some(compiled) = compiled else { continue };
        let query = &compiled.query;
        let started = profile.map(|_| Instant::now());
        for (pi, p) in query.patterns.iter().enumerate() {
            for x in run.index.roots(p.root_kinds(), 0..run.index.total) {
                if let Some(ranges) = ranges
                    && !overlaps(ranges, x.node.byte_range())
                {
                    continue;
                }
                tries += 1;
                if tries % DEADLINE_CHECK_TRIES == 0 && Instant::now() > deadline {
                    return false;
                }
                query.matches_at(pi, x.node, root, src, &mut |caps| {
                    run.accept(*rule, compiled, caps, out);
                });
            }
        }
        if let (Some(p), Some(t0)) = (profile, started) {
            let mut p = p.lock().unwrap_or_else(|e| e.into_inner());
            p.entry(*rule).or_default().0 += t0.elapsed();
        }
    }
    true
}

/// Whether the generic filters may keep `value` (given to `key`) as a secret: what a trigger
/// judges. The finding's judgment ([`generic::noise_named`]) keeps no more than this: it adds
/// the checks that need the whole name or no name at all.
fn kept(src: &[u8], value: &Range<usize>, key: Option<Range<usize>>) -> bool {
    let v = &src[value.clone()];
    !(value.is_empty()
        || generic::noise(v).is_some()
        || key.is_some_and(|k| {
            let name = &src[k];
            generic::descriptive_key(name) || generic::self_describing(name, v) || generic::stored_hash(name, v)
        }))
}

/// Whether `re` has a match in `hay` for which `keep` holds, trying every start: a match the
/// predicate rejects does not hide another that starts inside it (a literal's text is a piece
/// of the file, and a match in it is a match of the file's text at the same start).
fn any_match_from_every_start(
    re: &regex::bytes::Regex,
    hay: &[u8],
    keep: impl Fn(&regex::bytes::Captures<'_>) -> bool,
) -> bool {
    any_match_from_literal_starts(re, hay, false, keep)
}

/// [`any_match_from_every_start`], where the regex later runs over the text of each comment
/// or string literal (`literal_text`): then a match that starts right after a name character
/// (`[A-Za-z0-9_.-]`, not escaped by a backslash) or a `::`, with the same end and value as a
/// match one character (or the `::`) before it, is skipped. No literal's text starts there (a
/// literal starts with its quote or comment marker), and in any literal holding both starts
/// the earlier match is the one found. So `"AWS::IAM::AccessKey": "..."` is judged with its
/// whole name, not as `AccessKey` alone.
fn any_match_from_literal_starts(
    re: &regex::bytes::Regex,
    hay: &[u8],
    literal_text: bool,
    keep: impl Fn(&regex::bytes::Captures<'_>) -> bool,
) -> bool {
    let name_char = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
    let mut at = 0;
    let mut previous: Option<(usize, usize, Option<Range<usize>>)> = None;
    while let Some(c) = re.captures_at(hay, at) {
        let whole = c.get(0).expect("group 0");
        let (start, end, value) = (whole.start(), whole.end(), c.name("value").map(|v| v.range()));
        let inner = literal_text
            && previous.as_ref().is_some_and(|(s, e, v)| {
                *e == end
                    && *v == value
                    && ((*s + 1 == start && name_char(hay[*s]) && !(start >= 2 && hay[start - 2] == b'\\'))
                        || (*s + 2 == start && &hay[*s..start] == b"::"))
            });
        if !inner && keep(&c) {
            return true;
        }
        previous = Some((start, end, value));
        at = start + 1;
        if at > hay.len() {
            break;
        }
    }
    false
}

/// Whether a rule's triggers let `src` be parsed for it: `trigger` matches, or
/// `trigger_literal` has a match whose value group took no part or holds a value the secret
/// filters keep (given to the name at its group `key` or `key_...`, when it has one), and the
/// secret pattern, where it is a prefilter, finds a kept value. No trigger: always.
pub fn triggered(q: &crate::rules::QueryMatcher, src: &[u8]) -> bool {
    if q.trigger.is_none() && q.trigger_literal.is_none() {
        return secret_pattern_may_find(q, src);
    }
    // The cheap plain trigger first; the literal trigger judges values only when it did not fire.
    let plain = || q.trigger.as_ref().is_some_and(|t| t.is_match(src));
    let literal = || {
        q.trigger_literal.as_ref().is_some_and(|t| {
            let names: Vec<&str> = t.capture_names().flatten().collect();
            let values: Vec<&str> = names
                .iter()
                .copied()
                .filter(|n| crate::rules::is_value_group(n))
                .collect();
            let keys: Vec<&str> = names.iter().copied().filter(|n| is_key_group(n)).collect();
            any_match_from_every_start(t, src, |c| {
                values.iter().find_map(|n| c.name(n)).is_none_or(|v| {
                    let key = keys.iter().find_map(|n| c.name(n));
                    kept(src, &v.range(), key.map(|k| name_start(src, k.start())..k.end()))
                })
            })
        })
    };
    (plain() || literal()) && secret_pattern_may_find(q, src)
}

/// Whether the rule's secret pattern, where it is a prefilter, finds a kept value in `src`.
fn secret_pattern_may_find(q: &crate::rules::QueryMatcher, src: &[u8]) -> bool {
    !q.prefilter_secret_pattern || q.secret_pattern.as_ref().is_none_or(|p| may_find_secret(src, p))
}

/// Whether a group of a `trigger_literal` regex holds the name a value is given to: `key`, or
/// `key_...` where the regex has one branch per form.
fn is_key_group(name: &str) -> bool {
    name == "key" || name.starts_with("key_")
}

/// Where the name ending at a `trigger_literal`'s group `key` starts: the group can start
/// at the secret word (`Key` of `myApiKey`, a regex with a literal start runs fast), and the
/// name is the rest of the identifier before it, and `::`-joined names (`AWS::IAM::AccessKey`).
/// It never reaches past the name the rule's query captures (a `.`, a quote, a space), so the
/// filters judge at most the words the query's name has and the trigger stays sound.
fn name_start(src: &[u8], mut at: usize) -> usize {
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    loop {
        if at > 0 && ident(src[at - 1]) {
            at -= 1;
        } else if at >= 3 && &src[at - 2..at] == b"::" && ident(src[at - 3]) {
            at -= 2;
        } else {
            return at;
        }
    }
}

/// Whether `pattern` can find a kept secret in a comment or string literal of `src`, judged on
/// the text alone: every start of the text is tried. Where the literal's end acts as a line end
/// for the pattern, at a `*/` with more code after it on its line, the line up to the `*/` is
/// tried too.
pub fn may_find_secret(src: &[u8], pattern: &regex::bytes::Regex) -> bool {
    let any_from = |hay: &[u8]| {
        any_match_from_literal_starts(pattern, hay, true, |c| {
            c.name("value")
                .is_some_and(|v| kept(hay, &v.range(), c.name("key").map(|k| k.range())))
        })
    };
    if any_from(src) {
        return true;
    }
    memchr::memmem::find_iter(src, b"*/").any(|i| {
        let end = i + 2;
        let line_start = memchr::memrchr(b'\n', &src[..end]).map_or(0, |p| p + 1);
        src.get(end).is_some_and(|&b| b != b'\n') && any_from(&src[line_start..end])
    })
}

/// The secrets of a match: the content of the literal at `literal` or, with a pattern, the
/// `value` group of each of its matches within that text (a docstring's example can hold a
/// token and its secret on two lines); none where the generic filters call the value noise or
/// it only repeats the words of its name.
fn secrets_in(
    src: &[u8],
    literal: Range<usize>,
    name: Option<Range<usize>>,
    pattern: Option<&regex::bytes::Regex>,
) -> Vec<Range<usize>> {
    // The finding's own judgment, with its name: stricter than the triggers' `kept`.
    let accept = |value: Range<usize>, key: Option<Range<usize>>| {
        (!value.is_empty() && generic::noise_named(key.map(|k| &src[k]), &src[value.clone()]).is_none())
            .then_some(value)
    };
    match pattern {
        None => accept(string_content(src, literal), name).into_iter().collect(),
        Some(re) => re
            .captures_iter(&src[literal.clone()])
            .filter_map(|c| {
                let value = c.name("value")?;
                let key = c
                    .name("key")
                    .map(|k| literal.start + k.start()..literal.start + k.end())
                    .or(name.clone());
                accept(literal.start + value.start()..literal.start + value.end(), key)
            })
            .collect(),
    }
}

/// The bytes between a string literal's quotes: Java `"..."` and text blocks, Python strings
/// with prefixes (`r'...'`, `b"""..."""`). Anything else is returned whole.
pub fn string_content(src: &[u8], r: Range<usize>) -> Range<usize> {
    let text = &src[r.clone()];
    let Some(open) = text.iter().position(|&b| b == b'"' || b == b'\'') else {
        return r;
    };
    if !text[..open].iter().all(u8::is_ascii_alphabetic) {
        return r;
    }
    let q = text[open];
    let triple = text.len() >= open + 6 && text[open + 1] == q && text[open + 2] == q;
    let width = if triple { 3 } else { 1 };
    let start = open + width;
    let end = text.len().saturating_sub(width).max(start);
    if text[end..].iter().any(|&b| b != q) {
        return r;
    }
    r.start + start..r.start + end
}

/// Whether `r` overlaps one of the sorted, disjoint `ranges`.
fn overlaps(ranges: &[Range<usize>], r: Range<usize>) -> bool {
    let i = ranges.partition_point(|x| x.end <= r.start);
    ranges.get(i).is_some_and(|x| x.start < r.end.max(r.start + 1))
}

impl<'t> FileRun<'_, 't> {
    /// The findings of one match (one, or one per secret of a literal), if the rule's
    /// conditions let it through.
    fn accept(&self, rule: usize, compiled: &CompiledQuery, caps: &Captures<'t>, out: &mut Vec<RawMatch>) {
        let src = self.src;
        let query = &compiled.query;
        let Some(node) = caps.iter().find(|(c, _)| *c == compiled.finding).map(|(_, n)| *n) else {
            return;
        };
        let Some(spec) = self.rules.rules[rule].query() else {
            return;
        };
        // A secret literal: its values must pass the generic filters, and are what the
        // findings are identified (and redacted) by.
        let secrets: Vec<Option<Range<usize>>> = match compiled.secret {
            Some(id) => {
                let Some(literal) = caps.iter().find(|(c, _)| *c == id).map(|(_, n)| n.byte_range()) else {
                    return;
                };
                let name = query.capture_index("name");
                let name = caps.iter().find(|(c, _)| Some(*c) == name).map(|(_, n)| n.byte_range());
                secrets_in(src, literal, name, spec.secret_pattern.as_deref())
                    .into_iter()
                    .map(Some)
                    .collect()
            }
            None => vec![None],
        };
        if secrets.is_empty() {
            return;
        }
        if !spec.unless.is_empty() || !spec.require.is_empty() {
            let bound: Vec<(&str, &[u8])> = caps
                .iter()
                .map(|(c, n)| (query.capture_names[*c as usize].as_str(), &src[n.byte_range()]))
                .collect();
            let ok = spec.unless.iter().all(|c| !self.condition(c, node, &bound))
                && spec.require.iter().all(|c| self.condition(c, node, &bound));
            if !ok {
                return;
            }
        }
        for secret in secrets {
            let identity = src[secret.clone().unwrap_or(node.byte_range())].to_vec();
            // A secret found inside a comment or a text is reported where it is, not where the
            // comment starts.
            let range = match (&secret, spec.secret_pattern.is_some()) {
                (Some(value), true) => value.clone(),
                _ => node.byte_range(),
            };
            out.push(RawMatch {
                rule,
                range,
                redact: secret,
                show_prefix: 0,
                identity,
                flow: Vec::new(),
            });
        }
    }

    /// Whether condition `cond` matches in the scope of `node`, agreeing with the captures
    /// already bound (same name, same text).
    fn condition(&self, cond: &CompiledCondition, node: Node<'t>, bound: &[(&str, &[u8])]) -> bool {
        let Ok(query) = cond.query() else { return false };
        let scope = condition_scope(cond, self.root, node);
        let key = (cond as *const CompiledCondition as usize, scope.id());
        let cached = self.cache.borrow().get(&key).cloned();
        let matches = match cached {
            Some(m) => m,
            None => {
                let mut found = Vec::new();
                let mut push =
                    |caps: &Captures<'t>| found.push(caps.iter().map(|(c, n)| (*c, n.byte_range())).collect());
                match self.index.range_of(scope, self.root) {
                    Some(range) => {
                        for (pi, p) in query.patterns.iter().enumerate() {
                            for x in self.index.roots(p.root_kinds(), range.clone()) {
                                query.matches_at(pi, x.node, self.root, self.src, &mut push);
                            }
                        }
                    }
                    None => query.matches_in(scope, self.root, self.src, &mut push),
                }
                let m = Rc::new(found);
                self.cache.borrow_mut().insert(key, m.clone());
                m
            }
        };
        let names = &query.capture_names;
        let src = self.src;
        matches.iter().any(|captures| {
            captures.iter().all(|(index, range)| {
                let name = names[*index as usize].as_str();
                let text = &src[range.clone()];
                bound.iter().filter(|(n, _)| *n == name).all(|(_, t)| *t == text)
            })
        })
    }
}

/// Every match of a condition query in one scope, as (capture index, byte range) lists.
type ScopeMatches = Vec<Vec<(u32, Range<usize>)>>;

/// The matches of conditions already run in a file, keyed by the condition and its scope
/// node. A condition is run once per scope, however many matches of the rule ask about it;
/// each then only compares the texts of the captures it shares with the condition.
type ConditionCache = RefCell<HashMap<(usize, usize), Rc<ScopeMatches>>>;

/// The nearest ancestor of `node` with a kind of the condition's scope, or the whole file.
fn condition_scope<'t>(cond: &CompiledCondition, root: Node<'t>, node: Node<'t>) -> Node<'t> {
    let mut scope = root;
    if cond.scope.is_empty() {
        return scope;
    }
    // Down from the root (see `pattern::has_ancestor`): the last node on the path with a
    // scope kind.
    let mut cur = root;
    loop {
        if cond.scope.contains(&cur.kind_id()) {
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

#[cfg(test)]
mod tests {
    use super::overlaps;

    #[test]
    fn string_literal_contents() {
        let content = |s: &str| {
            let r = super::string_content(s.as_bytes(), 0..s.len());
            s[r].to_string()
        };
        assert_eq!(content("\"s3cret\""), "s3cret");
        assert_eq!(content("'s3cret'"), "s3cret");
        assert_eq!(content("r'raw\\x'"), "raw\\x");
        assert_eq!(content("b\"\"\"block\"\"\""), "block");
        assert_eq!(content("\"\""), "");
        assert_eq!(content("name"), "name");
    }

    #[test]
    fn trigger_names_reach_back_to_the_identifier_start() {
        let start = |s: &str, at: usize| s[super::name_start(s.as_bytes(), at)..].to_string();
        assert_eq!(start("x = myApiKey", 6), "myApiKey");
        assert_eq!(start("cfg.db_password", 7), "db_password");
        assert_eq!(start("\"AWS::IAM::AccessKey\"", 11), "AWS::IAM::AccessKey\"");
        assert_eq!(start("a ::Key", 4), "Key");
    }

    #[test]
    fn literal_starts_judge_a_whole_name() {
        let re = regex::bytes::Regex::new(
            r"(?i)(?P<key>(?:[\w.-]|::)*(?:secret|api[_.-]?key)[\w.-]*)[\x22']?[ \t]*[:=][ \t]*[\x22']?(?P<value>\w{3,})",
        )
        .unwrap();
        let keys = |hay: &str, literal_text: bool| {
            let seen = std::cell::RefCell::new(Vec::new());
            super::any_match_from_literal_starts(&re, hay.as_bytes(), literal_text, |c| {
                seen.borrow_mut().push(String::from_utf8_lossy(&c["key"]).into_owned());
                false
            });
            seen.into_inner()
        };
        let hay = "\"AWS::ApiGateway::ApiKey\": \"3f9c1e07a2d4b856\"";
        assert_eq!(keys(hay, true), ["AWS::ApiGateway::ApiKey"]);
        // Every start: the names a literal starting inside this one could see.
        assert!(keys(hay, false).contains(&"ApiKey".to_string()));
        // A start after an escaped newline is a literal's next line: still tried.
        assert_eq!(keys("a\\nsecret=abc", true), ["nsecret", "secret"]);
    }

    #[test]
    fn overlap_with_sorted_ranges() {
        let ranges = [2..4, 10..12];
        assert!(overlaps(&ranges, 0..3));
        assert!(overlaps(&ranges, 3..10));
        assert!(overlaps(&ranges, 11..11));
        assert!(!overlaps(&ranges, 4..10));
        assert!(!overlaps(&ranges, 12..20));
        assert!(!overlaps(&ranges, 0..2));
    }
}
