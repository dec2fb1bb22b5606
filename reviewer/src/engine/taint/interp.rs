//! The interpreter shared by the languages: values through calls, summaries, sinks,
//! containers. The syntax of each language is walked by its own module.

use super::*;
use std::cell::RefCell;
use std::sync::OnceLock;
use std::time::Instant;
use tree_sitter::Node;

pub(super) type Env = HashMap<String, Val, foldhash::fast::RandomState>;

/// What the analysis of a file needs to know about the file.
pub(super) struct FileCtx<'t> {
    /// Declared types of the fields of the file's classes, by name.
    pub(super) fields: HashMap<String, String>,
    /// The language.
    pub(super) lang: Lang,
    pub(super) src: &'t [u8],
    /// Methods and constructors by name and arity.
    pub(super) methods: HashMap<(String, usize), Vec<Node<'t>>>,
    /// Methods and constructors in document order.
    pub(super) order: Vec<Node<'t>>,
    /// `static final` fields with a constant initializer.
    pub(super) constants: HashMap<String, Val>,
    /// Classes declared in the file.
    pub(super) classes: HashSet<String>,
    /// The display name of the file when it is not the one being reported.
    pub(super) other: Option<Arc<str>>,
    pub(super) lines: Option<crate::engine::text::LineIndex>,
}

/// Analysis state of one file.
pub(super) struct Ana<'a, 't> {
    pub(super) m: &'a LangModel,
    pub(super) project: Option<&'a Project>,
    pub(super) fx: &'a FileCtx<'t>,
    /// Same-file summaries by declaration node id; `None` while being computed.
    pub(super) memo: &'a RefCell<HashMap<usize, Option<Arc<Summary>>>>,
    /// Report source-to-sink hits (false while summarising).
    pub(super) report: bool,
    pub(super) hits: Vec<Hit>,
    pub(super) psinks: Vec<ParamSink>,
    pub(super) ret: Option<Val>,
    /// Environments at `break` (and `continue`), per enclosing loop or switch.
    pub(super) breaks: Vec<Vec<Env>>,
    pub(super) deadline: Instant,
    pub(super) ticks: u32,
    /// Sink calls met while reporting, by (start, end, sink): whether a value reaching one
    /// was neither constant nor sanitized (once dirty, always dirty).
    pub(super) seen: HashMap<(usize, usize, usize), bool>,
    /// Nesting of the statement or expression being interpreted.
    pub(super) depth: u32,
    /// Sinks the function's return values reach (a web route's response).
    pub(super) ret_sinks: Vec<usize>,
    pub(super) timed_out: bool,
}

/// Source-to-sink hits of one Java file. `complete` is false when the deadline cut it short.
pub fn analyze(
    lang: Lang,
    m: &LangModel,
    project: Option<&Project>,
    root: Node<'_>,
    src: &[u8],
    deadline: Instant,
) -> Analysis {
    let fx = file_ctx(lang, root, src, None);
    let memo = RefCell::new(HashMap::new());
    let mut hits = Vec::new();
    let mut complete = true;
    let mut seen: HashMap<(usize, usize, usize), bool> = HashMap::new();
    for &d in &fx.order {
        let mut a = Ana::new(m, project, &fx, &memo, true, deadline);
        a.method(d);
        hits.append(&mut a.hits);
        for (k, dirty) in a.seen {
            *seen.entry(k).or_default() |= dirty;
        }
        if a.timed_out {
            complete = false;
            break;
        }
    }
    // One hit per sink call and rule: the shortest path (then the earliest source) is shown.
    hits.sort_by_key(|h| {
        let first = path_steps(&h.path).first().map(|s| s.range.start);
        (
            h.range.start,
            h.range.end,
            h.sink,
            h.path.as_ref().map_or(0, |p| p.len),
            first,
        )
    });
    hits.dedup_by_key(|h| (h.range.start, h.range.end, h.sink));
    let mut cleared: Vec<(Range<usize>, usize)> = seen
        .into_iter()
        .filter(|(_, dirty)| !dirty)
        .map(|((s, e, sink), _)| (s..e, sink))
        .collect();
    cleared.sort_by_key(|(r, s)| (r.start, r.end, *s));
    Analysis {
        hits,
        cleared,
        complete,
    }
}

