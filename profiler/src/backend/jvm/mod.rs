//! Java stacks from JDK Flight Recorder, started through the HotSpot attach protocol.
//!
//! `profiler record` on a HotSpot JVM (JDK 11 and later):
//!
//! 1. [`attach`]: reach the JVM's attach listener (`/proc/PID/root/tmp/.java_pid<nspid>`),
//!    starting it with the `.attach_pid` trigger file and SIGQUIT if needed, with the JVM's
//!    uid/gid when the profiler runs as root ([`sys`]).
//! 2. [`session`]: fix JFR's stack depth if this is the JVM's first JFR use (announced: it holds
//!    for the JVM's lifetime), start a recording with only `jdk.ExecutionSample` (and, with
//!    `--idle`, `jdk.NativeMethodSample`) at the chosen period, dump it now and then so a JVM
//!    that dies still leaves data, and stop it (the JVM writes it out) at the end.
//! 3. [`jfr`]: read the dump into Java frames (`package.Class.method`, inlined frames marked).
//!
//! What touches the target: the attach listener thread (started once, stays), JFR (initialized
//! once, stays; its stack depth fixed from then on), a recording while profiling, and files in
//! a private directory of its `/tmp`, removed at the end.

pub mod attach;
pub mod jfr;
pub mod session;
mod sys;

pub use sys::{install_stop_handlers, request_stop, stop_requested};

use crate::backend::native::ExitStatus;
use crate::cli::RecordArgs;
use crate::profile::{Profile, ProfileMeta, SampleType};
use crate::record::Outcome;
use crate::sample::{Frame, Sample, ThreadInfo};
use anyhow::{Context, bail};
use attach::{AttachError, Jvm};
use jfr::{EventKind, JfrData, ReadOptions};
use session::{Session, Setting, StackDepth};
use std::fs::File;
use std::io::BufReader;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant, SystemTime};

/// The most Java threads JDK 17's JFR sampler samples per period (`MAX_NR_OF_JAVA_SAMPLES`),
/// and the most threads in native code (`MAX_NR_OF_NATIVE_SAMPLES`).
pub const JFR_JAVA_THREADS_PER_PERIOD: u32 = 5;
/// See [`JFR_JAVA_THREADS_PER_PERIOD`].
pub const JFR_NATIVE_THREADS_PER_PERIOD: u32 = 1;

/// How to profile a JVM.
#[derive(Debug, Clone)]
pub struct JvmOptions {
    /// Time between samples (JFR's period: wall-clock time, whole milliseconds, 1 ms at least).
    pub interval: Duration,
    /// Stop after this wall-clock time.
    pub duration: Option<Duration>,
    /// Keep at most this many frames, counted from the root.
    pub max_depth: Option<usize>,
    /// Keep threads apart.
    pub per_thread: bool,
    /// Keep line numbers.
    pub lines: bool,
    /// Also sample threads in native methods (`jdk.NativeMethodSample`).
    pub native_methods: bool,
    /// How long to wait for a launched JVM to start, and for an attach listener.
    pub attach_timeout: Duration,
}

impl Default for JvmOptions {
    fn default() -> Self {
        JvmOptions {
            interval: Duration::from_millis(10),
            duration: None,
            max_depth: None,
            per_thread: false,
            lines: false,
            native_methods: false,
            attach_timeout: Duration::from_secs(30),
        }
    }
}

impl JvmOptions {
    /// The options `profiler record` gives.
    pub fn from_args(args: &RecordArgs) -> Self {
        JvmOptions {
            interval: args.sample_interval(),
            duration: args.duration,
            max_depth: args.max_depth,
            per_thread: args.per_thread,
            lines: args.lines,
            native_methods: args.idle,
            ..JvmOptions::default()
        }
    }

    /// JFR's period in whole milliseconds.
    pub fn period_ms(&self) -> u64 {
        (self.interval.as_micros() as u64).div_ceil(1000).max(1)
    }

    /// The stack depth to ask JFR for: whole stacks are needed to cut them at the root, so at
    /// least JFR's default, and more when `--max-depth` asks for more.
    pub fn stack_depth(&self) -> u32 {
        let wanted = self.max_depth.unwrap_or(0).min(session::MAX_STACK_DEPTH as usize) as u32;
        wanted.max(session::DEFAULT_STACK_DEPTH)
    }
}

