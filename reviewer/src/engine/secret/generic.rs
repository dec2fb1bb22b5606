//! Filters for generic secrets: values found by their name (`password = "..."`) rather than by
//! a provider's format. Most such values are not secrets: placeholders, lookups of the
//! environment or a secret store, hashes, identifiers, words. Each filter returns why a value
//! is noise, so that tests and `--explain`-style debugging can say which one fired.

use regex::bytes::{Regex, RegexSet};
use std::sync::OnceLock;

/// A filter: the value, and the value in lower case.
type Filter = fn(&[u8], &[u8]) -> bool;

/// Why a value is not reported, whatever name it is given to, or `None` when it may be a real
/// secret. [`noise_named`] adds the judgments that depend on the name.
pub fn noise(value: &[u8]) -> Option<&'static str> {
    let v = effective(value);
    if v.len() < 3 {
        return Some("too short");
    }
    if v.len() > 512 {
        return Some("too long for a password");
    }
    let lower = v.to_ascii_lowercase();
    let filters: [(&str, Filter); 15] = [
        ("configuration keyword (boolean, null, permission)", keyword),
        ("number or duration", number),
        ("text in another script (a translation)", non_ascii),
        ("made only of common words and a trivial number", trivial_words),
        ("PEM block marker", pem_marker),
        ("placeholder", placeholder),
        ("lookup of the environment or a secret store", lookup),
        ("integrity hash or password hash", integrity),
        ("UUID", uuid),
        ("version string", version),
        ("identifier or path", identifier),
        (
            "code: a call, a subscript, a cast, a command or a regular expression",
            code,
        ),
        ("natural-language words", words),
        ("repeated or sequential characters", repetitive),
        ("masked value", masked),
    ];
    if let Some(password) = url_password(v) {
        // A URL given to a password's name: its own password decides (`<hidden>`, `test_password`).
        return noise(password).map(|_| "a URL whose password is noise");
    }
    filters
        .iter()
        .find(|(_, f)| f(v, &lower))
        .map(|(why, _)| *why)
        .or_else(|| encoded_noise(v))
}

/// The password of a URL with credentials (`https://user:pass@host/...`).
fn url_password(v: &[u8]) -> Option<&[u8]> {
    static URL: OnceLock<Regex> = OnceLock::new();
    let caps = re(&URL, r"^[A-Za-z][A-Za-z0-9+.-]*://[^:@/\s]*:([^@/\s]*)@").captures(v)?;
    caps.get(1).map(|m| m.as_bytes())
}

/// Base64 of a word-like text that is itself noise: Kubernetes Secrets hold values in base64,
/// and `bXlwYXNz` is `mypass`. Random bytes (a real key) do not decode to text.
fn encoded_noise(v: &[u8]) -> Option<&'static str> {
    use base64::Engine as _;
    if v.len() < 8 || v.len() % 4 != 0 {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(v).ok()?;
    let decoded = decoded.trim_ascii();
    // A word-like value only: decoded JSON (a Grafana key) or `user:pass` (a Docker auth) is
    // judged by the rules that know those forms.
    let text = decoded.len() >= 3
        && decoded
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'_' | b'-' | b'.' | b'!' | b'@' | b'#' | b'*'));
    (text && noise(decoded).is_some()).then_some("base64 of a placeholder, a word or another value that is noise")
}

/// Why a value found where a match gives it to `name` (or to no name: a setter's argument, a
/// value in a sentence) is not reported, or `None` when it looks like a real secret. Besides
/// [`noise`]:
/// - a hex digest is a hash or checksum (a password's stored hash, a file's checksum), unless
///   its name says token, secret or key: then the hex is the credential itself (an OAuth client
///   secret, an app key), and is reported;
/// - a name that describes a secret (`password_reset_url`) or a value that only repeats the
///   name's words (`client_secret = "client-secret"`) is no secret;
/// - tokens, keys and secrets are made by machines, not chosen by people: given to such a name
///   (and to no password's), a value of plain words or shorter than 8 characters
///   (`"access_token": "testac"`, `VAULT_TOKEN = "my-root-token"`, `token="file"`) is a stand-in
///   or a name, not a credential.
///
/// A trigger that judges a value without its name, or with fewer of its words, must be at least
/// as permissive: it calls [`noise`] and the name checks only.
pub fn noise_named(name: Option<&[u8]>, value: &[u8]) -> Option<&'static str> {
    if let Some(why) = noise(value) {
        return Some(why);
    }
    let v = effective(value);
    let machine = name.is_some_and(machine_made);
    if !machine && hex_digest(v) {
        return Some("hash or checksum");
    }
    let name = name?;
    if descriptive_key(name) {
        return Some("the name describes a secret rather than holding one");
    }
    if self_describing(name, value) {
        return Some("the value only repeats its name");
    }
    if fingerprint(name, v) {
        return Some("a key's fingerprint or id");
    }
    if machine && !looks_generated(v) {
        return Some("too plain for a machine-made token, key or secret");
    }
    None
}

/// Whether `value`, given to `name`, is a hex digest that [`noise_named`] drops: a name that
/// says password (not token, secret or key) holds a stored hash. A trigger that judges a name
/// with the words of the finding's name may use it: a name with more words than `name` is a
/// password's whenever `name` is.
pub fn stored_hash(name: &[u8], value: &[u8]) -> bool {
    !machine_made(name) && hex_digest(effective(value))
}

/// Whether `needle` occurs in `hay` (an empty needle never does).
pub(super) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memchr::memmem::find(hay, needle).is_some()
}

/// The value that counts: without quotes, and the default of `${DB_PASSWORD:s3cret}`, which is
/// what gets used.
///
/// Escaped tabs and line breaks at the end are padding (`"passphrase\t\t\t"`), and a closing
/// bracket the value never opened belongs to the code around it (`password: String!)`,
/// `{password: hashedPassword}`, `password = nil)`), with the punctuation after it.
fn effective(value: &[u8]) -> &[u8] {
    let v = unbalanced_quote(string_prefix(trim_quotes(value.trim_ascii())));
    let mut v = template_default(v).unwrap_or(v);
    while let Some(rest) = v
        .strip_suffix(b"\\t")
        .or_else(|| v.strip_suffix(b"\\n"))
        .or_else(|| v.strip_suffix(b"\\r"))
    {
        v = rest;
    }
    while let Some((&last, rest)) = v.split_last() {
        // The punctuation after such a bracket goes with it: `password: String!):`.
        if matches!(last, b':' | b',' | b';') && rest.last().is_some_and(|b| matches!(b, b')' | b']' | b'}')) {
            v = rest;
            continue;
        }
        let open = match last {
            b')' => b'(',
            b']' => b'[',
            b'}' => b'{',
            _ => break,
        };
        let opened = rest.iter().filter(|&&b| b == open).count();
        let closed = v.iter().filter(|&&b| b == last).count();
        if closed <= opened {
            break;
        }
        v = rest;
    }
    v
}

