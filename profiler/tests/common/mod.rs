//! Shared helpers of the native profiler tests: compiling the C targets, skipping when perf
//! events cannot be used, and reading profiles as folded stacks.
#![allow(dead_code)]

use clap::Parser;
use profiler::cli::{Cli, Command, RecordArgs};
use profiler::profile::Profile;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::Mutex;

/// Compiled targets, by flags.
static BUILT: Mutex<Vec<(String, PathBuf)>> = Mutex::new(Vec::new());

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// Why the tests cannot run here, if they cannot: not root with a strict paranoia level, no
/// gcc, no perf events.
pub fn skip_reason() -> Option<String> {
    if Process::new("gcc").arg("--version").output().is_err() {
        return Some("gcc is not installed".into());
    }
    let paranoid: i64 = std::fs::read_to_string("/proc/sys/kernel/perf_event_paranoid")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(4);
    if !is_root() && paranoid > 1 {
        return Some(format!(
            "not root and perf_event_paranoid is {paranoid}: cannot profile other processes"
        ));
    }
    None
}

/// Returns early from a test (a skip) when perf events or gcc are missing, saying why.
#[macro_export]
macro_rules! skip_unless_supported {
    () => {
        if let Some(reason) = common::skip_reason() {
            eprintln!("SKIPPED: {reason}");
            return;
        }
    };
}

/// Compiles fixtures/profiler/targets/`name`.c with gcc and `flags`, once per test binary.
pub fn compile(name: &str, flags: &[&str]) -> PathBuf {
    compile_with("gcc", &format!("{name}.c"), flags)
}

/// Compiles fixtures/profiler/targets/`file` with `compiler` and `flags`, once per test binary.
pub fn compile_with(compiler: &str, file: &str, flags: &[&str]) -> PathBuf {
    let key = format!("{compiler} {file} {}", flags.join(" "));
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, path)) = built.iter().find(|(k, _)| *k == key) {
        return path.clone();
    }
    let dir = std::env::temp_dir().join(format!("profiler-targets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let stem = file.split('.').next().unwrap();
    let suffix = if flags.contains(&"-shared") { ".so" } else { "" };
    let out = dir.join(format!("{stem}-{}{suffix}", built.len()));
    let src = repo_root().join(format!("fixtures/profiler/targets/{file}"));
    let status = Process::new(compiler)
        .args(flags)
        .arg("-pthread")
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .arg("-ldl")
        .status()
        .expect("the compiler runs");
    assert!(status.success(), "{compiler} failed on {}", src.display());
    built.push((key, out.clone()));
    out
}

/// True when `program` can be run (e.g. `g++`).
pub fn have(program: &str) -> bool {
    Process::new(program).arg("--version").output().is_ok()
}

/// gcc flags of a target with frame pointers.
pub const WITH_FP: &[&str] = &["-O2", "-g", "-fno-omit-frame-pointer"];
/// gcc flags of a target without frame pointers.
pub const NO_FP: &[&str] = &["-O2", "-g", "-fomit-frame-pointer"];

/// `profiler record` arguments, as the command line would give them.
pub fn record_args(args: &[&str]) -> RecordArgs {
    let mut argv = vec!["profiler", "record"];
    argv.extend_from_slice(args);
    match Cli::try_parse_from(argv).expect("valid arguments").command {
        Command::Record(args) => args,
        _ => unreachable!(),
    }
}

/// The profile's stacks as `root;...;leaf` lines with their weights.
pub fn folded(profile: &Profile) -> Vec<(String, u64)> {
    let mut lines: Vec<(String, u64)> = profile
        .stacks
        .iter()
        .map(|s| {
            let names: Vec<&str> = s.frames.iter().map(|f| f.function.as_str()).collect();
            (names.join(";"), s.weight)
        })
        .collect();
    lines.sort_by_key(|l| std::cmp::Reverse(l.1));
    lines
}

/// Sum of the weights of the stacks that satisfy `pred` (given the frame names).
pub fn weight_where(profile: &Profile, pred: impl Fn(&[&str]) -> bool) -> u64 {
    profile
        .stacks
        .iter()
        .filter(|s| {
            let names: Vec<&str> = s.frames.iter().map(|f| f.function.as_str()).collect();
            pred(&names)
        })
        .map(|s| s.weight)
        .sum()
}

/// Prints the heaviest stacks, for failure diagnosis.
pub fn dump(profile: &Profile) {
    eprintln!("meta: {:?}", profile.meta);
    for (stack, weight) in folded(profile).iter().take(15) {
        eprintln!("{weight:6} {stack}");
    }
}
