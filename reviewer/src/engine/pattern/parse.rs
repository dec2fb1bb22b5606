//! Parses the tree-sitter query language into [`Pattern`]s, resolving node kinds and fields
//! against a grammar. The syntax is tree-sitter's own, so rules can be written and tried with
//! any tree-sitter tool; only the matching is ours.
//!
//! Supported: named and anonymous node patterns, `(_)` and `_`, fields, negated fields
//! (`!field`), alternations, groups of siblings, the quantifiers `?`, `*` and `+`, anchors
//! (`.`), captures, comments, and the predicates `#eq?`, `#not-eq?`, `#any-eq?`, `#match?`,
//! `#not-match?`, `#any-match?`, `#any-of?`, `#not-any-of?`, `#inside?` and `#not-inside?`.

use super::{Child, KindSet, Pattern, Pred, PredOp, Quant, Sub, kind_ids};
use crate::engine::text::ascii_regex;
use regex::bytes::Regex;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use tree_sitter::Language;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    OpenAlt,
    CloseAlt,
    Str(String),
    Capture(String),
    Pred(String),
    Ident(String),
    Field(String),
    Negated(String),
    Anchor,
    Quant(Quant),
}

/// A parse error with its 1-based line and column in the query source.
#[derive(Debug)]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} column {}: {}", self.line, self.column, self.message)
    }
}

fn tokenize(src: &str) -> Result<Vec<(Tok, usize)>, ParseError> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |at: usize, message: String| {
        let before = &src[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |p| p + 1) + 1;
        ParseError { line, column, message }
    };
    let ident_end = |mut j: usize| {
        while j < bytes.len()
            && (bytes[j].is_ascii_alphanumeric() || matches!(bytes[j], b'_' | b'-' | b'.' | b'?' | b'!'))
        {
            j += 1;
        }
        j
    };
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b';' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' => {
                out.push((Tok::Open, start));
                i += 1;
            }
            b')' => {
                out.push((Tok::Close, start));
                i += 1;
            }
            b'[' => {
                out.push((Tok::OpenAlt, start));
                i += 1;
            }
            b']' => {
                out.push((Tok::CloseAlt, start));
                i += 1;
            }
            b'.' => {
                out.push((Tok::Anchor, start));
                i += 1;
            }
            b'?' | b'*' | b'+' => {
                let q = match c {
                    b'?' => Quant::Optional,
                    b'*' => Quant::ZeroOrMore,
                    _ => Quant::OneOrMore,
                };
                out.push((Tok::Quant(q), start));
                i += 1;
            }
            b'"' => {
                i += 1;
                let mut s = String::new();
                loop {
                    let Some(&b) = bytes.get(i) else {
                        return Err(err(start, "unterminated string".into()));
                    };
                    match b {
                        b'"' => {
                            i += 1;
                            break;
                        }
                        b'\\' => {
                            let Some(&e) = bytes.get(i + 1) else {
                                return Err(err(i, "unterminated string".into()));
                            };
                            s.push(match e {
                                b'n' => '\n',
                                b'r' => '\r',
                                b't' => '\t',
                                b'0' => '\0',
                                _ => e as char,
                            });
                            i += 2;
                        }
                        _ => {
                            // Copy a whole UTF-8 character.
                            let len = src[i..].chars().next().map_or(1, char::len_utf8);
                            s.push_str(&src[i..i + len]);
                            i += len;
                        }
                    }
                }
                out.push((Tok::Str(s), start));
            }
            b'@' => {
                let end = ident_end(i + 1);
                if end == i + 1 {
                    return Err(err(start, "`@` without a capture name".into()));
                }
                out.push((Tok::Capture(src[i + 1..end].to_string()), start));
                i = end;
            }
            b'#' => {
                let end = ident_end(i + 1);
                out.push((Tok::Pred(src[i + 1..end].to_string()), start));
                i = end;
            }
            b'!' => {
                let end = ident_end(i + 1);
                if end == i + 1 {
                    return Err(err(start, "`!` without a field name".into()));
                }
                out.push((Tok::Negated(src[i + 1..end].to_string()), start));
                i = end;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let mut end = i;
                while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                    end += 1;
                }
                let word = src[i..end].to_string();
                let mut j = end;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if bytes.get(j) == Some(&b':') {
                    out.push((Tok::Field(word), start));
                    i = j + 1;
                } else {
                    out.push((Tok::Ident(word), start));
                    i = end;
                }
            }
            _ => {
                return Err(err(
                    start,
                    format!("unexpected character `{}`", src[i..].chars().next().unwrap_or('?')),
                ));
            }
        }
    }
    Ok(out)
}

/// A pattern as written, before predicates are attached to captures.
struct Parser<'a> {
    src: &'a str,
    toks: Vec<(Tok, usize)>,
    pos: usize,
    lang: &'a Language,
    supertypes: &'a HashMap<String, Vec<String>>,
    captures: &'a mut Vec<String>,
    kind_cache: HashMap<(String, bool), KindSet>,
}

