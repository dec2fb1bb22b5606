//! One JFR recording in a target JVM: its stack depth, start, dumps, stop and clean-up.
//!
//! Files: the recording writes into a private directory the profiler creates in the JVM's
//! `/tmp` (mode 0700, owned by the JVM's user, a fresh name each time, so nobody else can plant
//! or read a file there). The JVM writes:
//!
//! - `dump-N.jfr`: periodic `JFR.dump`s, each the whole recording so far; only the newest is
//!   kept. They are what is left when the JVM dies without a word (SIGKILL, a crash).
//! - `recording.jfr`: the recording's destination, written by `JFR.stop`, and by the JVM itself
//!   when it exits normally while recording (`dumponexit=true`).
//!
//! The directory is removed when the session is dropped, and the recording stopped if it still
//! runs, so a failing profiler leaves nothing behind in the JVM.

use super::attach::{AttachError, Jvm};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// JFR's default stack depth.
pub const DEFAULT_STACK_DEPTH: u32 = 64;
/// The largest stack depth JFR accepts.
pub const MAX_STACK_DEPTH: u32 = 2048;

/// The stack depth JFR records with in a JVM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StackDepth {
    /// The depth in force.
    pub depth: u32,
    /// True when this profiler's recording is the JVM's first JFR use, so that it chose the
    /// depth (fixed from now on for the JVM's lifetime).
    pub chosen_now: bool,
}

/// Parses `JFR.configure` output: (JFR initialized, stack depth).
pub fn parse_configure(text: &str) -> (bool, Option<u32>) {
    let mut initialized = true;
    let mut depth = None;
    for line in text.lines() {
        if let Some(path) = line.trim().strip_prefix("Repository path:") {
            initialized = path.trim() != "N/A";
        }
        if let Some(d) = line.trim().strip_prefix("Stack depth:") {
            depth = d.trim().parse().ok();
        }
    }
    (initialized, depth)
}

/// Waits until the JVM offers the JFR diagnostic commands (a JVM still starting registers them
/// after its attach listener runs), at most `timeout`. Errors when it has none (a runtime
/// built without the `jdk.jfr` module) or does not answer.
pub fn wait_for_jfr(jvm: &Jvm, timeout: Duration) -> Result<(), AttachError> {
    let started = Instant::now();
    loop {
        match jvm.jcmd("JFR.configure") {
            Ok(_) => return Ok(()),
            Err(AttachError::Command { output, .. })
                if output.contains("Unknown diagnostic command") && started.elapsed() < timeout =>
            {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(AttachError::Command { output, .. }) if output.contains("Unknown diagnostic command") => {
                return Err(AttachError::Command {
                    pid: jvm.pid,
                    command: "JFR.configure".into(),
                    code: 1,
                    output: format!(
                        "{output}: this JVM has no JDK Flight Recorder (a runtime without the \
                         jdk.jfr module?); use --runtime native"
                    ),
                });
            }
            Err(err) => return Err(err),
        }
    }
}

/// Sets JFR's stack depth to `wanted` if JFR has not started in this JVM yet (after that the
/// depth is fixed for the JVM's lifetime), and reports the depth in force.
pub fn prepare_stack_depth(jvm: &Jvm, wanted: u32) -> Result<StackDepth, AttachError> {
    let wanted = wanted.clamp(1, MAX_STACK_DEPTH);
    let (initialized, depth) = parse_configure(&jvm.jcmd("JFR.configure")?);
    let depth = depth.unwrap_or(DEFAULT_STACK_DEPTH);
    if initialized {
        return Ok(StackDepth {
            depth,
            chosen_now: false,
        });
    }
    if depth != wanted {
        jvm.jcmd(&format!("JFR.configure stackdepth={wanted}"))?;
    }
    Ok(StackDepth {
        depth: wanted,
        chosen_now: true,
    })
}

/// The JVM's feature release (`17` for JDK 17.0.2), from `VM.version`.
pub fn jdk_version(jvm: &Jvm) -> Option<u32> {
    parse_jdk_version(&jvm.jcmd("VM.version").ok()?)
}

/// Parses `VM.version` output (`JDK 17.0.21.1`).
pub fn parse_jdk_version(text: &str) -> Option<u32> {
    let line = text.lines().find_map(|l| l.trim().strip_prefix("JDK "))?;
    let major = line.split(['.', '+', '-', ' ']).next()?;
    major.parse().ok()
}

/// One event setting: (event, setting, value), e.g. (`jdk.ExecutionSample`, `period`, `10 ms`).
pub type Setting = (&'static str, &'static str, String);

static SESSIONS: AtomicU32 = AtomicU32::new(0);

/// A JFR recording this profiler started.
#[derive(Debug)]
pub struct Session<'a> {
    jvm: &'a Jvm,
    /// The recording's name (`profiler-<our pid>-<n>`).
    pub name: String,
    dir: String,
    running: bool,
    dumps: u32,
    last_dump: Option<PathBuf>,
}

