//! Fidelity of native sampling, on C targets compiled here with and without frame pointers:
//! CPU shares, samples x interval against the target's own CPU time, threads, depth limits,
//! whole stacks without frame pointers, frameless leaves, exit codes, targets that exit.
//!
//! Each test returns early, saying why, when perf events or gcc are not available.

mod common;

use profiler::backend::native::{self, ExitStatus, NativeOptions, Target};
use profiler::cli::Unwind;
use profiler::record;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bin(flags: &[&str]) -> String {
    common::compile("cpu", flags).to_str().unwrap().to_string()
}

/// Percentage of `part` in `whole`.
fn pct(part: u64, whole: u64) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

fn contains_seq(names: &[&str], seq: &[&str]) -> bool {
    names.windows(seq.len()).any(|w| w == seq)
}

/// 70/30 split within 5 points; samples x interval within 10% of the child's rusage CPU time;
/// whole stacks from main.
fn check_split(unwind: &str, flags: &[&str]) {
    let target = bin(flags);
    let args = common::record_args(&["--unwind", unwind, "-i", "1ms", "--", &target, "split", "2"]);
    let outcome = record::record(&args).unwrap();
    let p = &outcome.profile;
    common::dump(p);
    assert_eq!(outcome.exit, Some(ExitStatus::Code(0)));
    let a = common::weight_where(p, |f| f.last() == Some(&"hot_a"));
    let b = common::weight_where(p, |f| f.last() == Some(&"hot_b"));
    let share = pct(a, a + b);
    eprintln!("{unwind}: hot_a {a}, hot_b {b}: {share:.1}% / {:.1}%", 100.0 - share);
    assert!(
        (share - 70.0).abs() <= 5.0,
        "hot_a has {share:.1}% of the samples, not 70 +- 5"
    );
    assert!(a + b >= p.total_weight() * 9 / 10, "most samples are in hot_a/hot_b");
    let cpu_ns = p.meta.extra["target_cpu_ns"].as_u64().unwrap() as f64;
    let sampled_ns = (p.total_weight() * p.meta.interval_ns) as f64;
    let ratio = sampled_ns / cpu_ns;
    eprintln!("{unwind}: samples x interval / rusage CPU = {ratio:.3}");
    assert!(
        (ratio - 1.0).abs() <= 0.10,
        "samples x interval is {ratio:.3} of the CPU time"
    );
}

#[test]
fn split_70_30_and_cpu_time_auto_without_frame_pointers() {
    skip_unless_supported!();
    check_split("auto", common::NO_FP);
    // And whole stacks: hot_a is called by run_split, under main at the root.
}

#[test]
fn split_70_30_and_cpu_time_fp() {
    skip_unless_supported!();
    check_split("fp", common::WITH_FP);
}

#[test]
fn no_frame_pointers_auto_gives_whole_stacks() {
    skip_unless_supported!();
    let target = bin(common::NO_FP);
    let args = common::record_args(&["--unwind", "auto", "-i", "2ms", "--", &target, "chain", "1"]);
    let p = record::record(&args).unwrap().profile;
    common::dump(&p);
    let total = p.total_weight();
    let whole = common::weight_where(&p, |f| {
        f.first() == Some(&"main") && contains_seq(f, &["run_chain", "level_a", "level_b", "level_c"])
    });
    assert!(
        pct(whole, total) >= 90.0,
        "only {whole} of {total} samples have main;run_chain;level_a;level_b;level_c"
    );
    let truncated = common::weight_where(&p, |f| f.first() == Some(&"[truncated]"));
    assert!(pct(truncated, total) < 5.0, "{truncated} of {total} stacks truncated");
}

#[test]
fn frameless_leaf_keeps_its_caller_in_auto() {
    skip_unless_supported!();
    let target = bin(common::WITH_FP);
    let args = common::record_args(&["--unwind", "auto", "-i", "2ms", "--", &target, "leaf", "1"]);
    let p = record::record(&args).unwrap().profile;
    common::dump(&p);
    let leaf = common::weight_where(&p, |f| f.last() == Some(&"frameless_leaf"));
    let with_caller = common::weight_where(&p, |f| f.ends_with(&["main", "caller_of_leaf", "frameless_leaf"]));
    assert!(leaf > 300, "only {leaf} samples in frameless_leaf");
    assert!(
        pct(with_caller, leaf) >= 95.0,
        "{with_caller} of {leaf} frameless_leaf samples keep main;caller_of_leaf"
    );
}

#[test]
fn max_depth_keeps_the_root_frames() {
    skip_unless_supported!();
    let target = bin(common::NO_FP);
    let args = common::record_args(&["--max-depth", "2", "-i", "2ms", "--", &target, "chain", "0.5"]);
    let p = record::record(&args).unwrap().profile;
    common::dump(&p);
    assert_eq!(p.meta.max_depth, Some(2));
    assert!(p.stacks.iter().all(|s| s.frames.len() <= 2));
    let top = &common::folded(&p)[0];
    assert_eq!(top.0, "main;run_chain");
    assert!(pct(top.1, p.total_weight()) >= 90.0);
}

