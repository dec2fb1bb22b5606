//! The `profiler record` command end to end: exit-code passthrough of a launched command,
//! SIGTERM writing the profile of an attached process, and the JSON profile with the target's
//! memory over time.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn exit_code_of_the_launched_command_is_the_profilers() {
    skip_unless_supported!();
    let target = common::compile("cpu", common::WITH_FP);
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("cpu.folded");
    let out = Command::new(env!("CARGO_BIN_EXE_profiler"))
        .args(["record", "-i", "2ms", "-o"])
        .arg(&out_path)
        .arg("--")
        .arg(&target)
        .args(["exit", "7", "0.3"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(7), "{stderr}");
    let folded = std::fs::read_to_string(&out_path).unwrap();
    assert!(folded.contains("main;run_chain;level_a;level_b;level_c "), "{folded}");
}

#[test]
fn sigterm_writes_the_profile_and_leaves_the_target_running() {
    skip_unless_supported!();
    let target = common::compile("cpu", common::WITH_FP);
    let mut victim = Command::new(&target)
        .args(["chain", "30"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("cpu.folded");
    let profiler = Command::new(env!("CARGO_BIN_EXE_profiler"))
        .args(["record", "-i", "5ms", "--pid", &victim.id().to_string(), "-o"])
        .arg(&out_path)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    Command::new("kill")
        .args(["-TERM", &profiler.id().to_string()])
        .status()
        .unwrap();
    let out = profiler.wait_with_output().unwrap();
    let alive = victim.try_wait().unwrap().is_none();
    victim.kill().unwrap();
    victim.wait().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(alive, "the target still ran after the profiler stopped");
    assert!(stderr.contains("stopped by a signal"), "{stderr}");
    let folded = std::fs::read_to_string(&out_path).unwrap();
    assert!(folded.contains("main;run_chain"), "{folded}");
}

#[test]
fn json_profile_holds_memory_over_time() {
    skip_unless_supported!();
    let target = common::compile("cpu", common::WITH_FP);
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("cpu.json");
    let out = Command::new(env!("CARGO_BIN_EXE_profiler"))
        .args(["record", "-i", "5ms", "-o"])
        .arg(&out_path)
        .arg("--")
        .arg(&target)
        .args(["exit", "0", "1.5"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let profile: serde_json::Value = serde_json::from_slice(&std::fs::read(&out_path).unwrap()).unwrap();
    let memory = &profile["meta"]["extra"]["memory"];
    assert!(memory["samples"].as_u64().unwrap_or(0) >= 2, "{memory}");
    let rss = &memory["rss"];
    let (min, mean, max) = (
        rss["min"].as_u64().unwrap(),
        rss["mean"].as_u64().unwrap(),
        rss["max"].as_u64().unwrap(),
    );
    assert!(min > 0 && min <= mean && mean <= max, "{rss}");
    assert!(profile["stacks"].as_array().is_some_and(|s| !s.is_empty()), "no stacks");
}
