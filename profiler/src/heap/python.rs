//! The heap of a Python process.
//!
//! What CPython's heap holds can only be read safely by code running in the interpreter:
//! the object census walks `gc.get_objects()`, and tracemalloc must be started before the
//! allocations it attributes. So:
//!
//! - `profiler record --heap -- python3 app.py` loads a stdlib-only helper at start (see
//!   [`crate::backend::python`]): it starts tracemalloc and writes a JSON report at exit, or
//!   when the profiler asks. [`from_helper_report`] turns that report into a [`HeapReport`].
//! - `profiler heap --pid PID` on a Python process already running gives what can be read
//!   from outside ([`summary`]): the process's memory totals, its interpreter version and
//!   threads; `unavailable` says what cannot be read, and how to get it.

use super::memory::{Counters, read_memory_totals};
use super::report::{HeapReport, TypeEntry};
use crate::backend::python::frames::FrameNamer;
use crate::cli::HeapArgs;
use crate::profile::{Profile, ProfileMeta, SampleType};
use crate::sample::{Frame, FrameKind, Sample};
use serde::Deserialize;

/// What cannot be read from outside a running CPython, and why.
pub const CENSUS_UNAVAILABLE: &str = "object census by type: it needs code running in the \
     interpreter (gc.get_objects), which cannot be done safely from outside; start the program \
     under `profiler record --heap -- python3 ...` to get it";
/// What tracemalloc needs, for a process not started by the profiler.
pub const TRACEMALLOC_UNAVAILABLE: &str = "allocation sites (tracemalloc): tracemalloc must \
     be started inside the interpreter before the allocations it attributes; start the program \
     under `profiler record --heap -- python3 ...` to get it";

/// The JSON report the helper writes (`version` 1).
#[derive(Debug, Clone, Deserialize)]
pub struct HelperReport {
    /// Format version.
    pub version: u32,
    /// `exit` (atexit) or `request` (the profiler asked while the program ran).
    pub reason: String,
    /// The interpreter's pid.
    pub pid: u32,
    /// `sys.version`'s first word.
    pub python: String,
    /// The object census, unless it failed.
    #[serde(default)]
    pub census: Option<Census>,
    /// tracemalloc's traces, unless they failed.
    #[serde(default)]
    pub tracemalloc: Option<Tracemalloc>,
    /// What failed inside the helper.
    #[serde(default)]
    pub errors: Vec<String>,
}

/// Live objects by type.
#[derive(Debug, Clone, Deserialize)]
pub struct Census {
    /// `[module.qualname, module, instances, bytes]`, largest first.
    pub types: Vec<(String, String, u64, u64)>,
    /// Objects the garbage collector tracks.
    pub tracked: u64,
    /// All objects counted (tracked, and the untracked ones they refer to).
    pub objects: u64,
}

/// tracemalloc's in-use memory grouped by traceback.
#[derive(Debug, Clone, Deserialize)]
pub struct Tracemalloc {
    /// False when tracemalloc was not tracing (the program stopped it).
    pub tracing: bool,
    /// Frames kept per traceback.
    #[serde(default)]
    pub depth: u32,
    /// Traced bytes in use.
    #[serde(default)]
    pub current: u64,
    /// Peak of traced bytes.
    #[serde(default)]
    pub peak: u64,
    /// Memory tracemalloc itself uses.
    #[serde(default)]
    pub overhead: u64,
    /// The largest groups.
    #[serde(default)]
    pub traces: Vec<Trace>,
    /// Bytes of the groups left out.
    #[serde(default)]
    pub other_size: u64,
    /// Groups left out.
    #[serde(default)]
    pub other_traces: u64,
}

/// Memory blocks with one traceback.
#[derive(Debug, Clone, Deserialize)]
pub struct Trace {
    /// Bytes in use.
    pub size: u64,
    /// Blocks in use.
    pub count: u64,
    /// `[file, line, function]`, root first; the function is the innermost `def` around the
    /// line in the file's source, `<module>` outside any, null when the source is unknown.
    pub frames: Vec<(String, i64, Option<String>)>,
}

/// Builds the heap summary of a launched program from its helper's report. `memory` is the
/// process's last memory totals, read while it ran.
pub fn from_helper_report(report: &HelperReport, target: &str, memory: Option<Counters>) -> HeapReport {
    let mut heap = HeapReport {
        target: target.to_string(),
        runtime: "python".into(),
        memory,
        ..HeapReport::default()
    };
    heap.notes.push(format!(
        "read by the profiler's helper inside CPython {} (pid {}) {}",
        report.python,
        report.pid,
        if report.reason == "exit" {
            "when the program exited (atexit)"
        } else {
            "while the program ran, when the recording stopped"
        }
    ));
    for error in &report.errors {
        heap.notes.push(format!("the helper failed: {error}"));
    }
    match &report.census {
        Some(census) => {
            heap.types_source = Some("gc.get_objects census, shallow sys.getsizeof".into());
            heap.types = census
                .types
                .iter()
                .map(|(name, module, instances, bytes)| TypeEntry {
                    name: name.clone(),
                    instances: *instances,
                    bytes: *bytes,
                    module: Some(module.clone()),
                })
                .collect();
            heap.types
                .sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.name.cmp(&b.name)));
            heap.notes.push(format!(
                "the census counts the {} objects the garbage collector tracks and the {} \
                 untracked objects they refer to directly (strings, numbers); objects in \
                 garbage cycles not yet collected are counted too",
                census.tracked,
                census.objects.saturating_sub(census.tracked)
            ));
        }
        None => heap
            .unavailable
            .push("object census: the helper could not take it".into()),
    }
    match &report.tracemalloc {
        Some(tm) if tm.tracing => {
            heap.sites_source = Some(format!("tracemalloc, bytes in use, {} frames deep", tm.depth));
            heap.sites = Some(sites_profile(tm, target));
            heap.notes.push(format!(
                "tracemalloc: {} traced in use (peak {}); tracemalloc itself used {}",
                super::memory::human_bytes(tm.current),
                super::memory::human_bytes(tm.peak),
                super::memory::human_bytes(tm.overhead)
            ));
            if tm.other_traces > 0 {
                heap.notes.push(format!(
                    "{} smaller tracebacks ({}) are summed into [other tracebacks]",
                    tm.other_traces,
                    super::memory::human_bytes(tm.other_size)
                ));
            }
        }
        Some(_) => heap
            .unavailable
            .push("allocation sites: the program stopped tracemalloc before the report".into()),
        None => heap
            .unavailable
            .push("allocation sites: the helper could not read tracemalloc".into()),
    }
    heap
}

