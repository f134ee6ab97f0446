//! Undoes the forms a PEM key takes in environment variables and secret
//! stores (`\n` escapes, CRLF or CR line ends, quotes, indentation, the whole
//! PEM base64-encoded), and recognises the texts that are not PEM at all, to
//! say what they are. No library does this; it is ours.

use zeroize::Zeroizing;

use super::bytes::decode_base64;
use super::der;
use super::errors::{malformed, not_rsa, public_key_error};
use super::format::KeyEncoding;
use crate::error::{Error, ErrorKind};

/// PEM text after undoing the environment-variable forms, plus how it came.
pub(super) struct Normalised {
    /// One PEM line per `\n`, each trimmed, no blank lines.
    pub(super) pem: Zeroizing<String>,
    pub(super) encoding: KeyEncoding,
    pub(super) had_crlf: bool,
    pub(super) had_surrounding_whitespace: bool,
}

pub(super) const PEM_BEGIN: &str = "-----BEGIN ";
/// Base64 of "-----": every base64-encoded PEM starts with it.
const BASE64_PEM_PREFIX: &str = "LS0tLS";
/// Base64 of a DER SEQUENCE's tag and the start of its length: every
/// unarmoured key of 128 bytes or more starts with it.
const BASE64_DER_PREFIX: &str = "MI";

pub(super) fn normalise(input: &str) -> Result<Normalised, Error> {
    if input.contains('\0') {
        // Possible through the length-form C ABI; a NUL is never part of a key.
        return Err(malformed("contains a NUL byte, which PEM text never does (was binary data passed?)"));
    }
    let input = without_bom(input);
    let unquoted = strip_matching_quotes(input.trim());
    if unquoted.is_empty() {
        return Err(Error::new(
            ErrorKind::KeyMissing,
            format!(
                "signing key is missing or blank: pass the RSA private key (PEM text) downloaded from \
                 the Engagespot console, or set {}",
                crate::environment::SIGNING_KEY_VARIABLE
            ),
        ));
    }
    // A file's final line break is not worth a remark.
    let had_surrounding_whitespace = unquoted.len() != input.trim_end_matches(['\r', '\n']).len();

    if unquoted.contains(PEM_BEGIN) {
        return Ok(normalise_pem_text(unquoted, KeyEncoding::Pem, had_surrounding_whitespace));
    }
    if unquoted.starts_with(BASE64_PEM_PREFIX) {
        let compact = without_whitespace(unquoted);
        let decoded = decode_base64(&compact).ok_or_else(|| malformed("looks base64-encoded but does not decode"))?;
        let text =
            std::str::from_utf8(&decoded).map_err(|_| malformed("is base64 that does not decode to PEM text"))?;
        if !text.trim_start().starts_with(PEM_BEGIN) {
            return Err(malformed("is base64 that does not decode to PEM text"));
        }
        return Ok(normalise_pem_text(text.trim(), KeyEncoding::Base64Pem, had_surrounding_whitespace));
    }
    Err(not_pem(unquoted))
}

/// Names what a text without a `-----BEGIN` line is, and what to do.
fn not_pem(text: &str) -> Error {
    if text.starts_with('{') {
        return jwk_error(text);
    }
    if ["ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-"].iter().any(|p| text.starts_with(p)) {
        return public_key_error("an OpenSSH public key");
    }
    if text.starts_with(BASE64_DER_PREFIX) && text.bytes().all(|b| b.is_ascii_whitespace() || is_base64_byte(b)) {
        let compact = without_whitespace(text);
        return match decode_base64(&compact) {
            Some(der) => der::unarmoured(&der),
            None => malformed("looks like base64 without PEM armour, but does not decode"),
        };
    }
    if looks_like_path(text) {
        return Error::new(
            ErrorKind::KeyIsPath,
            "signing key looks like a file path, not a key: pass the file's contents (the PEM \
             text starting with -----BEGIN PRIVATE KEY-----), for example \
             file_get_contents($path) in PHP or fs.readFileSync(path, 'utf8') in Node, \
             or a file:///absolute/path URI",
        );
    }
    malformed("is not PEM text (no -----BEGIN line was found)")
}

fn is_base64_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')
}

/// The text without ASCII whitespace, in a wiped buffer that never grows.
fn without_whitespace(text: &str) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(text.len()));
    out.extend(text.bytes().filter(|b| !b.is_ascii_whitespace()));
    out
}

/// The command that converts a private JWK to PKCS#8 PEM with Node's own
/// crypto module (no package to install).
const JWK_TO_PEM: &str = "node -e \"process.stdout.write(require('crypto').createPrivateKey({key: \
     JSON.parse(require('fs').readFileSync(0, 'utf8')), format: 'jwk'}).export({type: 'pkcs8', format: \
     'pem'}))\" < key.jwk > private.pem";

/// A JSON Web Key (RFC 7517) says what it is in `kty`, and is private when it
/// has `d`. Scanned, not parsed: a JSON parser would leave unwiped copies of
/// the private members behind.
fn jwk_error(text: &str) -> Error {
    let private = json_member(text, "d").is_some();
    match json_member(text, "kty").and_then(json_string) {
        Some("RSA") if private => Error::new(
            ErrorKind::KeyMalformed,
            format!(
                "signing key is a JSON Web Key (JWK), and this library takes PEM: convert it once with \
                 `{JWK_TO_PEM}` and pass the PEM"
            ),
        ),
        Some("RSA") => public_key_error("a public JSON Web Key (JWK)"),
        Some("EC") => not_rsa("an EC JSON Web Key (JWK)"),
        Some("OKP") => not_rsa("an Ed25519 or X25519 JSON Web Key (JWK)"),
        Some("oct") => not_rsa("a symmetric (oct) JSON Web Key (JWK)"),
        Some(_) => not_rsa("a JSON Web Key (JWK) of another type"),
        None => malformed("is JSON, not a key"),
    }
}

