//! Dataflow: untrusted values from sources reaching sinks, method by method.
//!
//! Each method body is interpreted abstractly, statement by statement, over the syntax tree
//! the other engines share. A value is abstracted as a constant (when it is one), the flows
//! that reach it (from a source, or from one of the method's parameters), which rules each
//! flow has been sanitized for, and for lists, arrays and maps their elements. Branches whose
//! condition folds to a constant are the only ones walked; other branches are walked both and
//! joined; loops twice. A call to a method of the same file, or of a class defined in another
//! file of the scanned tree, uses that method's summary: what its result holds in terms of its
//! parameters, and which parameters reach a sink inside it. Values read with
//! `Properties.getProperty` come from the `.properties` files of the tree.
//!
//! Sources, sinks, sanitizers, propagators and guards are data, declared in `kind = "taint"`
//! rule files ([`crate::rules::schema::TaintSpec`]).

mod interp;
pub mod java;
pub mod python;

pub use interp::{Analysis, analyze};

use crate::finding::Span;
use crate::rules::schema::{TaintEntry, TaintSpec};
use crate::rules::{Lang, Matcher, RuleSet};
use regex::Regex;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// At most this many rules with sinks per language (their set is a 64-bit mask).
pub const MAX_SINK_RULES: usize = 64;

/// Checks a taint rule's settings at load: every entry matches something, regexes compile.
pub fn validate(spec: &TaintSpec) -> Result<(), (String, String)> {
    let lists: [(&str, &Vec<TaintEntry>); 5] = [
        ("sources", &spec.sources),
        ("sinks", &spec.sinks),
        ("sanitizers", &spec.sanitizers),
        ("propagators", &spec.propagators),
        ("guards", &spec.guards),
    ];
    for (name, list) in lists {
        for (i, e) in list.iter().enumerate() {
            let field = format!("{name}[{i}]");
            let calls = !e.methods.is_empty() || !e.constructors.is_empty();
            let source_only =
                !e.annotations.is_empty() || !e.attributes.is_empty() || e.main_args || !e.handlers.is_empty();
            if name == "sources" {
                if !calls && !source_only {
                    return Err((
                        field,
                        "matches nothing: give methods, constructors, annotations, attributes, main_args or handlers"
                            .into(),
                    ));
                }
            } else if name == "sinks" && !calls && e.attributes.is_empty() && e.annotations.is_empty() {
                return Err((
                    field,
                    "matches nothing: give methods, constructors, attributes or annotations".into(),
                ));
            } else if name != "sinks" && !calls {
                return Err((field, "matches nothing: give methods or constructors".into()));
            } else if e.main_args
                || !e.handlers.is_empty()
                || (name != "sinks" && (!e.attributes.is_empty() || !e.annotations.is_empty()))
            {
                return Err((
                    field,
                    "main_args and handlers are for sources only, attributes and annotations for sources and sinks"
                        .into(),
                ));
            }
            if let Some(v) = &e.value {
                if name != "sinks" {
                    return Err((format!("{field}.value"), "is for sinks only".into()));
                }
                Regex::new(v).map_err(|err| (format!("{field}.value"), err.to_string()))?;
            }
            if e.into_receiver && name != "propagators" {
                return Err((format!("{field}.into_receiver"), "is for propagators only".into()));
            }
        }
    }
    Ok(())
}

/// Code as a path step quotes it: on one line, at most 60 characters.
pub fn shorten(code: &str) -> String {
    let one: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 60 {
        one.chars().take(57).collect::<String>() + "..."
    } else {
        one
    }
}

/// The simple name of a type: `java.util.List<String>` -> `List`.
pub fn simple_type(t: &str) -> &str {
    let t = t.split('<').next().unwrap_or(t).trim();
    let t = t.trim_end_matches("[]").trim();
    t.rsplit('.').next().unwrap_or(t)
}

/// A compiled call pattern.
#[derive(Debug, Default)]
pub struct CallPat {
    methods: HashSet<String>,
    types: HashSet<String>,
    ctors: HashSet<String>,
}

impl CallPat {
    fn new(e: &TaintEntry) -> CallPat {
        CallPat {
            methods: e.methods.iter().cloned().collect(),
            types: e.types.iter().map(|t| simple_type(t).to_string()).collect(),
            ctors: e.constructors.iter().map(|t| simple_type(t).to_string()).collect(),
        }
    }

