//! CPython stacks, read from outside the process.
//!
//! The interpreter's memory is read with py-spy's library (`py_spy::PythonSpy`): it knows the
//! layout of the interpreter's thread and frame structures for CPython 2.7 and 3.3 to 3.15,
//! finds them through the binary's symbols, and reads them with `process_vm_readv`. Writing
//! our own reader would mean keeping those per-version layouts ourselves; py-spy is a proven,
//! maintained implementation of exactly that.
//!
//! What touches the target:
//!
//! - By default nothing: each sample reads the target's memory while it runs. A sample can
//!   then be inconsistent (a frame that changed while it was read); py-spy detects most such
//!   reads and they are counted as failed samples.
//! - `--blocking` stops every thread of the target with ptrace for each sample (1-6 ms on
//!   this kind of machine), for exact stacks. It is announced on stderr.
//! - `--native` (py-spy's native unwinding, through libunwind; the default `python-native`
//!   build feature) implies `--blocking`: native stacks can only be unwound in stopped
//!   threads. Native frames replace the interpreter's eval frames; py-spy names them from the
//!   binaries' symbols, and leaves addresses in stripped code (parts of libc) as hex.
//! - `--heap` (launched commands only) loads a stdlib-only helper as `sitecustomize` (see
//!   [`launch`]), which runs tracemalloc in the target: that slows it down.
//!
//! Sampling is wall-clock, as py-spy's: every interval (exponentially distributed around the
//! requested mean, so that periodic work cannot alias with it), each thread is sampled once,
//! and threads that are not running on a CPU (per `/proc/PID/task/TID/stat`, and py-spy's
//! heuristics for lock waits) are left out unless `--idle` is given.

pub mod frames;
pub mod launch;

use crate::backend::native::ExitStatus;
use crate::backend::native::sys::process_alive;
use crate::cli::RecordArgs;
use crate::heap::memory::{Counters, MemoryTimeline, read_memory_totals};
use crate::heap::python::{HelperReport, from_helper_report};
use crate::profile::{Profile, ProfileMeta, SampleType};
use crate::record::Outcome;
use crate::sample::{Frame, Sample, ThreadInfo};
use frames::FrameNamer;
use launch::HeapHelper;
use py_spy::config::LockingStrategy;
use py_spy::{Config, PythonSpy, StackTrace};
use std::collections::HashMap;
use std::os::unix::process::ExitStatusExt;
use std::process::Child;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// What to sample and how.
#[derive(Debug, Clone)]
pub struct PythonOptions {
    /// Mean wall-clock time between samples.
    pub interval: Duration,
    /// Stop after this wall-clock time.
    pub duration: Option<Duration>,
    /// Keep idle threads.
    pub idle: bool,
    /// Only the thread holding the GIL.
    pub gil: bool,
    /// Merge native frames (needs the default `python-native` build feature; implies
    /// `blocking`).
    pub native: bool,
    /// Stop the target for each sample.
    pub blocking: bool,
    /// Run the heap helper in a launched command, with this tracemalloc depth.
    pub heap_depth: Option<u32>,
    /// How long to wait for a launched command's interpreter to become readable.
    pub attach_timeout: Duration,
}

impl Default for PythonOptions {
    fn default() -> Self {
        PythonOptions {
            interval: Duration::from_millis(10),
            duration: None,
            idle: false,
            gil: false,
            native: false,
            blocking: false,
            heap_depth: None,
            attach_timeout: Duration::from_secs(10),
        }
    }
}

/// What to profile.
#[derive(Debug, Clone)]
pub enum Target {
    /// A running process.
    Pid(u32),
    /// A command to launch.
    Command(Vec<String>),
}

/// One distinct stack of one thread.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ThreadStack {
    /// OS thread id (the Python thread id when the OS one is unknown).
    pub tid: u32,
    /// Frames, root first.
    pub frames: Vec<Frame>,
}

