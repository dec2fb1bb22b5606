//! Fidelity of Python sampling (py-spy's reader), on the Python targets in
//! fixtures/profiler/targets: CPU shares launched and attached, threads, --gil and --idle,
//! depth limits, exit codes, targets that exit or die, and the errors for what is not Python.
//!
//! Each test returns early, saying why, when python3 is missing or its memory cannot be read.

mod common;
mod python_support;

use profiler::backend::native::ExitStatus;
use profiler::record;
use python_support::{pct, python, target};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn leaf_is(name: &'static str) -> impl Fn(&[&str]) -> bool {
    move |f: &[&str]| f.last() == Some(&name)
}

/// hot_a has 70 +- 5 % of the samples in hot_a or hot_b, and they are nearly all samples.
fn check_split(p: &profiler::profile::Profile, what: &str) {
    let a = common::weight_where(p, leaf_is("py_split:hot_a"));
    let b = common::weight_where(p, leaf_is("py_split:hot_b"));
    let share = pct(a, a + b);
    eprintln!("{what}: hot_a {a}, hot_b {b}: {share:.1}% / {:.1}%", 100.0 - share);
    if (share - 70.0).abs() > 5.0 || a + b < 300 {
        common::dump(p);
    }
    assert!(a + b >= 300, "{what}: only {} samples in hot_a/hot_b", a + b);
    assert!(
        (share - 70.0).abs() <= 5.0,
        "{what}: hot_a has {share:.1}% of the samples, not 70 +- 5"
    );
    assert!(
        a + b >= p.total_weight() * 9 / 10,
        "{what}: most samples are in hot_a/hot_b"
    );
}

#[test]
fn split_70_30_launched() {
    skip_unless_python!();
    let py = python().unwrap();
    let script = target("py_split.py");
    let args = common::record_args(&["-i", "2ms", "--", &py, &script, "2"]);
    let outcome = record::record(&args).unwrap();
    let p = &outcome.profile;
    assert_eq!(outcome.exit, Some(ExitStatus::Code(0)));
    check_split(p, "launched");
    // Whole stacks, root first, with files and lines: <module> -> main -> run -> hot_a.
    let top = p.stacks.iter().max_by_key(|s| s.weight).expect("some samples");
    let names: Vec<String> = top.frames.iter().map(|f| f.display_name()).collect();
    eprintln!("heaviest stack: {names:?}");
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(names[0].starts_with("py_split:<module> (py_split.py:"), "{names:?}");
    assert!(names[1].starts_with("py_split:main (py_split.py:"), "{names:?}");
    assert!(names[2].starts_with("py_split:run (py_split.py:"), "{names:?}");
    assert!(names[3].starts_with("py_split:hot_a (py_split.py:"), "{names:?}");
    assert!(top.frames.iter().all(|f| f.kind == profiler::sample::FrameKind::Python));
    assert!(p.meta.unwind.contains("non-blocking"), "{}", p.meta.unwind);
    assert!(
        p.meta.notes.iter().any(|n| n.contains("wall-clock")),
        "{:?}",
        p.meta.notes
    );
}

#[test]
fn split_70_30_attached() {
    skip_unless_python!();
    let py = python().unwrap();
    let mut child = Command::new(&py).args([&target("py_split.py"), "4"]).spawn().unwrap();
    python_support::wait_until_readable(child.id());
    let pid = child.id().to_string();
    let args = common::record_args(&["--pid", &pid, "-d", "2s", "-i", "2ms"]);
    let outcome = record::record(&args);
    let _ = child.kill();
    let _ = child.wait();
    let outcome = outcome.unwrap();
    assert_eq!(outcome.exit, None);
    assert!(outcome.profile.meta.target.starts_with(&format!("pid {pid}")));
    check_split(&outcome.profile, "attached");
}

fn threads_profile(extra: &[&str]) -> profiler::profile::Profile {
    let py = python().unwrap();
    let script = target("py_threads.py");
    let mut argv = vec!["-i", "5ms"];
    argv.extend_from_slice(extra);
    argv.extend_from_slice(&["--", &py, &script, "1.5"]);
    let outcome = record::record(&common::record_args(&argv)).unwrap();
    assert_eq!(outcome.exit, Some(ExitStatus::Code(0)));
    outcome.profile
}

