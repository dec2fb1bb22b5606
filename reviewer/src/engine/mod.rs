//! The matchers. Each file is read once and parsed once; every engine shares the tree.
//! Queries and regexes are compiled when the engine is built, never per file.

pub mod keywords;
pub mod leak;
pub mod pattern;
pub mod query;
pub mod secret;
pub mod taint;
pub mod text;

use crate::finding::{Category, Diagnostic, Finding, PathContext, Severity, Span};
use crate::lang::FileKind;
use crate::rules::schema::Confidence;
use crate::rules::{Lang, RuleSet};
use crate::suppress;
use keywords::KeywordIndex;
use query::Candidate;
use secret::SecretIndex;
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use text::LineIndex;
use tree_sitter::{Node, ParseOptions, Parser, Tree};

/// A match before it becomes a [`Finding`]: which rule, where, and what to hash.
#[derive(Debug, Clone)]
pub struct RawMatch {
    /// Index of the rule in the engine's rule set.
    pub rule: usize,
    /// Byte range of the finding.
    pub range: std::ops::Range<usize>,
    /// Byte range of a secret to redact, if any: the match is then a secret finding.
    pub redact: Option<std::ops::Range<usize>>,
    /// How many leading characters of the secret are a public prefix output may show.
    pub show_prefix: usize,
    /// The text identifying the finding for its fingerprint.
    pub identity: Vec<u8>,
    /// For a dataflow finding, the path from source to sink.
    pub flow: Vec<taint::Step>,
}

/// The result of analysing one file.
#[derive(Debug, Default)]
pub struct FileReport {
    /// Findings, suppressed ones included, sorted.
    pub findings: Vec<Finding>,
    /// Problems that make the scan incomplete (exit code 2).
    pub errors: Vec<Diagnostic>,
    /// Problems worth telling that do not (syntax errors).
    pub warnings: Vec<Diagnostic>,
}

/// The query rules of one language and their keyword prefilter. A rule's query is compiled the
/// first time a file holds one of its keywords, so rules a scan never needs cost nothing.
struct LangQueries {
    /// Rule indexes, in rule order.
    rules: Vec<usize>,
    keywords: KeywordIndex,
}

/// How many keyword ranges a rule runs in before it runs once on the whole file instead.
const MAX_ANCHOR_RANGES: usize = 1024;

impl LangQueries {
    fn build(rules: &RuleSet, lang: Lang) -> Result<LangQueries, String> {
        let members: Vec<(usize, &[String])> = rules
            .rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.query().filter(|q| q.lang == lang).map(|q| (i, q.keywords.as_slice())))
            .collect();
        let keywords = KeywordIndex::build(members.iter().copied())?;
        Ok(LangQueries {
            rules: members.iter().map(|&(i, _)| i).collect(),
            keywords,
        })
    }

    /// The rules whose keywords occur in `src` (or that have none), in rule order, each with
    /// the merged byte ranges of its keyword occurrences when it is anchored.
    fn candidates(&self, rules: &RuleSet, src: &[u8]) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = self.keywords.always.iter().map(|&r| (r, None)).collect();
        for (r, mut ranges) in self.keywords.hits(src) {
            if !rules.rules[r].query().is_some_and(|q| q.anchor) {
                out.push((r, None));
                continue;
            }
            ranges.sort_by_key(|x| (x.start, x.end));
            let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
            for x in ranges {
                match merged.last_mut() {
                    Some(last) if x.start <= last.end => last.end = last.end.max(x.end),
                    _ => merged.push(x),
                }
            }
            // Runs around keyword hits measured cheaper than whole-file runs even with hundreds
            // of hits; the bound only keeps a pathological file from costing one walk per byte.
            out.push((r, (merged.len() <= MAX_ANCHOR_RANGES).then_some(merged)));
        }
        out.sort_by_key(|(r, _)| *r);
        out
    }
}

