//! Native sampling with Linux perf events.
//!
//! One software `cpu-clock` event per thread of the target and per CPU, with `inherit`, so
//! that threads and (with `--subprocesses`) processes created during the recording are
//! sampled too. All events of one CPU write into one ring buffer (`PERF_EVENT_IOC_SET_OUTPUT`).
//! Records of all buffers are ordered by time before they are processed, so that a sample
//! always sees the mappings that existed when it was taken.
//!
//! Stacks are unwound while recording, and kept as module file offsets, so the target can
//! unload a library or exit before the end and still be symbolized.

mod address_map;
mod modules;
mod records;
pub(crate) mod sys;
mod unwind;

pub use address_map::AddressMap;
pub use modules::ModuleFile;
pub use sys::{ExitStatus, request_stop};

use crate::cli::Unwind;
use anyhow::{Context, bail};
use modules::{MappingSource, ModuleTable};
use records::Record;
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};
use std::time::{Duration, Instant, SystemTime};
use sys::PerfEventAttr;
use unwind::ProcessState;

/// Size of the user stack copied with each sample for CFI unwinding.
pub const DEFAULT_STACK_COPY: u32 = 32 * 1024;

/// What to sample.
#[derive(Debug, Clone)]
pub enum Target {
    /// A running process.
    Pid(u32),
    /// A command to launch, profiled from its first instruction.
    Command(Vec<String>),
}

/// How to sample.
#[derive(Debug, Clone)]
pub struct NativeOptions {
    /// CPU time between samples.
    pub interval: Duration,
    /// Stop after this wall-clock time.
    pub duration: Option<Duration>,
    /// Unwinding method.
    pub unwind: Unwind,
    /// Keep kernel frames.
    pub kernel: bool,
    /// Follow child processes.
    pub subprocesses: bool,
    /// Bytes of user stack copied per sample (dwarf/auto).
    pub stack_copy: u32,
    /// Environment variables set (or replaced) for a launched command, such as the heap
    /// profiler's LD_PRELOAD.
    pub env: Vec<(OsString, OsString)>,
}

impl Default for NativeOptions {
    fn default() -> Self {
        NativeOptions {
            interval: Duration::from_millis(10),
            duration: None,
            unwind: Unwind::Auto,
            kernel: false,
            subprocesses: false,
            stack_copy: DEFAULT_STACK_COPY,
            env: Vec::new(),
        }
    }
}

/// A code location, resolved while recording so that it survives unmapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Loc {
    /// An offset into a module file (return addresses already moved back into the call).
    File {
        /// Index into [`Recording::modules`].
        module: u32,
        /// File offset.
        offset: u64,
    },
    /// An address outside any file mapping (JIT code), in process `pid`.
    Anon {
        /// Process id.
        pid: u32,
        /// Absolute address.
        addr: u64,
    },
    /// A kernel address.
    Kernel(u64),
}

/// One distinct raw stack of one thread.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RawStack {
    /// Process id.
    pub pid: u32,
    /// Thread id.
    pub tid: u32,
    /// Frames, leaf first.
    pub frames: Vec<Loc>,
    /// True when unwinding stopped before the root.
    pub truncated: bool,
}

/// Counters of how stacks were unwound.
#[derive(Debug, Clone, Copy, Default)]
pub struct UnwindStats {
    /// Stacks unwound to the root with CFI.
    pub cfi_complete: u64,
    /// Stacks where CFI stopped early and frame pointers finished the walk.
    pub fp_spliced: u64,
    /// Stacks cut short.
    pub truncated: u64,
}

