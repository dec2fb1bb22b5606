//! `profiler record`: sample a process or a launched command, then render the profile.

use crate::cli::RecordArgs;

/// Runs `profiler record`. Returns the exit code (the launched command's, when there is one).
pub fn run(args: &RecordArgs) -> anyhow::Result<u8> {
    let _ = args;
    anyhow::bail!("profiler record: not built yet")
}