fn contains(name: &'static str) -> impl Fn(&[&str]) -> bool {
    move |f: &[&str]| f.contains(&name)
}

/// Without --idle a sleeping thread is left out; with --idle it is in about every sample.
#[test]
fn idle_threads_only_with_idle() {
    skip_unless_python!();
    let p = threads_profile(&[]);
    let total = p.total_weight();
    let sleeping = common::weight_where(&p, contains("py_threads:sleep_loop"));
    let spinning = common::weight_where(&p, contains("py_threads:spin"));
    eprintln!("default: {sleeping} sleeping, {spinning} spinning of {total}");
    assert!(spinning >= 100, "{spinning} samples in spin");
    // The sleeper wakes 20 times a second; on a busy machine it then waits for a CPU in the
    // runnable state, which counts as running: a few samples, far fewer than with --idle.
    assert!(
        sleeping * 5 <= spinning,
        "{sleeping} samples of the sleeping thread against {spinning} of the spinning one"
    );
    let p = threads_profile(&["--idle"]);
    let total = p.total_weight();
    let sleeping = common::weight_where(&p, contains("py_threads:sleep_loop"));
    let spinning = common::weight_where(&p, contains("py_threads:spin"));
    eprintln!("--idle: {sleeping} sleeping, {spinning} spinning of {total}");
    assert!(
        pct(sleeping, total) >= 20.0,
        "{sleeping} of {total} samples of the sleeping thread with --idle"
    );
    assert!(
        sleeping * 10 >= spinning * 7,
        "the sleeping thread is in about every sample with --idle ({sleeping} vs {spinning})"
    );
}

/// The hasher thread runs in C with the GIL released: sampled by default, but (almost) never
/// the GIL holder.
#[test]
fn gil_keeps_only_the_gil_holder() {
    skip_unless_python!();
    let p = threads_profile(&[]);
    let hashing = common::weight_where(&p, contains("py_threads:hash_loop"));
    let spinning = common::weight_where(&p, contains("py_threads:spin"));
    eprintln!("default: {hashing} hashing, {spinning} spinning");
    assert!(
        hashing * 3 >= spinning,
        "the hashing thread runs too: {hashing} vs {spinning}"
    );
    let p = threads_profile(&["--gil"]);
    let hashing = common::weight_where(&p, contains("py_threads:hash_loop"));
    let spinning = common::weight_where(&p, contains("py_threads:spin"));
    eprintln!("--gil: {hashing} hashing, {spinning} spinning");
    assert!(spinning >= 100, "{spinning} samples in spin");
    assert!(
        pct(hashing, hashing + spinning) <= 10.0,
        "--gil: the hashing thread has {hashing} samples against {spinning}"
    );
}

#[test]
fn per_thread_roots_name_the_threads() {
    skip_unless_python!();
    let p = threads_profile(&["--per-thread"]);
    common::dump(&p);
    assert!(p.stacks.iter().all(|s| s.thread.is_some()));
    let under =
        |root: &str, frame: &'static str| common::weight_where(&p, |f| f[0].starts_with(root) && f.contains(&frame));
    // The main thread's tid is the pid; its name is Python's (MainThread) once py-spy could
    // read it, the OS name (python3) before `threading` was imported.
    let pid = p.stacks[0].thread.as_ref().unwrap().pid;
    let main_root = format!("MainThread (tid {pid})");
    let main_spin = under(&main_root, "py_threads:spin");
    let hasher = under("hasher (tid ", "py_threads:hash_loop");
    assert!(main_spin >= 100, "{main_spin} samples of spin under {main_root}");
    assert!(hasher >= 30, "{hasher} samples of hash_loop under hasher");
    // No thread's work under another thread's root.
    assert_eq!(under(&main_root, "py_threads:hash_loop"), 0);
    assert_eq!(under("hasher (tid ", "py_threads:spin"), 0);
    let tids: std::collections::BTreeSet<u32> = p.stacks.iter().map(|s| s.thread.as_ref().unwrap().tid).collect();
    assert!(tids.len() >= 2, "{tids:?}");
    // And merged, the same work is under one <module> root.
    let merged = threads_profile(&[]);
    assert!(merged.stacks.iter().all(|s| s.thread.is_none()));
}