/// Everything a recording collected.
#[derive(Debug)]
pub struct Recording {
    /// Stack -> number of samples.
    pub stacks: HashMap<RawStack, u64>,
    /// Module files referenced by [`Loc::File`].
    pub modules: Vec<ModuleFile>,
    /// Thread names by tid.
    pub thread_names: HashMap<u32, String>,
    /// The main process (the launched command or --pid).
    pub main_pid: u32,
    /// Samples counted (after filtering to the target's processes).
    pub samples: u64,
    /// Samples the kernel reported lost.
    pub lost: u64,
    /// Facts for the user.
    pub notes: Vec<String>,
    /// How the launched command ended.
    pub exit: Option<ExitStatus>,
    /// CPU time (user + system) of the launched command and its waited-for children, when it
    /// exited during the recording.
    pub command_cpu: Option<Duration>,
    /// The launched command, when it was still running at the end of the recording.
    pub running_command: Option<i32>,
    /// True when the target (pid) went away during the recording.
    pub target_exited: bool,
    /// Wall-clock start.
    pub start: SystemTime,
    /// Wall-clock length of the recording.
    pub elapsed: Duration,
    /// The target's memory (RSS, PSS, USS, swap...) sampled about once a second.
    pub memory: crate::heap::memory::MemoryTimeline,
    /// Namespace pid of each process, for perf maps of containerized processes.
    pub ns_pids: HashMap<u32, u32>,
    /// Each process's root directory (`/proc/PID/root`), held open so that files in its
    /// mount namespace (perf maps) can be read after it exited.
    pub roots: HashMap<u32, std::fs::File>,
    /// Unwinding counters.
    pub unwind_stats: UnwindStats,
}

fn online_cpus() -> Vec<i32> {
    let text = std::fs::read_to_string("/sys/devices/system/cpu/online").unwrap_or_default();
    let mut cpus = Vec::new();
    for part in text.trim().split(',') {
        match part.split_once('-') {
            Some((a, b)) => {
                if let (Ok(a), Ok(b)) = (a.parse::<i32>(), b.parse::<i32>()) {
                    cpus.extend(a..=b);
                }
            }
            None => {
                if let Ok(a) = part.parse() {
                    cpus.push(a);
                }
            }
        }
    }
    if cpus.is_empty() {
        let n = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        cpus = (0..n as i32).collect();
    }
    cpus
}

fn read_sysctl(name: &str) -> Option<i64> {
    std::fs::read_to_string(format!("/proc/sys/kernel/{name}"))
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn task_ids(pid: u32) -> Vec<u32> {
    let mut tids: Vec<u32> = std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|dir| dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect())
        .unwrap_or_default();
    tids.sort_unstable();
    tids
}

fn child_processes(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for tid in task_ids(pid) {
        if let Ok(text) = std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/children")) {
            out.extend(text.split_whitespace().filter_map(|p| p.parse::<u32>().ok()));
        }
    }
    out
}

fn ns_pid(pid: u32) -> Option<u32> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("NSpid:"))?;
    line.split_whitespace().last()?.parse().ok()
}

fn comm(pid: u32, tid: u32) -> Option<String> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/comm"))
        .ok()
        .map(|s| s.trim_end().to_string())
}

fn owner_uid(pid: u32) -> Option<u32> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

