//! Rules: the file format, loading (bundled and from directories), validation and the set
//! a scan runs.

pub mod schema;

use crate::engine::pattern::PatternQuery;
use crate::finding::{Category, Severity};
use crate::lang::FileKind;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::bytes::Regex as BytesRegex;
use schema::{AllowTarget, Confidence, RuleFile, RuleKind};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tree_sitter::Language;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// A rule that failed to load: the file and what is wrong, naming the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct RuleError {
    /// The rule file.
    pub path: String,
    /// What is wrong with it.
    pub message: String,
}

impl RuleError {
    fn new(path: &str, message: impl Into<String>) -> Self {
        RuleError {
            path: path.to_string(),
            message: message.into(),
        }
    }
}

/// A language with a tree-sitter grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Java.
    Java,
    /// Python.
    Python,
}

impl Lang {
    /// Every parsed language.
    pub const ALL: [Lang; 2] = [Lang::Java, Lang::Python];

    /// The tree-sitter grammar.
    pub fn grammar(self) -> Language {
        match self {
            Lang::Java => tree_sitter_java::LANGUAGE.into(),
            Lang::Python => tree_sitter_python::LANGUAGE.into(),
        }
    }

    /// The grammar's supertypes (`statement`, `expression`...), each with the named node kinds
    /// it stands for, nested supertypes expanded.
    pub fn supertypes(self) -> &'static HashMap<String, Vec<String>> {
        static JAVA: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
        static PYTHON: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
        let (cell, json) = match self {
            Lang::Java => (&JAVA, tree_sitter_java::NODE_TYPES),
            Lang::Python => (&PYTHON, tree_sitter_python::NODE_TYPES),
        };
        cell.get_or_init(|| supertypes_of(json))
    }

    /// The language of a file kind, if it is parsed.
    pub fn of(kind: FileKind) -> Option<Lang> {
        match kind {
            FileKind::Java => Some(Lang::Java),
            FileKind::Python => Some(Lang::Python),
            _ => None,
        }
    }

    /// Its name in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Java => "java",
            Lang::Python => "python",
        }
    }

    /// The comment markers of the language, for fixtures.
    pub fn comment_prefix(self) -> &'static str {
        match self {
            Lang::Java => "//",
            Lang::Python => "#",
        }
    }
}

/// The descriptive part of a rule, as listed by `reviewer rules`.
#[derive(Debug, Clone, Serialize)]
pub struct RuleMeta {
    /// Stable id.
    pub id: String,
    /// Matcher kind.
    pub kind: RuleKind,
    /// Languages or file kinds.
    pub languages: Vec<String>,
    /// Severity (after configuration overrides).
    pub severity: Severity,
    /// Category.
    pub category: Category,
    /// CWE ids.
    pub cwe: Vec<String>,
    /// OWASP Top 10 entries.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub owasp: Vec<String>,
    /// Confidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// What is wrong.
    pub message: String,
    /// What to do instead.
    pub recommendation: String,
    /// Why it matters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Further reading.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// Where the rule was loaded from.
    pub origin: String,
}

/// A rule's annotated example file.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// Its path (under `rules/` for bundled rules).
    pub path: String,
    /// Its text.
    pub text: String,
}

/// A query condition, compiled on first use.
pub struct CompiledCondition {
    lang: Lang,
    source: String,
    query: OnceLock<Result<PatternQuery, String>>,
    /// Node kind ids bounding the search (a kind name can have several ids).
    pub scope: Vec<u16>,
}

impl CompiledCondition {
    /// The query source.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The compiled query (compiled now if it was not yet).
    pub fn query(&self) -> Result<&PatternQuery, &String> {
        self.query
            .get_or_init(|| compile_query(self.lang, &self.source))
            .as_ref()
    }
}

/// The compiled matcher of a query rule.
pub struct QueryMatcher {
    /// The language.
    pub lang: Lang,
    /// The query source (compiled by the engine the first time a file needs the rule).
    pub source: String,
    /// The capture naming the finding's node.
    pub capture: String,
    /// Lowercase prefilter keywords; empty means always run.
    pub keywords: Vec<String>,
    /// Run only around keyword occurrences.
    pub anchor: bool,
    /// Conditions that drop a match.
    pub unless: Vec<CompiledCondition>,
    /// Conditions a match needs.
    pub require: Vec<CompiledCondition>,
    /// The capture holding a secret literal, if any.
    pub secret: Option<String>,
    /// A regex the file must match for the rule to run.
    pub trigger: Option<LazyRegex>,
    /// A trigger whose group `value` must be a kept secret (see the schema).
    pub trigger_literal: Option<LazyRegex>,
    /// A regex finding the secret (group `value`) and its name (group `key`) in the secret
    /// capture's text.
    pub secret_pattern: Option<LazyRegex>,
    /// Whether `secret_pattern` is also a prefilter over the file's text.
    pub prefilter_secret_pattern: bool,
    /// The taint rule that decides this rule's matches where it can.
    pub defer_to: Option<String>,
    /// When it does.
    pub defer_when: schema::DeferWhen,
    compiled: OnceLock<Result<CompiledQuery, String>>,
}

