//! The taint interpreter for Java: statements and expressions of the tree-sitter-java tree.

use super::*;
use std::cell::RefCell;
use std::time::Instant;
use tree_sitter::Node;

/// Variables in scope: locals, and fields written in the method (`this.f`, `obj.f`).
type Env = HashMap<String, Val>;

/// What the analysis of a file needs to know about the file.
struct FileCtx<'t> {
    src: &'t [u8],
    /// Methods and constructors by name and arity.
    methods: HashMap<(String, usize), Vec<Node<'t>>>,
    /// Methods and constructors in document order.
    order: Vec<Node<'t>>,
    /// `static final` fields with a constant initializer.
    constants: HashMap<String, Val>,
    /// Classes declared in the file.
    classes: HashSet<String>,
    /// The display name of the file when it is not the one being reported.
    other: Option<Arc<str>>,
    lines: Option<crate::engine::text::LineIndex>,
}

/// Analysis state of one file.
struct Ana<'a, 't> {
    m: &'a LangModel,
    project: Option<&'a Project>,
    fx: &'a FileCtx<'t>,
    /// Same-file summaries by declaration node id; `None` while being computed.
    memo: &'a RefCell<HashMap<usize, Option<Arc<Summary>>>>,
    /// Report source-to-sink hits (false while summarising).
    report: bool,
    hits: Vec<Hit>,
    psinks: Vec<ParamSink>,
    ret: Option<Val>,
    /// Environments at `break` (and `continue`), per enclosing loop or switch.
    breaks: Vec<Vec<Env>>,
    deadline: Instant,
    ticks: u32,
    pub timed_out: bool,
}

/// Source-to-sink hits of one Java file. `complete` is false when the deadline cut it short.
pub fn analyze(
    m: &LangModel,
    project: Option<&Project>,
    root: Node<'_>,
    src: &[u8],
    deadline: Instant,
) -> (Vec<Hit>, bool) {
    let fx = file_ctx(root, src, None);
    let memo = RefCell::new(HashMap::new());
    let mut hits = Vec::new();
    let mut complete = true;
    for &d in &fx.order {
        let mut a = Ana::new(m, project, &fx, &memo, true, deadline);
        a.method(d);
        hits.append(&mut a.hits);
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
    (hits, complete)
}

/// The summaries of the methods of another file (parsed here, once).
pub(super) fn summarize_file(m: &LangModel, bytes: &[u8], display: &str) -> Option<ClassSummaries> {
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&Lang::Java.grammar()).ok()?;
    let tree = parser.parse(bytes, None)?;
    let mut fx = file_ctx(tree.root_node(), bytes, Some(Arc::from(display)));
    fx.lines = Some(crate::engine::text::LineIndex::new(bytes));
    let memo = RefCell::new(HashMap::new());
    let deadline = Instant::now() + std::time::Duration::from_secs(2);
    let mut out = ClassSummaries::default();
    for &d in &fx.order {
        let (Some(name), Some(params)) = (d.child_by_field_name("name"), d.child_by_field_name("parameters")) else {
            continue;
        };
        let arity = named_children(params)
            .filter(|p| matches!(p.kind(), "formal_parameter" | "spread_parameter"))
            .count();
        let key = (text(bytes, name).to_string(), arity);
        if out.methods.contains_key(&key) {
            continue;
        }
        let mut a = Ana::new(m, None, &fx, &memo, false, deadline);
        let s = a.summary_of(d);
        out.methods.insert(key, (*s).clone());
    }
    Some(out)
}

fn text<'t>(src: &'t [u8], n: Node<'_>) -> &'t str {
    std::str::from_utf8(&src[n.byte_range()]).unwrap_or("")
}

fn file_ctx<'t>(root: Node<'t>, src: &'t [u8], other: Option<Arc<str>>) -> FileCtx<'t> {
    let mut fx = FileCtx {
        src,
        methods: HashMap::new(),
        order: Vec::new(),
        constants: HashMap::new(),
        classes: HashSet::new(),
        other,
        lines: None,
    };
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "method_declaration" | "constructor_declaration" => {
                if let (Some(name), Some(params)) = (n.child_by_field_name("name"), n.child_by_field_name("parameters"))
                {
                    let arity = named_children(params)
                        .filter(|p| matches!(p.kind(), "formal_parameter" | "spread_parameter"))
                        .count();
                    fx.methods
                        .entry((text(src, name).to_string(), arity))
                        .or_default()
                        .push(n);
                    fx.order.push(n);
                }
            }
            "class_declaration" | "interface_declaration" | "enum_declaration" | "record_declaration" => {
                if let Some(name) = n.child_by_field_name("name") {
                    fx.classes.insert(text(src, name).to_string());
                }
            }
            "field_declaration" => {
                let mods = n
                    .child(0)
                    .filter(|c| c.kind() == "modifiers")
                    .map(|c| text(src, c))
                    .unwrap_or("");
                if mods.contains("final") {
                    let mut cur = n.walk();
                    for d in n.children_by_field_name("declarator", &mut cur) {
                        if let (Some(name), Some(v)) = (d.child_by_field_name("name"), d.child_by_field_name("value"))
                            && let Some(k) = literal(src, v)
                        {
                            fx.constants.insert(text(src, name).to_string(), Val::konst(k));
                        }
                    }
                }
            }
            _ => {}
        }
        let mut cur = n.walk();
        for c in n.named_children(&mut cur) {
            // Method bodies hold no declarations the analysis looks up, except local and
            // anonymous classes, which are walked.
            stack.push(c);
        }
    }
    fx
}

fn named_children<'t>(n: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    (0..n.named_child_count()).filter_map(move |i| n.named_child(i))
}