/// Explains a perf_event_open failure: permissions, paranoia level, seccomp.
fn explain_open_error(err: &io::Error, pid: u32) -> String {
    let paranoid = read_sysctl("perf_event_paranoid");
    let seccomp = std::fs::read_to_string("/proc/self/status").ok().and_then(|s| {
        s.lines()
            .find(|l| l.starts_with("Seccomp:"))
            .map(|l| l[8..].trim().to_string())
    });
    let root = sys::euid() == 0;
    match err.raw_os_error() {
        Some(libc::ESRCH) => format!("no process with pid {pid} (it may have just exited)"),
        Some(libc::ENOSYS) => "this kernel has no perf events (CONFIG_PERF_EVENTS), or a seccomp filter hides \
             perf_event_open"
            .into(),
        Some(libc::ENOENT) | Some(libc::EOPNOTSUPP) => {
            format!("the cpu-clock perf event is not supported here: {err}")
        }
        Some(libc::EACCES) | Some(libc::EPERM) => {
            let mut msg = format!("perf events are not allowed ({err})");
            if root && seccomp.as_deref() == Some("2") {
                msg.push_str(
                    ". The profiler runs as root under a seccomp filter (Seccomp: 2 in \
                     /proc/self/status), which blocks perf_event_open: in a container, allow it \
                     (e.g. docker --security-opt seccomp=unconfined, or --cap-add PERFMON)",
                );
            } else if !root && owner_uid(pid).is_some_and(|uid| uid != sys::euid()) {
                msg.push_str(&format!(
                    ". pid {pid} belongs to uid {}, the profiler runs as uid {}: profiling \
                     another user's process needs root, or CAP_SYS_PTRACE together with \
                     CAP_PERFMON (or kernel.perf_event_paranoid at 1 or lower)",
                    owner_uid(pid).unwrap_or(0),
                    sys::euid()
                ));
            } else if !root {
                let level = paranoid.map(|p| p.to_string()).unwrap_or_else(|| "?".into());
                msg.push_str(&format!(
                    ". /proc/sys/kernel/perf_event_paranoid is {level}: profiling another \
                     process needs it at 1 or lower (`sudo sysctl kernel.perf_event_paranoid=1`), \
                     or run the profiler as root or with CAP_PERFMON (CAP_SYS_ADMIN before Linux \
                     5.8); a process of another user also needs CAP_SYS_PTRACE"
                ));
            } else {
                msg.push_str(
                    ". Even root was refused: a security module (SELinux, AppArmor, lockdown) or \
                     a seccomp filter may forbid perf_event_open",
                );
            }
            msg
        }
        _ => format!("perf_event_open failed: {err}"),
    }
}

/// Data pages of each CPU's ring buffer: room for about 200 ms of samples of one busy CPU
/// (a CPU runs one thread at a time), as a power of two between 64 pages (256 KiB) and 4096
/// pages (16 MiB).
fn ring_pages(opts: &NativeOptions) -> usize {
    let per_sample = match opts.unwind {
        Unwind::Fp => 1024,
        _ => opts.stack_copy as usize + 1024,
    };
    let rate = 1e9 / opts.interval.as_nanos().max(10_000) as f64;
    let bytes = rate * 0.2 * per_sample as f64;
    let pages = (bytes / sys::page_size() as f64).ceil() as usize;
    pages.clamp(64, 4096).next_power_of_two()
}

struct Sampler {
    attr: PerfEventAttr,
    cpus: Vec<i32>,
    rings: Vec<sys::RingBuffer>,
    /// Events whose samples go to another event's ring (kept open).
    events: Vec<OwnedFd>,
    opened_tids: HashSet<u32>,
    data_pages: usize,
}

impl Sampler {
    fn new(opts: &NativeOptions, launched: bool) -> Sampler {
        let mut attr = PerfEventAttr {
            type_: sys::PERF_TYPE_SOFTWARE,
            config: sys::PERF_COUNT_SW_CPU_CLOCK,
            sample_period: opts.interval.as_nanos().max(10_000) as u64,
            sample_type: sys::SAMPLE_IP | sys::SAMPLE_TID | sys::SAMPLE_TIME,
            flags: sys::FLAG_INHERIT
                | sys::FLAG_EXCLUDE_HV
                | sys::FLAG_MMAP
                | sys::FLAG_COMM
                | sys::FLAG_COMM_EXEC
                | sys::FLAG_TASK
                | sys::FLAG_MMAP2
                | sys::FLAG_SAMPLE_ID_ALL
                | sys::FLAG_WATERMARK
                | sys::FLAG_BUILD_ID,
            ..Default::default()
        };
        if launched {
            attr.flags |= sys::FLAG_DISABLED | sys::FLAG_ENABLE_ON_EXEC;
        }
        let fp_chain = matches!(opts.unwind, Unwind::Fp | Unwind::Auto);
        if fp_chain || opts.kernel {
            attr.sample_type |= sys::SAMPLE_CALLCHAIN;
            if !opts.kernel {
                attr.flags |= sys::FLAG_EXCLUDE_CALLCHAIN_KERNEL;
            }
            if !fp_chain {
                attr.flags |= sys::FLAG_EXCLUDE_CALLCHAIN_USER;
            }
        }
        let data_pages = ring_pages(opts);
        if opts.unwind != Unwind::Fp {
            attr.sample_type |= sys::SAMPLE_REGS_USER | sys::SAMPLE_STACK_USER;
            attr.sample_regs_user = (1 << sys::REG_BP) | (1 << sys::REG_SP) | (1 << sys::REG_IP);
            attr.sample_stack_user = opts.stack_copy.clamp(1024, 60 * 1024) & !7;
        }
        Sampler {
            attr,
            cpus: online_cpus(),
            rings: Vec::new(),
            events: Vec::new(),
            opened_tids: HashSet::new(),
            data_pages,
        }
    }

