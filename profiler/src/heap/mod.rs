//! Heap and memory summaries.
//!
//! - [`memory`]: `profiler memory`, a process's memory by mapping and in total, from
//!   `/proc/PID/smaps` ([`smaps`]).
//! - [`timeline`]: the same totals sampled over time during `record`.
//! - [`report`]: the heap summary of `profiler heap` and `record --heap`, whatever the runtime.
//! - [`jvm`], [`python`], [`native`]: how each runtime's heap is read.

pub mod jvm;
pub mod memory;
pub mod native;
pub mod python;
pub mod report;
pub mod smaps;
pub mod timeline;

use crate::backend::runtime::{self, Detected};
use crate::cli::{HeapArgs, HeapFormat};
use crate::output::{self, Format};
use anyhow::Context;
use report::HeapReport;
use std::io::{self, Write};
use std::path::Path;

/// Runs `profiler heap`. Returns the exit code.
pub fn run(args: &HeapArgs) -> anyhow::Result<u8> {
    let detected = runtime::for_pid(args.runtime, args.pid)?;
    let report = match detected {
        Detected::Jvm => jvm::summary(args)?,
        Detected::Python => python::summary(args)?,
        Detected::Native => native::summary(args)?,
    };
    write_report(&report, args.format, args.output.as_deref(), args.top)?;
    Ok(0)
}

/// Writes a heap report in `format`: tables and JSON to `output` or standard output; the
/// allocation flamegraph to `output` or `heap.svg`.
pub fn write_report(report: &HeapReport, format: HeapFormat, output: Option<&Path>, top: usize) -> anyhow::Result<()> {
    match format {
        HeapFormat::Svg => {
            let Some(profile) = &report.sites else {
                anyhow::bail!(
                    "no allocation stacks for {}: {}; use --format table or json",
                    report.target,
                    if report.unavailable.is_empty() {
                        "this runtime gave none".to_string()
                    } else {
                        report.unavailable.join("; ")
                    }
                );
            };
            let path = output.unwrap_or(Path::new("heap.svg"));
            output::write_to_path(profile, Format::Svg, path)?;
            eprintln!("profiler: allocation flamegraph -> {}", path.display());
            Ok(())
        }
        HeapFormat::Table | HeapFormat::Json => {
            let mut buffer = Vec::new();
            if format == HeapFormat::Table {
                report.write_table(top, &mut buffer)?;
            } else {
                report.write_json(top, &mut buffer)?;
            }
            match output {
                Some(path) => {
                    std::fs::write(path, &buffer).with_context(|| format!("cannot write {}", path.display()))?
                }
                None => {
                    let stdout = io::stdout();
                    let mut out = stdout.lock();
                    out.write_all(&buffer)?;
                    out.flush()?;
                }
            }
            Ok(())
        }
    }
}