/// True when a process with this pid exists (a zombie counts as gone).
pub use crate::backend::native::sys::process_alive;

/// CPU time (user + system) of a whole process so far, from `/proc/PID/stat`, in clock ticks
/// of 10 ms (`USER_HZ` is 100 on Linux).
fn process_cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // After the command name: state is field 3, utime 14 and stime 15 (1-based).
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// Records a HotSpot JVM (--pid) or a launched Java command.
pub fn record(args: &RecordArgs) -> anyhow::Result<Outcome> {
    let opts = JvmOptions::from_args(args);
    if args.heap {
        bail!("--heap is not available for JVM commands: run `profiler heap --pid PID` on the running JVM");
    }
    match (args.pid, args.command.is_empty()) {
        (Some(pid), true) => record_pid(pid, &opts),
        (None, false) => record_command(&args.command, &opts),
        (Some(_), false) => bail!("give either --pid or a command after --, not both"),
        (None, true) => bail!(
            "nothing to profile: give --pid PID or a command after -- \
             (e.g. `profiler record -o cpu.svg -- java -cp app.jar Main`)"
        ),
    }
}

/// Records the running JVM `pid`.
pub fn record_pid(pid: u32, opts: &JvmOptions) -> anyhow::Result<Outcome> {
    sys::install_stop_handlers();
    let jvm = Jvm::open(pid)?;
    jvm.start_listener(Duration::from_secs(10))?;
    let label = match std::fs::read_to_string(format!("/proc/{pid}/comm")) {
        Ok(name) => format!("pid {pid} ({})", name.trim()),
        Err(_) => format!("pid {pid}"),
    };
    let mut run = run_recording(&jvm, opts, None)?;
    let profile = build_profile(&run.data, pid, &label, opts, &mut run.notes, run.elapsed, run.start);
    Ok(Outcome {
        profile,
        exit: None,
        pid,
        running_command: None,
        heap: None,
    })
}

/// Launches `argv`, waits until its JVM accepts attach, and records it until it exits (or
/// --duration, or a signal). The command's exit status is passed on.
pub fn record_command(argv: &[String], opts: &JvmOptions) -> anyhow::Result<Outcome> {
    sys::install_stop_handlers();
    let launched_at = Instant::now();
    let mut child = std::process::Command::new(&argv[0])
        .args(&argv[1..])
        .spawn()
        .with_context(|| format!("could not run `{}`", argv[0]))?;
    let child_pid = child.id();
    let label = argv.join(" ");
    // A command that exits before its JVM accepts a recording (a short program, or one that
    // fails at start) is no error of the profiler's: its exit code is passed on, with a profile
    // that says why it is empty.
    let exited_early = |status: ExitStatus, when: &str| {
        let mut notes = vec![format!(
            "the command exited after {:.1} s, {when}",
            launched_at.elapsed().as_secs_f64()
        )];
        let profile = build_profile(
            &JfrData::default(),
            child_pid,
            &label,
            opts,
            &mut notes,
            launched_at.elapsed(),
            SystemTime::now(),
        );
        Outcome {
            profile,
            exit: Some(status),
            pid: child_pid,
            running_command: None,
            heap: None,
        }
    };
    let jvm_pid = match wait_for_jvm(&mut child, opts.attach_timeout)? {
        Launch::Ready(pid) => pid,
        Launch::Exited(status) => {
            return Ok(exited_early(status, "before its JVM could be attached to"));
        }
    };
    let result = (|| -> anyhow::Result<Recorded> {
        let jvm = Jvm::open(jvm_pid)?;
        jvm.start_listener(opts.attach_timeout)?;
        run_recording(&jvm, opts, Some(&mut child))
    })();
    let mut run = match result {
        Ok(run) => run,
        Err(err) => {
            // The attach or the recording failed. When that is because the command exited
            // meanwhile, its exit code is what the user needs.
            if let Some(status) = exited_within(&mut child, Duration::from_millis(500)) {
                let why = format!("while the profiler was attaching to its JVM ({err})");
                return Ok(exited_early(status, &why));
            }
            // Otherwise the command is stopped (it was started for profiling); its exit code
            // is lost, the error says why.
            let _ = child.kill();
            let _ = child.wait();
            return Err(err.context(format!("profiling `{label}` (pid {jvm_pid})")));
        }
    };
    run.notes.insert(
        0,
        format!(
            "JFR started {:.1} s after the command was launched (JVM start-up is not in the profile)",
            run.attached_after.saturating_duration_since(launched_at).as_secs_f64()
        ),
    );
    if let Some(status) = run.exit {
        run.notes.push(match status {
            ExitStatus::Code(code) => format!("command exited with code {code}"),
            ExitStatus::Signal(signal) => format!("command was killed by signal {signal}"),
        });
    }
    let profile = build_profile(&run.data, jvm_pid, &label, opts, &mut run.notes, run.elapsed, run.start);
    Ok(Outcome {
        profile,
        exit: run.exit,
        pid: child_pid,
        running_command: if run.exit.is_none() {
            Some(child_pid as i32)
        } else {
            None
        },
        heap: None,
    })
}

