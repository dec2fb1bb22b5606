//! The leak engine: resource lifetimes, path-sensitive within a method.
//!
//! For each method (Java) or function (Python) that calls one of a rule's acquiring calls, the
//! body is lowered to a small structured control-flow view ([`Stmt`]: sequences, branches,
//! loops, try/catch/finally, `with`, return, throw, break, continue), and each acquired
//! resource is followed along every path with a set of abstract states: not yet acquired,
//! open, or done with (released, or handed to code that owns it). Every call made while the
//! resource is open opens an exceptional path to the nearest handler. A resource still open
//! where a path leaves the method is a leak, reported at the acquisition with the path.
//!
//! What is not a leak: try-with-resources and `with`; returned (directly or wrapped); stored in
//! a field, attribute, global or container; passed to a known closer; released in `finally`
//! or on every path; wrapped by a constructor that takes ownership and is itself handled.
//! A resource passed to a call the rule does not know (neither a closer nor a borrower) is
//! treated as handed over: that call may keep it and close it later, and reporting it would
//! flag every factory and registry. Catch clauses are assumed to catch what the calls in
//! their `try` throw. Conditions are not evaluated, except null tests of the resource's
//! variable (`if (in != null) in.close()`), which correlate with whether it was acquired.

mod java;
mod python;

use super::RawMatch;
use super::keywords::KeywordIndex;
use crate::rules::schema::{AcquireSpec, LeakSpec};
use crate::rules::{Lang, RuleSet};
use aho_corasick::AhoCorasick;
use regex::{Regex, RegexSet};
use std::collections::{HashMap, HashSet};
use std::time::Instant;
use tree_sitter::Node;

/// A rule's compiled leak matcher.
pub struct LeakMatcher {
    /// The language.
    pub lang: Lang,
    /// Lowercase prefilter keywords.
    pub keywords: Vec<String>,
    acquire: Vec<Acquire>,
    /// The last names of the acquiring calls (`FileInputStream`, `getConnection`): a call
    /// with another last name is not tried against the patterns. `None` when a pattern ends
    /// in a wildcard.
    names: Option<HashSet<String>>,
    /// Finds the last names in a file's text.
    finder: Option<AhoCorasick>,
    release: Vec<String>,
    wrappers: Patterns,
    closers: Patterns,
    borrowers: Patterns,
    nothrow: Patterns,
    chained: Vec<String>,
    unless_file: Option<regex::bytes::Regex>,
    owned_by_receiver: bool,
    with_releases: bool,
    inline: bool,
    exceptional: bool,
}

struct Acquire {
    pattern: Regex,
    receiver: Option<Regex>,
    args: Option<Regex>,
    not_args: Option<Regex>,
    with_releases: Option<bool>,
    unpacked: bool,
}

/// Call patterns (`*` is any text), matched against a call's keys.
struct Patterns(Option<RegexSet>);

impl Patterns {
    fn new(list: &[String]) -> Result<Patterns, String> {
        if list.is_empty() {
            return Ok(Patterns(None));
        }
        RegexSet::new(list.iter().map(|p| glob_regex(p)))
            .map(|s| Patterns(Some(s)))
            .map_err(|e| e.to_string())
    }

    fn matches(&self, keys: &[String]) -> bool {
        self.0.as_ref().is_some_and(|s| keys.iter().any(|k| s.is_match(k)))
    }
}

/// A call pattern as an anchored regex: `*` matches any text, everything else itself.
fn glob_regex(pattern: &str) -> String {
    let parts: Vec<String> = pattern.trim().split('*').map(regex::escape).collect();
    format!("^{}$", parts.join(".*"))
}

/// The last name of a call pattern, or `None` when it ends in a wildcard.
fn last_name(pattern: &str) -> Option<String> {
    let p = pattern.trim().trim_start_matches("new ").trim();
    let name = p.rsplit('.').next().unwrap_or(p);
    (!name.is_empty() && !name.contains('*')).then(|| name.to_string())
}

impl LeakMatcher {
    /// Compiles a rule's `[leak]` section. Errors name the field.
    pub fn new(lang: Lang, spec: &LeakSpec) -> Result<LeakMatcher, (String, String)> {
        let err = |field: &str, e: String| (format!("leak.{field}"), e);
        if spec.acquire.is_empty() {
            return Err(err("acquire", "is empty".into()));
        }
        let mut acquire = Vec::new();
        let mut names = Some(HashSet::new());
        let mut derived = Vec::new();
        for (i, a) in spec.acquire.iter().enumerate() {
            let (call, receiver, args, not_args, with_releases, unpacked) = match a {
                AcquireSpec::Call(c) => (c, None, None, None, None, false),
                AcquireSpec::When(w) => (
                    &w.call,
                    w.receiver.as_deref(),
                    w.args.as_deref(),
                    w.not_args.as_deref(),
                    w.with_releases,
                    w.unpacked,
                ),
            };
            if call.trim().is_empty() {
                return Err(err(&format!("acquire[{i}]"), "is empty".into()));
            }
            let compile = |field: &str, r: Option<&str>| {
                r.map(|r| Regex::new(r).map_err(|e| err(&format!("acquire[{i}].{field}"), e.to_string())))
                    .transpose()
            };
            acquire.push(Acquire {
                pattern: Regex::new(&glob_regex(call)).map_err(|e| err(&format!("acquire[{i}]"), e.to_string()))?,
                receiver: compile("receiver", receiver)?,
                args: compile("args", args)?,
                not_args: compile("not_args", not_args)?,
                with_releases,
                unpacked,
            });
            match last_name(call) {
                Some(n) => {
                    derived.push(n.to_ascii_lowercase());
                    if let Some(set) = names.as_mut() {
                        set.insert(n);
                    }
                }
                None => names = None,
            }
        }
        let keywords = if spec.keywords.is_empty() {
            if names.is_none() {
                Vec::new()
            } else {
                derived.sort();
                derived.dedup();
                derived
            }
        } else {
            spec.keywords.iter().map(|k| k.to_ascii_lowercase()).collect()
        };
        let mut nothrow = match lang {
            Lang::Java => java::NOTHROW,
            Lang::Python => python::NOTHROW,
        }
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>();
        nothrow.extend(spec.nothrow.iter().cloned());
        let finder = names
            .as_ref()
            .map(|n| AhoCorasick::new(n.iter()).map_err(|e| err("acquire", e.to_string())))
            .transpose()?;
        Ok(LeakMatcher {
            lang,
            keywords,
            acquire,
            names,
            finder,
            release: spec.release.clone(),
            wrappers: Patterns::new(&spec.wrappers).map_err(|e| err("wrappers", e))?,
            closers: Patterns::new(&spec.closers).map_err(|e| err("closers", e))?,
            borrowers: Patterns::new(&spec.borrowers).map_err(|e| err("borrowers", e))?,
            nothrow: Patterns::new(&nothrow).map_err(|e| err("nothrow", e))?,
            chained: spec.chained.clone(),
            unless_file: spec
                .unless_file
                .as_deref()
                .map(|r| regex::bytes::Regex::new(r).map_err(|e| err("unless_file", e.to_string())))
                .transpose()?,
            owned_by_receiver: spec.owned_by_receiver,
            with_releases: spec.with_releases,
            inline: spec.inline,
            exceptional: spec.exceptional,
        })
    }
}

/// The leak rules of one language and their keyword prefilter.
pub struct LeakIndex {
    rules: Vec<usize>,
    keywords: KeywordIndex,
}

