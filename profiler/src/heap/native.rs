//! The heap of a native process.
//!
//! - **A launched command** (`profiler record --heap -- CMD`): the profiler writes its heap
//!   library (`native/shim.c`, built by `build.rs` and embedded in the binary) into a private
//!   directory and puts it in the command's `LD_PRELOAD`, for that command only. The library
//!   samples allocations by bytes (one sample every [`DEFAULT_INTERVAL`] allocated, on
//!   average), takes each sampled allocation's stack, and reports allocations and the frees of
//!   sampled blocks over a unix socket as they happen ([`session`]). At the end, the sampled
//!   blocks not freed, each weighted by the inverse of its sampling probability
//!   ([`session::estimate`]), give the estimated bytes in use by stack: an allocation
//!   flamegraph and a table of the top allocation sites ([`report`]), beside the process's
//!   memory totals read just before it exited.
//! - **A running process** (`profiler heap --pid PID`): a library cannot be put into it from
//!   outside, so [`summary`] gives its memory totals and says how to get allocation sites.
//!
//! What the library cannot see: statically linked programs (no dynamic loader reads
//! LD_PRELOAD), set-user-ID programs (the loader ignores it), and memory that does not come
//! from malloc and friends (mmap, an allocator linked statically or one that never calls
//! malloc).

mod protocol;
pub mod session;

use super::memory::{Counters, human_bytes, read_process_memory};
use super::report::HeapReport;
use crate::backend::native::{ExitStatus, Loc, Recording};
use crate::cli::{HeapArgs, RecordArgs};
use crate::profile::{Profile, ProfileMeta, SampleType};
use crate::sample::{Frame, FrameKind, Sample};
use crate::symbolize::{Resolver, SymbolizeOptions};
use anyhow::Context;
use session::{Session, State};
use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

/// The heap library, built from `native/shim.c` by `build.rs` (empty when no C compiler was
/// found at build time).
static SHIM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/libprofiler_heap.so"));

/// Mean bytes allocated between two samples, by default (as jemalloc's and tcmalloc's
/// samplers).
pub const DEFAULT_INTERVAL: u64 = 512 * 1024;

/// How to profile a launched command's heap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeapOptions {
    /// Mean bytes allocated between samples; 1 samples every allocation.
    pub interval: u64,
    /// Also report the processes the command starts (forked or executed).
    pub follow: bool,
}

impl Default for HeapOptions {
    fn default() -> Self {
        HeapOptions {
            interval: DEFAULT_INTERVAL,
            follow: false,
        }
    }
}

impl HeapOptions {
    /// The defaults, with the interval from `PROFILER_HEAP_INTERVAL` when it is set (bytes,
    /// with an optional K, M or G suffix: `64K`).
    pub fn from_env() -> anyhow::Result<HeapOptions> {
        let mut opts = HeapOptions::default();
        if let Some(text) = std::env::var_os("PROFILER_HEAP_INTERVAL") {
            let text = text.to_string_lossy();
            opts.interval = parse_bytes(&text)
                .with_context(|| format!("PROFILER_HEAP_INTERVAL=`{text}`: give bytes, such as 65536 or 64K"))?;
        }
        Ok(opts)
    }
}

/// Parses `65536`, `64K`, `1M`, `1G` (powers of 1024).
pub fn parse_bytes(text: &str) -> anyhow::Result<u64> {
    let text = text.trim();
    let (number, scale) = match text.char_indices().last() {
        Some((at, c)) if c.is_ascii_alphabetic() => {
            let scale = match c.to_ascii_uppercase() {
                'K' => 1 << 10,
                'M' => 1 << 20,
                'G' => 1 << 30,
                _ => anyhow::bail!("unknown unit `{c}`"),
            };
            (&text[..at], scale)
        }
        _ => (text, 1),
    };
    let value: u64 = number.trim().parse().context("not a whole number")?;
    value
        .checked_mul(scale)
        .filter(|v| *v > 0)
        .context("must be between 1 byte and 2^64")
}

/// A heap session for one launched command: start it before the command is launched, pass
/// [`HeapRecorder::env`] to the launch, and call [`HeapRecorder::finish`] after the recording.
pub struct HeapRecorder {
    session: Session,
    opts: HeapOptions,
}

