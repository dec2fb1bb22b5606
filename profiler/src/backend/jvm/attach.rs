//! The HotSpot dynamic-attach protocol, as `jcmd` speaks it.
//!
//! 1. A JVM listens on the Unix socket `/tmp/.java_pid<PID>` once its attach listener runs
//!    (`<PID>` as the JVM sees itself: the last field of `NSpid`, in a container). Its `/tmp` is
//!    reached through `/proc/<PID>/root/tmp`, so a JVM in another mount namespace works too.
//! 2. The listener starts lazily. To start it, create the trigger file `.attach_pid<PID>` in the
//!    JVM's working directory (or its `/tmp`), and send the JVM SIGQUIT: its signal thread sees
//!    the file and starts the listener instead of printing a thread dump.
//! 3. A request is `1\0jcmd\0<command line>\0\0\0` (protocol version 1, the `jcmd` operation and
//!    its three arguments). The reply is the return code on its first line, then the command's
//!    output, until the JVM closes the connection.
//! 4. The JVM accepts peers with its own effective uid and gid, or root. As root, the profiler
//!    connects with the JVM's ids (see [`super::sys`] for how).
//!
//! Sending SIGQUIT to a JVM that has not installed its handler yet, or runs with `-Xrs`, would
//! kill it (SIGQUIT's default action), so the handler is checked first (`SigCgt`).

use super::sys;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use thiserror::Error;

/// What can go wrong when talking to a JVM.
#[derive(Debug, Error)]
pub enum AttachError {
    /// The process is gone.
    #[error("no process with pid {pid} (is it still running?)")]
    NoProcess {
        /// The pid.
        pid: u32,
    },
    /// The process does not run a HotSpot JVM.
    #[error("pid {pid} is not a HotSpot JVM (no libjvm.so mapped): use --runtime auto or native for it")]
    NotAJvm {
        /// The pid.
        pid: u32,
    },
    /// The JVM refuses attach by its flags.
    #[error(
        "pid {pid} runs with -XX:+DisableAttachMechanism: it cannot be attached to; restart it \
         without that flag"
    )]
    AttachDisabled {
        /// The pid.
        pid: u32,
    },
    /// SIGQUIT would kill the process.
    #[error(
        "pid {pid} does not handle SIGQUIT (a JVM still starting, or one run with -Xrs): \
         signalling it would kill it; retry once it has started, or restart it without -Xrs"
    )]
    NoSignalHandler {
        /// The pid.
        pid: u32,
    },
    /// The attach socket did not appear.
    #[error(
        "pid {pid} did not open its attach socket {socket} within {secs} s after SIGQUIT: the JVM \
         may be busy (a long GC or safepoint), hung, or run with attach disabled"
    )]
    NoListener {
        /// The pid.
        pid: u32,
        /// The socket path, as the JVM sees it.
        socket: String,
        /// How long we waited.
        secs: u64,
    },
    /// Not allowed to attach.
    #[error("cannot attach to pid {pid} (uid {uid}): {reason}; run the profiler as uid {uid} or as root")]
    Permission {
        /// The pid.
        pid: u32,
        /// The JVM's effective uid.
        uid: u32,
        /// What failed.
        reason: String,
    },
    /// An I/O error on the attach files or socket.
    #[error("attaching to pid {pid}: {what}: {source}")]
    Io {
        /// The pid.
        pid: u32,
        /// What was done.
        what: String,
        /// The error.
        source: std::io::Error,
    },
    /// The JVM ran the command and reported a failure.
    #[error("pid {pid}: `jcmd {command}` failed (code {code}): {output}")]
    Command {
        /// The pid.
        pid: u32,
        /// The command line.
        command: String,
        /// The JVM's return code.
        code: i32,
        /// The JVM's message.
        output: String,
    },
}

/// A HotSpot JVM process and the way to reach it.
#[derive(Debug)]
pub struct Jvm {
    /// The pid, as the profiler sees it.
    pub pid: u32,
    /// The pid as the JVM sees itself (differs in a container's pid namespace).
    pub nspid: u32,
    /// The JVM's effective uid (as the profiler's user namespace sees it).
    pub uid: u32,
    /// The JVM's effective gid.
    pub gid: u32,
    /// The JVM's `/tmp`, held open so that files in it stay reachable after the JVM exited,
    /// also when it ran in another mount namespace.
    tmp: File,
    /// How long a command may take before the JVM is deemed hung.
    pub timeout: Duration,
}

/// The fields of `/proc/PID/status` the attach needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcStatus {
    /// Effective uid.
    pub euid: u32,
    /// Effective gid.
    pub egid: u32,
    /// The pid in the process's own pid namespace.
    pub nspid: u32,
    /// True when the process catches SIGQUIT.
    pub catches_sigquit: bool,
}