/// A rule's compiled query, with the ids of its finding and secret captures.
pub struct CompiledQuery {
    /// The patterns.
    pub query: PatternQuery,
    /// The capture whose node is the finding.
    pub finding: u32,
    /// The capture holding a secret literal.
    pub secret: Option<u32>,
}

impl QueryMatcher {
    /// The compiled query and the id of its finding capture (compiled now if it was not yet).
    pub fn compiled(&self) -> Result<&CompiledQuery, &String> {
        self.compiled
            .get_or_init(|| CompiledQuery::new(self.lang, &self.source, &self.capture, self.secret.as_deref()))
            .as_ref()
    }
}

impl CompiledQuery {
    fn new(lang: Lang, source: &str, capture: &str, secret: Option<&str>) -> Result<CompiledQuery, String> {
        let query = compile_query(lang, source).map_err(|e| format!("field `query.source`: {e}"))?;
        let finding = query
            .capture_index(capture)
            .ok_or_else(|| format!("field `query.capture`: the query has no capture `@{capture}`"))?;
        let secret = secret
            .map(|name| {
                query
                    .capture_index(name)
                    .ok_or_else(|| format!("field `query.secret`: the query has no capture `@{name}`"))
            })
            .transpose()?;
        Ok(CompiledQuery { query, finding, secret })
    }
}

impl SecretMatcher {
    /// The compiled regex (compiled now if it was not yet), or why it does not compile.
    pub fn regex(&self) -> Result<&BytesRegex, &String> {
        self.regex
            .get_or_init(|| {
                let re = compile_secret_regex(&self.source).map_err(|e| format!("field `secret.regex`: {e}"))?;
                check_secret_groups(&re, self.secret_group, self.secret_group_alt)
                    .map_err(|(field, e)| format!("field `{field}`: {e}"))?;
                Ok(re)
            })
            .as_ref()
    }
}

/// Whether the groups a secret rule names for its secret exist in `re`; else the field in the
/// wrong and why.
fn check_secret_groups(re: &BytesRegex, group: usize, alt: Option<usize>) -> Result<(), (&'static str, String)> {
    let groups = re.captures_len() - 1;
    [("secret.secret_group", Some(group)), ("secret.secret_group_alt", alt)]
        .into_iter()
        .find(|(_, g)| g.is_some_and(|g| g > groups))
        .map_or(Ok(()), |(field, _)| {
            Err((field, format!("the regex has only {groups} groups")))
        })
}

/// Compiles a secret rule's regex (ASCII classes, as tokens and keys are).
fn compile_secret_regex(source: &str) -> Result<BytesRegex, String> {
    crate::engine::text::ascii_regex(source).map_err(|e| e.to_string())
}

/// The compiled matcher of a secret rule.
pub struct SecretMatcher {
    /// Lowercase keywords.
    pub keywords: Vec<String>,
    /// The regex source.
    pub source: String,
    /// The regex, compiled the first time a file holds one of the keywords (or at load, when
    /// the rule is validated).
    regex: OnceLock<Result<BytesRegex, String>>,
    /// The group holding the secret.
    pub secret_group: usize,
    /// The group holding it in the regex's second arrangement, if it has one.
    pub secret_group_alt: Option<usize>,
    /// Minimum entropy.
    pub min_entropy: Option<f64>,
    /// Allowlists.
    pub allowlist: Vec<(AllowTarget, Vec<LazyRegex>, Vec<String>)>,
    /// Structural check.
    pub validate: Option<schema::Validator>,
    /// Leading characters of the secret that output may show.
    pub show_prefix: usize,
    /// Apply the generic-value filters.
    pub generic: bool,
}