/// The rules compiled for matching.
pub struct Engine {
    /// The rules.
    pub rules: RuleSet,
    queries: HashMap<Lang, LangQueries>,
    leaks: HashMap<Lang, leak::LeakIndex>,
    secrets: SecretIndex,
    /// Per-file time budget for parsing and querying.
    pub time_budget: Duration,
    severity_override: HashMap<String, Severity>,
    /// Run query rules only on files holding one of their keywords (on by default; turning it
    /// off shows what the prefilter saves, and checks a rule's keywords).
    pub prefilter: bool,
    /// When set, time spent running each query rule, and the number of files it ran on.
    pub profile: Option<query::RuleProfile>,
    /// The key of secret findings' fingerprints (see [`fingerprint_key_for`]), computed from
    /// `fingerprint_seed` the first time a secret is found: finding the repository's identity
    /// can cost a walk of its history, which a scan without secrets never pays.
    fingerprint_key: OnceLock<[u8; 32]>,
    /// What the fingerprint key is derived from (the repository's identity).
    pub fingerprint_seed: Option<KeySeed>,
    taint: taint::TaintModels,
    /// Pattern rules deferring to a taint rule (`defer_to`), by rule index.
    defer: HashMap<usize, usize>,
    /// The scanned tree, for dataflow across files (summaries of other classes, properties).
    project: std::sync::RwLock<Option<std::sync::Arc<taint::Project>>>,
}

thread_local! {
    static PARSERS: RefCell<HashMap<Lang, Parser>> = RefCell::new(HashMap::new());
}

impl Engine {
    /// Prepares the rules of `rules`. Each query is compiled the first time a file needs it.
    pub fn new(rules: RuleSet, time_budget: Duration) -> Result<Engine, String> {
        let secrets = SecretIndex::build(&rules)?;
        let mut queries = HashMap::new();
        let mut leaks = HashMap::new();
        for lang in Lang::ALL {
            queries.insert(lang, LangQueries::build(&rules, lang)?);
            leaks.insert(lang, leak::LeakIndex::build(&rules, lang)?);
        }
        let taint = taint::TaintModels::build(&rules)?;
        let mut defer = HashMap::new();
        for (i, r) in rules.rules.iter().enumerate() {
            if let Some(target) = r.query().and_then(|q| q.defer_to.as_deref()) {
                // A deferred-to rule that is not loaded (filtered out) decides nothing.
                if let Some(t) = rules.rules.iter().position(|x| x.meta.id == target) {
                    defer.insert(i, t);
                }
            }
        }
        Ok(Engine {
            taint,
            defer,
            project: std::sync::RwLock::new(None),
            rules,
            queries,
            leaks,
            secrets,
            time_budget,
            severity_override: HashMap::new(),
            prefilter: true,
            profile: None,
            fingerprint_key: OnceLock::new(),
            fingerprint_seed: None,
        })
    }

    /// Sets the tree the scanned files belong to: dataflow follows calls into its other
    /// classes and reads its properties files.
    pub fn set_project(&self, project: taint::Project) {
        *self.project.write().unwrap_or_else(|e| e.into_inner()) = Some(std::sync::Arc::new(project));
    }

    /// Changes the severity reported for a rule.
    pub fn override_severity(&mut self, rule: &str, severity: Severity) {
        self.severity_override.insert(rule.to_string(), severity);
    }

    /// The severity reported for rule `index`.
    pub fn severity_of(&self, index: usize) -> Severity {
        let meta = &self.rules.rules[index].meta;
        self.severity_override.get(&meta.id).copied().unwrap_or(meta.severity)
    }

    /// Analyses one file. `path` is the name shown to the user. A bug that panics while
    /// analysing one file costs that file's findings, reported as an error, not the scan.
    pub fn analyze(&self, path: &str, kind: FileKind, bytes: &[u8]) -> FileReport {
        let run = std::panic::AssertUnwindSafe(|| self.analyze_with(path, kind, bytes, &|_| true, self.prefilter));
        std::panic::catch_unwind(run).unwrap_or_else(|panic| {
            let what = panic_cause(panic.as_ref());
            FileReport {
                errors: vec![Diagnostic {
                    path: path.to_string(),
                    line: None,
                    message: format!(
                        "internal error while analysing this file ({what}); its findings are missing. \
                         This is a bug in the reviewer: please report it with the file, or exclude the file"
                    ),
                }],
                ..FileReport::default()
            }
        })
    }

