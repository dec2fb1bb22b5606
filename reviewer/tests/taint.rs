//! Dataflow across files of a scanned tree: helper classes, properties files, and the paths
//! reported in JSON, SARIF and text.

mod common;

use common::{findings, reviewer, scan_json, write_tree};

const HELPER: &str = r#"package app.util;

public class Helper {
    public static String same(String s) {
        return s.trim();
    }

    public static String fixed(String s) {
        return "constant";
    }

    public static void run(java.sql.Connection c, String where) throws java.sql.SQLException {
        c.createStatement().executeQuery("SELECT * FROM t WHERE " + where);
    }

    public String param(javax.servlet.http.HttpServletRequest request, String name) {
        return request.getParameter(name);
    }
}
"#;

const APP: &str = r#"package app;

import app.util.Helper;
import java.sql.*;
import javax.servlet.http.*;

public class App extends HttpServlet {
    public void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:h2:mem:");
        String p = request.getParameter("p");
        c.createStatement().execute("SELECT '" + Helper.same(p) + "'");
        c.createStatement().execute("SELECT '" + Helper.fixed(p) + "'");
        Helper.run(c, p);
        Helper.run(c, "1 = 1");
        String q = new Helper().param(request, "q");
        c.createStatement().execute("SELECT '" + q + "'");
        java.util.Properties props = new java.util.Properties();
        props.load(App.class.getResourceAsStream("/app.properties"));
        java.security.MessageDigest.getInstance(props.getProperty("digest", "SHA-256"));
        java.security.MessageDigest.getInstance(props.getProperty("strong", "MD5"));
    }
}
"#;

const PROPS: &str = "# configuration\ndigest=MD5\nstrong = SHA-512\n";

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("src/main/java/app/util/Helper.java", HELPER.as_bytes()),
            ("src/main/java/app/App.java", APP.as_bytes()),
            ("src/main/resources/app.properties", PROPS.as_bytes()),
        ],
    );
    dir
}

fn rule_lines(report: &serde_json::Value, rule: &str) -> Vec<u64> {
    findings(report)
        .into_iter()
        .filter(|(p, _, r)| r == rule && p.ends_with("App.java"))
        .map(|(_, l, _)| l)
        .collect()
}

#[test]
fn summaries_of_other_classes_and_properties_files_decide_findings() {
    let dir = tree();
    let (code, report, stderr) = scan_json(dir.path(), &["--category", "security"]);
    assert_eq!(code, 1, "{stderr}");
    // Passed through a helper: found; replaced by a helper's constant: not; a helper that runs
    // its parameter as SQL: found at the call with a tainted argument only; a helper that
    // reads the request itself: a source.
    assert_eq!(rule_lines(&report, "java-sql-injection"), vec![11, 13, 16]);
    // `digest` is MD5 in app.properties (the default is not used); `strong` is SHA-512.
    assert_eq!(rule_lines(&report, "weak-hash-from-configuration"), vec![19]);
    // Nothing is reported inside the helper: it has no source of its own.
    assert!(
        !findings(&report)
            .iter()
            .any(|(p, _, r)| p.ends_with("Helper.java") && r == "java-sql-injection")
    );
}

#[test]
fn the_path_from_source_to_sink_is_reported_in_every_format() {
    let dir = tree();
    let (_, report, _) = scan_json(dir.path(), &["--category", "security"]);
    let run = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "java-sql-injection" && f["span"]["start_line"] == 13)
        .expect("finding at the helper call");
    let flow = run["flow"].as_array().expect("flow steps");
    let steps: Vec<(String, u64)> = flow
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s["span"]["start_line"].as_u64().unwrap(),
            )
        })
        .collect();
    // Source in App.java, into the helper, to the sink in Helper.java.
    assert!(steps[0].0.ends_with("App.java") && steps[0].1 == 10, "{steps:?}");
    assert!(flow[0]["message"].as_str().unwrap().contains("request.getParameter"));
    let last = steps.last().unwrap();
    assert!(last.0.ends_with("Helper.java") && last.1 == 13, "{steps:?}");
    assert!(
        steps.iter().any(|(p, l)| p.ends_with("App.java") && *l == 13),
        "{steps:?}"
    );

    let out = reviewer(
        dir.path(),
        &["scan", "--category", "security", "--format", "sarif"],
        None,
    );
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["ruleId"] == "java-sql-injection" && r["locations"][0]["physicalLocation"]["region"]["startLine"] == 13
        })
        .expect("SARIF result");
    let locs = result["codeFlows"][0]["threadFlows"][0]["locations"]
        .as_array()
        .unwrap();
    assert_eq!(locs.len(), flow.len());
    assert_eq!(locs[0]["kinds"][0], "source");
    assert_eq!(locs[locs.len() - 1]["kinds"][0], "sink");
    assert!(
        locs[locs.len() - 1]["location"]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("Helper.java")
    );

    let out = reviewer(
        dir.path(),
        &["scan", "--category", "security", "--color", "never"],
        None,
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("= path:"), "{text}");
    assert!(text.contains("1. 10:"), "{text}");
}

