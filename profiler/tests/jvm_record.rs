//! `profiler record` on HotSpot JVMs (JDK 17), run for real: Java targets compiled here with
//! javac, attached through the attach protocol, sampled by JFR.
//!
//! - 70/30 CPU split between two methods, within 5 points; --max-depth, --per-thread, --lines
//!   and every output format on the same JVM;
//! - threads kept apart by --per-thread, and a method the JIT inlined reported as inlined;
//! - a launched command: its JVM is attached once it runs, its exit code is passed on;
//! - a JVM running as `nobody`, attached from root;
//! - a JVM that dies mid-profile still gives the profile of its last periodic dump;
//! - a process that is not a JVM, with --runtime jvm, is a clear error.
//!
//! Each test says `SKIPPED: reason` and returns when java or javac are missing.

mod jvm_common;

use profiler::output::{self, Format};
use profiler::record;
use std::process::Command;
use std::time::{Duration, Instant};

fn pct(part: u64, whole: u64) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

#[test]
fn split_70_30_by_pid_with_depth_threads_lines_and_formats() {
    skip_unless_java!();
    let jvm = jvm_common::start("JvmSplit", &["split", "0"], None);
    jvm_common::warm_up();
    let pid = jvm.pid().to_string();

    // The first recording starts JFR in this JVM, which deoptimizes all compiled code (the
    // profile says so): the shares are measured on the third recording, once recompiled.
    // Meanwhile: the depth limit keeps the root frames.
    let limited = record::record(&jvm_common::record_args(&[
        "--pid",
        &pid,
        "-d",
        "1s",
        "--max-depth",
        "2",
    ]))
    .unwrap()
    .profile;
    jvm_common::dump(&limited);
    assert!(
        limited
            .meta
            .notes
            .iter()
            .any(|n| n.contains("JFR started for the first time"))
    );
    assert_eq!(limited.meta.max_depth, Some(2));
    assert!(limited.stacks.iter().all(|s| s.frames.len() <= 2));
    let top = jvm_common::weight_where(&limited, |f| f == ["JvmSplit.main", "JvmSplit.split"]);
    assert!(pct(top, limited.total_weight()) >= 90.0);

    // Per thread, the main thread is the root of its stacks; with --lines, frames have line
    // numbers.
    let split = record::record(&jvm_common::record_args(&[
        "--pid",
        &pid,
        "-d",
        "1s",
        "--per-thread",
        "--lines",
    ]))
    .unwrap()
    .profile;
    jvm_common::dump(&split);
    assert!(
        !split
            .meta
            .notes
            .iter()
            .any(|n| n.contains("JFR started for the first time"))
    );
    assert!(split.stacks.iter().all(|s| s.thread.is_some()));
    let under_main = jvm_common::weight_where(&split, |f| f[0].starts_with("main (tid "));
    assert_eq!(
        under_main,
        split.total_weight(),
        "every sample is under the main thread"
    );
    assert!(
        split.stacks.iter().any(|s| s
            .frames
            .iter()
            .any(|f| f.function == "JvmSplit.hotA" && f.line.is_some())),
        "hotA has a line number"
    );

    // Recompilation after JFR's start takes a second or two (more on a loaded machine).
    std::thread::sleep(Duration::from_secs(1));
    // 10 s at 10 ms: about 1,000 samples, so the share's own sampling spread (1.5 points) stays
    // well inside the 5-point band; at 5 s it took up most of it.
    let outcome = record::record(&jvm_common::record_args(&["--pid", &pid, "-d", "10s", "-i", "10ms"])).unwrap();
    let p = &outcome.profile;
    jvm_common::dump(p);
    assert_eq!(p.meta.unwind, "jfr");
    let a = jvm_common::weight_where(p, |f| f.contains(&"JvmSplit.hotA"));
    let b = jvm_common::weight_where(p, |f| f.contains(&"JvmSplit.hotB"));
    let share = pct(a, a + b);
    eprintln!("hotA {a}, hotB {b}: {share:.1}% / {:.1}%", 100.0 - share);
    assert!(a + b >= 100, "too few samples: {a} + {b}");
    assert!(
        (share - 70.0).abs() <= 5.0,
        "hotA has {share:.1}% of the samples, not 70 +- 5"
    );
    assert!(
        a + b >= p.total_weight() * 9 / 10,
        "most samples are in hotA/hotB: {} of {}",
        a + b,
        p.total_weight()
    );
    // Whole stacks from main, Java frames only.
    let rooted = jvm_common::weight_where(p, |f| f.starts_with(&["JvmSplit.main", "JvmSplit.split"]));
    assert!(
        pct(rooted, p.total_weight()) >= 95.0,
        "{rooted} stacks start at main;split"
    );
    assert!(
        p.stacks
            .iter()
            .all(|s| s.frames.iter().all(|f| f.kind == profiler::sample::FrameKind::Java))
    );
    assert!(
        p.meta.notes.iter().any(|n| n.contains("at most 5 threads")),
        "JFR's limits are in the notes: {:?}",
        p.meta.notes
    );
    for format in [Format::Svg, Format::Folded, Format::Pprof, Format::Json] {
        let mut out = Vec::new();
        output::render(p, format, &mut out).unwrap();
        assert!(!out.is_empty(), "{format:?} output is empty");
    }
    let mut folded = Vec::new();
    output::render(p, Format::Folded, &mut folded).unwrap();
    let folded = String::from_utf8(folded).unwrap();
    assert!(
        folded.contains("JvmSplit.main;JvmSplit.split;JvmSplit.hotA"),
        "{folded}"
    );
}