/// A finished Python recording, before it becomes a [`Profile`].
#[derive(Debug)]
pub struct PythonRecording {
    /// Stacks and how many samples each got.
    pub stacks: HashMap<ThreadStack, u64>,
    /// Thread names (Python's `threading` name, else the OS name), by tid.
    pub thread_names: HashMap<u32, String>,
    /// The process sampled.
    pub pid: u32,
    /// The interpreter's version.
    pub version: String,
    /// Sampling ticks (one read of all threads each).
    pub ticks: u64,
    /// Ticks whose read failed (the target changed while it was read, or was gone).
    pub failed: u64,
    /// Ticks skipped because the sampler fell behind.
    pub late: u64,
    /// Things the user should know.
    pub notes: Vec<String>,
    /// How a launched command ended, when it ended during the recording.
    pub exit: Option<ExitStatus>,
    /// A launched command still running when the recording stopped.
    pub running_command: Option<i32>,
    /// Wall-clock start.
    pub start: SystemTime,
    /// Wall-clock length.
    pub elapsed: Duration,
    /// The process's memory over time.
    pub memory: MemoryTimeline,
    /// The last memory totals read.
    pub last_memory: Option<Counters>,
    /// The heap helper's report (`--heap`), or why there is none.
    pub heap: Option<Result<HelperReport, String>>,
}

/// Records a CPython process (--pid) or a launched Python command.
pub fn record(args: &RecordArgs) -> anyhow::Result<Outcome> {
    let target = match (args.pid, args.command.is_empty()) {
        (Some(pid), true) => Target::Pid(pid),
        (None, false) => Target::Command(args.command.clone()),
        (Some(_), false) => anyhow::bail!("give either --pid or a command after --, not both"),
        (None, true) => anyhow::bail!(
            "nothing to profile: give --pid PID or a command after -- \
             (e.g. `profiler record -o cpu.svg -- python3 app.py`)"
        ),
    };
    let opts = PythonOptions {
        interval: args.sample_interval(),
        duration: args.duration,
        idle: args.idle,
        gil: args.gil,
        native: args.native,
        blocking: args.blocking,
        heap_depth: args.heap.then_some(args.tracemalloc_depth),
        ..PythonOptions::default()
    };
    let recording = sample(&target, &opts)?;
    let label = match &target {
        Target::Pid(pid) => match comm(*pid, *pid) {
            Some(name) => format!("pid {pid} ({name})"),
            None => format!("pid {pid}"),
        },
        Target::Command(argv) => argv.join(" "),
    };
    let profile = build_profile(&recording, &label, args);
    let heap = recording.heap.as_ref().map(|report| match report {
        Ok(report) => from_helper_report(report, &label, recording.last_memory),
        Err(why) => crate::heap::report::HeapReport {
            target: label.clone(),
            runtime: "python".into(),
            memory: recording.last_memory,
            unavailable: vec![format!("object census and allocation sites: {why}")],
            ..Default::default()
        },
    });
    Ok(Outcome {
        profile,
        exit: recording.exit,
        pid: recording.pid,
        running_command: recording.running_command,
        heap,
    })
}

/// The py-spy configuration for `opts`.
fn config(opts: &PythonOptions) -> Config {
    Config {
        // Native stacks can only be unwound while the threads are stopped: --native blocks.
        blocking: if opts.blocking || opts.native {
            LockingStrategy::Lock
        } else {
            LockingStrategy::NonBlocking
        },
        native: opts.native,
        gil_only: opts.gil,
        include_idle: opts.idle,
        collect_thread_names: true,
        ..Config::default()
    }
}

/// Why `--native` cannot be used in this build, if it cannot.
pub fn native_unavailable() -> Option<&'static str> {
    if cfg!(feature = "python-native") {
        None
    } else {
        Some(
            "--native is not available in this build of the profiler (built without the \
             default `python-native` feature): merging native frames needs py-spy's `unwind` \
             feature, which links libunwind (Debian: libunwind-dev); install it and rebuild \
             with default features, or use `--runtime native` for the machine-code stacks of \
             the interpreter",
        )
    }
}