impl LeakIndex {
    /// Indexes the leak rules of `lang`.
    pub fn build(rules: &RuleSet, lang: Lang) -> Result<LeakIndex, String> {
        let members: Vec<(usize, &[String])> = rules
            .rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.leak().filter(|m| m.lang == lang).map(|m| (i, m.keywords.as_slice())))
            .collect();
        Ok(LeakIndex {
            keywords: KeywordIndex::build(members.iter().copied())?,
            rules: members.into_iter().map(|(i, _)| i).collect(),
        })
    }

    /// The rules to run on `src`: those with a keyword in it (all of them without the
    /// prefilter), in rule order.
    pub fn candidates(&self, src: &[u8], prefilter: bool) -> Vec<usize> {
        if !prefilter {
            return self.rules.clone();
        }
        let mut out = self.keywords.always.clone();
        out.extend(self.keywords.present(src));
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A leak found: the match, and the path that leaks for the message.
pub struct Leak {
    /// The match.
    pub raw: RawMatch,
    /// Which path leaks, in words.
    pub detail: String,
}

/// Runs the leak rules `rules` on a parsed file. Returns false when the deadline passed
/// before every function was analysed.
pub fn run(set: &RuleSet, rules: &[usize], root: Node<'_>, src: &[u8], deadline: Instant, out: &mut Vec<Leak>) -> bool {
    let Some(lang) = rules.first().and_then(|&r| set.rules[r].leak()).map(|m| m.lang) else {
        return true;
    };
    match lang {
        Lang::Java => analyze(&java::Java, set, rules, root, src, deadline, out),
        Lang::Python => analyze(&python::Python, set, rules, root, src, deadline, out),
    }
}

// ---------------------------------------------------------------------------------------
// The language view.

/// What a call node is.
pub(crate) struct Call<'t> {
    /// The callee as written, in the forms a pattern may name it (`new java.io.File` and
    /// `new File`; `IOUtils.closeQuietly`; `open`).
    pub keys: Vec<String>,
    /// The last name: the method, function or type name.
    pub name: String,
    /// The receiver of a method call.
    pub receiver: Option<Node<'t>>,
    /// The argument list.
    pub args: Option<Node<'t>>,
}

