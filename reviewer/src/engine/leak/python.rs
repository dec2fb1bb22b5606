//! Python: functions and methods, lowered from tree-sitter-python.

use super::{ArgSlot, Call, Locals, NullTest, Role, Stmt, Syntax, compact, field, is_field, line, named, text};
use std::collections::HashSet;
use tree_sitter::Node;

/// Calls that do not raise in practice: they open no exceptional path.
pub(super) const NOTHROW: &[&str] = &[
    "print",
    "len",
    "isinstance",
    "issubclass",
    "str",
    "repr",
    "bool",
    "id",
    "type",
    "range",
    "enumerate",
    "zip",
    "sorted",
    "reversed",
    "list",
    "dict",
    "set",
    "tuple",
    "hasattr",
    "*.debug",
    "*.info",
    "*.warning",
    "*.warn",
    "*.error",
    "*.exception",
    "*.append",
    "*.extend",
    "*.get",
    "*.items",
    "*.keys",
    "*.values",
    "*.format",
    "*.startswith",
    "*.endswith",
    "*.strip",
    "*.rstrip",
    "*.lstrip",
    "*.lower",
    "*.upper",
    "*.join",
    "*.split",
    "os.path.*",
    "time.time",
    "time.monotonic",
];

pub(super) struct Python;

/// The first name of an unpacking target (`conn, addr`).
fn first_name(n: Node<'_>, src: &[u8]) -> Option<String> {
    match n.kind() {
        "identifier" => Some(text(n, src).to_string()),
        "pattern_list" | "tuple_pattern" | "list_pattern" => named(n).first().and_then(|c| first_name(*c, src)),
        _ => None,
    }
}

