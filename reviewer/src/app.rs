//! What the binary does with parsed arguments. Returns the exit code.

use crate::baseline::{self, Baseline, PathKey};
use crate::cli::{BaselineAction, ColorChoice, Command, HookAction, RuleSource, RulesArgs, RulesFormat, ScanArgs};
use crate::config::{self, Config};
use crate::engine::Engine;
use crate::finding::{Category, Severity};
use crate::fixture;
use crate::report::ReportContext;
use crate::rules::{RuleError, RuleSet};
use crate::scan::{self, ScanOptions};
use std::collections::HashSet;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Exit code: nothing at or above the threshold.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings at or above the threshold.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: errors (bad input, configuration or rules); beats findings.
pub const EXIT_ERROR: u8 = 2;

pub(crate) fn report_errors(errors: &[impl std::fmt::Display]) -> u8 {
    for e in errors {
        eprintln!("reviewer: error: {e}");
    }
    EXIT_ERROR
}

/// Runs a parsed command line.
pub fn run(cli: crate::cli::Cli) -> u8 {
    match cli.command {
        Command::Scan(args) => run_scan(args, Mode::Report),
        Command::Rules(args) => run_rules(args),
        Command::Baseline(args) => match args.action {
            BaselineAction::Create(scan) => {
                if scan.format != crate::report::Format::Text {
                    return report_errors(&["baseline create writes a baseline file: --format does not apply"]);
                }
                let out = scan
                    .output
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(baseline::DEFAULT_FILE));
                run_scan(scan, Mode::CreateBaseline(out))
            }
        },
        Command::Hook(args) => match args.action {
            HookAction::Install { force, scan_args } => match crate::workflow::install_hook(force, &scan_args) {
                Ok(path) => {
                    eprintln!(
                        "reviewer: pre-commit hook installed at {}: each commit is reviewed with `reviewer scan --staged`",
                        path.display()
                    );
                    EXIT_CLEAN
                }
                Err(e) => report_errors(&[e]),
            },
            HookAction::Uninstall => match crate::workflow::uninstall_hook() {
                Ok(path) => {
                    eprintln!("reviewer: removed {}", path.display());
                    EXIT_CLEAN
                }
                Err(e) => report_errors(&[e]),
            },
        },
        Command::DebugTree { file } => debug_tree(&file),
        Command::ProfileRules { paths } => profile_rules(&paths),
    }
}

fn debug_tree(file: &Path) -> u8 {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return report_errors(&[format!("{}: cannot read: {e}", file.display())]),
    };
    let name = file.to_string_lossy();
    let Some(lang) = crate::rules::Lang::of(crate::lang::classify(&name, &bytes)) else {
        return report_errors(&[format!("{name}: not a Java or Python file")]);
    };
    let mut parser = tree_sitter::Parser::new();
    if parser.set_language(&lang.grammar()).is_err() {
        return report_errors(&["grammar ABI mismatch"]);
    }
    let Some(tree) = parser.parse(&bytes, None) else {
        return report_errors(&[format!("{name}: cannot parse")]);
    };
    // Indented, one named node a line, with field names and the text of leaves.
    let mut cursor = tree.walk();
    let mut depth = 0usize;
    loop {
        let node = cursor.node();
        if node.is_named() || node.is_missing() {
            let field = cursor.field_name().map(|f| format!("{f}: ")).unwrap_or_default();
            let text = if node.named_child_count() == 0 {
                format!(
                    "  `{}`",
                    String::from_utf8_lossy(&bytes[node.byte_range()]).replace('\n', "\\n")
                )
            } else {
                String::new()
            };
            println!(
                "{}{field}({}) [{}]{text}",
                "  ".repeat(depth),
                node.kind(),
                node.start_position().row + 1
            );
        }
        if cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return EXIT_CLEAN;
            }
            depth -= 1;
        }
    }
}