fn worker_weights(p: &profiler::profile::Profile, n: usize) -> Vec<u64> {
    (0..n)
        .map(|i| {
            let name = format!("worker_{i}");
            common::weight_where(p, |f| f.contains(&name.as_str()))
        })
        .collect()
}

#[test]
fn threads_merged_and_per_thread() {
    skip_unless_supported!();
    let target = bin(common::WITH_FP);
    let opts = NativeOptions {
        interval: Duration::from_millis(5),
        ..NativeOptions::default()
    };
    let command = vec![target.clone(), "threads".into(), "3".into(), "1".into()];
    let recording = native::record(&Target::Command(command), &opts).unwrap();
    // Merged: every thread's work is there, about 1 s / 5 ms = 200 samples each.
    let merged = record::build_profile(&recording, "threads", &common::record_args(&["-i", "5ms"]));
    common::dump(&merged);
    let weights = worker_weights(&merged, 3);
    eprintln!("merged: {weights:?}");
    for (i, &w) in weights.iter().enumerate() {
        assert!((150..=250).contains(&w), "worker_{i} has {w} samples, not about 200");
    }
    // Split by thread: each worker under its own thread root frame.
    let split = record::build_profile(
        &recording,
        "threads",
        &common::record_args(&["-i", "5ms", "--per-thread"]),
    );
    for (i, &expected) in weights.iter().enumerate() {
        let root = format!("worker-{i} (tid ");
        let own = format!("worker_{i}");
        let w = common::weight_where(&split, |f| f[0].starts_with(&root) && f.contains(&own.as_str()));
        assert_eq!(w, expected, "worker_{i}'s samples are all under thread worker-{i}");
        assert!(split.stacks.iter().all(|s| s.thread.is_some()));
    }
}

#[test]
fn attach_follows_new_threads_and_notes_the_exit() {
    skip_unless_supported!();
    let target = bin(common::WITH_FP);
    // Threads worker_0 and worker_1 start at once, worker_2 300 ms later: after the attach.
    let mut child = Command::new(&target)
        .args(["threads", "3", "1"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let args = common::record_args(&[
        "--pid",
        &child.id().to_string(),
        "-d",
        "60s",
        "-i",
        "5ms",
        "-o",
        "unused.folded",
    ]);
    let started = Instant::now();
    let outcome = record::record(&args).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success());
    let p = &outcome.profile;
    common::dump(p);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "stopped when the target exited"
    );
    assert!(
        p.meta.notes.iter().any(|n| n.contains("target exited")),
        "notes: {:?}",
        p.meta.notes
    );
    let weights = worker_weights(p, 3);
    eprintln!("attached: {weights:?}");
    assert!(
        weights[2] >= 150,
        "the thread created after the attach was sampled: {weights:?}"
    );
    assert!(weights[0] >= 100 && weights[1] >= 100, "{weights:?}");
}

#[test]
fn subprocesses_are_followed_on_request() {
    skip_unless_supported!();
    let target = bin(common::WITH_FP);
    let with = common::record_args(&["--subprocesses", "-i", "5ms", "--", &target, "fork", "0.5"]);
    let p = record::record(&with).unwrap().profile;
    common::dump(&p);
    let child = common::weight_where(&p, |f| f.contains(&"child_work"));
    let parent = common::weight_where(&p, |f| f.contains(&"parent_work"));
    assert!(child >= 70 && parent >= 70, "child {child}, parent {parent}");
    let without = common::record_args(&["-i", "5ms", "--", &target, "fork", "0.5"]);
    let p = record::record(&without).unwrap().profile;
    assert_eq!(common::weight_where(&p, |f| f.contains(&"child_work")), 0);
    assert!(common::weight_where(&p, |f| f.contains(&"parent_work")) >= 70);
    assert!(p.meta.notes.iter().any(|n| n.contains("--subprocesses")));
}