/// Parses `/proc/PID/status` text.
pub fn parse_status(text: &str, pid: u32) -> ProcStatus {
    let field = |name: &str| text.lines().find_map(|l| l.strip_prefix(name)).map(str::trim);
    let second = |name: &str| field(name).and_then(|v| v.split_whitespace().nth(1)?.parse().ok());
    let nspid = field("NSpid:")
        .and_then(|v| v.split_whitespace().last()?.parse().ok())
        .unwrap_or(pid);
    let caught = field("SigCgt:")
        .and_then(|v| u64::from_str_radix(v, 16).ok())
        .unwrap_or(0);
    ProcStatus {
        euid: second("Uid:").unwrap_or(0),
        egid: second("Gid:").unwrap_or(0),
        nspid,
        catches_sigquit: caught & (1 << (libc::SIGQUIT - 1)) != 0,
    }
}

/// Reads `/proc/PID/status`.
pub fn read_status(pid: u32) -> Result<ProcStatus, AttachError> {
    match fs::read_to_string(format!("/proc/{pid}/status")) {
        Ok(text) => Ok(parse_status(&text, pid)),
        Err(_) => Err(AttachError::NoProcess { pid }),
    }
}

/// True when `pid` has HotSpot's `libjvm.so` mapped.
pub fn maps_libjvm(pid: u32) -> bool {
    fs::read_to_string(format!("/proc/{pid}/maps"))
        .map(|maps| maps.lines().any(|l| l.ends_with("/libjvm.so")))
        .unwrap_or(false)
}

/// True when the JVM's command line or options environment disables attach.
fn attach_disabled(pid: u32) -> bool {
    let has = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).contains("-XX:+DisableAttachMechanism");
    let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let environ: Vec<u8> = fs::read(format!("/proc/{pid}/environ"))
        .unwrap_or_default()
        .split(|&b| b == 0)
        .filter(|v| v.starts_with(b"JAVA_TOOL_OPTIONS=") || v.starts_with(b"JDK_JAVA_OPTIONS="))
        .flat_map(|v| v.iter().copied().chain([b' ']))
        .collect();
    has(cmdline) || has(environ)
}