/// tracemalloc's traces as an allocation profile: stacks of Python frames weighted by bytes.
fn sites_profile(tm: &Tracemalloc, target: &str) -> Profile {
    let meta = ProfileMeta {
        target: target.to_string(),
        unwind: "tracemalloc".into(),
        ..ProfileMeta::default()
    };
    let mut profile = Profile::new(meta, SampleType::AllocBytes);
    let mut namer = FrameNamer::default();
    for trace in &tm.traces {
        let frames: Vec<Frame> = trace
            .frames
            .iter()
            .map(|(file, line, function)| match file.as_str() {
                // tracemalloc's frame for an allocation made before any Python frame ran.
                "<unknown>" => Frame {
                    function: "[unknown]".into(),
                    module: None,
                    file: None,
                    line: None,
                    kind: FrameKind::Marker,
                    inlined: false,
                },
                _ => namer.frame(file, function.as_deref().unwrap_or("?"), *line),
            })
            .collect();
        profile.add(Sample {
            frames,
            thread: None,
            weight: trace.size,
        });
    }
    if tm.other_size > 0 {
        profile.add(Sample {
            frames: vec![Frame {
                function: "[other tracebacks]".into(),
                module: None,
                file: None,
                line: None,
                kind: FrameKind::Marker,
                inlined: false,
            }],
            thread: None,
            weight: tm.other_size,
        });
    }
    profile
}

/// Summarizes the heap of the running Python process `args.pid`: what can be read from
/// outside.
pub fn summary(args: &HeapArgs) -> anyhow::Result<HeapReport> {
    let pid = args.pid;
    let memory = read_memory_totals(pid).map_err(|e| anyhow::anyhow!("pid {pid}: {e}"))?;
    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|c| c.trim().to_string())
        .unwrap_or_default();
    let mut report = HeapReport {
        target: format!("pid {pid} ({comm})"),
        runtime: "python".into(),
        memory: Some(memory),
        ..HeapReport::default()
    };
    match crate::backend::python::inspect(pid) {
        Ok(info) => report.notes.push(format!(
            "CPython {}, {} Python threads ({} running)",
            info.version, info.threads, info.active
        )),
        Err(e) => report
            .notes
            .push(format!("the interpreter could not be read from outside: {e:#}")),
    }
    report.unavailable.push(CENSUS_UNAVAILABLE.into());
    report.unavailable.push(TRACEMALLOC_UNAVAILABLE.into());
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = r#"{"version": 1, "reason": "exit", "pid": 42, "python": "3.11.7",
      "tracemalloc": {"tracing": true, "depth": 32, "current": 5000, "peak": 9000, "overhead": 100,
        "traces": [{"size": 4000, "count": 10, "frames": [["/nonexistent/app.py", 20, "<module>"],
                                                         ["/nonexistent/app.py", 5, "make"]]},
                   {"size": 600, "count": 1, "frames": [["<frozen importlib._bootstrap>", 241, null]]}],
        "other_size": 400, "other_count": 3, "other_traces": 2},
      "census": {"types": [["builtins.dict", "builtins", 10, 2000], ["__main__.Widget", "__main__", 50, 2800]],
                 "tracked": 60, "objects": 60},
      "errors": []}"#;

    #[test]
    fn helper_report_becomes_types_and_sites() {
        let parsed: HelperReport = serde_json::from_str(REPORT).unwrap();
        let heap = from_helper_report(&parsed, "python3 app.py", None);
        assert_eq!(heap.types[0].name, "__main__.Widget");
        assert_eq!(heap.types[0].instances, 50);
        let sites = heap.sites.as_ref().unwrap();
        assert_eq!(sites.sample_type, SampleType::AllocBytes);
        assert_eq!(sites.total_weight(), 5000);
        let top = heap.top_sites(1);
        assert_eq!(top[0].site, "app:make (app.py:5)");
        let frames: Vec<String> = sites.stacks[1].frames.iter().map(|f| f.function.clone()).collect();
        assert_eq!(frames, ["importlib._bootstrap:?"]);
        assert!(heap.notes.iter().any(|n| n.contains("2 smaller tracebacks")));
        assert!(heap.unavailable.is_empty());
    }
}