impl Syntax for Python {
    fn body<'t>(&self, node: Node<'t>) -> Option<Node<'t>> {
        (node.kind() == "function_definition")
            .then(|| field(node, "body"))
            .flatten()
    }

    fn opaque(&self, node: Node<'_>) -> bool {
        matches!(node.kind(), "lambda" | "class_definition" | "function_definition")
    }

    fn call<'t>(&self, node: Node<'t>, src: &[u8]) -> Option<Call<'t>> {
        if node.kind() != "call" {
            return None;
        }
        let f = field(node, "function")?;
        let (name, receiver) = match f.kind() {
            "attribute" => (text(field(f, "attribute")?, src).to_string(), field(f, "object")),
            _ => (text(f, src).to_string(), None),
        };
        Some(Call {
            keys: vec![compact(text(f, src))],
            name,
            receiver,
            args: field(node, "arguments"),
        })
    }

    fn role<'t>(&self, node: Node<'t>, src: &[u8], locals: &Locals) -> Role<'t> {
        let Some(p) = node.parent() else { return Role::Use };
        match p.kind() {
            "parenthesized_expression" | "await" => Role::Through(p),
            "conditional_expression" => {
                // a if cond else b: the condition is the second operand.
                if named(p).get(1) == Some(&node) {
                    Role::Use
                } else {
                    Role::Through(p)
                }
            }
            "argument_list" => match p.parent() {
                Some(c) if c.kind() == "call" => Role::Arg(c),
                _ => Role::Escape,
            },
            "keyword_argument" if is_field(p, "value", node) => match p.parent().and_then(|a| a.parent()) {
                Some(c) if c.kind() == "call" => Role::Arg(c),
                _ => Role::Escape,
            },
            "attribute" if is_field(p, "object", node) => match field(p, "attribute") {
                Some(a) => Role::Receiver(
                    text(a, src).to_string(),
                    p.parent()
                        .filter(|c| c.kind() == "call" && field(*c, "function") == Some(p)),
                ),
                None => Role::Use,
            },
            "assignment" if is_field(p, "right", node) => match field(p, "left") {
                Some(l) if l.kind() == "identifier" => {
                    let name = text(l, src).to_string();
                    if locals.is_local(&name) {
                        Role::Bind(name)
                    } else {
                        Role::Escape
                    }
                }
                Some(l) if matches!(l.kind(), "pattern_list" | "tuple_pattern" | "list_pattern") => {
                    match first_name(l, src) {
                        Some(n) => Role::BindFirst(n),
                        None => Role::Escape,
                    }
                }
                _ => Role::Escape,
            },
            "as_pattern" => match p.parent() {
                Some(w) if w.kind() == "with_item" => Role::With(
                    field(p, "alias")
                        .and_then(|a| named(a).into_iter().next())
                        .filter(|a| a.kind() == "identifier")
                        .map(|a| text(a, src).to_string()),
                ),
                _ => Role::Use,
            },
            "with_item" => Role::With(None),
            "return_statement" | "yield" | "lambda" | "list" | "tuple" | "set" | "dictionary" | "pair"
            | "expression_list" | "raise_statement" => Role::Escape,
            _ => Role::Use,
        }
    }

    fn is_ref(&self, node: Node<'_>) -> bool {
        let Some(p) = node.parent() else { return false };
        match p.kind() {
            "attribute" => !is_field(p, "attribute", node),
            "keyword_argument" => !is_field(p, "name", node),
            "assignment" | "augmented_assignment" => !is_field(p, "left", node),
            "function_definition"
            | "class_definition"
            | "parameters"
            | "default_parameter"
            | "typed_parameter"
            | "typed_default_parameter"
            | "as_pattern_target"
            | "global_statement"
            | "nonlocal_statement"
            | "dotted_name"
            | "aliased_import"
            | "pattern_list"
            | "tuple_pattern" => false,
            "for_statement" | "for_in_clause" => !is_field(p, "left", node),
            _ => true,
        }
    }

    fn assignment<'t>(&self, node: Node<'t>, src: &[u8]) -> Option<(String, Node<'t>)> {
        if node.kind() != "assignment" {
            return None;
        }
        let left = field(node, "left").filter(|l| l.kind() == "identifier")?;
        Some((text(left, src).to_string(), field(node, "right")?))
    }

    fn declares(&self, n: Node<'_>, src: &[u8], names: &mut HashSet<String>) {
        if matches!(n.kind(), "global_statement" | "nonlocal_statement") {
            for c in named(n) {
                names.insert(text(c, src).to_string());
            }
        }
    }

    fn locals(&self, globals: HashSet<String>) -> Locals {
        Locals::AllBut(globals)
    }

    fn call_name<'s>(&self, node: Node<'_>, src: &'s [u8]) -> Option<&'s str> {
        if node.kind() != "call" {
            return None;
        }
        let f = field(node, "function")?;
        match f.kind() {
            "attribute" => Some(text(field(f, "attribute")?, src)),
            _ => Some(text(f, src)),
        }
    }

    fn lower<'t>(&self, node: Node<'t>, src: &[u8]) -> Stmt<'t> {
        lower(node, src)
    }

    fn null_test(&self, cond: Node<'_>, src: &[u8]) -> (Option<NullTest>, Option<NullTest>) {
        match cond.kind() {
            "identifier" => {
                let n = text(cond, src).to_string();
                (Some((n.clone(), true)), Some((n, false)))
            }
            "parenthesized_expression" => named(cond)
                .first()
                .map(|c| self.null_test(*c, src))
                .unwrap_or((None, None)),
            "not_operator" => {
                let (t, e) = field(cond, "argument")
                    .map(|c| self.null_test(c, src))
                    .unwrap_or((None, None));
                (e, t)
            }
            "boolean_operator" => {
                let (Some(l), Some(r)) = (field(cond, "left"), field(cond, "right")) else {
                    return (None, None);
                };
                let op = field(cond, "operator").map(|o| o.kind()).unwrap_or("");
                if op == "and" {
                    (self.null_test(l, src).0.or(self.null_test(r, src).0), None)
                } else {
                    (None, self.null_test(l, src).1.or(self.null_test(r, src).1))
                }
            }
            "comparison_operator" => {
                let parts = named(cond);
                if parts.len() != 2 {
                    return (None, None);
                }
                let var = match (parts[0].kind(), parts[1].kind()) {
                    ("identifier", "none") => parts[0],
                    ("none", "identifier") => parts[1],
                    _ => return (None, None),
                };
                let ops: String = {
                    let mut c = cond.walk();
                    cond.children(&mut c)
                        .filter(|c| !c.is_named())
                        .map(|c| c.kind().to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                let ne = match ops.as_str() {
                    "is not" | "!=" => true,
                    "is" | "==" => false,
                    _ => return (None, None),
                };
                let name = text(var, src).to_string();
                (Some((name.clone(), ne)), Some((name, !ne)))
            }
            _ => (None, None),
        }
    }

    fn declared(&self, resource: Node<'_>, src: &[u8]) -> Option<String> {
        // `with x as y`: the `as` name.
        let v = field(resource, "value")?;
        (v.kind() == "as_pattern")
            .then(|| field(v, "alias"))
            .flatten()
            .and_then(|a| named(a).into_iter().next())
            .map(|a| text(a, src).to_string())
    }

    fn function_word(&self) -> &'static str {
        "function"
    }

    fn function_name<'s>(&self, function: Node<'_>, src: &'s [u8]) -> Option<&'s str> {
        (function.kind() == "function_definition")
            .then(|| field(function, "name"))
            .flatten()
            .map(|n| text(n, src))
    }

    fn params(&self, function: Node<'_>, src: &[u8]) -> Vec<String> {
        let Some(list) = field(function, "parameters") else {
            return Vec::new();
        };
        named(list)
            .into_iter()
            .map(|p| match p.kind() {
                "identifier" => text(p, src).to_string(),
                "default_parameter" | "typed_default_parameter" => {
                    field(p, "name").map(|n| text(n, src).to_string()).unwrap_or_default()
                }
                "typed_parameter" => named(p)
                    .into_iter()
                    .find(|c| c.kind() == "identifier")
                    .map(|n| text(n, src).to_string())
                    .unwrap_or_default(),
                // *args, **kwargs, / and *: no name a positional argument maps to simply.
                _ => "*".to_string(),
            })
            .collect()
    }

    fn local_callee<'s>(&self, call: Node<'_>, src: &'s [u8]) -> Option<(&'s str, usize)> {
        if call.kind() != "call" {
            return None;
        }
        let f = field(call, "function")?;
        match f.kind() {
            "identifier" => Some((text(f, src), 0)),
            "attribute" => {
                let o = field(f, "object")?;
                (o.kind() == "identifier" && matches!(text(o, src), "self" | "cls"))
                    .then(|| field(f, "attribute").map(|a| (text(a, src), 1)))
                    .flatten()
            }
            _ => None,
        }
    }

    fn arg_slot(&self, args: Node<'_>, arg: Node<'_>, src: &[u8]) -> Option<ArgSlot> {
        if let Some(p) = arg.parent()
            && p.kind() == "keyword_argument"
        {
            return field(p, "name").map(|n| ArgSlot::Name(text(n, src).to_string()));
        }
        named(args)
            .into_iter()
            .filter(|a| !matches!(a.kind(), "keyword_argument" | "comment"))
            .position(|a| a == arg)
            .map(ArgSlot::Index)
    }

    fn arity(&self, args: Node<'_>) -> usize {
        named(args).into_iter().filter(|a| a.kind() != "comment").count()
    }
}