impl Jvm {
    /// Finds the JVM `pid`: checks that it runs HotSpot, and reads its ids and namespaces.
    pub fn open(pid: u32) -> Result<Jvm, AttachError> {
        let status = read_status(pid)?;
        if !maps_libjvm(pid) {
            if !Path::new(&format!("/proc/{pid}")).exists() {
                return Err(AttachError::NoProcess { pid });
            }
            return Err(AttachError::NotAJvm { pid });
        }
        let tmp_path = format!("/proc/{pid}/root/tmp");
        let tmp = File::open(&tmp_path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::PermissionDenied {
                AttachError::Permission {
                    pid,
                    uid: status.euid,
                    reason: format!("cannot open {tmp_path}: {source}"),
                }
            } else {
                AttachError::Io {
                    pid,
                    what: format!("opening {tmp_path}"),
                    source,
                }
            }
        })?;
        Ok(Jvm {
            pid,
            nspid: status.nspid,
            uid: status.euid,
            gid: status.egid,
            tmp,
            timeout: Duration::from_secs(60),
        })
    }

    /// A path to `name` in the JVM's `/tmp`, usable by the profiler (through the held
    /// directory), also after the JVM exited.
    pub fn tmp_path(&self, name: &str) -> PathBuf {
        PathBuf::from(format!(
            "/proc/self/fd/{}/{name}",
            std::os::fd::AsRawFd::as_raw_fd(&self.tmp)
        ))
    }

    /// The attach socket's name in the JVM's `/tmp`.
    fn socket_name(&self) -> String {
        format!(".java_pid{}", self.nspid)
    }

    /// True when the profiler must take the JVM's ids to connect.
    fn must_switch(&self) -> bool {
        sys::euid() == 0 && (self.uid, self.gid) != (0, 0)
    }

    /// Makes sure the JVM's attach listener runs, starting it if needed; waits at most
    /// `timeout` for its socket.
    pub fn start_listener(&self, timeout: Duration) -> Result<(), AttachError> {
        let pid = self.pid;
        let socket = self.tmp_path(&self.socket_name());
        if fs::metadata(&socket).is_ok_and(|m| m.file_type().is_socket()) {
            return Ok(());
        }
        if attach_disabled(pid) {
            return Err(AttachError::AttachDisabled { pid });
        }
        let status = read_status(pid)?;
        if !status.catches_sigquit {
            return Err(AttachError::NoSignalHandler { pid });
        }
        let trigger_name = format!(".attach_pid{}", self.nspid);
        let trigger = self.create_trigger(&trigger_name)?;
        let signalled = sys::kill(pid, libc::SIGQUIT);
        let started = Instant::now();
        let mut found = false;
        if signalled.is_ok() {
            while started.elapsed() < timeout {
                if fs::metadata(&socket).is_ok_and(|m| m.file_type().is_socket()) {
                    found = true;
                    break;
                }
                if !crate::backend::jvm::process_alive(pid) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = fs::remove_file(&trigger);
        match signalled {
            Err(e) if e.raw_os_error() == Some(libc::ESRCH) => return Err(AttachError::NoProcess { pid }),
            Err(e) => {
                return Err(AttachError::Permission {
                    pid,
                    uid: self.uid,
                    reason: format!("cannot send it SIGQUIT: {e}"),
                });
            }
            Ok(()) => {}
        }
        if found {
            Ok(())
        } else if !crate::backend::jvm::process_alive(pid) {
            Err(AttachError::NoProcess { pid })
        } else {
            Err(AttachError::NoListener {
                pid,
                socket: format!("/tmp/{}", self.socket_name()),
                secs: timeout.as_secs(),
            })
        }
    }

    /// Creates the trigger file in the JVM's working directory, else in its `/tmp`; owned by
    /// the JVM's user, so that the JVM trusts it.
    fn create_trigger(&self, name: &str) -> Result<PathBuf, AttachError> {
        let in_cwd = PathBuf::from(format!("/proc/{}/cwd/{name}", self.pid));
        let in_tmp = self.tmp_path(name);
        let mut last = None;
        for path in [in_cwd, in_tmp] {
            match fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o600)
                .open(&path)
            {
                Ok(file) => {
                    if sys::euid() == 0 {
                        let _ = std::os::unix::fs::fchown(&file, Some(self.uid), Some(self.gid));
                    }
                    return Ok(path);
                }
                Err(e) => last = Some(e),
            }
        }
        Err(AttachError::Io {
            pid: self.pid,
            what: format!("cannot create the trigger file {name} in the JVM's working directory or /tmp"),
            source: last.unwrap_or_else(|| std::io::Error::other("unknown")),
        })
    }

    fn connect(&self) -> Result<UnixStream, AttachError> {
        let pid = self.pid;
        let name = self.socket_name();
        let result = if self.must_switch() {
            sys::connect_as(&self.tmp, &name, self.uid, self.gid)
        } else {
            UnixStream::connect(format!("/proc/{pid}/root/tmp/{name}"))
        };
        result.map_err(|source| match source.kind() {
            std::io::ErrorKind::PermissionDenied => AttachError::Permission {
                pid,
                uid: self.uid,
                reason: format!("cannot connect to /tmp/{name}: {source}"),
            },
            _ => AttachError::Io {
                pid,
                what: format!("connecting to /tmp/{name}"),
                source,
            },
        })
    }

    /// Runs a diagnostic command (what `jcmd PID <command>` runs) and returns its output.
    pub fn jcmd(&self, command: &str) -> Result<String, AttachError> {
        let pid = self.pid;
        let io = |what: &str| {
            let what = what.to_string();
            move |source| AttachError::Io { pid, what, source }
        };
        let mut stream = self.connect()?;
        stream
            .set_read_timeout(Some(self.timeout))
            .map_err(io("setting a timeout"))?;
        let mut request = Vec::with_capacity(command.len() + 16);
        request.extend_from_slice(b"1\0jcmd\0");
        request.extend_from_slice(command.as_bytes());
        request.extend_from_slice(b"\0\0\0");
        stream.write_all(&request).map_err(io("sending the command"))?;
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).map_err(|source| {
            if matches!(
                source.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) {
                AttachError::Io {
                    pid,
                    what: format!(
                        "no answer to `{command}` within {} s (the JVM may be hung)",
                        self.timeout.as_secs()
                    ),
                    source,
                }
            } else {
                AttachError::Io {
                    pid,
                    what: format!("reading the answer to `{command}`"),
                    source,
                }
            }
        })?;
        let (code, output) = parse_reply(&reply);
        match code {
            Some(0) => Ok(output),
            Some(code) => Err(AttachError::Command {
                pid,
                command: command.to_string(),
                code,
                output: output.trim().to_string(),
            }),
            None => Err(AttachError::Command {
                pid,
                command: command.to_string(),
                code: -1,
                output: format!("unreadable reply: {}", String::from_utf8_lossy(&reply).trim()),
            }),
        }
    }
}

/// Splits a reply into its return code and the output that follows.
pub fn parse_reply(reply: &[u8]) -> (Option<i32>, String) {
    let text = String::from_utf8_lossy(reply);
    let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
    (first.trim().parse().ok(), rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_fields() {
        let text = "Name:\tjava\nUid:\t1000\t1001\t1001\t1001\nGid:\t100\t101\t101\t101\n\
                    NSpid:\t4242\t7\nSigCgt:\t0000000101005ccd\n";
        let s = parse_status(text, 4242);
        assert_eq!(
            s,
            ProcStatus {
                euid: 1001,
                egid: 101,
                nspid: 7,
                catches_sigquit: true
            }
        );
        let plain = parse_status("Uid:\t0\t0\t0\t0\nSigCgt:\t0000000000000000\n", 9);
        assert_eq!(plain.nspid, 9);
        assert!(!plain.catches_sigquit);
    }

    #[test]
    fn replies() {
        assert_eq!(
            parse_reply(b"0\nStarted recording 1.\n"),
            (Some(0), "Started recording 1.\n".into())
        );
        assert_eq!(parse_reply(b"1\n"), (Some(1), String::new()));
        assert_eq!(parse_reply(b"garbage"), (None, String::new()));
    }
}