/// A string literal's prefix read as part of an unquoted value (`b'EPj00jpf...'`,
/// `r'potato'`, `rb"..."`): the literal's text.
fn string_prefix(v: &[u8]) -> &[u8] {
    let Some(q) = v.iter().position(|&b| b == b'\'' || b == b'"') else {
        return v;
    };
    if !(1..=2).contains(&q) || !v[..q].iter().all(|b| b"rRbBuUfF".contains(b)) {
        return v;
    }
    let rest = &v[q + 1..];
    rest.strip_suffix(&[v[q]]).unwrap_or(rest)
}

/// A quote at one end of a value that holds no other: the end of the string around it
/// (`"my_password'\""`), not part of the value.
fn unbalanced_quote(v: &[u8]) -> &[u8] {
    let lone = |q: u8| matches!(q, b'\'' | b'"') && v.iter().filter(|&&b| b == q).count() == 1;
    match (v.first(), v.last()) {
        (Some(&q), _) if lone(q) => &v[1..],
        (_, Some(&q)) if lone(q) => &v[..v.len() - 1],
        _ => v,
    }
}

/// Whether `v` is the fingerprint or id of a public key: hex given to a name about GPG/PGP keys
/// (`ENV GPG_KEY 0D96DF4D...`, Docker images verify downloads with it) or about fingerprints.
fn fingerprint(name: &[u8], v: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    let about = [&b"gpg"[..], b"pgp", b"gnupg", b"fingerprint", b"keyid", b"key_id"]
        .iter()
        .any(|w| contains(&lower, w));
    about && v.len() >= 8 && v.iter().all(|b| b.is_ascii_hexdigit() || *b == b' ' || *b == b':')
}

/// Whether `name` names a credential made by a machine (a token, an API key, a client secret,
/// an HTTP `Bearer` credential)
/// rather than one a person chose (a password, a passphrase, a PIN, credentials in general).
fn machine_made(name: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    let has = |w: &[u8]| contains(&lower, w);
    let words = split_words(name);
    let human = has(b"pass")
        || has(b"pwd")
        || has(b"credential")
        || words
            .iter()
            .any(|w| matches!(w.as_slice(), b"pw" | b"pin" | b"passwort" | b"login"));
    !human && (has(b"token") || has(b"secret") || has(b"key") || has(b"bearer"))
}

/// Whether a value could have been made by a machine: one of its space-separated parts is at
/// least 8 characters long and has a digit, a symbol outside names (`+`, `=`, `!`...), a run
/// of 16 or more letters, or six consonants in a row, which words do not have (`epzrjvxtumoc`).
/// `X-Access-Token`, `oauth_token`, `different-token`, `psst`, `strengths` are not.
fn looks_generated(v: &[u8]) -> bool {
    v.split(u8::is_ascii_whitespace).any(|part| {
        let mut run = 0usize;
        let mut longest = 0usize;
        let mut consonants = 0usize;
        let mut most_consonants = 0usize;
        for &b in part {
            run = if b.is_ascii_alphabetic() { run + 1 } else { 0 };
            longest = longest.max(run);
            let consonant = b.is_ascii_alphabetic() && !b"aeiouyAEIOUY".contains(&b);
            consonants = if consonant { consonants + 1 } else { 0 };
            most_consonants = most_consonants.max(consonants);
        }
        part.len() >= 8
            && (longest >= 16
                || most_consonants >= 6
                || part.iter().any(|&b| {
                    b.is_ascii_digit() || !(b.is_ascii_alphabetic() || matches!(b, b'_' | b'-' | b'.' | b'/' | b':'))
                }))
    })
}

/// Whether a key names something about a secret rather than the secret itself:
/// `password_reset_url`, `TOKEN_TTL`, `api_key_header`, `secret_name`, or a qualified type
/// name such as `AWS::SecretsManager::Secret`.
pub fn descriptive_key(key: &[u8]) -> bool {
    static KINDS: OnceLock<RegexSet> = OnceLock::new();
    KINDS
        .get_or_init(|| {
            RegexSet::new([
                // `"AWS::ApiGateway::ApiKey": "<hex>"` (cfn-lint's schema tables): a path of
                // PascalCase type names, quoted or not, names a kind of resource.
                // `Config::API_KEY` (a constant) is not.
                r#"^["'\]]*[A-Z][A-Za-z0-9]*(::[A-Z][A-Za-z0-9]*)*::[A-Z][A-Z0-9]*[a-z][A-Za-z0-9]*["'\]]*$"#,
                // Pagination and protocol tokens name a field, not a credential.
                r#"(?i)(input|output|next|page|pagination|continuation|sync|cursor|result|limit)[_-]?token["']?$"#,
                // A public key or its token (.NET's `PublicKeyToken=b77a5c561934e089`), or a
                // password, token or key kept hashed or encrypted (`crypted_password`,
                // `hashed_password`, GitHub's `hashed_token`, a JWE's `encrypted_key`): not the
                // secret itself.
                r"(?i)(public[_.-]?key|(en)?crypted[_.-]?(pass|key)|hashed[_.-]?(pass|token|key|secret)|salted[_.-]?pass)",
                // A file named after the secret: `'img/password.svg'`.
                r#"(?i)\.(svg|png|jpe?g|gif|ico|html?|css|js|json|ya?ml|txt|md|xml)["']?$"#,
                // A UI string or a check named after the secret: `labelPassword`,
                // `enterRoomPassword`, `placeholder_token`, `errorPassword`.
                r#"^["'\]]*(label|enter|placeholder|hint|title|msg|message|error|err|show|hide|toggle|invalid|wrong|missing)([A-Z]|[_.-][A-Za-z])"#,
                // Names that hold no secret: etcd's initial cluster token only tells clusters
                // apart (etcd's docs), and sudoers' `NOPASSWD:` tag says none is asked.
                r#"(?i)initial[_.-]?cluster[_.-]?token|^["']?nopasswd["']?$"#,
                // A name that ends in what it describes: `password_reset_url`, `TOKEN_TTL`.
                r#"(?i)(url|uri|path|file|dir|name|prompt|label|field|param|header|type|format|pattern|regex|policy|length|len|size|count|endpoint|query|column|hint|message|msg|text|title|placeholder|expir\w*|timeout|algorithm|mode|unit|dimension|handler|meter|metric|tag|claim|encryption|hashing|method|scheme|strategy|encoder|reset|forgot|validator|strength|hash|checksum|salt|digest|id|prefix|suffix|attribute|property|prop|env|variable|var|backend|enabled|required|min|max|rotation|ttl|lifetime|lifespan|validity|store|provider|hasher|seconds|class|module|template|tokenizer|tokenize|subject|commit|version|branch|repo|options|opts|args|flags|manager|error|err)s?["']?$"#,
            ])
            .expect("valid built-in regexes")
        })
        .is_match(key.trim_ascii())
}

