//! The taint interpreter for Python: statements and expressions of the tree-sitter-python tree.

use super::interp::*;
use super::*;
use tree_sitter::Node;

/// Functions and methods of a Python file, its module-level constants, classes and imports.
pub(super) fn file_ctx<'t>(root: Node<'t>, src: &'t [u8], other: Option<Arc<str>>) -> FileCtx<'t> {
    let mut fx = FileCtx {
        lang: Lang::Python,
        src,
        methods: HashMap::new(),
        order: Vec::new(),
        constants: HashMap::new(),
        fields: HashMap::new(),
        classes: HashSet::new(),
        other,
        lines: None,
    };
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "function_definition" => {
                if let Some(name) = fp(n, "name") {
                    fx.methods
                        .entry((text(src, name).to_string(), usize::MAX))
                        .or_default()
                        .push(n);
                    fx.order.push(n);
                }
            }
            "class_definition" => {
                if let Some(name) = fp(n, "name") {
                    fx.classes.insert(text(src, name).to_string());
                }
            }
            "import_statement" | "import_from_statement" => imports(src, n, &mut fx.constants),
            "expression_statement" if n.parent().is_some_and(|p| p.kind() == "module") => {
                // Module-level `NAME = "literal"`.
                if let Some(a) = n.named_child(0).filter(|a| a.kind() == "assignment")
                    && let (Some(l), Some(r)) = (fp(a, "left"), fp(a, "right"))
                    && l.kind() == "identifier"
                    && let Some(k) = literal(src, r)
                {
                    fx.constants.insert(text(src, l).to_string(), Val::konst(k));
                }
            }
            _ => {}
        }
        for c in named_children(n) {
            stack.push(c);
        }
    }
    fx
}

/// Imports are recorded among the constants, under `\0import:NAME`, as the dotted path the
/// name stands for (`import subprocess as sp` -> `sp` = `subprocess`; `from os import system`
/// -> `system` = `os.system`).
fn imports(src: &[u8], n: Node<'_>, out: &mut HashMap<String, Val>) {
    let module = fp(n, "module_name").map(|m| text(src, m).to_string());
    let mut cur = n.walk();
    for name in n.children_by_field_name("name", &mut cur) {
        let (path, alias) = match name.kind() {
            "aliased_import" => (
                fp(name, "name").map(|x| text(src, x)).unwrap_or(""),
                fp(name, "alias").map(|x| text(src, x)).unwrap_or(""),
            ),
            _ => {
                let t = text(src, name);
                (t, t.split('.').next().unwrap_or(t))
            }
        };
        let full = match &module {
            Some(m) => format!("{m}.{path}"),
            None if name.kind() == "aliased_import" => path.to_string(),
            None => alias.to_string(),
        };
        if !alias.is_empty() {
            out.insert(format!("\0import:{alias}"), Val::str(&full));
        }
    }
}

/// The constant of a Python literal.
fn literal(src: &[u8], n: Node<'_>) -> Option<Const> {
    let t = text(src, n);
    match n.kind() {
        "string" => {
            if named_children(n).any(|c| c.kind() == "interpolation") {
                return None;
            }
            let raw = named_children(n)
                .find(|c| c.kind() == "string_start")
                .is_some_and(|s| text(src, s).to_ascii_lowercase().contains('r'));
            let body: String = named_children(n)
                .filter(|c| c.kind() == "string_content")
                .map(|c| text(src, c))
                .collect();
            Some(Const::Str(Arc::from(
                if raw { body } else { py_unescape(&body) }.as_str(),
            )))
        }
        "concatenated_string" => {
            let mut out = String::new();
            for c in named_children(n) {
                match literal(src, c)? {
                    Const::Str(s) => out.push_str(&s),
                    _ => return None,
                }
            }
            Some(Const::Str(Arc::from(out.as_str())))
        }
        "integer" => {
            let t = t.replace('_', "");
            if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
                i64::from_str_radix(h, 16).ok().map(Const::Int)
            } else {
                t.parse().ok().map(Const::Int)
            }
        }
        "true" => Some(Const::Bool(true)),
        "false" => Some(Const::Bool(false)),
        "none" => Some(Const::Null),
        _ => None,
    }
}

