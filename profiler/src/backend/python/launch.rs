//! Launching a Python command, with the heap helper when `--heap` asks for it.
//!
//! The helper ([`HELPER`], stdlib only) is written as `sitecustomize.py` into a private
//! temporary directory that is put first on `PYTHONPATH`. CPython's `site` module imports
//! `sitecustomize` before the program's first line, whatever the command line looks like
//! (`python3 app.py`, `python3 -m pkg`, a script with a `#!` line, a wrapper that execs
//! Python). The helper then undoes its traces: it takes its directory off `sys.path`, puts
//! `PYTHONPATH` back as it was (so the program's own child processes run without it), removes
//! its environment variables, and runs the `sitecustomize` it shadows, if there is one.
//!
//! It reports over two channels: a JSON file it writes at exit (atexit) or on request, and a
//! Unix socket it connects to at start, on which the profiler asks for a report when the
//! recording stops while the program still runs.

use anyhow::Context;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The helper's source, loaded as `sitecustomize` by the launched interpreter.
pub const HELPER: &str = include_str!("heap_helper.py");

/// The helper's private directory, its report file and its request socket. Removed on drop.
#[derive(Debug)]
pub struct HeapHelper {
    /// The directory put on `PYTHONPATH`.
    pub dir: PathBuf,
    /// Where the helper writes its JSON report.
    pub report: PathBuf,
    socket_path: PathBuf,
    listener: UnixListener,
    connection: Option<UnixStream>,
    depth: u32,
}

impl HeapHelper {
    /// Creates the directory (mode 0700) with the helper and the socket.
    pub fn new(depth: u32) -> anyhow::Result<HeapHelper> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("profiler-python-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
        let helper = dir.join("sitecustomize.py");
        std::fs::write(&helper, HELPER).with_context(|| format!("cannot write {}", helper.display()))?;
        let socket_path = dir.join("request.sock");
        let listener =
            UnixListener::bind(&socket_path).with_context(|| format!("cannot listen on {}", socket_path.display()))?;
        listener.set_nonblocking(true)?;
        Ok(HeapHelper {
            report: dir.join("heap.json"),
            dir,
            socket_path,
            listener,
            connection: None,
            depth,
        })
    }

    /// Sets the environment that makes the interpreter load the helper.
    pub fn configure(&self, command: &mut Command) {
        let dir = self.dir.to_string_lossy().into_owned();
        let old = std::env::var_os("PYTHONPATH");
        let path = match &old {
            Some(old) if !old.is_empty() => format!("{dir}:{}", old.to_string_lossy()),
            _ => dir.clone(),
        };
        command
            .env("PYTHONPATH", path)
            .env("PROFILER_PY_HEAP_DIR", &dir)
            .env("PROFILER_PY_HEAP_OUT", &self.report)
            .env("PROFILER_PY_HEAP_REQUEST", &self.socket_path)
            .env("PROFILER_PY_HEAP_DEPTH", self.depth.to_string());
        if let Some(old) = old {
            command.env("PROFILER_PY_HEAP_PYTHONPATH", old);
        }
    }

    /// Accepts the helper's connection, if it came (call it now and then while recording).
    pub fn poll(&mut self) {
        if self.connection.is_none() {
            if let Ok((stream, _)) = self.listener.accept() {
                self.connection = Some(stream);
            }
        }
    }

    /// True once the helper has connected: it is loaded and tracemalloc runs.
    pub fn loaded(&self) -> bool {
        self.connection.is_some()
    }

    /// Asks the running program's helper for a report and waits up to `timeout` for it.
    pub fn request_report(&mut self, timeout: Duration) -> anyhow::Result<()> {
        self.poll();
        let Some(stream) = self.connection.as_mut() else {
            anyhow::bail!("the helper did not load (is the program run with -I, -E or -S?)");
        };
        stream.set_nonblocking(false)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.write_all(b"snapshot\n")?;
        let started = Instant::now();
        let mut line = String::new();
        BufReader::new(&*stream)
            .read_line(&mut line)
            .with_context(|| format!("no report after {:.0} s", started.elapsed().as_secs_f64()))?;
        match line.trim() {
            "done" => {}
            "" => anyhow::bail!("the program exited before it wrote the report"),
            other => anyhow::bail!("the helper failed: {}", other.trim_start_matches("error ")),
        }
        Ok(())
    }

    /// The directory's path, to recognise the helper's own frames in samples.
    pub fn owns_file(&self, filename: &str) -> bool {
        Path::new(filename).starts_with(&self.dir)
    }
}

impl Drop for HeapHelper {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The `/bin/sh` script that runs the command for `--blocking` (see [`spawn`]). The traps keep
/// the shell alive on SIGINT/SIGTERM/SIGHUP while the command gets them with their default
/// actions (traps are reset in executed commands, unlike ignored signals); `exit $?` keeps
/// the shell from exec'ing the command, so that it stays its parent.
const WAIT_SCRIPT: &str = "trap : INT TERM HUP QUIT; \"$@\"; exit $?";

/// Spawns `argv` (searching `PATH`), with the helper's environment when given.
///
/// With `under_shell`, the command runs as the child of a `/bin/sh` that waits for it and
/// exits with its status. `--blocking` needs that: py-spy's ptrace wait (`waitpid` with
/// `__WALL`, from any thread of the profiler) would reap the command if it exits during a
/// sample when the profiler is its parent, and its exit status would be lost. As the tracer
/// only, the profiler leaves the status to the shell. A command killed by signal N then shows
/// as exit code 128+N, which is what a shell reports anyway.
pub fn spawn(argv: &[String], helper: Option<&HeapHelper>, under_shell: bool) -> anyhow::Result<Child> {
    let Some(program) = argv.first() else {
        anyhow::bail!("no command given after --");
    };
    let mut command = if under_shell {
        if crate::backend::runtime::resolve_program(program).is_none_or(|p| !p.exists()) {
            anyhow::bail!("could not run `{program}`: no such file, or not found in PATH");
        }
        let mut command = Command::new("/bin/sh");
        command.args(["-c", WAIT_SCRIPT, "profiler"]).args(argv);
        command
    } else {
        let mut command = Command::new(program);
        command.args(&argv[1..]);
        command
    };
    if let Some(helper) = helper {
        helper.configure(&mut command);
    }
    command.spawn().with_context(|| format!("could not run `{program}`"))
}

/// The command the waiting shell started (its only child), once it exists; the shell's own
/// pid if the shell exits first or no child appears within 10 s.
pub fn command_under_shell(shell: &mut Child) -> u32 {
    let pid = shell.id();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
        if let Some(child) = children.split_whitespace().next().and_then(|c| c.parse().ok()) {
            return child;
        }
        if let Ok(Some(_)) = shell.try_wait() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    pid
}