#[test]
fn attach_with_subprocesses_follows_forks() {
    skip_unless_supported!();
    let target = bin(common::WITH_FP);
    // The target forks 300 ms after it starts, so after the profiler attached.
    let mut child = Command::new(&target)
        .args(["fork", "0.5"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(50));
    let pid = child.id().to_string();
    let args = common::record_args(&["--pid", &pid, "--subprocesses", "-i", "5ms"]);
    let p = record::record(&args).unwrap().profile;
    child.wait().unwrap();
    common::dump(&p);
    let forked = common::weight_where(&p, |f| f.contains(&"child_work"));
    let parent = common::weight_where(&p, |f| f.contains(&"parent_work"));
    assert!(forked >= 70 && parent >= 70, "child {forked}, parent {parent}");
}

#[test]
fn launched_command_exit_code_is_passed_through() {
    skip_unless_supported!();
    let target = bin(common::WITH_FP);
    let args = common::record_args(&["--", &target, "exit", "7", "0.2"]);
    let outcome = record::record(&args).unwrap();
    assert_eq!(outcome.exit, Some(ExitStatus::Code(7)));
    assert_eq!(record::exit_code(outcome.exit.unwrap()), 7);
    assert!(outcome.profile.total_weight() >= 10);
    let missing = common::record_args(&["--", "/nonexistent/program"]);
    let err = record::record(&missing).unwrap_err().to_string();
    assert!(err.contains("could not run"), "{err}");
}

#[test]
fn dwarf_mode_unwinds_and_marks_nothing_truncated() {
    skip_unless_supported!();
    let target = bin(common::NO_FP);
    let opts = NativeOptions {
        interval: Duration::from_millis(2),
        unwind: Unwind::Dwarf,
        ..NativeOptions::default()
    };
    let command = vec![target, "chain".into(), "0.5".into()];
    let recording = native::record(&Target::Command(command), &opts).unwrap();
    let p = record::build_profile(&recording, "chain", &common::record_args(&["--unwind", "dwarf"]));
    common::dump(&p);
    let whole = common::weight_where(&p, |f| f.first() == Some(&"main"));
    assert!(pct(whole, p.total_weight()) >= 90.0);
}

/// A stack deeper than the 32 KiB stack copy: dwarf marks it `[truncated]`, auto finishes it
/// with the frame-pointer chain (the target has frame pointers), and `--max-depth` still
/// keeps the root frames.
#[test]
fn deep_stacks_truncated_in_dwarf_and_spliced_in_auto() {
    skip_unless_supported!();
    let target = bin(common::WITH_FP);
    let command = vec![target, "deep".into(), "90".into(), "0.6".into()];
    let mut profiles = Vec::new();
    for unwind in [Unwind::Dwarf, Unwind::Auto] {
        let opts = NativeOptions {
            interval: Duration::from_millis(2),
            unwind,
            ..NativeOptions::default()
        };
        let recording = native::record(&Target::Command(command.clone()), &opts).unwrap();
        let name = record::unwind_name(unwind);
        let p = record::build_profile(&recording, "deep", &common::record_args(&["--unwind", name]));
        eprintln!("{name}: {:?}", recording.unwind_stats);
        let total = p.total_weight();
        let truncated = common::weight_where(&p, |f| f.first() == Some(&"[truncated]"));
        let leaf = common::weight_where(&p, |f| f.last() == Some(&"deep_leaf"));
        assert!(pct(leaf, total) >= 90.0, "{leaf} of {total} in deep_leaf");
        if unwind == Unwind::Dwarf {
            assert!(pct(truncated, total) >= 90.0, "{truncated} of {total} truncated");
        } else {
            assert!(pct(truncated, total) <= 5.0, "{truncated} of {total} truncated");
            let whole = common::weight_where(&p, |f| {
                f.first() == Some(&"main")
                    && f.iter().filter(|&&n| n == "recurse").count() == 90
                    && f.last() == Some(&"deep_leaf")
            });
            if pct(whole, total) < 90.0 {
                common::dump(&p);
            }
            assert!(pct(whole, total) >= 90.0, "{whole} of {total} whole");
            assert!(recording.unwind_stats.fp_spliced > 0);
            let limited = record::build_profile(&recording, "deep", &common::record_args(&["--max-depth", "3"]));
            let top = &common::folded(&limited)[0];
            assert_eq!(top.0, "main;run_deep;recurse");
        }
        profiles.push(p);
    }
    common::dump(&profiles[0]);
}

#[test]
fn an_idle_target_gives_an_empty_profile_with_a_note() {
    skip_unless_supported!();
    let target = bin(common::WITH_FP);
    let args = common::record_args(&["--", &target, "sleep", "0.3"]);
    let outcome = record::record(&args).unwrap();
    assert_eq!(outcome.exit, Some(ExitStatus::Code(0)));
    assert!(outcome.profile.total_weight() <= 2);
    if outcome.profile.total_weight() == 0 {
        assert!(outcome.profile.meta.notes.iter().any(|n| n.contains("no samples")));
    }
}

#[test]
fn no_such_pid_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_profiler"))
        .args(["record", "--pid", "999999999", "-d", "1s", "-o"])
        .arg(std::env::temp_dir().join("never-written.svg"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no process with pid 999999999"), "{stderr}");
}

/// As an unprivileged user, profiling root's process fails with the capability to ask for.
#[test]
fn no_permission_names_the_capabilities() {
    skip_unless_supported!();
    let whoami = std::fs::read_to_string("/proc/self/status").unwrap();
    let root = whoami
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(2) == Some("0"));
    if !root || Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("SKIPPED: needs root and setpriv to run the profiler as another user");
        return;
    }
    // A copy the other user can run, whatever the permissions of the build directory.
    let dir = tempfile::tempdir().unwrap();
    let exe = dir.path().join("profiler");
    std::fs::copy(env!("CARGO_BIN_EXE_profiler"), &exe).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut victim = Command::new("sleep").arg("30").spawn().unwrap();
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&exe)
        .args([
            "record",
            "--pid",
            &victim.id().to_string(),
            "-d",
            "1s",
            "-o",
            "/dev/null",
        ])
        .output()
        .unwrap();
    victim.kill().unwrap();
    victim.wait().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("perf events are not allowed"), "{stderr}");
    assert!(
        stderr.contains("CAP_SYS_PTRACE") && stderr.contains("CAP_PERFMON"),
        "{stderr}"
    );
}