/// How a node is used by its parent.
pub(crate) enum Role<'t> {
    /// The value passes through unchanged (parentheses, casts, conditional operands).
    Through(Node<'t>),
    /// An argument of a call.
    Arg(Node<'t>),
    /// The receiver of a method call, or of an attribute reference (`f.close` passed on):
    /// the method name, and the call when it is called.
    Receiver(String, Option<Node<'t>>),
    /// Assigned to (or declared as) a local variable.
    Bind(String),
    /// Unpacked into names: the first one.
    BindFirst(String),
    /// Returned, yielded, thrown, stored in a field, attribute, global or container, or
    /// captured: out of the method's hands.
    Escape,
    /// A try-with-resources resource.
    Managed,
    /// A `with` item, and the name it is bound to with `as`.
    With(Option<String>),
    /// Anything else: a use that neither releases nor hands over.
    Use,
}

/// The statement structure of a body, lowered from the syntax tree.
#[derive(Debug)]
pub(crate) enum Stmt<'t> {
    /// Evaluate an expression or simple statement.
    Eval(Node<'t>),
    Seq(Vec<Stmt<'t>>),
    If {
        cond: Option<Node<'t>>,
        then: Box<Stmt<'t>>,
        els: Box<Stmt<'t>>,
        line: usize,
    },
    /// A switch or match: one arm runs (or none, when no arm is a default).
    Branches {
        head: Option<Node<'t>>,
        arms: Vec<Stmt<'t>>,
        exhaustive: bool,
        /// Whether `break` inside an arm leaves the switch (Java) or the enclosing loop (Python).
        takes_break: bool,
    },
    Loop {
        label: Option<String>,
        cond: Option<Node<'t>>,
        /// `while (true)`: leaves only by break, return or throw.
        infinite: bool,
        /// `do { } while`: the body runs at least once.
        once: bool,
        body: Box<Stmt<'t>>,
        update: Box<Stmt<'t>>,
        orelse: Box<Stmt<'t>>,
    },
    Try {
        /// Try-with-resources resources or `with` items.
        resources: Vec<Node<'t>>,
        body: Box<Stmt<'t>>,
        handlers: Vec<Stmt<'t>>,
        orelse: Box<Stmt<'t>>,
        finally: Option<Box<Stmt<'t>>>,
    },
    Return(Option<Node<'t>>, usize),
    Throw(Option<Node<'t>>, usize),
    Break(Option<String>),
    Continue(Option<String>),
    Labeled(String, Box<Stmt<'t>>),
    Nop,
}

/// A null test of a variable: which variable, and whether the `then` branch means non-null.
pub(crate) type NullTest = (String, bool);

/// What the engine needs to know of a language's syntax.
pub(crate) trait Syntax {
    /// Whether a node is a function whose body is analysed, and the body.
    fn body<'t>(&self, node: Node<'t>) -> Option<Node<'t>>;
    /// Nodes the analysis of the enclosing function does not enter (lambdas, nested functions,
    /// classes): a resource they mention is captured.
    fn opaque(&self, node: Node<'_>) -> bool;
    /// A call node's callee, receiver and arguments.
    fn call<'t>(&self, node: Node<'t>, src: &[u8]) -> Option<Call<'t>>;
    /// How `node` is used by its parent.
    fn role<'t>(&self, node: Node<'t>, src: &[u8], locals: &Locals) -> Role<'t>;
    /// Whether an identifier node reads a variable (not a field name, a declaration, a label).
    fn is_ref(&self, node: Node<'_>) -> bool;
    /// The assigned variable of an assignment node, and the assigned value.
    fn assignment<'t>(&self, node: Node<'t>, src: &[u8]) -> Option<(String, Node<'t>)>;
    /// The names a node declares that decide which variables are local (Java: declared
    /// variables and parameters; Python: `global` and `nonlocal` names).
    fn declares(&self, node: Node<'_>, src: &[u8], out: &mut HashSet<String>);
    /// The local variables of a function, from the names [`Syntax::declares`] gave.
    fn locals(&self, names: HashSet<String>) -> Locals;
    /// The last name of a call (method, function or type name), without allocating.
    fn call_name<'s>(&self, node: Node<'_>, src: &'s [u8]) -> Option<&'s str>;
    /// Lowers a body.
    fn lower<'t>(&self, body: Node<'t>, src: &[u8]) -> Stmt<'t>;
    /// The null tests of a condition: (then-branch refinement, else-branch refinement).
    fn null_test(&self, cond: Node<'_>, src: &[u8]) -> (Option<NullTest>, Option<NullTest>);
    /// The names a resource node (`try (...)`, `with ...`) declares.
    fn declared(&self, resource: Node<'_>, src: &[u8]) -> Option<String>;
    /// The name of a function node.
    fn function_name<'s>(&self, function: Node<'_>, src: &'s [u8]) -> Option<&'s str>;
    /// The parameter names of a function, in order (Python's `self` included).
    fn params(&self, function: Node<'_>, src: &[u8]) -> Vec<String>;
    /// A call to a helper of the same file: its name, and how many leading parameters the
    /// call does not pass (1 for Python's `self`).
    fn local_callee<'s>(&self, call: Node<'_>, src: &'s [u8]) -> Option<(&'s str, usize)>;
    /// The parameter slot an argument fills.
    fn arg_slot(&self, args: Node<'_>, arg: Node<'_>, src: &[u8]) -> Option<ArgSlot>;
    /// How many arguments a call passes.
    fn arity(&self, args: Node<'_>) -> usize;
    /// What a method is called in messages (`method`, `function`).
    fn function_word(&self) -> &'static str;
}

/// The local variables of a function.
pub(crate) enum Locals {
    /// Java: these names are locals; any other assigned name is a field.
    Declared(HashSet<String>),
    /// Python: every assigned name is local but these (`global`, `nonlocal`).
    AllBut(HashSet<String>),
}

impl Locals {
    fn is_local(&self, name: &str) -> bool {
        match self {
            Locals::Declared(s) => s.contains(name),
            Locals::AllBut(s) => !s.contains(name),
        }
    }
}

pub(crate) fn text<'s>(node: Node<'_>, src: &'s [u8]) -> &'s str {
    std::str::from_utf8(&src[node.byte_range()]).unwrap_or("")
}

pub(crate) fn line(node: Node<'_>) -> usize {
    node.start_position().row + 1
}

/// Text with whitespace removed, for call keys.
pub(crate) fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------------------------------
// Finding the resources.

/// What an acquisition's result comes to, after climbing through wrappers.
enum Fate {
    /// Held by local variables: tracked.
    Held(String),
    /// Never held: used on the spot, so nothing can close it.
    Dropped,
    /// Released, handed over or managed: nothing to track.
    Handled,
}

/// The effect of a use of the resource (an acquisition or a reference to a variable that
/// holds it), found by climbing from the node through transparent parents and wrappers.
#[derive(Debug, Clone, PartialEq)]
enum Effect {
    Bind(String),
    BindFirst(String),
    Release,
    Escape,
    Managed,
    /// A `with` item directly (not through a wrapper), and its `as` name.
    WithDirect(Option<String>),
    Use,
}

struct Func<'t> {
    body: Node<'t>,
    stmt: Stmt<'t>,
    locals: Locals,
    /// Variable references, by name.
    refs: Vec<Node<'t>>,
    end_line: usize,
}

struct Ctx<'a, 't, S: Syntax> {
    syn: &'a S,
    m: &'a LeakMatcher,
    src: &'a [u8],
    f: &'a Func<'t>,
    /// The file's functions, to look into a helper of the same file the resource is passed
    /// to; `None` inside such a helper (one level deep).
    file: Option<&'a FileFns<'t>>,
}

/// The functions of a file by name, found the first time a resource is passed to a call.
struct FileFns<'t> {
    root: Node<'t>,
    by_name: std::cell::OnceCell<HashMap<String, Vec<Node<'t>>>>,
}

impl<'t, S: Syntax> Ctx<'_, 't, S> {
    /// Climbs from `node` to the effect of its value, and the top node of the chain.
    fn climb(&self, node: Node<'t>) -> (Effect, Node<'t>) {
        self.climb_with(node, self.m.with_releases)
    }

    /// [`Ctx::climb`], where a direct `with` releases the resource when `with_releases`.
    fn climb_with(&self, mut node: Node<'t>, with_releases: bool) -> (Effect, Node<'t>) {
        let mut wrapped = false;
        for _ in 0..64 {
            match self.syn.role(node, self.src, &self.f.locals) {
                Role::Through(p) => node = p,
                Role::Arg(call_node) => {
                    let Some(call) = self.syn.call(call_node, self.src) else {
                        return (Effect::Escape, node);
                    };
                    if self.m.wrappers.matches(&call.keys) || self.acquires(call_node) {
                        wrapped = true;
                        node = call_node;
                        continue;
                    }
                    if self.m.closers.matches(&call.keys) {
                        return (Effect::Release, node);
                    }
                    if self.m.borrowers.matches(&call.keys) || self.helper_borrows(call_node, &call, node) {
                        return (Effect::Use, node);
                    }
                    return (Effect::Escape, node);
                }
                Role::Receiver(method, call) => {
                    if let Some(c) = call
                        && self.m.chained.contains(&method)
                    {
                        node = c;
                        continue;
                    }
                    let e = if self.m.release.contains(&method) {
                        Effect::Release
                    } else {
                        Effect::Use
                    };
                    return (e, node);
                }
                Role::Bind(name) => {
                    let e = if self.f.locals.is_local(&name) {
                        Effect::Bind(name)
                    } else {
                        Effect::Escape
                    };
                    return (e, node);
                }
                Role::BindFirst(name) => return (Effect::BindFirst(name), node),
                Role::Escape => return (Effect::Escape, node),
                Role::Managed => return (Effect::Managed, node),
                Role::With(alias) => {
                    let e = if wrapped || with_releases {
                        Effect::Managed
                    } else {
                        Effect::WithDirect(alias)
                    };
                    return (e, node);
                }
                Role::Use => return (Effect::Use, node),
            }
        }
        (Effect::Use, node)
    }

    /// Whether `call` is to a helper of this file (a function, or a method called on `this` or
    /// `self`) whose every definition of that arity only uses the parameter `arg` is passed
    /// to: reads it, calls its methods other than the release, passes it to known borrowers,
    /// but neither releases, stores, returns, captures nor hands it on.
    fn helper_borrows(&self, call_node: Node<'t>, call: &Call<'t>, arg: Node<'t>) -> bool {
        let Some(file) = self.file else { return false };
        let Some((callee_name, offset)) = self.syn.local_callee(call_node, self.src) else {
            return false;
        };
        let Some(args) = call.args else { return false };
        let Some(slot) = self.syn.arg_slot(args, arg, self.src) else {
            return false;
        };
        let by_name = file
            .by_name
            .get_or_init(|| functions_by_name(self.syn, file.root, self.src));
        let Some(defs) = by_name.get(callee_name) else {
            return false;
        };
        let arity = self.syn.arity(args);
        let mut found = false;
        for &def in defs {
            let params = self.syn.params(def, self.src);
            // Python's defaults let a call pass fewer arguments than there are parameters.
            if params.len() < offset + arity || offset == 0 && params.first().is_some_and(|p| p == "self") {
                continue;
            }
            let param = match &slot {
                ArgSlot::Index(i) => params.get(offset + i).cloned(),
                ArgSlot::Name(n) => params.iter().find(|p| *p == n).cloned(),
            };
            let Some(param) = param.filter(|p| !p.is_empty() && !p.starts_with('*') && !p.starts_with("...")) else {
                return false;
            };
            if def.byte_range().contains(&call_node.start_byte()) {
                return false; // recursion
            }
            let func = build_fn(self.syn, def, self.src);
            let inner = Ctx {
                syn: self.syn,
                m: self.m,
                src: self.src,
                f: &func,
                file: None,
            };
            let refs: Vec<Node<'t>> = func
                .refs_named(&param, self.src)
                .filter(|r| self.syn.is_ref(*r))
                .collect();
            // Mentioned in a lambda or a nested class: captured.
            let all = count_identifiers(def, &param, self.src);
            let declared = func.refs_named(&param, self.src).count();
            if all > declared {
                return false;
            }
            if refs.iter().any(|&r| inner.climb(r).0 != Effect::Use) {
                return false;
            }
            found = true;
        }
        found
    }

    /// Whether `node` is a call that acquires this rule's resource.
    fn acquires(&self, node: Node<'t>) -> bool {
        self.entry(node).is_some()
    }

    /// The acquire entry `node` matches, if it acquires this rule's resource.
    fn entry(&self, node: Node<'t>) -> Option<&Acquire> {
        entry(self.syn, self.m, self.src, node)
    }

    /// Whether a `with` on the resource acquired at `node` releases it.
    fn with_releases(&self, node: Node<'t>) -> bool {
        self.entry(node)
            .and_then(|a| a.with_releases)
            .unwrap_or(self.m.with_releases)
    }

    /// What becomes of an acquisition.
    fn fate(&self, node: Node<'t>) -> (Fate, Node<'t>) {
        let (effect, top) = self.climb_with(node, self.with_releases(node));
        if self.entry(node).is_some_and(|a| a.unpacked) {
            return match effect {
                Effect::BindFirst(n) if self.f.locals.is_local(&n) => (Fate::Held(n), top),
                _ => (Fate::Handled, top),
            };
        }
        let fate = match effect {
            Effect::Bind(n) => Fate::Held(n),
            Effect::WithDirect(Some(n)) => Fate::Held(n),
            Effect::WithDirect(None) | Effect::Use => Fate::Dropped,
            Effect::BindFirst(_) | Effect::Release | Effect::Escape | Effect::Managed => Fate::Handled,
        };
        (fate, top)
    }
}

/// The acquire entry of `m` that `node` matches, if it acquires the rule's resource.
fn entry<'m, S: Syntax>(syn: &S, m: &'m LeakMatcher, src: &[u8], node: Node<'_>) -> Option<&'m Acquire> {
    let call = syn.call(node, src)?;
    if let Some(names) = &m.names
        && !names.contains(&call.name)
    {
        return None;
    }
    let args = call.args.map(|n| text(n, src)).unwrap_or("");
    m.acquire.iter().find(|a| {
        call.keys.iter().any(|k| a.pattern.is_match(k))
            && a.receiver
                .as_ref()
                .is_none_or(|r| call.receiver.is_some_and(|n| r.is_match(text(n, src))))
            && a.args.as_ref().is_none_or(|r| r.is_match(args))
            && a.not_args.as_ref().is_none_or(|r| !r.is_match(args))
    })
}

/// Which parameter an argument binds.
pub(crate) enum ArgSlot {
    /// The n-th positional one.
    Index(usize),
    /// A keyword argument's name.
    Name(String),
}

/// The functions of a file by name.
fn functions_by_name<'t, S: Syntax>(syn: &S, root: Node<'t>, src: &[u8]) -> HashMap<String, Vec<Node<'t>>> {
    let mut out: HashMap<String, Vec<Node<'t>>> = HashMap::new();
    let mut cursor = root.walk();
    loop {
        let n = cursor.node();
        if n.is_named()
            && syn.body(n).is_some()
            && let Some(name) = syn.function_name(n, src)
        {
            out.entry(name.to_string()).or_default().push(n);
        }
        if cursor.goto_first_child() {
            continue;
        }
        let mut done = false;
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                done = true;
                break;
            }
        }
        if done {
            break;
        }
    }
    out
}

/// How many identifiers named `name` a subtree holds.
fn count_identifiers(node: Node<'_>, name: &str, src: &[u8]) -> usize {
    let mut count = 0;
    let mut cursor = node.walk();
    loop {
        let n = cursor.node();
        if n.kind() == "identifier" && &src[n.byte_range()] == name.as_bytes() {
            count += 1;
        }
        if cursor.goto_first_child() {
            continue;
        }
        let mut done = false;
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() || cursor.node() == node {
                done = true;
                break;
            }
        }
        if done {
            break;
        }
    }
    count
}