/// The constant of a literal node.
fn literal(src: &[u8], n: Node<'_>) -> Option<Const> {
    let t = text(src, n);
    match n.kind() {
        "string_literal" => Some(Const::Str(Arc::from(unescape(string_body(src, n)).as_str()))),
        "character_literal" => {
            let inner = t.strip_prefix('\'')?.strip_suffix('\'')?;
            let s = unescape(inner);
            let mut it = s.chars();
            let c = it.next()?;
            it.next().is_none().then_some(Const::Char(c))
        }
        "decimal_integer_literal" => t
            .trim_end_matches(['l', 'L'])
            .replace('_', "")
            .parse()
            .ok()
            .map(Const::Int),
        "hex_integer_literal" => i64::from_str_radix(&t[2..].trim_end_matches(['l', 'L']).replace('_', ""), 16)
            .ok()
            .map(Const::Int),
        "true" => Some(Const::Bool(true)),
        "false" => Some(Const::Bool(false)),
        "null_literal" => Some(Const::Null),
        _ => None,
    }
}

fn string_body<'s>(src: &'s [u8], n: Node<'_>) -> &'s str {
    let t = text(src, n);
    if let Some(b) = t.strip_prefix("\"\"\"").and_then(|x| x.strip_suffix("\"\"\"")) {
        return b.trim_start_matches([' ', '\t']).trim_start_matches('\n');
    }
    t.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(t)
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some(o) => out.push(o),
            None => out.push('\\'),
        }
    }
    out
}

/// Whether a value compares equal to a constant for a `switch`.
fn const_eq(a: &Const, b: &Const) -> bool {
    match (a, b) {
        (Const::Char(x), Const::Int(y)) | (Const::Int(y), Const::Char(x)) => *x as i64 == *y,
        _ => a == b,
    }
}

fn as_int(k: &Const) -> Option<i64> {
    match k {
        Const::Int(i) => Some(*i),
        Const::Char(c) => Some(*c as i64),
        _ => None,
    }
}

