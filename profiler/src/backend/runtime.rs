//! Which runtime a process runs: CPython, a HotSpot JVM, or native code.
//!
//! A running process is recognised by what it has mapped (`/proc/PID/maps`): `libjvm.so` means
//! a HotSpot JVM; `libpython3.*.so` or an executable named `python*` means CPython. A command
//! still to be launched is recognised by its program name (`python3`, `java`), after following
//! symlinks (`/usr/bin/python3` -> `python3.11`).

use crate::cli::Runtime;
use std::fs;
use std::path::{Path, PathBuf};

/// A detected runtime: never [`Runtime::Auto`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// Machine code, sampled by perf events.
    Native,
    /// CPython.
    Python,
    /// A HotSpot JVM.
    Jvm,
}

impl Detected {
    /// The name users see in messages and profile metadata.
    pub fn name(self) -> &'static str {
        match self {
            Detected::Native => "native",
            Detected::Python => "python",
            Detected::Jvm => "jvm",
        }
    }
}

/// The runtime to use: `requested`, or when it is `auto`, the one `pid` runs.
pub fn for_pid(requested: Runtime, pid: u32) -> anyhow::Result<Detected> {
    match requested {
        Runtime::Native => Ok(Detected::Native),
        Runtime::Python => Ok(Detected::Python),
        Runtime::Jvm => Ok(Detected::Jvm),
        Runtime::Auto => detect_pid(pid),
    }
}

/// The runtime to use for a command still to be launched.
pub fn for_command(requested: Runtime, argv: &[String]) -> Detected {
    match requested {
        Runtime::Native => Detected::Native,
        Runtime::Python => Detected::Python,
        Runtime::Jvm => Detected::Jvm,
        Runtime::Auto => argv.first().map(|p| detect_program(p)).unwrap_or(Detected::Native),
    }
}

/// Detects the runtime of a running process from its mappings and executable. A process whose
/// mappings cannot be read (another user's) counts as native, whose backend explains which
/// permission is missing.
pub fn detect_pid(pid: u32) -> anyhow::Result<Detected> {
    let maps_path = format!("/proc/{pid}/maps");
    let maps = match fs::read_to_string(&maps_path) {
        Ok(maps) => maps,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            anyhow::bail!("no process with pid {pid} (is it still running?)")
        }
        // Not ours to read: the native backend says what permission profiling it needs.
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => return Ok(Detected::Native),
        Err(e) => {
            anyhow::bail!("cannot read {maps_path}: {e} (run as the process's user or as root, or give --runtime)")
        }
    };
    let exe = fs::read_link(format!("/proc/{pid}/exe")).ok();
    Ok(classify(&maps, exe.as_deref()))
}

/// The runtime implied by a process's `maps` text and executable path.
pub fn classify(maps: &str, exe: Option<&Path>) -> Detected {
    let mapped = |pred: &dyn Fn(&str) -> bool| {
        maps.lines()
            .filter_map(|line| line.split_whitespace().nth(5))
            .filter_map(|path| path.rsplit('/').next())
            .any(pred)
    };
    if mapped(&|name| name == "libjvm.so") {
        return Detected::Jvm;
    }
    if mapped(&|name| name.starts_with("libpython") && name.contains(".so")) {
        return Detected::Python;
    }
    match exe.and_then(|e| e.file_name()).and_then(|n| n.to_str()) {
        Some(name) if is_python_name(name) => Detected::Python,
        Some("java") => Detected::Jvm,
        _ => Detected::Native,
    }
}

/// Detects the runtime of a program to launch, by its name after resolving `PATH` and symlinks.
pub fn detect_program(program: &str) -> Detected {
    let path = resolve_program(program).unwrap_or_else(|| PathBuf::from(program));
    let resolved = fs::canonicalize(&path).unwrap_or(path.clone());
    for candidate in [&path, &resolved] {
        match candidate.file_name().and_then(|n| n.to_str()) {
            Some(name) if is_python_name(name) => return Detected::Python,
            Some("java") => return Detected::Jvm,
            _ => {}
        }
    }
    Detected::Native
}

fn is_python_name(name: &str) -> bool {
    let rest = match name.strip_prefix("python") {
        Some(rest) => rest,
        None => return false,
    };
    rest.is_empty()
        || rest
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == 'd' || c == 'm')
}

/// `program` as the shell would find it: itself when it has a slash, else the first match in
/// `PATH`.
pub fn resolve_program(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        return Some(PathBuf::from(program));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    const JVM_MAPS: &str =
        "7f0000000000-7f0000100000 r-xp 00000000 08:01 123 /usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so\n";
    const PY_MAPS: &str =
        "7f0000000000-7f0000100000 r-xp 00000000 08:01 123 /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0\n";
    const NATIVE_MAPS: &str = "55d000000000-55d000001000 r-xp 00000000 08:01 9 /usr/bin/sleep\n7f0000000000-7f0000100000 r-xp 00000000 08:01 10 /usr/lib/x86_64-linux-gnu/libc.so.6\n";

    #[test]
    fn classifies_by_mappings_then_executable() {
        assert_eq!(classify(JVM_MAPS, Some(Path::new("/usr/bin/java"))), Detected::Jvm);
        assert_eq!(classify(PY_MAPS, None), Detected::Python);
        assert_eq!(
            classify(NATIVE_MAPS, Some(Path::new("/usr/bin/sleep"))),
            Detected::Native
        );
        // A statically linked CPython maps no libpython: its executable's name tells.
        assert_eq!(
            classify(NATIVE_MAPS, Some(Path::new("/usr/bin/python3.11"))),
            Detected::Python
        );
        assert_eq!(
            classify(NATIVE_MAPS, Some(Path::new("/usr/bin/pythonista"))),
            Detected::Native
        );
    }

    #[test]
    fn program_names() {
        assert!(is_python_name("python"));
        assert!(is_python_name("python3"));
        assert!(is_python_name("python3.11"));
        assert!(!is_python_name("python-config"));
        assert_eq!(
            for_command(Runtime::Auto, &["java".into(), "-jar".into()]),
            Detected::Jvm
        );
        assert_eq!(for_command(Runtime::Native, &["python3".into()]), Detected::Native);
        assert_eq!(for_command(Runtime::Auto, &[]), Detected::Native);
    }

    #[test]
    fn detects_this_test_process_as_native() {
        assert_eq!(detect_pid(std::process::id()).unwrap(), Detected::Native);
        let err = detect_pid(u32::MAX - 1).unwrap_err().to_string();
        assert!(err.contains("no process with pid"), "{err}");
    }
}