/// Whether `value` only repeats the words of `name` (`QUERY_PARAM_APP_TOKEN = "app-token"`,
/// `client_secret = "client-secret"`): a key naming itself, not a secret.
pub fn self_describing(name: &[u8], value: &[u8]) -> bool {
    const SECRET_WORDS: &[&[u8]] = &[
        b"password",
        b"passwd",
        b"pwd",
        b"pass",
        b"secret",
        b"token",
        b"key",
        b"apikey",
        b"credential",
        b"credentials",
        b"auth",
        b"passphrase",
    ];
    let name_words = split_words(name);
    let value_words = split_words(value);
    // `POSTGRES_PASSWORD: postgres` is a (weak) password; `APP_TOKEN = "app-token"` names itself.
    value_words.iter().any(|w| SECRET_WORDS.contains(&w.as_slice()))
        && value_words
            .iter()
            .all(|w| name_words.contains(w) || w.iter().all(u8::is_ascii_digit))
}

/// Lowercase words of an identifier or a value: split at separators and case changes.
fn split_words(s: &[u8]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut prev_lower = false;
    for &b in s {
        if b.is_ascii_alphanumeric() {
            if b.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = b.is_ascii_lowercase() || b.is_ascii_digit();
            cur.push(b.to_ascii_lowercase());
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The default value of `${VAR:default}` or `${VAR:-default}`, when there is one.
fn template_default(v: &[u8]) -> Option<&[u8]> {
    let inner = v.strip_prefix(b"${")?.strip_suffix(b"}")?;
    let colon = inner.iter().position(|&b| b == b':')?;
    let name = &inner[..colon];
    if name.is_empty()
        || !name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
    {
        return None;
    }
    let default = &inner[colon + 1..];
    // `${VAR:+alternate}` and `${VAR:?error}` are not defaults.
    if default.starts_with(b"+") || default.starts_with(b"?") {
        return None;
    }
    let default = default.strip_prefix(b"-").unwrap_or(default);
    (!default.is_empty() && !default.contains(&b'$')).then_some(default)
}

fn keyword(_: &[u8], lower: &[u8]) -> bool {
    // A form validation rule: `password: 'required|min:8'`.
    if lower.contains(&b'|')
        && lower
            .split(|&b| b == b'|')
            .next()
            .is_some_and(|r| matches!(r, b"required" | b"nullable" | b"sometimes" | b"confirmed"))
    {
        return true;
    }
    const WORDS: &[&[u8]] = &[
        b"true",
        b"false",
        b"yes",
        b"no",
        b"on",
        b"off",
        b"null",
        b"none",
        b"nil",
        b"undefined",
        b"inherit",
        b"write",
        b"read",
        b"read-write",
        b"readonly",
        b"required",
        b"optional",
        b"enabled",
        b"disabled",
        b"auto",
        b"default",
        b"string",
        b"str",
        b"int",
        b"bool",
        b"boolean",
        b"bytes",
        b"char[]",
        b"object",
        b"any",
        // Algorithms and modes named where a password or token is configured.
        b"md5",
        b"sha1",
        b"sha256",
        b"sha512",
        b"plain",
        b"plaintext",
        b"bcrypt",
        b"scrypt",
        b"argon2",
        b"basic",
        b"bearer",
        b"digest",
        // MySQL's authentication plugins.
        b"mysql_native_password",
        b"caching_sha2_password",
        b"sha256_password",
        b"mysql_clear_password",
        // fetch()'s `credentials:` modes.
        b"include",
        b"omit",
        b"same-origin",
        // Code: `var Password = function (options)`.
        b"function",
        b"func",
        b"lambda",
    ];
    // GraphQL and TypeScript mark types required or optional: `password: String!`.
    let lower = lower
        .strip_suffix(b"!")
        .or_else(|| lower.strip_suffix(b"?"))
        .unwrap_or(lower);
    WORDS.contains(&lower)
}

fn number(v: &[u8], _: &[u8]) -> bool {
    // A hex literal in code: `DBPROP_AUTH_MASK_PASSWORD = 0x00000008`.
    if let Some(hex) = v.strip_prefix(b"0x").or_else(|| v.strip_prefix(b"0X"))
        && !hex.is_empty()
        && hex.len() <= 16
        && hex.iter().all(u8::is_ascii_hexdigit)
    {
        return true;
    }
    static TIME: OnceLock<Regex> = OnceLock::new();
    // A time of day: `09:20:31`.
    if re(&TIME, r"^\d{1,2}:\d{2}(:\d{2})?$").is_match(v) {
        return true;
    }
    let digits = v
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b'.' || **b == b'_')
        .count();
    digits > 0
        && matches!(
            &v[digits..],
            b"" | b"s" | b"m" | b"h" | b"d" | b"ms" | b"kb" | b"mb" | b"gb"
        )
}

/// A value with letters of another script is a translation or a label (`Passwort`, `密码`),
/// or not text at all (bytes that are not UTF-8). Symbols outside ASCII (`§`, `€`, `°`) are
/// password characters like any other: `J6aVjTgO$?5l+RF§P` is a generated password.
fn non_ascii(v: &[u8], _: &[u8]) -> bool {
    !v.is_ascii()
        && std::str::from_utf8(v).map_or(true, |text| text.chars().any(|c| !c.is_ascii() && c.is_alphabetic()))
}

fn pem_marker(v: &[u8], _: &[u8]) -> bool {
    v.starts_with(b"-----BEGIN") || v.starts_with(b"-----END")
}

/// Words that make a value a stand-in rather than a password: `test`, `mypass`,
/// `secret_password_123`, `wrongPassword`. A value made only of these (split on separators
/// and case changes, and by longest match inside lowercase runs), with at most a single digit
/// or a run of sequential digits, is noise.
fn trivial_words(v: &[u8], _: &[u8]) -> bool {
    const WORDS: &[&str] = &[
        "password",
        "passwd",
        "passw",
        "pass",
        "passphrase",
        "phrase",
        "pwd",
        "pw",
        "secret",
        "secrets",
        "token",
        "tokens",
        "key",
        "keys",
        "apikey",
        "api",
        "test",
        "tests",
        "testing",
        "tester",
        "my",
        "your",
        "new",
        "old",
        "wrong",
        "bad",
        "invalid",
        "incorrect",
        "random",
        "foo",
        "bar",
        "baz",
        "qux",
        "foobar",
        "dummy",
        "fake",
        "mock",
        "example",
        "sample",
        "value",
        "string",
        "str",
        "some",
        "user",
        "username",
        "the",
        "a",
        "an",
        "not",
        "real",
        "valid",
        "other",
        "another",
        "changed",
        "change",
        "refresh",
        "access",
        "auth",
        "csrf",
        "session",
        "id",
        "hello",
        "world",
        "demo",
        "temp",
        "tmp",
        "login",
        "word",
        "here",
        "default",
        "empty",
        "blank",
        "none",
        "is",
        "of",
        "for",
        "to",
        "and",
        "field",
        "input",
        "hash",
        "get",
        "set",
        "name",
        "type",
        "param",
        "header",
        "prefix",
        "db",
        "form",
        "confirm",
        "confirmation",
        "encoder",
        "attribute",
        "attr",
        "data",
        "expected",
        "actual",
        "credential",
        "credentials",
        "canary",
        // The word password in other languages: a translation, not a value.
        "wachtwoord",
        "passwort",
        "kennwort",
        "geslo",
        "lozinka",
        "haslo",
        "heslo",
        "senha",
        "parola",
        "salasana",
        "losenord",
        "passord",
        "adgangskode",
        "jelszo",
        "sifre",
        "contrasena",
        "motdepasse",
        "client",
    ];
    let mut letters_seen = false;
    let mut digits: Vec<&[u8]> = Vec::new();
    // Split into runs of lowercase letters (after lower-casing at case changes) and digits.
    let mut i = 0;
    while i < v.len() {
        let b = v[i];
        if b.is_ascii_alphabetic() {
            let mut j = i + 1;
            while j < v.len() && v[j].is_ascii_lowercase() {
                j += 1;
            }
            // A run of capitals followed by lowercase: keep the capitals apart (APIKey).
            if j == i + 1 {
                while j < v.len() && v[j].is_ascii_uppercase() {
                    j += 1;
                }
                if j < v.len() && v[j].is_ascii_lowercase() && j - i > 1 {
                    j -= 1;
                }
            }
            let word = v[i..j].to_ascii_lowercase();
            if !segments_into(&word, WORDS) {
                return false;
            }
            letters_seen = true;
            i = j;
        } else if b.is_ascii_digit() {
            let mut j = i;
            while j < v.len() && v[j].is_ascii_digit() {
                j += 1;
            }
            digits.push(&v[i..j]);
            i = j;
        } else if matches!(b, b'_' | b'-' | b'.' | b' ' | b'+' | b'!' | b'@' | b'#' | b'*') {
            i += 1;
        } else {
            return false;
        }
    }
    letters_seen && digits.len() <= 1 && digits.iter().all(|d| d.len() == 1 || sequential(d))
}

/// Whether `word` is a concatenation of entries of `dict` (longest match first, backtracking).
fn segments_into(word: &[u8], dict: &[&str]) -> bool {
    if word.is_empty() {
        return true;
    }
    let mut candidates: Vec<&&str> = dict.iter().filter(|d| word.starts_with(d.as_bytes())).collect();
    candidates.sort_by_key(|d| std::cmp::Reverse(d.len()));
    candidates.iter().any(|d| segments_into(&word[d.len()..], dict))
}

fn trim_quotes(v: &[u8]) -> &[u8] {
    let mut v = v;
    for (a, b) in [(b'"', b'"'), (b'\'', b'\''), (b'`', b'`')] {
        if v.len() >= 2 && v[0] == a && v[v.len() - 1] == b {
            v = &v[1..v.len() - 1];
        }
    }
    v
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid built-in regex"))
}

fn placeholder(v: &[u8], lower: &[u8]) -> bool {
    static TEMPLATE: OnceLock<Regex> = OnceLock::new();
    static WORDS: OnceLock<Regex> = OnceLock::new();
    // ${VAR}, $VAR, %(name)s, %s, {{ var }}, {var} (not a JSON object quoted in a string:
    // `{\"name\":\"root\",\"sig\":\"...\"}`), `{var` cut at its brace, <password>,
    // [password], @VAR@, __VAR__, ((var)) (Concourse, CredHub), $HOME/path; a `<placeholder:`
    // cut at the space after its colon (`<database_schema_password: if not provided ...>`)
    let template = re(
        &TEMPLATE,
        r"^(\$\{[^}]*\}?|\$[A-Za-z_][A-Za-z0-9_]*|%\([^)]*\)[sd]|%[sd]|\{\{.*\}\}|\{[^{}\\]*\}|\{[A-Za-z_][\w.]*|<[^<>]*>|<[A-Za-z_][\w-]*:?|#{2,}[A-Za-z_]\w*#{2,}|\[[^\[\]]*\]|@[A-Za-z_]+@|__[A-Za-z0-9_]+__|\$\([^)]*\)|\(\([^()]*\)\)|\$[A-Z][A-Z0-9_]*\$|%%?[A-Za-z_][A-Za-z0-9_]*%%?|\$\{?[A-Za-z_]\w*\}?[/\\].*)$",
    );
    static FORMAT: OnceLock<Regex> = OnceLock::new();
    // printf's %s, Python's {}, {0}, {!r}, {name:>8}, Go's %v.
    let format_directive = v.windows(2).any(|w| matches!(w, b"%s" | b"%d" | b"{}" | b"%v" | b"%q"))
        || re(&FORMAT, r"\{\d*(![rsa])?(:[^{}]*)?\}").is_match(v);
    // An address at a documentation domain: `me@example.com`.
    static EXAMPLE_MAIL: OnceLock<Regex> = OnceLock::new();
    if re(&EXAMPLE_MAIL, r"^[\w.+-]+@(?:[\w-]+\.)*example\.(?:com|org|net)$").is_match(lower) {
        return true;
    }
    // Documentation's own example keys (AWS ends them in EXAMPLE, EXAMPLEKEY).
    if v.windows(7).any(|w| w == b"EXAMPLE") {
        return true;
    }
    // Elided values: `sk-ant-api03-...`, `AKIA…`.
    if v.windows(3).any(|w| w == b"...") || v.windows(3).any(|w| w == "…".as_bytes()) {
        return true;
    }
    static BATCH_VAR: OnceLock<Regex> = OnceLock::new();
    // A Windows batch variable inside the value: `%RANDOM%@%RANDOM%` (`%C3%A9`, bytes, names
    // none: a name has three characters or more).
    if re(&BATCH_VAR, r"%[A-Z_][A-Z0-9_.]{2,}%").is_match(v) {
        return true;
    }
    if template.is_match(v)
        || format_directive
        || v.windows(2)
            .any(|w| w == b"${" || w == b"#{" || w == b"{{" || w == b"<%")
    {
        return true;
    }
    let words = re(
        &WORDS,
        r"(?x)^[-_.\s!]*(
            change[-_.\s]?(me|it|this)|replace[-_.\s]?(me|this|with.*)|
            (your|enter|insert|put|add)[-_.\s]?.*[-_.\s]?(here|key|token|secret|password|pass|pwd|value|id)|
            .*[-_.\s]here|
            (dummy|fake|sample|example|placeholder|redacted|removed|hidden|masked|notreal|not[-_.\s]?a[-_.\s]?(real|secret).*|
             todo|tbd|fixme|none|null|nil|undefined|empty|blank|default|unknown|unset|n/?a|whatever|
             correct[-_.\s]?horse[-_.\s]?battery[-_.\s]?staple|
             (secret|password|passwd|pass|pwd|token|apikey|api[-_.\s]?key|key|credentials?|private[-_.\s]?key)([-_.\s]?(text|string|value|goes[-_.\s]?here))?|
             (test|demo|example|sample|dummy|fake|mock)[-_.\s]?(.*[-_.\s])?(secret|password|passwd|pass|pwd|token|key|api[-_.\s]?key)s?)
        )[-_.\s!]*$",
    );
    // A value that says it is a stand-in anywhere inside, padded with digits to look real
    // (`012345689abcdefthisisafaketokenfedcba9876543210`): no random token spells that.
    static SAYS_FAKE: OnceLock<Regex> = OnceLock::new();
    words.is_match(lower)
        || re(
            &SAYS_FAKE,
            r"(fake|dummy|notreal|not[-_]?a[-_]?real)[-_.]?(token|key|secret|password|passwd|pass|pwd|credential)",
        )
        .is_match(lower)
        || lower
            .iter()
            .all(|&b| b == b'x' || b == b'*' || b == b'.' || b == b'#' || b == b'-')
}

fn lookup(v: &[u8], lower: &[u8]) -> bool {
    const MARKERS: &[&[u8]] = &[
        b"os.environ",
        b"os.getenv",
        b"getenv(",
        b"system.getenv",
        b"env[",
        b"env.",
        b"process.env",
        b"$env:",
        b"vault:",
        b"!vault",
        b"ssm:",
        b"secretsmanager",
        b"arn:aws:",
        b"secrets.",
        b"keyvault",
        b"enc(",
        b"file:",
        b"classpath:",
    ];
    let _ = v;
    MARKERS
        .iter()
        .any(|m| lower.starts_with(m) || (m.len() > 5 && contains(lower, m)))
}

/// A hex digest: of a digest's length, in one case (hex digests are one case).
fn hex_digest(v: &[u8]) -> bool {
    let hex = v.iter().all(u8::is_ascii_hexdigit);
    let upper = v.iter().any(u8::is_ascii_uppercase);
    let lowercase = v.iter().any(u8::is_ascii_lowercase);
    hex && matches!(v.len(), 32 | 40 | 56 | 64 | 96 | 128) && !(upper && lowercase)
}

/// A lockfile's or a manifest's integrity hash (`sha512-...`, `sha256:...`), a versioned hash
/// (`$3:1:salt:hash`), a Jenkins-encrypted secret (`{AQAAABAAAAAQ...}`), or a password
/// hash in an application's format: Django's `pbkdf2_sha256$...`, crypt's `$2b$...`, LDAP's
/// `{SSHA}...`. Password hashes in credential files (.htpasswd, shadow) have their own rule.
fn integrity(v: &[u8], lower: &[u8]) -> bool {
    // A secret encrypted with Jenkins' master key (`{AQAAABAAAAAQ...}`): ciphertext, not the
    // secret (the master key is what to protect).
    if v.strip_prefix(b"{").unwrap_or(v).starts_with(b"AQAAABAAAA") {
        return true;
    }
    static VERSIONED: OnceLock<Regex> = OnceLock::new();
    // A versioned hash with its parameters and salt: `$3:1:<salt>:<hash>`.
    if re(
        &VERSIONED,
        r"^\$\d+(:\d+)?:[A-Za-z0-9+/=._-]{8,}:[A-Za-z0-9+/=._-]{16,}$",
    )
    .is_match(v)
    {
        return true;
    }
    static INTEGRITY: OnceLock<Regex> = OnceLock::new();
    re(
        &INTEGRITY,
        r"^((sha1|sha256|sha384|sha512|md5)[-:][a-z0-9+/=]+|(pbkdf2_sha256|pbkdf2_sha1|argon2|bcrypt|bcrypt_sha256|scrypt|sha1|md5|unsalted_md5|unsalted_sha1)\$[^$\s]+\$.+|\$(1|2a|2b|2y|5|6|y|argon2i|argon2id|pbkdf2(-sha\d+)?)\$.+|\{(sha|ssha|sha256|ssha256|sha512|ssha512|md5|smd5|crypt)\}.+)$",
    )
    .is_match(lower)
}

fn uuid(v: &[u8], _: &[u8]) -> bool {
    static UUID: OnceLock<Regex> = OnceLock::new();
    re(
        &UUID,
        r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    )
    .is_match(v)
}

fn version(v: &[u8], _: &[u8]) -> bool {
    static VERSION: OnceLock<Regex> = OnceLock::new();
    // 1.2.3, v2.0.1-rc1, and a dependency's coordinates: `jjwt-api:0.11.2`,
    // `io.jsonwebtoken:jjwt-impl:0.11.2`, and a dependency's range (`"parse-passwd": "^1.0.0"`).
    re(
        &VERSION,
        r"^(\^|~>?|[<>]=?|==?)?[ ]*([A-Za-z][\w.-]*:)*[vV]?\d+(\.\d+){1,3}([-+._][0-9A-Za-z.-]+)?$",
    )
    .is_match(v)
}

fn identifier(v: &[u8], lower: &[u8]) -> bool {
    // A camelCase or PascalCase name without digits that names a token or key (NextToken,
    // apiKeyHeader) is a field name, not a value.
    let camel = v.iter().all(u8::is_ascii_alphabetic)
        && v.iter().any(u8::is_ascii_uppercase)
        && v.iter().any(u8::is_ascii_lowercase)
        && v.windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    if camel
        && [&b"token"[..], b"key", b"secret", b"password", b"credential"]
            .iter()
            .any(|w| contains(lower, w))
    {
        return true;
    }
    // A file extension: `.gpg`.
    if v.len() <= 6 && v.starts_with(b".") && v[1..].iter().all(u8::is_ascii_alphanumeric) {
        return true;
    }
    static IDENT: OnceLock<Regex> = OnceLock::new();
    // camelCase / PascalCase / snake_case / kebab-case / dotted.names / CONSTANT_NAMES, paths,
    // URLs without a password, and a conditional field's type in Telegram's TL schema
    // (`password:flags.2?InputCheckPasswordSRP`).
    re(
        &IDENT,
        r"^(flags\.[0-9]+\?[A-Za-z_][\w.<>]*|[A-Z][A-Z0-9]*(_[A-Z0-9]+)+|[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+\(?\)?|[A-Za-z_][\w.-]*:[A-Za-z_*][\w.*]*|[A-Z][a-z]+(-[A-Z][a-z]+)+|@?\.{0,2}/[\w./-]*|[a-z_][a-z_-]*(/[a-z_][a-z_-]*)+/?|[a-z][a-z0-9+.-]*://[^:@\s]*)$",
    )
    .is_match(v)
}

/// Code, as the text of a comment or a docstring quotes it, or code of a language without a
/// parser here: `pw.getPassword()`, `response['access_token']`, `(RSAPrivateKey) key`, cut
/// where the pattern stopped (`self._auth(`, `config[`); `Token::SAR;` (a qualified name),
/// `[request proxyPassword]` (an Objective-C message), `{type: ...}` (an object literal).
fn code(v: &[u8], _: &[u8]) -> bool {
    // What follows a concatenation is code: `"&storeCredential="+mydomval(...)`; so is what
    // follows a closing parenthesis (`).Append(Password).Append(`).
    if v.starts_with(b")") {
        return true;
    }
    // The same when the name was quoted in a string and the value is what follows that string:
    // `"&metricsDbPassword=" + escape(...)`, `"Enter Password: " && head -1 </dev/stdin | ...`.
    let v = v.trim_ascii_start();
    if v.starts_with(b"&&") || v.starts_with(b"||") || v.starts_with(b"| ") {
        return true;
    }
    let v = match v.strip_prefix(b"+") {
        Some(rest) => rest.trim_ascii_start(),
        None => v,
    };
    static OBJECT: OnceLock<Regex> = OnceLock::new();
    // An object literal (`{ lblShow: 'Show', lblHide: 'Hide' }`) or a mock template's call
    // (`@word(6)`).
    if re(&OBJECT, r"^(\{\s*[A-Za-z_$][\w$]*\s*:|@[A-Za-z_]\w*\()").is_match(v) {
        return true;
    }
    // The rest of a URL read from its user name on: `gitlab-ci-token:1324@myrepo.com/path`
    // gives `1324@myrepo.com/path` to `gitlab-ci-token`. The URL rules judge its password.
    static URL_REST: OnceLock<Regex> = OnceLock::new();
    if re(&URL_REST, r"^[^@\s/]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?/").is_match(v) {
        return true;
    }
    // A Windows path: `self.__pwd = 'C:\\'` (the working directory, not a password).
    if v.len() >= 3 && v[0].is_ascii_alphabetic() && v[1] == b':' && matches!(v[2], b'\\' | b'/') {
        return true;
    }
    // An arrow function or a function expression: `async ctx => {`.
    if contains(v, b"=>") || v.starts_with(b"function(") || v.starts_with(b"async ") || v == b"async" || v == b"await" {
        return true;
    }
    // A shell command substitution (`PASS=`awk ... | cut -d "=" -f2``), or a regular expression
    // or sed script (`s,^\(db.password=\).*,\1'$DB_PASSWORD',`).
    if v.starts_with(b"`")
        || (v.starts_with(b"\\") && v.get(1).is_some_and(u8::is_ascii_punctuation))
        || v.windows(2).any(|w| w == b".*" || w == b".+")
    {
        return true;
    }
    // A block opened after a condition (`for (String token : tokens){`), and a list of
    // command-line options (`" --timeout= --socket= --no-timeout"`).
    let options = || {
        let mut words = v.split(u8::is_ascii_whitespace).filter(|w| !w.is_empty());
        words.clone().nth(1).is_some() && words.all(|w| w.starts_with(b"--"))
    };
    if v.ends_with(b"){") || options() {
        return true;
    }
    // The text between two literals, read from an empty one on: `password='', db='mysql'`
    // gives `, db=`.
    static BETWEEN: OnceLock<Regex> = OnceLock::new();
    if re(&BETWEEN, r"^,\s*[A-Za-z_][\w.]*\s*[=:]$").is_match(v) {
        return true;
    }
    static CODE: OnceLock<Regex> = OnceLock::new();
    // A call, also of a method named with `:` (Lua, MOO: `this:token()`), and a Go slice type
    // (`"[]LocalObjectReference{"` in generated code).
    re(
        &CODE,
        r"^(\[\]\*?[A-Za-z_][\w.]*\{?$|\(+[A-Za-z_$][\w$.]*(\)|\(|\.|$)|[A-Za-z_$][\w$]*([.:][A-Za-z_$][\w$]*)*[(\[]|[A-Za-z_]\w*(::[A-Za-z_]\w*)+[;,)]*$|\[[A-Za-z_][\w.]*$|\{[A-Za-z_][\w.]*:$)",
    )
    .is_match(v)
}

fn words(v: &[u8], _: &[u8]) -> bool {
    // A label: `Username:` (`Credential:\tUsername: $USER`).
    if v.len() >= 4
        && v.ends_with(b":")
        && v[..v.len() - 1]
            .iter()
            .all(|b| b.is_ascii_alphabetic() || matches!(b, b' ' | b'_' | b'-'))
    {
        return true;
    }
    // A sentence written as one identifier: if_you_see_this_please_use_docker_instead.
    // One number among the words is still a sentence: secret_with_at_least_32_characters.
    let parts: Vec<&[u8]> = v.split(|&b| b == b'_' || b == b'-').collect();
    let numbers = parts
        .iter()
        .filter(|p| !p.is_empty() && p.iter().all(u8::is_ascii_digit))
        .count();
    if parts.len() >= 5
        && numbers <= 1
        && parts.iter().all(|p| {
            (p.len() >= 2 && p.iter().all(u8::is_ascii_alphabetic))
                || (!p.is_empty() && p.iter().all(u8::is_ascii_digit))
        })
    {
        return true;
    }
    // Prose: words of letters separated by spaces; a link in it is part of the prose
    // (`More info: https://...`), and so are a format's fields (`for user '%-.48s'`) and
    // symbols such as emoji.
    let text = String::from_utf8_lossy(v);
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| !(w.starts_with("http://") || w.starts_with("https://")))
        .collect();
    words.len() >= 2
        && words
            .iter()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
            .count()
            >= 2
        && words.iter().flat_map(|w| w.chars()).all(|c| {
            c.is_alphabetic() || ",.'!?:;-/()[]{}@%0123456789\"".contains(c) || !(c.is_ascii() || c.is_alphanumeric())
        })
        // Digits inside a word are a password's, not prose's: `Mr. N00dles`, `c0rrect h0rse`.
        && !words.iter().any(|w| leet(w.as_bytes()))
}

