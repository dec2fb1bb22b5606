//! The rule file format: one TOML file per rule. Unknown fields are errors.

use crate::finding::{Category, Severity};
use serde::{Deserialize, Serialize};

/// Which matcher a rule uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// A tree-sitter query over the syntax tree.
    Query,
    /// Keywords, then a regex, then entropy, then allowlists, over the bytes of any text file.
    Secret,
    /// Dataflow: untrusted values from sources reaching sinks, unless sanitized on the way.
    Taint,
    /// Resource lifetimes: an acquired resource must be released on every path of its method.
    Leak,
}

impl Confidence {
    /// One step less sure.
    pub fn lower(self) -> Confidence {
        match self {
            Confidence::High => Confidence::Medium,
            Confidence::Medium | Confidence::Low => Confidence::Low,
        }
    }
}

/// How sure a rule is that a match is a real problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Most matches are real problems.
    High,
    /// Many matches are real problems.
    Medium,
    /// Matches need a look.
    Low,
}

/// A rule file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Stable kebab-case id naming the bad pattern.
    pub id: String,
    /// The matcher kind; the section of the same name holds its settings.
    pub kind: RuleKind,
    /// `java`, `python`, `config`, `doc`, `other`, or `*` for every text file.
    pub languages: Vec<String>,
    /// Default severity.
    pub severity: Severity,
    /// Category.
    pub category: Category,
    /// CWE ids (`CWE-N`).
    pub cwe: Vec<String>,
    /// OWASP Top 10 entries.
    #[serde(default)]
    pub owasp: Vec<String>,
    /// How sure a match is.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// One line: what is wrong.
    pub message: String,
    /// What to do instead.
    pub recommendation: String,
    /// Why it matters: a paragraph for `reviewer rules --doc`.
    #[serde(default)]
    pub description: Option<String>,
    /// Links for further reading.
    #[serde(default)]
    pub references: Vec<String>,
    /// Paths the rule applies to or skips.
    #[serde(default)]
    pub paths: Option<PathFilter>,
    /// Settings of a `query` rule.
    #[serde(default)]
    pub query: Option<QuerySpec>,
    /// Settings of a `secret` rule.
    #[serde(default)]
    pub secret: Option<SecretSpec>,
    /// Settings of a `taint` rule.
    #[serde(default)]
    pub taint: Option<TaintSpec>,
    /// Settings of a `leak` rule.
    #[serde(default)]
    pub leak: Option<LeakSpec>,
}

/// The settings of a taint rule. Its `sinks` (and the sanitizers and guards without `rules`)
/// are its own. Its sources, propagators, return types and the sanitizers and guards that
/// name `rules` are pooled with those of every taint rule of the language: a framework's
/// sources are declared once, in any rule file, and feed every sink. A taint rule without
/// sinks only declares such models and reports nothing itself.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaintSpec {
    /// Where untrusted values come from.
    #[serde(default)]
    pub sources: Vec<TaintEntry>,
    /// Where they must not arrive.
    #[serde(default)]
    pub sinks: Vec<TaintEntry>,
    /// Calls whose result is safe for this rule's sinks (or for `rules`).
    #[serde(default)]
    pub sanitizers: Vec<TaintEntry>,
    /// Calls that move taint into their receiver (`sb.append(x)`, `list.add(x)`) or that
    /// mark a value (`path.normalize()` marks it `normalized`).
    #[serde(default)]
    pub propagators: Vec<TaintEntry>,
    /// Checks after which a value is safe on the branch where the check held: allow-lists
    /// (`ALLOWED.contains(x)`), patterns (`x.matches("[a-z]+")`), containment of a
    /// normalized path (`p.startsWith(base)`).
    #[serde(default)]
    pub guards: Vec<TaintEntry>,
    /// The type a method returns or a static field holds, by name (`getWriter` =
    /// `PrintWriter`, `System.out` = `PrintStream`), for matching receivers by type.
    #[serde(default)]
    pub returns: std::collections::BTreeMap<String, String>,
}