    /// Analyses one file with the rules for which `only` holds (a taint rule still sees the
    /// sources and sanitizers of every taint rule), with or without the keyword prefilter.
    pub fn analyze_with(
        &self,
        path: &str,
        kind: FileKind,
        bytes: &[u8],
        only: &dyn Fn(usize) -> bool,
        prefilter: bool,
    ) -> FileReport {
        let src = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut report = FileReport::default();
        let lines = LineIndex::new(src);
        let mut raw = Vec::new();
        let mut tree = None;
        let applicable = |i: usize| only(i) && self.rules.rules[i].applies_to(kind, path);

        let triggered = |r: usize| self.rules.rules[r].query().is_none_or(|q| query::triggered(q, src));
        let candidates: Vec<Candidate> = match Lang::of(kind) {
            Some(l) if prefilter => self.queries[&l]
                .candidates(&self.rules, src)
                .into_iter()
                .filter(|(r, _)| applicable(*r) && triggered(*r))
                .collect(),
            Some(l) => self.queries[&l]
                .rules
                .iter()
                .filter(|&&r| applicable(r))
                .map(|&r| (r, None))
                .collect(),
            None => Vec::new(),
        };
        // Queries are compiled on first use; that one-off cost is not the file's.
        for (r, _) in &candidates {
            let _ = self.rules.rules[*r].query().map(|q| q.compiled());
        }
        let leak_rules: Vec<usize> = match Lang::of(kind) {
            Some(l) => self.leaks[&l]
                .candidates(src, prefilter)
                .into_iter()
                .filter(|&r| applicable(r))
                .collect(),
            None => Vec::new(),
        };
        let mut leak_details: HashMap<(usize, usize), String> = HashMap::new();
        let deadline = Instant::now() + self.time_budget;
        let taint_model = Lang::of(kind)
            .and_then(|l| self.taint.by_lang.get(&l))
            .filter(|m| !prefilter || m.may_apply(src))
            .filter(|m| m.slots.iter().any(|&r| applicable(r)));
        // Findings need a source in the file (or a parameter of a source's type handed to a
        // helper); without one, the dataflow runs only to decide the pattern rules deferring to
        // it, when they matched.
        let taint_sources = taint_model.is_some_and(|m| !prefilter || m.may_have_sources(src));
        if let Some(lang) = Lang::of(kind)
            && (!candidates.is_empty() || taint_sources || !leak_rules.is_empty())
        {
            match parse(lang, src, deadline) {
                Some(t) => {
                    if t.root_node().has_error() {
                        let (line, what) = first_syntax_error(t.root_node());
                        report.warnings.push(Diagnostic {
                            path: path.to_string(),
                            line: Some(line),
                            message: format!("syntax error ({what}); the file was analysed anyway and findings near it may be missing"),
                        });
                    }
                    let mut broken = Vec::new();
                    let complete = candidates.is_empty()
                        || query::run(
                            &self.rules,
                            &candidates,
                            t.root_node(),
                            src,
                            deadline,
                            self.profile.as_ref(),
                            &mut raw,
                            &mut broken,
                        );
                    report.errors.extend(broken.into_iter().map(|message| Diagnostic {
                        path: path.to_string(),
                        line: None,
                        message,
                    }));
                    if !complete {
                        report.errors.push(budget_error(path, self.time_budget, "querying"));
                    }
                    let mut leaks = Vec::new();
                    if !leak::run(&self.rules, &leak_rules, t.root_node(), src, deadline, &mut leaks) {
                        report
                            .errors
                            .push(budget_error(path, self.time_budget, "following resources"));
                    }
                    for l in leaks {
                        leak_details.insert((l.raw.rule, l.raw.range.start), l.detail);
                        raw.push(l.raw);
                    }
                    if let Some(m) = taint_model
                        && (taint_sources || raw.iter().any(|q| self.defer.contains_key(&q.rule)))
                    {
                        let project = self.project.read().unwrap_or_else(|e| e.into_inner()).clone();
                        let found = taint::analyze(lang, m, project.as_deref(), t.root_node(), src, deadline);
                        // Pattern rules deferring to a taint rule: the dataflow decides the
                        // sink calls it found a source at, or found safe.
                        let sink_rule = |s: usize| m.sinks[s].rule;
                        raw.retain(|q| match self.defer.get(&q.rule) {
                            Some(&t) => {
                                let overlaps =
                                    |r: &std::ops::Range<usize>| r.start < q.range.end && q.range.start < r.end;
                                let decided = self.rules.rules[q.rule]
                                    .query()
                                    .is_some_and(|x| x.defer_when == crate::rules::schema::DeferWhen::Decided);
                                !(found.hits.iter().any(|h| sink_rule(h.sink) == t && overlaps(&h.range))
                                    // A cut-short analysis has not seen every path: it clears nothing.
                                    || (decided
                                        && found.complete
                                        && found.cleared.iter().any(|(r, s)| sink_rule(*s) == t && overlaps(r))))
                            }
                            None => true,
                        });
                        for h in found.hits {
                            let rule = m.sinks[h.sink].rule;
                            if !applicable(rule) {
                                continue;
                            }
                            raw.push(RawMatch {
                                rule,
                                identity: src[h.range.clone()].to_vec(),
                                range: h.range,
                                redact: None,
                                show_prefix: 0,
                                flow: taint::path_steps(&h.path),
                            });
                        }
                        if !found.complete {
                            report
                                .errors
                                .push(budget_error(path, self.time_budget, "dataflow analysis"));
                        }
                    }
                    tree = Some(t);
                }
                None => report.errors.push(budget_error(path, self.time_budget, "parsing")),
            }
        }
        let mut broken = Vec::new();
        self.secrets
            .run(&self.rules, src, &lines, &applicable, &mut raw, &mut broken);
        report.errors.extend(broken.into_iter().map(|message| Diagnostic {
            path: path.to_string(),
            line: None,
            message,
        }));

        dedupe(&mut raw, &lines);
        // Every flagged secret is masked in every code frame, whichever finding shows it.
        let secrets: Vec<(std::ops::Range<usize>, usize)> = raw
            .iter()
            .filter_map(|m| m.redact.clone().map(|r| (r, m.show_prefix)))
            .collect();
        let rules = &self.rules.rules;
        one_finding_per_secret(&mut raw, |rule| {
            let specific = matches!(&rules[rule].matcher, crate::rules::Matcher::Secret(s) if !s.generic);
            let confidence = match rules[rule].meta.confidence {
                Some(Confidence::High) => 0,
                Some(Confidence::Medium) | None => 1,
                Some(Confidence::Low) => 2,
            };
            (!specific, confidence)
        });
        let mut occurrences: HashMap<(usize, Vec<u8>), usize> = HashMap::new();
        let context = PathContext::of(path, kind);
        for m in raw {
            let rule = &self.rules.rules[m.rule];
            let (start_line, start_column) = lines.position(src, m.range.start);
            let (end_line, end_column) = lines.position(src, m.range.end);
            let span = Span {
                start_line,
                start_column,
                end_line,
                end_column,
                start_byte: m.range.start,
                end_byte: m.range.end,
            };
            let identity = normalize_whitespace(&m.identity);
            let occurrence = occurrences.entry((m.rule, identity.clone())).or_default();
            *occurrence += 1;
            let fingerprint = match &m.redact {
                // A secret's fingerprint is keyed, so that a short password cannot be found
                // from it by hashing guesses.
                Some(_) => keyed_fingerprint(&self.fingerprint_key(), &rule.meta.id, &identity, *occurrence),
                None => fingerprint(&rule.meta.id, &identity, *occurrence),
            };
            let is_secret = rule.meta.category == Category::Secrets;
            let mut suppression = suppress::inline_marker(src, &lines, start_line - 1, &rule.meta.id, is_secret);
            if suppression.is_none()
                && let Some(t) = &tree
                && kind == FileKind::Java
                && let Some(node) = t.root_node().descendant_for_byte_range(m.range.start, m.range.end)
            {
                suppression = suppress::annotation_marker(src, node, &rule.meta.id);
            }
            report.findings.push(Finding {
                rule_id: rule.meta.id.clone(),
                severity: self.severity_of(m.rule),
                category: rule.meta.category,
                cwe: rule.meta.cwe.clone(),
                message: match leak_details.get(&(m.rule, m.range.start)) {
                    Some(d) => format!("{}: {d}", rule.meta.message),
                    None => rule.meta.message.clone(),
                },
                recommendation: rule.meta.recommendation.clone(),
                path: path.to_string(),
                span,
                snippet: if m.redact.is_some() {
                    String::new()
                } else {
                    snippet(src, &lines, start_line - 1, end_line - 1, &secrets)
                },
                secret: m.redact.clone().map(|r| secret::summary(&src[r], m.show_prefix)),
                fingerprint,
                suppression,
                confidence: match (rule.meta.confidence, context) {
                    (Some(c), Some(_)) if is_secret => Some(c.lower()),
                    (c, _) => c,
                },
                context,
                commit: None,
                secret_range: m.redact.clone(),
                flow: m
                    .flow
                    .iter()
                    .map(|st| crate::finding::FlowStep {
                        path: st.file.as_deref().unwrap_or(path).to_string(),
                        span: st.span.unwrap_or_else(|| {
                            let (sl, sc) = lines.position(src, st.range.start);
                            let (el, ec) = lines.position(src, st.range.end);
                            Span {
                                start_line: sl,
                                start_column: sc,
                                end_line: el,
                                end_column: ec,
                                start_byte: st.range.start,
                                end_byte: st.range.end,
                            }
                        }),
                        message: step_message(src, st, &secrets),
                    })
                    .collect(),
            });
        }
        report.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        if let Some(t) = tree {
            drop_tree(t);
        }
        report
    }
}