enum Launch {
    Ready(u32),
    Exited(ExitStatus),
}

/// The exit status of `child` if it exits within `wait`.
fn exited_within(child: &mut Child, wait: Duration) -> Option<ExitStatus> {
    let until = Instant::now() + wait;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(exit_status(status)),
            Ok(None) if Instant::now() < until => std::thread::sleep(Duration::from_millis(20)),
            _ => return None,
        }
    }
}

fn exit_status(status: std::process::ExitStatus) -> ExitStatus {
    match (status.code(), status.signal()) {
        (Some(code), _) => ExitStatus::Code(code),
        (None, Some(signal)) => ExitStatus::Signal(signal),
        (None, None) => ExitStatus::Code(0),
    }
}

/// The launched process, or one of its descendants, once it is a JVM that handles SIGQUIT.
fn wait_for_jvm(child: &mut Child, timeout: Duration) -> anyhow::Result<Launch> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Launch::Exited(exit_status(status)));
        }
        let mut candidates = vec![child.id()];
        candidates.extend(descendants(child.id()));
        for pid in candidates {
            if attach::maps_libjvm(pid)
                && attach::read_status(pid).is_ok_and(|s| s.catches_sigquit)
                && has_signal_dispatcher(pid)
            {
                return Ok(Launch::Ready(pid));
            }
        }
        if sys::stop_requested() {
            bail!("stopped by a signal before the JVM started");
        }
        if started.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "`{}` (pid {}) did not become a running HotSpot JVM within {} s; it was stopped \
                 (use --runtime native for programs that are not JVMs)",
                child.id(),
                child.id(),
                timeout.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// True when the JVM `pid` runs its "Signal Dispatcher" thread. HotSpot installs its SIGQUIT
/// handler during start-up, before that thread exists; a SIGQUIT is only acted on (the attach
/// listener started) once the thread runs, so a launched JVM is signalled no earlier.
fn has_signal_dispatcher(pid: u32) -> bool {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return false;
    };
    tasks.flatten().any(|task| {
        std::fs::read_to_string(task.path().join("comm")).is_ok_and(|comm| comm.trim_end() == "Signal Dispatch")
    })
}

/// All descendants of `pid`, from `/proc/PID/task/*/children`.
fn descendants(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut queue = vec![pid];
    while let Some(p) = queue.pop() {
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{p}/task")) else {
            continue;
        };
        for task in tasks.flatten() {
            let children = std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
            for child in children.split_whitespace().filter_map(|c| c.parse().ok()) {
                if !out.contains(&child) {
                    out.push(child);
                    queue.push(child);
                }
            }
        }
    }
    out
}

/// What one recording gave.
struct Recorded {
    data: JfrData,
    notes: Vec<String>,
    exit: Option<ExitStatus>,
    start: SystemTime,
    elapsed: Duration,
    attached_after: Instant,
}

