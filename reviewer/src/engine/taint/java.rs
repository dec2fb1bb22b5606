//! The taint interpreter for Java: statements and expressions of the tree-sitter-java tree.

use super::interp::*;
use super::*;
use tree_sitter::Node;

pub(super) fn file_ctx<'t>(root: Node<'t>, src: &'t [u8], other: Option<Arc<str>>) -> FileCtx<'t> {
    let mut fx = FileCtx {
        lang: Lang::Java,
        src,
        methods: HashMap::new(),
        order: Vec::new(),
        constants: HashMap::new(),
        fields: HashMap::new(),
        classes: HashSet::new(),
        other,
        lines: None,
    };
    // One cursor walk over the whole tree (methods of anonymous and local classes included),
    // looking only at named nodes of the few kinds that declare something.
    let k = declaration_kinds();
    let mut cursor = root.walk();
    loop {
        let n = cursor.node();
        let id = n.kind_id();
        let kind = if n.is_named() && k.contains(&id) { n.kind() } else { "" };
        match kind {
            // Abstract and interface methods have no body to summarise: calls to them are
            // treated as unknown calls.
            "method_declaration" | "constructor_declaration" if fj(n, "body").is_some() => {
                if let (Some(name), Some(params)) = (fj(n, "name"), fj(n, "parameters")) {
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
                if let Some(name) = fj(n, "name") {
                    fx.classes.insert(text(src, name).to_string());
                }
            }
            "field_declaration" => {
                let mods = n
                    .child(0)
                    .filter(|c| c.kind() == "modifiers")
                    .map(|c| text(src, c))
                    .unwrap_or("");
                let ty = fj(n, "type").map(|t| text(src, t).to_string());
                let mut cur = n.walk();
                for d in n.children_by_field_name("declarator", &mut cur) {
                    if let (Some(name), Some(ty)) = (fj(d, "name"), &ty) {
                        fx.fields.insert(text(src, name).to_string(), ty.clone());
                    }
                }
                if mods.contains("final") {
                    let mut cur = n.walk();
                    for d in n.children_by_field_name("declarator", &mut cur) {
                        if let (Some(name), Some(v)) = (fj(d, "name"), fj(d, "value"))
                            && let Some(k) = literal(src, v)
                        {
                            fx.constants.insert(text(src, name).to_string(), Val::konst(k));
                        }
                    }
                }
            }
            _ => {}
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return fx;
            }
        }
    }
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

impl<'a, 't> Ana<'a, 't> {
    /// The initial environment of a method: parameters as flows of their own (or sources).
    fn j_params(&self, decl: Node<'_>) -> Env {
        let mut env = Env::default();
        let Some(params) = fj(decl, "parameters") else {
            return env;
        };
        let is_main = fj(decl, "name").is_some_and(|n| self.t(n) == "main");
        for (i, p) in named_children(params)
            .filter(|p| matches!(p.kind(), "formal_parameter" | "spread_parameter"))
            .enumerate()
        {
            let name = p
                .child_by_field_name("name")
                .or_else(|| {
                    named_children(p)
                        .find(|c| c.kind() == "variable_declarator")
                        .and_then(|d| fj(d, "name"))
                })
                .map(|n| self.t(n).to_string())
                .unwrap_or_default();
            let ty = fj(p, "type").map(|t| Arc::from(self.t(t)));
            let annotated = named_children(p)
                .filter(|c| c.kind() == "modifiers")
                .flat_map(named_children)
                .filter(|a| matches!(a.kind(), "annotation" | "marker_annotation"))
                .filter_map(|a| fj(a, "name"))
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

    pub(super) fn j_method(&mut self, decl: Node<'t>) {
        let env = self.j_params(decl);
        if let Some(body) = fj(decl, "body") {
            self.exec(body, Some(env));
        }
    }

    pub(super) fn j_exec(&mut self, n: Node<'t>, env: Option<Env>) -> Option<Env> {
        let mut env = env?;
        if self.out_of_time() {
            return None;
        }
        match n.kind() {
            "block" | "constructor_body" | "program" => self.exec_all(named_children(n), Some(env)),
            "local_variable_declaration" => {
                let ty = fj(n, "type").map(|t| Arc::from(self.t(t)));
                let mut cur = n.walk();
                for d in n.children_by_field_name("declarator", &mut cur) {
                    let Some(name) = fj(d, "name") else {
                        continue;
                    };
                    let name = self.t(name).to_string();
                    let v = match fj(d, "value") {
                        Some(v) => {
                            let val = self.eval(v, &mut env).typed(ty.clone());
                            val.step(|| self.step_at(d, format!("assigned to `{name}`")))
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
                // `else if` chains are walked in a loop, not by recursion: a chain of
                // thousands of arms must not exhaust the stack.
                let mut out: Option<Env> = None;
                let mut arm = n;
                let mut rest = Some(env);
                while let Some(mut e) = rest.take() {
                    let Some(cond) = fj(arm, "condition") else {
                        break;
                    };
                    let c = self.eval(cond, &mut e);
                    let (then_b, else_b) = (fj(arm, "consequence"), fj(arm, "alternative"));
                    let (t_env, e_env) = match c.k {
                        Some(Const::Bool(true)) => (Some(e), None),
                        Some(Const::Bool(false)) => (None, Some(e)),
                        _ => {
                            let mut t = e.clone();
                            self.j_guard(cond, true, &mut t);
                            self.j_guard(cond, false, &mut e);
                            (Some(t), Some(e))
                        }
                    };
                    if let Some(t) = t_env {
                        let ended = match then_b {
                            Some(b) => self.exec(b, Some(t)),
                            None => Some(t),
                        };
                        out = Self::join_env(out, ended);
                    }
                    match (e_env, else_b) {
                        (Some(e), Some(b)) if b.kind() == "if_statement" => {
                            arm = b;
                            rest = Some(e);
                        }
                        (Some(e), Some(b)) => out = Self::join_env(out, self.exec(b, Some(e))),
                        (Some(e), None) => out = Self::join_env(out, Some(e)),
                        (None, _) => {}
                    }
                }
                out
            }
            "while_statement" | "do_statement" | "for_statement" | "enhanced_for_statement" => self.exec_loop(n, env),
            "switch_expression" | "switch_statement" => {
                let (out, _) = self.switch(n, env);
                out
            }
            "try_statement" | "try_with_resources_statement" => {
                if let Some(res) = fj(n, "resources") {
                    for r in named_children(res).filter(|r| r.kind() == "resource") {
                        if let (Some(name), Some(v)) = (fj(r, "name"), fj(r, "value")) {
                            let ty = fj(r, "type").map(|t| Arc::from(self.t(t)));
                            let val = self.eval(v, &mut env).typed(ty);
                            env.insert(self.t(name).to_string(), val);
                        } else if let Some(e) = r.named_child(0) {
                            self.eval(e, &mut env);
                        }
                    }
                }
                let start = env.clone();
                let body = fj(n, "body").and_then(|b| self.exec(b, Some(env)));
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
                                && let Some(name) = fj(p, "name")
                            {
                                e.insert(self.t(name).to_string(), Val::default());
                            }
                            let ended = fj(c, "body").and_then(|b| self.exec(b, ce));
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
        let body = fj(n, "body");
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
        let cond = fj(n, "condition");
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
            e.ty = fj(n, "type").map(|t| Arc::from(self.t(t)));
            fj(n, "name").map(|name| (self.t(name).to_string(), e))
        } else {
            None
        };
        let update: Vec<Node<'t>> = {
            let mut cur = n.walk();
            n.children_by_field_name("update", &mut cur).collect()
        };
        let (normal, exits) = self.iterate(env, |a, mut e| {
            if let Some((name, v)) = &elem {
                e.insert(name.clone(), v.clone());
            }
            let mut after = match body {
                Some(b) => a.exec(b, Some(e)),
                None => Some(e),
            };
            if let Some(x) = after.as_mut() {
                for u in &update {
                    a.eval(*u, x);
                }
                if let Some(c) = cond {
                    a.eval(c, x);
                }
            }
            after
        });
        exits.into_iter().fold(normal, |o, e| Self::join_env(o, Some(e)))
    }

    /// Runs a switch; returns the environment after it and, for a switch expression, the
    /// value of the arm taken.
    fn switch(&mut self, n: Node<'t>, mut env: Env) -> (Option<Env>, Val) {
        let sel = n
            .child_by_field_name("condition")
            .map(|c| self.eval(c, &mut env))
            .unwrap_or_default();
        let Some(body) = fj(n, "body") else {
            return (Some(env), Val::default());
        };
        let groups: Vec<Node<'t>> = named_children(body).collect();
        // Which groups can be entered: the one whose label equals a constant selector (else
        // the default's), or all of them.
        let mut matched = None;
        let mut default_group = None;
        for (i, g) in groups.iter().enumerate() {
            for l in named_children(*g).filter(|c| c.kind() == "switch_label") {
                let vals: Vec<Node<'t>> = named_children(l).collect();
                if vals.is_empty() || self.t(l).trim_start().starts_with("default") {
                    default_group.get_or_insert(i);
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
        let has_default = default_group.is_some();
        let entries: Vec<usize> = match sel.k {
            Some(_) => matched.or(default_group).into_iter().collect(),
            None => (0..groups.len()).collect(),
        };
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
    fn j_guard(&mut self, cond: Node<'t>, truth: bool, env: &mut Env) {
        let c = match cond.kind() {
            "parenthesized_expression" => match cond.named_child(0) {
                Some(x) => return self.j_guard(x, truth, env),
                None => return,
            },
            _ => cond,
        };
        match c.kind() {
            "unary_expression" if fj(c, "operator").is_some_and(|o| self.t(o) == "!") => {
                if let Some(x) = fj(c, "operand") {
                    self.j_guard(x, !truth, env);
                }
            }
            "binary_expression" => {
                let op = fj(c, "operator").map(|o| self.t(o)).unwrap_or("");
                let both = (op == "&&" && truth) || (op == "||" && !truth);
                if both {
                    for side in ["left", "right"] {
                        if let Some(x) = fj(c, side) {
                            self.j_guard(x, truth, env);
                        }
                    }
                }
            }
            "method_invocation" if truth => {
                let Some(name) = fj(c, "name") else {
                    return;
                };
                let name = self.t(name);
                let obj = fj(c, "object");
                let recv_ty = obj.and_then(|o| self.static_type(o, env));
                let args: Vec<Node<'t>> = c
                    .child_by_field_name("arguments")
                    .map(|a| named_children(a).collect())
                    .unwrap_or_default();
                self.call_guard(name, (obj, recv_ty.as_deref()), &args, env);
            }
            _ => {}
        }
    }

    // ---------------------------------------------------------------- expressions

    /// The variable a node names, as the environment keys it.
    pub(super) fn j_place(&self, n: Node<'_>) -> Option<String> {
        match n.kind() {
            "identifier" => Some(self.t(n).to_string()),
            "field_access" => {
                let obj = fj(n, "object")?;
                let f = fj(n, "field")?;
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
                if let Some(f) = self.fx.fields.get(t) {
                    return Some(Arc::from(f.as_str()));
                }
                t.starts_with(char::is_uppercase).then(|| Arc::from(t))
            }
            "field_access" => {
                let t = self.t(n);
                if let Some(r) = self.m.returns.get(t) {
                    return Some(Arc::from(r.as_str()));
                }
                let last = fj(n, "field").map(|f| self.t(f)).unwrap_or("");
                if let Some(v) = self.place(n).and_then(|p| env.get(&p)) {
                    return v.ty.clone();
                }
                // A field of this class, or of a class of the tree, has its declared type.
                let obj = fj(n, "object");
                if obj.is_some_and(|o| o.kind() == "this")
                    && let Some(f) = self.fx.fields.get(last)
                {
                    return Some(Arc::from(f.as_str()));
                }
                if let Some(owner) = obj.and_then(|o| self.static_type(o, env)) {
                    let owner = simple_type(&owner);
                    if self.fx.classes.contains(owner) {
                        if let Some(f) = self.fx.fields.get(last) {
                            return Some(Arc::from(f.as_str()));
                        }
                    } else if self.fx.other.is_none()
                        && let Some(p) = self.project
                        && let Some(c) = p.module(Lang::Java, owner, self.m)
                        && let Some(f) = c.fields.get(last)
                    {
                        return Some(Arc::from(f.as_str()));
                    }
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
                let name = self.t(fj(n, "name")?);
                self.m.returns.get(name).map(|r| Arc::from(r.as_str()))
            }
            "object_creation_expression" => fj(n, "type").map(|t| Arc::from(simple_type(self.t(t)))),
            "parenthesized_expression" | "cast_expression" => {
                if let Some(t) = fj(n, "type") {
                    return Some(Arc::from(self.t(t)));
                }
                self.static_type(n.named_child(0)?, env)
            }
            _ => None,
        }
    }

    pub(super) fn j_eval(&mut self, n: Node<'t>, env: &mut Env) -> Val {
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
                let field = fj(n, "field").map(|f| self.t(f)).unwrap_or("");
                if let Some(src) = self.attribute_source(n) {
                    return src;
                }
                if let Some(v) = self.fx.constants.get(field)
                    && fj(n, "object").is_some_and(|o| matches!(o.kind(), "this" | "identifier"))
                {
                    return v.clone();
                }
                if field == "length"
                    && let Some(o) = fj(n, "object")
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
                let ty = fj(n, "type").map(|t| self.t(t)).unwrap_or("");
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
                let (Some(l), Some(r)) = (fj(n, "left"), fj(n, "right")) else {
                    return Val::default();
                };
                let op = fj(n, "operator").map(|o| self.t(o)).unwrap_or("=");
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
                    let v = new
                        .clone()
                        .typed(ty)
                        .step(|| self.step_at(n, format!("assigned to `{}`", self.short(l))));
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
            "binary_expression" if fj(n, "operator").is_some_and(|o| self.t(o) == "+") => {
                // Concatenation chains are left-deep (`"a" + b + "c" + ...`): walked in a loop
                // so that thousands of terms do not exhaust the stack.
                let mut rights = Vec::new();
                let mut cur = n;
                while cur.kind() == "binary_expression"
                    && fj(cur, "operator").is_some_and(|o| self.t(o) == "+")
                    && let Some(l) = fj(cur, "left")
                {
                    rights.push(fj(cur, "right"));
                    cur = l;
                }
                let mut acc = self.eval(cur, env);
                for r in rights.into_iter().rev() {
                    let rv = r.map(|x| self.eval(x, env)).unwrap_or_default();
                    let k = match (&acc.k, &rv.k) {
                        (Some(a), Some(b)) => fold_binary("+", a, b),
                        _ => None,
                    };
                    let mut v = Val::flows_of([&acc, &rv]);
                    v.k = k;
                    acc = v;
                }
                acc
            }
            "binary_expression" => {
                let op = fj(n, "operator").map(|o| self.t(o)).unwrap_or("");
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
                let op = fj(n, "operator").map(|o| self.t(o)).unwrap_or("");
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
                let (a, b) = (fj(n, "consequence"), fj(n, "alternative"));
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
                if let Some(l) = fj(n, "left") {
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
                if let Some(init) = fj(n, "value") {
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
            "method_invocation" => self.j_call(n, env),
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
        let Some(arr) = fj(access, "array") else {
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

    fn construct(&mut self, n: Node<'t>, env: &mut Env) -> Val {
        let ty_node = fj(n, "type");
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

    fn j_call(&mut self, n: Node<'t>, env: &mut Env) -> Val {
        let name = fj(n, "name").map(|x| self.t(x)).unwrap_or("");
        let obj = fj(n, "object");
        let recv_ty = obj.and_then(|o| self.static_type(o, env));
        let recv = obj.map(|o| self.eval(o, env)).unwrap_or_default();
        let recv_ty = recv_ty.or(recv.ty.clone());
        let (arg_nodes, args) = self.args(n, env);
        let rt = recv_ty.as_deref();
        self.sinks(n, |p| p.call(name, rt), &arg_nodes, &args);
        let ret_ty = self.m.returns.get(name).map(|r| Arc::from(r.as_str()));

        if let Some(v) = self.source_or_sanitizer(n, name, rt, &recv, &args) {
            return v;
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
        if let Some(v) = self.container(obj, &recv, name, &args, env) {
            return v;
        }
        if let Some(v) = self.propagate(
            n,
            name,
            Receiver {
                node: obj,
                ty: rt,
                val: &recv,
            },
            &args,
            env,
        ) {
            return v;
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
            && let Some(cls) = p.callee(Lang::Java, simple_type(t), self.m, tainted_input(&recv, &args))
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
}

/// The number of parameters of a method or constructor declaration.
pub(super) fn arity(d: Node<'_>) -> usize {
    fj(d, "parameters")
        .map(|p| {
            named_children(p)
                .filter(|p| matches!(p.kind(), "formal_parameter" | "spread_parameter"))
                .count()
        })
        .unwrap_or(0)
}

/// The ids of the node kinds `file_ctx` looks at.
fn declaration_kinds() -> &'static [u16] {
    static IDS: std::sync::OnceLock<Vec<u16>> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        let g = Lang::Java.grammar();
        [
            "method_declaration",
            "constructor_declaration",
            "class_declaration",
            "interface_declaration",
            "enum_declaration",
            "record_declaration",
            "field_declaration",
        ]
        .iter()
        .map(|k| g.id_for_node_kind(k, true))
        .filter(|&id| id != 0)
        .collect()
    })
}

/// A child by field name, through the field-id table of the Java grammar.
fn fj<'t>(n: Node<'t>, name: &'static str) -> Option<Node<'t>> {
    field(Lang::Java, n, name)
}