fn load_rules(src: &RuleSource, extra: &[PathBuf], builtin: bool) -> Result<RuleSet, Vec<RuleError>> {
    let mut set = if builtin {
        RuleSet::builtin()?
    } else {
        RuleSet::default()
    };
    let mut errors = Vec::new();
    for d in extra.iter().chain(&src.rule_dirs) {
        if let Err(e) = set.load_dir(d) {
            errors.extend(e);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if !src.category.is_empty() {
        set.retain(|r| src.category.contains(&r.meta.category));
    }
    Ok(set)
}

fn find_config(args: &ScanArgs) -> Option<PathBuf> {
    if args.no_config {
        return None;
    }
    if let Some(c) = &args.config {
        return Some(c.clone());
    }
    let roots: Vec<&Path> = args
        .paths
        .iter()
        .map(PathBuf::as_path)
        .filter(|p| *p != Path::new("-"))
        .collect();
    let dirs: Vec<&Path> = if roots.is_empty() {
        vec![Path::new(".")]
    } else {
        roots.into_iter().filter(|p| p.is_dir()).collect()
    };
    dirs.into_iter()
        .map(|d| d.join(config::FILE_NAME))
        .find(|p| p.is_file())
}

/// Applies `[rules]` of the configuration; unknown ids or categories are errors.
fn apply_config(set: &mut RuleSet, cfg: &Config, origin: &str) -> Result<Vec<(String, Severity)>, Vec<String>> {
    let ids: HashSet<String> = set.rules.iter().map(|r| r.meta.id.clone()).collect();
    // Ids of bundled rules that --category filtered out are known too; reading them costs a
    // parse of every rule file, so only when the configuration names rules.
    let all_ids: std::cell::OnceCell<HashSet<String>> = std::cell::OnceCell::new();
    let mut errors = Vec::new();
    let known = |name: &str| {
        ids.contains(name)
            || name.parse::<Category>().is_ok()
            || all_ids
                .get_or_init(|| RuleSet::builtin_ids().into_iter().collect())
                .contains(name)
    };
    for (field, list) in [
        ("rules.enable", &cfg.rules.enable),
        ("rules.disable", &cfg.rules.disable),
    ] {
        for n in list {
            if !known(n) {
                errors.push(format!(
                    "{origin}: field `{field}`: unknown rule or category `{n}` (see `reviewer rules`)"
                ));
            }
        }
    }
    for n in cfg.rules.severity.keys() {
        if !known(n) {
            errors.push(format!(
                "{origin}: field `rules.severity`: unknown rule `{n}` (see `reviewer rules`)"
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let names = |r: &crate::rules::Rule, list: &[String]| {
        list.iter()
            .any(|n| *n == r.meta.id || n.parse::<Category>().ok() == Some(r.meta.category))
    };
    if !cfg.rules.enable.is_empty() {
        set.retain(|r| names(r, &cfg.rules.enable));
    }
    set.retain(|r| !names(r, &cfg.rules.disable));
    Ok(cfg.rules.severity.iter().map(|(k, v)| (k.clone(), *v)).collect())
}

/// What a scan is for.
enum Mode {
    /// Report findings.
    Report,
    /// Write a baseline of the findings to this file.
    CreateBaseline(PathBuf),
}

/// The configured engine a scan runs (only `only`'s rules when given), with the
/// configuration; or the exit code of an error already reported.
pub(crate) fn scan_engine(args: &ScanArgs, only: Option<Category>) -> Result<(Engine, Config), u8> {
    let cfg_path = find_config(args);
    let cfg = match &cfg_path {
        Some(p) => Config::load(p).map_err(|e| report_errors(&[e]))?,
        None => Config::default(),
    };
    let mut set = load_rules(&args.rules, &cfg.rules.dirs, true).map_err(|e| report_errors(&e))?;
    let origin = cfg_path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
    let overrides = apply_config(&mut set, &cfg, &origin).map_err(|e| report_errors(&e))?;
    if let Some(category) = only {
        set.retain(|r| r.meta.category == category);
    }
    let budget = Duration::from_secs_f64(args.time_budget.max(0.001));
    let mut engine = Engine::new(set, budget).map_err(|e| report_errors(&[e]))?;
    for (id, sev) in overrides {
        engine.override_severity(&id, sev);
    }
    engine.prefilter = !args.no_prefilter;
    let paths = args.paths.clone();
    engine.fingerprint_seed = Some(Box::new(move || repository_identity(&paths)));
    Ok((engine, cfg))
}

fn run_scan(args: ScanArgs, mode: Mode) -> u8 {
    if args.history {
        return crate::history::run(&args);
    }
    // Git (for --staged and --diff) runs while the rules load.
    let (engine, change_set) = std::thread::scope(|scope| {
        let changes = (args.staged || args.diff.is_some())
            .then(|| scope.spawn(|| crate::workflow::changes(args.diff.as_deref(), &args.paths)));
        let engine = scan_engine(&args, None);
        let changes = changes.map(|h| {
            h.join()
                .unwrap_or_else(|_| Err(crate::git::GitError("git access failed".into())))
        });
        (engine, changes)
    });
    let (engine, cfg) = match engine {
        Ok(e) => e,
        Err(code) => return code,
    };
    let change_set = match change_set {
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => return report_errors(&[e]),
        None => None,
    };
    let stdin_mode = args.paths.iter().any(|p| p == Path::new("-"));
    if stdin_mode && args.paths.len() > 1 {
        return report_errors(&["`-` (standard input) cannot be combined with other paths"]);
    }
    let stdin = if stdin_mode {
        let Some(name) = args.stdin_filename.clone() else {
            return report_errors(&[
                "reading standard input needs --stdin-filename NAME (for example src/App.java) to know its language",
            ]);
        };
        let mut buf = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
            return report_errors(&[format!("standard input: cannot read: {e}")]);
        }
        Some((name.replace('\\', "/"), buf))
    } else {
        None
    };
    let mut exclude = cfg.exclude.clone();
    exclude.extend(args.exclude.iter().cloned());
    let baseline = match &args.baseline {
        Some(path) => match Baseline::load(path) {
            Ok(b) => Some(b),
            Err(e) => return report_errors(&[e]),
        },
        None => None,
    };
    let mut skip_files: Vec<PathBuf> = args.baseline.iter().cloned().collect();
    if let Mode::CreateBaseline(out) = &mode {
        skip_files.push(out.clone());
    }
    let opts = ScanOptions {
        paths: if stdin_mode { vec![] } else { args.paths.clone() },
        threads: args.threads.unwrap_or(0),
        no_ignore: args.no_ignore,
        follow_links: args.follow,
        max_file_size: args.max_file_size,
        exclude,
        stdin,
        progress: !args.quiet,
        inputs: change_set.as_ref().map(|c| c.inputs.clone()),
        skip_files,
        project_root: change_set.as_ref().map(|c| c.repo.root.clone()),
    };
    let mut result = scan::scan(&engine, &opts);
    if let Some(changes) = &change_set
        && !args.all_lines
    {
        result.stats.unchanged_lines = changes.keep_changed(&mut result.findings);
    }
    drop_skipped_contexts(&cfg, &mut result);
    if let Mode::CreateBaseline(out) = &mode {
        let keys = PathKey::here();
        let b = Baseline::from_findings(&result.findings, &keys);
        if let Err(e) = b.write(out) {
            return report_errors(&[e]);
        }
        for e in &result.errors {
            eprintln!("reviewer: error: {e}");
        }
        eprintln!(
            "reviewer: baseline of {} finding{} in {} files written to {}",
            b.findings.len(),
            if b.findings.len() == 1 { "" } else { "s" },
            result.stats.files_scanned,
            out.display()
        );
        return if result.errors.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_ERROR
        };
    }
    if let Some(b) = &baseline {
        apply_baseline(b, &mut result);
    }
    let code = emit(&args, &cfg, &engine, &result);
    // The process ends with this command: freeing every rule, tree and finding one by one
    // would cost a tenth of a short scan's CPU time.
    std::mem::forget(engine);
    std::mem::forget(result);
    code
}

/// Drops the findings `baseline` holds, and counts them.
pub(crate) fn apply_baseline(baseline: &Baseline, result: &mut scan::ScanResult) {
    result.stats.baselined = baseline.filter(&mut result.findings, &PathKey::here());
    result.stats.suppressed = result.findings.iter().filter(|f| f.suppression.is_some()).count();
}

/// Drops secret findings in the path contexts the configuration skips.
pub(crate) fn drop_skipped_contexts(cfg: &Config, result: &mut scan::ScanResult) {
    if !cfg.secrets.skip_contexts.is_empty() {
        result.findings.retain(|f| {
            f.category != Category::Secrets || f.context.is_none_or(|c| !cfg.secrets.skip_contexts.contains(&c))
        });
    }
}

/// Writes the report and returns the exit code: 2 on errors, 1 on findings at or above the
/// threshold, else 0.
pub(crate) fn emit(args: &ScanArgs, cfg: &Config, engine: &Engine, result: &scan::ScanResult) -> u8 {
    let fail_on = args.fail_on.or(cfg.fail_on).unwrap_or(Severity::Low);
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let ctx = ReportContext {
        result,
        rules: &engine.rules,
        fail_on,
        color,
        timing: to_terminal,
    };
    let reporter = args.format.reporter();
    let written = match &args.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|f| {
                let mut w = std::io::BufWriter::new(f);
                reporter.write(&ctx, &mut w)?;
                w.flush()
            })
            .map_err(|e| format!("{}: cannot write the report: {e}", path.display())),
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            match reporter.write(&ctx, &mut w).and_then(|_| w.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|e| format!("standard output: {e}")),
            }
        }
    };
    if let Err(e) = written {
        return report_errors(&[e]);
    }
    let text_on_stdout = args.format == crate::report::Format::Text && args.output.is_none();
    if !text_on_stdout {
        for e in &result.errors {
            eprintln!("reviewer: error: {e}");
        }
        let failing = result.failing(fail_on);
        eprintln!(
            "reviewer: {} finding{} at or above {fail_on}, {} error{} in {} files",
            failing,
            if failing == 1 { "" } else { "s" },
            result.errors.len(),
            if result.errors.len() == 1 { "" } else { "s" },
            result.stats.files_scanned
        );
    }
    if !result.errors.is_empty() {
        EXIT_ERROR
    } else if result.failing(fail_on) > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// What identifies the repository being scanned, for the key of secret fingerprints: the ids
/// of its root commits, or the scanned paths made absolute when they are not in git.
fn repository_identity(paths: &[PathBuf]) -> Vec<String> {
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let dir = if first.is_dir() {
        first.clone()
    } else {
        first
            .parent()
            .map(Path::to_path_buf)
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from("."))
    };
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(args)
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    // Listing root commits walks the whole history (a third of a second on 20,000 commits),
    // so the answer is kept in the git directory and read from there next time.
    let cache = git(&["rev-parse", "--path-format=absolute", "--git-common-dir"])
        .map(|d| PathBuf::from(d.trim()).join("reviewer-root-commits"));
    if let Some(text) = cache.as_ref().and_then(|c| std::fs::read_to_string(c).ok()) {
        let ids: Vec<String> = text.split_whitespace().map(String::from).collect();
        if !ids.is_empty() {
            return ids;
        }
    }
    if let Some(out) = git(&["rev-list", "--max-parents=0", "HEAD"]) {
        let mut ids: Vec<String> = out.split_whitespace().map(String::from).collect();
        if !ids.is_empty() {
            ids.sort();
            if let Some(c) = &cache {
                let _ = std::fs::write(c, ids.join("\n") + "\n");
            }
            return ids;
        }
    }
    paths
        .iter()
        .map(|p| {
            std::fs::canonicalize(p)
                .unwrap_or_else(|_| p.clone())
                .display()
                .to_string()
        })
        .collect()
}