/// A resource to follow.
struct Resource<'t> {
    node: Node<'t>,
    /// The variables that hold it (or a wrapper of it).
    aliases: HashSet<String>,
    /// Variables whose release releases it (`owned_by_receiver`).
    owners: HashSet<String>,
    /// Whether a `with` on it releases it.
    with_releases: bool,
}

fn analyze<S: Syntax>(
    syn: &S,
    set: &RuleSet,
    rules: &[usize],
    root: Node<'_>,
    src: &[u8],
    deadline: Instant,
    out: &mut Vec<Leak>,
) -> bool {
    let file_fns = FileFns {
        root,
        by_name: std::cell::OnceCell::new(),
    };
    // The functions, by node id, analysed at most once for all the rules.
    let mut fns: HashMap<usize, Func<'_>> = HashMap::new();
    // Every call with its function, found by one walk, only for rules whose acquiring calls
    // have no fixed last name.
    let mut all_calls: Option<Vec<(Node<'_>, Node<'_>)>> = None;
    for &r in rules {
        let Some(m) = set.rules[r].leak() else { continue };
        if m.unless_file.as_ref().is_some_and(|re| re.is_match(src)) {
            continue;
        }
        let calls = match &m.finder {
            Some(finder) => calls_named(syn, finder, root, src),
            None => {
                if all_calls.is_none() {
                    match every_call(syn, root, src, deadline) {
                        Some(c) => all_calls = Some(c),
                        None => return false,
                    }
                }
                all_calls.clone().unwrap_or_default()
            }
        };
        // The acquisitions, by function, in order.
        let mut by_fn: Vec<(Node<'_>, Vec<Node<'_>>)> = Vec::new();
        for (node, f) in calls {
            match by_fn.last_mut() {
                Some((g, list)) if *g == f => list.push(node),
                _ => by_fn.push((f, vec![node])),
            }
        }
        for (f, candidates) in by_fn {
            if Instant::now() > deadline {
                return false;
            }
            let acquisitions: Vec<Node<'_>> = candidates
                .into_iter()
                .filter(|&n| entry(syn, m, src, n).is_some())
                .collect();
            if acquisitions.is_empty() {
                continue;
            }
            let func = fns.entry(f.id()).or_insert_with(|| build_fn(syn, f, src));
            let ctx = Ctx {
                syn,
                m,
                src,
                f: func,
                file: Some(&file_fns),
            };
            for &a in &acquisitions {
                // A wrapper that is itself an acquiring call: the inner resource is followed.
                let wraps_another = acquisitions
                    .iter()
                    .any(|&b| b != a && b.start_byte() >= a.start_byte() && b.end_byte() <= a.end_byte());
                if wraps_another {
                    continue;
                }
                let found = follow(&ctx, a, deadline);
                if Instant::now() > deadline {
                    return false;
                }
                if let Some(leak) = found {
                    out.push(Leak {
                        raw: RawMatch {
                            rule: r,
                            range: leak.0.byte_range(),
                            redact: None,
                            show_prefix: 0,
                            identity: src[leak.0.byte_range()].to_vec(),
                            flow: Vec::new(),
                        },
                        detail: leak.1,
                    });
                }
            }
        }
    }
    true
}

