//! The `profiler` command: parses arguments and maps the result to an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = profiler::cli::Cli::parse();
    let code = match cli.command {
        profiler::cli::Command::Record(args) => profiler::record::run(&args),
        profiler::cli::Command::Memory(args) => profiler::heap::memory::run(&args),
        profiler::cli::Command::Heap(args) => profiler::heap::run(&args),
    };
    match code {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("profiler: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