/// A rule's matcher.
pub enum Matcher {
    /// Tree-sitter query.
    Query(Box<QueryMatcher>),
    /// Secret detector.
    Secret(SecretMatcher),
    /// Dataflow rule: its settings, compiled per language by the taint engine.
    Taint(TaintMatcher),
    /// Resource lifetimes.
    Leak(crate::engine::leak::LeakMatcher),
}

/// A taint rule's settings, checked at load.
pub struct TaintMatcher {
    /// The language.
    pub lang: Lang,
    /// The settings as written.
    pub spec: schema::TaintSpec,
}

/// A loaded, validated rule.
pub struct Rule {
    /// Its description.
    pub meta: RuleMeta,
    /// Its matcher.
    pub matcher: Matcher,
    /// Its fixture, when one sits beside it.
    pub fixture: Option<Fixture>,
    /// The file kinds it applies to.
    pub kinds: Vec<FileKind>,
    include: LazyGlobs,
    exclude: LazyGlobs,
}

/// Whether a group of a `trigger_literal` regex holds the value: `value`, or `value_...` where
/// the regex needs one group per form (one per quote character).
pub fn is_value_group(name: &str) -> bool {
    name == "value" || name.starts_with("value_")
}

/// Compiles a rule's regex in CRLF mode: in multi-line mode `$` also matches before the `\r` of
/// a Windows line ending (and `^` after it), so that a file saved with CRLF endings gets the
/// same findings as the same file with LF endings.
fn compile(source: &str) -> Result<BytesRegex, regex::Error> {
    regex::bytes::RegexBuilder::new(source).crlf(true).build()
}

/// A regex compiled the first time it is used, or at load when the rule is validated (user
/// rules, and every bundled rule in the tests). Loading only what a scan needs keeps a
/// pre-commit hook's start-up short: most rules never run on a handful of files.
pub struct LazyRegex {
    source: String,
    cell: OnceLock<BytesRegex>,
}

impl LazyRegex {
    /// Wraps `source`; compiles it now when `validate`, and fails if it does not compile.
    pub fn new(source: &str, validate: bool) -> Result<LazyRegex, String> {
        let cell = OnceLock::new();
        if validate {
            let _ = cell.set(compile(source).map_err(|e| e.to_string())?);
        }
        Ok(LazyRegex {
            source: source.to_string(),
            cell,
        })
    }

    /// The compiled regex. A bundled regex that does not compile (the tests prevent it) never
    /// matches.
    pub fn get(&self) -> &BytesRegex {
        self.cell.get_or_init(|| {
            compile(&self.source).unwrap_or_else(|_| BytesRegex::new("[^\\x00-\\x{10FFFF}]").expect("valid"))
        })
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = BytesRegex;
    fn deref(&self) -> &BytesRegex {
        self.get()
    }
}

/// A rule's path globs, built the first time a file of the rule's language is checked, and
/// shared between rules with the same list (dozens of rules exclude the same test paths).
struct LazyGlobs {
    patterns: Vec<String>,
    cell: OnceLock<Option<std::sync::Arc<GlobSet>>>,
}

impl LazyGlobs {
    fn new(patterns: &[String], validate: bool) -> Result<LazyGlobs, String> {
        let globs = LazyGlobs {
            patterns: patterns.to_vec(),
            cell: OnceLock::new(),
        };
        if validate {
            let _ = globs.cell.set(shared_glob_set(patterns)?);
        }
        Ok(globs)
    }

    fn get(&self) -> Option<&GlobSet> {
        self.cell
            .get_or_init(|| shared_glob_set(&self.patterns).unwrap_or(None))
            .as_deref()
    }
}

type GlobCache = std::collections::HashMap<Vec<String>, Option<std::sync::Arc<GlobSet>>>;

/// [`glob_set`], built once per distinct list of patterns in the process.
fn shared_glob_set(patterns: &[String]) -> Result<Option<std::sync::Arc<GlobSet>>, String> {
    static CACHE: std::sync::Mutex<Option<GlobCache>> = std::sync::Mutex::new(None);
    if let Some(hit) = CACHE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .and_then(|c| c.get(patterns))
    {
        return Ok(hit.clone());
    }
    let built = glob_set(patterns)?.map(std::sync::Arc::new);
    CACHE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(Default::default)
        .insert(patterns.to_vec(), built.clone());
    Ok(built)
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule").field("id", &self.meta.id).finish()
    }
}