#[test]
fn per_thread_keeps_java_threads_apart_and_inlined_frames_are_marked() {
    skip_unless_java!();
    let jvm = jvm_common::start("JvmSplit", &["threads", "0"], None);
    jvm_common::warm_up();
    let pid = jvm.pid().to_string();
    let p = record::record(&jvm_common::record_args(&["--pid", &pid, "-d", "2s", "--per-thread"]))
        .unwrap()
        .profile;
    jvm_common::dump(&p);
    for (thread, method) in [("worker-a", "JvmSplit.spinA"), ("worker-b", "JvmSplit.spinB")] {
        let root = format!("{thread} (tid ");
        let own = jvm_common::weight_where(&p, |f| f.contains(&method));
        let under = jvm_common::weight_where(&p, |f| f[0].starts_with(&root) && f.contains(&method));
        assert!(own >= 30, "{method} has only {own} samples");
        assert_eq!(under, own, "{method}'s samples are all under thread {thread}");
    }
    // worker-c: roundC, inlined into spinC by the JIT, is there and marked inlined (samples
    // in leafC, a real call, are attributed through its call site's inlining scopes).
    let inlined = p
        .stacks
        .iter()
        .filter(|s| s.frames.iter().any(|f| f.function == "JvmSplit.roundC" && f.inlined))
        .map(|s| s.weight)
        .sum::<u64>();
    assert!(inlined > 0, "roundC was not reported as an inlined frame");
}

/// Runs `profiler record -o DIR/cpu.folded -- java ... JvmSplit ARGS`; returns the exit code,
/// stderr and the output path (in `dir`).
fn record_launched(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, std::path::PathBuf) {
    let out_path = dir.join("cpu.folded");
    let out = Command::new(env!("CARGO_BIN_EXE_profiler"))
        .args(["record", "-o"])
        .arg(&out_path)
        .arg("--")
        .args(jvm_common::java_argv("JvmSplit", args))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    eprintln!("{stderr}");
    (out.status.code(), stderr, out_path)
}

#[test]
fn launched_command_is_attached_and_its_exit_code_passed_on() {
    skip_unless_java!();
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr, out_path) = record_launched(dir.path(), &["exit", "7", "6"]);
    assert_eq!(code, Some(7), "{stderr}");
    assert!(stderr.contains("JFR recording"), "{stderr}");
    let folded = std::fs::read_to_string(&out_path).unwrap();
    assert!(
        folded.contains("JvmSplit.main;JvmSplit.split;JvmSplit.hotA"),
        "{folded}"
    );
}

