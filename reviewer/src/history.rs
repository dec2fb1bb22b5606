//! `reviewer scan --history`: secrets in the lines every commit added.

use crate::cli::ScanArgs;

/// Runs a history scan. Returns the exit code.
pub fn run(args: &ScanArgs) -> u8 {
    let _ = args;
    eprintln!("reviewer: error: --history is not built yet");
    crate::app::EXIT_ERROR
}