/// The event settings of a CPU recording.
fn cpu_settings(opts: &JvmOptions) -> Vec<Setting> {
    let period = format!("{} ms", opts.period_ms());
    let mut settings = vec![
        ("jdk.ExecutionSample", "enabled", "true".to_string()),
        ("jdk.ExecutionSample", "period", period.clone()),
    ];
    if opts.native_methods {
        settings.push(("jdk.NativeMethodSample", "enabled", "true".to_string()));
        settings.push(("jdk.NativeMethodSample", "period", period));
    }
    settings
}

/// Announces on stderr what the stack depth setting does to the JVM.
pub fn announce_stack_depth(pid: u32, depth: StackDepth, wanted: u32, notes: &mut Vec<String>) {
    if depth.chosen_now {
        eprintln!(
            "profiler: note: first JFR use in pid {pid}: its stack depth is now {} frames for the \
             JVM's lifetime (JFR cannot change it later)",
            depth.depth
        );
        // Seen on JDK 17 with -XX:+PrintCompilation: every compiled method is made not entrant
        // when JFR starts, and recompiled over the next second or two.
        notes.push(
            "JFR started for the first time in this JVM: its start deoptimizes the JVM's compiled \
             code, so the first second or two run slower and their samples over-represent code \
             that is recompiled first; later recordings in this JVM are not affected"
                .into(),
        );
    } else if depth.depth < wanted {
        notes.push(format!(
            "JFR was already in use in this JVM with a stack depth of {} (fixed for its lifetime): \
             deeper stacks are cut at the root and start with [truncated]",
            depth.depth
        ));
    }
}

/// Starts a CPU recording in `jvm`, waits until the end (duration, signal, the JVM's exit),
/// stops it and reads it.
fn run_recording(jvm: &Jvm, opts: &JvmOptions, mut child: Option<&mut Child>) -> anyhow::Result<Recorded> {
    let mut notes = Vec::new();
    let jdk = session::jdk_version(jvm);
    if let Some(v) = jdk {
        if v < 11 {
            bail!("pid {} runs JDK {v}: JFR profiling needs JDK 11 or later", jvm.pid);
        }
    }
    session::wait_for_jfr(jvm, opts.attach_timeout)?;
    let wanted = opts.stack_depth();
    let depth = session::prepare_stack_depth(jvm, wanted)?;
    announce_stack_depth(jvm.pid, depth, wanted, &mut notes);
    let mut session = Session::start(jvm, jdk, &cpu_settings(opts)).map_err(explain_start_error)?;
    let attached_after = Instant::now();
    let start = SystemTime::now();
    eprintln!(
        "profiler: JFR recording {} started in pid {} (every {} ms, stack depth {})",
        session.name,
        jvm.pid,
        opts.period_ms(),
        depth.depth
    );
    let began = Instant::now();
    let cpu_at_start = process_cpu_ticks(jvm.pid);
    let mut cpu_at_end = cpu_at_start;
    let mut next_dump = Duration::from_secs(2);
    let mut exit = None;
    let mut jvm_gone = false;
    loop {
        std::thread::sleep(Duration::from_millis(50));
        cpu_at_end = process_cpu_ticks(jvm.pid).or(cpu_at_end);
        let elapsed = began.elapsed();
        if sys::stop_requested() {
            notes.push(format!(
                "recording stopped by a signal after {:.1} s",
                elapsed.as_secs_f64()
            ));
            break;
        }
        if opts.duration.is_some_and(|d| elapsed >= d) {
            break;
        }
        if let Some(child) = child.as_deref_mut() {
            if let Some(status) = child.try_wait()? {
                exit = Some(exit_status(status));
                jvm_gone = !process_alive(jvm.pid);
                if jvm_gone {
                    break;
                }
            }
        }
        if !process_alive(jvm.pid) {
            jvm_gone = true;
            break;
        }
        if elapsed >= next_dump {
            // Periodic dumps, at growing intervals (2 s, 4 s, 6 s, 9 s... at most 30 s apart):
            // what is left if the JVM dies without writing its recording.
            let _ = session.dump();
            let gap = (elapsed / 2).clamp(Duration::from_secs(2), Duration::from_secs(30));
            next_dump = began.elapsed() + gap;
        }
    }
    let elapsed = began.elapsed();
    let read_opts = ReadOptions {
        lines: opts.lines,
        per_thread: opts.per_thread,
    };
    let data = if jvm_gone {
        // A launched command that exited: reap it (its exit code is passed on).
        if let Some(child) = child {
            if exit.is_none() {
                exit = child.wait().ok().map(exit_status);
            }
        }
        let exit_dump = session.exit_dump();
        match read_file(&exit_dump, read_opts) {
            Some(data) if data.chunks > 0 => {
                notes.push(format!(
                    "the JVM exited after {:.1} s; the profile is the recording it wrote on exit",
                    elapsed.as_secs_f64()
                ));
                data
            }
            _ => match session.last_dump().and_then(|p| read_file(p, read_opts)) {
                Some(data) if data.chunks > 0 => {
                    notes.push(format!(
                        "the JVM died after {:.1} s without writing its recording; the profile \
                         covers its last periodic dump",
                        elapsed.as_secs_f64()
                    ));
                    data
                }
                _ => bail!(
                    "pid {} exited after {:.1} s before any JFR data could be dumped: nothing to show",
                    jvm.pid,
                    elapsed.as_secs_f64()
                ),
            },
        }
    } else {
        let path = session.stop()?;
        match read_file(&path, read_opts) {
            Some(data) => data,
            None => bail!("pid {}: cannot read the JFR recording {}", jvm.pid, path.display()),
        }
    };
    if let Some(error) = &data.error {
        notes.push(format!(
            "the JFR file ended early ({error}); the profile has what was read"
        ));
    }
    drop(session);
    if let (Some(a), Some(b)) = (cpu_at_start, cpu_at_end) {
        // JFR drops, without a trace, samples whose stack it cannot walk (seen on JDK 17 in
        // tight loops of compiled code): compare with the CPU time the JVM used.
        let cpu_ms = b.saturating_sub(a) * 10;
        let periods = cpu_ms / opts.period_ms();
        let samples = data.events.get(&EventKind::Execution).copied().unwrap_or(0);
        if periods >= 50 && samples * 2 < periods {
            notes.push(format!(
                "the JVM used {:.1} s of CPU ({periods} periods of {} ms) but JFR took only \
                 {samples} samples: JFR leaves out threads in native code and the JVM's own threads \
                 (GC, JIT), and drops samples whose stack it cannot walk (tight loops of compiled \
                 code), so shares may be biased",
                cpu_ms as f64 / 1000.0,
                opts.period_ms()
            ));
        }
    }
    Ok(Recorded {
        data,
        notes,
        exit,
        start,
        elapsed,
        attached_after,
    })
}