/// Whether a word has digits between letters (`N00dles`, `p4ss`), as people write passwords
/// and no language writes words.
fn leet(word: &[u8]) -> bool {
    word.windows(3).any(|w| {
        w[0].is_ascii_alphabetic() && w[1].is_ascii_digit() && (w[2].is_ascii_alphabetic() || w[2].is_ascii_digit())
    }) && {
        let first_digit = word.iter().position(u8::is_ascii_digit).unwrap_or(0);
        word[first_digit..]
            .iter()
            .skip_while(|b| b.is_ascii_digit())
            .any(u8::is_ascii_alphabetic)
    }
}

fn repetitive(v: &[u8], lower: &[u8]) -> bool {
    if v.iter().all(|&b| b == v[0]) {
        return true;
    }
    let distinct = {
        let mut seen = [false; 256];
        v.iter()
            .filter(|&&b| !std::mem::replace(&mut seen[b as usize], true))
            .count()
    };
    if distinct <= 2 {
        return true;
    }
    // A short unit repeated: asdasd, 121212, abcabcabc; a longer one in a long value:
    // deadbeefdeadbeef (`Xk9mXk9m` stays a finding).
    let repeated = |unit: usize| v.len() % unit == 0 && v.chunks(unit).all(|c| c == &v[..unit]);
    if (1..=3).any(|unit| v.len() >= 2 * unit && repeated(unit)) || (v.len() >= 16 && (4..=8).any(repeated)) {
        return true;
    }
    // Runs like abcdef, 123456, 987654 or qwerty.
    // Mostly runs: abcdefghijklmnopqrstuvwxyz0123456789ABCDEF.
    let steps = v.windows(2).filter(|w| w[1] == w[0].wrapping_add(1)).count();
    let mostly = v.len() >= 12 && steps * 4 >= (v.len() - 1) * 3;
    if sequential(v) || mostly || on_keyboard_row(lower) {
        return true;
    }
    // Runs glued together: `12345abcde`, `asdf1234`, `qwerty-1234`. Each run of letters or
    // digits is four or more characters of a sequence or a keyboard row (`abc123`, a weak
    // password people do choose, stays a finding).
    let mut runs = lower
        .split(|b| matches!(b, b'-' | b'_' | b'.'))
        .flat_map(|part| part.chunk_by(|a, b| a.is_ascii_digit() == b.is_ascii_digit()))
        .filter(|r| !r.is_empty())
        .peekable();
    runs.peek().is_some()
        && runs
            .all(|r| r.len() >= 4 && r.iter().all(u8::is_ascii_alphanumeric) && (sequential(r) || on_keyboard_row(r)))
}