impl HeapRecorder {
    /// Writes out the library and starts listening. Says on stderr what it does to the
    /// command.
    pub fn start(opts: &HeapOptions, command: &[String]) -> anyhow::Result<HeapRecorder> {
        if SHIM.is_empty() {
            anyhow::bail!(
                "this profiler was built without its heap library (no C compiler was found when it \
                 was built): `--heap` needs native programs to be launched with it; rebuild with \
                 gcc or cc installed"
            );
        }
        let session = Session::start(SHIM, opts.interval, opts.follow)
            .context("cannot set up the heap library (in the temporary directory, TMPDIR)")?;
        let program = command.first().map(String::as_str).unwrap_or("the command");
        eprintln!(
            "profiler: heap: LD_PRELOAD={} for `{program}` (sampling {}): LD_PRELOAD applies \
             only to commands the profiler launches. Statically linked or set-user-ID programs, \
             and allocators that bypass malloc, are not seen.",
            session.shim_path().display(),
            interval_text(opts.interval)
        );
        Ok(HeapRecorder {
            session,
            opts: opts.clone(),
        })
    }

    /// The environment the launched command needs.
    pub fn env(&self) -> Vec<(std::ffi::OsString, std::ffi::OsString)> {
        self.session.env()
    }

    /// Collects what the command reported and builds the heap report.
    pub fn finish(self, recording: &Recording, label: &str, args: &RecordArgs) -> HeapReport {
        let exited = recording.exit.is_some();
        let state = self.session.finish(exited, Duration::from_secs(3));
        build_report(&state, recording, label, args, &self.opts)
    }
}

fn interval_text(interval: u64) -> String {
    if interval <= 1 {
        "every allocation".into()
    } else if interval % 1024 == 0 {
        format!("every {} KiB allocated", interval / 1024)
    } else {
        format!("every {interval} bytes allocated")
    }
}

/// Allocation functions and their wrappers, removed from the leaf end of allocation stacks so
/// that the allocation site is the code that asked for memory.
fn is_allocator_frame(frame: &Frame) -> bool {
    const EXACT: &[&str] = &[
        "malloc",
        "calloc",
        "realloc",
        "reallocarray",
        "free",
        "posix_memalign",
        "aligned_alloc",
        "memalign",
        "valloc",
        "pvalloc",
        "__libc_malloc",
        "__libc_calloc",
        "__libc_realloc",
        "__libc_memalign",
        "__libc_valloc",
        "__libc_pvalloc",
        "strdup",
        "strndup",
        "__strdup",
        "__strndup",
        "__rust_alloc",
        "__rust_alloc_zeroed",
        "__rust_realloc",
    ];
    const PREFIXES: &[&str] = &[
        "operator new",
        "__gnu_cxx::new_allocator<",
        "std::__new_allocator<",
        "std::allocator<",
        "std::allocator_traits<",
        "__rdl_",
        "__rg_",
        "alloc::alloc::",
        "<alloc::alloc::Global as core::alloc::Allocator>",
        "std::sys::alloc::",
    ];
    frame.kind == FrameKind::Native
        && (EXACT.contains(&frame.function.as_str()) || PREFIXES.iter().any(|p| frame.function.starts_with(p)))
}

/// Removes allocator frames from the leaf end (frames are root first), keeping one frame.
fn strip_allocator_frames(frames: &mut Vec<Frame>) {
    while frames.len() > 1 && frames.last().is_some_and(is_allocator_frame) {
        frames.pop();
    }
}

fn counters_of_recording(recording: &Recording) -> Option<Counters> {
    let s = recording.memory.summary().filter(|s| s.rss.last > 0)?;
    Some(Counters {
        rss: s.rss.last,
        pss: s.pss.last,
        uss: s.uss.last,
        anonymous: s.anonymous.last,
        swap: s.swap.last,
        ..Counters::default()
    })
}

/// Why nothing was reported by `program`, as far as can be told from its file.
fn why_silent(program: &str) -> String {
    let static_hint = crate::backend::runtime::resolve_program(program)
        .and_then(|path| std::fs::read(path).ok())
        .and_then(|bytes| {
            use object::Object;
            let obj = object::File::parse(&*bytes).ok()?;
            Some(obj.section_by_name(".interp").is_none())
        });
    let base = "the heap library reported nothing for the launched process";
    match static_hint {
        Some(true) => format!(
            "{base}: `{program}` is statically linked (it has no dynamic loader, which is what reads \
             LD_PRELOAD); allocation sites need a dynamically linked build"
        ),
        _ => format!(
            "{base}: it may be statically linked or set-user-ID (the loader then ignores \
             LD_PRELOAD), or a script whose interpreter started the work in a child process \
             (use --subprocesses), or it exited before the library started"
        ),
    }
}