/// One source, sink, sanitizer, propagator or guard: the calls it matches and what it does.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaintEntry {
    /// Method or function names (`getParameter`, `system`).
    #[serde(default)]
    pub methods: Vec<String>,
    /// Receiver types (simple or qualified names) or, in Python, modules and objects by
    /// name (`os`, `request`). Empty: any receiver. A receiver whose type is not known
    /// matches.
    #[serde(default)]
    pub types: Vec<String>,
    /// Types whose constructors match (`File`, `ProcessBuilder`).
    #[serde(default)]
    pub constructors: Vec<String>,
    /// Sources: parameters carrying one of these annotations or (Python) the parameters of
    /// functions with one of these decorators (`route`). Sinks: the return values of such
    /// functions.
    #[serde(default)]
    pub annotations: Vec<String>,
    /// Sources: attribute or field chains (`request.args`, `sys.argv`).
    #[serde(default)]
    pub attributes: Vec<String>,
    /// Sources: the arguments of a program's entry point (`main(String[] args)`).
    #[serde(default)]
    pub main_args: bool,
    /// Sources (Python): functions a serverless platform calls with an event
    /// (`lambda_handler`): the first parameter of a function of one of these names that takes
    /// two (`def lambda_handler(event, context)`) is untrusted.
    #[serde(default)]
    pub handlers: Vec<String>,
    /// Sinks: the positions of the arguments that must not be tainted (empty: all; with no
    /// `keywords` either, keyword arguments too).
    /// Guards: the argument checked (empty: the receiver).
    #[serde(default)]
    pub args: Vec<usize>,
    /// Sinks (Python): keyword arguments that must not be tainted.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Sinks: instead of taint, a regex the argument's constant value (followed through
    /// variables, branches and properties files) must match.
    #[serde(default)]
    pub value: Option<String>,
    /// Sanitizers and guards: the rules they apply to (`*`: every rule). Empty: the rule
    /// declaring them.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Propagators: the mark they give (`normalized`). Guards: the mark the checked value
    /// must carry.
    #[serde(default)]
    pub mark: Option<String>,
    /// Propagators: taint moves from the arguments into the receiver.
    #[serde(default)]
    pub into_receiver: bool,
    /// What the source is, for the path shown with a finding (`HTTP request parameter`).
    #[serde(default)]
    pub label: Option<String>,
    /// Sources: words one of which a file must hold for this source to be looked for in it
    /// (a file with no source produces no finding). Default: its methods, annotations,
    /// attributes, types and constructors (and `main(` for `main_args`).
    #[serde(default)]
    pub file_keywords: Vec<String>,
}

/// The settings of a leak rule: what acquires a resource, and what releases or takes it over.
/// Call patterns name the callee as written: `new FileInputStream` (a constructor, by its simple
/// or qualified type name), `DriverManager.getConnection`, `*.createStatement` (any receiver),
/// `open` (an unqualified call); `*` matches any text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeakSpec {
    /// Case-insensitive prefilter words; empty: the last name of each `acquire` pattern.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Calls whose result is a resource to release.
    pub acquire: Vec<AcquireSpec>,
    /// Methods called on the resource that release it.
    #[serde(default = "default_release")]
    pub release: Vec<String>,
    /// Constructors or calls that take the resource passed to them over: releasing what they
    /// return releases it (`new BufferedReader(reader)`).
    #[serde(default)]
    pub wrappers: Vec<String>,
    /// Calls that release the resource passed to them (`IOUtils.closeQuietly`).
    #[serde(default)]
    pub closers: Vec<String>,
    /// Calls known to use the resource passed to them without keeping it (`Properties.load`).
    /// A resource passed to any other call may be kept by it and is not reported.
    #[serde(default)]
    pub borrowers: Vec<String>,
    /// Methods called on the resource whose result owns it (`Stream.filter`): what becomes of
    /// the result becomes of the resource.
    #[serde(default)]
    pub chained: Vec<String>,
    /// A regex: the rule skips files whose text matches it (`from os import open`).
    #[serde(default)]
    pub unless_file: Option<String>,
    /// Calls that cannot throw (besides the built-in list), so they open no exceptional path.
    #[serde(default)]
    pub nothrow: Vec<String>,
    /// Releasing the object the resource was obtained from releases it too
    /// (`stmt.executeQuery()`: closing `stmt` closes the result set).
    #[serde(default)]
    pub owned_by_receiver: bool,
    /// Python: `with resource:` releases it (false for connections whose `with` only ends a
    /// transaction).
    #[serde(default = "default_true")]
    pub with_releases: bool,
    /// Report resources never held in a variable (`new FileReader(f).read()`).
    #[serde(default = "default_true")]
    pub inline: bool,
    /// Follow the exceptional path out of every call made while the resource is open.
    #[serde(default = "default_true")]
    pub exceptional: bool,
}