/// What a panic says, up to any quoted text: some panics quote the text they were slicing
/// (``byte index 5 is not a char boundary; ... of `source` ``), and no error may show source
/// text, which may hold a secret.
fn panic_cause(panic: &(dyn std::any::Any + Send)) -> &str {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown cause");
    what.split(['`', '\'']).next().unwrap_or("").trim_end()
}

/// Frees a tree. tree-sitter frees trees iteratively, so deep trees are safe to drop.
fn drop_tree(tree: Tree) {
    drop(tree);
}

fn budget_error(path: &str, budget: Duration, what: &str) -> Diagnostic {
    Diagnostic {
        path: path.to_string(),
        line: None,
        message: format!(
            "{what} took longer than the per-file time budget of {:.1}s; the file was skipped (raise it with --time-budget, or exclude the file)",
            budget.as_secs_f64()
        ),
    }
}

fn parse(lang: Lang, src: &[u8], deadline: Instant) -> Option<Tree> {
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let parser = parsers.entry(lang).or_insert_with(|| {
            let mut p = Parser::new();
            p.set_language(&lang.grammar())
                .expect("grammar ABI is supported by the tree-sitter core");
            p
        });
        let mut timed_out = |_: &tree_sitter::ParseState| Instant::now() > deadline;
        let options = ParseOptions::new().progress_callback(&mut timed_out);
        let len = src.len();
        let tree = parser.parse_with_options(&mut |i, _| if i < len { &src[i..] } else { &[] }, None, Some(options));
        if tree.is_none() {
            parser.reset();
        }
        tree
    })
}