    /// A call of `name` on a receiver of type `recv` (`None`: unknown, which matches).
    pub fn call(&self, name: &str, recv: Option<&str>) -> bool {
        self.methods.contains(name)
            && (self.types.is_empty() || recv.is_none_or(|t| self.types.contains(simple_type(t))))
    }

    /// A constructor of `ty`.
    pub fn ctor(&self, ty: &str) -> bool {
        self.ctors.contains(simple_type(ty))
    }
}

/// A source.
#[derive(Debug)]
pub struct Source {
    /// The calls whose result is untrusted.
    pub pat: CallPat,
    /// Annotations that make a parameter untrusted.
    pub annotations: HashSet<String>,
    /// Field or attribute chains that are untrusted.
    pub attributes: Vec<String>,
    /// Whether an entry point's arguments are untrusted.
    pub main_args: bool,
    /// Serverless handlers whose event (first of two parameters) is untrusted.
    pub handlers: HashSet<String>,
    /// What the source is, for the path.
    pub label: Arc<str>,
}

/// A sink of one rule.
#[derive(Debug)]
pub struct Sink {
    /// The calls or constructors.
    pub pat: CallPat,
    /// The watched argument positions (empty: all).
    pub args: Vec<usize>,
    /// The watched keyword arguments (Python).
    pub keywords: Vec<String>,
    /// Objects a value must not be stored into (`session` in `session[key] = value`).
    pub attributes: Vec<String>,
    /// Decorators (Python) or annotations whose functions' return values are the sink (a
    /// web route's returned string is the response body).
    pub annotations: HashSet<String>,
    /// For a constant-value sink: what the constant must match.
    pub value: Option<Regex>,
    /// The rule's bit in sanitized masks.
    pub slot: u8,
    /// The rule's index in the rule set.
    pub rule: usize,
}

impl Sink {
    /// Whether argument `i` is one this sink watches.
    pub fn watches(&self, i: usize) -> bool {
        self.args.is_empty() || self.args.contains(&i)
    }
}

/// A sanitizer: its result is clean for the rules of `mask`.
#[derive(Debug)]
pub struct Sanitizer {
    /// The calls.
    pub pat: CallPat,
    /// The rules their result is clean for.
    pub mask: u64,
}

/// A propagator.
#[derive(Debug)]
pub struct Propagator {
    /// The calls.
    pub pat: CallPat,
    /// The mark bit the result gets (0: none).
    pub mark: u8,
    /// Whether the arguments flow into the receiver.
    pub into_receiver: bool,
}

/// A guard: on the branch where the check held, the checked value is clean for `mask`.
#[derive(Debug)]
pub struct Guard {
    /// The checking calls.
    pub pat: CallPat,
    /// The rules the checked value is clean for.
    pub mask: u64,
    /// The checked arguments (empty: the receiver).
    pub args: Vec<usize>,
    /// The mark bits the checked value must carry (0: none).
    pub requires: u8,
}

/// Every taint declaration of one language, pooled from its taint rules.
#[derive(Debug, Default)]
pub struct LangModel {
    /// Sources.
    pub sources: Vec<Source>,
    /// Sinks, of every rule.
    pub sinks: Vec<Sink>,
    /// Sanitizers.
    pub sanitizers: Vec<Sanitizer>,
    /// Propagators.
    pub propagators: Vec<Propagator>,
    /// Guards.
    pub guards: Vec<Guard>,
    /// Return types of methods and types of static fields, by name.
    pub returns: HashMap<String, String>,
    /// Rule index of each slot.
    pub slots: Vec<usize>,
    /// Names of the sinks' methods and constructors: a file holding none is not analysed.
    pub keywords: Option<aho_corasick::AhoCorasick>,
    /// The sources' keywords: a file holding none produces no source-to-sink finding.
    pub source_keywords: Option<aho_corasick::AhoCorasick>,
}

impl LangModel {
    /// Whether `src` may hold a sink (a cheap byte search before any analysis).
    pub fn may_apply(&self, src: &[u8]) -> bool {
        self.keywords.as_ref().is_some_and(|k| k.is_match(src))
    }