#[test]
fn command_that_exits_while_being_attached_passes_its_exit_code() {
    skip_unless_java!();
    // The program exits as soon as its main method runs: the profiler finds it gone before or
    // while it attaches, which is no error; the exit code is passed on and the notes say why
    // the profile is empty.
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr, out_path) = record_launched(dir.path(), &["exit", "3", "0.001"]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("the command exited after"), "{stderr}");
    assert!(out_path.exists(), "the (empty) profile was written");
}

#[test]
fn jvm_of_another_user_is_attached_from_root() {
    skip_unless_java!();
    if !jvm_common::is_root() {
        eprintln!("SKIPPED: not root: cannot start a JVM as another user");
        return;
    }
    // nobody:nogroup
    let jvm = jvm_common::start("JvmSplit", &["split", "0"], Some((65534, 65534)));
    let status = std::fs::read_to_string(format!("/proc/{}/status", jvm.pid())).unwrap();
    assert!(status.contains("Uid:\t65534"), "{status}");
    jvm_common::warm_up();
    let pid = jvm.pid().to_string();
    let p = record::record(&jvm_common::record_args(&["--pid", &pid, "-d", "3s"]))
        .unwrap()
        .profile;
    jvm_common::dump(&p);
    let hot = jvm_common::weight_where(&p, |f| f.contains(&"JvmSplit.hotA") || f.contains(&"JvmSplit.hotB"));
    assert!(hot >= 10, "only {hot} samples in hotA/hotB");
}

#[test]
fn jvm_that_dies_mid_profile_leaves_its_last_dump() {
    skip_unless_java!();
    let mut jvm = jvm_common::start("JvmSplit", &["split", "0"], None);
    jvm_common::warm_up();
    let pid = jvm.pid();
    let recorder =
        std::thread::spawn(move || record::record(&jvm_common::record_args(&["--pid", &pid.to_string(), "-d", "60s"])));
    // Once the first periodic dump is there (2 s after JFR started, in a directory named
    // after this process), SIGKILL: the JVM writes no recording on exit.
    let prefix = format!("profiler-{}-", std::process::id());
    let dumped = || {
        std::fs::read_dir("/tmp").unwrap().flatten().any(|dir| {
            dir.file_name().to_string_lossy().starts_with(&prefix)
                && std::fs::read_dir(dir.path())
                    .map(|files| {
                        files
                            .flatten()
                            .any(|f| f.file_name().to_string_lossy().starts_with("dump-"))
                    })
                    .unwrap_or(false)
        })
    };
    assert!(
        jvm_common::wait_until(Duration::from_secs(30), dumped),
        "no periodic dump appeared"
    );
    std::thread::sleep(Duration::from_millis(300));
    let killed = Instant::now();
    jvm.child.kill().unwrap();
    jvm.child.wait().unwrap();
    let p = recorder.join().unwrap().unwrap().profile;
    jvm_common::dump(&p);
    assert!(
        killed.elapsed() < Duration::from_secs(10),
        "the recording ended when the JVM died"
    );
    assert!(
        p.meta.notes.iter().any(|n| n.contains("last periodic dump")),
        "notes: {:?}",
        p.meta.notes
    );
    let hot = jvm_common::weight_where(&p, |f| f.contains(&"JvmSplit.hotA"));
    assert!(hot >= 20, "only {hot} samples in hotA");
}

#[test]
fn not_a_jvm_with_runtime_jvm_is_a_clear_error() {
    let mut sleeper = Command::new("sleep").arg("30").spawn().unwrap();
    let pid = sleeper.id().to_string();
    let err = record::record(&jvm_common::record_args(&[
        "--pid",
        &pid,
        "--runtime",
        "jvm",
        "-d",
        "1s",
    ]))
    .unwrap_err()
    .to_string();
    sleeper.kill().unwrap();
    sleeper.wait().unwrap();
    assert!(err.contains(&format!("pid {pid} is not a HotSpot JVM")), "{err}");
    assert!(err.contains("--runtime"), "the error says what to do: {err}");
}