/// The calls of `src` whose last name is one `finder` finds, each with the function it is in
/// (calls outside functions, or in a lambda or class of theirs, are left out), in order.
fn calls_named<'t, S: Syntax>(syn: &S, finder: &AhoCorasick, root: Node<'t>, src: &[u8]) -> Vec<(Node<'t>, Node<'t>)> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    let mut out: Vec<(Node<'t>, Node<'t>)> = Vec::new();
    for hit in finder.find_overlapping_iter(src) {
        let (s, e) = (hit.start(), hit.end());
        if s > 0 && word(src[s - 1]) || e < src.len() && word(src[e]) {
            continue;
        }
        let Some(mut node) = root.descendant_for_byte_range(s, e) else {
            continue;
        };
        // Up from the name to the call it names (a method name, a type, a function).
        let mut call = None;
        for _ in 0..5 {
            if syn.call_name(node, src).is_some_and(|n| n.as_bytes() == &src[s..e])
                && syn
                    .call(node, src)
                    .and_then(|c| c.args)
                    .is_none_or(|a| s < a.start_byte())
            {
                call = Some(node);
                break;
            }
            match node.parent() {
                Some(p) => node = p,
                None => break,
            }
        }
        let Some(call) = call else { continue };
        // Up to the function it is in.
        let mut up = call.parent();
        while let Some(n) = up {
            if syn.body(n).is_some() {
                if !out.iter().any(|(c, _)| *c == call) {
                    out.push((call, n));
                }
                break;
            }
            if syn.opaque(n) {
                break;
            }
            up = n.parent();
        }
    }
    out.sort_by_key(|(c, f)| (f.start_byte(), c.start_byte()));
    out
}

/// Every call in a function, with the function, in order; `None` past the deadline.
fn every_call<'t, S: Syntax>(
    syn: &S,
    root: Node<'t>,
    src: &[u8],
    deadline: Instant,
) -> Option<Vec<(Node<'t>, Node<'t>)>> {
    let mut calls = Vec::new();
    let mut cursor = root.walk();
    // The function of the children of each node on the path from the root.
    let mut enclosing: Vec<Option<Node<'t>>> = vec![None];
    let mut visited = 0usize;
    loop {
        let node = cursor.node();
        let mut func = enclosing.last().copied().flatten();
        if node.is_named() {
            visited += 1;
            if visited % 4096 == 0 && Instant::now() > deadline {
                return None;
            }
            if syn.body(node).is_some() {
                func = Some(node);
            } else if syn.opaque(node) {
                // Lambdas and classes in a function are analysed on their own (their
                // methods), not as part of it.
                func = None;
            }
            if let Some(f) = func
                && syn.call_name(node, src).is_some()
            {
                calls.push((node, f));
            }
        }
        if cursor.goto_first_child() {
            enclosing.push(func);
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                break;
            }
            enclosing.pop();
        }
        if enclosing.len() <= 1 && cursor.node() == root {
            break;
        }
    }
    calls.sort_by_key(|(c, f): &(Node<'t>, Node<'t>)| (f.start_byte(), c.start_byte()));
    Some(calls)
}

fn build_fn<'t, S: Syntax>(syn: &S, function: Node<'t>, src: &[u8]) -> Func<'t> {
    let body = syn.body(function).expect("a function");
    let mut refs = Vec::new();
    let mut names = HashSet::new();
    // One walk of the function, nested functions and classes left out.
    let mut cursor = function.walk();
    loop {
        let n = cursor.node();
        let nested = n != function && (syn.opaque(n) || syn.body(n).is_some());
        if n.is_named() && !nested {
            // Whether it reads the variable is asked only of the names that matter (it costs
            // a walk to the parent).
            if n.kind() == "identifier" {
                refs.push(n);
            } else {
                syn.declares(n, src, &mut names);
            }
        }
        if !nested && cursor.goto_first_child() {
            continue;
        }
        let mut done = false;
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() || cursor.node() == function {
                done = true;
                break;
            }
        }
        if done {
            break;
        }
    }
    Func {
        body,
        stmt: syn.lower(body, src),
        locals: syn.locals(names),
        refs,
        end_line: body.end_position().row + 1,
    }
}

impl<'t> Func<'t> {
    /// The identifiers named `name`.
    fn refs_named<'a>(&'a self, name: &'a str, src: &'a [u8]) -> impl Iterator<Item = Node<'t>> + 'a {
        self.refs
            .iter()
            .copied()
            .filter(move |r| &src[r.byte_range()] == name.as_bytes())
    }
}

/// Follows one acquisition; returns the node to report and the leaking path.
fn follow<'t, S: Syntax>(ctx: &Ctx<'_, 't, S>, acq: Node<'t>, deadline: Instant) -> Option<(Node<'t>, String)> {
    let (fate, top) = ctx.fate(acq);
    let first = match fate {
        Fate::Handled => return None,
        Fate::Dropped => {
            return ctx
                .m
                .inline
                .then(|| (top, "it is never held in a variable, so nothing closes it".to_string()));
        }
        Fate::Held(name) => name,
    };
    let with_releases = ctx.with_releases(acq);
    // Every variable that comes to hold it: assigned from it or from a wrapper of it.
    let mut aliases: HashSet<String> = HashSet::from([first]);
    // `a = b = open(p)`: the names of a chained assignment.
    let chained = |from: Node<'t>| {
        let mut names = Vec::new();
        let mut node = from;
        for _ in 0..8 {
            let (Effect::Bind(name), top) = ctx.climb_with(node, with_releases) else {
                break;
            };
            names.push(name);
            match top.parent() {
                Some(p) => node = p,
                None => break,
            }
        }
        names
    };
    aliases.extend(chained(acq));
    let mut todo: Vec<String> = aliases.iter().cloned().collect();
    while let Some(name) = todo.pop() {
        for r in ctx.f.refs_named(&name, ctx.src) {
            if !ctx.syn.is_ref(r) {
                continue;
            }
            for other in chained(r) {
                if aliases.insert(other.clone()) {
                    todo.push(other);
                }
            }
        }
    }
    let mut owners = HashSet::new();
    if ctx.m.owned_by_receiver
        && let Some(recv) = ctx.syn.call(acq, ctx.src).and_then(|c| c.receiver)
        && recv.kind() == "identifier"
    {
        // The object it came from, and the objects that one came from (a result set, its
        // statement, the statement's connection).
        let mut todo = vec![text(recv, ctx.src).to_string()];
        while let Some(owner) = todo.pop() {
            if !owners.insert(owner.clone()) || owners.len() > 8 {
                continue;
            }
            for r in ctx.f.refs.iter() {
                if !ctx.syn.is_ref(*r) {
                    continue;
                }
                if let Role::Receiver(_, Some(call)) = ctx.syn.role(*r, ctx.src, &ctx.f.locals)
                    && ctx.syn.call(call, ctx.src).and_then(|c| c.receiver) == Some(*r)
                    && ctx.climb(call).0 == Effect::Bind(owner.clone())
                {
                    todo.push(text(*r, ctx.src).to_string());
                }
            }
        }
    }
    let res = Resource {
        node: acq,
        aliases,
        owners,
        with_releases,
    };
    let mut interp = Interp {
        ctx,
        res: &res,
        immediate: Vec::new(),
        released: false,
        deadline,
        steps: 0,
        expired: false,
        cache: HashMap::new(),
    };
    let flow = interp.exec(&ctx.f.stmt, States::before());
    let word = ctx.syn.function_word();
    let mut candidates: Vec<Note> = interp.immediate.clone();
    let mut exits = Vec::new();
    if let Some(n) = &flow.normal.open {
        exits.push(n.clone().unwrap_or(Note::End(ctx.f.end_line)));
    }
    if let Some(n) = &flow.ret.open {
        exits.push(n.clone().unwrap_or(Note::End(ctx.f.end_line)));
    }
    for (_, s) in flow.brk.iter().chain(&flow.cont) {
        if let Some(n) = &s.open {
            exits.push(n.clone().unwrap_or(Note::End(ctx.f.end_line)));
        }
    }
    exits.sort_by_key(|n| n.exceptional());
    candidates.extend(exits);
    if let Some(n) = &flow.throw.open {
        candidates.push(n.clone().unwrap_or(Note::End(ctx.f.end_line)));
    }
    let note = candidates.into_iter().next()?;
    if !interp.released && matches!(note, Note::End(_) | Note::Return(_)) {
        return Some((top, format!("never closed in this {word}")));
    }
    Some((top, note.describe(word)))
}