    /// Whether `src` may hold a source (one of the sources' keywords), or a sink that tests
    /// constant values, which needs no source.
    pub fn may_have_sources(&self, src: &[u8]) -> bool {
        self.source_keywords.as_ref().is_some_and(|k| k.is_match(src))
    }

    /// The mask of every rule.
    pub fn all(&self) -> u64 {
        if self.slots.len() >= 64 {
            u64::MAX
        } else {
            (1u64 << self.slots.len()) - 1
        }
    }
}

fn mark_bit(marks: &mut Vec<String>, name: &Option<String>) -> u8 {
    match name {
        None => 0,
        Some(n) => {
            let i = marks.iter().position(|m| m == n).unwrap_or_else(|| {
                marks.push(n.clone());
                marks.len() - 1
            });
            1u8 << (i.min(7))
        }
    }
}

/// The taint models of every language, compiled from the taint rules of a rule set.
#[derive(Debug, Default)]
pub struct TaintModels {
    /// The model of each language with taint rules.
    pub by_lang: HashMap<Lang, LangModel>,
}

impl TaintModels {
    /// Pools the taint rules of `rules` by language.
    pub fn build(rules: &RuleSet) -> Result<TaintModels, String> {
        let mut by_lang: HashMap<Lang, LangModel> = HashMap::new();
        let mut slot_of: HashMap<(Lang, String), u8> = HashMap::new();
        // Slots first, so that sanitizers can name rules declared after them.
        for (i, r) in rules.rules.iter().enumerate() {
            if let Matcher::Taint(t) = &r.matcher
                && !t.spec.sinks.is_empty()
            {
                let m = by_lang.entry(t.lang).or_default();
                if m.slots.len() >= MAX_SINK_RULES {
                    return Err(format!(
                        "{}: more than {MAX_SINK_RULES} {} taint rules with sinks",
                        r.meta.origin,
                        t.lang.as_str()
                    ));
                }
                slot_of.insert((t.lang, r.meta.id.clone()), m.slots.len() as u8);
                m.slots.push(i);
            }
        }
        let mut marks: HashMap<Lang, Vec<String>> = HashMap::new();
        let mut words: HashMap<Lang, BTreeMap<String, ()>> = HashMap::new();
        let mut source_words: HashMap<Lang, BTreeMap<String, ()>> = HashMap::new();
        for (i, r) in rules.rules.iter().enumerate() {
            let Matcher::Taint(t) = &r.matcher else { continue };
            let lang = t.lang;
            let m = by_lang.entry(lang).or_default();
            let all = m.all();
            let own = slot_of.get(&(lang, r.meta.id.clone())).map(|s| 1u64 << s);
            let mask_of = |names: &[String]| -> u64 {
                if names.is_empty() {
                    return own.unwrap_or(all);
                }
                names
                    .iter()
                    .map(|n| {
                        if n == "*" {
                            all
                        } else {
                            slot_of.get(&(lang, n.clone())).map(|s| 1u64 << s).unwrap_or(0)
                        }
                    })
                    .fold(0, |a, b| a | b)
            };
            let marks = marks.entry(lang).or_default();
            let spec = &t.spec;
            for e in &spec.sources {
                let w = source_words.entry(lang).or_default();
                let derived: Vec<String> = if e.file_keywords.is_empty() {
                    let main = if e.main_args {
                        vec!["main(".to_string()]
                    } else {
                        Vec::new()
                    };
                    e.methods
                        .iter()
                        .chain(&e.annotations)
                        .chain(&e.types)
                        .chain(&e.constructors)
                        .map(|x| simple_type(x).to_string())
                        // Attribute chains as written (`sys.argv`, not `argv`).
                        .chain(e.attributes.iter().cloned())
                        .chain(e.handlers.iter().cloned())
                        .chain(main)
                        .collect()
                } else {
                    e.file_keywords.clone()
                };
                for x in derived {
                    w.insert(x, ());
                }
                m.sources.push(Source {
                    pat: CallPat::new(e),
                    annotations: e.annotations.iter().map(|a| simple_type(a).to_string()).collect(),
                    attributes: e.attributes.clone(),
                    main_args: e.main_args,
                    handlers: e.handlers.iter().cloned().collect(),
                    label: Arc::from(e.label.clone().unwrap_or_else(|| "untrusted input".into())),
                });
            }
            for e in &spec.sinks {
                if e.value.is_some() {
                    // A constant-value sink needs no source: its names gate the file in.
                    let sw = source_words.entry(lang).or_default();
                    for x in e.methods.iter().chain(&e.constructors) {
                        sw.insert(simple_type(x).to_string(), ());
                    }
                }
                let w = words.entry(lang).or_default();
                for x in e.methods.iter().chain(e.attributes.iter()).chain(
                    e.constructors
                        .iter()
                        .map(|c| simple_type(c).to_string())
                        .collect::<Vec<_>>()
                        .iter(),
                ) {
                    w.insert(x.clone(), ());
                }
                m.sinks.push(Sink {
                    pat: CallPat::new(e),
                    args: e.args.clone(),
                    keywords: e.keywords.clone(),
                    attributes: e.attributes.clone(),
                    annotations: e.annotations.iter().map(|a| simple_type(a).to_string()).collect(),
                    value: e
                        .value
                        .as_deref()
                        .map(|v| Regex::new(v).map_err(|err| err.to_string()))
                        .transpose()?,
                    slot: slot_of[&(lang, r.meta.id.clone())],
                    rule: i,
                });
            }
            for e in &spec.sanitizers {
                m.sanitizers.push(Sanitizer {
                    pat: CallPat::new(e),
                    mask: mask_of(&e.rules),
                });
            }
            for e in &spec.propagators {
                m.propagators.push(Propagator {
                    pat: CallPat::new(e),
                    mark: mark_bit(marks, &e.mark),
                    into_receiver: e.into_receiver,
                });
            }
            for e in &spec.guards {
                m.guards.push(Guard {
                    pat: CallPat::new(e),
                    mask: mask_of(&e.rules),
                    args: e.args.clone(),
                    requires: mark_bit(marks, &e.mark),
                });
            }
            for (k, v) in &spec.returns {
                m.returns.insert(k.clone(), v.clone());
            }
        }
        for (lang, w) in words {
            if let Some(m) = by_lang.get_mut(&lang) {
                let ac = aho_corasick::AhoCorasick::new(w.keys()).map_err(|e| e.to_string())?;
                m.keywords = Some(ac);
            }
        }
        for (lang, w) in source_words {
            if let Some(m) = by_lang.get_mut(&lang) {
                let ac = aho_corasick::AhoCorasick::new(w.keys()).map_err(|e| e.to_string())?;
                m.source_keywords = Some(ac);
            }
        }
        Ok(TaintModels { by_lang })
    }
}