/// The text after `"name":` for the first member of that name.
fn json_member<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let quoted = format!("\"{name}\"");
    let mut rest = text;
    while let Some(at) = rest.find(&quoted) {
        rest = rest[at + quoted.len()..].trim_start();
        if let Some(value) = rest.strip_prefix(':') {
            return Some(value.trim_start());
        }
    }
    None
}

/// The JSON string that `value` starts with (no escapes: `kty` values have none).
fn json_string(value: &str) -> Option<&str> {
    let value = value.strip_prefix('"')?;
    Some(&value[..value.find('"')?])
}

fn strip_matching_quotes(s: &str) -> &str {
    for quote in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(quote) && s.ends_with(quote) {
            return s[1..s.len() - 1].trim();
        }
    }
    s
}

/// The text with a leading byte-order mark, matching surrounding quotes and
/// whitespace removed, as the key itself is read (for `file://` URIs in
/// environment variables and files saved by Windows editors).
pub(super) fn unquoted(input: &str) -> &str {
    strip_matching_quotes(without_bom(input).trim())
}

/// Windows editors may start a saved file with a byte-order mark.
fn without_bom(input: &str) -> &str {
    input.strip_prefix('\u{feff}').unwrap_or(input)
}

/// Undoes `\n` escapes, CRLF and CR-only line ends, and trims every line
/// (keys pasted into YAML or indented config come with leading spaces).
fn normalise_pem_text(text: &str, encoding: KeyEncoding, had_surrounding_whitespace: bool) -> Normalised {
    let had_crlf = text.contains("\r\n") || text.contains("\\r\\n");
    let mut encoding = encoding;
    let unescaped: Zeroizing<String>;
    let text = if text.contains("\\n") {
        if encoding == KeyEncoding::Pem {
            encoding = KeyEncoding::EscapedNewlines;
        }
        unescaped = unescape_newlines(text);
        unescaped.as_str()
    } else {
        text
    };
    let mut pem = Zeroizing::new(String::with_capacity(text.len() + 1));
    for line in text.split(['\r', '\n']) {
        let line = line.trim();
        if !line.is_empty() {
            pem.push_str(line);
            pem.push('\n');
        }
    }
    Normalised { pem, encoding, had_crlf, had_surrounding_whitespace }
}

/// Replaces the two-character escapes `\r\n` and `\n` with a line break,
/// into one buffer that never grows (so no unwiped copy is left behind).
fn unescape_newlines(text: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut rest = text;
    while let Some(at) = rest.find("\\n") {
        let line = rest[..at].strip_suffix("\\r").unwrap_or(&rest[..at]);
        out.push_str(line);
        out.push('\n');
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

fn looks_like_path(s: &str) -> bool {
    if s.contains('\n') || s.len() > 4096 {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let bytes = s.as_bytes();
    let windows_drive =
        bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && matches!(bytes[2], b'\\' | b'/');
    s.starts_with('/')
        || s.starts_with("./")
        || s.starts_with("../")
        || s.starts_with("~/")
        || s.starts_with("file:")
        || windows_drive
        || [".pem", ".key", ".der", ".p8", ".txt"].iter().any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_detection() {
        for p in ["/etc/keys/private.pem", "./key.pem", "~/k", "C:\\keys\\k.pem", "keys/private.key", "file:/k"] {
            assert!(looks_like_path(p), "{p}");
        }
        for p in ["abc", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "line\n/x.pem"] {
            assert!(!looks_like_path(p), "{p}");
        }
    }

    #[test]
    fn quotes_are_stripped_only_when_matching() {
        assert_eq!(strip_matching_quotes("\"abc\""), "abc");
        assert_eq!(strip_matching_quotes("'abc'"), "abc");
        assert_eq!(strip_matching_quotes("\"abc'"), "\"abc'");
        assert_eq!(strip_matching_quotes("\""), "\"");
    }

    #[test]
    fn unescape_handles_both_escapes_and_keeps_the_rest() {
        assert_eq!(unescape_newlines("a\\nb\\r\\nc\\\\x").as_str(), "a\nb\nc\\\\x");
        assert_eq!(unescape_newlines("no escapes").as_str(), "no escapes");
    }

    #[test]
    fn cr_only_line_ends_become_lines() {
        let normalised = normalise_pem_text("a\rb\r\rc", KeyEncoding::Pem, false);
        assert_eq!(normalised.pem.as_str(), "a\nb\nc\n");
        assert!(!normalised.had_crlf);
    }

    #[test]
    fn json_members_are_found_by_name_and_colon() {
        let jwk = r#"{ "use" : "d", "kty" :  "RSA", "d": "x" }"#;
        assert_eq!(json_member(jwk, "kty").and_then(json_string), Some("RSA"));
        assert!(json_member(jwk, "d").is_some());
        assert!(json_member(r#"{"kty":"RSA","use":"d"}"#, "d").is_none());
    }
}