fn run_rules(args: RulesArgs) -> u8 {
    if let Some(test) = &args.test {
        let set = match test {
            Some(dir) => {
                let mut src = args.rules.clone();
                src.rule_dirs.insert(0, dir.clone());
                load_rules(&src, &[], false)
            }
            None => load_rules(&args.rules, &[], true),
        };
        let set = match set {
            Ok(s) => s,
            Err(e) => return report_errors(&e),
        };
        return run_fixture_tests(set);
    }
    let set = match load_rules(&args.rules, &[], true) {
        Ok(s) => s,
        Err(e) => return report_errors(&e),
    };
    if let Some(id) = &args.doc {
        return match set.get(id) {
            Some(r) => {
                print!("{}", rule_doc(r));
                EXIT_CLEAN
            }
            None => report_errors(&[format!("no rule `{id}`; `reviewer rules` lists them")]),
        };
    }
    let mut out = std::io::stdout().lock();
    let res = match args.format {
        RulesFormat::Json => {
            let metas: Vec<_> = set.rules.iter().map(|r| &r.meta).collect();
            serde_json::to_writer_pretty(&mut out, &metas)
                .map_err(std::io::Error::from)
                .and_then(|_| writeln!(out))
        }
        RulesFormat::Text => {
            let mut rules: Vec<_> = set.rules.iter().map(|r| &r.meta).collect();
            rules.sort_by(|a, b| {
                (a.languages.join(","), a.category, &a.id).cmp(&(b.languages.join(","), b.category, &b.id))
            });
            let w = rules.iter().map(|m| m.id.len()).max().unwrap_or(2);
            let mut res = writeln!(
                out,
                "{:w$}  {:6}  {:9}  {:8}  {:16}  CWE",
                "ID", "KIND", "LANGUAGES", "SEVERITY", "CATEGORY"
            );
            for m in &rules {
                res = res.and_then(|_| {
                    writeln!(
                        out,
                        "{:w$}  {:6}  {:9}  {:8}  {:16}  {}",
                        m.id,
                        format!("{:?}", m.kind).to_lowercase(),
                        m.languages.join(","),
                        m.severity.as_str(),
                        m.category.as_str(),
                        m.cwe.join(",")
                    )
                });
            }
            res.and_then(|_| writeln!(out, "{} rules", rules.len()))
        }
    };
    match res {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => report_errors(&[format!("standard output: {e}")]),
        _ => EXIT_CLEAN,
    }
}