/// Whether `run` steps up or down by one character all along: abcdef, 123456, 987654.
fn sequential(run: &[u8]) -> bool {
    run.windows(2).all(|w| w[1] == w[0].wrapping_add(1)) || run.windows(2).all(|w| w[1] == w[0].wrapping_sub(1))
}

/// Whether `lower` (lower case, not empty) is a stretch of a keyboard row: qwerty, asdf, 7890.
fn on_keyboard_row(lower: &[u8]) -> bool {
    const ROWS: &[&[u8]] = &[b"qwertyuiop", b"asdfghjkl", b"zxcvbnm", b"1234567890"];
    ROWS.iter().any(|r| r.windows(lower.len()).any(|w| w == lower))
}

fn masked(v: &[u8], _: &[u8]) -> bool {
    let stars = v
        .iter()
        .filter(|&&b| b == b'*' || b == b'x' || b == b'X' || b == b'#')
        .count();
    // `6a2**`, `nu***`, `SWMTKN-1-xxxxx`: a value shown in part.
    stars * 2 > v.len()
        || v.ends_with(b"**")
        || v.windows(3).any(|w| w == b"***")
        || v.ends_with(b"xxxx")
        || v.ends_with(b"XXXX")
}

#[cfg(test)]
mod tests {
    use super::noise;