impl Parser<'_> {
    fn err(&self, message: impl Into<String>) -> ParseError {
        let at = self.toks.get(self.pos).map_or(self.src.len(), |t| t.1);
        let before = &self.src[..at];
        ParseError {
            line: before.matches('\n').count() + 1,
            column: before.len() - before.rfind('\n').map_or(0, |p| p + 1) + 1,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }

    fn peek2(&self) -> Option<&Tok> {
        self.toks.get(self.pos + 1).map(|t| &t.0)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).map(|t| t.0.clone());
        self.pos += 1;
        t
    }

    fn capture_id(&mut self, name: &str) -> u32 {
        match self.captures.iter().position(|c| c == name) {
            Some(i) => i as u32,
            None => {
                self.captures.push(name.to_string());
                (self.captures.len() - 1) as u32
            }
        }
    }

    fn kinds(&mut self, name: &str, named: bool) -> Result<KindSet, ParseError> {
        if let Some(k) = self.kind_cache.get(&(name.to_string(), named)) {
            return Ok(k.clone());
        }
        let ids_of = |name: &str| kind_ids(self.lang, name, named);
        let mut ids = ids_of(name);
        if ids.is_empty()
            && named
            && let Some(subs) = self.supertypes.get(name)
        {
            ids = subs.iter().flat_map(|s| ids_of(s)).collect();
            ids.sort_unstable();
            ids.dedup();
        }
        if ids.is_empty() {
            return Err(self.err(if named {
                format!("`{name}` is not a node kind of this grammar")
            } else {
                format!("`\"{name}\"` is not a token of this grammar")
            }));
        }
        let set = KindSet::Ids(ids);
        self.kind_cache.insert((name.to_string(), named), set.clone());
        Ok(set)
    }

    fn field_id(&self, name: &str) -> Result<u16, ParseError> {
        self.lang
            .field_id_for_name(name)
            .map(|f| f.get())
            .ok_or_else(|| self.err(format!("`{name}` is not a field of this grammar")))
    }

    fn captures_after(&mut self) -> Vec<u32> {
        let mut caps = Vec::new();
        while let Some(Tok::Capture(name)) = self.peek().cloned() {
            self.pos += 1;
            caps.push(self.capture_id(&name));
        }
        caps
    }

    fn quantifier(&mut self) -> Quant {
        if let Some(Tok::Quant(q)) = self.peek().cloned() {
            self.pos += 1;
            q
        } else {
            Quant::One
        }
    }

    /// One pattern: a node, a wildcard, a string, an alternation or a group, with its
    /// captures. Predicates found inside a group are appended to `preds`.
    fn sub(&mut self, preds: &mut Vec<RawPred>) -> Result<Sub, ParseError> {
        let sub = match self.next() {
            Some(Tok::Ident(w)) if w == "_" => Sub::Node {
                kinds: KindSet::Any,
                children: Vec::new(),
                negated: Vec::new(),
                anchored_end: false,
                captures: Vec::new(),
            },
            Some(Tok::Str(s)) => Sub::Node {
                kinds: self.kinds(&s, false)?,
                children: Vec::new(),
                negated: Vec::new(),
                anchored_end: false,
                captures: Vec::new(),
            },
            Some(Tok::OpenAlt) => {
                let mut alts = Vec::new();
                loop {
                    match self.peek() {
                        Some(Tok::CloseAlt) => {
                            self.pos += 1;
                            break;
                        }
                        None => return Err(self.err("unclosed `[`")),
                        _ => {
                            alts.push(self.sub(preds)?);
                        }
                    }
                }
                if alts.is_empty() {
                    return Err(self.err("empty alternation"));
                }
                Sub::Alt {
                    alts,
                    captures: Vec::new(),
                }
            }
            Some(Tok::Open) => match self.peek().cloned() {
                Some(Tok::Ident(w)) => {
                    self.pos += 1;
                    let kinds = if w == "_" {
                        KindSet::AnyNamed
                    } else {
                        self.kinds(&w, true)?
                    };
                    self.node_body(kinds, preds)?
                }
                Some(Tok::Open | Tok::OpenAlt | Tok::Str(_) | Tok::Anchor) | None => {
                    // A group: siblings, or one pattern with predicates.
                    let mut items = Vec::new();
                    self.children(&mut items, preds, true)?;
                    if items.len() == 1
                        && items[0].field.is_none()
                        && items[0].quant == Quant::One
                        && !items[0].anchored
                    {
                        items.pop().map(|c| c.sub).expect("one item")
                    } else {
                        Sub::Group { items }
                    }
                }
                Some(t) => return Err(self.err(format!("unexpected {t:?} after `(`"))),
            },
            Some(t) => return Err(self.err(format!("expected a pattern, found {t:?}"))),
            None => return Err(self.err("expected a pattern, found the end")),
        };
        let caps = self.captures_after();
        Ok(sub.with_captures(caps))
    }

    /// The rest of `(kind ...)` after the kind.
    fn node_body(&mut self, kinds: KindSet, preds: &mut Vec<RawPred>) -> Result<Sub, ParseError> {
        let mut children = Vec::new();
        let anchored_end = self.children(&mut children, preds, false)?;
        let mut negated = Vec::new();
        children.retain(|c| {
            if let Sub::Negated(f) = c.sub {
                negated.push(f);
                false
            } else {
                true
            }
        });
        Ok(Sub::Node {
            kinds,
            children,
            negated,
            anchored_end,
            captures: Vec::new(),
        })
    }

    /// Child patterns up to and including the closing `)`. Returns whether a `.` anchor comes
    /// last.
    fn children(&mut self, out: &mut Vec<Child>, preds: &mut Vec<RawPred>, group: bool) -> Result<bool, ParseError> {
        let mut anchored = false;
        loop {
            match self.peek().cloned() {
                Some(Tok::Close) => {
                    self.pos += 1;
                    return Ok(anchored);
                }
                None => return Err(self.err("unclosed `(`")),
                Some(Tok::Anchor) => {
                    self.pos += 1;
                    anchored = true;
                }
                Some(Tok::Open) if matches!(self.peek2(), Some(Tok::Pred(_))) => {
                    self.pos += 2;
                    let Some((Tok::Pred(op), _)) = self.toks.get(self.pos - 1).cloned() else {
                        unreachable!()
                    };
                    preds.push(self.predicate(op)?);
                }
                Some(Tok::Negated(name)) => {
                    self.pos += 1;
                    let f = self.field_id(&name)?;
                    out.push(Child {
                        field: None,
                        sub: Sub::Negated(f),
                        quant: Quant::One,
                        anchored: false,
                    });
                }
                Some(Tok::Field(name)) => {
                    if group {
                        return Err(self.err("a field outside of a node pattern"));
                    }
                    self.pos += 1;
                    let f = self.field_id(&name)?;
                    let sub = self.sub(preds)?;
                    let quant = self.quantifier();
                    let caps = self.captures_after();
                    let sub = sub.with_captures(caps);
                    out.push(Child {
                        field: Some(f),
                        sub,
                        quant,
                        anchored,
                    });
                    anchored = false;
                }
                Some(_) => {
                    let sub = self.sub(preds)?;
                    let quant = self.quantifier();
                    let caps = self.captures_after();
                    let sub = sub.with_captures(caps);
                    out.push(Child {
                        field: None,
                        sub,
                        quant,
                        anchored,
                    });
                    anchored = false;
                }
            }
        }
    }

    /// `(#op? args...)` after the operator.
    fn predicate(&mut self, op: String) -> Result<RawPred, ParseError> {
        let mut args = Vec::new();
        loop {
            match self.next() {
                Some(Tok::Close) => break,
                Some(Tok::Capture(c)) => {
                    let id = self.capture_id(&c);
                    args.push(Arg::Capture(id));
                }
                Some(Tok::Str(s)) | Some(Tok::Ident(s)) => args.push(Arg::Str(s)),
                Some(t) => return Err(self.err(format!("unexpected {t:?} in a predicate"))),
                None => return Err(self.err("unclosed predicate")),
            }
        }
        let at = self.pos;
        Ok(RawPred { op, args, at })
    }
}