/// Builds the heap report of a recording from what the heap library reported.
pub fn build_report(
    state: &State,
    recording: &Recording,
    label: &str,
    args: &RecordArgs,
    opts: &HeapOptions,
) -> HeapReport {
    let main_pid = recording.main_pid;
    let mut report = HeapReport {
        target: label.to_string(),
        runtime: "native".into(),
        sites_source: Some(format!("LD_PRELOAD malloc sampling {}", interval_text(opts.interval))),
        ..HeapReport::default()
    };
    let chosen: Vec<&session::ProcessHeap> = state
        .processes
        .iter()
        .filter(|p| p.pid == main_pid || args.subprocesses)
        .collect();
    let others = state.processes.len() - chosen.len();
    let main = state.processes.iter().find(|p| p.pid == main_pid);
    report.memory = main.and_then(|p| p.memory).or_else(|| counters_of_recording(recording));
    let when = match (recording.exit, main.is_some_and(|p| p.memory_at_exit)) {
        (Some(ExitStatus::Signal(signal)), _) => format!("when it was killed by signal {signal}"),
        (Some(ExitStatus::Code(_)), true) => "at exit".to_string(),
        (Some(ExitStatus::Code(_)), false) => "at exit (it left without running exit handlers)".to_string(),
        (None, _) => "when the recording stopped".to_string(),
    };
    if chosen.is_empty() {
        let program = args.command.first().map(String::as_str).unwrap_or("the command");
        report.unavailable.push(why_silent(program));
        report.notes.extend(state.errors.iter().cloned());
        return report;
    }

    // Locations of the blocks in use, symbolized once.
    let multi = chosen.len() > 1;
    let mut by_stack: Vec<(Option<u32>, u32, f64)> = Vec::new();
    let (mut samples, mut live, mut in_use, mut peak, mut allocated) = (0u64, 0usize, 0f64, 0f64, 0f64);
    for p in &chosen {
        let mut weights: HashMap<u32, f64> = HashMap::new();
        for &(stack, size) in p.live.values() {
            *weights.entry(stack).or_default() += session::estimate(size, p.interval);
        }
        let pid = multi.then_some(p.pid);
        by_stack.extend(weights.into_iter().map(|(stack, w)| (pid, stack, w)));
        samples += p.samples;
        live += p.live.len();
        in_use += p.in_use;
        peak += p.peak;
        allocated += p.allocated;
    }
    let locs: BTreeSet<Loc> = by_stack
        .iter()
        .flat_map(|&(_, stack, _)| state.stacks[stack as usize].frames.iter().copied())
        .collect();
    let (ns_pids, roots) = (HashMap::new(), HashMap::new());
    let mut resolver = Resolver::new(
        state.addrs.modules(),
        &ns_pids,
        &roots,
        SymbolizeOptions { lines: args.lines },
    );
    let resolved = resolver.resolve_all(&locs);

    let meta = ProfileMeta {
        target: label.to_string(),
        start_unix_ns: crate::profile::unix_ns(recording.start),
        duration_ns: recording.elapsed.as_nanos() as u64,
        interval_ns: 0,
        lost_samples: 0,
        max_depth: None,
        unwind: "backtrace (.eh_frame) in the target".into(),
        notes: Vec::new(),
        extra: serde_json::Map::new(),
    };
    let mut profile = Profile::new(meta, SampleType::AllocBytes);
    by_stack.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    for (pid, stack, weight) in by_stack {
        let key = &state.stacks[stack as usize];
        let mut frames = crate::record::native_frames(&key.frames, key.truncated, &resolved);
        strip_allocator_frames(&mut frames);
        if frames.is_empty() {
            frames.push(Frame::native("[unknown]", None));
        }
        if let Some(depth) = args.max_depth {
            frames.truncate(depth);
        }
        if let Some(pid) = pid {
            frames.insert(
                0,
                Frame {
                    function: format!("pid {pid}"),
                    module: None,
                    file: None,
                    line: None,
                    kind: FrameKind::Marker,
                    inlined: false,
                },
            );
        }
        profile.add(Sample {
            frames,
            thread: None,
            weight: weight.round() as u64,
        });
    }
    profile.meta.max_depth = args.max_depth;

    let estimate_note = if opts.interval <= 1 {
        format!("bytes in use {when}: every allocation was recorded, so the numbers are exact")
    } else {
        format!(
            "bytes in use {when} are estimates: allocations were sampled about once every {} \
             allocated (a block of n bytes with probability 1 - exp(-n/{}), counted as n divided \
             by that); {samples} samples, {live} of them still in use",
            human_bytes(opts.interval),
            opts.interval
        )
    };
    report.notes.push(estimate_note);
    report.notes.push(format!(
        "in use {when}: {}; peak in use: {}; allocated in total: {} (estimates from the samples)",
        human_bytes(in_use.max(0.0).round() as u64),
        human_bytes(peak.round() as u64),
        human_bytes(allocated.round() as u64)
    ));
    if chosen.iter().any(|p| p.overflow) {
        report.notes.push(
            "the heap library's table of sampled blocks filled up: later samples were not \
             tracked, so bytes in use are underestimated (raise PROFILER_HEAP_INTERVAL)"
                .into(),
        );
    }
    if others > 0 {
        report.notes.push(format!(
            "{others} other process(es) started by the command reported allocations and were left out \
             (use --subprocesses)"
        ));
    }
    if report.memory.is_some() && !main.is_some_and(|p| p.memory_at_exit) {
        report.notes.push(
            match recording.exit {
                Some(ExitStatus::Signal(_)) => "memory totals are the last reading before it was killed",
                Some(ExitStatus::Code(_)) => "memory totals are the last reading before it exited",
                None => "memory totals are the last reading while it ran",
            }
            .into(),
        );
    }
    report.notes.extend(state.errors.iter().cloned());
    profile.meta.notes = report.notes.clone();
    let extra = &mut profile.meta.extra;
    extra.insert("heap_sample_interval_bytes".into(), opts.interval.into());
    extra.insert("heap_samples".into(), samples.into());
    extra.insert("heap_live_samples".into(), (live as u64).into());
    extra.insert("heap_in_use_bytes".into(), (in_use.max(0.0).round() as u64).into());
    extra.insert("heap_peak_in_use_bytes".into(), (peak.round() as u64).into());
    extra.insert("heap_allocated_bytes".into(), (allocated.round() as u64).into());
    report.sites = Some(profile);
    report
}