/// A constant.
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    /// A string.
    Str(Arc<str>),
    /// An integer of any width.
    Int(i64),
    /// A character.
    Char(char),
    /// A boolean.
    Bool(bool),
    /// `null` / `None`.
    Null,
}

impl Const {
    /// The text of a constant as string concatenation renders it.
    pub fn render(&self) -> String {
        match self {
            Const::Str(s) => s.to_string(),
            Const::Int(i) => i.to_string(),
            Const::Char(c) => c.to_string(),
            Const::Bool(b) => b.to_string(),
            Const::Null => "null".into(),
        }
    }
}

/// Where a flow comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A source.
    Source,
    /// The method's parameter.
    Param(u8),
}

/// One step of a flow's path, newest first.
#[derive(Debug)]
pub struct PathNode {
    /// This step.
    pub step: Step,
    /// The step before.
    pub prev: Option<Arc<PathNode>>,
    /// Number of steps up to here.
    pub len: u16,
}

/// A place on a path: in the analysed file (`file` None, byte `range`) or in another file of
/// the tree (`file` and a resolved `span`).
#[derive(Debug, Clone)]
pub struct Step {
    /// The file, when not the analysed one.
    pub file: Option<Arc<str>>,
    /// Byte range in its file.
    pub range: Range<usize>,
    /// The resolved position, for a step in another file.
    pub span: Option<Span>,
    /// What happens there.
    pub note: String,
}

/// Paths are cut at this many steps (the oldest and newest are kept).
const MAX_PATH: u16 = 24;