/// Samples `target` until it exits, `opts.duration` passes, or SIGINT/SIGTERM arrives.
pub fn sample(target: &Target, opts: &PythonOptions) -> anyhow::Result<PythonRecording> {
    if opts.native {
        if let Some(why) = native_unavailable() {
            anyhow::bail!("{why}");
        }
    }
    if matches!(target, Target::Pid(_)) && opts.heap_depth.is_some() {
        anyhow::bail!(
            "--heap needs a command to launch (after --): the helper must be loaded when the \
             interpreter starts; for a running process use `profiler heap --pid PID`"
        );
    }
    let config = config(opts);
    let stop = StopFlag::install();
    let mut helper = match opts.heap_depth {
        Some(depth) => {
            eprintln!(
                "profiler: --heap: tracemalloc traces every allocation of the target \
                 ({depth} frames deep), which slows it down (often 2x or more)"
            );
            Some(HeapHelper::new(depth)?)
        }
        None => None,
    };
    let began = Instant::now();
    let start = SystemTime::now();
    let mut notes = Vec::new();
    let mut under_shell = false;
    let (pid, mut child, spy) = match target {
        Target::Pid(pid) => {
            let pid = *pid;
            (pid, None, Some(attach_pid(pid, &config)?))
        }
        Target::Command(argv) => {
            under_shell = config.blocking != LockingStrategy::NonBlocking;
            let mut child = launch::spawn(argv, helper.as_ref(), under_shell)?;
            let pid = if under_shell {
                launch::command_under_shell(&mut child)
            } else {
                child.id()
            };
            let spy = match attach_launched(&mut child, pid, &config, opts.attach_timeout, &stop) {
                Ok(spy) => spy,
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(e.context(format!(
                        "`{}` (pid {pid}) was stopped: it could not be profiled as CPython",
                        argv.join(" ")
                    )));
                }
            };
            if spy.is_some() {
                notes.push(format!(
                    "sampling started {} ms after the launch, once the interpreter could be read",
                    began.elapsed().as_millis()
                ));
            }
            (pid, Some(child), spy)
        }
    };
    if opts.blocking || opts.native {
        eprintln!(
            "profiler: {} pauses the target for each sample (ptrace stops all its threads \
             while their stacks are read)",
            if opts.blocking {
                "--blocking"
            } else {
                "--native (which implies --blocking)"
            }
        );
    }
    let mut sampler = Sampler {
        opts,
        stacks: HashMap::new(),
        thread_names: HashMap::new(),
        namer: FrameNamer::default(),
        pid,
        helper: helper.as_ref().map(|h| h.dir.to_string_lossy().into_owned()),
    };
    let mut memory = MemoryTimeline::new(pid);
    let mut last_memory = None;
    let mut last_memory_sample: Option<Instant> = None;
    let (mut ticks, mut failed, mut late) = (0u64, 0u64, 0u64);
    let mut last_error = None;
    let mut exit = None;
    let mut exit_lost = false;
    let mut version = String::new();
    if let Some(mut spy) = spy {
        version = spy.version.to_string();
        let mut schedule = Schedule::new(opts.interval);
        loop {
            late += schedule.wait();
            if stop.requested() {
                notes.push(format!(
                    "recording stopped by a signal after {:.1} s",
                    began.elapsed().as_secs_f64()
                ));
                break;
            }
            if opts.duration.is_some_and(|d| began.elapsed() >= d) {
                break;
            }
            if let Some(child) = child.as_mut() {
                match child.try_wait() {
                    Ok(Some(status)) => {
                        exit = Some(exit_status(status));
                        break;
                    }
                    Ok(None) => {}
                    Err(_) => {
                        // ECHILD: reaped by someone else (py-spy's ptrace wait, if the
                        // command were not under its waiting shell).
                        exit_lost = true;
                        break;
                    }
                }
                // With --blocking, do not try to stop a dying command: leave it to its shell.
                if under_shell && !process_alive(pid) {
                    std::thread::sleep(Duration::from_millis(1));
                    continue;
                }
            }
            if let Some(helper) = helper.as_mut() {
                helper.poll();
            }
            if last_memory_sample.is_none_or(|t| t.elapsed() >= Duration::from_secs(1)) {
                last_memory_sample = Some(Instant::now());
                if memory.sample().is_ok() {
                    last_memory = read_memory_totals(pid).ok().or(last_memory);
                }
            }
            ticks += 1;
            match spy.get_stack_traces() {
                Ok(traces) => sampler.add(&traces),
                Err(e) => {
                    if child.is_some() && !process_alive(pid) {
                        ticks -= 1; // the command is exiting: the wait above will see it
                        continue;
                    }
                    if child.is_none() && !process_alive(pid) {
                        ticks -= 1;
                        notes.push(format!(
                            "target exited after {:.1} s; the profile covers the time until then",
                            began.elapsed().as_secs_f64()
                        ));
                        break;
                    }
                    failed += 1;
                    last_error = Some(format!("{e:#}"));
                }
            }
        }
    }
    let elapsed = began.elapsed();
    // A launched command that ended between the last check and now.
    if let (None, Some(c)) = (exit, child.as_mut()) {
        if let Ok(Some(status)) = c.try_wait() {
            exit = Some(exit_status(status));
        }
    }
    let running_command = match (exit, &child) {
        (None, Some(c)) if !exit_lost => Some(c.id() as i32),
        _ => None,
    };
    if let Some(status) = exit {
        notes.push(match status {
            ExitStatus::Code(code) if under_shell && code > 128 => format!(
                "command exited with code {code} after {:.1} s (it ran under /bin/sh for --blocking: \
                 128+N means that it was killed by signal N)",
                elapsed.as_secs_f64()
            ),
            ExitStatus::Code(code) => format!("command exited with code {code} after {:.1} s", elapsed.as_secs_f64()),
            ExitStatus::Signal(signal) => format!(
                "command was killed by signal {signal} after {:.1} s; the profile covers the time until then",
                elapsed.as_secs_f64()
            ),
        });
    }
    if exit_lost {
        notes.push(format!(
            "the command exited after {:.1} s, but its exit status was taken by another wait \
             and is unknown (the profiler exits with 0)",
            elapsed.as_secs_f64()
        ));
    }
    if failed > 0 {
        let why = if opts.blocking {
            String::new()
        } else {
            " (the target changed its stacks while they were read without pausing it; \
             --blocking avoids this)"
                .to_string()
        };
        notes.push(format!(
            "{failed} of {ticks} samples could not be read{why}; last error: {}",
            last_error.unwrap_or_default()
        ));
    }
    if late > ticks / 10 && late > 0 {
        notes.push(format!(
            "{late} samples were skipped because the profiler fell behind (reading the \
             stacks took longer than the interval, or the machine is busy); {ticks} were taken: \
             use a longer --interval"
        ));
    }
    if sampler.stacks.is_empty() {
        notes.push(if opts.idle {
            "no samples: no Python thread was seen".into()
        } else {
            "no samples: no Python thread was running while recording (use --idle to include \
             waiting threads)"
                .into()
        });
    }
    let heap = helper
        .as_mut()
        .map(|helper| collect_heap(helper, running_command.is_some()));
    let Sampler {
        stacks, thread_names, ..
    } = sampler;
    Ok(PythonRecording {
        stacks,
        thread_names,
        pid,
        version,
        ticks,
        failed,
        late,
        notes,
        exit,
        running_command,
        start,
        elapsed,
        memory,
        last_memory,
        heap,
    })
}