enum Arg {
    Capture(u32),
    Str(String),
}

struct RawPred {
    op: String,
    args: Vec<Arg>,
    at: usize,
}

impl Sub {
    fn with_captures(mut self, caps: Vec<u32>) -> Sub {
        if caps.is_empty() {
            return self;
        }
        match &mut self {
            Sub::Node { captures, .. } | Sub::Alt { captures, .. } => captures.extend(caps),
            Sub::Group { .. } | Sub::Negated(_) => {}
        }
        self
    }
}

/// Parses a whole query: its patterns, and the names of its captures (index = capture id).
pub fn parse_query(
    lang: &Language,
    supertypes: &HashMap<String, Vec<String>>,
    src: &str,
) -> Result<(Vec<Pattern>, Vec<String>), ParseError> {
    let toks = tokenize(src)?;
    let mut captures = Vec::new();
    let mut p = Parser {
        src,
        toks,
        pos: 0,
        lang,
        supertypes,
        captures: &mut captures,
        kind_cache: HashMap::new(),
    };
    let mut raw = Vec::new();
    while p.peek().is_some() {
        let start = p.pos;
        let mut preds = Vec::new();
        let sub = p.sub(&mut preds)?;
        if let Sub::Group { .. } = sub {
            p.pos = start;
            return Err(p.err("a top-level group of sibling patterns is not supported; wrap them in their parent node"));
        }
        if let Sub::Negated(_) = sub {
            p.pos = start;
            return Err(p.err("a negated field outside of a node pattern"));
        }
        raw.push((sub, preds, start));
    }
    if raw.is_empty() {
        return Err(ParseError {
            line: 1,
            column: 1,
            message: "the query has no pattern".into(),
        });
    }
    let mut patterns = Vec::new();
    for (sub, preds, start) in raw {
        let mut compiled = Vec::new();
        for rp in preds {
            p.pos = rp.at.saturating_sub(1);
            compiled.push(compile_pred(lang, &p, rp)?);
        }
        p.pos = start;
        patterns.push(Pattern::new(sub, compiled));
    }
    Ok((patterns, captures))
}