/// The receiver of a call: its node (none for a plain function call), static type and value.
#[derive(Clone, Copy)]
pub(super) struct Receiver<'r, 't> {
    pub(super) node: Option<Node<'t>>,
    pub(super) ty: Option<&'r str>,
    pub(super) val: &'r Val,
}

/// `n.child_by_field_name(name)`, with the field's id looked up in a table built once per
/// language instead of by comparing the name with every field name of the grammar.
pub(super) fn field<'t>(lang: Lang, n: Node<'t>, name: &'static str) -> Option<Node<'t>> {
    static TABLES: OnceLock<[HashMap<&'static str, u16, foldhash::fast::FixedState>; 2]> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        [Lang::Java, Lang::Python].map(|l| {
            let g = l.grammar();
            (1..=g.field_count() as u16)
                .filter_map(|id| g.field_name_for_id(id).map(|name| (name, id)))
                .collect()
        })
    });
    let table = match lang {
        Lang::Java => &tables[0],
        Lang::Python => &tables[1],
    };
    n.child_by_field_id(*table.get(name)?)
}

/// Whether a call's receiver or arguments carry a flow from a source.
pub(super) fn tainted_input(recv: &Val, args: &[Val]) -> bool {
    std::iter::once(recv)
        .chain(args)
        .any(|v| v.flows.iter().any(|f| f.origin == Origin::Source))
}

/// Statements and expressions nested deeper than this are not followed.
const MAX_DEPTH: u32 = 400;

/// What the analysis of a file found.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Sources reaching sinks.
    pub hits: Vec<Hit>,
    /// Sink calls where every value arriving was constant or sanitized, on every path the
    /// analysis walked: the dataflow decided they are safe.
    pub cleared: Vec<(Range<usize>, usize)>,
    /// False when the deadline cut the analysis short.
    pub complete: bool,
}

/// The summaries of the methods of another file (parsed here, once).
pub(super) fn summarize_file(lang: Lang, m: &LangModel, bytes: &[u8], display: &str) -> Option<ClassSummaries> {
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&lang.grammar()).ok()?;
    let tree = parser.parse(bytes, None)?;
    let mut fx = file_ctx(lang, tree.root_node(), bytes, Some(Arc::from(display)));
    fx.lines = Some(crate::engine::text::LineIndex::new(bytes));
    let memo = RefCell::new(HashMap::new());
    let deadline = Instant::now() + std::time::Duration::from_secs(2);
    let mut out = ClassSummaries::default();
    for &d in &fx.order {
        let Some(key) = decl_key(lang, bytes, d) else { continue };
        if out.methods.contains_key(&key) {
            continue;
        }
        let mut a = Ana::new(m, None, &fx, &memo, false, deadline);
        let s = a.summary_of(d);
        out.methods.insert(key, (*s).clone());
    }
    out.fields = fx.fields.clone();
    Some(out)
}

pub(super) fn text<'t>(src: &'t [u8], n: Node<'_>) -> &'t str {
    std::str::from_utf8(&src[n.byte_range()]).unwrap_or("")
}

/// The named children of a node, in order (one cursor walk: indexing children one by one
/// costs quadratic time on wide nodes).
pub(super) fn named_children<'t>(n: Node<'t>) -> std::vec::IntoIter<Node<'t>> {
    let mut cur = n.walk();
    let v: Vec<Node<'t>> = n.named_children(&mut cur).collect();
    v.into_iter()
}

/// Whether a value compares equal to a constant for a `switch`.
pub(super) fn const_eq(a: &Const, b: &Const) -> bool {
    match (a, b) {
        (Const::Char(x), Const::Int(y)) | (Const::Int(y), Const::Char(x)) => *x as i64 == *y,
        _ => a == b,
    }
}

pub(super) fn as_int(k: &Const) -> Option<i64> {
    match k {
        Const::Int(i) => Some(*i),
        Const::Char(c) => Some(*c as i64),
        _ => None,
    }
}

