//! CPython stacks, read from outside the process.

use crate::cli::RecordArgs;
use crate::record::Outcome;

/// Records a CPython process (--pid) or a launched Python command.
pub fn record(args: &RecordArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("Python profiling is not built yet: use --runtime native")
}