/// Named lists of path globs that rules share (`include = ["@code-without-parser"]`), so that
/// rules which split the files between them cannot drift apart.
const GLOB_SETS: &[(&str, &[&str])] = &[(
    // Source code of languages without a parser here, judged by its string literals
    // (generic-secret-in-code) rather than as configuration (generic-secret-in-config).
    "@code-without-parser",
    &[
        "*.go", "*.js", "*.jsx", "*.mjs", "*.cjs", "*.ts", "*.tsx", "*.mts", "*.cts", "*.vue", "*.svelte", "*.kt",
        "*.scala", "*.sc", "*.groovy", "*.rb", "*.php", "*.cs", "*.vb", "*.fs", "*.c", "*.h", "*.cc", "*.cpp", "*.cxx",
        "*.hpp", "*.hh", "*.m", "*.mm", "*.swift", "*.rs", "*.dart", "*.lua", "*.pl", "*.pm", "*.r", "*.jl", "*.hs",
        "*.erl", "*.ex", "*.exs", "*.clj", "*.cljs", "*.elm", "*.nim", "*.zig", "*.coffee", "*.cr", "*.pyx", "*.pxd",
    ],
)];

/// Named lists of allowlist regexes that rules share (`regexes = ["@url-password-placeholders"]`),
/// so that rules which must judge a value alike cannot drift apart.
const REGEX_SETS: &[(&str, &[&str])] = &[(
    // The password of a URL that stands for one rather than being one: a template variable, a
    // lookup, a mask, the word password itself, a placeholder word. A default account's
    // password (`postgres:postgres`, `guest:guest`, `root`, `admin`) is not among them: it opens
    // the service wherever the default was kept. Every URL rule (`scheme://user:pass@host`, JDBC,
    // PostgreSQL, MySQL, MongoDB, Redis, AMQP, LDAP) uses this list.
    "@url-password-placeholders",
    &[
        r"^\$\{[^}]*\}$",
        r"^\$[A-Za-z_][A-Za-z0-9_]*$",
        r"^\$\([^)]*\)$",
        r"^%\([^)]*\)[sd]$",
        r"^%[sd]$",
        r"^\{\{.*\}\}$",
        r"^\{[^{}]*\}$",
        r"^<[^<>]*>$",
        r"^\[[^\]]*\]$",
        r"^#\{[^}]*\}$",
        r"^@[A-Za-z_]+@$",
        r"^__[A-Za-z0-9_]+__$",
        r"^%[A-Za-z_]+%$",
        r"^[*.]+$",
        r"(?i)^x+$",
        r"(?i)^(?:[a-z]*[_-]?)?(?:password|passwd|passw0rd|pa55word|p@ssw0rd|pass|pwd|secret)$",
        r"(?i)^(?:changeme|changeit|example|sample|dummy|placeholder|redacted|hidden|masked|none|null|test|testing|demo|default|foo|bar|baz|user|username)$",
    ],
)];

/// `items` with each `@name` replaced by the entries of that named list in `sets`; `what` names
/// the kind of list in the error for an unknown name.
fn expand_named(items: &[String], sets: &[(&str, &[&str])], what: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if !item.starts_with('@') {
            out.push(item.clone());
            continue;
        }
        let (_, entries) = sets.iter().find(|(name, _)| name == item).ok_or_else(|| {
            let known: Vec<&str> = sets.iter().map(|(name, _)| *name).collect();
            format!("unknown list of {what} `{item}` (known: {})", known.join(", "))
        })?;
        out.extend(entries.iter().map(|e| e.to_string()));
    }
    Ok(out)
}

/// `patterns` with each `@name` replaced by the globs of that named list.
fn expand_globs(patterns: &[String]) -> Result<Vec<String>, String> {
    expand_named(patterns, GLOB_SETS, "globs")
}

/// Builds a gitignore-like glob set: a pattern without `/` matches at any depth.
pub fn glob_set(patterns: &[String]) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        let p = p.trim_start_matches("./");
        let full = if p.contains('/') {
            p.trim_start_matches('/').to_string()
        } else {
            format!("**/{p}")
        };
        for variant in [full.clone(), format!("{}/**", full.trim_end_matches('/'))] {
            let glob = GlobBuilder::new(&variant)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("bad glob `{p}`: {e}"))?;
            builder.add(glob);
        }
    }
    builder.build().map(Some).map_err(|e| e.to_string())
}

impl Rule {
    /// Whether the rule looks at this file.
    pub fn applies_to(&self, kind: FileKind, path: &str) -> bool {
        if !self.kinds.contains(&kind) {
            return false;
        }
        let path = path.trim_start_matches("./");
        if let Some(inc) = self.include.get()
            && !inc.is_match(path)
        {
            return false;
        }
        if let Some(exc) = self.exclude.get()
            && exc.is_match(path)
        {
            return false;
        }
        true
    }