// ---------------------------------------------------------------------------------------
// Following a resource along the paths.

/// Why a path leaves the resource open: the first event that names the path.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Note {
    /// Reaches the end of the function.
    End(usize),
    /// Through the branch starting at this line.
    Branch(usize),
    /// When the condition at this line is false.
    Else(usize),
    /// The return statement at this line.
    Return(usize),
    /// The call (name, line) throws.
    Throws(String, usize),
    /// The throw or raise statement at this line.
    Raise(usize),
    /// Acquired again (in a loop) at this line while open.
    Again(usize),
    /// The variable is assigned another value at this line while open.
    Overwritten(usize),
}

impl Note {
    fn exceptional(&self) -> bool {
        matches!(self, Note::Throws(..) | Note::Raise(_))
    }

    fn describe(&self, word: &str) -> String {
        match self {
            Note::End(l) => format!("not closed on the path that reaches the end of the {word} (line {l})"),
            Note::Branch(l) => format!("not closed on the path through line {l}"),
            Note::Else(l) => format!("not closed when the condition at line {l} is false"),
            Note::Return(l) => format!("not closed on the return at line {l}"),
            Note::Throws(name, l) => format!("not closed when {name}() throws (line {l})"),
            Note::Raise(l) => format!("not closed when the exception raised at line {l} leaves the {word}"),
            Note::Again(l) => format!("acquired again at line {l}, in the next iteration, while still open"),
            Note::Overwritten(l) => format!("the variable holding it is overwritten at line {l} while it is open"),
        }
    }
}

/// The abstract states a path may be in: not acquired yet, open (with the note naming the
/// path, once known), done with (released or handed over).
#[derive(Debug, Clone, Default)]
struct States {
    before: bool,
    open: Option<Option<Note>>,
    done: bool,
}

impl States {
    fn before() -> States {
        States {
            before: true,
            ..States::default()
        }
    }

    fn is_empty(&self) -> bool {
        !self.before && self.open.is_none() && !self.done
    }

    fn join(&mut self, other: &States) {
        self.before |= other.before;
        self.done |= other.done;
        match (&mut self.open, &other.open) {
            (None, o) => self.open = o.clone(),
            (Some(mine @ None), Some(o)) => *mine = o.clone(),
            _ => {}
        }
    }

    fn key(&self) -> (bool, bool, bool) {
        (self.before, self.open.is_some(), self.done)
    }

    /// Marks the open state with `note` unless it is already explained. How a path leaves
    /// (a throw, a return) explains it better than the branch it went through.
    fn note(mut self, note: impl FnOnce() -> Note) -> States {
        match &mut self.open {
            Some(n @ None) => *n = Some(note()),
            Some(n @ Some(Note::Branch(_) | Note::Else(_))) => {
                let new = note();
                if matches!(new, Note::Throws(..) | Note::Raise(_) | Note::Return(_)) {
                    *n = Some(new);
                }
            }
            _ => {}
        }
        self
    }

    fn release(&mut self) {
        if self.open.take().is_some() {
            self.done = true;
        }
    }
}

/// Where the paths through a statement go.
#[derive(Debug, Default, Clone)]
struct Flow {
    normal: States,
    ret: States,
    throw: States,
    brk: Vec<(Option<String>, States)>,
    cont: Vec<(Option<String>, States)>,
}

impl Flow {
    fn normal(s: States) -> Flow {
        Flow {
            normal: s,
            ..Flow::default()
        }
    }

    /// Joins the abrupt exits of `other` into this flow (not its normal one).
    fn join_abrupt(&mut self, other: &Flow) {
        self.ret.join(&other.ret);
        self.throw.join(&other.throw);
        self.brk.extend(other.brk.iter().cloned());
        self.cont.extend(other.cont.iter().cloned());
    }

    fn join(&mut self, other: &Flow) {
        self.normal.join(&other.normal);
        self.join_abrupt(other);
    }

    fn map_all(&mut self, f: impl Fn(&mut States)) {
        f(&mut self.normal);
        f(&mut self.ret);
        f(&mut self.throw);
        self.brk.iter_mut().for_each(|(_, s)| f(s));
        self.cont.iter_mut().for_each(|(_, s)| f(s));
    }

    fn take(list: &mut Vec<(Option<String>, States)>, label: Option<&str>) -> States {
        let mut out = States::default();
        list.retain(|(l, s)| {
            if l.as_deref() == label || l.is_none() && label.is_none() {
                out.join(s);
                false
            } else {
                true
            }
        });
        out
    }
}

struct Interp<'a, 'c, 't, S: Syntax> {
    ctx: &'a Ctx<'c, 't, S>,
    res: &'a Resource<'t>,
    /// Leaks found on the spot (re-acquired or overwritten while open).
    immediate: Vec<Note>,
    /// Whether some path releases or hands over the resource.
    released: bool,
    /// When to give up (every path then ends, and the file is reported incomplete).
    deadline: Instant,
    /// Statements executed, to look at the clock now and then.
    steps: usize,
    /// Whether the deadline passed.
    expired: bool,
    /// The events of each node evaluated, by node id (loops and finally blocks evaluate
    /// nodes more than once).
    cache: HashMap<usize, std::rc::Rc<Vec<(Event, Node<'t>)>>>,
}

/// What a node does to the resource.
enum Event {
    Acquire,
    Release,
    Escape,
    /// A call that may throw: its name, and whether it is made on the resource.
    Call(String, bool),
    Overwrite,
}

impl<'t, S: Syntax> Interp<'_, '_, 't, S> {
    fn is_alias(&self, node: Node<'t>) -> bool {
        node.kind() == "identifier" && self.res.aliases.contains(text(node, self.ctx.src))
    }

    fn mentions(&self, node: Node<'t>) -> bool {
        let src = self.ctx.src;
        let mut stack = vec![node];
        let mut cursor = node.walk();
        while let Some(n) = stack.pop() {
            if n == self.res.node {
                return true;
            }
            if n.kind() == "identifier" {
                let t = text(n, src);
                if self.res.aliases.contains(t) || self.res.owners.contains(t) {
                    return true;
                }
            }
            stack.extend(n.named_children(&mut cursor));
        }
        false
    }