fn py_unescape(s: &str) -> String {
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
            Some('\n') => {}
            Some(o @ ('\\' | '\'' | '"')) => out.push(o),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Python's string methods on constants, in Java's terms where they match.
fn fold_py_string(s: &str, name: &str, args: &[Val]) -> Option<Const> {
    let java = match name {
        "upper" => "toUpperCase",
        "lower" => "toLowerCase",
        "strip" => "trim",
        "startswith" => "startsWith",
        "endswith" => "endsWith",
        "replace" => "replace",
        "find" => "indexOf",
        _ => return None,
    };
    fold_string_method(s, java, args)
}

impl<'a, 't> Ana<'a, 't> {
    /// The parameters of a function: flows of their own, or sources for a web route's.
    fn py_params(&self, decl: Node<'_>) -> Env {
        let mut env = Env::default();
        let Some(params) = fp(decl, "parameters") else {
            return env;
        };
        // A function decorated as a web route (`@app.route`, `@app.get`, `@router.post`):
        // its parameters come from the URL.
        let route = self
            .decorators(decl)
            .into_iter()
            .find_map(|d| self.m.sources.iter().find(|s| s.annotations.contains(d)));
        // A serverless handler (`def lambda_handler(event, context)`): the event is input.
        let handler = fp(decl, "name")
            .filter(|_| named_children(params).count() == 2)
            .and_then(|n| self.m.sources.iter().find(|s| s.handlers.contains(self.t(n))));
        for (i, p) in named_children(params).enumerate() {
            let Some(name_node) = param_name(p) else { continue };
            let name = self.t(name_node).to_string();
            let ty = fp(p, "type").map(|t| Arc::from(self.t(t)));
            let first_self = i == 0 && (name == "self" || name == "cls");
            let source = match (route, handler) {
                (Some(src), _) => Some(src),
                (None, Some(src)) if i == 0 => Some(src),
                _ => None,
            };
            let flow = match source {
                Some(src) if !first_self => Flow {
                    origin: Origin::Source,
                    san: 0,
                    marks: 0,
                    path: push_step(&None, self.step_at(p, format!("{}: parameter `{name}`", src.label))),
                },
                _ => Flow {
                    origin: Origin::Param(i.min(255) as u8),
                    san: 0,
                    marks: 0,
                    path: None,
                },
            };
            env.insert(
                name,
                Val {
                    flows: if first_self { Vec::new() } else { vec![flow] },
                    ty,
                    ..Val::default()
                },
            );
        }
        env
    }

    /// The names of a function's parameters, for keyword arguments.
    pub(super) fn py_param_names(&self, decl: Node<'_>) -> ParamNames {
        let mut out = ParamNames::default();
        let Some(params) = fp(decl, "parameters") else {
            return out;
        };
        for (i, p) in named_children(params).enumerate() {
            let Some(name_node) = param_name(p) else { continue };
            let i = i.min(255) as u8;
            match p.kind() {
                "list_splat_pattern" => out.star = Some(i),
                "dictionary_splat_pattern" => out.star_kw = Some(i),
                _ => out.named.push((self.t(name_node).to_string(), i)),
            }
        }
        out
    }

    /// The decorators of a function, by the last part of their name (`route` for
    /// `@app.route("/")`).
    fn decorators(&self, decl: Node<'_>) -> Vec<&'t str> {
        decl.parent()
            .filter(|p| p.kind() == "decorated_definition")
            .map(|p| {
                named_children(p)
                    .filter(|d| d.kind() == "decorator")
                    .filter_map(|d| {
                        let callee = d.named_child(0).map(|c| match c.kind() {
                            "call" => fp(c, "function").unwrap_or(c),
                            _ => c,
                        })?;
                        self.t(callee).rsplit('.').next()
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    pub(super) fn py_method(&mut self, decl: Node<'t>) {
        let env = self.py_params(decl);
        let decorators = self.decorators(decl);
        self.ret_sinks = (0..self.m.sinks.len())
            .filter(|&i| decorators.iter().any(|d| self.m.sinks[i].annotations.contains(*d)))
            .collect();
        if let Some(body) = fp(decl, "body") {
            self.exec(body, Some(env));
        }
    }

    /// Binds an assignment target to a value.
    fn py_bind(&mut self, target: Node<'t>, v: Val, at: Node<'t>, env: &mut Env) {
        match target.kind() {
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" => {
                let items = match v.shape.as_deref() {
                    Some(Shape::List(items)) => Some(items.clone()),
                    _ => None,
                };
                for (i, t) in named_children(target).enumerate() {
                    let part = items
                        .as_ref()
                        .and_then(|it| it.get(i).cloned())
                        .unwrap_or_else(|| Val::flows_of([&v]));
                    self.py_bind(t, part, at, env);
                }
            }
            "subscript" => {
                let Some(obj) = fp(target, "value") else {
                    return;
                };
                let key = target
                    .child_by_field_name("subscript")
                    .map(|k| self.eval(k, env))
                    .unwrap_or_default();
                self.sink_store(obj, &v, target);
                let Some(place) = self.place(obj) else { return };
                let Some(cur) = env.get_mut(&place) else { return };
                cur.absorb(&v);
                match (cur.shape.as_deref(), &key.k) {
                    (Some(Shape::Map(entries)), Some(k)) => {
                        let mut entries = entries.clone();
                        match entries.iter_mut().find(|(x, _)| x == k) {
                            Some(e) => e.1 = v.clone(),
                            None => entries.push((k.clone(), v.clone())),
                        }
                        cur.shape = Some(Arc::new(Shape::Map(entries)));
                    }
                    (Some(Shape::List(items)), Some(k))
                        if as_int(k).is_some_and(|i| (0..items.len() as i64).contains(&i)) =>
                    {
                        let mut items = items.clone();
                        items[as_int(k).unwrap_or(0) as usize] = v.clone();
                        cur.shape = Some(Arc::new(Shape::List(items)));
                    }
                    _ => cur.shape = None,
                }
            }
            _ => {
                if target.kind() == "attribute"
                    && let Some(obj) = fp(target, "object")
                {
                    self.sink_store(obj, &v, target);
                }
                if let Some(key) = self.place(target) {
                    let v = v.step(|| self.step_at(at, format!("assigned to `{}`", self.short(target))));
                    env.insert(key, v);
                }
            }
        }
    }

    /// A value stored into an object that is a sink (`session[key] = value`).
    fn sink_store(&mut self, obj: Node<'t>, v: &Val, at: Node<'t>) {
        let t = self.t(obj);
        let m = self.m;
        for (si, s) in m.sinks.iter().enumerate() {
            if !s.attributes.iter().any(|a| a == t) {
                continue;
            }
            let bit = 1u64 << s.slot;
            for f in &v.flows {
                if f.san & bit == 0 {
                    let path = push_step(&f.path, self.step_at(at, format!("stored in `{t}`")));
                    self.reach(si, at, f.origin, f.san, path);
                }
            }
        }
    }

    pub(super) fn py_exec(&mut self, n: Node<'t>, env: Option<Env>) -> Option<Env> {
        let mut env = env?;
        if self.out_of_time() {
            return None;
        }
        match n.kind() {
            "block" | "module" => self.exec_all(named_children(n), Some(env)),
            "expression_statement" => {
                for c in named_children(n) {
                    self.py_eval(c, &mut env);
                }
                Some(env)
            }
            "if_statement" => {
                let mut arms: Vec<(Option<Node<'t>>, Option<Node<'t>>)> =
                    vec![(fp(n, "condition"), fp(n, "consequence"))];
                let mut cur = n.walk();
                let mut else_body = None;
                for alt in n.children_by_field_name("alternative", &mut cur) {
                    match alt.kind() {
                        "elif_clause" => arms.push((fp(alt, "condition"), fp(alt, "consequence"))),
                        _ => else_body = fp(alt, "body"),
                    }
                }
                self.py_if(&arms, else_body, env)
            }
            "for_statement" | "while_statement" => self.py_loop(n, env),
            "try_statement" => {
                let start = env.clone();
                let body = fp(n, "body").and_then(|b| self.exec(b, Some(env)));
                let catch_entry = Self::join_env(Some(start), body.clone());
                let mut out = None;
                let mut fin = None;
                let mut else_done = false;
                for c in named_children(n) {
                    match c.kind() {
                        "except_clause" | "except_group_clause" => {
                            let mut ce = catch_entry.clone();
                            if let Some(e) = ce.as_mut() {
                                // `except E as name`
                                for x in named_children(c) {
                                    if x.kind() == "as_pattern"
                                        && let Some(alias) = fp(x, "alias")
                                    {
                                        e.insert(self.t(alias).trim().to_string(), Val::default());
                                    }
                                }
                            }
                            let block = named_children(c).find(|x| x.kind() == "block");
                            let ended = match block {
                                Some(b) => self.exec(b, ce),
                                None => ce,
                            };
                            out = Self::join_env(out, ended);
                        }
                        "else_clause" => {
                            else_done = true;
                            let e = fp(c, "body").and_then(|b| self.exec(b, body.clone()));
                            out = Self::join_env(out, e);
                        }
                        "finally_clause" => fin = Some(c),
                        _ => {}
                    }
                }
                if !else_done {
                    out = Self::join_env(out, body);
                }
                match fin {
                    Some(f) => {
                        let live = out.is_some();
                        let entry = out.or(catch_entry);
                        let block = named_children(f).find(|x| x.kind() == "block");
                        let after = match block {
                            Some(b) => self.exec(b, entry),
                            None => entry,
                        };
                        if live { after } else { None }
                    }
                    None => out,
                }
            }
            "with_statement" => {
                for clause in named_children(n).filter(|c| c.kind() == "with_clause") {
                    for item in named_children(clause).filter(|c| c.kind() == "with_item") {
                        let Some(v) = fp(item, "value") else {
                            continue;
                        };
                        if v.kind() == "as_pattern" {
                            let value = v.named_child(0).map(|x| self.py_eval(x, &mut env)).unwrap_or_default();
                            if let Some(alias) = fp(v, "alias")
                                && let Some(target) = alias.named_child(0).or(Some(alias))
                            {
                                self.py_bind(target, value, item, &mut env);
                            }
                        } else {
                            self.py_eval(v, &mut env);
                        }
                    }
                }
                match fp(n, "body") {
                    Some(b) => self.exec(b, Some(env)),
                    None => Some(env),
                }
            }
            "return_statement" => {
                let v = match n.named_child(0) {
                    Some(e) => {
                        let v = self.py_eval(e, &mut env);
                        v.step(|| self.step_at(n, "returned".into()))
                    }
                    None => Val::default(),
                };
                for si in self.ret_sinks.clone() {
                    let bit = 1u64 << self.m.sinks[si].slot;
                    for f in v.flows.iter().filter(|f| f.san & bit == 0) {
                        self.reach(si, n, f.origin, f.san, f.path.clone());
                    }
                }
                self.ret = Some(match self.ret.take() {
                    Some(old) => Val::join(&old, &v),
                    None => v,
                });
                None
            }
            "raise_statement" => {
                for c in named_children(n) {
                    self.py_eval(c, &mut env);
                }
                None
            }
            "break_statement" | "continue_statement" => {
                if let Some(b) = self.breaks.last_mut() {
                    b.push(env);
                }
                None
            }
            "decorated_definition" | "function_definition" | "class_definition" => Some(env),
            "assert_statement" | "delete_statement" | "print_statement" | "exec_statement" => {
                for c in named_children(n) {
                    self.py_eval(c, &mut env);
                }
                Some(env)
            }
            "match_statement" => {
                if let Some(subject) = fp(n, "subject") {
                    self.py_eval(subject, &mut env);
                }
                let mut out = Some(env.clone());
                if let Some(body) = fp(n, "body") {
                    for case in named_children(body).filter(|c| c.kind() == "case_clause") {
                        let e = case
                            .child_by_field_name("consequence")
                            .and_then(|b| self.exec(b, Some(env.clone())));
                        out = Self::join_env(out, e);
                    }
                }
                out
            }
            _ => Some(env),
        }
    }

    /// `if`/`elif`/`else`: arms whose condition folds to false are skipped; the first that
    /// folds to true ends the chain.
    fn py_if(
        &mut self,
        arms: &[(Option<Node<'t>>, Option<Node<'t>>)],
        else_body: Option<Node<'t>>,
        env: Env,
    ) -> Option<Env> {
        let mut rest = Some(env);
        let mut out: Option<Env> = None;
        for (cond, body) in arms {
            let Some(mut e) = rest.take() else { break };
            let c = cond.map(|c| self.py_eval(c, &mut e)).unwrap_or_default();
            match c.k.as_ref().map(truthy) {
                Some(true) => {
                    let taken = match body {
                        Some(b) => self.exec(*b, Some(e)),
                        None => Some(e),
                    };
                    return Self::join_env(out, taken);
                }
                Some(false) => rest = Some(e),
                None => {
                    let mut t = e.clone();
                    if let Some(c) = cond {
                        self.py_guard(*c, true, &mut t);
                        self.py_guard(*c, false, &mut e);
                    }
                    let taken = match body {
                        Some(b) => self.exec(*b, Some(t)),
                        None => Some(t),
                    };
                    out = Self::join_env(out, taken);
                    rest = Some(e);
                }
            }
        }
        let last = match (rest, else_body) {
            (Some(e), Some(b)) => self.exec(b, Some(e)),
            (e, _) => e,
        };
        Self::join_env(out, last)
    }

    fn py_loop(&mut self, n: Node<'t>, mut env: Env) -> Option<Env> {
        let body = fp(n, "body");
        let cond = fp(n, "condition");
        if let Some(c) = cond
            && self.py_eval(c, &mut env).k.as_ref().map(truthy) == Some(false)
        {
            return Some(env);
        }
        let elem = if n.kind() == "for_statement" {
            let v = n
                .child_by_field_name("right")
                .map(|r| self.py_eval(r, &mut env))
                .unwrap_or_default();
            let mut e = Val::flows_of([&v]);
            if let Some(Shape::List(items)) = v.shape.as_deref() {
                e = items.iter().fold(Val::default(), |acc, x| Val::join(&acc, x));
                e.absorb(&v);
            }
            fp(n, "left").map(|l| (l, e))
        } else {
            None
        };
        let (normal, exits) = self.iterate(env, |a, mut e| {
            if let Some((target, v)) = &elem {
                a.py_bind(*target, v.clone(), n, &mut e);
            }
            let mut after = match body {
                Some(b) => a.exec(b, Some(e)),
                None => Some(e),
            };
            if let (Some(x), Some(c)) = (after.as_mut(), cond) {
                a.py_eval(c, x);
            }
            after
        });
        // A loop's `else` runs when it ends without `break`.
        let mut out = normal;
        if let Some(alt) = fp(n, "alternative")
            && let Some(b) = fp(alt, "body")
        {
            out = self.exec(b, out);
        }
        exits.into_iter().fold(out, |o, e| Self::join_env(o, Some(e)))
    }

    /// Applies the guards of a condition to the branch where it is `truth`.
    fn py_guard(&mut self, cond: Node<'t>, truth: bool, env: &mut Env) {
        match cond.kind() {
            "parenthesized_expression" => {
                if let Some(x) = cond.named_child(0) {
                    self.py_guard(x, truth, env);
                }
            }
            "not_operator" => {
                if let Some(x) = fp(cond, "argument") {
                    self.py_guard(x, !truth, env);
                }
            }
            "boolean_operator" => {
                let op = fp(cond, "operator").map(|o| self.t(o)).unwrap_or("");
                if (op == "and" && truth) || (op == "or" && !truth) {
                    for side in ["left", "right"] {
                        if let Some(x) = fp(cond, side) {
                            self.py_guard(x, truth, env);
                        }
                    }
                }
            }
            "comparison_operator" => {
                // `x in ALLOWED` holds / `x not in ALLOWED` fails: x is an allowed value.
                let ops: Vec<String> = {
                    let mut cur = cond.walk();
                    cond.children_by_field_name("operators", &mut cur)
                        .map(|o| self.t(o).split_whitespace().collect::<Vec<_>>().join(" "))
                        .collect()
                };
                let operands: Vec<Node<'t>> = named_children(cond).collect();
                if ops.len() == 1 && operands.len() == 2 {
                    let checked = (ops[0] == "in" && truth) || (ops[0] == "not in" && !truth);
                    let allow = self.m.guards.iter().find(|g| g.pat.call("__contains__", None));
                    if checked
                        && let Some(g) = allow
                        && let Some(key) = self.place(operands[0])
                        && let Some(v) = env.get_mut(&key)
                    {
                        for f in &mut v.flows {
                            f.san |= g.mask;
                        }
                    }
                }
            }
            "call" if truth => {
                let Some(func) = fp(cond, "function") else {
                    return;
                };
                let (name, obj) = match func.kind() {
                    "attribute" => (
                        fp(func, "attribute").map(|a| self.t(a)).unwrap_or(""),
                        fp(func, "object"),
                    ),
                    _ => (self.t(func), None),
                };
                let rt = obj.and_then(|o| self.py_static_type(o, env));
                let args: Vec<Node<'t>> = cond
                    .child_by_field_name("arguments")
                    .map(|a| named_children(a).collect())
                    .unwrap_or_default();
                self.call_guard(name, (obj, rt.as_deref()), &args, env);
            }
            _ => {}
        }
    }

    pub(super) fn py_place(&self, n: Node<'_>) -> Option<String> {
        match n.kind() {
            "identifier" => Some(self.t(n).to_string()),
            "attribute" => {
                let obj = fp(n, "object")?;
                let a = fp(n, "attribute")?;
                (obj.kind() == "identifier").then(|| format!("{}.{}", self.t(obj), self.t(a)))
            }
            "parenthesized_expression" => self.py_place(n.named_child(0)?),
            _ => None,
        }
    }

    /// What an import stands for (`sp` -> `subprocess`), or the name itself.
    fn resolve_import(&self, name: &str) -> Option<String> {
        match self
            .fx
            .constants
            .get(&format!("\0import:{name}"))
            .and_then(|v| v.k.clone())
        {
            Some(Const::Str(s)) => Some(s.to_string()),
            _ => None,
        }
    }

    /// The "type" of a receiver: a local's annotation, or the module or object a dotted name
    /// stands for (`os.path`, `request`), through imports.
    fn py_static_type(&self, n: Node<'_>, env: &Env) -> Option<Arc<str>> {
        match n.kind() {
            "identifier" => {
                let t = self.t(n);
                if let Some(v) = env.get(t) {
                    return v.ty.clone();
                }
                Some(Arc::from(
                    self.resolve_import(t).unwrap_or_else(|| t.to_string()).as_str(),
                ))
            }
            "attribute" => {
                let t = self.t(n);
                if !t
                    .split('.')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '_'))
                {
                    return None;
                }
                let root = t.split('.').next().unwrap_or(t);
                if env.get(root).is_some() {
                    return self.py_place(n).and_then(|p| env.get(&p)).and_then(|v| v.ty.clone());
                }
                let full = match self.resolve_import(root) {
                    Some(r) => format!("{r}{}", &t[root.len()..]),
                    None => t.to_string(),
                };
                Some(Arc::from(full.as_str()))
            }
            "call" => {
                let f = fp(n, "function")?;
                let name = match f.kind() {
                    "attribute" => self.t(fp(f, "attribute")?),
                    _ => self.t(f),
                };
                self.m.returns.get(name).map(|r| Arc::from(r.as_str()))
            }
            _ => None,
        }
    }

    /// A dotted name that is a source (`request.args`, `sys.argv`), through imports.
    fn py_attribute_source(&self, n: Node<'_>) -> Option<Val> {
        let t = self.t(n);
        let root = t.split('.').next().unwrap_or(t);
        let resolved = self.resolve_import(root).map(|r| format!("{r}{}", &t[root.len()..]));
        let s = self.m.sources.iter().find(|s| {
            s.attributes
                .iter()
                .any(|a| a == t || resolved.as_deref() == Some(a.as_str()))
        })?;
        Some(self.source_val(n, s.label.clone()))
    }

    pub(super) fn py_eval(&mut self, n: Node<'t>, env: &mut Env) -> Val {
        if self.out_of_time() {
            return Val::default();
        }
        if let Some(k) = literal(self.fx.src, n) {
            return Val::konst(k);
        }
        match n.kind() {
            "identifier" => {
                let t = self.t(n);
                if let Some(v) = env.get(t) {
                    return v.clone();
                }
                if let Some(v) = self.py_attribute_source(n) {
                    return v;
                }
                self.fx.constants.get(t).cloned().unwrap_or_default()
            }
            "attribute" => {
                if let Some(v) = self.py_place(n).and_then(|p| env.get(&p).cloned()) {
                    return v;
                }
                if let Some(v) = self.py_attribute_source(n) {
                    return v;
                }
                let obj = n
                    .child_by_field_name("object")
                    .map(|o| self.py_eval(o, env))
                    .unwrap_or_default();
                Val::flows_of([&obj])
            }
            "string" => {
                // An f-string: what its interpolations hold.
                let parts: Vec<Val> = named_children(n)
                    .filter(|c| c.kind() == "interpolation")
                    .filter_map(|c| fp(c, "expression").or(c.named_child(0)))
                    .map(|e| self.py_eval(e, env))
                    .collect();
                Val::flows_of(parts.iter())
            }
            "concatenated_string"
            | "list_comprehension"
            | "set_comprehension"
            | "generator_expression"
            | "dictionary_comprehension"
            | "set"
            | "await"
            | "starred_expression"
            | "list_splat" => {
                let parts: Vec<Val> = named_children(n).map(|c| self.py_eval(c, env)).collect();
                Val::flows_of(parts.iter())
            }
            "parenthesized_expression" => n.named_child(0).map(|x| self.py_eval(x, env)).unwrap_or_default(),
            "list" | "tuple" | "expression_list" => {
                let items: Vec<Val> = named_children(n).map(|c| self.py_eval(c, env)).collect();
                let mut v = Val::flows_of(items.iter());
                v.shape = Some(Arc::new(Shape::List(items)));
                v
            }
            "dictionary" => {
                let mut entries = Vec::new();
                let mut all = Val::default();
                let mut precise = true;
                for p in named_children(n) {
                    if p.kind() != "pair" {
                        precise = false;
                        let v = self.py_eval(p, env);
                        all.absorb(&v);
                        continue;
                    }
                    let k = p
                        .child_by_field_name("key")
                        .map(|k| self.py_eval(k, env))
                        .unwrap_or_default();
                    let v = p
                        .child_by_field_name("value")
                        .map(|x| self.py_eval(x, env))
                        .unwrap_or_default();
                    all.absorb(&v);
                    match k.k {
                        Some(key) => entries.push((key, v)),
                        None => precise = false,
                    }
                }
                if precise {
                    all.shape = Some(Arc::new(Shape::Map(entries)));
                }
                all
            }
            "subscript" => {
                let obj = n
                    .child_by_field_name("value")
                    .map(|x| self.py_eval(x, env))
                    .unwrap_or_default();
                let key = n
                    .child_by_field_name("subscript")
                    .map(|x| self.py_eval(x, env))
                    .unwrap_or_default();
                match (obj.shape.as_deref(), &key.k) {
                    (Some(Shape::Map(entries)), Some(k)) => entries
                        .iter()
                        .find(|(x, _)| x == k)
                        .map(|e| e.1.clone())
                        .unwrap_or_default(),
                    (Some(Shape::List(items)), Some(k)) => {
                        let i = as_int(k).unwrap_or(i64::MAX);
                        let i = if i < 0 { items.len() as i64 + i } else { i };
                        usize::try_from(i)
                            .ok()
                            .and_then(|i| items.get(i).cloned())
                            .unwrap_or_else(|| Val::flows_of([&obj]))
                    }
                    _ => Val::flows_of([&obj]),
                }
            }
            "assignment" => {
                let Some(l) = fp(n, "left") else {
                    return Val::default();
                };
                let v = match fp(n, "right") {
                    Some(r) => self.py_eval(r, env),
                    None => {
                        // `x: int` declares only.
                        let ty = fp(n, "type").map(|t| Arc::from(self.t(t)));
                        if let Some(key) = self.place(l) {
                            env.entry(key).or_default().ty = ty;
                        }
                        return Val::default();
                    }
                };
                let ty = fp(n, "type").map(|t| Arc::from(self.t(t)));
                let v = v.typed(ty);
                self.py_bind(l, v.clone(), n, env);
                v
            }
            "augmented_assignment" => {
                let (Some(l), Some(r)) = (fp(n, "left"), fp(n, "right")) else {
                    return Val::default();
                };
                let op = fp(n, "operator").map(|o| self.t(o)).unwrap_or("+=");
                let old = self.py_eval(l, env);
                let rv = self.py_eval(r, env);
                let mut v = Val::flows_of([&old, &rv]);
                v.k = match (&old.k, &rv.k) {
                    (Some(a), Some(b)) => fold_binary(op.trim_end_matches('='), a, b),
                    _ => None,
                };
                if let (Some(Shape::List(a)), Some(Shape::List(b))) = (old.shape.as_deref(), rv.shape.as_deref()) {
                    let mut items = a.clone();
                    items.extend(b.iter().cloned());
                    v.shape = Some(Arc::new(Shape::List(items)));
                }
                self.py_bind(l, v.clone(), n, env);
                v
            }
            "named_expression" => {
                let v = n
                    .child_by_field_name("value")
                    .map(|x| self.py_eval(x, env))
                    .unwrap_or_default();
                if let Some(name) = fp(n, "name") {
                    self.py_bind(name, v.clone(), n, env);
                }
                v
            }
            "binary_operator" if fp(n, "operator").is_some_and(|o| self.t(o) == "+") => {
                // Left-deep `a + b + c + ...` chains in a loop, not by recursion.
                let mut rights = Vec::new();
                let mut cur = n;
                while cur.kind() == "binary_operator"
                    && fp(cur, "operator").is_some_and(|o| self.t(o) == "+")
                    && let Some(l) = fp(cur, "left")
                {
                    rights.push(fp(cur, "right"));
                    cur = l;
                }
                let mut acc = self.py_eval(cur, env);
                for r in rights.into_iter().rev() {
                    let rv = r.map(|x| self.py_eval(x, env)).unwrap_or_default();
                    let k = match (&acc.k, &rv.k) {
                        (Some(Const::Str(a)), Some(Const::Str(b))) => {
                            Some(Const::Str(Arc::from(format!("{a}{b}").as_str())))
                        }
                        (Some(Const::Str(_)), _) | (_, Some(Const::Str(_))) => None,
                        (Some(a), Some(b)) => fold_binary("+", a, b),
                        _ => None,
                    };
                    let mut v = Val::flows_of([&acc, &rv]);
                    v.k = k;
                    acc = v;
                }
                acc
            }
            "binary_operator" => {
                let op = fp(n, "operator").map(|o| self.t(o)).unwrap_or("");
                let l = n
                    .child_by_field_name("left")
                    .map(|x| self.py_eval(x, env))
                    .unwrap_or_default();
                let r = n
                    .child_by_field_name("right")
                    .map(|x| self.py_eval(x, env))
                    .unwrap_or_default();
                let k = match (&l.k, &r.k) {
                    (Some(Const::Str(a)), Some(Const::Str(b))) if op == "+" => {
                        Some(Const::Str(Arc::from(format!("{a}{b}").as_str())))
                    }
                    (Some(Const::Str(_)), _) | (_, Some(Const::Str(_))) => None,
                    (Some(a), Some(b)) => fold_binary(if op == "//" { "/" } else { op }, a, b),
                    _ => None,
                };
                // `+` and `%` (formatting) carry text; other operators give numbers.
                let text_op = op == "+" || (op == "%" && !matches!(l.k, Some(Const::Int(_))));
                let mut v = if text_op {
                    Val::flows_of([&l, &r])
                } else {
                    Val::default()
                };
                v.k = k;
                v
            }
            "boolean_operator" => {
                let op = fp(n, "operator").map(|o| self.t(o)).unwrap_or("");
                let l = n
                    .child_by_field_name("left")
                    .map(|x| self.py_eval(x, env))
                    .unwrap_or_default();
                match (op, l.k.as_ref().map(truthy)) {
                    ("and", Some(false)) | ("or", Some(true)) => return l,
                    ("and", Some(true)) | ("or", Some(false)) => {
                        return n
                            .child_by_field_name("right")
                            .map(|x| self.py_eval(x, env))
                            .unwrap_or_default();
                    }
                    _ => {}
                }
                let r = n
                    .child_by_field_name("right")
                    .map(|x| self.py_eval(x, env))
                    .unwrap_or_default();
                // `a or b` is a or b.
                let mut v = Val::join(&l, &r);
                v.k = None;
                v
            }
            "not_operator" => {
                let v = n
                    .child_by_field_name("argument")
                    .map(|x| self.py_eval(x, env))
                    .unwrap_or_default();
                Val {
                    k: v.k.as_ref().map(|k| Const::Bool(!truthy(k))),
                    ..Val::default()
                }
            }
            "comparison_operator" => {
                let operands: Vec<Val> = named_children(n).map(|c| self.py_eval(c, env)).collect();
                let ops: Vec<String> = {
                    let mut cur = n.walk();
                    n.children_by_field_name("operators", &mut cur)
                        .map(|o| self.t(o).to_string())
                        .collect()
                };
                let k = match (operands.as_slice(), ops.as_slice()) {
                    ([a, b], [op]) => match (&a.k, &b.k) {
                        (Some(x), Some(y)) => fold_binary(op, x, y),
                        _ => None,
                    },
                    _ => None,
                };
                Val { k, ..Val::default() }
            }
            "unary_operator" => {
                let op = fp(n, "operator").map(|o| self.t(o)).unwrap_or("");
                let v = n
                    .child_by_field_name("argument")
                    .map(|x| self.py_eval(x, env))
                    .unwrap_or_default();
                Val {
                    k: match (op, &v.k) {
                        ("-", Some(c)) => as_int(c).map(|i| Const::Int(-i)),
                        ("+", Some(c)) => as_int(c).map(Const::Int),
                        _ => None,
                    },
                    ..Val::default()
                }
            }
            "conditional_expression" => {
                let parts: Vec<Node<'t>> = named_children(n).collect();
                if parts.len() != 3 {
                    return Val::default();
                }
                let c = self.py_eval(parts[1], env);
                match c.k.as_ref().map(truthy) {
                    Some(true) => self.py_eval(parts[0], env),
                    Some(false) => self.py_eval(parts[2], env),
                    None => {
                        let a = self.py_eval(parts[0], env);
                        let b = self.py_eval(parts[2], env);
                        Val::join(&a, &b)
                    }
                }
            }
            "call" => self.py_call(n, env),
            "lambda" | "ellipsis" | "float" => Val::default(),
            "keyword_argument" => n
                .child_by_field_name("value")
                .map(|x| self.py_eval(x, env))
                .unwrap_or_default(),
            _ => {
                let parts: Vec<Val> = named_children(n).map(|c| self.py_eval(c, env)).collect();
                Val::flows_of(parts.iter())
            }
        }
    }

    fn py_call(&mut self, n: Node<'t>, env: &mut Env) -> Val {
        let Some(func) = fp(n, "function") else {
            return Val::default();
        };
        let (mut name, obj) = match func.kind() {
            "attribute" => (
                fp(func, "attribute").map(|a| self.t(a)).unwrap_or("").to_string(),
                fp(func, "object"),
            ),
            _ => (self.t(func).to_string(), None),
        };
        let mut rt = obj.and_then(|o| self.py_static_type(o, env));
        // `from subprocess import run as r; r(...)` is subprocess.run.
        if obj.is_none()
            && let Some(full) = self.resolve_import(&name)
            && let Some((module, last)) = full.rsplit_once('.')
        {
            rt = Some(Arc::from(module));
            name = last.to_string();
        }
        let recv = obj.map(|o| self.py_eval(o, env)).unwrap_or_default();
        let rt = rt.or(recv.ty.clone());
        let mut arg_nodes = Vec::new();
        let mut args = Vec::new();
        let mut kwargs: Vec<(String, Val)> = Vec::new();
        if let Some(a) = fp(n, "arguments") {
            for x in named_children(a) {
                if x.kind() == "keyword_argument" {
                    let k = x
                        .child_by_field_name("name")
                        .map(|k| self.t(k).to_string())
                        .unwrap_or_default();
                    let v = x
                        .child_by_field_name("value")
                        .map(|v| self.py_eval(v, env))
                        .unwrap_or_default();
                    kwargs.push((k, v));
                } else {
                    arg_nodes.push(x);
                    args.push(self.py_eval(x, env));
                }
            }
        }
        let rtd = rt.as_deref();
        let name = name.as_str();
        self.sinks_kw(n, |p| p.call(name, rtd), &arg_nodes, &args, &kwargs);
        let all_args: Vec<Val> = args
            .iter()
            .cloned()
            .chain(kwargs.iter().map(|(_, v)| v.clone()))
            .collect();
        if let Some(v) = self.source_or_sanitizer(n, name, rtd, &recv, &all_args) {
            return v;
        }
        // `str(x)`, `int(x)` and friends on constants.
        if obj.is_none()
            && let Some(a) = args.first()
            && let Some(k) = &a.k
        {
            match name {
                "str" => return Val::str(&py_render(k)),
                "int" => {
                    if let Some(i) = as_int(k).or_else(|| match k {
                        Const::Str(s) => s.trim().parse().ok(),
                        _ => None,
                    }) {
                        return Val::konst(Const::Int(i));
                    }
                }
                _ => {}
            }
        }
        if let Some(v) = self.py_container(obj, &recv, name, &args, env) {
            return v;
        }
        if let Some(v) = self.propagate(
            n,
            name,
            Receiver {
                node: obj,
                ty: rtd,
                val: &recv,
            },
            &all_args,
            env,
        ) {
            return v;
        }
        if let Some(Const::Str(s)) = &recv.k
            && let Some(k) = fold_py_string(s, name, &args)
        {
            return Val::konst(k);
        }
        // A function of this file.
        let own = match obj {
            None => true,
            Some(o) => matches!(self.t(o), "self" | "cls") || self.fx.classes.contains(self.t(o)),
        };
        if own
            && let Some(decls) = self.fx.methods.get(&(name.to_string(), usize::MAX))
            && decls.len() == 1
        {
            let d = decls[0];
            let takes_self = d
                .child_by_field_name("parameters")
                .and_then(|p| p.named_child(0))
                .is_some_and(|p| matches!(self.t(p), "self" | "cls"));
            let mut actual = Vec::new();
            if takes_self && obj.is_some() {
                actual.push(recv.clone());
            }
            actual.extend(args.iter().cloned());
            let s = self.summary_of(d);
            let actual = s.params.bind(actual, &kwargs);
            return self.apply(&s, n, name, &actual);
        }
        // A function of another module of the tree (`from app.db import run`, `db.run`).
        if self.fx.other.is_none()
            && let Some(p) = self.project
            && let Some(module) = rtd.filter(|_| obj.is_none_or(|o| o.kind() != "call"))
            && let Some(m) = p.callee(
                Lang::Python,
                simple_type(module),
                self.m,
                tainted_input(&recv, &all_args),
            )
            && let Some(s) = m.methods.get(&(name.to_string(), usize::MAX))
        {
            let s = s.clone();
            let actual = s.params.bind(args, &kwargs);
            return self.apply(&s, n, name, &actual);
        }
        // Anything else carries what went in.
        Val::flows_of(std::iter::once(&recv).chain(all_args.iter()))
            .typed(self.m.returns.get(name).map(|r| Arc::from(r.as_str())))
    }

    /// Lists and dicts: `append`, `get`, `pop`, `insert`, `extend`, `update`.
    fn py_container(
        &mut self,
        obj: Option<Node<'t>>,
        recv: &Val,
        name: &str,
        args: &[Val],
        env: &mut Env,
    ) -> Option<Val> {
        let java = match (recv.shape.as_deref(), name, args.len()) {
            (Some(Shape::List(_)), "append", 1) => "add",
            (Some(Shape::List(_)), "insert", 2) => "add",
            (Some(Shape::List(_)), "pop", 1) => "remove",
            (Some(Shape::List(_)), "clear", 0) => "clear",
            (Some(Shape::Map(_)), "get", 1) => "get",
            (Some(Shape::Map(_)), "get", 2) => "getOrDefault",
            (Some(Shape::Map(_)), "pop", 1) => "remove",
            (Some(Shape::Map(_)), "setdefault", 2) => "putIfAbsent",
            (Some(_), "copy", 0) => return Some(recv.clone()),
            (Some(_), "keys", 0) => return Some(Val::default()),
            (Some(_), _, _) => "",
            (None, _, _) => return None,
        };
        let node = obj?;
        self.container(Some(node), recv, java, args, env)
    }
}

/// Python's truth value of a constant.
fn truthy(k: &Const) -> bool {
    match k {
        Const::Bool(b) => *b,
        Const::Int(i) => *i != 0,
        Const::Str(s) => !s.is_empty(),
        Const::Char(_) => true,
        Const::Null => false,
    }
}

/// `str()` of a constant.
fn py_render(k: &Const) -> String {
    match k {
        Const::Bool(true) => "True".into(),
        Const::Bool(false) => "False".into(),
        Const::Null => "None".into(),
        other => other.render(),
    }
}

/// The identifier a parameter declares (`x`, `x: int`, `x=1`, `*args`, `**kw`).
fn param_name(p: Node<'_>) -> Option<Node<'_>> {
    match p.kind() {
        "identifier" => Some(p),
        "typed_parameter" => named_children(p).find(|c| c.kind() == "identifier"),
        "default_parameter" | "typed_default_parameter" => fp(p, "name"),
        "list_splat_pattern" | "dictionary_splat_pattern" => named_children(p).find(|c| c.kind() == "identifier"),
        _ => None,
    }
}

/// A child by field name, through the field-id table of the Python grammar.
fn fp<'t>(n: Node<'t>, name: &'static str) -> Option<Node<'t>> {
    field(Lang::Python, n, name)
}