    /// The query matcher, for query rules.
    pub fn query(&self) -> Option<&QueryMatcher> {
        match &self.matcher {
            Matcher::Query(q) => Some(q),
            _ => None,
        }
    }

    /// The leak matcher, for leak rules.
    pub fn leak(&self) -> Option<&crate::engine::leak::LeakMatcher> {
        match &self.matcher {
            Matcher::Leak(m) => Some(m),
            _ => None,
        }
    }

    /// Parses and validates one rule file.
    pub fn parse(origin: &str, text: &str, fixture: Option<Fixture>) -> Result<Rule, RuleError> {
        Rule::parse_with(origin, text, fixture, true)
    }

    /// Parses a rule file; with `validate` false its main query is not compiled here (the
    /// engine compiles it the first time a file needs it).
    pub fn parse_with(origin: &str, text: &str, fixture: Option<Fixture>, validate: bool) -> Result<Rule, RuleError> {
        let file: RuleFile = toml::from_str(text)
            .map_err(|e| RuleError::new(origin, e.to_string().trim_end().replace('\n', "\n    ")))?;
        let err = |field: &str, msg: String| RuleError::new(origin, format!("field `{field}`: {msg}"));
        let id_ok = !file.id.is_empty()
            && file
                .id
                .split('-')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        if !id_ok {
            return Err(err(
                "id",
                format!("`{}` is not kebab-case (lowercase words joined by `-`)", file.id),
            ));
        }
        for cwe in &file.cwe {
            let ok = cwe
                .strip_prefix("CWE-")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !ok {
                return Err(err("cwe", format!("`{cwe}` is not of the form CWE-<number>")));
            }
        }
        if file.message.trim().is_empty() {
            return Err(err("message", "is empty".into()));
        }
        if file.recommendation.trim().is_empty() {
            return Err(err("recommendation", "is empty".into()));
        }
        let mut kinds = Vec::new();
        for l in &file.languages {
            match l.as_str() {
                "*" => kinds.extend([
                    FileKind::Java,
                    FileKind::Python,
                    FileKind::Config,
                    FileKind::Doc,
                    FileKind::Other,
                ]),
                "java" => kinds.push(FileKind::Java),
                "python" => kinds.push(FileKind::Python),
                "config" => kinds.push(FileKind::Config),
                "doc" => kinds.push(FileKind::Doc),
                "other" => kinds.push(FileKind::Other),
                other => {
                    return Err(err(
                        "languages",
                        format!("unknown language `{other}`: expected java, python, config, doc, other or *"),
                    ));
                }
            }
        }
        if kinds.is_empty() {
            return Err(err("languages", "is empty".into()));
        }
        let no_paths = schema::PathFilter::default();
        let paths = file.paths.as_ref().unwrap_or(&no_paths);
        let include = expand_globs(&paths.include)
            .and_then(|p| LazyGlobs::new(&p, validate))
            .map_err(|e| err("paths.include", e))?;
        let exclude = expand_globs(&paths.exclude)
            .and_then(|p| LazyGlobs::new(&p, validate))
            .map_err(|e| err("paths.exclude", e))?;
        let matcher = match file.kind {
            RuleKind::Query => {
                if file.secret.is_some() {
                    return Err(err(
                        "secret",
                        "a `query` rule takes a [query] section, not [secret]".into(),
                    ));
                }
                let spec = file
                    .query
                    .as_ref()
                    .ok_or_else(|| err("query", "missing [query] section".into()))?;
                let langs: Vec<Lang> = kinds.iter().filter_map(|k| Lang::of(*k)).collect();
                if langs.len() != 1 || kinds.len() != 1 {
                    return Err(err(
                        "languages",
                        "a query rule names exactly one language: java or python".into(),
                    ));
                }
                let lang = langs[0];
                // Bundled rules are compiled when first needed (and all of them by a test):
                // compiling a query costs milliseconds, which matter to a pre-commit hook.
                let compiled = OnceLock::new();
                if validate {
                    let c =
                        CompiledQuery::new(lang, &spec.source, &spec.capture, spec.secret.as_deref()).map_err(|e| {
                            let (field, msg) = e.split_once(": ").unwrap_or(("query", e.as_str()));
                            err(
                                field.trim_start_matches("field `").trim_end_matches('`'),
                                msg.to_string(),
                            )
                        })?;
                    let _ = compiled.set(Ok(c));
                }
                // A regex of the rule that needs a group of the given kind (`value`).
                let with_group = |source: Option<&str>, field: &str, has: fn(&str) -> bool, what: &str| {
                    source
                        .map(|t| {
                            let re = LazyRegex::new(t, validate).map_err(|e| err(field, e))?;
                            if !validate || re.capture_names().flatten().any(has) {
                                Ok(re)
                            } else {
                                Err(err(field, format!("the regex needs a group named {what}")))
                            }
                        })
                        .transpose()
                };
                let secret_pattern = with_group(
                    spec.secret_pattern.as_deref(),
                    "query.secret_pattern",
                    |n| n == "value",
                    "`value`",
                )?;
                let trigger = spec
                    .trigger
                    .as_deref()
                    .map(|t| LazyRegex::new(t, validate).map_err(|e| err("query.trigger", e)))
                    .transpose()?;
                let trigger_literal = with_group(
                    spec.trigger_literal.as_deref(),
                    "query.trigger_literal",
                    is_value_group,
                    "`value` (or `value_...`)",
                )?;
                let conds = |list: &[schema::Condition], field: &str| -> Result<Vec<CompiledCondition>, RuleError> {
                    list.iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let field = format!("query.{field}[{i}]");
                            let query = OnceLock::new();
                            if validate {
                                let q =
                                    compile_query(lang, &c.source).map_err(|e| err(&format!("{field}.source"), e))?;
                                let _ = query.set(Ok(q));
                            }
                            let scope = node_kinds(lang, &c.scope).map_err(|e| err(&format!("{field}.scope"), e))?;
                            Ok(CompiledCondition {
                                lang,
                                source: c.source.clone(),
                                query,
                                scope,
                            })
                        })
                        .collect()
                };
                let unless = conds(&spec.unless, "unless")?;
                let require = conds(&spec.require, "require")?;
                Matcher::Query(Box::new(QueryMatcher {
                    lang,
                    source: spec.source.clone(),
                    keywords: spec.keywords.iter().map(|k| k.to_ascii_lowercase()).collect(),
                    anchor: spec.anchor,
                    capture: spec.capture.clone(),
                    unless,
                    require,
                    secret: spec.secret.clone(),
                    trigger,
                    trigger_literal,
                    prefilter_secret_pattern: spec.prefilter_secret_pattern && secret_pattern.is_some(),
                    secret_pattern,
                    defer_to: spec.defer_to.clone(),
                    defer_when: spec.defer_when,
                    compiled,
                }))
            }
            RuleKind::Taint => {
                if file.query.is_some() || file.secret.is_some() {
                    return Err(err(
                        "taint",
                        "a `taint` rule takes a [taint] section, not [query] or [secret]".into(),
                    ));
                }
                let spec = file
                    .taint
                    .clone()
                    .ok_or_else(|| err("taint", "missing [taint] section".into()))?;
                let langs: Vec<Lang> = kinds.iter().filter_map(|k| Lang::of(*k)).collect();
                if langs.len() != 1 || kinds.len() != 1 {
                    return Err(err(
                        "languages",
                        "a taint rule names exactly one language: java or python".into(),
                    ));
                }
                crate::engine::taint::validate(&spec).map_err(|(field, e)| err(&format!("taint.{field}"), e))?;
                Matcher::Taint(TaintMatcher { lang: langs[0], spec })
            }
            RuleKind::Leak => {
                if file.query.is_some() || file.secret.is_some() {
                    return Err(err("leak", "a `leak` rule takes a [leak] section only".into()));
                }
                let spec = file
                    .leak
                    .as_ref()
                    .ok_or_else(|| err("leak", "missing [leak] section".into()))?;
                let langs: Vec<Lang> = kinds.iter().filter_map(|k| Lang::of(*k)).collect();
                if langs.len() != 1 || kinds.len() != 1 {
                    return Err(err(
                        "languages",
                        "a leak rule names exactly one language: java or python".into(),
                    ));
                }
                let m = crate::engine::leak::LeakMatcher::new(langs[0], spec).map_err(|(f, e)| err(&f, e))?;
                Matcher::Leak(m)
            }
            RuleKind::Secret => {
                if file.query.is_some() {
                    return Err(err(
                        "query",
                        "a `secret` rule takes a [secret] section, not [query]".into(),
                    ));
                }
                let spec = file
                    .secret
                    .as_ref()
                    .ok_or_else(|| err("secret", "missing [secret] section".into()))?;
                let regex = OnceLock::new();
                if validate {
                    let re = compile_secret_regex(&spec.regex).map_err(|e| err("secret.regex", e))?;
                    check_secret_groups(&re, spec.secret_group, spec.secret_group_alt)
                        .map_err(|(field, e)| err(field, e))?;
                    let _ = regex.set(Ok(re));
                }
                let mut allowlist = Vec::new();
                for (i, a) in spec.allowlist.iter().enumerate() {
                    let field = |e| err(&format!("secret.allowlist[{i}].regexes"), e);
                    let regexes = expand_named(&a.regexes, REGEX_SETS, "regexes")
                        .map_err(field)?
                        .iter()
                        .map(|r| LazyRegex::new(r, validate).map_err(field))
                        .collect::<Result<Vec<_>, _>>()?;
                    let stop = a.stopwords.iter().map(|s| s.to_ascii_lowercase()).collect();
                    allowlist.push((a.target, regexes, stop));
                }
                Matcher::Secret(SecretMatcher {
                    keywords: spec.keywords.iter().map(|k| k.to_ascii_lowercase()).collect(),
                    source: spec.regex.clone(),
                    regex,
                    secret_group: spec.secret_group,
                    secret_group_alt: spec.secret_group_alt,
                    min_entropy: spec.min_entropy,
                    allowlist,
                    validate: spec.validate,
                    show_prefix: spec.show_prefix,
                    generic: spec.generic,
                })
            }
        };
        Ok(Rule {
            meta: RuleMeta {
                id: file.id,
                kind: file.kind,
                languages: file.languages,
                severity: file.severity,
                category: file.category,
                cwe: file.cwe,
                owasp: file.owasp,
                confidence: file.confidence,
                message: file.message.trim().to_string(),
                recommendation: file.recommendation.trim().to_string(),
                description: file.description.map(|d| d.trim().to_string()),
                references: file.references,
                origin: origin.to_string(),
            },
            matcher,
            fixture,
            kinds,
            include,
            exclude,
        })
    }
}

