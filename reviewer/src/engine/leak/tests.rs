//! The path logic, on small methods: what leaks, on which path, and what does not.

use super::*;
use crate::rules::{Rule, RuleSet};
use std::time::Duration;

const JAVA_RULE: &str = r#"
id = "demo-java-leak"
kind = "leak"
languages = ["java"]
severity = "medium"
category = "resource-leak"
cwe = ["CWE-772"]
message = "stream not closed"
recommendation = "close it"
[leak]
acquire = ["new FileInputStream", "new FileReader", "*.createStatement"]
wrappers = ["new BufferedReader", "new InputStreamReader"]
closers = ["IOUtils.closeQuietly", "closeQuietly"]
borrowers = ["*.load"]
"#;

const PYTHON_RULE: &str = r#"
id = "demo-python-leak"
kind = "leak"
languages = ["python"]
severity = "medium"
category = "resource-leak"
cwe = ["CWE-772"]
message = "file not closed"
recommendation = "use with"
[leak]
acquire = ["open", "socket.socket"]
wrappers = ["closing", "contextlib.closing", "io.TextIOWrapper"]
closers = ["close_quietly"]
borrowers = ["json.load"]
"#;

/// The leaks found in `src`: (line, detail).
fn leaks(rule: &str, src: &str) -> Vec<(usize, String)> {
    let r = Rule::parse("demo.toml", rule, None).expect("rule parses");
    let lang = r.leak().expect("a leak rule").lang;
    let mut set = RuleSet::default();
    set.rules.push(r);
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&lang.grammar()).expect("grammar");
    let tree = parser.parse(src, None).expect("parses");
    let mut out = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    assert!(run(&set, &[0], tree.root_node(), src.as_bytes(), deadline, &mut out));
    let lines = crate::engine::text::LineIndex::new(src.as_bytes());
    out.into_iter()
        .map(|l| (lines.position(src.as_bytes(), l.raw.range.start).0, l.detail))
        .collect()
}

fn java(body: &str) -> Vec<(usize, String)> {
    leaks(
        JAVA_RULE,
        &format!("class A {{\n  void m(File f, Connection c) throws Exception {{\n{body}\n  }}\n}}\n"),
    )
}

fn python(body: &str) -> Vec<(usize, String)> {
    leaks(PYTHON_RULE, &format!("def f(path):\n{body}\n"))
}

#[test]
fn never_closed_leaks_at_the_end() {
    let l = java("    FileInputStream in = new FileInputStream(f);\n    in.read();");
    assert_eq!(l.len(), 1, "{l:?}");
    assert_eq!(l[0].0, 3);
    assert!(l[0].1.contains("never closed in this method"), "{l:?}");
    let l = java(
        "    FileInputStream in = new FileInputStream(f);\n    if (in.available() > 0) { in.close(); }\n    log(f);",
    );
    assert!(l[0].1.contains("condition at line 4 is false"), "{l:?}");
}

#[test]
fn a_throwing_call_before_close_is_named() {
    let l = java(
        "    BufferedReader r = new BufferedReader(new FileReader(f));\n    String s = r.readLine();\n    r.close();",
    );
    assert_eq!(l.len(), 1, "{l:?}");
    assert!(l[0].1.contains("readLine() throws (line 4)"), "{l:?}");
}

#[test]
fn closed_in_finally_with_a_null_check() {
    let l = java(
        "    FileInputStream in = null;\n    try {\n      in = new FileInputStream(f);\n      in.read();\n    } finally {\n      if (in != null) { in.close(); }\n    }",
    );
    assert!(l.is_empty(), "{l:?}");
}

#[test]
fn try_with_resources_returned_stored_and_closers_are_not_leaks() {
    assert!(java("    try (FileInputStream in = new FileInputStream(f)) { in.read(); }").is_empty());
    assert!(java("    FileInputStream in = new FileInputStream(f);\n    return;").len() == 1);
    assert!(java("    this.in = new FileInputStream(f);").is_empty());
    assert!(java("    FileInputStream in = new FileInputStream(f);\n    field = in;").is_empty());
    assert!(java("    FileInputStream in = new FileInputStream(f);\n    IOUtils.closeQuietly(in);").is_empty());
    assert!(
        java(
            "    InputStream in = new FileInputStream(f);\n    try (Reader r = new InputStreamReader(in)) { r.read(); }"
        )
        .is_empty()
    );
    // Handed to a method the rule does not know: it may keep it.
    assert!(java("    FileInputStream in = new FileInputStream(f);\n    register(in);").is_empty());
    // A borrower uses it and may throw.
    let l = java("    FileInputStream in = new FileInputStream(f);\n    props.load(in);\n    in.close();");
    assert!(l.len() == 1 && l[0].1.contains("load() throws"), "{l:?}");
}

#[test]
fn one_branch_leaks_and_both_branches_do_not() {
    let l = java(
        "    FileInputStream in = new FileInputStream(f);\n    if (f.exists()) {\n      in.close();\n    } else {\n      log(f);\n    }",
    );
    assert_eq!(l.len(), 1, "{l:?}");
    assert!(l[0].1.contains("through line 7"), "{l:?}");
    let l = java(
        "    FileInputStream in = new FileInputStream(f);\n    if (f.exists()) {\n      in.close();\n    } else {\n      in.close();\n    }",
    );
    // f.exists() may throw while it is open.
    assert_eq!(l.len(), 1, "{l:?}");
    assert!(l[0].1.contains("exists() throws"), "{l:?}");
    let l = java("    FileInputStream in = new FileInputStream(f);\n    if (ok) {\n      in.close();\n    }");
    assert!(l[0].1.contains("condition at line 4 is false"), "{l:?}");
}