#[test]
fn max_depth_keeps_the_root_frames() {
    skip_unless_python!();
    let py = python().unwrap();
    let script = target("py_split.py");
    let args = common::record_args(&["--max-depth", "2", "-i", "5ms", "--", &py, &script, "1"]);
    let p = record::record(&args).unwrap().profile;
    assert_eq!(p.meta.max_depth, Some(2));
    assert!(p.stacks.iter().all(|s| s.frames.len() <= 2));
    let top = &common::folded(&p)[0];
    assert_eq!(top.0, "py_split:<module>;py_split:main");
    // The rest is the interpreter's start-up (site imports), before the script runs.
    assert!(pct(top.1, p.total_weight()) >= 80.0, "{:?}", common::folded(&p));
}

/// Through the binary: the exit code passes through, the folded output has
/// `module:function (file:line)` frames, and stderr says the clock is wall time.
#[test]
fn exit_code_output_and_message_through_the_binary() {
    skip_unless_python!();
    let py = python().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("cpu.folded");
    let out = Command::new(env!("CARGO_BIN_EXE_profiler"))
        .args(["record", "-i", "5ms", "-o"])
        .arg(&out_path)
        .args(["--", &py, &target("py_split.py"), "0.5", "7"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(7), "{stderr}");
    assert!(stderr.contains("wall-clock time"), "{stderr}");
    let folded = std::fs::read_to_string(&out_path).unwrap();
    assert!(
        folded.contains(";py_split:hot_a (py_split.py:"),
        "{}",
        &folded[..folded.len().min(2000)]
    );
}

#[test]
fn blocking_is_announced_and_works() {
    skip_unless_python!();
    let py = python().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("cpu.json");
    let out = Command::new(env!("CARGO_BIN_EXE_profiler"))
        .args(["record", "--blocking", "-i", "5ms", "-o"])
        .arg(&out_path)
        .args(["--", &py, &target("py_split.py"), "0.8", "5"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The exit code passes through (the command runs under a waiting /bin/sh, so that
    // py-spy's ptrace wait cannot reap it when it exits during a sample).
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("pauses the target for each sample"), "{stderr}");
    let p = profiler::profile::Profile::from_json(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    assert!(p.meta.unwind.contains("blocking"), "{}", p.meta.unwind);
    let a = common::weight_where(&p, leaf_is("py_split:hot_a"));
    assert!(a >= 40, "{a} samples in hot_a with --blocking");
}

#[test]
fn attached_target_that_exits_still_gives_a_profile() {
    skip_unless_python!();
    let py = python().unwrap();
    let mut child = Command::new(&py).args([&target("py_split.py"), "1.0"]).spawn().unwrap();
    python_support::wait_until_readable(child.id());
    let pid = child.id().to_string();
    let started = Instant::now();
    let args = common::record_args(&["--pid", &pid, "-d", "30s", "-i", "5ms"]);
    let outcome = record::record(&args).unwrap();
    child.wait().unwrap();
    let p = &outcome.profile;
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "stopped when the target exited"
    );
    assert!(
        p.meta.notes.iter().any(|n| n.contains("target exited")),
        "{:?}",
        p.meta.notes
    );
    assert!(common::weight_where(p, leaf_is("py_split:hot_a")) >= 20);
}

#[test]
fn launched_target_killed_by_a_signal_still_gives_a_profile() {
    skip_unless_python!();
    let py = python().unwrap();
    let code = "import os, sys, time\nsys.path.insert(0, sys.argv[1])\nimport py_split\n\
                py_split.run(0.6)\nos.kill(os.getpid(), 9)";
    let dir = target("");
    let args = common::record_args(&["-i", "5ms", "--", &py, "-c", code, &dir]);
    let outcome = record::record(&args).unwrap();
    assert_eq!(outcome.exit, Some(ExitStatus::Signal(9)));
    assert_eq!(record::exit_code(outcome.exit.unwrap()), 137);
    let p = &outcome.profile;
    assert!(common::weight_where(p, leaf_is("py_split:hot_a")) >= 20);
    assert!(
        p.meta.notes.iter().any(|n| n.contains("killed by signal 9")),
        "{:?}",
        p.meta.notes
    );
}

#[test]
fn non_python_pid_is_a_clear_error() {
    skip_unless_python!();
    let mut sleeper = Command::new("sleep").arg("30").stdout(Stdio::null()).spawn().unwrap();
    let pid = sleeper.id().to_string();
    let args = common::record_args(&["--runtime", "python", "--pid", &pid, "-d", "1s"]);
    let err = record::record(&args).unwrap_err().to_string();
    let _ = sleeper.kill();
    let _ = sleeper.wait();
    eprintln!("{err}");
    assert!(err.contains(&format!("pid {pid} (sleep)")), "{err}");
    assert!(err.contains("not a CPython process"), "{err}");
    assert!(err.contains("--runtime native"), "{err}");
    let args = common::record_args(&["--runtime", "python", "--pid", "999999999"]);
    let err = record::record(&args).unwrap_err().to_string();
    assert!(err.contains("no process with pid 999999999"), "{err}");
    // A launched command that never becomes Python is stopped, with the reason.
    let mut args = common::record_args(&["--runtime", "python", "--", "sleep", "30"]);
    let _ = &mut args;
    let started = Instant::now();
    let err = format!(
        "{:#}",
        record_with_attach_timeout(&args, Duration::from_secs(1)).unwrap_err()
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(err.contains("not a CPython process"), "{err}");
    assert!(err.contains("was stopped"), "{err}");
}

fn record_with_attach_timeout(
    args: &profiler::cli::RecordArgs,
    timeout: Duration,
) -> anyhow::Result<profiler::backend::python::PythonRecording> {
    let opts = profiler::backend::python::PythonOptions {
        attach_timeout: timeout,
        ..Default::default()
    };
    profiler::backend::python::sample(&profiler::backend::python::Target::Command(args.command.clone()), &opts)
}

/// --native merges native frames in place of the eval loop: the hasher thread's stacks go
/// from its Python frames into OpenSSL's SHA-256 through _hashlib's C functions.
#[cfg(feature = "python-native")]
#[test]
fn native_frames_are_merged_into_python_stacks() {
    skip_unless_python!();
    let py = python().unwrap();
    let script = target("py_threads.py");
    let args = common::record_args(&["--native", "-i", "10ms", "--", &py, &script, "1"]);
    let outcome = record::record(&args).unwrap();
    assert_eq!(outcome.exit, Some(ExitStatus::Code(0)));
    let p = &outcome.profile;
    assert!(p.meta.unwind.contains("native frames"), "{}", p.meta.unwind);
    let merged = common::weight_where(p, |f| {
        let hash = f.iter().position(|n| *n == "py_threads:hash_loop");
        hash.is_some_and(|i| f[i + 1..].iter().any(|n| n.contains("hashlib") || n.contains("SHA256")))
    });
    let python_then_native = p.stacks.iter().any(|s| {
        s.frames.iter().any(|f| f.kind == profiler::sample::FrameKind::Python)
            && s.frames.iter().any(|f| f.kind == profiler::sample::FrameKind::Native)
    });
    if merged < 5 {
        common::dump(p);
    }
    assert!(python_then_native, "no stack mixes Python and native frames");
    assert!(merged >= 5, "{merged} samples from hash_loop into _hashlib/SHA256");
}

#[cfg(not(feature = "python-native"))]
#[test]
fn native_frames_need_the_python_native_feature() {
    skip_unless_python!();
    let py = python().unwrap();
    let script = target("py_split.py");
    let args = common::record_args(&["--native", "--", &py, &script, "0.3"]);
    let err = record::record(&args).unwrap_err().to_string();
    assert!(err.contains("--native"), "{err}");
}
