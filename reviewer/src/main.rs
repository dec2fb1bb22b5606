//! The `reviewer` command: parses arguments and maps the result to an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = reviewer::cli::Cli::parse();
    ExitCode::from(reviewer::app::run(cli))
}
