//! Java: methods, constructors, initializers and block lambdas, lowered from tree-sitter-java.

use super::{ArgSlot, Call, Locals, NullTest, Role, Stmt, Syntax, compact, field, is_field, line, named, text};
use std::collections::HashSet;
use tree_sitter::Node;

/// Calls that do not throw in practice (logging, printing, cheap accessors): they open no
/// exceptional path.
pub(super) const NOTHROW: &[&str] = &[
    "*.println",
    "*.print",
    "*.printf",
    "*.trace",
    "*.debug",
    "*.info",
    "*.warn",
    "*.error",
    "*.isDebugEnabled",
    "*.isTraceEnabled",
    "*.isInfoEnabled",
    "*.size",
    "*.isEmpty",
    "*.length",
    "*.equals",
    "*.hashCode",
    "*.toString",
    "*.getName",
    "*.getPath",
    "*.getMessage",
    "*.append",
    "*.add",
    "*.put",
    "*.contains",
    "*.containsKey",
    "String.valueOf",
    "String.format",
    "Objects.equals",
    "Objects.requireNonNull",
    "Math.*",
    "System.currentTimeMillis",
    "System.nanoTime",
    "new String",
    "new StringBuilder",
    "new ArrayList",
    "new HashMap",
    "new File",
    "new byte",
    "new char",
    "new *Exception",
    "new *Error",
];

pub(super) struct Java;

/// A type's name without type arguments or annotations.
fn type_name(n: Node<'_>, src: &[u8]) -> String {
    match n.kind() {
        "generic_type" => named(n).first().map(|t| type_name(*t, src)).unwrap_or_default(),
        _ => compact(text(n, src)),
    }
}