/// Appends a step to a path.
pub fn push_step(prev: &Option<Arc<PathNode>>, step: Step) -> Option<Arc<PathNode>> {
    let len = prev.as_ref().map_or(0, |p| p.len) + 1;
    if len > MAX_PATH {
        // Keep the start of the path and the newest step.
        let mut keep = prev.clone();
        if let Some(p) = prev {
            keep = p.prev.clone();
        }
        return Some(Arc::new(PathNode {
            step,
            prev: keep,
            len: len - 1,
        }));
    }
    Some(Arc::new(PathNode {
        step,
        prev: prev.clone(),
        len,
    }))
}

/// The steps of a path, oldest first.
pub fn path_steps(p: &Option<Arc<PathNode>>) -> Vec<Step> {
    let mut out = Vec::new();
    let mut at = p.clone();
    while let Some(n) = at {
        out.push(n.step.clone());
        at = n.prev.clone();
    }
    out.reverse();
    out
}

/// A flow reaching a value.
#[derive(Debug, Clone)]
pub struct Flow {
    /// Where it comes from.
    pub origin: Origin,
    /// Rules it has been sanitized for.
    pub san: u64,
    /// Marks (normalized...).
    pub marks: u8,
    /// How it got here.
    pub path: Option<Arc<PathNode>>,
}

/// At most this many flows per value.
const MAX_FLOWS: usize = 6;

/// The elements of a container, when known.
#[derive(Debug, Clone)]
pub enum Shape {
    /// A list or array, element by element.
    List(Vec<Val>),
    /// A map with constant keys.
    Map(Vec<(Const, Val)>),
}

/// An abstract value.
#[derive(Debug, Clone, Default)]
pub struct Val {
    /// The constant it always is, when known.
    pub k: Option<Const>,
    /// The flows reaching it (for a container: reaching any element).
    pub flows: Vec<Flow>,
    /// Its elements, for a list, array or map followed precisely.
    pub shape: Option<Arc<Shape>>,
    /// Its static type, when known.
    pub ty: Option<Arc<str>>,
}

impl Val {
    /// A constant.
    pub fn konst(k: Const) -> Val {
        Val {
            k: Some(k),
            ..Val::default()
        }
    }

    /// A constant string.
    pub fn str(s: &str) -> Val {
        Val::konst(Const::Str(Arc::from(s)))
    }

    /// The value with its static type set, when `ty` is known.
    pub fn typed(mut self, ty: Option<Arc<str>>) -> Val {
        if ty.is_some() {
            self.ty = ty;
        }
        self
    }

    /// Whether any flow reaches it.
    pub fn tainted(&self) -> bool {
        !self.flows.is_empty()
    }

    /// Adds the flows of `other`.
    pub fn absorb(&mut self, other: &Val) {
        for f in &other.flows {
            add_flow(&mut self.flows, f.clone());
        }
    }

    /// A value holding the flows of all `vals` and nothing else.
    pub fn flows_of<'v>(vals: impl IntoIterator<Item = &'v Val>) -> Val {
        let mut out = Val::default();
        for v in vals {
            out.absorb(v);
        }
        out
    }

    /// The least value covering both.
    pub fn join(a: &Val, b: &Val) -> Val {
        let mut flows = Vec::new();
        for f in a.flows.iter().chain(b.flows.iter()) {
            add_flow(&mut flows, f.clone());
        }
        let shape = match (&a.shape, &b.shape) {
            (Some(x), Some(y)) if Arc::ptr_eq(x, y) => Some(x.clone()),
            (Some(x), Some(y)) => match (&**x, &**y) {
                (Shape::List(p), Shape::List(q)) if p.len() == q.len() => Some(Arc::new(Shape::List(
                    p.iter().zip(q).map(|(u, v)| Val::join(u, v)).collect(),
                ))),
                (Shape::Map(p), Shape::Map(q))
                    if p.len() == q.len() && p.iter().zip(q).all(|((k1, _), (k2, _))| k1 == k2) =>
                {
                    Some(Arc::new(Shape::Map(
                        p.iter()
                            .zip(q)
                            .map(|((k, u), (_, v))| (k.clone(), Val::join(u, v)))
                            .collect(),
                    )))
                }
                _ => None,
            },
            _ => None,
        };
        Val {
            k: if a.k == b.k { a.k.clone() } else { None },
            flows,
            shape,
            ty: if a.ty == b.ty {
                a.ty.clone()
            } else {
                a.ty.clone().or(b.ty.clone())
            },
        }
    }

    /// The value with every flow sanitized for `mask` (and marked).
    pub fn sanitized(mut self, mask: u64, marks: u8) -> Val {
        for f in &mut self.flows {
            f.san |= mask;
            f.marks |= marks;
        }
        self
    }

    /// Appends a step to the path of every flow.
    pub fn step(mut self, step: impl Fn() -> Step) -> Val {
        for f in &mut self.flows {
            f.path = push_step(&f.path, step());
        }
        self
    }
}