/// The 1-based line and a description of the first syntax error, found without recursion.
fn first_syntax_error(root: Node<'_>) -> (usize, String) {
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_error() {
            return (node.start_position().row + 1, "unexpected input".into());
        }
        if node.is_missing() {
            return (node.start_position().row + 1, format!("missing `{}`", node.kind()));
        }
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        // Move to the next sibling that has an error, climbing when a level is exhausted.
        loop {
            if cursor.goto_next_sibling() {
                if cursor.node().has_error() {
                    break;
                }
                continue;
            }
            if !cursor.goto_parent() {
                return (root.start_position().row + 1, "unexpected input".into());
            }
        }
    }
}

/// Keeps one match per rule and starting line: the widest.
fn dedupe(raw: &mut Vec<RawMatch>, lines: &LineIndex) {
    raw.sort_by_key(|m| {
        (
            m.rule,
            lines.line_of(m.range.start),
            std::cmp::Reverse(m.range.end - m.range.start),
            m.range.start,
        )
    });
    raw.dedup_by(|b, a| a.rule == b.rule && lines.line_of(a.range.start) == lines.line_of(b.range.start));
    raw.sort_by_key(|m| (m.range.start, m.rule));
}

/// Keeps one finding per secret: where several rules flag the same value (overlapping secret
/// ranges: `--api-key=...` is a command-line flag, a `key=value` pair and a high-entropy key),
/// a rule that knows the value's exact format (a provider's token) wins over rules that found
/// it by its name, then the more confident rule (a value's name says more than the heuristic
/// `generic-key-high-entropy`), then the first rule of the set: `rank` gives the order's key.
/// Every flagged range is still masked in code frames: the caller collects them before.
fn one_finding_per_secret<K: Ord>(raw: &mut Vec<RawMatch>, rank: impl Fn(usize) -> K) {
    let mut order: Vec<usize> = (0..raw.len()).filter(|&i| raw[i].redact.is_some()).collect();
    order.sort_by_key(|&i| (rank(raw[i].rule), raw[i].rule));
    let mut keep = vec![true; raw.len()];
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for i in order {
        let Some(r) = &raw[i].redact else { continue };
        if taken.iter().any(|t| t.start < r.end && r.start < t.end) {
            keep[i] = false;
        } else {
            taken.push(r.clone());
        }
    }
    let mut kept = keep.into_iter();
    raw.retain(|_| kept.next().unwrap_or(true));
}