fn compile_pred(lang: &Language, p: &Parser<'_>, rp: RawPred) -> Result<Pred, ParseError> {
    let RawPred { op, args, .. } = rp;
    let Some(Arg::Capture(capture)) = args.first() else {
        return Err(p.err(format!("`#{op}` takes a capture first")));
    };
    let capture = *capture;
    let strings = || -> Result<Vec<String>, ParseError> {
        args[1..]
            .iter()
            .map(|a| match a {
                Arg::Str(s) => Ok(s.clone()),
                Arg::Capture(_) => Err(p.err(format!("`#{op}` takes strings after its capture"))),
            })
            .collect()
    };
    let (negate, any, base) = match op.as_str() {
        "eq?" => (false, false, "eq"),
        "not-eq?" => (true, false, "eq"),
        "any-eq?" => (false, true, "eq"),
        "any-not-eq?" => (true, true, "eq"),
        "match?" => (false, false, "match"),
        "not-match?" => (true, false, "match"),
        "any-match?" => (false, true, "match"),
        "any-not-match?" => (true, true, "match"),
        "any-of?" => (false, false, "any-of"),
        "not-any-of?" => (true, false, "any-of"),
        "inside?" => (false, false, "inside"),
        "not-inside?" => (true, false, "inside"),
        _ => {
            return Err(p.err(format!(
                "unknown predicate `#{op}`: known are #eq?, #match?, #any-of? (with not-/any- forms), #inside? and #not-inside?"
            )));
        }
    };
    let op = match base {
        "eq" => match args.get(1) {
            Some(Arg::Capture(other)) if args.len() == 2 => PredOp::EqCapture(*other),
            Some(Arg::Str(s)) if args.len() == 2 => PredOp::Eq(s.clone().into_bytes()),
            _ => return Err(p.err(format!("`#{op}` takes a capture and one string or capture"))),
        },
        "match" => {
            let s = strings()?;
            let [re] = s.as_slice() else {
                return Err(p.err(format!("`#{op}` takes a capture and one regex")));
            };
            check_regex(re).map_err(|e| p.err(format!("bad regex in `#{op}`: {e}")))?;
            PredOp::Match(std::sync::Arc::new(super::LazyRegex {
                source: re.clone(),
                cell: OnceLock::new(),
            }))
        }
        "any-of" => PredOp::AnyOf(strings()?.into_iter().map(String::into_bytes).collect()),
        _ => {
            let kinds = strings()?;
            if kinds.is_empty() {
                return Err(p.err(format!("`#{op}` takes a capture and one or more node kinds")));
            }
            let mut ids = Vec::new();
            for k in &kinds {
                let found = kind_ids(lang, k, true);
                if found.is_empty() {
                    return Err(p.err(format!("`#{op}`: `{k}` is not a node kind of this grammar")));
                }
                ids.extend(found);
            }
            PredOp::Inside(ids)
        }
    };
    Ok(Pred {
        capture,
        op,
        negate,
        any,
    })
}

/// Checks a regex's syntax without building it (as [`ascii_regex`] reads it: ASCII classes
/// first, Unicode when only that parses).
fn check_regex(pattern: &str) -> Result<(), String> {
    let ascii = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern);
    match ascii {
        Ok(_) => Ok(()),
        Err(_) => regex_syntax::Parser::new()
            .parse(pattern)
            .map(|_| ())
            .map_err(|e| e.to_string()),
    }
}

/// Compiles a `#match?` regex (see [`ascii_regex`]), once per distinct pattern for the whole
/// process: rules share their long regexes (SQL keywords, constant names), and compiling one
/// costs far more than running it.
pub(super) fn shared_regex(pattern: &str) -> Result<Regex, regex::Error> {
    static CACHE: OnceLock<Mutex<HashMap<String, Regex>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(re) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(pattern) {
        return Ok(re.clone());
    }
    let re = ascii_regex(pattern)?;
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(pattern.to_string(), re.clone());
    Ok(re)
}