/// Adds what to do to a failing `JFR.start`.
fn explain_start_error(err: AttachError) -> anyhow::Error {
    let hint = match &err {
        AttachError::Command { output, .. } if output.contains("Unknown diagnostic command") => {
            " (this JVM has no JFR: a runtime built without the jdk.jfr module)"
        }
        _ => "",
    };
    anyhow::anyhow!("{err}{hint}")
}

/// Reads a JFR file, `None` when it is missing or empty.
pub fn read_file(path: &Path, opts: ReadOptions) -> Option<JfrData> {
    let file = File::open(path).ok()?;
    if file.metadata().ok()?.len() == 0 {
        return None;
    }
    Some(jfr::read(BufReader::new(file), opts))
}

/// Turns JFR stacks into a [`Frame`]-level stack: the thread marker root (per thread), and the
/// root-side depth limit.
pub fn to_sample(stack: &jfr::JfrStack, pid: u32, max_depth: Option<usize>, per_thread: bool) -> Sample {
    let mut frames = stack.frames.clone();
    if frames.is_empty() {
        frames.push(Frame::native("[unknown]", None));
    }
    if let Some(depth) = max_depth {
        frames.truncate(depth);
    }
    let thread = per_thread
        .then_some(stack.thread.as_ref())
        .flatten()
        .map(|t| ThreadInfo {
            pid,
            tid: t.tid,
            name: t.name.clone(),
        });
    if let Some(t) = &thread {
        frames.insert(0, Frame::thread_root(t));
    }
    Sample {
        frames,
        thread,
        weight: stack.weight,
    }
}