/// Adds a flow, merging with one of the same origin (sanitized only where both are).
fn add_flow(flows: &mut Vec<Flow>, f: Flow) {
    if let Some(g) = flows.iter_mut().find(|g| g.origin == f.origin) {
        if f.san & !g.san == 0 && g.san != f.san {
            // The new one is less sanitized: keep it, it is the one that matters.
            g.path = f.path;
        }
        g.san &= f.san;
        g.marks &= f.marks;
        return;
    }
    if flows.len() < MAX_FLOWS {
        flows.push(f);
    }
}

/// A parameter reaching a sink inside a method.
#[derive(Debug, Clone)]
pub struct ParamSink {
    /// The parameter.
    pub param: u8,
    /// The sink (index in the model).
    pub sink: usize,
    /// Rules the parameter was sanitized for on the way.
    pub san: u64,
    /// The path from the parameter to the sink, sink step included.
    pub path: Option<Arc<PathNode>>,
}

/// What a method does with its parameters.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// The result, its flows in terms of the parameters.
    pub ret: Val,
    /// Parameters that reach a sink.
    pub sinks: Vec<ParamSink>,
    /// Python: the parameters' names, for keyword arguments.
    pub params: ParamNames,
}

/// How the arguments of a call find a Python function's parameters.
#[derive(Debug, Clone, Default)]
pub struct ParamNames {
    /// Each named parameter with its index.
    pub named: Vec<(String, u8)>,
    /// `*args`: positional arguments from there on go to it.
    pub star: Option<u8>,
    /// `**kwargs`: keyword arguments that name no parameter go to it.
    pub star_kw: Option<u8>,
}

impl ParamNames {
    /// The value of each parameter, by index, given a call's positional and keyword arguments.
    pub fn bind(&self, mut positional: Vec<Val>, keywords: &[(String, Val)]) -> Vec<Val> {
        if let Some(star) = self.star.map(usize::from)
            && positional.len() > star + 1
        {
            let rest = positional.split_off(star);
            positional.push(Val::flows_of(&rest));
        }
        for (name, v) in keywords {
            let index = self
                .named
                .iter()
                .find(|(n, _)| n == name)
                .map(|&(_, i)| i)
                .or(self.star_kw);
            if let Some(i) = index.map(usize::from) {
                if positional.len() <= i {
                    positional.resize_with(i + 1, Val::default);
                }
                positional[i] = Val::join(&positional[i], v);
            }
        }
        positional
    }
}

/// A source reaching a sink.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Index of the sink in the model.
    pub sink: usize,
    /// The sink's call.
    pub range: Range<usize>,
    /// Source to sink.
    pub path: Option<Arc<PathNode>>,
}

/// The summaries of the methods of one class in another file.
#[derive(Debug, Default)]
pub struct ClassSummaries {
    /// By method name and arity.
    pub methods: HashMap<(String, usize), Summary>,
    /// Declared types of its fields.
    pub fields: HashMap<String, String>,
}

/// What is known of one class or module of the tree, each part computed on first need.
#[derive(Default)]
struct ModuleCell {
    /// Whether its text holds a source keyword.
    has_sources: OnceLock<bool>,
    summaries: OnceLock<Option<Arc<ClassSummaries>>>,
}

type Cell = Arc<ModuleCell>;

