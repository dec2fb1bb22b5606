//! Command-line types (clap). Nothing here computes.

use crate::finding::{Category, Severity};
use crate::report::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Reviews Java and Python repositories for secrets, security flaws, resource leaks,
/// concurrency bugs and best-practice problems.
#[derive(Debug, Parser)]
#[command(name = "reviewer", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories (default: the current directory).
    Scan(ScanArgs),
    /// List the rules, show one rule's documentation, or test rules against their fixtures.
    Rules(RulesArgs),
    /// Record today's findings, so that `scan --baseline` reports only new ones.
    Baseline(BaselineArgs),
    /// Install or remove the git pre-commit hook that runs `reviewer scan --staged`.
    Hook(HookArgs),
    /// Print the syntax tree of a Java or Python file, for writing queries.
    #[command(hide = true)]
    DebugTree {
        /// The file.
        file: PathBuf,
    },
    /// Time each query rule alone (compile and match) over the Java and Python files given.
    #[command(hide = true)]
    ProfileRules {
        /// Files or directories.
        paths: Vec<PathBuf>,
    },
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Options shared by commands that load rules.
#[derive(Debug, Clone, Args)]
pub struct RuleSource {
    /// Add the rules in DIR (TOML files, the same format as the bundled ones). Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Only rules of these categories (comma-separated): secrets, security, resource-leak,
    /// input-validation, concurrency, best-practice, performance.
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub category: Vec<Category>,
}

/// `reviewer scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan; `-` reads one file from standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Rules to load and filter.
    #[command(flatten)]
    pub rules: RuleSource,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// The name of the file read from standard input (decides its language; shown in reports).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Do not honour .gitignore and other ignore files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Follow symbolic links.
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// Skip files larger than this (bytes, or with a K/M/G suffix).
    #[arg(long, value_name = "SIZE", default_value = "2M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Per-file time budget for parsing and matching, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub time_budget: f64,
    /// Lowest severity that makes the exit code 1 [default: low, or the configuration's].
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,
    /// Configuration file [default: .reviewer.toml at the scanned root].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not read .reviewer.toml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Skip paths matching GLOB (gitignore-like). Repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Run every query rule on every file, ignoring rule keywords (to check keywords).
    #[arg(long, hide = true)]
    pub no_prefilter: bool,
    /// Scan the staged content (the git index, not the working tree), as a pre-commit hook:
    /// report findings on the lines this commit adds or changes.
    #[arg(long, conflicts_with_all = ["diff", "history", "stdin_filename"])]
    pub staged: bool,
    /// Report only findings on lines added or changed since the merge base with BASE (for
    /// example origin/main), uncommitted and untracked files included; `BASE..HEAD` compares
    /// the commits only.
    #[arg(long, value_name = "BASE", conflicts_with_all = ["history", "stdin_filename"])]
    pub diff: Option<String>,
    /// With --staged or --diff: report every finding of the changed files, not only those on
    /// changed lines.
    #[arg(long)]
    pub all_lines: bool,
    /// Report only findings that are not in this baseline file (see `reviewer baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Scan the lines that every commit added, in all branches, for secrets.
    #[arg(long, conflicts_with = "stdin_filename")]
    pub history: bool,
    /// With --history: only commits not reachable from REV.
    #[arg(long, value_name = "REV", requires = "history")]
    pub since: Option<String>,
}

/// `reviewer baseline`.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: BaselineAction,
}

/// Baseline actions.
#[derive(Debug, Subcommand)]
pub enum BaselineAction {
    /// Scan, and write the fingerprints of every finding to a baseline file (default
    /// .reviewer-baseline.json; set it with -o). The file holds no source text or secret.
    Create(ScanArgs),
}

/// `reviewer hook`.
#[derive(Debug, Args)]
pub struct HookArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: HookAction,
}

/// Hook actions.
#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Write the pre-commit hook into the repository's hooks directory (core.hooksPath
    /// honoured).
    Install {
        /// Replace a pre-commit hook that reviewer did not write.
        #[arg(long)]
        force: bool,
        /// Options the hook passes to `reviewer scan --staged` (for example
        /// `--fail-on=high`).
        #[arg(long = "scan-arg", value_name = "ARG", allow_hyphen_values = true)]
        scan_args: Vec<String>,
    },
    /// Remove the pre-commit hook, if reviewer wrote it.
    Uninstall,
}

/// Output formats of `reviewer rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// A table.
    Text,
    /// JSON.
    Json,
}

/// `reviewer rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format of the list.
    #[arg(long, short = 'f', value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
    /// Show what RULE_ID finds, why it matters, and a bad and a good example.
    #[arg(long, value_name = "RULE_ID", conflicts_with = "test")]
    pub doc: Option<String>,
    /// Run every rule alone on its fixture and report missing, unexpected or unannotated
    /// findings (rules of DIR only, when given).
    #[arg(long, value_name = "DIR", num_args = 0..=1)]
    pub test: Option<Option<PathBuf>>,
    /// Rules to load and filter.
    #[command(flatten)]
    pub rules: RuleSource,
}

/// Parses `2M`, `500k`, `1G`, `2MiB` or a plain number of bytes.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let lower = lower.trim_end_matches("ib").trim_end_matches('b');
    let (num, mult) = match lower.chars().last() {
        Some('k') => (&lower[..lower.len() - 1], 1u64 << 10),
        Some('m') => (&lower[..lower.len() - 1], 1 << 20),
        Some('g') => (&lower[..lower.len() - 1], 1 << 30),
        _ => (lower, 1),
    };
    let n: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a size: use bytes or a K, M or G suffix"))?;
    if n < 0.0 {
        return Err(format!("`{s}` is negative"));
    }
    Ok((n * mult as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("2M").unwrap(), 2 * 1024 * 1024);
        assert_eq!(parse_size("2MiB").unwrap(), 2 * 1024 * 1024);
        assert_eq!(parse_size("500k").unwrap(), 500 * 1024);
        assert_eq!(parse_size("123").unwrap(), 123);
        assert!(parse_size("lots").is_err());
    }
}