    /// The events of evaluating `node`, in evaluation order (children first).
    fn events(&self, node: Node<'t>, out: &mut Vec<(Event, Node<'t>)>) {
        let syn = self.ctx.syn;
        let src = self.ctx.src;
        if node != self.ctx.f.body && (syn.opaque(node) || syn.body(node).is_some()) {
            if self.mentions(node) {
                out.push((Event::Escape, node));
            }
            return;
        }
        if node == self.res.node {
            // Its arguments are evaluated before it is acquired.
            let mut cursor = node.walk();
            for c in node.named_children(&mut cursor) {
                self.events(c, out);
            }
            out.push((Event::Acquire, node));
            return;
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
        for c in children {
            self.events(c, out);
        }
        if node.kind() == "identifier" {
            let t = text(node, src);
            if (self.res.aliases.contains(t) || self.res.owners.contains(t)) && syn.is_ref(node) {
                match self.ctx.climb_with(node, self.res.with_releases).0 {
                    Effect::Release => out.push((Event::Release, node)),
                    Effect::Escape => out.push((Event::Escape, node)),
                    _ => {}
                }
            }
            return;
        }
        if let Some((name, value)) = syn.assignment(node, src)
            && self.res.aliases.contains(&name)
            && !self.mentions(value)
        {
            out.push((Event::Overwrite, node));
            return;
        }
        if let Some(call) = syn.call(node, src) {
            let m = self.ctx.m;
            let on_alias = call.receiver.is_some_and(|r| self.is_alias(r));
            let quiet = (on_alias && m.release.contains(&call.name))
                || m.closers.matches(&call.keys)
                || m.wrappers.matches(&call.keys)
                || m.nothrow.matches(&call.keys);
            if !quiet {
                out.push((Event::Call(call.name, on_alias), node));
            }
        }
    }

    /// Evaluates `node` from `st`: the states after it; exceptional exits go to `flow.throw`.
    fn eval(&mut self, node: Node<'t>, mut st: States, flow: &mut Flow) -> States {
        if st.is_empty() {
            return st;
        }
        // Nothing happens to a resource that is not open, but its acquisition.
        let acquired_here =
            node.start_byte() <= self.res.node.start_byte() && self.res.node.end_byte() <= node.end_byte();
        if st.open.is_none() && !acquired_here {
            return st;
        }
        let events = match self.cache.get(&node.id()) {
            Some(e) => e.clone(),
            None => {
                let mut events = Vec::new();
                self.events(node, &mut events);
                let events = std::rc::Rc::new(events);
                self.cache.insert(node.id(), events.clone());
                events
            }
        };
        // A statement's exceptional path is named by the resource's own call when it makes one
        // (`out.write(encode(x))`: "write() throws"), else by its first call.
        let mut named: Vec<Option<(String, usize)>> = vec![None; events.len()];
        let mut next: Option<(String, usize)> = None;
        for (i, (e, n)) in events.iter().enumerate().rev() {
            match e {
                Event::Call(name, true) => next = Some((name.clone(), line(*n))),
                Event::Call(..) => {}
                _ => next = None,
            }
            named[i] = next.clone();
        }
        for (i, (e, n)) in events.iter().enumerate() {
            let n = *n;
            match e {
                Event::Acquire => {
                    if st.open.is_some() {
                        self.immediate.push(Note::Again(line(n)));
                    }
                    st = States {
                        before: false,
                        open: Some(None),
                        done: false,
                    };
                }
                Event::Release | Event::Escape => {
                    self.released |= st.open.is_some();
                    st.release();
                }
                Event::Overwrite => {
                    if st.open.is_some() {
                        self.immediate.push(Note::Overwritten(line(n)));
                        st.release();
                    }
                }
                Event::Call(name, _) => {
                    if st.open.is_some() && self.ctx.m.exceptional {
                        let (name, l) = named[i].take().unwrap_or_else(|| (name.clone(), line(n)));
                        let thrown = st.clone().note(|| Note::Throws(name, l));
                        flow.throw.join(&thrown);
                    }
                }
            }
        }
        st
    }

    fn refine(&self, mut st: States, test: &Option<NullTest>) -> States {
        if let Some((name, nonnull)) = test
            && self.res.aliases.contains(name)
        {
            if *nonnull {
                st.before = false;
            } else {
                st.open = None;
                st.done = false;
            }
        }
        st
    }

    fn exec(&mut self, s: &Stmt<'t>, st: States) -> Flow {
        if st.is_empty() {
            return Flow::default();
        }
        // Nested finally blocks run once per way out of their try: bounded by the clock.
        self.steps += 1;
        if self.steps % 1024 == 0 && Instant::now() > self.deadline {
            self.expired = true;
        }
        if self.expired {
            return Flow::default();
        }
        match s {
            Stmt::Nop => Flow::normal(st),
            Stmt::Eval(n) => {
                let mut flow = Flow::default();
                flow.normal = self.eval(*n, st, &mut flow);
                flow
            }
            Stmt::Seq(list) => {
                let mut flow = Flow::normal(st);
                for s in list {
                    if flow.normal.is_empty() {
                        break;
                    }
                    let cur = std::mem::take(&mut flow.normal);
                    let next = self.exec(s, cur);
                    flow.join(&next);
                }
                flow
            }
            Stmt::If { cond, then, els, line } => {
                let mut flow = Flow::default();
                let (t, e) = match cond {
                    Some(c) => {
                        let st = self.eval(*c, st, &mut flow);
                        let (rt, re) = self.ctx.syn.null_test(*c, self.ctx.src);
                        (self.refine(st.clone(), &rt), self.refine(st, &re))
                    }
                    None => (st.clone(), st),
                };
                let mut a = self.exec(then, t);
                let mut b = self.exec(els, e);
                // A path that leaves the resource open where the other branch does not is
                // named by its branch.
                if a.normal.open.is_some() && b.normal.open.is_none() && !b.normal.is_empty() {
                    let l = first_line(then).unwrap_or(*line);
                    a.normal = a.normal.note(|| Note::Branch(l));
                }
                if b.normal.open.is_some() && a.normal.open.is_none() && !a.normal.is_empty() {
                    let l = *line;
                    b.normal = b.normal.note(|| match first_line(els) {
                        Some(x) => Note::Branch(x),
                        None => Note::Else(l),
                    });
                }
                flow.join(&a);
                flow.join(&b);
                flow
            }
            Stmt::Branches {
                head,
                arms,
                exhaustive,
                takes_break,
            } => {
                let mut flow = Flow::default();
                let st = match head {
                    Some(h) => self.eval(*h, st, &mut flow),
                    None => st,
                };
                let mut results = Vec::new();
                for arm in arms {
                    let mut r = self.exec(arm, st.clone());
                    if *takes_break {
                        let b = Flow::take(&mut r.brk, None);
                        r.normal.join(&b);
                    }
                    results.push(r);
                }
                let closes = results.iter().any(|r| r.normal.open.is_none() && !r.normal.is_empty());
                for (arm, mut r) in arms.iter().zip(results) {
                    if closes && let Some(l) = first_line(arm) {
                        r.normal = r.normal.note(|| Note::Branch(l));
                    }
                    flow.join(&r);
                }
                if !*exhaustive {
                    flow.normal.join(&st);
                }
                flow
            }
            Stmt::Loop {
                label,
                cond,
                infinite,
                once,
                body,
                update,
                orelse,
            } => {
                let mut flow = Flow::default();
                let entry = st;
                let mut cur = entry.clone();
                // Leaving when the condition fails (then `else` runs, in Python), and by break.
                let mut exit = States::default();
                let mut broken = States::default();
                let mut first = true;
                for _ in 0..8 {
                    // The condition is tested (but not before the first run of a do-while).
                    let tested = match cond {
                        Some(c) if !(*once && first) => self.eval(*c, cur.clone(), &mut flow),
                        _ => cur.clone(),
                    };
                    if !(*infinite || *once && first) {
                        exit.join(&tested);
                    }
                    let mut b = self.exec(body, tested);
                    let brk = Flow::take(&mut b.brk, None);
                    let brk_l = label.as_deref().map(|l| Flow::take(&mut b.brk, Some(l)));
                    let cont = Flow::take(&mut b.cont, None);
                    let cont_l = label.as_deref().map(|l| Flow::take(&mut b.cont, Some(l)));
                    broken.join(&brk);
                    if let Some(x) = brk_l {
                        broken.join(&x);
                    }
                    let mut again = b.normal.clone();
                    again.join(&cont);
                    if let Some(x) = cont_l {
                        again.join(&x);
                    }
                    let u = self.exec(update, again);
                    flow.join_abrupt(&b);
                    flow.join_abrupt(&u);
                    let mut next = entry.clone();
                    if *once {
                        next = u.normal.clone();
                    } else {
                        next.join(&u.normal);
                    }
                    let stable = !first && next.key() == cur.key();
                    if *once && first {
                        cur = u.normal.clone();
                    } else {
                        cur.join(&next);
                    }
                    first = false;
                    if stable {
                        break;
                    }
                }
                flow.normal = States::default();
                let after = self.exec(orelse, exit.clone());
                flow.join(&after);
                flow.normal.join(&broken);
                dedupe_labels(&mut flow);
                flow
            }
            Stmt::Try {
                resources,
                body,
                handlers,
                orelse,
                finally,
            } => {
                let mut flow = Flow::default();
                let mut st = st;
                let mut managed = false;
                for &r in resources {
                    st = self.eval(r, st, &mut flow);
                    managed |= self.manages(r);
                }
                // What the resource specification throws is outside the body.
                let mut outer_throw = std::mem::take(&mut flow.throw);
                let mut b = self.exec(body, st);
                if managed {
                    self.released = true;
                    b.map_all(States::release);
                }
                if !handlers.is_empty() {
                    let caught = std::mem::take(&mut b.throw);
                    let mut handled = Flow::default();
                    let mut any = false;
                    if !caught.is_empty() {
                        for h in handlers {
                            handled.join(&self.exec(h, caught.clone()));
                            any = true;
                        }
                    }
                    if any {
                        b.join(&handled);
                    }
                }
                let normal = std::mem::take(&mut b.normal);
                let e = self.exec(orelse, normal);
                b.join(&e);
                outer_throw.join(&std::mem::take(&mut b.throw));
                b.throw = outer_throw;
                let Some(fin) = finally else {
                    flow.join(&b);
                    return flow;
                };
                // The finally block runs on every way out, and that way out resumes after it.
                let mut out = Flow::default();
                let run = |this: &mut Self, s: &States, out: &mut Flow| -> Option<States> {
                    if s.is_empty() {
                        return None;
                    }
                    let mut f = this.exec(fin, s.clone());
                    let n = std::mem::take(&mut f.normal);
                    out.join_abrupt(&f);
                    Some(n)
                };
                if let Some(n) = run(self, &b.normal, &mut out) {
                    out.normal.join(&n);
                }
                if let Some(n) = run(self, &b.ret, &mut out) {
                    out.ret.join(&n);
                }
                if let Some(n) = run(self, &b.throw, &mut out) {
                    out.throw.join(&n);
                }
                for (l, s) in &b.brk {
                    if let Some(n) = run(self, s, &mut out) {
                        out.brk.push((l.clone(), n));
                    }
                }
                for (l, s) in &b.cont {
                    if let Some(n) = run(self, s, &mut out) {
                        out.cont.push((l.clone(), n));
                    }
                }
                flow.join(&out);
                dedupe_labels(&mut flow);
                flow
            }
            Stmt::Return(value, l) => {
                let mut flow = Flow::default();
                let st = match value {
                    Some(v) => self.eval(*v, st, &mut flow),
                    None => st,
                };
                let l = *l;
                flow.ret = st.note(|| Note::Return(l));
                flow
            }
            Stmt::Throw(value, l) => {
                let mut flow = Flow::default();
                let st = match value {
                    Some(v) => self.eval(*v, st, &mut flow),
                    None => st,
                };
                let l = *l;
                flow.throw.join(&st.note(|| Note::Raise(l)));
                flow
            }
            Stmt::Break(label) => Flow {
                brk: vec![(label.clone(), st)],
                ..Flow::default()
            },
            Stmt::Continue(label) => Flow {
                cont: vec![(label.clone(), st)],
                ..Flow::default()
            },
            Stmt::Labeled(label, inner) => {
                let mut f = self.exec(inner, st);
                let b = Flow::take(&mut f.brk, Some(label));
                f.normal.join(&b);
                f
            }
        }
    }

    /// Whether a try-with-resources resource or `with` item releases the resource when the
    /// statement ends.
    fn manages(&self, resource: Node<'t>) -> bool {
        if self.res.with_releases
            && let Some(name) = self.ctx.syn.declared(resource, self.ctx.src)
            && (self.res.aliases.contains(&name) || self.res.owners.contains(&name))
        {
            return true;
        }
        let src = self.ctx.src;
        let mut stack = vec![resource];
        let mut cursor = resource.walk();
        while let Some(n) = stack.pop() {
            if n.kind() == "identifier" {
                let t = text(n, src);
                if (self.res.aliases.contains(t) || self.res.owners.contains(t))
                    && self.ctx.syn.is_ref(n)
                    && self.ctx.climb_with(n, self.res.with_releases).0 == Effect::Managed
                {
                    return true;
                }
            }
            stack.extend(n.named_children(&mut cursor));
        }
        false
    }
}

