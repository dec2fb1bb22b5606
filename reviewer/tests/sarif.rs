//! The SARIF report validates against the SARIF 2.1.0 JSON schema.

mod common;
use common::*;

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let schema_path = root().join("../shared/data/sarif-schema-2.1.0.json");
    let Ok(schema_text) = std::fs::read_to_string(&schema_path) else {
        println!(
            "skipped: the SARIF schema is not at {} (it is in CI)",
            schema_path.display()
        );
        return;
    };
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "src/a b.py",
                b"import subprocess\nsubprocess.run(x, shell=True)\nsubprocess.run(y, shell=True)  # nosec\n",
            ),
            ("broken.py", b"def f(:\n  pass\n"),
            (".env", b"AWS_ACCESS_KEY_ID=AKIAZ7Q3K5V2XW4NHP6M\n"),
        ],
    );
    let out = reviewer(dir.path(), &["scan", "--format", "sarif"], None);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "SARIF is invalid:\n{}", errors.join("\n"));

    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let shell = rules.iter().find(|r| r["id"] == "subprocess-shell-true").unwrap();
    let tags: Vec<&str> = shell["properties"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(tags.contains(&"external/cwe/cwe-78"), "{tags:?}");
    assert_eq!(shell["properties"]["security-severity"], "8.0");
    let results = run["results"].as_array().unwrap();
    let r0 = results.iter().find(|r| r["ruleId"] == "subprocess-shell-true").unwrap();
    assert_eq!(
        r0["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/a%20b.py"
    );
    assert_eq!(r0["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
    assert!(r0["partialFingerprints"]["reviewer/v1"].is_string());
    assert!(results.iter().any(|r| r["suppressions"][0]["kind"] == "inSource"));
    let secret = results.iter().find(|r| r["ruleId"] == "aws-access-key-id").unwrap();
    let snippet = secret["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
        .as_str()
        .unwrap();
    assert!(
        !snippet.contains("AKIAZ7Q3K5V2XW4NHP6M"),
        "secret values are redacted: {snippet}"
    );
    let notes = run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n["level"] == "warning"),
        "the syntax error is a warning notification"
    );

    // The validator is not vacuous: a broken document fails.
    let mut broken = sarif.clone();
    broken["version"] = serde_json::json!("3.0");
    assert!(!validator.is_valid(&broken));
}
