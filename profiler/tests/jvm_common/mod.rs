//! Shared helpers of the JVM profiler tests: compiling the Java targets, starting them (and
//! killing them at the end of a test, whatever happens), skipping when Java is missing.
#![allow(dead_code)]

use clap::Parser;
use profiler::cli::{Cli, Command, HeapArgs, RecordArgs};
use profiler::profile::Profile;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command as Process, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Why the JVM tests cannot run here, if they cannot.
pub fn skip_reason() -> Option<String> {
    for tool in ["java", "javac"] {
        match Process::new(tool).arg("-version").output() {
            Ok(out) if out.status.success() => {}
            Ok(_) => return Some(format!("`{tool} -version` failed")),
            Err(_) => return Some(format!("{tool} is not installed")),
        }
    }
    None
}

/// Returns early from a test (a skip) when java or javac are missing, saying why.
#[macro_export]
macro_rules! skip_unless_java {
    () => {
        if let Some(reason) = jvm_common::skip_reason() {
            eprintln!("SKIPPED: {reason}");
            return;
        }
        // One JVM test at a time: several JVMs starting JFR at once on a 2-core machine
        // starve each other of CPU and JFR of samples.
        let _serial = jvm_common::serial();
    };
}

/// Holds the lock that runs the JVM tests of one test binary one at a time.
pub fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// True when the tests run as root.
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// Compiles the Java targets (fixtures/profiler/targets/Jvm*.java) once, into a directory of
/// /tmp named after their sources (world-readable: a test runs a JVM as `nobody`).
pub fn classes() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let targets = repo_root().join("fixtures/profiler/targets");
        let mut sources: Vec<PathBuf> = std::fs::read_dir(&targets)
            .unwrap()
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.starts_with("Jvm") && name.ends_with(".java")
            })
            .collect();
        sources.sort();
        let mut hasher = DefaultHasher::new();
        for source in &sources {
            std::fs::read(source).unwrap().hash(&mut hasher);
        }
        let dir = std::env::temp_dir().join(format!("profiler-jvm-classes-{:016x}", hasher.finish()));
        if dir.join("JvmSplit.class").exists() {
            return dir;
        }
        let staging = std::env::temp_dir().join(format!("profiler-jvm-classes-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        std::fs::create_dir_all(&staging).unwrap();
        let status = Process::new("javac")
            .arg("-d")
            .arg(&staging)
            .args(&sources)
            .status()
            .expect("javac runs");
        assert!(status.success(), "javac failed on {sources:?}");
        std::fs::set_permissions(&staging, std::fs::Permissions::from_mode(0o755)).unwrap();
        if std::fs::rename(&staging, &dir).is_err() {
            // Another test binary got there first.
            let _ = std::fs::remove_dir_all(&staging);
        }
        dir
    })
}

/// A JVM started by a test; killed when dropped.
pub struct Jvm {
    pub child: Child,
    stdout: BufReader<ChildStdout>,
}

impl Jvm {
    /// The JVM's pid.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Jvm {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `java` command line of a target class with its arguments.
pub fn java_argv(class: &str, args: &[&str]) -> Vec<String> {
    let mut argv: Vec<String> = [
        "java",
        "-Xmx128m",
        "-XX:+UseSerialGC",
        // JvmSplit's worker-c: a real call under an inlined method (see JvmSplit.java).
        "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=dontinline,JvmSplit::leafC",
        "-cp",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    argv.push(classes().to_string_lossy().into_owned());
    argv.push(class.to_string());
    argv.extend(args.iter().map(|s| s.to_string()));
    argv
}

/// Starts a target class and waits until it printed `ready`; with `user`, as that uid/gid.
pub fn start(class: &str, args: &[&str], user: Option<(u32, u32)>) -> Jvm {
    let argv = java_argv(class, args);
    let mut command = Process::new(&argv[0]);
    command.args(&argv[1..]).stdout(Stdio::piped()).current_dir("/tmp");
    if let Some((uid, gid)) = user {
        command.uid(uid).gid(gid);
    }
    let mut child = command.spawn().expect("java starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line.trim(), "ready", "{class} did not start");
    Jvm { child, stdout }
}

/// Lets the JIT compile the hot methods.
pub fn warm_up() {
    std::thread::sleep(Duration::from_millis(1500));
}

/// `profiler record` arguments, as the command line would give them.
pub fn record_args(args: &[&str]) -> RecordArgs {
    let mut argv = vec!["profiler", "record"];
    argv.extend_from_slice(args);
    match Cli::try_parse_from(argv).expect("valid arguments").command {
        Command::Record(args) => args,
        _ => unreachable!(),
    }
}

/// `profiler heap` arguments, as the command line would give them.
pub fn heap_args(args: &[&str]) -> HeapArgs {
    let mut argv = vec!["profiler", "heap"];
    argv.extend_from_slice(args);
    match Cli::try_parse_from(argv).expect("valid arguments").command {
        Command::Heap(args) => args,
        _ => unreachable!(),
    }
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
    let mut stacks: Vec<_> = profile.stacks.iter().collect();
    stacks.sort_by_key(|s| std::cmp::Reverse(s.weight));
    for s in stacks.iter().take(12) {
        let names: Vec<String> = s
            .frames
            .iter()
            .map(|f| format!("{}{}", f.function, if f.inlined { "[i]" } else { "" }))
            .collect();
        eprintln!("{:6} {}", s.weight, names.join(";"));
    }
}

/// Waits until `pred` holds, at most `timeout`.
pub fn wait_until(timeout: Duration, pred: impl Fn() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if pred() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}