    #[test]
    fn noise_is_filtered() {
        for v in [
            "changeme",
            "xxx",
            "<password>",
            "${DB_PASSWORD}",
            "%(password)s",
            "{{ vault_password }}",
            "your-key-here",
            "os.environ['PW']",
            "System.getenv(\"PW\")",
            "123e4567-e89b-12d3-a456-426614174000",
            "1.2.3",
            "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==",
            "userPassword",
            "db_password_field",
            "Please enter your password",
            "aaaaaaaa",
            "12345678",
            "qwerty",
            "********",
            "",
            "ab",
            "true",
            "write",
            "86400",
            "3600s",
            "Contraseña",
            "Show Password",
            "Invalid username and password.",
            "test1234",
            "mypass",
            "mysecretpassword",
            "secret_password_123",
            "wrongPassword",
            "flags.2?InputCheckPasswordSRP",
            "flags.3?true",
            "', db='",
            "[]LocalObjectReference{",
            "012345689abcdefthisisafaketokenfedcba9876543210",
            "7f3a_not_a_real_key_91c2",
            "{auth_token",
            "Token::SAR;",
            "[theRequest",
            "{type:",
            "<Value",
            "###ORACLE_PWD###",
            "pw.getPassword(",
            "response[",
            "(RSAPrivateKey)",
            "((PasswordProtection)",
            "self._get_auth_from_url(proxy_url",
            "decode_auth(entry[",
            "`awk",
            "md5",
            "include",
            "((demo-password))",
            "$ORACLE_HOME/pwd.txt",
            "cognito-idp:AdminSetUserPassword",
            "@/dev/stdin",
            "jjwt-api:0.11.2",
            "io.jsonwebtoken:jjwt-impl:0.11.2",
            "pbkdf2_sha256$36000$PnIDqW2Atwye$ZKCDEzn+KsGMHrAb4Cq7MDpWVrW4smFl0MK/7Ehxp6g=",
            "sha1$1b11b$edeb0a67a9622f1f2cfeabf9188a711f5ac7d236",
            "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
            "{SHA}e982f17bcbe0f724063b708a4f76db211a999304",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF",
            "bXlwYXNz",
            "passw2",
            "asdasd",
            "0x00000008",
            "%MYSQL_PASSWORD%",
            "<%= Employee.crypto_provider.encrypt(\"drewrocks\") %>",
            "required|min:8",
            "String!",
            "secret_with_at_least_32_characters",
            "$YOUR_SECRET_TOKEN$",
            "github:integration:#{@organization.downcase}:access-token",
            "\\password succeeded for %q",
            "C:\\",
            "password from pgpass for user@abc",
            "https://test_username:<hidden>@server.com/resource.zip",
            "http://test_user:test_password@myfakeurl.com/myconf.zip",
            "ALTER ROLE scram_sha_256_user PASSWORD E{!r};",
            "6a2**",
            "password=(.+?)((\\s[a-zA-Z]+=)|$)",
            "cGFzc3dvcmQxMjM=",
            "\\).*",
            "userPass",
            "token4",
            "google_secret_manager_secret.wrongsecret_1.id",
            "bandit.plugins.general_hardcoded_password:hardcoded_password_string",
            "Access-Control-Allow-Credentials",
            "-----BEGIN PRIVATE KEY-----",
            "${DB_PASSWORD:}",
            "%s%n",
            "NextToken",
            "sk-ant-api03-...",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "String!):",
            "1324@myrepo.com/path/to/repo.git",
            "this:token()",
            "symbol:clone()",
            "tokens){",
            " --timeout= --socket= --no-timeout -- --no-socket",
            "hashedPassword}",
            "nil)",
            "function",
            "async ctx => {",
            "^1.0.0",
            "~> 2.3",
            "%%PWD%%",
            "!ChangeMe!",
            "$env:Helix_JobToken",
            "users/check_credentials",
            "ftp://test_username_ftp:test_password_321@server.com/resurce.zip",
            "client_key_passphrase",
            "passphrase\\t\\t\\t",
            "Wachtwoord",
            "%RANDOM%@%RANDOM%",
            "+mydomval(",
            "SWMTKN-1-xxxxx",
            "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=",
            "%DB.ROLE%",
            "{ lblShow: 'Show', lblHide: 'Hide' }",
            ").Append(Password).Append(",
            "@word(6)",
            "09:20:31",
            "$3:1:GepdvExsvzA:JXMHpXDZqtU5zNh5y5HB8KmLKbHc2VdeuxQo6CTl",
            "{AQAAABAAAAAQtnCexFYLFtmTQCL0x3wnirMnXVA7aZy+lfrfso+SjHI=}",
            "Optional: the reference to the secret. More info: https://example.org/a#b",
            ".gpg",
            "mysql_native_password",
            "me@example.com",
            "12345abcde",
            "asdf1234",
            "пароль",
            "Contraseña1",
            "\" +  escape(mydomval(\"",
            "\" && head -1 </dev/stdin | tr -d '\\n' | sha256sum | cut -d\"",
            "Username:",
            "async",
            "await",
            "whatever",
            "password-text",
            "token_string",
            "fake-generated-password",
            "mock_refresh_token",
            "correct horse battery staple",
            "correcthorsebatterystaple",
            "<database_schema_password:",
            "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef",
            "my_password'",
            "b'foobar'",
            "Access denied for user '%-.48s'@'%-.64s'",
            "someone already has this password 🤪",
        ] {
            assert!(noise(v.as_bytes()).is_some(), "{v} should be noise");
        }
    }