/// The ids of the named node kinds `kinds`, or an error naming one that is not in the grammar.
fn node_kinds(lang: Lang, kinds: &[String]) -> Result<Vec<u16>, String> {
    let grammar = lang.grammar();
    let mut ids = Vec::new();
    for k in kinds {
        let found = crate::engine::pattern::kind_ids(&grammar, k, true);
        if found.is_empty() {
            return Err(format!("`{k}` is not a node kind of the {} grammar", lang.as_str()));
        }
        ids.extend(found);
    }
    Ok(ids)
}

/// Compiles a query (tree-sitter query syntax, with `#inside?` and `#not-inside?`).
pub fn compile_query(lang: Lang, source: &str) -> Result<PatternQuery, String> {
    PatternQuery::new(&lang.grammar(), lang.supertypes(), source).map_err(|e| e.to_string())
}

/// Reads the supertypes of a grammar's `node-types.json`.
fn supertypes_of(json: &str) -> HashMap<String, Vec<String>> {
    let Ok(serde_json::Value::Array(types)) = serde_json::from_str::<serde_json::Value>(json) else {
        return HashMap::new();
    };
    let direct: HashMap<String, Vec<String>> = types
        .iter()
        .filter_map(|t| {
            let name = t.get("type")?.as_str()?.to_string();
            let subs = t.get("subtypes")?.as_array()?;
            let subs = subs
                .iter()
                .filter(|s| s.get("named").and_then(|n| n.as_bool()) == Some(true))
                .filter_map(|s| Some(s.get("type")?.as_str()?.to_string()))
                .collect();
            Some((name, subs))
        })
        .collect();
    fn expand(name: &str, direct: &HashMap<String, Vec<String>>, out: &mut Vec<String>, depth: usize) {
        for s in direct.get(name).into_iter().flatten() {
            if direct.contains_key(s) && depth < 16 {
                expand(s, direct, out, depth + 1);
            } else {
                out.push(s.clone());
            }
        }
    }
    let mut all = HashMap::new();
    for name in direct.keys() {
        let mut out = Vec::new();
        expand(name, &direct, &mut out, 0);
        out.sort();
        out.dedup();
        all.insert(name.trim_start_matches('_').to_string(), out.clone());
        all.insert(name.clone(), out);
    }
    all
}