/// Summarizes the heap of the running native process `args.pid`: its memory totals. Its
/// allocation sites cannot be read from outside; the report says how to get them.
pub fn summary(args: &HeapArgs) -> anyhow::Result<HeapReport> {
    let memory = read_process_memory(args.pid)?;
    let target = match &memory.command {
        Some(command) => format!("pid {} ({command})", args.pid),
        None => format!("pid {}", args.pid),
    };
    let mut notes = Vec::new();
    if let Some(heap) = memory
        .by_kind
        .iter()
        .find(|k| k.kind == super::memory::MappingKind::Heap)
    {
        notes.push(format!(
            "the brk heap ([heap]) holds {} resident; large malloc blocks and other arenas are in the \
             anonymous mappings",
            human_bytes(heap.counters.rss)
        ));
    }
    notes.extend(memory.notes.iter().cloned());
    Ok(HeapReport {
        target,
        runtime: "native".into(),
        memory: Some(memory.totals),
        unavailable: vec![
            "allocation sites: a running native process's allocations cannot be sampled from \
             outside it; launch the program with `profiler record --heap -- CMD` (the heap \
             library is preloaded into that command only)"
                .into(),
        ],
        notes,
        ..HeapReport::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_sizes() {
        assert_eq!(parse_bytes("65536").unwrap(), 65536);
        assert_eq!(parse_bytes("64K").unwrap(), 65536);
        assert_eq!(parse_bytes("2m").unwrap(), 2 << 20);
        assert!(parse_bytes("0").is_err());
        assert!(parse_bytes("12Q").is_err());
        assert!(parse_bytes("lots").is_err());
    }

    #[test]
    fn allocators_leave_the_leaf_end_only() {
        let names = |frames: &[Frame]| frames.iter().map(|f| f.function.clone()).collect::<Vec<_>>();
        let mut frames: Vec<Frame> = [
            "main",
            "malloc",
            "make_widgets()",
            "operator new(unsigned long)",
            "malloc",
        ]
        .iter()
        .map(|n| Frame::native(*n, None))
        .collect();
        strip_allocator_frames(&mut frames);
        assert_eq!(names(&frames), ["main", "malloc", "make_widgets()"]);
        let mut only = vec![Frame::native("malloc", None)];
        strip_allocator_frames(&mut only);
        assert_eq!(names(&only), ["malloc"]);
    }

    #[test]
    fn the_library_was_built() {
        // Built by build.rs with the machine's C compiler; an ELF shared object.
        assert!(SHIM.is_empty() || SHIM.starts_with(b"\x7fELF"));
    }
}
