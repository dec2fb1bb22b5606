//! Shared helpers of the Python profiler tests: finding CPython, skipping when its memory
//! cannot be read, and the fixture programs.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The interpreter's real executable (`sys.executable`), not a wrapper such as a pyenv shim:
/// wrappers add a second or more to every launch.
pub fn python() -> Option<String> {
    static PYTHON: OnceLock<Option<String>> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            ["python3", "python"].into_iter().find_map(|p| {
                let out = Command::new(p)
                    .args([
                        "-c",
                        "import sys; print(sys.executable if sys.version_info >= (3, 6) else '')",
                    ])
                    .output()
                    .ok()?;
                let exe = String::from_utf8_lossy(&out.stdout).trim().to_string();
                (out.status.success() && !exe.is_empty()).then_some(exe)
            })
        })
        .clone()
}

/// Why the tests cannot run here, if they cannot: no python3, or its memory cannot be read
/// (not root and ptrace restricted).
pub fn skip_reason() -> Option<String> {
    static REASON: OnceLock<Option<String>> = OnceLock::new();
    REASON
        .get_or_init(|| {
            let Some(python) = python() else {
                return Some("python3 is not installed".into());
            };
            // A probe: read a sleeping interpreter's threads from outside.
            let mut child = Command::new(&python)
                .args(["-c", "import time; time.sleep(30)"])
                .stdin(Stdio::null())
                .spawn()
                .ok()?;
            let started = Instant::now();
            let result = loop {
                match profiler::backend::python::inspect(child.id()) {
                    Ok(_) => break None,
                    Err(e) if started.elapsed() > Duration::from_secs(10) => break Some(format!("{e:#}")),
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            };
            let _ = child.kill();
            let _ = child.wait();
            result.map(|e| format!("cannot read a CPython process from outside: {e}"))
        })
        .clone()
}

/// Returns early from a test (a skip) when Python cannot be profiled here, saying why.
#[macro_export]
macro_rules! skip_unless_python {
    () => {
        if let Some(reason) = python_support::skip_reason() {
            eprintln!("SKIPPED: {reason}");
            return;
        }
    };
}

/// The path of fixtures/profiler/targets/`name`.
pub fn target(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("fixtures/profiler/targets")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Waits until the interpreter of `pid` can be read (it has started), up to 10 s.
pub fn wait_until_readable(pid: u32) {
    let started = Instant::now();
    while profiler::backend::python::inspect(pid).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "pid {pid} never became readable"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Percentage of `part` in `whole`.
pub fn pct(part: u64, whole: u64) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}