    #[test]
    fn judged_with_the_name() {
        use super::noise_named;
        let noise = |name: Option<&str>, v: &str| noise_named(name.map(str::as_bytes), v.as_bytes()).is_some();
        // Hex is a checksum or a password's stored hash, unless a token, secret or key name holds it.
        assert!(noise(None, "d41d8cd98f00b204e9800998ecf8427e"));
        assert!(noise(None, "da39a3ee5e6b4b0d3255bfef95601890afd80709"));
        assert!(noise(Some("password"), "65079b006e85a7e798abecb99e47c154"));
        assert!(!noise(
            Some("GITHUB_CLIENT_SECRET"),
            "da39a3ee5e6b4b0d3255bfef95601890afd80709"
        ));
        assert!(!noise(Some("appKey"), "D41D8CD98F00B204E9800998ECF8427E"));
        // Public key fingerprints and ids.
        assert!(noise(Some("GPG_KEY"), "0D96DF4D4110E5C43FBFB17F2D347EA6AA65421D"));
        assert!(noise(Some("key_fingerprint"), "3A:5C:11:9F:00:AB:CD:EF"));
        // Machine-made credentials are never plain words or a few characters.
        for v in [
            "testac",
            "X-Access-Token",
            "oauth_token",
            "my-root-token",
            "different-token",
            "psst",
            "strengths",
            "abc123",
            " FROM ",
        ] {
            assert!(
                noise(Some("access_token"), v),
                "{v} given to a token name should be noise"
            );
        }
        assert!(noise(Some("CLIENT_SECRET"), "client_secret_removed"));
        // A Python string prefix is not part of the value (`'client_secret': r'potato'`).
        assert!(noise(Some("'client_secret'"), "r'potato"));
        for v in [
            "qpwoeirutyalskdjfh",
            "ll1D85fGDCTr4AAxC",
            "k7Qz9-Lm2x-Wt4",
            "epzrjvxtumoc",
        ] {
            assert!(!noise(Some("token"), v), "{v} given to a token name should be kept");
        }
        // People choose passwords: words and short values stay findings there.
        assert!(!noise(Some("DB_PASSWORD"), "Oradoc_db1x"));
        assert!(!noise(Some("secret_password"), "hunter-Rocks"));
        assert!(!noise(Some("credentials"), "moose2"));
        // The name's own judgments.
        assert!(noise(Some("password_reset_url"), "Xk9mQ2vL7pR4t"));
        assert!(noise(Some("client_secret"), "client-secret"));
    }