/// Builds the CPU profile of a JFR recording, with what JFR's sampling leaves out in the notes.
fn build_profile(
    data: &JfrData,
    pid: u32,
    label: &str,
    opts: &JvmOptions,
    notes: &mut Vec<String>,
    elapsed: Duration,
    start: SystemTime,
) -> Profile {
    let period_ms = opts.period_ms();
    let execution = data.events.get(&EventKind::Execution).copied().unwrap_or(0);
    let native = data.events.get(&EventKind::NativeMethod).copied().unwrap_or(0);
    let periods = (elapsed.as_millis() as u64 / period_ms).max(1);
    let per_period = execution as f64 / periods as f64;
    if opts.interval.as_micros() % 1000 != 0 {
        notes.push(format!(
            "JFR samples in whole milliseconds: the interval is {period_ms} ms"
        ));
    }
    notes.push(format!(
        "JFR samples at most {JFR_JAVA_THREADS_PER_PERIOD} threads running Java code per period \
         (wall-clock, every {period_ms} ms); threads blocked, waiting or in native code are not in \
         jdk.ExecutionSample{}; here: {per_period:.2} threads sampled per period on average",
        if opts.native_methods {
            format!(
                " (jdk.NativeMethodSample adds at most {JFR_NATIVE_THREADS_PER_PERIOD} thread in native code per period)"
            )
        } else {
            " (--idle adds jdk.NativeMethodSample)".to_string()
        }
    ));
    if per_period >= JFR_JAVA_THREADS_PER_PERIOD as f64 * 0.8 {
        notes.push(format!(
            "JFR's limit of {JFR_JAVA_THREADS_PER_PERIOD} threads per period was reached: with more \
             busy threads than that, each is sampled less often than every {period_ms} ms"
        ));
    }
    let truncated: u64 = data.truncated.values().sum();
    if truncated > 0 {
        notes.push(format!(
            "{truncated} stacks were deeper than JFR's stack depth and start with [truncated]"
        ));
    }
    if execution + native == 0 {
        notes.push("no samples: no thread ran Java code while recording (idle, blocked or in native code)".into());
    }
    if opts.lines {
        notes.push("JFR records line numbers but no source file names: file names are derived from class names".into());
    }
    let mut meta = ProfileMeta {
        target: label.to_string(),
        start_unix_ns: crate::profile::unix_ns(start),
        duration_ns: elapsed.as_nanos() as u64,
        interval_ns: period_ms * 1_000_000,
        lost_samples: 0,
        max_depth: None,
        unwind: "jfr".into(),
        notes: std::mem::take(notes),
        extra: serde_json::Map::new(),
    };
    meta.extra.insert(
        "jfr".into(),
        serde_json::json!({
            "execution_samples": execution,
            "native_method_samples": native,
            "period_ms": period_ms,
            "threads_sampled_per_period": per_period,
            "max_java_threads_per_period": JFR_JAVA_THREADS_PER_PERIOD,
            "truncated_stacks": truncated,
            "chunks": data.chunks,
        }),
    );
    let mut profile = Profile::new(meta, SampleType::Cpu);
    for stack in &data.stacks {
        if matches!(stack.kind, EventKind::Execution | EventKind::NativeMethod) {
            profile.add(to_sample(stack, pid, opts.max_depth, opts.per_thread));
        }
    }
    profile.meta.max_depth = opts.max_depth;
    profile
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_and_depth() {
        let mut opts = JvmOptions::default();
        assert_eq!(opts.period_ms(), 10);
        opts.interval = Duration::from_micros(500);
        assert_eq!(opts.period_ms(), 1);
        opts.interval = Duration::from_micros(2500);
        assert_eq!(opts.period_ms(), 3);
        assert_eq!(opts.stack_depth(), 64);
        opts.max_depth = Some(2);
        assert_eq!(opts.stack_depth(), 64);
        opts.max_depth = Some(300);
        assert_eq!(opts.stack_depth(), 300);
    }

    #[test]
    fn this_process_is_not_a_jvm() {
        let err = Jvm::open(std::process::id()).unwrap_err().to_string();
        assert!(err.contains("is not a HotSpot JVM"), "{err}");
    }
}
