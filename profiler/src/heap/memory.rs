//! `profiler memory`: a process's memory by mapping (RSS, PSS, USS, swap...).

use crate::cli::MemoryArgs;

/// Runs `profiler memory`. Returns the exit code.
pub fn run(args: &MemoryArgs) -> anyhow::Result<u8> {
    anyhow::bail!("profiler memory --pid {}: not built yet", args.pid)
}