impl<'a> Session<'a> {
    /// Starts a recording with only `settings` enabled (`settings=none`). JDK 17 and later take
    /// them as `+event#setting=value` options; older JDKs read them from a `.jfc` file written
    /// into the session's directory.
    pub fn start(jvm: &'a Jvm, jdk: Option<u32>, settings: &[Setting]) -> Result<Session<'a>, AttachError> {
        let n = SESSIONS.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!("profiler-{}-{n}", std::process::id());
        let dir = format!("{name}-{nanos:08x}");
        let io = |what: String| {
            move |source| AttachError::Io {
                pid: jvm.pid,
                what,
                source,
            }
        };
        let local = jvm.tmp_path(&dir);
        fs::create_dir(&local).map_err(io(format!("creating /tmp/{dir} in the JVM's file system")))?;
        let mut session = Session {
            jvm,
            name,
            dir,
            running: false,
            dumps: 0,
            last_dump: None,
        };
        fs::set_permissions(&local, fs::Permissions::from_mode(0o700))
            .map_err(io(format!("securing /tmp/{}", session.dir)))?;
        if super::sys::euid() == 0 {
            std::os::unix::fs::chown(&local, Some(jvm.uid), Some(jvm.gid))
                .map_err(io(format!("giving /tmp/{} to the JVM's user", session.dir)))?;
        }
        let destination = session.jvm_path("recording.jfr");
        let mut command = format!("JFR.start name={} dumponexit=true filename={destination}", session.name);
        if jdk.unwrap_or(17) >= 17 {
            command.push_str(" settings=none");
            for (event, key, value) in settings {
                command.push_str(&format!(" +{event}#{key}={}", value.replace(' ', "")));
            }
        } else {
            let jfc = session.local_path("settings.jfc");
            fs::write(&jfc, jfc_text(settings)).map_err(io(format!("writing {}", jfc.display())))?;
            if super::sys::euid() == 0 {
                let _ = std::os::unix::fs::chown(&jfc, Some(jvm.uid), Some(jvm.gid));
            }
            command.push_str(&format!(" settings={}", session.jvm_path("settings.jfc")));
        }
        jvm.jcmd(&command)?;
        session.running = true;
        Ok(session)
    }

    /// A file of the session's directory, as the JVM names it.
    fn jvm_path(&self, file: &str) -> String {
        format!("/tmp/{}/{file}", self.dir)
    }

    /// A file of the session's directory, as the profiler reaches it.
    pub fn local_path(&self, file: &str) -> PathBuf {
        self.jvm.tmp_path(&format!("{}/{file}", self.dir))
    }

    /// Dumps the recording so far; keeps only the newest dump. Returns its path.
    pub fn dump(&mut self) -> Result<PathBuf, AttachError> {
        self.dumps += 1;
        let file = format!("dump-{}.jfr", self.dumps);
        self.jvm.jcmd(&format!(
            "JFR.dump name={} filename={}",
            self.name,
            self.jvm_path(&file)
        ))?;
        let path = self.local_path(&file);
        if let Some(old) = self.last_dump.replace(path.clone()) {
            let _ = fs::remove_file(old);
        }
        Ok(path)
    }

    /// The newest complete periodic dump.
    pub fn last_dump(&self) -> Option<&PathBuf> {
        self.last_dump.as_ref()
    }

    /// Stops the recording; the JVM writes it to `recording.jfr`. Returns that path.
    pub fn stop(&mut self) -> Result<PathBuf, AttachError> {
        self.running = false;
        self.jvm.jcmd(&format!("JFR.stop name={}", self.name))?;
        Ok(self.local_path("recording.jfr"))
    }

    /// The file the JVM writes when it exits while recording.
    pub fn exit_dump(&self) -> PathBuf {
        self.local_path("recording.jfr")
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        if self.running && super::process_alive(self.jvm.pid) {
            // Discard the data rather than leave a recording running in the JVM.
            let _ = self.jvm.jcmd(&format!("JFR.stop name={}", self.name));
        }
        let _ = fs::remove_dir_all(self.jvm.tmp_path(&self.dir));
    }
}

/// A JFR settings file (`.jfc`) enabling only `settings`.
pub fn jfc_text(settings: &[Setting]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\" label=\"profiler\">\n",
    );
    let mut events: Vec<&str> = settings.iter().map(|s| s.0).collect();
    events.dedup();
    for event in events {
        out.push_str(&format!("  <event name=\"{event}\">\n"));
        for (_, key, value) in settings.iter().filter(|s| s.0 == event) {
            out.push_str(&format!("    <setting name=\"{key}\">{value}</setting>\n"));
        }
        out.push_str("  </event>\n");
    }
    out.push_str("</configuration>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configure_output() {
        let fresh = "1234:\nCurrent configuration:\n\nRepository path: N/A\nStack depth: 64\n";
        assert_eq!(parse_configure(fresh), (false, Some(64)));
        let used = "Current configuration:\n\nRepository path: /tmp/2026_11_22_04_23_55_8317\n\nStack depth: 128\n";
        assert_eq!(parse_configure(used), (true, Some(128)));
    }

    #[test]
    fn versions() {
        let text = "8317:\nOpenJDK 64-Bit Server VM version 17.0.21.1+2-1-deb12u1-Debian\nJDK 17.0.21.1\n";
        assert_eq!(parse_jdk_version(text), Some(17));
        assert_eq!(parse_jdk_version("JDK 11.0.2\n"), Some(11));
        assert_eq!(parse_jdk_version("nothing"), None);
    }

    #[test]
    fn jfc_enables_only_the_settings() {
        let text = jfc_text(&[
            ("jdk.ExecutionSample", "enabled", "true".into()),
            ("jdk.ExecutionSample", "period", "10 ms".into()),
        ]);
        assert!(text.contains("<event name=\"jdk.ExecutionSample\">"));
        assert!(text.contains("<setting name=\"period\">10 ms</setting>"));
        assert_eq!(text.matches("<event ").count(), 1);
    }
}
