//! Command-line types (clap). Nothing here computes.

use crate::output::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::time::Duration;

/// Samples running processes (native code, Python, the JVM) into flamegraphs, pprof profiles,
/// heap and memory summaries.
#[derive(Debug, Parser)]
#[command(name = "profiler", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sample a running process (--pid) or a command (after --) into a CPU profile.
    Record(RecordArgs),
    /// Summarize a process's memory: RSS, PSS, USS, heap, anonymous, stack, file-backed, swap.
    Memory(MemoryArgs),
    /// Summarize what a process's heap holds: objects by class or type, allocation sites.
    Heap(HeapArgs),
}

/// Which runtime's stacks to sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Runtime {
    /// Detect it from the process (or the command): CPython, a HotSpot JVM, else native.
    Auto,
    /// Machine code only (perf_event_open), whatever the process runs.
    Native,
    /// CPython frames (`module:function (file:line)`), read from outside the process.
    Python,
    /// Java frames from JDK Flight Recorder, started through the HotSpot attach protocol.
    Jvm,
}

/// How to walk the stack of a native sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Unwind {
    /// Frame-pointer call chains from the kernel.
    Fp,
    /// DWARF/CFI (.eh_frame) unwinding of a copy of the user stack.
    Dwarf,
    /// CFI wherever a binary has it, frame pointers as the fallback.
    Auto,
}

/// `profiler record` options.
#[derive(Debug, Args)]
pub struct RecordArgs {
    /// Process to profile (all its threads, and threads it creates while recording).
    #[arg(long, short = 'p', conflicts_with = "command")]
    pub pid: Option<u32>,
    /// How long to record (e.g. 30s, 1m, 500ms). Default: until the target exits, or Ctrl-C.
    #[arg(long, short = 'd', value_parser = parse_duration)]
    pub duration: Option<Duration>,
    /// CPU time between samples (e.g. 10ms, 500us).
    #[arg(long, short = 'i', value_parser = parse_duration, default_value = "10ms", conflicts_with = "frequency")]
    pub interval: Duration,
    /// Samples per second of CPU time, instead of --interval.
    #[arg(long, short = 'F')]
    pub frequency: Option<u64>,
    /// Keep at most this many frames of each stack, counted from the root.
    #[arg(long)]
    pub max_depth: Option<usize>,
    /// Stack unwinding method.
    #[arg(long, value_enum, default_value_t = Unwind::Auto)]
    pub unwind: Unwind,
    /// Output file; its extension picks the format unless --format is given.
    #[arg(long, short = 'o', default_value = "profile.svg")]
    pub output: PathBuf,
    /// Output format (default: from the --output extension).
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Keep threads apart: each stack gets its thread as root frame.
    #[arg(long)]
    pub per_thread: bool,
    /// Also profile child processes the target starts (pre-fork servers).
    #[arg(long)]
    pub subprocesses: bool,
    /// Add file:line to frames, from DWARF line tables.
    #[arg(long)]
    pub lines: bool,
    /// Include kernel frames (when /proc/kallsyms is readable).
    #[arg(long)]
    pub kernel: bool,
    /// Which runtime's frames to sample (default: detected from the process).
    #[arg(long, value_enum, default_value_t = Runtime::Auto)]
    pub runtime: Runtime,
    /// Python: include idle threads (waiting on locks, I/O, sleep).
    #[arg(long)]
    pub idle: bool,
    /// Python: sample only the thread holding the GIL.
    #[arg(long)]
    pub gil: bool,
    /// Python: merge native frames in place of the interpreter's eval frames.
    #[arg(long)]
    pub native: bool,
    /// Python: pause the target for each sample, for exact stacks (the default never pauses).
    #[arg(long)]
    pub blocking: bool,
    /// Also profile the heap of the launched command (Python: object census and tracemalloc
    /// sites; native: sampled allocations in use, through an LD_PRELOAD library).
    #[arg(long, requires = "command")]
    pub heap: bool,
    /// Python --heap: frames kept per tracemalloc traceback (more is slower).
    #[arg(long, default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub tracemalloc_depth: u32,
    /// Where --heap writes its allocation profile; the extension picks the format.
    #[arg(long, default_value = "heap.svg")]
    pub heap_output: PathBuf,
    /// The command to launch and profile from its first instruction.
    #[arg(last = true)]
    pub command: Vec<String>,
}

impl RecordArgs {
    /// The sampling interval, from --frequency when given.
    pub fn sample_interval(&self) -> Duration {
        match self.frequency {
            Some(hz) if hz > 0 => Duration::from_nanos(1_000_000_000 / hz),
            _ => self.interval,
        }
    }
}

/// Formats for `profiler memory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MemoryFormat {
    /// Aligned text table, largest mappings first.
    Table,
    /// JSON.
    Json,
}

/// `profiler memory` options.
#[derive(Debug, Args)]
pub struct MemoryArgs {
    /// Process to summarize.
    #[arg(long, short = 'p')]
    pub pid: u32,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = MemoryFormat::Table)]
    pub format: MemoryFormat,
    /// How many mappings to list (the rest are summed into one line); 0 lists all.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
}

/// Formats for `profiler heap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HeapFormat {
    /// Aligned text tables: classes or types by bytes, then the top allocation sites.
    Table,
    /// JSON.
    Json,
    /// Allocation flamegraph (SVG), written to --output.
    Svg,
}

/// `profiler heap` options.
#[derive(Debug, Args)]
pub struct HeapArgs {
    /// Process to summarize.
    #[arg(long, short = 'p')]
    pub pid: u32,
    /// The process's runtime (default: detected).
    #[arg(long, value_enum, default_value_t = Runtime::Auto)]
    pub runtime: Runtime,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = HeapFormat::Table)]
    pub format: HeapFormat,
    /// Output file (default: standard output for table and json, heap.svg for svg).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// How many classes, types or sites to list; 0 lists all.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// JVM: skip the class histogram (it forces a full GC); give JFR allocation samples only.
    #[arg(long)]
    pub no_histogram: bool,
    /// JVM: how long to record allocation samples with JFR.
    #[arg(long, short = 'd', value_parser = parse_duration, default_value = "10s")]
    pub duration: Duration,
}

/// Parses `30s`, `5ms`, `500us`, `2m`, or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration (e.g. 30s, 10ms, 500us)"))?;
    let scale = match unit.trim() {
        "" | "s" | "sec" => 1.0,
        "ms" => 1e-3,
        "us" | "µs" => 1e-6,
        "ns" => 1e-9,
        "m" | "min" => 60.0,
        "h" => 3600.0,
        other => return Err(format!("unknown unit `{other}` in `{text}`: use ns, us, ms, s, m or h")),
    };
    let secs = value * scale;
    if !secs.is_finite() || secs <= 0.0 {
        return Err(format!("`{text}` must be a positive duration"));
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("5ms").unwrap(), Duration::from_millis(5));
        assert_eq!(parse_duration("500us").unwrap(), Duration::from_micros(500));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("1.5").unwrap(), Duration::from_millis(1500));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("ten").is_err());
        assert!(parse_duration("3 parsecs").is_err());
    }
}