fn run_fixture_tests(set: RuleSet) -> u8 {
    let outcomes = fixture::check_all(set);
    let mut failed = 0;
    for o in &outcomes {
        if o.passed() {
            println!(
                "ok    {} ({} ruleid, {} ok{})",
                o.rule_id,
                o.cases.0,
                o.cases.1,
                if o.todos.is_empty() {
                    String::new()
                } else {
                    format!(", {} todo", o.todos.len())
                }
            );
        } else {
            failed += 1;
            println!("FAIL  {}", o.rule_id);
            for f in &o.failures {
                println!("        {f}");
            }
        }
        for t in &o.todos {
            println!("        todo: {t}");
        }
    }
    println!("{} passed, {} failed", outcomes.len() - failed, failed);
    if failed > 0 { EXIT_FINDINGS } else { EXIT_CLEAN }
}

/// Extracts the code line after the first annotation of `kind` for `id` in a fixture.
fn example(fixture: &str, id: &str, want: fixture::Expect) -> Option<String> {
    let notes = fixture::annotations(fixture);
    let lines: Vec<&str> = fixture.lines().collect();
    let (line, _) = notes.iter().find(|(_, ids)| ids.get(id) == Some(&want))?;
    let text = lines.get(line - 1)?;
    Some(text.trim().to_string())
}