    fn set_watermark(&mut self) {
        self.attr.wakeup_watermark = (self.data_pages * sys::page_size() / 4) as u32;
    }

    /// Opens the events of one thread (or process, for a launched command), one per CPU.
    fn open_thread(&mut self, tid: u32) -> io::Result<()> {
        if !self.opened_tids.insert(tid) {
            return Ok(());
        }
        for (i, &cpu) in self.cpus.clone().iter().enumerate() {
            let fd = match sys::perf_event_open(&self.attr, tid as i32, cpu) {
                Ok(fd) => fd,
                Err(err)
                    if matches!(err.raw_os_error(), Some(libc::EACCES) | Some(libc::EPERM))
                        && self.attr.flags & sys::FLAG_EXCLUDE_KERNEL == 0 =>
                {
                    // Without the right to sample kernel mode, sample user mode only.
                    self.attr.flags |= sys::FLAG_EXCLUDE_KERNEL | sys::FLAG_EXCLUDE_CALLCHAIN_KERNEL;
                    sys::perf_event_open(&self.attr, tid as i32, cpu)?
                }
                Err(err) if err.raw_os_error() == Some(libc::EINVAL) && self.attr.flags & sys::FLAG_BUILD_ID != 0 => {
                    // Kernels before 5.12 know no build-ids in MMAP2 records.
                    self.attr.flags &= !sys::FLAG_BUILD_ID;
                    sys::perf_event_open(&self.attr, tid as i32, cpu)?
                }
                Err(err) => return Err(err),
            };
            if i < self.rings.len() {
                sys::set_output(&fd, self.rings[i].fd())?;
                self.events.push(fd);
            } else {
                let ring = loop {
                    match sys::RingBuffer::map(fd.try_clone()?, self.data_pages) {
                        Ok(ring) => break ring,
                        Err(err) if err.raw_os_error() == Some(libc::EPERM) && self.data_pages > 8 => {
                            // Over the locked-memory limit (perf_event_mlock_kb): smaller ring.
                            self.data_pages /= 2;
                            self.set_watermark();
                        }
                        Err(err) => return Err(err),
                    }
                };
                self.rings.push(ring);
                self.events.push(fd);
            }
        }
        Ok(())
    }

    fn drain(&mut self) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for ring in &mut self.rings {
            ring.drain(&mut out);
        }
        out.sort_by_key(|r| records::timestamp(r));
        out
    }

    fn ring_fds(&self) -> Vec<i32> {
        self.rings.iter().map(|r| r.fd().as_raw_fd()).collect()
    }

    fn enable_all(&self) {
        for fd in &self.events {
            let _ = sys::enable(fd, true);
        }
    }
}

/// The recording state: processes, modules, aggregated stacks.
struct Collector {
    opts: NativeOptions,
    main_pid: u32,
    processes: HashMap<u32, ProcessState>,
    modules: ModuleTable,
    stacks: HashMap<RawStack, u64>,
    thread_names: HashMap<u32, String>,
    ns_pids: HashMap<u32, u32>,
    roots: HashMap<u32, std::fs::File>,
    samples: u64,
    foreign_samples: u64,
    lost: u64,
    max_stack: usize,
    unwind_stats: UnwindStats,
    cache: unwind::Cache,
}

