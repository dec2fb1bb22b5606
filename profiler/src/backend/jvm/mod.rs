//! Java stacks from JDK Flight Recorder, started through the HotSpot attach protocol.

use crate::cli::RecordArgs;
use crate::record::Outcome;

/// Records a HotSpot JVM (--pid) or a launched Java command.
pub fn record(args: &RecordArgs) -> anyhow::Result<Outcome> {
    let _ = args;
    anyhow::bail!("JVM profiling is not built yet: use --runtime native")
}