/// Collapses runs of whitespace into one space and trims the ends.
pub fn normalize_whitespace(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for word in bytes.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(word);
    }
    out
}

/// Gives the repository identity the fingerprint key is derived from.
pub type KeySeed = Box<dyn Fn() -> Vec<String> + Send + Sync>;

impl Engine {
    /// The key of secret fingerprints, computed on first use.
    pub fn fingerprint_key(&self) -> [u8; 32] {
        *self.fingerprint_key.get_or_init(|| {
            let seed = self.fingerprint_seed.as_ref().map(|f| f()).unwrap_or_default();
            fingerprint_key_for(&seed)
        })
    }
}

/// The key of secret fingerprints for a repository, from the ids of its root commits (the same
/// on every clone, so baselines made in CI match a developer's), or from the scanned paths
/// when they are not in a git repository. `REVIEWER_FINGERPRINT_KEY` overrides it.
pub fn fingerprint_key_for(seed: &[String]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"reviewer secret fingerprint key v1\0");
    match std::env::var("REVIEWER_FINGERPRINT_KEY") {
        Ok(k) if !k.is_empty() => h.update(k.as_bytes()),
        _ => seed.iter().for_each(|s| {
            h.update(s.as_bytes());
            h.update([0]);
        }),
    }
    h.finalize().into()
}

/// A secret finding's fingerprint: an HMAC-SHA256 under the repository's key, of the same
/// parts as [`fingerprint`].
pub fn keyed_fingerprint(key: &[u8; 32], rule: &str, identity: &[u8], occurrence: usize) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(rule.as_bytes());
    mac.update(&[0]);
    mac.update(identity);
    mac.update(&[0]);
    mac.update(&(occurrence as u64).to_le_bytes());
    let digest = mac.finalize().into_bytes();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A stable fingerprint: the rule, the (whitespace-normalised) identity of the finding, and