#[test]
fn early_return_before_close() {
    let l = java(
        "    FileInputStream in = new FileInputStream(f);\n    if (skip) {\n      return;\n    }\n    in.close();",
    );
    assert_eq!(l.len(), 1, "{l:?}");
    assert!(l[0].1.contains("return at line 5"), "{l:?}");
}

#[test]
fn catch_that_closes_and_rethrows_covers_the_exceptional_path() {
    let l = java(
        "    FileInputStream in = new FileInputStream(f);\n    try {\n      in.read();\n    } catch (IOException e) {\n      in.close();\n      throw e;\n    }\n    in.close();",
    );
    assert!(l.is_empty(), "{l:?}");
}

#[test]
fn loops_reacquire_and_continue() {
    let l = java(
        "    for (File g : files) {\n      FileInputStream in = new FileInputStream(g);\n      if (skip) continue;\n      in.close();\n    }",
    );
    assert_eq!(l.len(), 1, "{l:?}");
    let l = java(
        "    while (true) {\n      FileInputStream in = new FileInputStream(f);\n      in.close();\n      break;\n    }",
    );
    assert!(l.is_empty(), "{l:?}");
}

#[test]
fn inline_and_owned_by_receiver() {
    let l = java("    new FileReader(f).read();");
    assert!(l.len() == 1 && l[0].1.contains("never held"), "{l:?}");
    assert!(java("    new FileReader(f).close();").is_empty());
    // Captured by a lambda: handed over.
    assert!(java("    FileInputStream in = new FileInputStream(f);\n    run(() -> use(in));").is_empty());
}

#[test]
fn python_paths() {
    assert!(python("    with open(path) as fh:\n        return fh.read()").is_empty());
    let l = python("    fh = open(path)\n    data = fh.read()\n    fh.close()\n    return data");
    assert!(l.len() == 1 && l[0].1.contains("read() throws"), "{l:?}");
    assert!(
        python("    fh = open(path)\n    try:\n        return fh.read()\n    finally:\n        fh.close()").is_empty()
    );
    assert!(python("    fh = open(path)\n    with closing(fh):\n        return fh.read()").is_empty());
    assert!(python("    with contextlib.closing(socket.socket()) as s:\n        s.connect(path)").is_empty());
    assert!(python("    return open(path)").is_empty());
    assert!(python("    fh = open(path)\n    return fh").is_empty());
    assert!(python("    self.fh = open(path)").is_empty());
    let l = python("    fh = open(path)\n    if fh.readable():\n        fh.close()");
    assert_eq!(l.len(), 1, "{l:?}");
    let l = python("    fh = open(path)\n    if not path:\n        return None\n    fh.close()");
    assert!(l.len() == 1 && l[0].1.contains("return at line 4"), "{l:?}");
    let l = python(
        "    fh = None\n    try:\n        fh = open(path)\n        fh.read()\n    except OSError:\n        raise\n    finally:\n        if fh is not None:\n            fh.close()",
    );
    assert!(l.is_empty(), "{l:?}");
    let l = python("    fh = open(path)\n    data = json.load(fh)\n    return data");
    assert_eq!(l.len(), 1, "{l:?}");
    // for-else: the else block runs only when the loop was not broken out of.
    let l = python(
        "    for p in path:\n        fh = open(p)\n        try:\n            fh.read()\n        except OSError:\n            fh.close()\n            continue\n        else:\n            break\n    else:\n        raise ValueError(path)\n    return fh",
    );
    assert!(l.is_empty(), "{l:?}");
}

#[test]
fn helpers_of_the_same_file_are_looked_into() {
    let src = "class A {\n  void m(File f) throws Exception {\n    FileInputStream in = new FileInputStream(f);\n    peek(in);\n    FileInputStream kept = new FileInputStream(f);\n    this.hold(kept);\n  }\n  private int peek(InputStream s) throws IOException { return s.read(); }\n  private void hold(InputStream s) { list.add(s); }\n}\n";
    let l = leaks(JAVA_RULE, src);
    assert_eq!(l.len(), 1, "{l:?}");
    assert_eq!(l[0].0, 3);
    let src = "def first(fh, n=1):\n    return fh.read(n)\n\ndef f(path):\n    fh = open(path)\n    return first(fh)\n\ndef g(path):\n    fh = open(path)\n    return first(n=2, fh=fh)\n";
    let l = leaks(PYTHON_RULE, src);
    assert_eq!(l.len(), 2, "{l:?}");
}

#[test]
fn nested_finally_blocks_stop_at_the_deadline() {
    // A finally block runs once per way out of its try (normal, return, throw): finally blocks
    // nested in finally blocks cost 3^depth runs, and give up at the deadline.
    let mut level = String::from("g();");
    for _ in 0..24 {
        level = format!("try {{ if (a()) return; if (b()) throw new E(); h(); }} finally {{ {level} }}");
    }
    let body = format!("    FileInputStream in = new FileInputStream(f);\n    {level}\n    in.close();");
    let r = Rule::parse("demo.toml", JAVA_RULE, None).expect("rule parses");
    let mut set = RuleSet::default();
    set.rules.push(r);
    let src = format!("class A {{\n  void m(File f) throws Exception {{\n{body}\n  }}\n}}\n");
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&Lang::Java.grammar()).expect("grammar");
    let tree = parser.parse(&src, None).expect("parses");
    let start = Instant::now();
    let mut out = Vec::new();
    let done = run(
        &set,
        &[0],
        tree.root_node(),
        src.as_bytes(),
        start + Duration::from_millis(300),
        &mut out,
    );
    assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
    assert!(!done, "3^24 runs finished in time?");
}
