//! Structural checks of provider secrets: checksums and encodings that random text or a
//! placeholder almost never passes.

use crate::rules::schema::Validator;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

/// Whether `secret` passes `v`.
pub fn check(v: Validator, secret: &[u8]) -> bool {
    match v {
        Validator::GithubCrc32 => github_crc32(secret),
        Validator::Jwt => jwt(secret),
        Validator::Base64 => base64_bytes(secret),
        Validator::BasicAuth => basic_auth(secret),
        Validator::NkeySeed => nkey_seed(secret),
    }
}

/// A NATS nkey seed: 58 base32 characters that decode to 36 bytes whose last two are the
/// CRC16-XMODEM (little-endian) of the first 34.
fn nkey_seed(secret: &[u8]) -> bool {
    let Some(raw) = base32_decode(secret) else {
        return false;
    };
    if raw.len() != 36 {
        return false;
    }
    let (body, crc) = raw.split_at(34);
    crc16_xmodem(body) == u16::from_le_bytes([crc[0], crc[1]])
}

/// RFC 4648 base32 without padding (upper case); `None` on any other character.
fn base32_decode(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &c in text {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => return None,
        };
        buffer = (buffer << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn crc16_xmodem(data: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// Base64 of `user:password`, printable, with a password that is not noise.
fn basic_auth(secret: &[u8]) -> bool {
    let Ok(decoded) = STANDARD.decode(secret.trim_ascii()) else {
        return false;
    };
    // `echo user:pass | base64` encodes the newline too.
    let decoded = decoded.trim_ascii_end();
    if !decoded.iter().all(|b| (0x20..0x7f).contains(b)) {
        return false;
    }
    match decoded.iter().position(|&b| b == b':') {
        Some(colon) if colon > 0 => super::generic::noise(&decoded[colon + 1..]).is_none(),
        _ => false,
    }
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// The 6-character base62 form of a CRC32, as GitHub and npm append it to their tokens.
pub fn base62_crc32(data: &[u8]) -> String {
    let mut n = crc32fast::hash(data) as u64;
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8(out.to_vec()).expect("ASCII")
}

/// `prefix_` + 30 base62 characters + their 6-character base62 CRC32.
fn github_crc32(secret: &[u8]) -> bool {
    let Some(us) = secret.iter().rposition(|&b| b == b'_') else {
        return false;
    };
    let body = &secret[us + 1..];
    if body.len() != 36 || !body.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (random, checksum) = body.split_at(30);
    base62_crc32(random).as_bytes() == checksum
}

/// Three base64url parts; the header decodes to a JSON object with an `alg`. A short payload
/// (under 27 characters, 20 bytes) must hold a time claim (`{"exp":1589585563}`, a service's
/// token): without one it is a README's example (`{"some":"payload"}`, `{"sub":"Joe"}`).
fn jwt(secret: &[u8]) -> bool {
    use serde_json::Value;
    let parts: Vec<&[u8]> = secret.split(|&b| b == b'.').collect();
    if parts.len() != 3 || parts[1].is_empty() {
        return false;
    }
    let json = |part: &[u8]| {
        URL_SAFE_NO_PAD
            .decode(part.trim_ascii_end())
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
    };
    let Some(Value::Object(header)) = json(parts[0]) else {
        return false;
    };
    if !header.contains_key("alg") {
        return false;
    }
    if parts[1].len() >= 27 {
        return true;
    }
    match json(parts[1]) {
        Some(Value::Object(claims)) => ["exp", "iat", "nbf"]
            .iter()
            .any(|c| claims.get(*c).is_some_and(Value::is_number)),
        _ => false,
    }
}

/// Standard or URL-safe base64 of at least 16 bytes.
fn base64_bytes(secret: &[u8]) -> bool {
    let trimmed: Vec<u8> = secret.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
    STANDARD
        .decode(&trimmed)
        .or_else(|_| URL_SAFE_NO_PAD.decode(trimmed.strip_suffix(b"=").unwrap_or(&trimmed)))
        .is_ok_and(|d| d.len() >= 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_checksum() {
        let random = "Zq8XkR2mN4pL7sT1vW9yB3cD5fG6hJ";
        let token = format!("ghp_{random}{}", base62_crc32(random.as_bytes()));
        assert!(check(Validator::GithubCrc32, token.as_bytes()), "{token}");
        let mut bad = token.clone().into_bytes();
        bad[10] = if bad[10] == b'a' { b'b' } else { b'a' };
        assert!(!check(Validator::GithubCrc32, &bad));
        assert!(!check(
            Validator::GithubCrc32,
            b"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        ));
        assert_eq!(base62_crc32(b"").len(), 6);
    }

    #[test]
    fn jwt_header() {
        // {"alg":"HS256","typ":"JWT"} . {"sub":"ci-bot","scope":"deploy"} . signature
        let t = b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjaS1ib3QiLCJzY29wZSI6ImRlcGxveSJ9.c2lnbmF0dXJl";
        assert!(check(Validator::Jwt, t));
        // A short payload is a token only with a time claim: {"exp":1893456000}, not {"sub":"1"}.
        assert!(check(
            Validator::Jwt,
            b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE4OTM0NTYwMDB9.c2lnbmF0dXJl"
        ));
        assert!(!check(
            Validator::Jwt,
            b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
        ));
        assert!(!check(Validator::Jwt, b"abc.def.ghi"));
        assert!(!check(Validator::Jwt, b"eyJhbGciOiJIUzI1NiJ9"));
    }

    #[test]
    fn basic_auth_credentials() {
        assert!(check(Validator::BasicAuth, b"YWRtaW46UzNjdXJlIVBhc3MyMDI0")); // admin:S3cure!Pass2024
        assert!(!check(Validator::BasicAuth, b"dXNlcjpwYXNzd29yZA==")); // user:password
        assert!(!check(Validator::BasicAuth, b"c2VjcmV0LWtleS1tYXRlcmlhbA==")); // no colon
        assert!(!check(Validator::BasicAuth, b"not base64!"));
        assert!(check(Validator::BasicAuth, b"bWVnYTpSN3F6LUxtMngtV3Q0Cg==")); // mega:R7qz-Lm2x-Wt4 and a newline
    }

    #[test]
    fn nkey_seeds() {
        // Invented seeds: one with its checksum, one with its last character changed.
        assert!(check(
            Validator::NkeySeed,
            b"SUAAOCAJBIFQYDIOB4IBCEQTCQKRMFYYDENBWHA5DYPSAIJCEMSCKJR2OM"
        ));
        assert!(!check(
            Validator::NkeySeed,
            b"SUAAOCAJBIFQYDIOB4IBCEQTCQKRMFYYDENBWHA5DYPSAIJCEMSCKJR2OA"
        ));
        assert!(!check(Validator::NkeySeed, b"SUAAOCAJBIFQYDIOB4"));
        assert!(!check(
            Validator::NkeySeed,
            b"suaaocajbifqydiob4ibceqtcqkrmfyydenbwha5dypsaijcemsckjr2om"
        ));
    }

    #[test]
    fn base64_length() {
        assert!(check(Validator::Base64, b"c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY="));
        assert!(!check(Validator::Base64, b"c2hvcnQ="));
        assert!(!check(Validator::Base64, b"not base64 at all!"));
    }
}