#[test]
fn a_change_to_any_step_of_a_path_makes_the_finding_the_changes() {
    // Finding::spans() covers the path, which is what --diff and --staged filter by.
    let dir = tree();
    let (_, report, _) = scan_json(dir.path(), &["--category", "security"]);
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "java-sql-injection" && f["span"]["start_line"] == 11)
        .unwrap();
    let finding: reviewer::finding::Finding = serde_json::from_value(f.clone()).unwrap();
    let lines: Vec<usize> = finding.spans().iter().map(|s| s.start_line).collect();
    assert!(lines.contains(&10), "the source line is one of the spans: {lines:?}");
    assert!(lines.contains(&11));
}

#[test]
fn pattern_rules_defer_to_the_dataflow_where_it_decides() {
    let dir = tempfile::tempdir().unwrap();
    let java = r#"import java.sql.*;
import javax.servlet.http.*;

public class Defer extends HttpServlet {
    public void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        Statement st = DriverManager.getConnection("jdbc:h2:mem:").createStatement();
        String name = request.getParameter("name");
        st.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
        String fixed = 3 > 5 ? name : "admin";
        st.executeQuery("SELECT * FROM users WHERE name = '" + fixed + "'");
    }

    static void lookup(Statement st, String name) throws SQLException {
        st.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
    }
}
"#;
    let python = r#"from flask import request

def view(db):
    name = request.args["name"]
    db.execute("SELECT * FROM users WHERE name = '%s'" % name)
    fixed = "admin"
    db.execute("SELECT * FROM users WHERE name = '%s'" % fixed)

def lookup(db, name):
    db.execute("SELECT * FROM users WHERE name = '%s'" % name)
"#;
    write_tree(
        dir.path(),
        &[("Defer.java", java.as_bytes()), ("defer.py", python.as_bytes())],
    );
    let (_, report, stderr) = scan_json(dir.path(), &["--category", "security"]);
    let mut got = findings(&report);
    got.sort();
    assert_eq!(
        got,
        vec![
            // A source reaches it: the taint rule reports it, with its path.
            ("Defer.java".to_string(), 8, "java-sql-injection".to_string()),
            // A constant after folding: nobody does. A parameter: only the pattern rule.
            ("Defer.java".to_string(), 14, "jdbc-sql-concatenation".to_string()),
            ("defer.py".to_string(), 5, "python-sql-injection".to_string()),
            ("defer.py".to_string(), 10, "execute-formatted-sql".to_string()),
        ],
        "{stderr}"
    );
}

#[test]
fn python_modules_of_the_tree_are_followed() {
    let dir = tempfile::tempdir().unwrap();
    let helpers = "def same(value):\n    return value.strip()\n\n\ndef fixed(value):\n    return 'constant'\n\n\ndef run(db, where):\n    db.execute('SELECT * FROM t WHERE ' + where)\n";
    let app = "from flask import request\n\nfrom app import helpers\nfrom app.helpers import run\n\n\ndef view(db):\n    q = request.args['q']\n    db.execute('SELECT ' + helpers.same(q))\n    db.execute('SELECT ' + helpers.fixed(q))\n    run(db, q)\n";
    write_tree(
        dir.path(),
        &[
            ("app/__init__.py", b""),
            ("app/helpers.py", helpers.as_bytes()),
            ("app/views.py", app.as_bytes()),
        ],
    );
    let (_, report, stderr) = scan_json(dir.path(), &["--category", "security"]);
    let lines: Vec<u64> = findings(&report)
        .into_iter()
        .filter(|(p, _, r)| p.ends_with("views.py") && r == "python-sql-injection")
        .map(|(_, l, _)| l)
        .collect();
    assert_eq!(lines, vec![9, 11], "{stderr}");
}