/// The scanned tree, for what one file's analysis needs from others: the classes of other
/// files (their summaries, computed once when first needed) and properties files.
#[derive(Default)]
pub struct Project {
    /// The files, known from the start or listed on first need.
    files: OnceLock<ProjectFiles>,
    /// The directory to list when the files were not given.
    root: Option<PathBuf>,
    props: OnceLock<HashMap<String, Option<String>>>,
    classes: std::sync::RwLock<HashMap<(Lang, String), Cell>>,
}

/// The files of a project dataflow looks into.
#[derive(Default)]
struct ProjectFiles {
    /// Java files by the class name their file name gives, and Python files by module name,
    /// with their display names.
    modules: HashMap<(Lang, String), Vec<(PathBuf, String)>>,
    properties: Vec<PathBuf>,
}

impl ProjectFiles {
    fn add(&mut self, fs: &std::path::Path, display: &str) {
        let name = fs.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let module = match (name.strip_suffix(".java"), name.strip_suffix(".py")) {
            (Some(stem), _) => Some((Lang::Java, stem.to_string())),
            // A package is imported by its directory's name.
            (_, Some("__init__")) => fs
                .parent()
                .and_then(|p| p.file_name())
                .and_then(|n| n.to_str())
                .map(|n| (Lang::Python, n.to_string())),
            (_, Some(stem)) => Some((Lang::Python, stem.to_string())),
            _ => None,
        };
        if let Some(key) = module {
            self.modules
                .entry(key)
                .or_default()
                .push((fs.to_path_buf(), display.to_string()));
        } else if name.ends_with(".properties") {
            self.properties.push(fs.to_path_buf());
        }
    }
}

impl std::fmt::Debug for Project {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Project").field("root", &self.root).finish()
    }
}

impl Project {
    /// Indexes files by name: `(path on disk, display name)`.
    pub fn new<'p>(files: impl IntoIterator<Item = (&'p std::path::Path, &'p str)>) -> Project {
        let mut all = ProjectFiles::default();
        for (fs, display) in files {
            all.add(fs, display);
        }
        let p = Project::default();
        let _ = p.files.set(all);
        p
    }

    /// A project whose files are listed under `root` (honouring `.gitignore`) the first time
    /// dataflow needs another class or a property: a pre-commit scan of a few files pays for
    /// the listing only when their code calls into the rest of the repository.
    pub fn lazy(root: PathBuf) -> Project {
        Project {
            root: Some(root),
            ..Project::default()
        }
    }

    fn files(&self) -> &ProjectFiles {
        self.files.get_or_init(|| {
            let mut all = ProjectFiles::default();
            let Some(root) = &self.root else { return all };
            let cwd = std::env::current_dir().ok();
            let walked = ignore::WalkBuilder::new(root)
                .hidden(false)
                .build()
                .flatten()
                .map(|e| e.into_path());
            // Committed files that a .gitignore names are part of the repository too.
            for path in walked.chain(crate::git::tracked_but_ignored(root)) {
                let path = path.as_path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if !(name.ends_with(".java") || name.ends_with(".py") || name.ends_with(".properties"))
                    || !path.is_file()
                {
                    continue;
                }
                let display = cwd
                    .as_ref()
                    .and_then(|c| path.strip_prefix(c).ok())
                    .unwrap_or(path)
                    .to_string_lossy()
                    .replace('\\', "/");
                all.add(path, &display);
            }
            all
        })
    }

    /// The value of `key` in the tree's properties files, when they agree on one.
    pub fn property(&self, key: &str) -> Option<&str> {
        let props = self.props.get_or_init(|| {
            let mut all: HashMap<String, Option<String>> = HashMap::new();
            for p in &self.files().properties {
                let Ok(text) = std::fs::read_to_string(p) else { continue };
                for (k, v) in parse_properties(&text) {
                    match all.get(&k) {
                        Some(Some(old)) if *old != v => {
                            all.insert(k, None);
                        }
                        Some(_) => {}
                        None => {
                            all.insert(k, Some(v));
                        }
                    }
                }
            }
            all
        });
        props.get(key).and_then(|v| v.as_deref())
    }

    /// The summaries of the methods of Java class `name` (or the functions of Python module
    /// `name`), computed on first use (`None`: no such file in the tree).
    pub fn module(&self, lang: Lang, name: &str, model: &LangModel) -> Option<Arc<ClassSummaries>> {
        let (files, cell) = self.cell(lang, name)?;
        cell.summaries
            .get_or_init(|| {
                let mut out = ClassSummaries::default();
                for (fs, display) in files {
                    let Ok(bytes) = std::fs::read(fs) else { continue };
                    if let Some(s) = interp::summarize_file(lang, model, &bytes, display) {
                        out.methods.extend(s.methods);
                        out.fields.extend(s.fields);
                    }
                }
                Some(Arc::new(out))
            })
            .clone()
    }

    /// The summaries of a class or module a call goes to, when they can change the call's
    /// result. With no untrusted value going in (`tainted` false), only a callee that reads a
    /// source itself can make its result untrusted, so a file without a source keyword is not
    /// parsed: the call is an unknown one, and its result carries what went in.
    pub fn callee(&self, lang: Lang, name: &str, model: &LangModel, tainted: bool) -> Option<Arc<ClassSummaries>> {
        if !tainted {
            let (files, cell) = self.cell(lang, name)?;
            let sources = *cell.has_sources.get_or_init(|| {
                files
                    .iter()
                    .any(|(fs, _)| std::fs::read(fs).is_ok_and(|b| model.may_have_sources(&b)))
            });
            if !sources {
                return None;
            }
        }
        self.module(lang, name, model)
    }

    fn cell(&self, lang: Lang, name: &str) -> Option<(&Vec<(PathBuf, String)>, Cell)> {
        let key = (lang, name.to_string());
        let files = self.files().modules.get(&key)?;
        // Every call into another class asks: a shared lock for the common case of a cell
        // that exists, so that scan threads do not queue.
        if let Some(c) = self.classes.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Some((files, c.clone()));
        }
        let mut map = self.classes.write().unwrap_or_else(|e| e.into_inner());
        Some((files, map.entry(key).or_default().clone()))
    }
}