impl Syntax for Java {
    fn body<'t>(&self, node: Node<'t>) -> Option<Node<'t>> {
        match node.kind() {
            "method_declaration" | "constructor_declaration" | "compact_constructor_declaration" => field(node, "body"),
            "lambda_expression" => field(node, "body").filter(|b| b.kind() == "block"),
            "static_initializer" => named(node).into_iter().find(|c| c.kind() == "block"),
            _ => None,
        }
    }

    fn opaque(&self, node: Node<'_>) -> bool {
        matches!(
            node.kind(),
            "lambda_expression"
                | "class_body"
                | "class_declaration"
                | "interface_declaration"
                | "enum_declaration"
                | "record_declaration"
                | "method_reference"
        )
    }

    fn call<'t>(&self, node: Node<'t>, src: &[u8]) -> Option<Call<'t>> {
        match node.kind() {
            "method_invocation" => {
                let name = text(field(node, "name")?, src).to_string();
                let receiver = field(node, "object");
                let key = match receiver {
                    Some(r) => format!("{}.{name}", compact(text(r, src))),
                    None => name.clone(),
                };
                Some(Call {
                    keys: vec![key],
                    name,
                    receiver,
                    args: field(node, "arguments"),
                })
            }
            "object_creation_expression" => {
                let ty = type_name(field(node, "type")?, src);
                let simple = ty.rsplit('.').next().unwrap_or(&ty).to_string();
                let mut keys = vec![format!("new {ty}")];
                if simple != ty {
                    keys.push(format!("new {simple}"));
                }
                Some(Call {
                    keys,
                    name: simple,
                    receiver: None,
                    args: field(node, "arguments"),
                })
            }
            "explicit_constructor_invocation" => Some(Call {
                keys: vec![compact(text(field(node, "constructor")?, src))],
                name: text(field(node, "constructor")?, src).to_string(),
                receiver: None,
                args: field(node, "arguments"),
            }),
            _ => None,
        }
    }

    fn role<'t>(&self, node: Node<'t>, src: &[u8], locals: &Locals) -> Role<'t> {
        let Some(p) = node.parent() else { return Role::Use };
        match p.kind() {
            "parenthesized_expression" => Role::Through(p),
            "cast_expression" if is_field(p, "value", node) => Role::Through(p),
            "ternary_expression" if !is_field(p, "condition", node) => Role::Through(p),
            "argument_list" => match p.parent() {
                Some(c) if self.call(c, src).is_some() => Role::Arg(c),
                _ => Role::Escape,
            },
            "method_invocation" if is_field(p, "object", node) => match field(p, "name") {
                Some(n) => Role::Receiver(text(n, src).to_string(), Some(p)),
                None => Role::Use,
            },
            "variable_declarator" if is_field(p, "value", node) => match field(p, "name") {
                // A field's initializer is not in a method.
                Some(n) => Role::Bind(text(n, src).to_string()),
                None => Role::Use,
            },
            "assignment_expression" if is_field(p, "right", node) => match field(p, "left") {
                Some(l) if l.kind() == "identifier" => {
                    let name = text(l, src).to_string();
                    if locals.is_local(&name) {
                        Role::Bind(name)
                    } else {
                        Role::Escape
                    }
                }
                _ => Role::Escape,
            },
            "return_statement" | "yield_statement" | "throw_statement" | "lambda_expression" | "array_initializer" => {
                Role::Escape
            }
            "resource" => Role::Managed,
            _ => Role::Use,
        }
    }

    fn is_ref(&self, node: Node<'_>) -> bool {
        let Some(p) = node.parent() else { return false };
        match p.kind() {
            "method_invocation" => !is_field(p, "name", node),
            "field_access" => !is_field(p, "field", node),
            "variable_declarator"
            | "formal_parameter"
            | "catch_formal_parameter"
            | "enhanced_for_statement"
            | "spread_parameter"
            | "method_declaration"
            | "class_declaration"
            | "constructor_declaration" => !is_field(p, "name", node),
            "resource" => !is_field(p, "name", node),
            "assignment_expression" => !is_field(p, "left", node),
            "labeled_statement"
            | "break_statement"
            | "continue_statement"
            | "scoped_identifier"
            | "inferred_parameters" => false,
            "lambda_expression" => !is_field(p, "parameters", node),
            _ => true,
        }
    }

    fn assignment<'t>(&self, node: Node<'t>, src: &[u8]) -> Option<(String, Node<'t>)> {
        if node.kind() != "assignment_expression" {
            return None;
        }
        let left = field(node, "left").filter(|l| l.kind() == "identifier")?;
        Some((text(left, src).to_string(), field(node, "right")?))
    }

    fn declares(&self, n: Node<'_>, src: &[u8], names: &mut HashSet<String>) {
        match n.kind() {
            "variable_declarator"
            | "formal_parameter"
            | "catch_formal_parameter"
            | "enhanced_for_statement"
            | "resource"
            | "spread_parameter" => {
                if let Some(name) = field(n, "name") {
                    names.insert(text(name, src).to_string());
                }
                if n.kind() == "spread_parameter"
                    && let Some(d) = named(n).into_iter().find(|c| c.kind() == "variable_declarator")
                    && let Some(name) = field(d, "name")
                {
                    names.insert(text(name, src).to_string());
                }
            }
            "inferred_parameters" => {
                for c in named(n) {
                    names.insert(text(c, src).to_string());
                }
            }
            "lambda_expression" => {
                if let Some(p) = field(n, "parameters").filter(|p| p.kind() == "identifier") {
                    names.insert(text(p, src).to_string());
                }
            }
            _ => {}
        }
    }

    fn locals(&self, names: HashSet<String>) -> Locals {
        Locals::Declared(names)
    }

    fn call_name<'s>(&self, node: Node<'_>, src: &'s [u8]) -> Option<&'s str> {
        match node.kind() {
            "method_invocation" => Some(text(field(node, "name")?, src)),
            "object_creation_expression" => {
                let mut ty = field(node, "type")?;
                if ty.kind() == "generic_type" {
                    ty = *named(ty).first()?;
                }
                let t = text(ty, src);
                Some(t.rsplit('.').next().unwrap_or(t).trim())
            }
            "explicit_constructor_invocation" => Some(text(field(node, "constructor")?, src)),
            _ => None,
        }
    }

    fn lower<'t>(&self, node: Node<'t>, src: &[u8]) -> Stmt<'t> {
        lower(node, src, None)
    }

    fn null_test(&self, cond: Node<'_>, src: &[u8]) -> (Option<NullTest>, Option<NullTest>) {
        match cond.kind() {
            "parenthesized_expression" => named(cond)
                .first()
                .map(|c| self.null_test(*c, src))
                .unwrap_or((None, None)),
            "unary_expression" if field(cond, "operator").is_some_and(|o| o.kind() == "!") => {
                let (t, e) = field(cond, "operand")
                    .map(|c| self.null_test(c, src))
                    .unwrap_or((None, None));
                (e, t)
            }
            "binary_expression" => {
                let (Some(l), Some(r), Some(op)) = (field(cond, "left"), field(cond, "right"), field(cond, "operator"))
                else {
                    return (None, None);
                };
                match op.kind() {
                    "&&" => {
                        let (a, _) = self.null_test(l, src);
                        let (b, _) = self.null_test(r, src);
                        (a.or(b), None)
                    }
                    "||" => {
                        let (_, a) = self.null_test(l, src);
                        let (_, b) = self.null_test(r, src);
                        (None, a.or(b))
                    }
                    "!=" | "==" => {
                        let var = match (l.kind(), r.kind()) {
                            ("identifier", "null_literal") => l,
                            ("null_literal", "identifier") => r,
                            _ => return (None, None),
                        };
                        let name = text(var, src).to_string();
                        let ne = op.kind() == "!=";
                        (Some((name.clone(), ne)), Some((name, !ne)))
                    }
                    _ => (None, None),
                }
            }
            _ => (None, None),
        }
    }

    fn declared(&self, resource: Node<'_>, src: &[u8]) -> Option<String> {
        field(resource, "name").map(|n| text(n, src).to_string())
    }

    fn function_word(&self) -> &'static str {
        "method"
    }

    fn function_name<'s>(&self, function: Node<'_>, src: &'s [u8]) -> Option<&'s str> {
        match function.kind() {
            "method_declaration" | "constructor_declaration" => Some(text(field(function, "name")?, src)),
            _ => None,
        }
    }

    fn params(&self, function: Node<'_>, src: &[u8]) -> Vec<String> {
        let Some(list) = field(function, "parameters") else {
            return Vec::new();
        };
        named(list)
            .into_iter()
            .filter_map(|p| match p.kind() {
                "formal_parameter" => field(p, "name").map(|n| text(n, src).to_string()),
                "spread_parameter" => named(p)
                    .into_iter()
                    .find(|c| c.kind() == "variable_declarator")
                    .and_then(|d| field(d, "name"))
                    .map(|n| format!("...{}", text(n, src))),
                _ => None,
            })
            .collect()
    }

    fn local_callee<'s>(&self, call: Node<'_>, src: &'s [u8]) -> Option<(&'s str, usize)> {
        if call.kind() != "method_invocation" {
            return None;
        }
        match field(call, "object") {
            None => Some((text(field(call, "name")?, src), 0)),
            Some(o) if o.kind() == "this" => Some((text(field(call, "name")?, src), 0)),
            _ => None,
        }
    }

    fn arg_slot(&self, args: Node<'_>, arg: Node<'_>, _src: &[u8]) -> Option<ArgSlot> {
        named(args).iter().position(|a| *a == arg).map(ArgSlot::Index)
    }

    fn arity(&self, args: Node<'_>) -> usize {
        named(args).len()
    }
}