/// Merges the break and continue exits with the same label.
fn dedupe_labels(flow: &mut Flow) {
    for list in [&mut flow.brk, &mut flow.cont] {
        let mut merged: Vec<(Option<String>, States)> = Vec::new();
        for (l, s) in list.drain(..) {
            match merged.iter_mut().find(|(m, _)| *m == l) {
                Some((_, t)) => t.join(&s),
                None => merged.push((l, s)),
            }
        }
        *list = merged;
    }
}

/// The line a statement starts on.
fn first_line(s: &Stmt<'_>) -> Option<usize> {
    match s {
        Stmt::Eval(n) | Stmt::Return(Some(n), _) | Stmt::Throw(Some(n), _) => Some(line(*n)),
        Stmt::Return(None, l) | Stmt::Throw(None, l) => Some(*l),
        Stmt::Seq(list) => list.iter().find_map(first_line),
        Stmt::If { line, .. } => Some(*line),
        Stmt::Labeled(_, s) => first_line(s),
        Stmt::Loop { body, cond, .. } => cond.map(line).or_else(|| first_line(body)),
        Stmt::Try { body, resources, .. } => resources.first().map(|n| line(*n)).or_else(|| first_line(body)),
        Stmt::Branches { head, arms, .. } => head.map(line).or_else(|| arms.iter().find_map(first_line)),
        Stmt::Break(_) | Stmt::Continue(_) | Stmt::Nop => None,
    }
}

#[cfg(test)]
mod tests;

/// A child by field name.
fn field<'t>(n: Node<'t>, name: &str) -> Option<Node<'t>> {
    n.child_by_field_name(name)
}

/// Whether `child` is `parent`'s field `name`.
fn is_field(parent: Node<'_>, name: &str, child: Node<'_>) -> bool {
    field(parent, name) == Some(child)
}

/// The named children of a node, comments and other extras left out.
fn named<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let mut c = n.walk();
    n.named_children(&mut c).filter(|c| !c.is_extra()).collect()
}