/// Folds a binary operator over constants.
fn fold_binary(op: &str, a: &Const, b: &Const) -> Option<Const> {
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
fn fold_string_method(s: &str, name: &str, args: &[Val]) -> Option<Const> {
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
    fn new(
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
            timed_out: false,
        }
    }

    fn t(&self, n: Node<'_>) -> &'t str {
        text(self.fx.src, n)
    }

    fn out_of_time(&mut self) -> bool {
        self.ticks += 1;
        if self.ticks % 512 == 0 && Instant::now() > self.deadline {
            self.timed_out = true;
        }
        self.timed_out
    }

    /// A step at node `n`.
    fn step_at(&self, n: Node<'_>, note: String) -> Step {
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

    fn short(&self, n: Node<'_>) -> String {
        let t = self.t(n);
        let one: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if one.chars().count() > 60 {
            one.chars().take(57).collect::<String>() + "..."
        } else {
            one
        }
    }

    // ---------------------------------------------------------------- methods

    /// The initial environment of a method: parameters as flows of their own (or sources).
    fn params(&self, decl: Node<'_>) -> Env {
        let mut env = Env::new();
        let Some(params) = decl.child_by_field_name("parameters") else {
            return env;
        };
        let is_main = decl.child_by_field_name("name").is_some_and(|n| self.t(n) == "main");
        for (i, p) in named_children(params)
            .filter(|p| matches!(p.kind(), "formal_parameter" | "spread_parameter"))
            .enumerate()
        {
            let name = p
                .child_by_field_name("name")
                .or_else(|| {
                    named_children(p)
                        .find(|c| c.kind() == "variable_declarator")
                        .and_then(|d| d.child_by_field_name("name"))
                })
                .map(|n| self.t(n).to_string())
                .unwrap_or_default();
            let ty = p.child_by_field_name("type").map(|t| Arc::from(self.t(t)));
            let annotated = named_children(p)
                .filter(|c| c.kind() == "modifiers")
                .flat_map(named_children)
                .filter(|a| matches!(a.kind(), "annotation" | "marker_annotation"))
                .filter_map(|a| a.child_by_field_name("name"))
                .find_map(|n| {
                    let an = simple_type(self.t(n));
                    self.m.sources.iter().find(|s| s.annotations.contains(an))
                });
            let main_src = if is_main {
                self.m.sources.iter().find(|s| s.main_args)
            } else {
                None
            };
            let flow = match annotated.or(main_src) {
                Some(src) => Flow {
                    origin: Origin::Source,
                    san: 0,
                    marks: 0,
                    path: push_step(&None, self.step_at(p, format!("{}: parameter `{name}`", src.label))),
                },
                None => Flow {
                    origin: Origin::Param(i.min(255) as u8),
                    san: 0,
                    marks: 0,
                    path: None,
                },
            };
            env.insert(
                name,
                Val {
                    flows: vec![flow],
                    ty,
                    ..Val::default()
                },
            );
        }
        env
    }

    fn method(&mut self, decl: Node<'t>) {
        let env = self.params(decl);
        if let Some(body) = decl.child_by_field_name("body") {
            self.exec(body, Some(env));
        }
    }

    /// The summary of a method of this file, computed once.
    fn summary_of(&mut self, decl: Node<'t>) -> Arc<Summary> {
        if let Some(s) = self.memo.borrow().get(&decl.id()) {
            return s.clone().unwrap_or_default();
        }
        self.memo.borrow_mut().insert(decl.id(), None);
        let mut a = Ana::new(self.m, self.project, self.fx, self.memo, false, self.deadline);
        a.method(decl);
        let mut ret = a.ret.unwrap_or_default();
        ret.ty = decl.child_by_field_name("type").map(|t| Arc::from(self.t(t)));
        let s = Arc::new(Summary { ret, sinks: a.psinks });
        self.timed_out |= a.timed_out;
        self.memo.borrow_mut().insert(decl.id(), Some(s.clone()));
        s
    }

    /// Applies a summary at a call: its result in terms of the arguments, and hits for
    /// tainted arguments reaching a sink inside.
    fn apply(&mut self, s: &Summary, call: Node<'_>, callee: &str, args: &[Val]) -> Val {
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
    fn reach(&mut self, sink: usize, at: Node<'_>, origin: Origin, san: u64, path: Option<Arc<PathNode>>) {
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

    fn exec_all(&mut self, nodes: impl Iterator<Item = Node<'t>>, mut env: Option<Env>) -> Option<Env> {
        for s in nodes {
            if env.is_none() {
                break;
            }
            env = self.exec(s, env);
        }
        env
    }

    fn join_env(a: Option<Env>, b: Option<Env>) -> Option<Env> {
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

    fn exec(&mut self, n: Node<'t>, env: Option<Env>) -> Option<Env> {
        let mut env = env?;
        if self.out_of_time() {
            return None;
        }
        match n.kind() {
            "block" | "constructor_body" | "program" => self.exec_all(named_children(n), Some(env)),
            "local_variable_declaration" => {
                let ty = n.child_by_field_name("type").map(|t| Arc::from(self.t(t)));
                let mut cur = n.walk();
                for d in n.children_by_field_name("declarator", &mut cur) {
                    let Some(name) = d.child_by_field_name("name") else {
                        continue;
                    };
                    let name = self.t(name).to_string();
                    let v = match d.child_by_field_name("value") {
                        Some(v) => {
                            let val = self.eval(v, &mut env).typed(ty.clone());
                            let note = format!("assigned to `{name}`");
                            val.step(|| self.step_at(d, note.clone()))
                        }
                        None => Val::default().typed(ty.clone()),
                    };
                    env.insert(name, v);
                }
                Some(env)
            }
            "expression_statement" => {
                if let Some(e) = n.named_child(0) {
                    self.eval(e, &mut env);
                }
                Some(env)
            }
            "if_statement" => {
                let cond = n.child_by_field_name("condition")?;
                let c = self.eval(cond, &mut env);
                let (then_b, else_b) = (
                    n.child_by_field_name("consequence"),
                    n.child_by_field_name("alternative"),
                );
                match c.k {
                    Some(Const::Bool(true)) => then_b.map_or(Some(env.clone()), |b| self.exec(b, Some(env))),
                    Some(Const::Bool(false)) => else_b.map_or(Some(env.clone()), |b| self.exec(b, Some(env))),
                    _ => {
                        let mut t_env = env.clone();
                        let mut e_env = env;
                        self.guard(cond, true, &mut t_env);
                        self.guard(cond, false, &mut e_env);
                        let t = match then_b {
                            Some(b) => self.exec(b, Some(t_env)),
                            None => Some(t_env),
                        };
                        let e = match else_b {
                            Some(b) => self.exec(b, Some(e_env)),
                            None => Some(e_env),
                        };
                        Self::join_env(t, e)
                    }
                }
            }
            "while_statement" | "do_statement" | "for_statement" | "enhanced_for_statement" => self.exec_loop(n, env),
            "switch_expression" | "switch_statement" => {
                let (out, _) = self.switch(n, env);
                out
            }
            "try_statement" | "try_with_resources_statement" => {
                if let Some(res) = n.child_by_field_name("resources") {
                    for r in named_children(res).filter(|r| r.kind() == "resource") {
                        if let (Some(name), Some(v)) = (r.child_by_field_name("name"), r.child_by_field_name("value")) {
                            let ty = r.child_by_field_name("type").map(|t| Arc::from(self.t(t)));
                            let val = self.eval(v, &mut env).typed(ty);
                            env.insert(self.t(name).to_string(), val);
                        } else if let Some(e) = r.named_child(0) {
                            self.eval(e, &mut env);
                        }
                    }
                }
                let start = env.clone();
                let body = n.child_by_field_name("body").and_then(|b| self.exec(b, Some(env)));
                let mut out = body.clone();
                let catch_entry = Self::join_env(Some(start), body);
                let mut cur = n.walk();
                let mut fin = None;
                for c in n.named_children(&mut cur) {
                    match c.kind() {
                        "catch_clause" => {
                            let mut ce = catch_entry.clone();
                            if let Some(e) = ce.as_mut()
                                && let Some(p) = named_children(c).find(|x| x.kind() == "catch_formal_parameter")
                                && let Some(name) = p.child_by_field_name("name")
                            {
                                e.insert(self.t(name).to_string(), Val::default());
                            }
                            let ended = c.child_by_field_name("body").and_then(|b| self.exec(b, ce));
                            out = Self::join_env(out, ended);
                        }
                        "finally_clause" => fin = Some(c),
                        _ => {}
                    }
                }
                match fin {
                    Some(f) => {
                        // The finally block runs on every path; when all paths ended, it
                        // still runs (on the entry environment) for its own sinks.
                        let live = out.is_some();
                        let entry = out.or(catch_entry);
                        let after = self.exec_all(named_children(f), entry);
                        if live { after } else { None }
                    }
                    None => out,
                }
            }
            "return_statement" => {
                let v = match n.named_child(0) {
                    Some(e) => {
                        let v = self.eval(e, &mut env);
                        v.step(|| self.step_at(n, "returned".into()))
                    }
                    None => Val::default(),
                };
                self.ret = Some(match self.ret.take() {
                    Some(old) => Val::join(&old, &v),
                    None => v,
                });
                None
            }
            "throw_statement" => {
                if let Some(e) = n.named_child(0) {
                    self.eval(e, &mut env);
                }
                None
            }
            "break_statement" | "continue_statement" => {
                if let Some(b) = self.breaks.last_mut() {
                    b.push(env);
                }
                None
            }
            "labeled_statement" | "synchronized_statement" => {
                let mut last = Some(env);
                for c in named_children(n) {
                    if matches!(c.kind(), "block" | "parenthesized_expression") || c.kind().ends_with("statement") {
                        if c.kind() == "parenthesized_expression" {
                            if let Some(e) = last.as_mut() {
                                self.eval(c, e);
                            }
                        } else {
                            last = self.exec(c, last);
                        }
                    }
                }
                last
            }
            "yield_statement" => {
                if let Some(e) = n.named_child(0) {
                    let v = self.eval(e, &mut env);
                    env.insert("\0yield".into(), v);
                }
                if let Some(b) = self.breaks.last_mut() {
                    b.push(env);
                }
                None
            }
            "assert_statement" | "explicit_constructor_invocation" => {
                for c in named_children(n) {
                    self.eval(c, &mut env);
                }
                Some(env)
            }
            // Local classes, records and the like: their methods are analysed on their own.
            _ => Some(env),
        }
    }

    fn exec_loop(&mut self, n: Node<'t>, mut env: Env) -> Option<Env> {
        let body = n.child_by_field_name("body");
        if n.kind() == "for_statement" {
            let mut cur = n.walk();
            for i in n.children_by_field_name("init", &mut cur).collect::<Vec<_>>() {
                if i.kind() == "local_variable_declaration" {
                    env = self.exec(i, Some(env))?;
                } else {
                    self.eval(i, &mut env);
                }
            }
        }
        let cond = n.child_by_field_name("condition");
        if n.kind() != "do_statement"
            && let Some(c) = cond
            && self.eval(c, &mut env).k == Some(Const::Bool(false))
        {
            return Some(env);
        }
        let elem = if n.kind() == "enhanced_for_statement" {
            let v = n
                .child_by_field_name("value")
                .map(|v| self.eval(v, &mut env))
                .unwrap_or_default();
            let mut e = Val::flows_of([&v]);
            if let Some(Shape::List(items)) = v.shape.as_deref() {
                e = items.iter().fold(Val::default(), |acc, x| Val::join(&acc, x));
                e.absorb(&v);
            }
            e.ty = n.child_by_field_name("type").map(|t| Arc::from(self.t(t)));
            n.child_by_field_name("name").map(|name| (self.t(name).to_string(), e))
        } else {
            None
        };
        let entry = env.clone();
        let mut state = Some(env);
        self.breaks.push(Vec::new());
        for _ in 0..2 {
            let Some(mut e) = state.clone() else { break };
            if let Some((name, v)) = &elem {
                e.insert(name.clone(), v.clone());
            }
            let mut after = match body {
                Some(b) => self.exec(b, Some(e)),
                None => Some(e),
            };
            if let Some(a) = after.as_mut() {
                let mut cur = n.walk();
                for u in n.children_by_field_name("update", &mut cur).collect::<Vec<_>>() {
                    self.eval(u, a);
                }
                if let Some(c) = cond {
                    self.eval(c, a);
                }
            }
            let continued: Vec<Env> = self.breaks.last_mut().map(std::mem::take).unwrap_or_default();
            for c in continued {
                after = Self::join_env(after, Some(c.clone()));
                // `break` leaves the loop; `continue` comes back: both are kept as exits.
                self.breaks.last_mut().expect("pushed above").push(c);
            }
            state = Self::join_env(state, after);
        }
        let exits = self.breaks.pop().unwrap_or_default();
        let mut out = Self::join_env(Some(entry), state);
        for e in exits {
            out = Self::join_env(out, Some(e));
        }
        out
    }

    /// Runs a switch; returns the environment after it and, for a switch expression, the
    /// value of the arm taken.
    fn switch(&mut self, n: Node<'t>, mut env: Env) -> (Option<Env>, Val) {
        let sel = n
            .child_by_field_name("condition")
            .map(|c| self.eval(c, &mut env))
            .unwrap_or_default();
        let Some(body) = n.child_by_field_name("body") else {
            return (Some(env), Val::default());
        };
        let groups: Vec<Node<'t>> = named_children(body).collect();
        // Which groups can be entered: the one whose label equals a constant selector, or
        // all of them.
        let labels_of =
            |g: Node<'t>| -> Vec<Node<'t>> { named_children(g).filter(|c| c.kind() == "switch_label").collect() };
        let mut entries: Vec<usize> = Vec::new();
        let mut has_default = false;
        let mut matched = None;
        for (i, g) in groups.iter().enumerate() {
            for l in labels_of(*g) {
                let vals: Vec<Node<'t>> = named_children(l).collect();
                if vals.is_empty() || self.t(l).trim_start().starts_with("default") {
                    has_default = true;
                    continue;
                }
                if let Some(k) = &sel.k {
                    for v in vals {
                        let lit = literal(self.fx.src, v)
                            .or_else(|| self.fx.constants.get(self.t(v)).and_then(|c| c.k.clone()));
                        if lit.as_ref().is_some_and(|l| const_eq(k, l)) && matched.is_none() {
                            matched = Some(i);
                        }
                    }
                }
            }
        }
        if sel.k.is_some() {
            match matched {
                Some(i) => entries.push(i),
                None => {
                    if let Some(i) = groups.iter().position(|g| {
                        labels_of(*g).iter().any(|l| {
                            named_children(*l).next().is_none() || self.t(*l).trim_start().starts_with("default")
                        })
                    }) {
                        entries.push(i);
                    }
                }
            }
        } else {
            entries = (0..groups.len()).collect();
        }
        let decided = sel.k.is_some();
        self.breaks.push(Vec::new());
        let mut out: Option<Env> = if (!has_default && !decided) || (decided && entries.is_empty()) {
            Some(env.clone())
        } else {
            None
        };
        let mut value = Val::default();
        for &start in &entries {
            let mut cur = Some(env.clone());
            for g in &groups[start..] {
                let stmts: Vec<Node<'t>> = named_children(*g).filter(|c| c.kind() != "switch_label").collect();
                if g.kind() == "switch_rule" {
                    for s in stmts {
                        if s.kind().ends_with("statement") || s.kind() == "block" {
                            cur = self.exec(s, cur);
                        } else if let Some(e) = cur.as_mut() {
                            let v = self.eval(s, e);
                            value = Val::join(&value, &v);
                        }
                    }
                    out = Self::join_env(out, cur);
                    cur = None;
                    break;
                }
                cur = self.exec_all(stmts.into_iter(), cur);
                if cur.is_none() {
                    break;
                }
            }
            out = Self::join_env(out, cur);
        }
        for mut e in self.breaks.pop().unwrap_or_default() {
            if let Some(v) = e.remove("\0yield") {
                value = Val::join(&value, &v);
            }
            out = Self::join_env(out, Some(e));
        }
        (out, value)
    }

    /// Applies the guards of a condition to the branch where it is `truth`.
    fn guard(&mut self, cond: Node<'t>, truth: bool, env: &mut Env) {
        let c = match cond.kind() {
            "parenthesized_expression" => match cond.named_child(0) {
                Some(x) => return self.guard(x, truth, env),
                None => return,
            },
            _ => cond,
        };
        match c.kind() {
            "unary_expression" if c.child_by_field_name("operator").is_some_and(|o| self.t(o) == "!") => {
                if let Some(x) = c.child_by_field_name("operand") {
                    self.guard(x, !truth, env);
                }
            }
            "binary_expression" => {
                let op = c.child_by_field_name("operator").map(|o| self.t(o)).unwrap_or("");
                let both = (op == "&&" && truth) || (op == "||" && !truth);
                if both {
                    for side in ["left", "right"] {
                        if let Some(x) = c.child_by_field_name(side) {
                            self.guard(x, truth, env);
                        }
                    }
                }
            }
            "method_invocation" if truth => {
                let Some(name) = c.child_by_field_name("name") else {
                    return;
                };
                let name = self.t(name);
                let obj = c.child_by_field_name("object");
                let recv_ty = obj.and_then(|o| self.static_type(o, env));
                let args: Vec<Node<'t>> = c
                    .child_by_field_name("arguments")
                    .map(|a| named_children(a).collect())
                    .unwrap_or_default();
                for g in &self.m.guards {
                    if !g.pat.call(name, recv_ty.as_deref()) {
                        continue;
                    }
                    let targets: Vec<Node<'t>> = if g.args.is_empty() {
                        obj.into_iter().collect()
                    } else {
                        g.args.iter().filter_map(|&i| args.get(i).copied()).collect()
                    };
                    for t in targets {
                        let key = self.place(t);
                        if let Some(key) = key
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
            _ => {}
        }
    }

    // ---------------------------------------------------------------- expressions

    /// The variable a node names, as the environment keys it.
    fn place(&self, n: Node<'_>) -> Option<String> {
        match n.kind() {
            "identifier" => Some(self.t(n).to_string()),
            "field_access" => {
                let obj = n.child_by_field_name("object")?;
                let f = n.child_by_field_name("field")?;
                match obj.kind() {
                    "this" => Some(format!("this.{}", self.t(f))),
                    "identifier" => Some(format!("{}.{}", self.t(obj), self.t(f))),
                    _ => None,
                }
            }
            "parenthesized_expression" => self.place(n.named_child(0)?),
            _ => None,
        }
    }

    /// The static type of a receiver, when it can be told without evaluating it: a local's
    /// declared type, a class name, a known static field or method result.
    fn static_type(&self, n: Node<'_>, env: &Env) -> Option<Arc<str>> {
        match n.kind() {
            "identifier" => {
                let t = self.t(n);
                if let Some(v) = env.get(t) {
                    return v.ty.clone();
                }
                t.starts_with(char::is_uppercase).then(|| Arc::from(t))
            }
            "field_access" => {
                let t = self.t(n);
                if let Some(r) = self.m.returns.get(t) {
                    return Some(Arc::from(r.as_str()));
                }
                let last = n.child_by_field_name("field").map(|f| self.t(f)).unwrap_or("");
                if let Some(v) = self.place(n).and_then(|p| env.get(&p)) {
                    return v.ty.clone();
                }
                last.starts_with(char::is_uppercase)
                    .then(|| {
                        t.split('.')
                            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'))
                    })
                    .filter(|x| *x)
                    .map(|_| Arc::from(last))
            }
            "method_invocation" => {
                let name = self.t(n.child_by_field_name("name")?);
                self.m.returns.get(name).map(|r| Arc::from(r.as_str()))
            }
            "object_creation_expression" => n.child_by_field_name("type").map(|t| Arc::from(simple_type(self.t(t)))),
            "parenthesized_expression" | "cast_expression" => {
                if let Some(t) = n.child_by_field_name("type") {
                    return Some(Arc::from(self.t(t)));
                }
                self.static_type(n.named_child(0)?, env)
            }
            "this" => None,
            _ => None,
        }
    }

    fn eval(&mut self, n: Node<'t>, env: &mut Env) -> Val {
        if self.out_of_time() {
            return Val::default();
        }
        if let Some(k) = literal(self.fx.src, n) {
            return Val::konst(k);
        }
        match n.kind() {
            "text_block" => Val::str(&unescape(string_body(self.fx.src, n))),
            "identifier" => {
                let t = self.t(n);
                if let Some(v) = env.get(t) {
                    return v.clone();
                }
                if let Some(v) = self.fx.constants.get(t) {
                    return v.clone();
                }
                Val::default()
            }
            "field_access" => {
                if let Some(v) = self.place(n).and_then(|p| env.get(&p).cloned()) {
                    return v;
                }
                let field = n.child_by_field_name("field").map(|f| self.t(f)).unwrap_or("");
                if let Some(src) = self.attribute_source(n) {
                    return src;
                }
                if let Some(v) = self.fx.constants.get(field)
                    && n.child_by_field_name("object")
                        .is_some_and(|o| matches!(o.kind(), "this" | "identifier"))
                {
                    return v.clone();
                }
                if field == "length"
                    && let Some(o) = n.child_by_field_name("object")
                {
                    let v = self.eval(o, env);
                    if let Some(Shape::List(items)) = v.shape.as_deref() {
                        return Val::konst(Const::Int(items.len() as i64));
                    }
                    return Val::default();
                }
                let obj = n
                    .child_by_field_name("object")
                    .map(|o| self.eval(o, env))
                    .unwrap_or_default();
                Val::flows_of([&obj]).typed(self.static_type(n, env))
            }
            "parenthesized_expression" => match n.named_child(0) {
                Some(x) => self.eval(x, env),
                None => Val::default(),
            },
            "cast_expression" => {
                let v = n
                    .child_by_field_name("value")
                    .map(|v| self.eval(v, env))
                    .unwrap_or_default();
                let ty = n.child_by_field_name("type").map(|t| self.t(t)).unwrap_or("");
                if matches!(
                    simple_type(ty),
                    "int" | "long" | "short" | "byte" | "double" | "float" | "char" | "boolean"
                ) {
                    // A primitive holds no injectable text.
                    return Val { flows: Vec::new(), ..v };
                }
                v
            }
            "assignment_expression" => {
                let (Some(l), Some(r)) = (n.child_by_field_name("left"), n.child_by_field_name("right")) else {
                    return Val::default();
                };
                let op = n.child_by_field_name("operator").map(|o| self.t(o)).unwrap_or("=");
                let rv = self.eval(r, env);
                let new = if op == "=" {
                    rv
                } else {
                    let old = self.eval(l, env);
                    let k = match (&old.k, &rv.k) {
                        (Some(a), Some(b)) => fold_binary(op.trim_end_matches('='), a, b),
                        _ => None,
                    };
                    let mut v = Val::flows_of([&old, &rv]);
                    v.k = k;
                    v.ty = old.ty;
                    v
                };
                if l.kind() == "array_access" {
                    self.store_element(l, &new, env);
                    return new;
                }
                if let Some(key) = self.place(l) {
                    let ty = env.get(&key).and_then(|v| v.ty.clone());
                    let note = format!("assigned to `{}`", self.short(l));
                    let v = new.clone().typed(ty).step(|| self.step_at(n, note.clone()));
                    env.insert(key, v);
                }
                new
            }
            "update_expression" => {
                let operand = named_children(n).next();
                if let Some(o) = operand
                    && let Some(key) = self.place(o)
                    && let Some(v) = env.get_mut(&key)
                {
                    let delta = if self.t(n).contains("++") { 1 } else { -1 };
                    v.k = v.k.as_ref().and_then(as_int).map(|i| Const::Int(i + delta));
                    return v.clone();
                }
                Val::default()
            }
            "binary_expression" => {
                let op = n.child_by_field_name("operator").map(|o| self.t(o)).unwrap_or("");
                let l = n
                    .child_by_field_name("left")
                    .map(|x| self.eval(x, env))
                    .unwrap_or_default();
                // Short-circuit: the right side of a decided `&&`/`||` never runs.
                if (op == "&&" && l.k == Some(Const::Bool(false))) || (op == "||" && l.k == Some(Const::Bool(true))) {
                    return l;
                }
                let r = n
                    .child_by_field_name("right")
                    .map(|x| self.eval(x, env))
                    .unwrap_or_default();
                let k = match (&l.k, &r.k) {
                    (Some(a), Some(b)) => fold_binary(op, a, b),
                    _ => None,
                };
                if op == "+" {
                    let mut v = Val::flows_of([&l, &r]);
                    v.k = k;
                    return v;
                }
                // Comparisons and arithmetic give numbers and booleans: nothing to inject.
                Val { k, ..Val::default() }
            }
            "unary_expression" => {
                let op = n.child_by_field_name("operator").map(|o| self.t(o)).unwrap_or("");
                let v = n
                    .child_by_field_name("operand")
                    .map(|x| self.eval(x, env))
                    .unwrap_or_default();
                let k = match (op, &v.k) {
                    ("!", Some(Const::Bool(b))) => Some(Const::Bool(!b)),
                    ("-", Some(c)) => as_int(c).map(|i| Const::Int(-i)),
                    ("+", Some(c)) => as_int(c).map(Const::Int),
                    ("~", Some(c)) => as_int(c).map(|i| Const::Int(!i)),
                    _ => None,
                };
                Val { k, ..Val::default() }
            }
            "ternary_expression" => {
                let c = n
                    .child_by_field_name("condition")
                    .map(|x| self.eval(x, env))
                    .unwrap_or_default();
                let (a, b) = (
                    n.child_by_field_name("consequence"),
                    n.child_by_field_name("alternative"),
                );
                match c.k {
                    Some(Const::Bool(true)) => a.map(|x| self.eval(x, env)).unwrap_or_default(),
                    Some(Const::Bool(false)) => b.map(|x| self.eval(x, env)).unwrap_or_default(),
                    _ => {
                        let va = a.map(|x| self.eval(x, env)).unwrap_or_default();
                        let vb = b.map(|x| self.eval(x, env)).unwrap_or_default();
                        Val::join(&va, &vb)
                    }
                }
            }
            "instanceof_expression" => {
                if let Some(l) = n.child_by_field_name("left") {
                    self.eval(l, env);
                }
                Val::default()
            }
            "array_initializer" => {
                let items: Vec<Val> = named_children(n).map(|x| self.eval(x, env)).collect();
                let mut v = Val::flows_of(items.iter());
                v.shape = Some(Arc::new(Shape::List(items)));
                v
            }
            "array_creation_expression" => {
                if let Some(init) = n.child_by_field_name("value") {
                    return self.eval(init, env);
                }
                let dims: Vec<Node<'t>> = named_children(n).filter(|c| c.kind() == "dimensions_expr").collect();
                if dims.len() == 1
                    && let Some(e) = dims[0].named_child(0)
                    && let Some(Const::Int(len)) = self.eval(e, env).k
                    && (0..=64).contains(&len)
                {
                    return Val {
                        shape: Some(Arc::new(Shape::List(vec![Val::default(); len as usize]))),
                        ..Val::default()
                    };
                }
                Val::default()
            }
            "array_access" => {
                let arr = n
                    .child_by_field_name("array")
                    .map(|x| self.eval(x, env))
                    .unwrap_or_default();
                let idx = n
                    .child_by_field_name("index")
                    .map(|x| self.eval(x, env))
                    .unwrap_or_default();
                if let (Some(Shape::List(items)), Some(i)) = (arr.shape.as_deref(), idx.k.as_ref().and_then(as_int))
                    && let Some(item) = usize::try_from(i).ok().and_then(|i| items.get(i))
                {
                    return item.clone();
                }
                Val::flows_of([&arr])
            }
            "method_invocation" => self.call(n, env),
            "object_creation_expression" => self.construct(n, env),
            "switch_expression" => {
                let (after, v) = self.switch(n, env.clone());
                if let Some(a) = after {
                    *env = a;
                }
                v
            }
            "lambda_expression" | "method_reference" | "class_literal" | "this" | "super" => Val::default(),
            _ => {
                // Anything else: the flows of its parts.
                let parts: Vec<Val> = named_children(n).map(|c| self.eval(c, env)).collect();
                Val::flows_of(parts.iter())
            }
        }
    }

    /// A field read that is a source (`System.in`).
    fn attribute_source(&self, n: Node<'_>) -> Option<Val> {
        let t = self.t(n);
        let s = self.m.sources.iter().find(|s| s.attributes.iter().any(|a| a == t))?;
        Some(Val {
            flows: vec![Flow {
                origin: Origin::Source,
                san: 0,
                marks: 0,
                path: push_step(&None, self.step_at(n, format!("{}: `{}`", s.label, self.short(n)))),
            }],
            ..Val::default()
        })
    }

    fn store_element(&mut self, access: Node<'t>, v: &Val, env: &mut Env) {
        let Some(arr) = access.child_by_field_name("array") else {
            return;
        };
        let idx = access
            .child_by_field_name("index")
            .map(|x| self.eval(x, env))
            .unwrap_or_default();
        let Some(key) = self.place(arr) else { return };
        let Some(cur) = env.get_mut(&key) else { return };
        cur.absorb(v);
        let i = idx.k.as_ref().and_then(as_int).and_then(|i| usize::try_from(i).ok());
        match (cur.shape.as_deref(), i) {
            (Some(Shape::List(items)), Some(i)) if i < items.len() => {
                let mut items = items.clone();
                items[i] = v.clone();
                cur.shape = Some(Arc::new(Shape::List(items)));
            }
            _ => cur.shape = None,
        }
    }

    fn args(&mut self, n: Node<'t>, env: &mut Env) -> (Vec<Node<'t>>, Vec<Val>) {
        let nodes: Vec<Node<'t>> = n
            .child_by_field_name("arguments")
            .map(|a| named_children(a).collect())
            .unwrap_or_default();
        let vals = nodes.iter().map(|a| self.eval(*a, env)).collect();
        (nodes, vals)
    }

    /// Checks sinks of a call or constructor.
    fn sinks(&mut self, n: Node<'t>, matches: impl Fn(&CallPat) -> bool, arg_nodes: &[Node<'t>], args: &[Val]) {
        let what = self.short(n);
        let m = self.m;
        for (si, s) in m.sinks.iter().enumerate() {
            if !matches(&s.pat) {
                continue;
            }
            for (i, a) in args.iter().enumerate() {
                if !s.watches(i) {
                    continue;
                }
                if let Some(re) = &s.value {
                    // A constant chosen elsewhere (a variable, a branch, a properties file);
                    // literal arguments are the query rules' business.
                    let literal_arg = arg_nodes.get(i).is_some_and(|x| x.kind() == "string_literal");
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
                let bit = 1u64 << s.slot;
                for f in &a.flows {
                    if f.san & bit != 0 {
                        continue;
                    }
                    let path = push_step(&f.path, self.step_at(n, format!("reaches `{what}`")));
                    self.reach(si, n, f.origin, f.san, path);
                }
            }
        }
    }

    fn construct(&mut self, n: Node<'t>, env: &mut Env) -> Val {
        let ty_node = n.child_by_field_name("type");
        let ty = ty_node.map(|t| self.t(t)).unwrap_or("");
        let simple = simple_type(ty);
        let (arg_nodes, args) = self.args(n, env);
        self.sinks(n, |p| p.ctor(simple), &arg_nodes, &args);
        let tyv: Option<Arc<str>> = Some(Arc::from(simple));
        if let Some(s) = self.m.sanitizers.iter().find(|s| s.pat.ctor(simple)) {
            return Val::flows_of(args.iter()).sanitized(s.mask, 0).typed(tyv);
        }
        if let Some(src) = self.m.sources.iter().find(|s| s.pat.ctor(simple)) {
            return self.source_val(n, src.label.clone()).typed(tyv);
        }
        match simple {
            "ArrayList" | "LinkedList" | "Vector" | "ArrayDeque" | "Stack" => {
                let mut v = Val::flows_of(args.iter());
                v.shape = args.is_empty().then(|| Arc::new(Shape::List(Vec::new())));
                if let Some(Some(Shape::List(items))) = args.first().map(|a| a.shape.as_deref()) {
                    v.shape = Some(Arc::new(Shape::List(items.clone())));
                }
                return v.typed(tyv);
            }
            "HashMap" | "LinkedHashMap" | "TreeMap" | "Hashtable" | "ConcurrentHashMap" => {
                let mut v = Val::flows_of(args.iter());
                v.shape = args.is_empty().then(|| Arc::new(Shape::Map(Vec::new())));
                return v.typed(tyv);
            }
            "String" | "StringBuilder" | "StringBuffer" => {
                let mut v = Val::flows_of(args.iter());
                v.k = match args.first() {
                    None => Some(Const::Str(Arc::from(""))),
                    Some(a) if args.len() == 1 => match &a.k {
                        Some(Const::Str(s)) => Some(Const::Str(s.clone())),
                        Some(Const::Int(_)) if simple != "String" => Some(Const::Str(Arc::from(""))),
                        _ => None,
                    },
                    _ => None,
                };
                return v.typed(tyv);
            }
            _ => {}
        }
        // A class of this file or of the tree: its constructor's summary says what it keeps.
        Val::flows_of(args.iter()).typed(tyv)
    }

    fn source_val(&self, n: Node<'_>, label: Arc<str>) -> Val {
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

    fn call(&mut self, n: Node<'t>, env: &mut Env) -> Val {
        let name = n.child_by_field_name("name").map(|x| self.t(x)).unwrap_or("");
        let obj = n.child_by_field_name("object");
        let recv_ty = obj.and_then(|o| self.static_type(o, env));
        let recv = obj.map(|o| self.eval(o, env)).unwrap_or_default();
        let recv_ty = recv_ty.or(recv.ty.clone());
        let (arg_nodes, args) = self.args(n, env);
        let rt = recv_ty.as_deref();
        self.sinks(n, |p| p.call(name, rt), &arg_nodes, &args);
        let ret_ty = self.m.returns.get(name).map(|r| Arc::from(r.as_str()));

        // Sources.
        if let Some(src) = self.m.sources.iter().find(|s| s.pat.call(name, rt)) {
            return self.source_val(n, src.label.clone()).typed(ret_ty);
        }
        // Sanitizers.
        if let Some(s) = self.m.sanitizers.iter().find(|s| s.pat.call(name, rt)) {
            let mask = s.mask;
            if mask == self.m.all() {
                return Val::default().typed(ret_ty);
            }
            return Val::flows_of(std::iter::once(&recv).chain(args.iter()))
                .sanitized(mask, 0)
                .typed(ret_ty);
        }
        // Properties read from the tree's properties files.
        if name == "getProperty"
            && rt.is_none_or(|t| simple_type(t) == "Properties")
            && obj.is_none_or(|o| self.t(o) != "System")
            && let Some(Const::Str(key)) = args.first().and_then(|a| a.k.clone())
        {
            if let Some(v) = self.project.and_then(|p| p.property(&key)) {
                return Val::str(v);
            }
            if let Some(d) = args.get(1) {
                return d.clone();
            }
        }
        // Containers and builders.
        if let Some(v) = self.container(n, obj, &recv, name, &args, env) {
            return v;
        }
        // Propagators.
        if let Some(p) = self.m.propagators.iter().find(|p| p.pat.call(name, rt)) {
            let mark = p.mark;
            if p.into_receiver {
                let mut v = recv.clone();
                v.absorb(&Val::flows_of(args.iter()));
                v.k = match (name, &recv.k, args.first().and_then(|a| a.k.as_ref())) {
                    ("append", Some(Const::Str(s)), Some(a)) if args.len() == 1 => {
                        Some(Const::Str(Arc::from(format!("{s}{}", a.render()).as_str())))
                    }
                    _ => None,
                };
                if let Some(key) = obj.and_then(|o| self.place(o)) {
                    env.insert(key, v.clone());
                }
                return v;
            }
            let mut v = Val::flows_of(std::iter::once(&recv).chain(args.iter()));
            for f in &mut v.flows {
                f.marks |= mark;
            }
            return v.typed(ret_ty);
        }
        // Constant folding of String methods.
        if let Some(Const::Str(s)) = &recv.k
            && let Some(k) = fold_string_method(s, name, &args)
        {
            let mut v = Val::konst(k.clone());
            if matches!(k, Const::Str(_)) {
                v.absorb(&recv);
            }
            return v;
        }
        if matches!(name, "valueOf" | "toString")
            && rt.is_some_and(|t| simple_type(t) == "String")
            && let Some(a) = args.first()
            && let Some(k) = &a.k
        {
            return Val::str(&k.render());
        }
        // Methods of this file, or of a class of the tree.
        let same_file = match obj {
            None => true,
            Some(o) => o.kind() == "this" || rt.is_some_and(|t| self.fx.classes.contains(simple_type(t))),
        };
        if same_file
            && let Some(decls) = self.fx.methods.get(&(name.to_string(), args.len()))
            && decls.len() == 1
        {
            let s = self.summary_of(decls[0]);
            return self.apply(&s, n, name, &args);
        }
        if !same_file
            && self.fx.other.is_none()
            && let (Some(p), Some(t)) = (self.project, rt)
            && let Some(cls) = p.class(simple_type(t), self.m)
            && let Some(s) = cls.methods.get(&(name.to_string(), args.len()))
        {
            let s = s.clone();
            return self.apply(&s, n, name, &args);
        }
        // Anything else carries what went in.
        let mut v = Val::flows_of(std::iter::once(&recv).chain(args.iter()));
        if name == "toString" {
            v.k = recv.k.clone();
        }
        v.typed(ret_ty)
    }

    /// Lists, maps and arrays with constant indexes and keys.
    fn container(
        &mut self,
        _n: Node<'t>,
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
    fn forget(&mut self, key: Option<String>, recv: &Val, args: &[Val], env: &mut Env) -> Option<Val> {
        let mut v = Val::flows_of(std::iter::once(recv).chain(args.iter()));
        v.ty = recv.ty.clone();
        if let Some(k) = key {
            env.insert(k, v.clone());
        }
        Some(Val::flows_of([&v]))
    }
}