fn block<'t>(n: Option<Node<'t>>, src: &[u8]) -> Stmt<'t> {
    n.map(|n| lower(n, src)).unwrap_or(Stmt::Nop)
}

fn clause_block<'t>(n: Node<'t>, src: &[u8]) -> Stmt<'t> {
    block(
        field(n, "body").or_else(|| named(n).into_iter().rfind(|c| c.kind() == "block")),
        src,
    )
}

fn lower<'t>(n: Node<'t>, src: &[u8]) -> Stmt<'t> {
    match n.kind() {
        "block" | "module" => Stmt::Seq(named(n).into_iter().map(|c| lower(c, src)).collect()),
        "if_statement" => {
            let mut alts: Vec<Node<'t>> = {
                let mut c = n.walk();
                n.children_by_field_name("alternative", &mut c).collect()
            };
            // elif chains nest as else branches.
            let mut els = match alts.last().filter(|a| a.kind() == "else_clause") {
                Some(e) => {
                    let e = clause_block(*e, src);
                    alts.pop();
                    e
                }
                None => Stmt::Nop,
            };
            for elif in alts.into_iter().rev() {
                els = Stmt::If {
                    cond: field(elif, "condition"),
                    then: Box::new(block(field(elif, "consequence"), src)),
                    els: Box::new(els),
                    line: line(elif),
                };
            }
            Stmt::If {
                cond: field(n, "condition"),
                then: Box::new(block(field(n, "consequence"), src)),
                els: Box::new(els),
                line: line(n),
            }
        }
        "for_statement" => Stmt::Seq(vec![
            field(n, "right").map(Stmt::Eval).unwrap_or(Stmt::Nop),
            Stmt::Loop {
                label: None,
                cond: None,
                infinite: false,
                once: false,
                body: Box::new(block(field(n, "body"), src)),
                update: Box::new(Stmt::Nop),
                orelse: Box::new(
                    field(n, "alternative")
                        .map(|e| clause_block(e, src))
                        .unwrap_or(Stmt::Nop),
                ),
            },
        ]),
        "while_statement" => {
            let cond = field(n, "condition");
            Stmt::Loop {
                label: None,
                cond,
                infinite: cond.is_some_and(|c| matches!(text(c, src), "True" | "1")),
                once: false,
                body: Box::new(block(field(n, "body"), src)),
                update: Box::new(Stmt::Nop),
                orelse: Box::new(
                    field(n, "alternative")
                        .map(|e| clause_block(e, src))
                        .unwrap_or(Stmt::Nop),
                ),
            }
        }
        "try_statement" => {
            let parts = named(n);
            Stmt::Try {
                resources: Vec::new(),
                body: Box::new(block(field(n, "body"), src)),
                handlers: parts
                    .iter()
                    .filter(|c| matches!(c.kind(), "except_clause" | "except_group_clause"))
                    .map(|c| clause_block(*c, src))
                    .collect(),
                orelse: Box::new(
                    parts
                        .iter()
                        .find(|c| c.kind() == "else_clause")
                        .map(|c| clause_block(*c, src))
                        .unwrap_or(Stmt::Nop),
                ),
                finally: parts
                    .iter()
                    .find(|c| c.kind() == "finally_clause")
                    .map(|c| Box::new(clause_block(*c, src))),
            }
        }
        "with_statement" => {
            let items = named(n)
                .into_iter()
                .filter(|c| c.kind() == "with_clause")
                .flat_map(named)
                .filter(|c| c.kind() == "with_item")
                .collect();
            Stmt::Try {
                resources: items,
                body: Box::new(block(field(n, "body"), src)),
                handlers: Vec::new(),
                orelse: Box::new(Stmt::Nop),
                finally: None,
            }
        }
        "match_statement" => {
            let mut arms = Vec::new();
            let mut exhaustive = false;
            if let Some(body) = field(n, "body") {
                for case in named(body).into_iter().filter(|c| c.kind() == "case_clause") {
                    let pattern = named(case)
                        .into_iter()
                        .find(|c| c.kind() == "case_pattern")
                        .map(|p| text(p, src).trim().to_string());
                    exhaustive |= pattern.as_deref() == Some("_") && field(case, "guard").is_none();
                    arms.push(block(field(case, "consequence"), src));
                }
            }
            Stmt::Branches {
                head: field(n, "subject"),
                arms,
                exhaustive,
                takes_break: false,
            }
        }
        "return_statement" => Stmt::Return(named(n).into_iter().next(), line(n)),
        "raise_statement" => Stmt::Throw(named(n).into_iter().next(), line(n)),
        "break_statement" => Stmt::Break(None),
        "continue_statement" => Stmt::Continue(None),
        "pass_statement"
        | "comment"
        | "import_statement"
        | "import_from_statement"
        | "global_statement"
        | "nonlocal_statement"
        | "future_import_statement" => Stmt::Nop,
        "decorated_definition" | "function_definition" | "class_definition" => Stmt::Eval(n),
        _ => Stmt::Eval(n),
    }
}