/// Masks what may be a secret in a documentation example: each value-like token (6 or more
/// characters between separators, not a plain word) keeps its first 4 characters.
fn mask_example(line: &str) -> String {
    let mut out = String::new();
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        // Lowercase names (os.environ, api_key) and CamelCase words (BasicAWSCredentials) stay.
        let lowercase_name = token.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.');
        let camel_word = token.chars().all(|c| c.is_ascii_alphabetic())
            && token.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && token
                .as_bytes()
                .windows(2)
                .filter(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
                .count()
                < 4;
        let plain_word = lowercase_name || camel_word;
        if token.chars().count() >= 6 && !plain_word {
            out.extend(token.chars().take(4));
            out.extend(std::iter::repeat_n('*', token.chars().count() - 4));
        } else {
            out.push_str(token);
        }
        token.clear();
    };
    for c in line.chars() {
        if c.is_whitespace() || "\"'`=:,;()[]{}<>@/".contains(c) {
            flush(&mut token, &mut out);
            out.push(c);
        } else {
            token.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

/// The documentation of one rule: what it finds, why it matters, what to do, examples.
pub fn rule_doc(r: &crate::rules::Rule) -> String {
    let m = &r.meta;
    let mut s = format!("{}\n{}\n\n", m.id, "=".repeat(m.id.len()));
    s.push_str(&format!(
        "severity: {}   category: {}   languages: {}   {}\n\n",
        m.severity,
        m.category,
        m.languages.join(", "),
        m.cwe.join(", ")
    ));
    s.push_str(&format!("What it finds\n  {}\n\n", m.message));
    if let Some(d) = &m.description {
        s.push_str("Why it matters\n");
        for l in d.lines() {
            s.push_str(&format!("  {l}\n"));
        }
        s.push('\n');
    }
    s.push_str("What to do instead\n");
    for l in m.recommendation.lines() {
        s.push_str(&format!("  {l}\n"));
    }
    if let Some(f) = &r.fixture {
        if let Some(bad) = example(&f.text, &m.id, fixture::Expect::RuleId) {
            // A secret rule's example is a fake, but output never shows a secret whole.
            let bad = if m.category == Category::Secrets {
                mask_example(&bad)
            } else {
                bad
            };
            s.push_str(&format!("\nBad\n  {bad}\n"));
        }
        if let Some(good) = example(&f.text, &m.id, fixture::Expect::Ok) {
            let good = if m.category == Category::Secrets {
                mask_example(&good)
            } else {
                good
            };
            s.push_str(&format!("\nGood\n  {good}\n"));
        }
    }
    if !m.references.is_empty() {
        s.push_str("\nReferences\n");
        for l in &m.references {
            s.push_str(&format!("  {l}\n"));
        }
    }
    s
}

fn profile_rules(paths: &[PathBuf]) -> u8 {
    let set = match RuleSet::builtin() {
        Ok(s) => s,
        Err(e) => return report_errors(&e),
    };
    let mut engine = match Engine::new(set, Duration::from_secs(60)) {
        Ok(e) => e,
        Err(e) => return report_errors(&[e]),
    };
    engine.profile = Some(std::sync::Mutex::new(Default::default()));
    let opts = ScanOptions {
        paths: paths.to_vec(),
        threads: 1,
        ..ScanOptions::default()
    };
    let result = scan::scan(&engine, &opts);
    let profile = engine
        .profile
        .take()
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .unwrap_or_default();
    let mut rows: Vec<_> = profile.into_iter().collect();
    rows.sort_by_key(|(_, (d, _))| std::cmp::Reverse(*d));
    let mut out = std::io::stdout().lock();
    let total: f64 = rows.iter().map(|(_, (d, _))| d.as_secs_f64()).sum();
    let _ = writeln!(
        out,
        "{} files, {:.2}s scan, {:.2}s in queries",
        result.stats.files_scanned,
        result.elapsed.as_secs_f64(),
        total
    );
    for (r, (d, n)) in rows {
        let line = format!(
            "{:>10.1} ms {:>7} files  {}",
            d.as_secs_f64() * 1e3,
            n,
            engine.rules.rules[r].meta.id
        );
        if writeln!(out, "{line}").is_err() {
            break;
        }
    }
    EXIT_CLEAN
}