/// Reads the helper's report: asks for one when the program still runs.
fn collect_heap(helper: &mut HeapHelper, running: bool) -> Result<HelperReport, String> {
    if running {
        eprintln!("profiler: --heap: asking the running program for its heap report");
        if let Err(e) = helper.request_report(Duration::from_secs(120)) {
            // A program that exited meanwhile wrote its report at exit instead.
            if !helper.report.exists() {
                return Err(format!("no report from the helper: {e:#}"));
            }
        }
    }
    let text = std::fs::read_to_string(&helper.report).map_err(|_| {
        if helper.loaded() {
            "the helper wrote no report (the program ended through os._exit or a signal, \
             before Python's atexit handlers ran)"
                .to_string()
        } else {
            "the helper did not load: the program did not start CPython, or ran it with -I, \
             -E or -S, which skip sitecustomize and PYTHONPATH"
                .to_string()
        }
    })?;
    serde_json::from_str(&text).map_err(|e| format!("the helper's report is unreadable: {e}"))
}

/// Opens a running interpreter. A process that just started may not have initialized its
/// interpreter yet: like py-spy, retry for a short while (not on permission errors).
fn attach_pid(pid: u32, config: &Config) -> anyhow::Result<PythonSpy> {
    let started = Instant::now();
    loop {
        let err = match PythonSpy::new(pid as py_spy::Pid, config) {
            Ok(mut spy) => match spy.get_stack_traces() {
                Ok(_) => return Ok(spy),
                Err(e) => e,
            },
            Err(e) => e,
        };
        let err = explain_attach_error(pid, &err);
        let text = err.to_string();
        if started.elapsed() >= Duration::from_millis(500)
            || text.contains("no process with pid")
            || text.contains("cannot read the memory")
        {
            return Err(err);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the launched command's interpreter can be read. `Ok(None)`: it exited first.
fn attach_launched(
    child: &mut Child,
    pid: u32,
    config: &Config,
    timeout: Duration,
    stop: &StopFlag,
) -> anyhow::Result<Option<PythonSpy>> {
    let started = Instant::now();
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            return Ok(None);
        }
        let err = match PythonSpy::new(pid as py_spy::Pid, config) {
            Ok(mut spy) => match spy.get_stack_traces() {
                Ok(_) => return Ok(Some(spy)),
                Err(e) => e,
            },
            Err(e) => e,
        };
        if started.elapsed() >= timeout || stop.requested() {
            return Err(explain_attach_error(pid, &err));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// An attach error that names the pid and says what to do.
fn explain_attach_error(pid: u32, err: &anyhow::Error) -> anyhow::Error {
    let text = format!("{err:#}");
    if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
        return anyhow::anyhow!(
            "no process with pid {pid} (hint: `ps -e` lists the running processes; in a \
             container, use the pid as the host sees it)"
        );
    }
    let name = comm(pid, pid).unwrap_or_else(|| "?".into());
    let lower = text.to_lowercase();
    if lower.contains("permission denied") || lower.contains("operation not permitted") || lower.contains("eperm") {
        return anyhow::anyhow!(
            "cannot read the memory of pid {pid} ({name}): {text}. Run the profiler as the \
             process's user with ptrace allowed (sysctl kernel.yama.ptrace_scope=0), or as root \
             / with CAP_SYS_PTRACE (in a container: --cap-add SYS_PTRACE)"
        );
    }
    anyhow::anyhow!(
        "pid {pid} ({name}) is not a CPython process the profiler can read: {text}. Check the \
         pid, or use --runtime native for its machine-code stacks"
    )
}

/// Turns py-spy's traces into thread stacks.
struct Sampler<'a> {
    opts: &'a PythonOptions,
    stacks: HashMap<ThreadStack, u64>,
    thread_names: HashMap<u32, String>,
    namer: FrameNamer,
    pid: u32,
    helper: Option<String>,
}

impl Sampler<'_> {
    fn add(&mut self, traces: &[StackTrace]) {
        for trace in traces {
            if !(self.opts.idle || trace.active) {
                continue;
            }
            if self.opts.gil && !trace.owns_gil {
                continue;
            }
            if let Some(dir) = &self.helper {
                if trace.frames.iter().any(|f| f.filename.starts_with(dir.as_str())) {
                    continue; // the heap helper's own thread
                }
            }
            if trace.frames.is_empty() {
                continue;
            }
            let tid = trace.os_thread_id.unwrap_or(trace.thread_id) as u32;
            // Python's thread name once py-spy has it (it looks names up again now and then:
            // the main thread has none before `threading` is imported), else the OS name.
            match &trace.thread_name {
                Some(name) => {
                    if self.thread_names.get(&tid) != Some(name) {
                        self.thread_names.insert(tid, name.clone());
                    }
                }
                None => {
                    if !self.thread_names.contains_key(&tid) {
                        if let Some(name) = comm(self.pid, tid) {
                            self.thread_names.insert(tid, name);
                        }
                    }
                }
            }
            // py-spy lists frames leaf first; native frames (--native) name their library.
            let frames = trace
                .frames
                .iter()
                .rev()
                .map(|f| match &f.module {
                    Some(library) => FrameNamer::native_frame(&f.name, Some(library), &f.filename, f.line as i64),
                    // An address --native could not place in any library.
                    None if f.filename == "?" => FrameNamer::native_frame(&f.name, None, "", 0),
                    None => {
                        self.namer
                            .frame_with_short(&f.filename, f.short_filename.as_deref(), &f.name, f.line as i64)
                    }
                })
                .collect();
            *self.stacks.entry(ThreadStack { tid, frames }).or_insert(0) += 1;
        }
    }
}

/// Aggregates a recording into a profile. With `per_thread`, each stack gets its thread
/// (`name (tid N)`) as root frame, which does not count against `max_depth`.
pub fn build_profile(recording: &PythonRecording, label: &str, args: &RecordArgs) -> Profile {
    let mode = match (args.blocking, args.native) {
        (_, true) => "blocking, with native frames",
        (true, false) => "blocking",
        (false, false) => "non-blocking",
    };
    let mut notes = recording.notes.clone();
    notes.push(format!(
        "Python {}: wall-clock sampling every {:?} on average; each {} thread counts once per \
         sample{}",
        if recording.version.is_empty() {
            "(not read)".to_string()
        } else {
            recording.version.clone()
        },
        args.sample_interval(),
        if args.gil {
            "GIL-holding"
        } else if args.idle {
            "(running or idle)"
        } else {
            "running"
        },
        if args.idle || args.gil {
            ""
        } else {
            " (idle threads left out: use --idle)"
        }
    ));
    let mut meta = ProfileMeta {
        target: label.to_string(),
        start_unix_ns: crate::profile::unix_ns(recording.start),
        duration_ns: recording.elapsed.as_nanos() as u64,
        interval_ns: args.sample_interval().as_nanos() as u64,
        lost_samples: 0,
        max_depth: None,
        unwind: format!("python (py-spy, {mode}, wall-clock)"),
        notes,
        extra: serde_json::Map::new(),
    };
    meta.extra.insert("clock".into(), serde_json::json!("wall"));
    meta.extra.insert(
        "python".into(),
        serde_json::json!({
            "version": recording.version,
            "ticks": recording.ticks,
            "failed": recording.failed,
            "late": recording.late,
            "blocking": args.blocking,
            "gil_only": args.gil,
            "idle": args.idle,
        }),
    );
    let mut profile = Profile::new(meta, SampleType::Cpu);
    let mut stacks: Vec<_> = recording.stacks.iter().collect();
    stacks.sort_by(|a, b| {
        b.1.cmp(a.1)
            .then(a.0.tid.cmp(&b.0.tid))
            .then(a.0.frames.cmp(&b.0.frames))
    });
    for (stack, &count) in stacks {
        let mut frames = stack.frames.clone();
        if let Some(depth) = args.max_depth {
            frames.truncate(depth);
        }
        let thread = args.per_thread.then(|| ThreadInfo {
            pid: recording.pid,
            tid: stack.tid,
            name: recording.thread_names.get(&stack.tid).cloned(),
        });
        if let Some(t) = &thread {
            frames.insert(0, Frame::thread_root(t));
        }
        profile.add(Sample {
            frames,
            thread,
            weight: count,
        });
    }
    profile.meta.max_depth = args.max_depth;
    recording.memory.add_to_profile(&mut profile);
    profile
}

/// What can be read of a running interpreter from outside.
#[derive(Debug, Clone)]
pub struct InterpreterInfo {
    /// CPython's version.
    pub version: String,
    /// Python threads.
    pub threads: usize,
    /// Of which running.
    pub active: usize,
}

/// Reads the interpreter's version and threads of `pid`, without pausing it. A read that
/// raced with the running target is retried a few times.
pub fn inspect(pid: u32) -> anyhow::Result<InterpreterInfo> {
    let config = config(&PythonOptions::default());
    let mut spy = attach_pid(pid, &config)?;
    let mut attempts = 0;
    let traces = loop {
        match spy.get_stack_traces() {
            Ok(traces) => break traces,
            Err(e) if attempts >= 10 => return Err(e.context(format!("cannot read the threads of pid {pid}"))),
            Err(_) => {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    };
    Ok(InterpreterInfo {
        version: spy.version.to_string(),
        threads: traces.len(),
        active: traces.iter().filter(|t| t.active).count(),
    })
}

fn exit_status(status: std::process::ExitStatus) -> ExitStatus {
    match (status.code(), status.signal()) {
        (Some(code), _) => ExitStatus::Code(code),
        (None, Some(signal)) => ExitStatus::Signal(signal),
        (None, None) => ExitStatus::Code(0),
    }
}

/// The name of thread `tid` of `pid` (`/proc/PID/task/TID/comm`).
fn comm(pid: u32, tid: u32) -> Option<String> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/comm"))
        .ok()
        .map(|s| s.trim().to_string())
}

/// When to sample: exponentially distributed intervals around the mean, as py-spy does, so
/// that periodic work in the target cannot alias with the samples. Unlike py-spy's timer it
/// never catches up in a burst: samples taken back to back after the sampler was descheduled
/// would all see the target where the scheduler left it, and weigh that one place many times.
/// A sampler that fell behind takes one sample and schedules the next from then.
struct Schedule {
    mean: Duration,
    next: Instant,
    state: u64,
}

impl Schedule {
    fn new(mean: Duration) -> Schedule {
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9e37_79b9_7f4a_7c15);
        Schedule {
            mean: mean.max(Duration::from_micros(100)),
            next: Instant::now(),
            state: seed | 1,
        }
    }

    /// Sleeps until the next sample is due; returns how many were skipped.
    fn wait(&mut self) -> u64 {
        let now = Instant::now();
        let mut skipped = 0;
        if self.next > now {
            std::thread::sleep(self.next - now);
        } else {
            skipped = ((now - self.next).as_nanos() / self.mean.as_nanos()) as u64;
            self.next = now;
        }
        let interval = self.draw();
        self.next += interval;
        skipped
    }

    /// An exponentially distributed interval with the mean (xorshift64*, inverse CDF).
    fn draw(&mut self) -> Duration {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        let bits = self.state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11;
        let u = (bits as f64 + 1.0) / (1u64 << 53) as f64; // in (0, 1]
        self.mean.mul_f64((-u.ln()).min(20.0))
    }
}

/// SIGINT and SIGTERM set a flag instead of killing the profiler, while it records.
struct StopFlag {
    flag: Arc<AtomicBool>,
    ids: Vec<signal_hook::SigId>,
}

impl StopFlag {
    fn install() -> StopFlag {
        let flag = Arc::new(AtomicBool::new(false));
        let ids = [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM]
            .into_iter()
            .filter_map(|signal| signal_hook::flag::register(signal, flag.clone()).ok())
            .collect();
        StopFlag { flag, ids }
    }

    fn requested(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }
}

impl Drop for StopFlag {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_intervals_average_the_mean() {
        let mut schedule = Schedule::new(Duration::from_millis(10));
        let n = 20_000;
        let total: Duration = (0..n).map(|_| schedule.draw()).sum();
        let mean_ms = total.as_secs_f64() * 1000.0 / n as f64;
        assert!((mean_ms - 10.0).abs() < 0.5, "mean interval {mean_ms} ms");
    }

    #[test]
    fn a_late_schedule_skips_instead_of_bursting() {
        let mut schedule = Schedule::new(Duration::from_millis(1));
        schedule.next = Instant::now() - Duration::from_millis(50);
        let skipped = schedule.wait();
        assert!((45..=55).contains(&skipped), "{skipped}");
        assert!(schedule.next > Instant::now() - Duration::from_millis(1));
    }
}