fn default_release() -> Vec<String> {
    vec!["close".to_string()]
}

/// A call that acquires a resource: a pattern, or a pattern with conditions.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AcquireSpec {
    /// A call pattern.
    Call(String),
    /// A call pattern with conditions.
    When(AcquireWhen),
}

/// A call that acquires a resource only under conditions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcquireWhen {
    /// The call pattern.
    pub call: String,
    /// A regex the receiver's text must match (`(?i)datasource|pool`).
    #[serde(default)]
    pub receiver: Option<String>,
    /// A regex the argument list's text, parentheses included, must match.
    #[serde(default)]
    pub args: Option<String>,
    /// A regex the argument list's text must not match.
    #[serde(default)]
    pub not_args: Option<String>,
    /// Python: whether `with` releases this resource (overrides the rule's `with_releases`).
    #[serde(default)]
    pub with_releases: Option<bool>,
    /// Only when the result is unpacked (`conn, addr = server.accept()`): the resource is the
    /// first element.
    #[serde(default)]
    pub unpacked: bool,
}

/// Globs (gitignore-like: a pattern without `/` matches at any depth) on the path.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PathFilter {
    /// When not empty, only matching paths. `@name` stands for a shared list
    /// (`@code-without-parser`).
    #[serde(default)]
    pub include: Vec<String>,
    /// Matching paths are skipped.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// A tree-sitter query and the conditions around it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuerySpec {
    /// The query, in tree-sitter's query syntax. Besides the standard `#eq?`, `#match?`,
    /// `#any-of?` (and `not-` forms), `(#inside? @c "kind" ...)` and
    /// `(#not-inside? @c "kind" ...)` test the ancestors of a captured node.
    pub source: String,
    /// The capture whose node is the finding's span.
    #[serde(default = "default_capture")]
    pub capture: String,
    /// Words of which at least one must occur in a file (case-insensitively) for the query
    /// to run on it, as gitleaks and semgrep prefilter. Empty: the query runs on every file.
    /// Pick words every match must contain, such as the API name the query tests with `#eq?`.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// With keywords, the query runs only around their occurrences: every finding's span must
    /// then hold one of them (the fixture test checks it). `false` runs it on the whole file
    /// when the keywords occur anywhere in it (for keywords found outside the match).
    #[serde(default = "default_true")]
    pub anchor: bool,
    /// A match is dropped when any of these queries matches in its scope.
    #[serde(default)]
    pub unless: Vec<Condition>,
    /// A match is kept only when every one of these queries matches in its scope.
    #[serde(default)]
    pub require: Vec<Condition>,
    /// The capture holding a secret literal: its value goes through the generic-value
    /// filters (placeholders, lookups, hashes...), is never shown, and makes the finding a
    /// secret finding.
    #[serde(default)]
    pub secret: Option<String>,
    /// With `secret`: a regex run over the secret capture's text (a comment, a string holding
    /// `password=...`); its group `value` is the secret, and its optional group `key` the name
    /// the value is given to.
    #[serde(default)]
    pub secret_pattern: Option<String>,
    /// A regex that must match somewhere in the file before the file is parsed for this
    /// rule: a cheap test, after the keywords, that there is something to check in context
    /// (for example a secret-like name followed by a string literal).
    #[serde(default)]
    pub trigger: Option<String>,
    /// Another trigger, for the forms whose literal the rule tests as a secret: a match counts
    /// when its group `value` (the literal's content, where the literal is a plain one; or
    /// `value_...`, one group per form) holds a value the secret filters keep, or when the group
    /// took no part (a literal too complex for the regex). So `password = "changeme"` alone
    /// does not make a file parsed. An optional group `key` (or `key_...`) ends where the name the value is
    /// given to ends; the name is taken back to the start of its identifier, and the filters
    /// on names apply (`password_reset_url = "..."`, `"AWS::IAM::AccessKey": "..."`). The file
    /// is parsed when `trigger` or `trigger_literal` fires.
    #[serde(default)]
    pub trigger_literal: Option<String>,
    /// With `secret_pattern`: before the file is parsed, the pattern is run over the file's
    /// whole text, and the file is parsed only when it finds a value the secret filters keep.
    /// Sound where the secret capture is a comment or a string literal (their text ends at a
    /// line end, a quote or `*/`, which the check also tries).
    #[serde(default)]
    pub prefilter_secret_pattern: bool,
    /// The id of a taint rule that decides this rule's matches where it can. A match on a
    /// sink call of that rule is dropped when the dataflow analysis found a source reaching
    /// it (the taint rule reports it, with its path), or found every value reaching it
    /// constant or sanitized. Where the values come from parameters or calls the analysis
    /// cannot follow, the match stays: the pattern is all there is to go by.
    #[serde(default)]
    pub defer_to: Option<String>,
    /// With `defer_to`: `decided` (the default) drops a match where the dataflow found a
    /// source or only constant or sanitized values; `found` only where it found a source (for
    /// sinks that stay risky whatever the data, such as deserialization).
    #[serde(default)]
    pub defer_when: DeferWhen,
}