fn is_true(cond: Option<Node<'_>>, src: &[u8]) -> bool {
    cond.is_some_and(|c| {
        let t = compact(text(c, src));
        t == "(true)" || t == "true"
    })
}

fn lower<'t>(n: Node<'t>, src: &[u8], label: Option<String>) -> Stmt<'t> {
    let l = |x: Option<Node<'t>>| x.map(|x| lower(x, src, None)).unwrap_or(Stmt::Nop);
    match n.kind() {
        "block" | "constructor_body" => Stmt::Seq(named(n).into_iter().map(|c| lower(c, src, None)).collect()),
        "if_statement" => Stmt::If {
            cond: field(n, "condition"),
            then: Box::new(l(field(n, "consequence"))),
            els: Box::new(l(field(n, "alternative"))),
            line: line(n),
        },
        "while_statement" => Stmt::Loop {
            label,
            cond: field(n, "condition"),
            infinite: is_true(field(n, "condition"), src),
            once: false,
            body: Box::new(l(field(n, "body"))),
            update: Box::new(Stmt::Nop),
            orelse: Box::new(Stmt::Nop),
        },
        "do_statement" => Stmt::Loop {
            label,
            cond: field(n, "condition"),
            infinite: is_true(field(n, "condition"), src),
            once: true,
            body: Box::new(l(field(n, "body"))),
            update: Box::new(Stmt::Nop),
            orelse: Box::new(Stmt::Nop),
        },
        "for_statement" => {
            let mut c = n.walk();
            let init: Vec<Stmt<'t>> = n.children_by_field_name("init", &mut c).map(Stmt::Eval).collect();
            let mut c = n.walk();
            let update: Vec<Stmt<'t>> = n.children_by_field_name("update", &mut c).map(Stmt::Eval).collect();
            let cond = field(n, "condition");
            Stmt::Seq(vec![
                Stmt::Seq(init),
                Stmt::Loop {
                    label,
                    cond,
                    infinite: cond.is_none() || is_true(cond, src),
                    once: false,
                    body: Box::new(l(field(n, "body"))),
                    update: Box::new(Stmt::Seq(update)),
                    orelse: Box::new(Stmt::Nop),
                },
            ])
        }
        "enhanced_for_statement" => Stmt::Seq(vec![
            field(n, "value").map(Stmt::Eval).unwrap_or(Stmt::Nop),
            Stmt::Loop {
                label,
                cond: None,
                infinite: false,
                once: false,
                body: Box::new(l(field(n, "body"))),
                update: Box::new(Stmt::Nop),
                orelse: Box::new(Stmt::Nop),
            },
        ]),
        "try_statement" | "try_with_resources_statement" => {
            let resources = field(n, "resources")
                .map(|r| named(r).into_iter().filter(|c| c.kind() == "resource").collect())
                .unwrap_or_default();
            let parts = named(n);
            let handlers = parts
                .iter()
                .filter(|c| c.kind() == "catch_clause")
                .map(|c| l(field(*c, "body")))
                .collect();
            let finally = parts
                .iter()
                .find(|c| c.kind() == "finally_clause")
                .map(|f| Box::new(l(named(*f).into_iter().find(|b| b.kind() == "block"))));
            Stmt::Try {
                resources,
                body: Box::new(l(field(n, "body"))),
                handlers,
                orelse: Box::new(Stmt::Nop),
                finally,
            }
        }
        "return_statement" => Stmt::Return(named(n).into_iter().next(), line(n)),
        "throw_statement" => Stmt::Throw(named(n).into_iter().next(), line(n)),
        "break_statement" => Stmt::Break(
            named(n)
                .into_iter()
                .find(|c| c.kind() == "identifier")
                .map(|c| text(c, src).to_string()),
        ),
        "continue_statement" => Stmt::Continue(
            named(n)
                .into_iter()
                .find(|c| c.kind() == "identifier")
                .map(|c| text(c, src).to_string()),
        ),
        "labeled_statement" => {
            let parts = named(n);
            let name = parts
                .iter()
                .find(|c| c.kind() == "identifier")
                .map(|c| text(*c, src).to_string())
                .unwrap_or_default();
            let inner = parts
                .iter()
                .find(|c| c.kind() != "identifier")
                .map(|c| lower(*c, src, Some(name.clone())))
                .unwrap_or(Stmt::Nop);
            Stmt::Labeled(name, Box::new(inner))
        }
        "synchronized_statement" => Stmt::Seq(vec![
            named(n)
                .into_iter()
                .find(|c| c.kind() == "parenthesized_expression")
                .map(Stmt::Eval)
                .unwrap_or(Stmt::Nop),
            l(field(n, "body")),
        ]),
        "switch_expression" => {
            let mut arms = Vec::new();
            let mut exhaustive = false;
            if let Some(body) = field(n, "body") {
                for group in named(body) {
                    let parts = named(group);
                    exhaustive |= parts
                        .iter()
                        .any(|c| c.kind() == "switch_label" && text(*c, src).trim_start().starts_with("default"));
                    let stmts = parts
                        .iter()
                        .filter(|c| c.kind() != "switch_label")
                        .map(|c| lower(*c, src, None))
                        .collect();
                    arms.push(Stmt::Seq(stmts));
                }
            }
            Stmt::Branches {
                head: field(n, "condition"),
                arms,
                exhaustive,
                takes_break: true,
            }
        }
        "local_class_declaration"
        | "class_declaration"
        | "interface_declaration"
        | "enum_declaration"
        | "record_declaration"
        | "line_comment"
        | "block_comment"
        | ";"
        | "empty_statement" => Stmt::Nop,
        _ => Stmt::Eval(n),
    }
}