/// Folds a binary operator over constants.
pub(super) fn fold_binary(op: &str, a: &Const, b: &Const) -> Option<Const> {
    use Const::*;
    if op == "+" && (matches!(a, Str(_)) || matches!(b, Str(_))) {
        return Some(Str(Arc::from(format!("{}{}", a.render(), b.render()).as_str())));
    }
    if let (Bool(x), Bool(y)) = (a, b) {
        return match op {
            "&&" | "&" => Some(Bool(*x && *y)),
            "||" | "|" => Some(Bool(*x || *y)),
            "==" => Some(Bool(x == y)),
            "!=" | "^" => Some(Bool(x != y)),
            _ => None,
        };
    }
    if let (Some(x), Some(y)) = (as_int(a), as_int(b)) {
        return match op {
            "+" => x.checked_add(y).map(Int),
            "-" => x.checked_sub(y).map(Int),
            "*" => x.checked_mul(y).map(Int),
            "/" => x.checked_div(y).map(Int),
            "%" => x.checked_rem(y).map(Int),
            "<" => Some(Bool(x < y)),
            ">" => Some(Bool(x > y)),
            "<=" => Some(Bool(x <= y)),
            ">=" => Some(Bool(x >= y)),
            "==" => Some(Bool(x == y)),
            "!=" => Some(Bool(x != y)),
            "&" => Some(Int(x & y)),
            "|" => Some(Int(x | y)),
            "^" => Some(Int(x ^ y)),
            "<<" => Some(Int(x.wrapping_shl(y as u32))),
            ">>" => Some(Int(x.wrapping_shr(y as u32))),
            _ => None,
        };
    }
    match op {
        "==" => Some(Bool(a == b)),
        "!=" => Some(Bool(a != b)),
        _ => None,
    }
}

/// Folds a method of `String` called on a constant.
pub(super) fn fold_string_method(s: &str, name: &str, args: &[Val]) -> Option<Const> {
    let arg = |i: usize| args.get(i).and_then(|a| a.k.clone());
    let chars: Vec<char> = s.chars().collect();
    let idx = |i: usize| arg(i).as_ref().and_then(as_int).and_then(|x| usize::try_from(x).ok());
    let st = |c: Option<Const>| match c {
        Some(Const::Str(x)) => Some(x),
        Some(Const::Char(c)) => Some(Arc::from(c.to_string().as_str())),
        _ => None,
    };
    Some(match (name, args.len()) {
        ("charAt", 1) => Const::Char(*chars.get(idx(0)?)?),
        ("length", 0) => Const::Int(chars.len() as i64),
        ("isEmpty", 0) => Const::Bool(s.is_empty()),
        ("toString" | "intern" | "strip" | "trim", 0) => {
            Const::Str(Arc::from(if name == "toString" || name == "intern" {
                s
            } else {
                s.trim()
            }))
        }
        ("toUpperCase", _) => Const::Str(Arc::from(s.to_uppercase().as_str())),
        ("toLowerCase", _) => Const::Str(Arc::from(s.to_lowercase().as_str())),
        ("equals", 1) => Const::Bool(st(arg(0)).is_some_and(|o| &*o == s)),
        ("equalsIgnoreCase", 1) => Const::Bool(st(arg(0)).is_some_and(|o| o.eq_ignore_ascii_case(s))),
        ("startsWith", 1) => Const::Bool(s.starts_with(&*st(arg(0))?)),
        ("endsWith", 1) => Const::Bool(s.ends_with(&*st(arg(0))?)),
        ("contains", 1) => Const::Bool(s.contains(&*st(arg(0))?)),
        ("indexOf", 1) => Const::Int(s.find(&*st(arg(0))?).map_or(-1, |b| s[..b].chars().count() as i64)),
        ("concat", 1) => Const::Str(Arc::from(format!("{s}{}", st(arg(0))?).as_str())),
        ("substring", 1) => Const::Str(Arc::from(chars.get(idx(0)?..)?.iter().collect::<String>().as_str())),
        ("substring", 2) => Const::Str(Arc::from(
            chars.get(idx(0)?..idx(1)?)?.iter().collect::<String>().as_str(),
        )),
        ("replace" | "replaceAll", 2) => {
            let (from, to) = (st(arg(0))?, st(arg(1))?);
            if name == "replaceAll" && from.chars().any(|c| "\\[](){}.*+?^$|".contains(c)) {
                return None;
            }
            Const::Str(Arc::from(s.replace(&*from, &to).as_str()))
        }
        _ => return None,
    })
}