#[test]
fn pathologically_deep_code_is_analysed_without_exhausting_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let terms = vec!["\"a\""; 20_000].join(" + ");
    let java = format!(
        "class Deep {{ void m(javax.servlet.http.HttpServletRequest r, java.sql.Statement s) throws Exception {{ String x = r.getParameter(\"a\") + {terms}; s.executeQuery(x); }} }}\n"
    );
    let mut elifs = String::from(
        "from flask import request\n\ndef f(db):\n    x = int(request.args['n'])\n    if x == -1:\n        y = request.args['a']\n",
    );
    for i in 0..3000 {
        elifs.push_str(&format!("    elif x == {i}:\n        y = '{i}'\n"));
    }
    elifs.push_str("    db.execute('SELECT ' + y)\n");
    write_tree(
        dir.path(),
        &[("Deep.java", java.as_bytes()), ("deep.py", elifs.as_bytes())],
    );
    let (code, report, stderr) = scan_json(dir.path(), &["--category", "security"]);
    assert_eq!(code, 1, "{stderr}");
    let mut got: Vec<(String, u64, String)> = findings(&report);
    got.sort();
    assert_eq!(
        got,
        vec![
            ("Deep.java".to_string(), 1, "java-sql-injection".to_string()),
            ("deep.py".to_string(), 6007, "python-sql-injection".to_string()),
        ]
    );
}

#[test]
fn a_secret_in_the_code_a_path_quotes_is_masked() {
    // A made-up password in a URL inside the SQL a source reaches: the sink step quotes that
    // code, and must not show the value.
    let dir = tempfile::tempdir().unwrap();
    let java = r#"import java.sql.*;
import javax.servlet.http.*;

public class S extends HttpServlet {
    public void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        Statement st = DriverManager.getConnection("jdbc:h2:mem:").createStatement();
        st.executeQuery("SELECT 'postgres://admin:Qv7mZ2rT9xKw@db.internal/app' WHERE n = '" + request.getParameter("n") + "'");
    }
}
"#;
    write_tree(dir.path(), &[("S.java", java.as_bytes())]);
    let (_, report, _) = scan_json(dir.path(), &[]);
    let sql = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "java-sql-injection")
        .expect("the injection is found");
    let last = sql["flow"].as_array().unwrap().last().unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(last.contains("admin:****"), "{last}");
    for format in ["json", "sarif", "text", "markdown", "github"] {
        let out = reviewer(dir.path(), &["scan", "--format", format, "--color", "never"], None);
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("Qv7mZ2rT9xKw"), "{format} output shows the password");
    }
}

#[test]
fn a_path_ending_far_into_a_longer_file_is_reported() {
    // The sink step's byte range lies in the helper, beyond the end of the short caller: the
    // report must resolve it in the helper's file (this once panicked the scan).
    let padding = "    // a long explanation of the helper\n".repeat(200);
    let helper = format!(
        "package app;\n\npublic class Db {{\n{padding}    public static void run(java.sql.Connection c, String w) throws Exception {{\n        c.createStatement().executeQuery(\"SELECT * FROM t WHERE \" + w);\n    }}\n}}\n"
    );
    let caller = "package app;\n\npublic class A extends javax.servlet.http.HttpServlet {\n    public void doGet(javax.servlet.http.HttpServletRequest r, javax.servlet.http.HttpServletResponse s) throws Exception {\n        Db.run(null, r.getParameter(\"w\"));\n    }\n}\n";
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("src/app/Db.java", helper.as_bytes()),
            ("src/app/A.java", caller.as_bytes()),
        ],
    );
    for format in ["json", "text", "sarif"] {
        let out = reviewer(
            dir.path(),
            &["scan", "--category", "security", "--format", format],
            None,
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("java-sql-injection"), "{format}: {stdout}");
        assert!(stdout.contains("Db.java"), "the path reaches the helper: {stdout}");
    }
}