    #[test]
    fn keys_about_secrets() {
        use super::descriptive_key;
        assert!(descriptive_key(b"password_reset_url"));
        assert!(descriptive_key(b"TOKEN_TTL"));
        assert!(descriptive_key(b"\"secret_name\""));
        assert!(!descriptive_key(b"DB_PASSWORD"));
        assert!(!descriptive_key(b"api_key"));
        assert!(descriptive_key(b"\"AWS::ApiGateway::ApiKey\""));
        assert!(descriptive_key(b"AWS::SecretsManager::Secret\""));
        assert!(descriptive_key(b"'AWS::IAM::AccessKey'"));
        assert!(descriptive_key(b"ETCD_INITIAL_CLUSTER_TOKEN"));
        assert!(descriptive_key(b"initial-cluster-token"));
        assert!(descriptive_key(b"NOPASSWD"));
        assert!(descriptive_key(b"\"management.cattle.io/harvester-token-checksum\""));
        assert!(!descriptive_key(b"ETCD_CLIENT_TOKEN"));
        assert!(descriptive_key(b"\\\"hashed_token\\\""));
        assert!(!descriptive_key(b"Config::API_KEY"));
        assert!(!descriptive_key(b"\"Settings::PASSWORD\""));
        assert!(!descriptive_key(b"aws::secret"));
        assert!(descriptive_key(b"tokenizer"));
        assert!(descriptive_key(b"'labelPassword'"));
        assert!(descriptive_key(b"enterRoomPassword"));
        assert!(descriptive_key(b"PublicKeyToken"));
        assert!(descriptive_key(b"crypted_password"));
        assert!(descriptive_key(b"pkg_vmq_passwd_commit"));
        assert!(descriptive_key(b"GCM_CREDENTIAL_CACHE_OPTIONS"));
        assert!(!descriptive_key(b"newPassword"));
        assert!(!descriptive_key(b"island_token"));
        assert!(descriptive_key(b"'img/password.svg'"));
        assert!(descriptive_key(b"secretsmanager"));
        assert!(descriptive_key(b"encrypted_key"));
        assert!(descriptive_key(b"ER_ACCESS_DENIED_NO_PASSWORD_ERROR"));
    }

    #[test]
    fn values_naming_their_key() {
        use super::self_describing;
        assert!(self_describing(b"QUERY_PARAM_APP_TOKEN", b"app-token"));
        assert!(self_describing(b"client_secret", b"client-secret"));
        assert!(self_describing(
            b"DEFAULT_AZURE_CREDENTIAL",
            b"default_azure_credential"
        ));
        assert!(self_describing(b"\"X-Api-Key\"", b"x-api-key"));
        assert!(!self_describing(b"DB_PASSWORD", b"db-pass-4Xz"));
        assert!(!self_describing(b"password", b"hunter2"));
        assert!(!self_describing(b"POSTGRES_PASSWORD", b"postgres"));
    }

    #[test]
    fn secrets_are_kept() {
        for v in [
            "Tr0ub4dor&3",
            "s3cr3t-P@ssw0rd!",
            "hunter2-Rocks",
            "--Xk9mQ2vL7pR4t",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYz9xQ2PkR7a",
            "9f8Kq2LmZx7Rt4Vb",
            "Xk9mQ2vL7pR4t",
            "D41d8cd98f00b204e9800998ecf8427E",
            "cat",
            "admin",
            "Password2022",
            "mysupersecretpassword",
            "${MYSQL_PASSWORD:db-57xsl}",
            "guest_password",
            "DeliberatelyInsecure1235",
            "quickstart",
            "czNjcjN0LVBAc3N3MHJkIQ==",
            "t8_)kj3v!au0!_i56#gre**mkg0&z1df%3bw(#5^#^5e_64!$_",
            "postgres://app:Xk9mQ2vL7pR4t@db.internal:5432/app",
            "9f8Kq2(Lm)",
            "k7Qz9-Lm2x]",
            "abc123",
            "p%C3%A9ss%2Fw0rd",
            "Qm7$?5l+Zk2RvT§x9",
            "b'EPj00jpfj8Gx1SjnyLxwBBSQfnQ9DJYe0Ym'",
            "1t'sB1g3rt",
            "Mr. N00dles",
            "Xk9mXk9m",
            "Wq8€pL3!zN",
        ] {
            assert_eq!(noise(v.as_bytes()), None, "{v} should be kept");
        }
    }
}
