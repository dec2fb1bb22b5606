//! `profiler memory` as a user runs it: the binary, its output and its exit code.

use std::process::{Child, Command};

struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn profiler(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_profiler"))
        .args(args)
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn table_and_json_of_a_sleeping_process() {
    let child = Reaped(Command::new("sleep").arg("30").spawn().unwrap());
    let pid = child.0.id().to_string();
    std::thread::sleep(std::time::Duration::from_millis(100));

    let (code, out, err) = profiler(&["memory", "--pid", &pid, "--top", "4"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with(&format!("pid {pid} (sleep): ")), "{out}");
    assert!(lines[1].starts_with("RSS ") && lines[1].contains("USS"), "{out}");
    let header = lines.iter().position(|l| l.ends_with(" MAPPING")).unwrap();
    // Four mappings, then the rest summed on one line.
    assert_eq!(lines.len(), header + 6, "{out}");
    assert!(lines[header + 5].contains("smaller mappings)"), "{out}");
    assert!(lines.iter().all(|l| l.chars().count() <= 100), "{out}");

    let (code, out, err) = profiler(&["memory", "--pid", &pid, "--format", "json", "--top", "0"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["pid"].to_string(), pid);
    assert_eq!(v["mappings"].as_array().unwrap().len() as u64, v["mapping_count"]);
    assert!(v.get("other_mappings").is_none());
}

#[test]
fn a_missing_pid_fails_with_its_number() {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id().to_string();
    child.wait().unwrap();
    let (code, out, err) = profiler(&["memory", "--pid", &pid]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert_eq!(
        err.trim(),
        format!("profiler: error: no process with pid {pid}: it does not exist or has exited")
    );
}
