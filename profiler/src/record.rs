//! `profiler record`: sample a process or a launched command, then render the profile.

use crate::backend::native::{self, ExitStatus, Loc, NativeOptions, Recording, Target};
use crate::backend::runtime::{self, Detected};
use crate::backend::{jvm, python};
use crate::cli::{HeapFormat, RecordArgs, Unwind};
use crate::heap::native::{HeapOptions, HeapRecorder};
use crate::heap::report::HeapReport;
use crate::output::{self, Format};
use crate::profile::{Profile, ProfileMeta, SampleType};
use crate::sample::{Frame, FrameKind, Sample, ThreadInfo};
use crate::symbolize::{Resolver, SymbolizeOptions};
use std::collections::{BTreeSet, HashMap};

/// A finished recording: the profile, and how a launched command ended.
#[derive(Debug)]
pub struct Outcome {
    /// The symbolized, aggregated profile.
    pub profile: Profile,
    /// How the launched command ended, when it ended during the recording.
    pub exit: Option<ExitStatus>,
    /// The process that was profiled (the launched command's pid, or --pid).
    pub pid: u32,
    /// A launched command still running when the recording stopped (by --duration or a
    /// signal): wait for it with [`native::wait_for_command`].
    pub running_command: Option<i32>,
    /// The heap summary of `--heap`.
    pub heap: Option<HeapReport>,
}

/// The exit code a shell would report for a command that ended so.
pub fn exit_code(status: ExitStatus) -> u8 {
    match status {
        ExitStatus::Code(code) => code as u8,
        ExitStatus::Signal(signal) => (128 + signal) as u8,
    }
}

/// The name of `--unwind`'s value.
pub fn unwind_name(unwind: Unwind) -> &'static str {
    match unwind {
        Unwind::Fp => "fp",
        Unwind::Dwarf => "dwarf",
        Unwind::Auto => "auto",
    }
}

/// Records `args`' target with the backend its runtime needs, and builds the profile, without
/// writing it.
pub fn record(args: &RecordArgs) -> anyhow::Result<Outcome> {
    let detected = match args.pid {
        Some(pid) if args.command.is_empty() => runtime::for_pid(args.runtime, pid)?,
        _ => runtime::for_command(args.runtime, &args.command),
    };
    match detected {
        Detected::Python => python::record(args),
        Detected::Jvm => jvm::record(args),
        Detected::Native => record_native(args),
    }
}

/// Records native stacks with perf events; with `--heap`, also the launched command's heap
/// (sampled every `PROFILER_HEAP_INTERVAL` bytes, 512 KiB by default).
pub fn record_native(args: &RecordArgs) -> anyhow::Result<Outcome> {
    let heap = if args.heap {
        Some(HeapOptions {
            follow: args.subprocesses,
            ..HeapOptions::from_env()?
        })
    } else {
        None
    };
    record_native_with(args, heap.as_ref())
}

/// [`record_native`] with the heap options given (`None`: no heap profile).
pub fn record_native_with(args: &RecordArgs, heap: Option<&HeapOptions>) -> anyhow::Result<Outcome> {
    let target = match (args.pid, args.command.is_empty()) {
        (Some(pid), true) => Target::Pid(pid),
        (None, false) => Target::Command(args.command.clone()),
        (Some(_), false) => anyhow::bail!("give either --pid or a command after --, not both"),
        (None, true) => anyhow::bail!(
            "nothing to profile: give --pid PID or a command after -- \
             (e.g. `profiler record -o cpu.svg -- ./my-program args`)"
        ),
    };
    let heap = match (heap, &target) {
        (Some(opts), Target::Command(argv)) => Some(HeapRecorder::start(opts, argv)?),
        (Some(_), Target::Pid(_)) => anyhow::bail!(
            "--heap needs a command to launch (after --): a library cannot be put into a running \
             process; `profiler heap --pid PID` gives its memory totals"
        ),
        (None, _) => None,
    };
    let opts = NativeOptions {
        interval: args.sample_interval(),
        duration: args.duration,
        unwind: args.unwind,
        kernel: args.kernel,
        subprocesses: args.subprocesses,
        env: heap.as_ref().map(HeapRecorder::env).unwrap_or_default(),
        ..NativeOptions::default()
    };
    let recording = native::record(&target, &opts)?;
    let label = match &target {
        Target::Pid(pid) => match recording.thread_names.get(pid) {
            Some(name) => format!("pid {pid} ({name})"),
            None => format!("pid {pid}"),
        },
        Target::Command(argv) => argv.join(" "),
    };
    let profile = build_profile(&recording, &label, args);
    let heap = heap.map(|heap| heap.finish(&recording, &label, args));
    Ok(Outcome {
        profile,
        pid: recording.main_pid,
        exit: recording.exit,
        running_command: recording.running_command,
        heap,
    })
}