/// The set of rules a scan runs.
#[derive(Default)]
pub struct RuleSet {
    /// The rules, in load order.
    pub rules: Vec<Rule>,
}

impl fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.rules.iter().map(|r| &r.meta.id)).finish()
    }
}

fn pair_rules<'a>(
    files: impl Iterator<Item = (String, &'a str)>,
    errors: &mut Vec<RuleError>,
    validate: bool,
) -> Vec<Rule> {
    let files: Vec<(String, &str)> = files.collect();
    let mut rules = Vec::new();
    for (path, text) in &files {
        let Some(stem) = path.strip_suffix(".toml") else {
            continue;
        };
        let fixture = files
            .iter()
            .find(|(p, _)| {
                p != path
                    && p.strip_prefix(stem)
                        .is_some_and(|rest| rest.starts_with('.') && !rest[1..].contains('.'))
            })
            .map(|(p, t)| Fixture {
                path: p.clone(),
                text: t.to_string(),
            });
        match Rule::parse_with(path, text, fixture, validate) {
            Ok(r) => rules.push(r),
            Err(e) => errors.push(e),
        }
    }
    rules
}

impl RuleSet {
    /// The rules bundled into the binary.
    pub fn builtin() -> Result<RuleSet, Vec<RuleError>> {
        let mut errors = Vec::new();
        let rules = pair_rules(
            embedded::EMBEDDED.iter().map(|(p, t)| (format!("rules/{p}"), *t)),
            &mut errors,
            false,
        );
        let mut set = RuleSet::default();
        set.extend(rules, &mut errors);
        if errors.is_empty() { Ok(set) } else { Err(errors) }
    }