/// When a pattern rule gives way to the taint rule it defers to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeferWhen {
    /// Where the dataflow decided the call: a source reaches it, or only safe values do.
    #[default]
    Decided,
    /// Only where a source reaches it.
    Found,
}

fn default_true() -> bool {
    true
}

fn default_capture() -> String {
    "finding".to_string()
}

/// A query run around a match. Captures with the same name as a capture of the main match
/// must have the same text (as metavariables unify in semgrep).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The query.
    pub source: String,
    /// Node kinds: the nearest ancestor of the finding with one of these kinds bounds the
    /// search. Empty (or no such ancestor): the whole file.
    #[serde(default)]
    pub scope: Vec<String>,
}

/// The settings of a secret rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretSpec {
    /// Case-insensitive keywords; the regex runs only on files containing one. Empty: always.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The regex (Rust `regex` syntax, bytes mode).
    pub regex: String,
    /// The capture group holding the secret itself; 0 is the whole match.
    #[serde(default)]
    pub secret_group: usize,
    /// For a regex of two arrangements (the secret before or after the text that says what it
    /// is, as a JSON object's members come in any order): the group holding the secret in the
    /// second, used when `secret_group` did not take part in the match.
    #[serde(default)]
    pub secret_group_alt: Option<usize>,
    /// Minimum Shannon entropy (bits per character) of the secret.
    #[serde(default)]
    pub min_entropy: Option<f64>,
    /// Matches that are not secrets.
    #[serde(default)]
    pub allowlist: Vec<Allowlist>,
    /// A structural check the secret must pass: a provider's checksum or encoding.
    #[serde(default)]
    pub validate: Option<Validator>,
    /// How many leading characters of the secret are a public prefix (`AKIA`, `ghp_`) that
    /// output may show, followed by the length. 0 (the default): nothing of the value is shown.
    #[serde(default)]
    pub show_prefix: usize,
    /// Apply the generic-value filters to the secret: placeholders, environment and
    /// secret-store lookups, hashes, UUIDs, version strings, identifiers, words, repeated or
    /// sequential characters. For rules keyed on a name (`password = ...`) rather than on a
    /// provider's format.
    #[serde(default)]
    pub generic: bool,
}

/// Structural checks of a secret's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Validator {
    /// GitHub's token format (also npm's): `prefix_` + 30 base62 characters + the 6-character
    /// base62 CRC32 of those 30.
    GithubCrc32,
    /// A JSON Web Token: three base64url parts, the first a JSON header with `alg`.
    Jwt,
    /// Base64 that decodes to at least 16 bytes.
    Base64,
    /// An HTTP Basic credential: base64 of printable `user:password`, with a password the
    /// generic filters keep (`dXNlcjpwYXNzd29yZA==`, `user:password`, is a placeholder).
    BasicAuth,
    /// A NATS nkey seed: base32 (RFC 4648, no padding) of two prefix bytes, the 32-byte seed
    /// and a CRC16 (XMODEM, little-endian) of the rest.
    NkeySeed,
}

/// What an allowlist entry tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AllowTarget {
    /// The secret group.
    Secret,
    /// The whole regex match.
    Match,
    /// The line holding the match.
    Line,
}

/// An allowlist entry: a match is dropped when any regex matches, or any stopword occurs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allowlist {
    /// What is tested.
    #[serde(default = "default_target")]
    pub target: AllowTarget,
    /// Regexes.
    #[serde(default)]
    pub regexes: Vec<String>,
    /// Case-insensitive substrings.
    #[serde(default)]
    pub stopwords: Vec<String>,
}

fn default_target() -> AllowTarget {
    AllowTarget::Secret
}