/// Symbolizes a recording and aggregates it into a profile. With `per_thread`, each stack gets
/// its thread (`name (tid N)`) as root frame, which does not count against `max_depth`.
pub fn build_profile(recording: &Recording, label: &str, args: &RecordArgs) -> Profile {
    let mut notes = recording.notes.clone();
    if let Some(status) = recording.exit {
        notes.push(match status {
            ExitStatus::Code(code) => format!(
                "command exited with code {code} after {:.1} s",
                recording.elapsed.as_secs_f64()
            ),
            ExitStatus::Signal(signal) => format!(
                "command was killed by signal {signal} after {:.1} s",
                recording.elapsed.as_secs_f64()
            ),
        });
    }
    let mut meta = ProfileMeta {
        target: label.to_string(),
        start_unix_ns: crate::profile::unix_ns(recording.start),
        duration_ns: recording.elapsed.as_nanos() as u64,
        interval_ns: args.sample_interval().as_nanos() as u64,
        lost_samples: recording.lost,
        max_depth: None,
        unwind: unwind_name(args.unwind).to_string(),
        notes: Vec::new(),
        extra: serde_json::Map::new(),
    };
    let stats = recording.unwind_stats;
    meta.extra.insert(
        "unwind_stats".into(),
        serde_json::json!({
            "samples": recording.samples,
            "cfi_complete": stats.cfi_complete,
            "fp_spliced": stats.fp_spliced,
            "truncated": stats.truncated,
        }),
    );
    if let Some(cpu) = recording.command_cpu {
        meta.extra
            .insert("target_cpu_ns".into(), serde_json::json!(cpu.as_nanos() as u64));
    }
    let locs: BTreeSet<Loc> = recording.stacks.keys().flat_map(|s| s.frames.iter().copied()).collect();
    let mut resolver = Resolver::new(
        &recording.modules,
        &recording.ns_pids,
        &recording.roots,
        SymbolizeOptions { lines: args.lines },
    );
    let resolved = resolver.resolve_all(&locs);
    notes.append(&mut resolver.notes);
    meta.notes = notes;
    let mut profile = Profile::new(meta, SampleType::Cpu);
    // Deterministic order: heaviest stacks first, then by thread.
    let mut stacks: Vec<_> = recording.stacks.iter().collect();
    stacks.sort_by(|a, b| b.1.cmp(a.1).then(a.0.tid.cmp(&b.0.tid)));
    for (raw, &count) in stacks {
        let mut frames = native_frames(&raw.frames, raw.truncated, &resolved);
        if frames.is_empty() {
            frames.push(Frame::native("[unknown]", None));
        }
        if let Some(depth) = args.max_depth {
            frames.truncate(depth);
        }
        let thread = args.per_thread.then(|| ThreadInfo {
            pid: raw.pid,
            tid: raw.tid,
            name: recording.thread_names.get(&raw.tid).cloned(),
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
    // The limit was applied above (so that a thread root frame does not count against it).
    profile.meta.max_depth = args.max_depth;
    recording.memory.add_to_profile(&mut profile);
    profile
}

/// The frames of a native stack (`locs` leaf first), root first: `[truncated]` at the root of
/// a stack that was not unwound to its end, `[unknown]` for an address without a symbol, and
/// libc's start-up frames left out of a whole stack.
pub(crate) fn native_frames(locs: &[Loc], truncated: bool, resolved: &HashMap<Loc, Vec<Frame>>) -> Vec<Frame> {
    let mut frames = Vec::with_capacity(locs.len() + 1);
    if truncated {
        frames.push(Frame::truncated());
    }
    for loc in locs.iter().rev() {
        match resolved.get(loc) {
            Some(f) => frames.extend(f.iter().cloned()),
            None => frames.push(Frame::native("[unknown]", None)),
        }
    }
    if !truncated {
        strip_start_frames(&mut frames);
    }
    frames
}

/// libc's process and thread start-up functions, which sit above `main` and above every
/// thread's start routine.
const START_FRAMES: &[&str] = &[
    "_start",
    "__libc_start_main",
    "__libc_start_main_impl",
    "__libc_start_main_alias_2",
    "__libc_start_call_main",
    "clone",
    "clone3",
    "__clone",
    "__clone3",
    "__clone_internal",
    "start_thread",
];

/// Removes the libc start-up frames at the root, so that stacks start at `main` or at the
/// thread's start routine (as `--max-depth` counts them). Stacks made only of them stay.
fn strip_start_frames(frames: &mut Vec<Frame>) {
    let n = frames
        .iter()
        .take_while(|f| f.kind == FrameKind::Native && START_FRAMES.contains(&f.function.as_str()))
        .count();
    if n > 0 && n < frames.len() {
        frames.drain(..n);
    }
}

/// The output format: --format, else the output's extension, else SVG.
pub fn output_format(args: &RecordArgs) -> Format {
    args.format
        .or_else(|| Format::from_path(&args.output))
        .unwrap_or(Format::Svg)
}

/// Runs `profiler record`. Returns the exit code (the launched command's, when there is one).
pub fn run(args: &RecordArgs) -> anyhow::Result<u8> {
    let outcome = record(args)?;
    let profile = &outcome.profile;
    // Python samples threads every interval of wall-clock time; perf events, of CPU time.
    let clock = match profile.meta.extra.get("clock").and_then(|c| c.as_str()) {
        Some("wall") => "wall-clock time",
        _ => "CPU time",
    };
    eprintln!(
        "profiler: {} samples every {:?} of {clock} over {:.1} s ({} lost) -> {}",
        profile.total_weight(),
        args.sample_interval(),
        profile.meta.duration_ns as f64 / 1e9,
        profile.meta.lost_samples,
        args.output.display()
    );
    for note in &profile.meta.notes {
        eprintln!("profiler: note: {note}");
    }
    if profile.meta.lost_samples > 0 {
        eprintln!(
            "profiler: note: {} samples were lost (ring buffer full): use a longer --interval",
            profile.meta.lost_samples
        );
    }
    let format = output_format(args);
    let mut written = output::write_to_path(profile, format, &args.output);
    if let Some(heap) = &outcome.heap {
        let heap_written = write_heap(heap, args);
        if written.is_ok() {
            written = heap_written;
        }
    }
    // A launched command that outlived the recording is waited for, also when writing failed.
    let exit = match outcome.running_command {
        Some(pid) => native::wait_for_command(pid),
        None => outcome.exit,
    };
    written?;
    Ok(exit.map(exit_code).unwrap_or(0))
}

/// Writes the `--heap` summary: its table to stderr, and the allocation profile (or, for a
/// `.json` path, the whole report) to `--heap-output`.
fn write_heap(heap: &HeapReport, args: &RecordArgs) -> anyhow::Result<()> {
    let mut table = Vec::new();
    heap.write_table(20, &mut table)?;
    eprint!("{}", String::from_utf8_lossy(&table));
    let path = &args.heap_output;
    if Format::from_path(path) == Some(Format::Json) {
        crate::heap::write_report(heap, HeapFormat::Json, Some(path), 0)
    } else if let Some(sites) = &heap.sites {
        let format = Format::from_path(path).unwrap_or(Format::Svg);
        output::write_to_path(sites, format, path)?;
        eprintln!("profiler: heap profile -> {}", path.display());
        Ok(())
    } else {
        eprintln!("profiler: note: no allocation stacks to write to {}", path.display());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;

    fn args(argv: &[&str]) -> RecordArgs {
        let mut full = vec!["profiler", "record"];
        full.extend_from_slice(argv);
        match Cli::parse_from(full).command {
            Command::Record(args) => args,
            _ => unreachable!(),
        }
    }

    #[test]
    fn format_from_flag_then_extension_then_svg() {
        assert_eq!(output_format(&args(&["-o", "cpu.folded"])), Format::Folded);
        assert_eq!(output_format(&args(&["-o", "cpu.pb.gz"])), Format::Pprof);
        assert_eq!(output_format(&args(&["-o", "cpu.data"])), Format::Svg);
        assert_eq!(output_format(&args(&["-o", "cpu.svg", "-f", "json"])), Format::Json);
        assert_eq!(output_format(&args(&[])), Format::Svg);
    }

    #[test]
    fn start_frames_are_stripped_only_at_the_root() {
        let names = |frames: &[Frame]| frames.iter().map(|f| f.function.clone()).collect::<Vec<_>>();
        let mut frames: Vec<Frame> = ["_start", "__libc_start_main_impl", "main", "clone3"]
            .iter()
            .map(|n| Frame::native(*n, None))
            .collect();
        strip_start_frames(&mut frames);
        assert_eq!(names(&frames), ["main", "clone3"]);
        let mut only: Vec<Frame> = vec![Frame::native("_start", None)];
        strip_start_frames(&mut only);
        assert_eq!(names(&only), ["_start"]);
    }

    #[test]
    fn exit_codes_as_a_shell_reports_them() {
        assert_eq!(exit_code(ExitStatus::Code(3)), 3);
        assert_eq!(exit_code(ExitStatus::Signal(2)), 130);
    }
}