    /// Adds every `*.toml` rule under `dir` (recursively), with their fixtures.
    pub fn load_dir(&mut self, dir: &Path) -> Result<(), Vec<RuleError>> {
        let mut paths = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        let mut errors = Vec::new();
        if !dir.is_dir() {
            return Err(vec![RuleError::new(
                &dir.display().to_string(),
                "not a directory of rules: give a directory holding *.toml rule files",
            )]);
        }
        while let Some(d) = stack.pop() {
            match std::fs::read_dir(&d) {
                Ok(entries) => {
                    for e in entries.flatten() {
                        let p: PathBuf = e.path();
                        if p.is_dir() {
                            stack.push(p);
                        } else {
                            paths.push(p);
                        }
                    }
                }
                Err(e) => errors.push(RuleError::new(
                    &d.display().to_string(),
                    format!("cannot read directory: {e}"),
                )),
            }
        }
        paths.sort();
        let mut texts = Vec::new();
        for p in &paths {
            let name = p.to_string_lossy().replace('\\', "/");
            match std::fs::read_to_string(p) {
                Ok(t) => texts.push((name, t)),
                Err(e) if name.ends_with(".toml") => errors.push(RuleError::new(&name, format!("cannot read: {e}"))),
                Err(_) => {}
            }
        }
        let rules = pair_rules(texts.iter().map(|(p, t)| (p.clone(), t.as_str())), &mut errors, true);
        self.extend(rules, &mut errors);
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    fn extend(&mut self, rules: Vec<Rule>, errors: &mut Vec<RuleError>) {
        let mut seen: HashSet<String> = self.rules.iter().map(|r| r.meta.id.clone()).collect();
        for r in rules {
            if !seen.insert(r.meta.id.clone()) {
                let first = self
                    .rules
                    .iter()
                    .find(|x| x.meta.id == r.meta.id)
                    .map(|x| x.meta.origin.clone())
                    .unwrap_or_default();
                errors.push(RuleError::new(
                    &r.meta.origin,
                    format!("field `id`: `{}` is already defined by {first}", r.meta.id),
                ));
                continue;
            }
            self.rules.push(r);
        }
    }

    /// Finds a rule by id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.meta.id == id)
    }

    /// Keeps the rules for which `keep` is true.
    pub fn retain(&mut self, keep: impl FnMut(&Rule) -> bool) {
        self.rules.retain(keep);
    }
}

impl RuleSet {
    /// The ids of the bundled rules, read without compiling anything.
    pub fn builtin_ids() -> Vec<String> {
        #[derive(serde::Deserialize)]
        struct IdOnly {
            id: String,
        }
        embedded::EMBEDDED
            .iter()
            .filter(|(p, _)| p.ends_with(".toml"))
            .filter_map(|(_, t)| toml::from_str::<toml::Table>(t).ok())
            .filter_map(|t| t.try_into::<IdOnly>().ok())
            .map(|i| i.id)
            .collect()
    }
}
