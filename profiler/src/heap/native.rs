//! The heap of a native process.

use super::report::HeapReport;
use crate::cli::HeapArgs;

/// Summarizes the heap of the native process `args.pid`.
pub fn summary(args: &HeapArgs) -> anyhow::Result<HeapReport> {
    let _ = args;
    anyhow::bail!("heap summaries of native processes are not built yet")
}