impl Collector {
    fn wanted(&self, pid: u32) -> bool {
        pid == self.main_pid || self.opts.subprocesses
    }

    /// Notes a process's namespace pid and holds its root directory open.
    fn remember(&mut self, pid: u32) {
        if let Some(ns) = ns_pid(pid) {
            self.ns_pids.insert(pid, ns);
        }
        if let std::collections::hash_map::Entry::Vacant(entry) = self.roots.entry(pid) {
            if let Ok(root) = std::fs::File::open(format!("/proc/{pid}/root")) {
                entry.insert(root);
            }
        }
    }

    fn process(&mut self, pid: u32) -> &mut ProcessState {
        if !self.processes.contains_key(&pid) {
            let mut state = ProcessState::new();
            state.rescan(pid, &mut self.modules);
            self.remember(pid);
            self.processes.insert(pid, state);
        }
        self.processes.get_mut(&pid).expect("inserted above")
    }

    fn handle(&mut self, record: Record) {
        match record {
            Record::Sample(sample) => {
                if !self.wanted(sample.pid) {
                    self.foreign_samples += 1;
                    return;
                }
                self.samples += 1;
                if let std::collections::hash_map::Entry::Vacant(entry) = self.thread_names.entry(sample.tid) {
                    if let Some(name) = comm(sample.pid, sample.tid) {
                        entry.insert(name);
                    }
                }
                let opts = self.opts.clone();
                let max_stack = self.max_stack;
                let pid = sample.pid;
                self.process(pid);
                let state = self.processes.get_mut(&pid).expect("created above");
                let (frames, truncated, how) = unwind::unwind_sample(
                    &sample,
                    state,
                    pid,
                    &mut self.modules,
                    &mut self.cache,
                    &opts,
                    max_stack,
                );
                match how {
                    unwind::How::CfiComplete => self.unwind_stats.cfi_complete += 1,
                    unwind::How::FpSpliced => self.unwind_stats.fp_spliced += 1,
                    unwind::How::Other => {}
                }
                if truncated {
                    self.unwind_stats.truncated += 1;
                }
                let key = RawStack {
                    pid,
                    tid: sample.tid,
                    frames,
                    truncated,
                };
                *self.stacks.entry(key).or_insert(0) += 1;
            }
            Record::Mmap(mmap) => {
                if !self.wanted(mmap.pid) || !mmap.executable {
                    return;
                }
                let pid = mmap.pid;
                self.process(pid);
                let state = self.processes.get_mut(&pid).expect("created above");
                let file_backed = mmap.path.starts_with('/')
                    && !mmap.path.starts_with("//")
                    && (mmap.inode != 0 || mmap.dev.is_none());
                let module = if file_backed {
                    Some(self.modules.get_or_load(&MappingSource {
                        pid,
                        start: mmap.start,
                        end: mmap.start + mmap.len,
                        path: &mmap.path,
                        dev: mmap.dev,
                        inode: mmap.inode,
                        build_id: mmap.build_id.as_deref(),
                    }))
                } else if mmap.path.starts_with('[') {
                    Some(self.modules.named(&mmap.path))
                } else {
                    None
                };
                state.add_mapping(
                    modules::Mapping {
                        start: mmap.start,
                        end: mmap.start + mmap.len,
                        pgoff: mmap.pgoff,
                        module,
                        executable: true,
                    },
                    &self.modules,
                );
            }
            Record::Fork { pid, ppid, tid } => {
                if pid != ppid && self.wanted(pid) {
                    // A new process starts with a copy of its parent's address space.
                    if let Some(parent) = self.processes.get(&ppid) {
                        let child = parent.fork_copy(&self.modules);
                        self.processes.insert(pid, child);
                    }
                    self.remember(pid);
                }
                let _ = tid;
            }
            Record::Comm { pid, tid, name, exec } => {
                if exec {
                    if let Some(state) = self.processes.get_mut(&pid) {
                        state.clear();
                    }
                }
                self.thread_names.insert(tid, name);
            }
            Record::Exit => {}
            Record::Lost(n) => self.lost += n,
        }
    }
}

