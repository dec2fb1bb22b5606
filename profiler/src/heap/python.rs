//! The heap of a python process.

use super::report::HeapReport;
use crate::cli::HeapArgs;

/// Summarizes the heap of the python process `args.pid`.
pub fn summary(args: &HeapArgs) -> anyhow::Result<HeapReport> {
    let _ = args;
    anyhow::bail!("heap summaries of python processes are not built yet")
}