/// which occurrence of that identity in the file it is. Line numbers are not part of it.
pub fn fingerprint(rule: &str, identity: &[u8], occurrence: usize) -> String {
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update([0]);
    h.update(identity);
    h.update([0]);
    h.update((occurrence as u64).to_le_bytes());
    let digest = h.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

const MAX_SNIPPET_LINES: usize = 6;
const MAX_SNIPPET_LINE_CHARS: usize = 300;

/// The text of `range` with every flagged secret in it masked (each keeps only its public
/// prefix, where it starts inside the range), one character for one.
fn masked(src: &[u8], range: std::ops::Range<usize>, secrets: &[(std::ops::Range<usize>, usize)]) -> String {
    let mut out = Vec::with_capacity(range.len());
    let mut at = range.start;
    let mut spans: Vec<&(std::ops::Range<usize>, usize)> = secrets
        .iter()
        .filter(|(r, _)| r.start < range.end && r.end > range.start)
        .collect();
    spans.sort_by_key(|(r, _)| r.start);
    for (r, keep) in spans {
        let s = r.start.max(at);
        let e = r.end.min(range.end);
        if s >= e {
            continue;
        }
        out.extend_from_slice(&src[at..s]);
        let keep = if r.start >= range.start { (*keep).min(e - s) } else { 0 };
        out.extend_from_slice(&src[s..s + keep]);
        out.extend(std::iter::repeat_n(b'*', text::char_count(&src[s + keep..e])));
        at = e;
    }
    out.extend_from_slice(&src[at..range.end]);
    String::from_utf8_lossy(&out).into_owned()
}

/// The lines `first..=last` of the source, with the secrets masked (each keeps only its
/// public prefix), one character for one so that columns still line up.
fn snippet(
    src: &[u8],
    lines: &LineIndex,
    first: usize,
    last: usize,
    secrets: &[(std::ops::Range<usize>, usize)],
) -> String {
    let last = last.min(first + MAX_SNIPPET_LINES - 1);
    let mut out = String::new();
    for l in first..=last {
        // The public prefix is shown only where the secret starts on this line.
        let mut line = masked(src, lines.line_range(src, l), secrets);
        if line.chars().count() > MAX_SNIPPET_LINE_CHARS {
            line = line.chars().take(MAX_SNIPPET_LINE_CHARS).collect::<String>() + "…";
        }
        if l > first {
            out.push('\n');
        }
        out.push_str(&line);
    }
    out
}

/// A path step's message. A step in this file whose code holds a flagged secret quotes that
/// code masked, as code frames show it: no output shows a secret's value.
fn step_message(src: &[u8], st: &taint::Step, secrets: &[(std::ops::Range<usize>, usize)]) -> String {
    // A step in another file has a range in that file, not in `src`.
    let touches = st.file.is_none()
        && secrets
            .iter()
            .any(|(r, _)| r.start < st.range.end && r.end > st.range.start);
    let Some((prefix, quoted)) = st.note.split_once('`') else {
        return st.note.clone();
    };
    // Only where the quote is the step's own code (not a variable's name).
    let own = || {
        src.get(st.range.clone())
            .is_some_and(|code| quoted.trim_end_matches('`') == taint::shorten(&String::from_utf8_lossy(code)))
    };
    if touches && own() {
        format!("{prefix}`{}`", taint::shorten(&masked(src, st.range.clone(), secrets)))
    } else {
        st.note.clone()
    }
}

#[cfg(test)]
mod panic_tests {
    use super::panic_cause;

    #[test]
    fn a_panic_is_reported_without_the_text_it_quotes() {
        let quoting = std::panic::catch_unwind(|| {
            let s = String::from("pw=Sécret-Value-42");
            let cut = s.find('é').unwrap() + 1;
            s[..cut].len()
        })
        .unwrap_err();
        let cause = panic_cause(quoting.as_ref());
        assert!(cause.contains("byte index"), "{cause}");
        assert!(!cause.contains("Value-42") && !cause.contains('é'), "{cause}");
        let plain = std::panic::catch_unwind(|| panic!("range end index 9 out of range")).unwrap_err();
        assert_eq!(panic_cause(plain.as_ref()), "range end index 9 out of range");
    }
}