/// Waits for a launched command that outlived the recording; returns how it ended.
pub fn wait_for_command(pid: i32) -> Option<ExitStatus> {
    sys::wait(pid, true).map(|(status, _)| status)
}

/// Samples `target` until it exits, `opts.duration` passes, or SIGINT/SIGTERM arrives.
pub fn record(target: &Target, opts: &NativeOptions) -> anyhow::Result<Recording> {
    sys::install_stop_handlers();
    sys::raise_fd_limit();
    let launched = matches!(target, Target::Command(_));
    let mut sampler = Sampler::new(opts, launched);
    sampler.set_watermark();
    let mut collector = Collector {
        opts: opts.clone(),
        main_pid: 0,
        processes: HashMap::new(),
        modules: ModuleTable::default(),
        stacks: HashMap::new(),
        thread_names: HashMap::new(),
        ns_pids: HashMap::new(),
        roots: HashMap::new(),
        samples: 0,
        foreign_samples: 0,
        lost: 0,
        max_stack: read_sysctl("perf_event_max_stack").unwrap_or(127).max(1) as usize,
        unwind_stats: UnwindStats::default(),
        cache: unwind::Cache::new(),
    };
    let mut notes = Vec::new();
    let mut child = None;
    match target {
        Target::Pid(pid) => {
            let pid = *pid;
            if !std::path::Path::new(&format!("/proc/{pid}")).exists() || !sys::process_alive(pid) {
                bail!(
                    "no process with pid {pid} (hint: `ps -e` lists the running processes; \
                     in a container, use the pid as the host sees it)"
                );
            }
            collector.main_pid = pid;
            // Read the address space first, so the first samples can be unwound.
            collector.process(pid);
            let mut pids = vec![pid];
            if opts.subprocesses {
                let mut i = 0;
                while i < pids.len() {
                    for c in child_processes(pids[i]) {
                        if !pids.contains(&c) {
                            pids.push(c);
                        }
                    }
                    i += 1;
                }
            }
            // Threads created between the listing and the opening of their parent's event are
            // caught by listing again until nothing new appears; later ones are inherited.
            for _round in 0..20 {
                let mut new = 0;
                for &p in &pids {
                    for tid in task_ids(p) {
                        if sampler.opened_tids.contains(&tid) {
                            continue;
                        }
                        new += 1;
                        if let Err(err) = sampler.open_thread(tid) {
                            if err.raw_os_error() == Some(libc::ESRCH) && tid != p {
                                continue; // the thread exited meanwhile
                            }
                            return Err(anyhow::anyhow!(explain_open_error(&err, p)));
                        }
                        if let Some(name) = comm(p, tid) {
                            collector.thread_names.insert(tid, name);
                        }
                    }
                }
                if new == 0 {
                    break;
                }
            }
        }
        Target::Command(argv) => {
            if argv.is_empty() {
                bail!("no command given after --");
            }
            let mut launched = sys::fork_stopped(argv, &opts.env).context("could not start the command")?;
            collector.main_pid = launched.pid as u32;
            if let Err(err) = sampler.open_thread(launched.pid as u32) {
                launched.abort();
                return Err(anyhow::anyhow!(explain_open_error(&err, launched.pid as u32)));
            }
            if let Err(err) = launched.release() {
                let _ = sys::wait(launched.pid, true);
                bail!("could not run `{}`: {err}", argv[0]);
            }
            child = Some(launched.pid);
        }
    }
    if sampler.attr.flags & sys::FLAG_EXCLUDE_KERNEL != 0 {
        notes.push("time in the kernel was not sampled (no permission for kernel-mode samples)".into());
    }
    let start = SystemTime::now();
    let began = Instant::now();
    if !launched {
        sampler.enable_all();
    }
    let fds = sampler.ring_fds();
    let mut exit = None;
    let mut command_cpu = None;
    let mut target_exited = false;
    let mut last_alive_check = Instant::now();
    let mut memory = crate::heap::memory::MemoryTimeline::new(collector.main_pid);
    let mut last_memory_sample: Option<Instant> = None;
    loop {
        // Memory over time: cheap (one smaps_rollup read), so about once a second.
        if last_memory_sample.is_none_or(|t| t.elapsed() >= Duration::from_secs(1)) {
            last_memory_sample = Some(Instant::now());
            let _ = memory.sample();
        }
        let mut timeout = 100;
        if let Some(d) = opts.duration {
            let left = d.saturating_sub(began.elapsed());
            timeout = timeout.min(left.as_millis() as i32);
        }
        if timeout > 0 {
            sys::poll_readable(&fds, timeout);
        }
        for rec in sampler.drain() {
            if let Some(parsed) = records::parse(&rec, sampler.attr.sample_type) {
                collector.handle(parsed);
            }
        }
        if sys::stop_requested() {
            notes.push(format!(
                "recording stopped by a signal after {:.1} s",
                began.elapsed().as_secs_f64()
            ));
            break;
        }
        if let Some(d) = opts.duration {
            if began.elapsed() >= d {
                break;
            }
        }
        if let Some(pid) = child {
            if let Some((status, cpu)) = sys::wait(pid, false) {
                exit = Some(status);
                command_cpu = Some(cpu);
                break;
            }
        } else if last_alive_check.elapsed() >= Duration::from_millis(100) {
            last_alive_check = Instant::now();
            if !sys::process_alive(collector.main_pid) {
                target_exited = true;
                notes.push(format!(
                    "target exited after {:.1} s; the profile covers the time until then",
                    began.elapsed().as_secs_f64()
                ));
                break;
            }
        }
    }
    let elapsed = began.elapsed();
    for fd in &sampler.events {
        let _ = sys::enable(fd, false);
    }
    for rec in sampler.drain() {
        if let Some(parsed) = records::parse(&rec, sampler.attr.sample_type) {
            collector.handle(parsed);
        }
    }
    // Stopped by the duration or a signal while the command still runs: the caller writes the
    // profile, then waits for the command with [`wait_for_command`] to pass its exit code on.
    let running_command = if exit.is_none() { child } else { None };
    if collector.foreign_samples > 0 && !opts.subprocesses {
        notes.push(format!(
            "{} samples of child processes were left out (use --subprocesses)",
            collector.foreign_samples
        ));
    }
    if collector.samples == 0 {
        notes.push(
            "no samples: the target did not run on a CPU while recording (idle, blocked or \
             stopped)"
                .into(),
        );
    }
    if opts.interval < Duration::from_micros(10) {
        notes.push("the sampling interval was raised to the 10 us minimum".into());
    }
    let stats = collector.unwind_stats;
    if stats.truncated > 0 && collector.samples > 0 {
        notes.push(format!(
            "{} of {} stacks could not be unwound to their root and start with [truncated]",
            stats.truncated, collector.samples
        ));
    }
    Ok(Recording {
        stacks: collector.stacks,
        modules: collector.modules.files,
        thread_names: collector.thread_names,
        main_pid: collector.main_pid,
        samples: collector.samples,
        lost: collector.lost,
        notes,
        exit,
        command_cpu,
        running_command,
        target_exited,
        start,
        elapsed,
        memory,
        ns_pids: collector.ns_pids,
        roots: collector.roots,
        unwind_stats: stats,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_buffers_grow_with_the_rate() {
        let at = |ms: f64, unwind| {
            ring_pages(&NativeOptions {
                interval: Duration::from_secs_f64(ms / 1000.0),
                unwind,
                ..NativeOptions::default()
            })
        };
        assert_eq!(at(10.0, Unwind::Fp), 64);
        assert_eq!(at(10.0, Unwind::Auto), 256);
        assert_eq!(at(0.125, Unwind::Auto), 4096);
        assert!(at(1.0, Unwind::Auto) > at(10.0, Unwind::Auto));
    }
}
