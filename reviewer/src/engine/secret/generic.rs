//! Filters for generic secrets: values found by their name (`password = "..."`) rather than by
//! a provider's format. Most such values are not secrets: placeholders, lookups of the
//! environment or a secret store, hashes, identifiers, words. Each filter returns why a value
//! is noise, so that tests and `--explain`-style debugging can say which one fired.

use regex::bytes::Regex;
use std::sync::OnceLock;

/// A filter: the value, and the value in lower case.
type Filter = fn(&[u8], &[u8]) -> bool;

/// Why a value is not reported, or `None` when it looks like a real secret.
pub fn noise(value: &[u8]) -> Option<&'static str> {
    let v = trim_quotes(value.trim_ascii());
    if v.len() < 4 {
        return Some("too short");
    }
    if v.len() > 512 {
        return Some("too long for a password");
    }
    let lower = v.to_ascii_lowercase();
    let filters: [(&str, Filter); 9] = [
        ("placeholder", placeholder),
        ("lookup of the environment or a secret store", lookup),
        ("hash or checksum", hash),
        ("UUID", uuid),
        ("version string", version),
        ("identifier or path", identifier),
        ("natural-language words", words),
        ("repeated or sequential characters", repetitive),
        ("masked value", masked),
    ];
    filters.iter().find(|(_, f)| f(v, &lower)).map(|(why, _)| *why)
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
    // ${VAR}, $VAR, %(name)s, %s, {{ var }}, {var}, <password>, [password], @VAR@, __VAR__
    let template = re(
        &TEMPLATE,
        r"^(\$\{[^}]*\}?|\$[A-Za-z_][A-Za-z0-9_]*|%\([^)]*\)[sd]|%[sd]|\{\{.*\}\}|\{[^{}]*\}|<[^<>]*>|\[[^\[\]]*\]|@[A-Za-z_]+@|__[A-Za-z0-9_]+__|\$\([^)]*\))$",
    );
    if template.is_match(v) || v.windows(2).any(|w| w == b"${") || v.windows(2).any(|w| w == b"{{") {
        return true;
    }
    let words = re(
        &WORDS,
        r"(?x)^[-_.\s]*(
            change[-_.\s]?(me|it|this)|replace[-_.\s]?(me|this|with.*)|
            (your|my|the|some|enter|insert|put|add|set)[-_.\s]?.*[-_.\s]?(here|key|token|secret|password|pass|pwd|value|id)|
            .*[-_.\s]here|
            (dummy|fake|sample|example|placeholder|redacted|removed|hidden|masked|notreal|not[-_.\s]?a[-_.\s]?(real|secret).*|
             todo|tbd|fixme|none|null|nil|undefined|empty|blank|default|unknown|unset|n/?a|
             secret|password|passwd|pass|pwd|token|apikey|api[-_.\s]?key|key|credentials?|private[-_.\s]?key|
             (test|demo|example|sample|dummy|fake)[-_.\s]?(secret|password|passwd|pass|pwd|token|key|api[-_.\s]?key)s?)
        )[-_.\s0-9]*$",
    );
    words.is_match(lower)
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
        .any(|m| lower.starts_with(m) || (m.len() > 5 && lower.windows(m.len()).any(|w| w == *m)))
}

fn hash(v: &[u8], lower: &[u8]) -> bool {
    static INTEGRITY: OnceLock<Regex> = OnceLock::new();
    let hex = v.iter().all(u8::is_ascii_hexdigit);
    if hex && matches!(v.len(), 32 | 40 | 56 | 64 | 96 | 128) {
        // A digest, unless it mixes cases (hex digests are one case).
        let upper = v.iter().any(u8::is_ascii_uppercase);
        let lowercase = v.iter().any(u8::is_ascii_lowercase);
        return !(upper && lowercase);
    }
    re(&INTEGRITY, r"^(sha1|sha256|sha384|sha512|md5)[-:][A-Za-z0-9+/=]+$").is_match(lower)
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
    re(&VERSION, r"^[vV]?\d+(\.\d+){1,3}([-+._][0-9A-Za-z.-]+)?$").is_match(v)
}

fn identifier(v: &[u8], _: &[u8]) -> bool {
    static IDENT: OnceLock<Regex> = OnceLock::new();
    // camelCase / PascalCase / snake_case / kebab-case / dotted.names / CONSTANT_NAMES, paths,
    // and URLs without a password.
    re(
        &IDENT,
        r"^([a-z]{2,}([A-Z][a-z]{2,}[0-9]*)+|([A-Z][a-z]{2,}[0-9]*){2,}|[a-z][a-z0-9]*([_.-][a-z][a-z0-9]*)+|[A-Z][A-Z0-9]*(_[A-Z0-9]+)+|[a-zA-Z]+(\.[a-zA-Z_][a-zA-Z0-9_]*)+\(?\)?|\.{0,2}/[\w./-]*|[a-z][a-z0-9+.-]*://[^:@\s]*)$",
    )
    .is_match(v)
}

fn words(v: &[u8], _: &[u8]) -> bool {
    // Prose: several words of letters separated by spaces.
    let spaces = v.iter().filter(|&&b| b == b' ').count();
    spaces >= 2
        && v.iter()
            .all(|b| b.is_ascii_alphabetic() || matches!(b, b' ' | b',' | b'.' | b'\'' | b'!' | b'?' | b':' | b'-'))
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
    // Runs like abcdef, 123456, 987654 or qwerty.
    let sequential =
        v.windows(2).all(|w| w[1] == w[0].wrapping_add(1)) || v.windows(2).all(|w| w[1] == w[0].wrapping_sub(1));
    const ROWS: &[&[u8]] = &[b"qwertyuiop", b"asdfghjkl", b"zxcvbnm", b"1234567890"];
    sequential || ROWS.iter().any(|r| r.windows(lower.len()).any(|w| w == lower))
}

fn masked(v: &[u8], _: &[u8]) -> bool {
    let stars = v
        .iter()
        .filter(|&&b| b == b'*' || b == b'x' || b == b'X' || b == b'#')
        .count();
    stars * 2 > v.len()
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
            "d41d8cd98f00b204e9800998ecf8427e",
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "123e4567-e89b-12d3-a456-426614174000",
            "1.2.3",
            "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==",
            "userPassword",
            "db_password",
            "Please enter your password",
            "aaaaaaaa",
            "12345678",
            "qwerty",
            "********",
            "",
            "abc",
        ] {
            assert!(noise(v.as_bytes()).is_some(), "{v} should be noise");
        }
    }

    #[test]
    fn secrets_are_kept() {
        for v in [
            "Tr0ub4dor&3",
            "s3cr3t-P@ssw0rd!",
            "hunter2-Rocks",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYz9xQ2PkR7a",
            "9f8Kq2LmZx7Rt4Vb",
            "Xk9mQ2vL7pR4t",
            "D41d8cd98f00b204e9800998ecf8427E",
        ] {
            assert_eq!(noise(v.as_bytes()), None, "{v} should be kept");
        }
    }
}