impl<'a, 't> Ana<'a, 't> {
    pub(super) fn new(
        m: &'a LangModel,
        project: Option<&'a Project>,
        fx: &'a FileCtx<'t>,
        memo: &'a RefCell<HashMap<usize, Option<Arc<Summary>>>>,
        report: bool,
        deadline: Instant,
    ) -> Self {
        Ana {
            m,
            project,
            fx,
            memo,
            report,
            hits: Vec::new(),
            psinks: Vec::new(),
            ret: None,
            breaks: Vec::new(),
            deadline,
            ticks: 0,
            seen: HashMap::new(),
            ret_sinks: Vec::new(),
            depth: 0,
            timed_out: false,
        }
    }

    pub(super) fn t(&self, n: Node<'_>) -> &'t str {
        text(self.fx.src, n)
    }

    pub(super) fn out_of_time(&mut self) -> bool {
        self.ticks += 1;
        if self.ticks % 512 == 0 && Instant::now() > self.deadline {
            self.timed_out = true;
        }
        self.timed_out
    }

    /// A step at node `n`.
    pub(super) fn step_at(&self, n: Node<'_>, note: String) -> Step {
        let span = match (&self.fx.other, &self.fx.lines) {
            (Some(_), Some(lines)) => {
                let (sl, sc) = lines.position(self.fx.src, n.start_byte());
                let (el, ec) = lines.position(self.fx.src, n.end_byte());
                Some(Span {
                    start_line: sl,
                    start_column: sc,
                    end_line: el,
                    end_column: ec,
                    start_byte: n.start_byte(),
                    end_byte: n.end_byte(),
                })
            }
            _ => None,
        };
        Step {
            file: self.fx.other.clone(),
            range: n.byte_range(),
            span,
            note,
        }
    }

    pub(super) fn short(&self, n: Node<'_>) -> String {
        super::shorten(self.t(n))
    }

    // ---------------------------------------------------------------- methods

    /// The summary of a method of this file, computed once.
    pub(super) fn summary_of(&mut self, decl: Node<'t>) -> Arc<Summary> {
        if let Some(s) = self.memo.borrow().get(&decl.id()) {
            return s.clone().unwrap_or_default();
        }
        self.memo.borrow_mut().insert(decl.id(), None);
        let mut a = Ana::new(self.m, self.project, self.fx, self.memo, false, self.deadline);
        a.method(decl);
        let mut ret = a.ret.unwrap_or_default();
        ret.ty = decl.child_by_field_name("type").map(|t| Arc::from(self.t(t)));
        let params = match self.fx.lang {
            Lang::Python => self.py_param_names(decl),
            Lang::Java => ParamNames::default(),
        };
        let s = Arc::new(Summary {
            ret,
            sinks: a.psinks,
            params,
        });
        self.timed_out |= a.timed_out;
        self.memo.borrow_mut().insert(decl.id(), Some(s.clone()));
        s
    }

    /// Applies a summary at a call: its result in terms of the arguments, and hits for
    /// tainted arguments reaching a sink inside.
    pub(super) fn apply(&mut self, s: &Summary, call: Node<'_>, callee: &str, args: &[Val]) -> Val {
        let call_step = |a: &Self| a.step_at(call, format!("passed to `{callee}`"));
        let mut out = Val {
            k: s.ret.k.clone(),
            ty: s.ret.ty.clone(),
            ..Val::default()
        };
        for f in &s.ret.flows {
            match f.origin {
                Origin::Source => add_flow(&mut out.flows, f.clone()),
                Origin::Param(i) => {
                    if let Some(arg) = args.get(i as usize) {
                        for af in &arg.flows {
                            let mut path = push_step(&af.path, call_step(self));
                            for st in path_steps(&f.path) {
                                path = push_step(&path, st);
                            }
                            add_flow(
                                &mut out.flows,
                                Flow {
                                    origin: af.origin,
                                    san: af.san | f.san,
                                    marks: af.marks | f.marks,
                                    path,
                                },
                            );
                        }
                    }
                }
            }
        }
        for ps in &s.sinks {
            let Some(arg) = args.get(ps.param as usize) else {
                continue;
            };
            let slot = self.m.sinks[ps.sink].slot;
            for af in &arg.flows {
                if (af.san | ps.san) & (1u64 << slot) != 0 {
                    continue;
                }
                let mut path = push_step(&af.path, call_step(self));
                for st in path_steps(&ps.path) {
                    path = push_step(&path, st);
                }
                self.reach(ps.sink, call, af.origin, af.san | ps.san, path);
            }
        }
        out
    }

    /// A flow arriving at sink `sink` at node `at`.
    pub(super) fn reach(&mut self, sink: usize, at: Node<'_>, origin: Origin, san: u64, path: Option<Arc<PathNode>>) {
        match origin {
            Origin::Source => {
                if self.report {
                    self.hits.push(Hit {
                        sink,
                        range: at.byte_range(),
                        path,
                    });
                }
            }
            Origin::Param(p) => {
                if !self.psinks.iter().any(|x| x.param == p && x.sink == sink) {
                    self.psinks.push(ParamSink {
                        param: p,
                        sink,
                        san,
                        path,
                    });
                }
            }
        }
    }

    // ---------------------------------------------------------------- statements

    pub(super) fn exec_all(&mut self, nodes: impl Iterator<Item = Node<'t>>, mut env: Option<Env>) -> Option<Env> {
        for s in nodes {
            if env.is_none() {
                break;
            }
            env = self.exec(s, env);
        }
        env
    }

    pub(super) fn join_env(a: Option<Env>, b: Option<Env>) -> Option<Env> {
        match (a, b) {
            (None, x) | (x, None) => x,
            (Some(mut a), Some(b)) => {
                for (k, v) in b {
                    match a.get_mut(&k) {
                        Some(old) => *old = Val::join(old, &v),
                        None => {
                            a.insert(k, v);
                        }
                    }
                }
                Some(a)
            }
        }
    }

    /// Checks sinks of a call or constructor.
    pub(super) fn sinks(
        &mut self,
        n: Node<'t>,
        matches: impl Fn(&CallPat) -> bool,
        arg_nodes: &[Node<'t>],
        args: &[Val],
    ) {
        self.sinks_kw(n, matches, arg_nodes, args, &[]);
    }

    /// Checks the sinks a call matches, its positional and keyword arguments.
    pub(super) fn sinks_kw(
        &mut self,
        n: Node<'t>,
        matches: impl Fn(&CallPat) -> bool,
        arg_nodes: &[Node<'t>],
        args: &[Val],
        kwargs: &[(String, Val)],
    ) {
        let mut what: Option<String> = None;
        let m = self.m;
        for (si, s) in m.sinks.iter().enumerate() {
            if !matches(&s.pat) {
                continue;
            }
            let every = s.args.is_empty() && s.keywords.is_empty();
            let watched = args
                .iter()
                .enumerate()
                .filter(|(i, _)| s.watches(*i))
                .map(|(i, a)| (arg_nodes.get(i).copied(), a))
                .chain(
                    kwargs
                        .iter()
                        .filter(|(k, _)| every || s.keywords.contains(k))
                        .map(|(_, a)| (None, a)),
                );
            let key = (n.start_byte(), n.end_byte(), si);
            for (node, a) in watched {
                let bit = 1u64 << s.slot;
                // Decided: constant, or every flow reaching it sanitized (no flow at all included).
                // A flow from a parameter leaves the call to the callers nobody sees here.
                let decided = a.k.is_some() || a.flows.iter().all(|f| f.san & bit != 0);
                if self.report && s.value.is_none() {
                    *self.seen.entry(key).or_default() |= !decided;
                }
                if let Some(re) = &s.value {
                    // A constant chosen elsewhere (a variable, a branch, a properties file);
                    // literal arguments are the query rules' business.
                    let literal_arg = node.is_some_and(|x| matches!(x.kind(), "string_literal" | "string"));
                    if !literal_arg
                        && let Some(Const::Str(v)) = &a.k
                        && re.is_match(v)
                        && self.report
                    {
                        self.hits.push(Hit {
                            sink: si,
                            range: n.byte_range(),
                            path: None,
                        });
                    }
                    continue;
                }
                for f in &a.flows {
                    if f.san & bit != 0 {
                        continue;
                    }
                    let w = what.get_or_insert_with(|| self.short(n)).clone();
                    let path = push_step(&f.path, self.step_at(n, format!("reaches `{w}`")));
                    self.reach(si, n, f.origin, f.san, path);
                }
            }
        }
    }

    pub(super) fn source_val(&self, n: Node<'_>, label: Arc<str>) -> Val {
        Val {
            flows: vec![Flow {
                origin: Origin::Source,
                san: 0,
                marks: 0,
                path: push_step(&None, self.step_at(n, format!("{label}: `{}`", self.short(n)))),
            }],
            ..Val::default()
        }
    }

    /// Lists, maps and arrays with constant indexes and keys.
    pub(super) fn container(
        &mut self,
        obj: Option<Node<'t>>,
        recv: &Val,
        name: &str,
        args: &[Val],
        env: &mut Env,
    ) -> Option<Val> {
        let key = obj.and_then(|o| self.place(o));
        let idx = |i: usize| {
            args.get(i)
                .and_then(|a| a.k.as_ref())
                .and_then(as_int)
                .and_then(|x| usize::try_from(x).ok())
        };
        if obj.is_some_and(|o| matches!(self.t(o), "Arrays" | "List" | "java.util.Arrays" | "java.util.List"))
            && matches!(name, "asList" | "of")
        {
            let mut v = Val::flows_of(args.iter());
            v.shape = Some(Arc::new(Shape::List(args.to_vec())));
            return Some(v);
        }
        match recv.shape.as_deref() {
            Some(Shape::List(items)) => {
                let mut items = items.clone();
                let (ret, changed) = match (name, args.len()) {
                    ("add" | "addLast" | "offer" | "push", 1) => {
                        items.push(args[0].clone());
                        (Val::konst(Const::Bool(true)), true)
                    }
                    ("add", 2) => match idx(0) {
                        Some(i) if i <= items.len() => {
                            items.insert(i, args[1].clone());
                            (Val::default(), true)
                        }
                        _ => return self.forget(key, recv, args, env),
                    },
                    ("remove", 1) if matches!(args[0].k, Some(Const::Int(_))) => match idx(0) {
                        Some(i) if i < items.len() => (items.remove(i), true),
                        _ => return self.forget(key, recv, args, env),
                    },
                    ("get" | "elementAt", 1) => match idx(0) {
                        Some(i) if i < items.len() => return Some(items[i].clone()),
                        _ => return Some(Val::flows_of([recv])),
                    },
                    ("set", 2) => match idx(0) {
                        Some(i) if i < items.len() => (std::mem::replace(&mut items[i], args[1].clone()), true),
                        _ => return self.forget(key, recv, args, env),
                    },
                    ("size", 0) => return Some(Val::konst(Const::Int(items.len() as i64))),
                    ("isEmpty", 0) => return Some(Val::konst(Const::Bool(items.is_empty()))),
                    ("clear", 0) => {
                        items.clear();
                        (Val::default(), true)
                    }
                    ("toArray" | "iterator" | "stream" | "listIterator", _) => return Some(recv.clone()),
                    ("getFirst" | "peek" | "peekFirst" | "element", 0) if !items.is_empty() => {
                        return Some(items[0].clone());
                    }
                    ("getLast" | "peekLast", 0) if !items.is_empty() => return Some(items[items.len() - 1].clone()),
                    ("contains" | "indexOf" | "hashCode" | "equals", _) => return Some(Val::default()),
                    _ => return self.forget(key, recv, args, env),
                };
                if changed && let Some(k) = key {
                    let mut v = Val::flows_of(items.iter());
                    v.ty = recv.ty.clone();
                    v.shape = Some(Arc::new(Shape::List(items)));
                    env.insert(k, v);
                }
                Some(ret)
            }
            Some(Shape::Map(entries)) => {
                let mut entries = entries.clone();
                let k0 = args.first().and_then(|a| a.k.clone());
                let (ret, changed) = match (name, args.len(), k0) {
                    ("put", 2, Some(k)) => {
                        let old = match entries.iter_mut().find(|(x, _)| *x == k) {
                            Some(e) => std::mem::replace(&mut e.1, args[1].clone()),
                            None => {
                                entries.push((k, args[1].clone()));
                                Val::default()
                            }
                        };
                        (old, true)
                    }
                    ("get", 1, Some(k)) => {
                        return Some(
                            entries
                                .iter()
                                .find(|(x, _)| *x == k)
                                .map(|e| e.1.clone())
                                .unwrap_or_default(),
                        );
                    }
                    ("getOrDefault", 2, Some(k)) => {
                        return Some(
                            entries
                                .iter()
                                .find(|(x, _)| *x == k)
                                .map(|e| e.1.clone())
                                .unwrap_or_else(|| args[1].clone()),
                        );
                    }
                    ("remove", 1, Some(k)) => {
                        let pos = entries.iter().position(|(x, _)| *x == k);
                        (pos.map(|p| entries.remove(p).1).unwrap_or_default(), true)
                    }
                    ("containsKey" | "size" | "isEmpty" | "containsValue", _, _) => return Some(Val::default()),
                    ("keySet", _, _) => return Some(Val::default()),
                    _ => return self.forget(key, recv, args, env),
                };
                if changed && let Some(k) = key {
                    let mut v = Val::flows_of(entries.iter().map(|e| &e.1));
                    v.ty = recv.ty.clone();
                    v.shape = Some(Arc::new(Shape::Map(entries)));
                    env.insert(k, v);
                }
                Some(ret)
            }
            _ => None,
        }
    }

    /// An operation on a container the model does not follow: it keeps the flows of what
    /// went in, and no longer its elements.
    pub(super) fn forget(&mut self, key: Option<String>, recv: &Val, args: &[Val], env: &mut Env) -> Option<Val> {
        let mut v = Val::flows_of(std::iter::once(recv).chain(args.iter()));
        v.ty = recv.ty.clone();
        if let Some(k) = key {
            env.insert(k, v.clone());
        }
        Some(Val::flows_of([&v]))
    }
}

/// The file context of a file of `lang`.
fn file_ctx<'t>(lang: Lang, root: Node<'t>, src: &'t [u8], other: Option<Arc<str>>) -> FileCtx<'t> {
    match lang {
        Lang::Java => super::java::file_ctx(root, src, other),
        Lang::Python => super::python::file_ctx(root, src, other),
    }
}

/// A declaration's name and arity (Python: arity `usize::MAX`, functions are found by name).
fn decl_key(lang: Lang, src: &[u8], d: Node<'_>) -> Option<(String, usize)> {
    let name = text(src, d.child_by_field_name("name")?).to_string();
    Some(match lang {
        Lang::Java => (name, super::java::arity(d)),
        Lang::Python => (name, usize::MAX),
    })
}

impl<'a, 't> Ana<'a, 't> {
    /// Analyses a method or function body.
    pub(super) fn method(&mut self, decl: Node<'t>) {
        match self.fx.lang {
            Lang::Java => self.j_method(decl),
            Lang::Python => self.py_method(decl),
        }
    }

    /// Runs a statement.
    pub(super) fn exec(&mut self, n: Node<'t>, env: Option<Env>) -> Option<Env> {
        if self.depth >= MAX_DEPTH {
            // Nesting deeper than any real code: not followed (the stack is the limit).
            return env;
        }
        self.depth += 1;
        let out = match self.fx.lang {
            Lang::Java => self.j_exec(n, env),
            Lang::Python => self.py_exec(n, env),
        };
        self.depth -= 1;
        out
    }

    /// Evaluates an expression.
    pub(super) fn eval(&mut self, n: Node<'t>, env: &mut Env) -> Val {
        if self.depth >= MAX_DEPTH {
            return Val::default();
        }
        self.depth += 1;
        let out = match self.fx.lang {
            Lang::Java => self.j_eval(n, env),
            Lang::Python => self.py_eval(n, env),
        };
        self.depth -= 1;
        out
    }

    /// The variable a node names, as the environment keys it.
    pub(super) fn place(&self, n: Node<'_>) -> Option<String> {
        match self.fx.lang {
            Lang::Java => self.j_place(n),
            Lang::Python => self.py_place(n),
        }
    }

    /// A call to a source (its result is untrusted) or a sanitizer (its result is clean for
    /// the sanitizer's rules).
    pub(super) fn source_or_sanitizer(
        &mut self,
        n: Node<'t>,
        name: &str,
        rt: Option<&str>,
        recv: &Val,
        args: &[Val],
    ) -> Option<Val> {
        let ret_ty = self.m.returns.get(name).map(|r| Arc::from(r.as_str()));
        // Sources.
        if let Some(src) = self.m.sources.iter().find(|s| s.pat.call(name, rt)) {
            return Some(self.source_val(n, src.label.clone()).typed(ret_ty));
        }
        // Sanitizers.
        if let Some(s) = self.m.sanitizers.iter().find(|s| s.pat.call(name, rt)) {
            let mask = s.mask;
            if mask == self.m.all() {
                return Some(Val::default().typed(ret_ty));
            }
            return Some(
                Val::flows_of(std::iter::once(recv).chain(args.iter()))
                    .sanitized(mask, 0)
                    .typed(ret_ty),
            );
        }
        None
    }

    /// A call to a propagator: into its receiver (`sb.append(x)`), or marking its result.
    pub(super) fn propagate(
        &mut self,
        n: Node<'t>,
        name: &str,
        recv: Receiver<'_, 't>,
        args: &[Val],
        env: &mut Env,
    ) -> Option<Val> {
        let Receiver {
            node: obj,
            ty: rt,
            val: recv,
        } = recv;
        let ret_ty = self.m.returns.get(name).map(|r| Arc::from(r.as_str()));
        // Propagators.
        if let Some(p) = self.m.propagators.iter().find(|p| p.pat.call(name, rt)) {
            let mark = p.mark;
            if p.into_receiver {
                let mut v = recv.clone();
                let into = obj.map(|o| self.short(o)).unwrap_or_default();
                let added = Val::flows_of(args.iter()).step(|| self.step_at(n, format!("added to `{into}`")));
                v.absorb(&added);
                v.k = match (name, &recv.k, args.first().and_then(|a| a.k.as_ref())) {
                    ("append", Some(Const::Str(s)), Some(a)) if args.len() == 1 => {
                        Some(Const::Str(Arc::from(format!("{s}{}", a.render()).as_str())))
                    }
                    _ => None,
                };
                if let Some(key) = obj.and_then(|o| self.place(o)) {
                    env.insert(key, v.clone());
                }
                return Some(v);
            }
            let mut v = Val::flows_of(std::iter::once(recv).chain(args.iter()));
            for f in &mut v.flows {
                f.marks |= mark;
            }
            return Some(v.typed(ret_ty));
        }
        None
    }

    /// Runs a loop: the body twice from the entry state (enough for a value to go around
    /// once), joined with the entry (the loop may not run). Returns the state at a normal exit
    /// and the states at `break`/`continue`.
    pub(super) fn iterate(
        &mut self,
        env: Env,
        mut once: impl FnMut(&mut Self, Env) -> Option<Env>,
    ) -> (Option<Env>, Vec<Env>) {
        let entry = env.clone();
        let mut state = Some(env);
        self.breaks.push(Vec::new());
        for _ in 0..2 {
            let Some(e) = state.clone() else { break };
            let mut after = once(self, e);
            let continued: Vec<Env> = self.breaks.last_mut().map(std::mem::take).unwrap_or_default();
            for c in continued {
                after = Self::join_env(after, Some(c.clone()));
                // `break` leaves the loop; `continue` comes back: both are kept as exits.
                self.breaks.last_mut().expect("pushed above").push(c);
            }
            state = Self::join_env(state, after);
        }
        let exits = self.breaks.pop().unwrap_or_default();
        (Self::join_env(Some(entry), state), exits)
    }

    /// A checking call in a condition, on the branch where it held: the guards it matches
    /// clean what they check (the receiver, or the arguments they name).
    pub(super) fn call_guard(
        &self,
        name: &str,
        recv: (Option<Node<'t>>, Option<&str>),
        args: &[Node<'t>],
        env: &mut Env,
    ) {
        let (obj, rt) = recv;
        for g in &self.m.guards {
            if !g.pat.call(name, rt) {
                continue;
            }
            let targets: Vec<Node<'t>> = if g.args.is_empty() {
                obj.into_iter().collect()
            } else {
                g.args.iter().filter_map(|&i| args.get(i).copied()).collect()
            };
            for t in targets {
                if let Some(key) = self.place(t)
                    && let Some(v) = env.get_mut(&key)
                {
                    for f in &mut v.flows {
                        if f.marks & g.requires == g.requires {
                            f.san |= g.mask;
                        }
                    }
                }
            }
        }
    }
}