/// `key=value` / `key: value` / `key value` lines of a Java properties file (comments and
/// continuation lines handled; escapes other than `\\` kept as written).
pub fn parse_properties(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut logical = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        if logical.is_empty() && (t.is_empty() || t.starts_with('#') || t.starts_with('!')) {
            continue;
        }
        let continued = t.ends_with('\\') && !t.ends_with("\\\\");
        logical.push_str(if continued { &t[..t.len() - 1] } else { t });
        if continued {
            continue;
        }
        let l = std::mem::take(&mut logical);
        let split = l.find(['=', ':']).into_iter().chain(l.find(char::is_whitespace)).min();
        let (k, v) = match split {
            Some(i) => (
                &l[..i],
                l[i + 1..].trim_start_matches(|c: char| c == '=' || c == ':' || c.is_whitespace()),
            ),
            None => (l.as_str(), ""),
        };
        out.push((k.trim().to_string(), v.trim_end().to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_are_read_as_java_reads_them() {
        let p = parse_properties("# c\nhashAlg1=MD5\nb : two words\n  c three\\\n  more\n!x\nd=\n");
        assert_eq!(
            p,
            vec![
                ("hashAlg1".into(), "MD5".into()),
                ("b".into(), "two words".into()),
                ("c".into(), "threemore".into()),
                ("d".into(), "".into()),
            ]
        );
    }

    #[test]
    fn join_keeps_the_least_sanitized_flow_and_equal_constants() {
        let f = |san| Flow {
            origin: Origin::Source,
            san,
            marks: 0,
            path: None,
        };
        let a = Val {
            flows: vec![f(0b10)],
            ..Val::str("x")
        };
        let b = Val {
            flows: vec![f(0b11)],
            ..Val::str("x")
        };
        let j = Val::join(&a, &b);
        assert_eq!(j.flows.len(), 1);
        assert_eq!(j.flows[0].san, 0b10);
        assert_eq!(j.k, Some(Const::Str(Arc::from("x"))));
        let c = Val::join(&a, &Val::str("y"));
        assert_eq!(c.k, None);
        assert!(c.tainted());
    }

    #[test]
    fn simple_type_strips_packages_generics_and_arrays() {
        assert_eq!(simple_type("java.util.List<String>"), "List");
        assert_eq!(simple_type("String[]"), "String");
        assert_eq!(simple_type("Statement"), "Statement");
    }
}
