//! Signing-key intake: accept the forms a key takes in files, environment
//! variables and secret stores, reject everything else with an error that
//! says what to do, and parse the key once into an aws-lc `RsaKeyPair`.
//!
//! Every copy of key text or DER made here lives in a `Zeroizing` buffer
//! sized up front (so it never reallocates and leaves a copy behind), and is
//! wiped before it is freed; `tests/zeroize.rs` checks this. The PEM body is
//! decoded here with the base64 crate rather than by jsonwebtoken, whose PEM
//! path (the pem and simple_asn1 crates) frees its copies without wiping them.

use std::fmt;

use aws_lc_rs::signature::RsaKeyPair;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorKind};

/// Smallest accepted RSA modulus, in bits.
pub const MIN_KEY_BITS: usize = 2048;
/// Largest accepted RSA modulus, in bits (aws-lc's limit).
pub const MAX_KEY_BITS: usize = 8192;

/// The PEM structure the key was in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyFormat {
    /// `-----BEGIN RSA PRIVATE KEY-----` (RFC 8017 `RSAPrivateKey`).
    Pkcs1,
    /// `-----BEGIN PRIVATE KEY-----` (RFC 5208 `PrivateKeyInfo`).
    Pkcs8,
}

/// How the PEM text arrived, before it was normalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyEncoding {
    /// Plain PEM text, as in the file downloaded from the console.
    Pem,
    /// PEM with its line breaks written as the two characters `\n`, as when a
    /// key is pasted into a one-line environment variable.
    EscapedNewlines,
    /// The whole PEM, base64-encoded onto one line.
    Base64Pem,
}

/// Facts about an accepted key. Contains no key material.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    /// Modulus size in bits.
    pub bits: usize,
    /// PKCS#1 or PKCS#8.
    pub format: KeyFormat,
    /// The form the text arrived in.
    pub encoding: KeyEncoding,
    /// Whether the text had Windows (CRLF) line ends.
    pub had_crlf: bool,
    /// Whether the text had leading or trailing whitespace or quotes.
    pub had_surrounding_whitespace: bool,
}

/// A parsed RSA private key, ready to sign. Its `Debug` output shows only
/// [`KeyInfo`]; aws-lc zeroes the key's memory when it is dropped.
pub struct SigningKey {
    pair: RsaKeyPair,
    info: KeyInfo,
}

impl SigningKey {
    /// Parses a private key from any accepted text form. See the crate docs for
    /// the forms accepted and the errors returned.
    pub fn from_text(input: &str) -> Result<SigningKey, Error> {
        let normalised = normalise(input)?;
        let (der, format) = decode_pem(&normalised.pem)?;
        let pair = RsaKeyPair::from_der(&der).map_err(|rejected| {
            let bits = rsa_modulus_bits(&der);
            match (rejected.description_(), bits) {
                ("TooSmall", bits) => too_small(bits),
                ("TooLarge", bits) => too_large(bits),
                // Guard against aws-lc changing its reason strings.
                (_, Some(bits)) if bits < MIN_KEY_BITS => too_small(Some(bits)),
                (_, Some(bits)) if bits > MAX_KEY_BITS => too_large(Some(bits)),
                _ if is_rsa_public_key(&der) => public_key_error("a public key (labelled as a private key)"),
                _ => Error::new(
                    ErrorKind::KeyMalformed,
                    "signing key is not a valid RSA private key (its numbers are inconsistent or \
                     corrupt): download the key again from the Engagespot console",
                ),
            }
        })?;
        let info = KeyInfo {
            bits: rsa_modulus_bits(&der).unwrap_or(pair.public_modulus_len() * 8),
            format,
            encoding: normalised.encoding,
            had_crlf: normalised.had_crlf,
            had_surrounding_whitespace: normalised.had_surrounding_whitespace,
        };
        Ok(SigningKey { pair, info })
    }

    /// Facts about the key, free of key material.
    pub fn info(&self) -> &KeyInfo {
        &self.info
    }

    /// The signature length in bytes (the modulus length).
    pub fn signature_len(&self) -> usize {
        self.pair.public_modulus_len()
    }

    /// The public key as DER `RSAPublicKey` (PKCS#1), e.g. for
    /// `jsonwebtoken::DecodingKey::from_rsa_der` or comparison with the
    /// public key uploaded to the console.
    pub fn public_key_der(&self) -> &[u8] {
        use aws_lc_rs::signature::KeyPair as _;
        self.pair.public_key().as_ref()
    }

    pub(crate) fn pair(&self) -> &RsaKeyPair {
        &self.pair
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey").field("info", &self.info).finish_non_exhaustive()
    }
}

fn too_small(bits: Option<usize>) -> Error {
    let size =
        bits.map_or_else(|| format!("an RSA key smaller than {MIN_KEY_BITS} bits"), |b| format!("a {b}-bit RSA key"));
    Error::new(
        ErrorKind::KeyTooSmall,
        format!(
            "signing key is {size}; RS256 tokens need at least {MIN_KEY_BITS} bits: download the \
             key from the Engagespot console, or for local tests generate one with \
             `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:{MIN_KEY_BITS}`"
        ),
    )
}

fn too_large(bits: Option<usize>) -> Error {
    let size =
        bits.map_or_else(|| format!("an RSA key larger than {MAX_KEY_BITS} bits"), |b| format!("a {b}-bit RSA key"));
    Error::new(
        ErrorKind::KeyTooLarge,
        format!(
            "signing key is {size}; at most {MAX_KEY_BITS} bits are supported: use the \
             {MIN_KEY_BITS}-bit key downloaded from the Engagespot console"
        ),
    )
}

fn malformed(detail: &str) -> Error {
    Error::new(
        ErrorKind::KeyMalformed,
        format!(
            "signing key {detail}: pass the full PEM text of the RSA private key downloaded from \
             the Engagespot console, from `-----BEGIN PRIVATE KEY-----` to \
             `-----END PRIVATE KEY-----`"
        ),
    )
}

/// PEM text after undoing the environment-variable forms, plus how it came.
struct Normalised {
    pem: Zeroizing<String>,
    encoding: KeyEncoding,
    had_crlf: bool,
    had_surrounding_whitespace: bool,
}

const PEM_BEGIN: &str = "-----BEGIN ";
/// Base64 of "-----": every base64-encoded PEM starts with it.
const BASE64_PEM_PREFIX: &str = "LS0tLS";

fn normalise(input: &str) -> Result<Normalised, Error> {
    let unquoted = strip_matching_quotes(input.trim());
    if unquoted.is_empty() {
        return Err(Error::new(
            ErrorKind::KeyMissing,
            "signing key is missing or blank: pass the RSA private key (PEM text) downloaded from \
             the Engagespot console, or set ENGAGESPOT_PRIVATE_SIGNING_KEY",
        ));
    }
    // A file's final line break is not worth a remark.
    let had_surrounding_whitespace = unquoted.len() != input.trim_end_matches(['\r', '\n']).len();

    if unquoted.contains(PEM_BEGIN) {
        return Ok(normalise_pem_text(unquoted, KeyEncoding::Pem, had_surrounding_whitespace));
    }
    if unquoted.starts_with(BASE64_PEM_PREFIX) {
        let mut compact = Zeroizing::new(String::with_capacity(unquoted.len()));
        compact.extend(unquoted.chars().filter(|c| !c.is_ascii_whitespace()));
        let decoded = decode_base64(&compact).ok_or_else(|| malformed("looks base64-encoded but does not decode"))?;
        let text =
            std::str::from_utf8(&decoded).map_err(|_| malformed("is base64 that does not decode to PEM text"))?;
        if !text.trim_start().starts_with(PEM_BEGIN) {
            return Err(malformed("is base64 that does not decode to PEM text"));
        }
        return Ok(normalise_pem_text(text.trim(), KeyEncoding::Base64Pem, had_surrounding_whitespace));
    }
    if looks_like_ssh_public_key(unquoted) {
        return Err(public_key_error("an OpenSSH public key"));
    }
    if looks_like_path(unquoted) {
        return Err(Error::new(
            ErrorKind::KeyIsPath,
            "signing key looks like a file path, not a key: pass the file's contents (the PEM \
             text starting with -----BEGIN PRIVATE KEY-----), for example \
             file_get_contents($path) in PHP or fs.readFileSync(path, 'utf8') in Node",
        ));
    }
    Err(malformed("is not PEM text (no -----BEGIN line was found)"))
}

fn strip_matching_quotes(s: &str) -> &str {
    for quote in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(quote) && s.ends_with(quote) {
            return s[1..s.len() - 1].trim();
        }
    }
    s
}

/// Undoes `\n` escapes and CRLF, and trims every line (keys pasted into YAML
/// or indented config come with leading spaces).
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
    for line in text.lines() {
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

/// Standard base64, ignoring nothing; decoded into a wiped-on-drop buffer
/// allocated once at its final size.
fn decode_base64(text: &str) -> Option<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::with_capacity(text.len() / 4 * 3 + 3));
    STANDARD.decode_vec(text.as_bytes(), &mut out).ok()?;
    Some(out)
}

fn looks_like_ssh_public_key(s: &str) -> bool {
    ["ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-"].iter().any(|p| s.starts_with(p))
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

fn public_key_error(what: &str) -> Error {
    Error::new(
        ErrorKind::KeyIsPublic,
        format!(
            "signing key is {what}, not a private key: pass the RSA private key downloaded from \
             the Engagespot console (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----); \
             the public key is the one Engagespot keeps"
        ),
    )
}

fn not_rsa(what: &str) -> Error {
    Error::new(
        ErrorKind::KeyNotRsa,
        format!(
            "signing key is {what}, but Engagespot tokens are signed with RS256, which needs an \
             RSA private key: pass the RSA key downloaded from the Engagespot console"
        ),
    )
}

fn encrypted() -> Error {
    Error::new(
        ErrorKind::KeyEncrypted,
        "signing key is an encrypted (passphrase-protected) private key: decrypt it once with \
         `openssl pkey -in encrypted.pem -out private.pem` (it asks for the passphrase) and pass \
         the decrypted PEM",
    )
}

/// Picks the PEM block to use: the first private key if there is one (a file
/// may hold a certificate chain too), else the first block, for the error.
fn select_block(pem: &str) -> Option<(&str, &str)> {
    let mut first = None;
    let mut rest = pem;
    while let Some(start) = rest.find(PEM_BEGIN) {
        let block = &rest[start..];
        let label_end = block[PEM_BEGIN.len()..].find("-----")?;
        let label = &block[PEM_BEGIN.len()..PEM_BEGIN.len() + label_end];
        if label.ends_with("PRIVATE KEY") {
            return Some((label, block));
        }
        first.get_or_insert((label, block));
        rest = &block[PEM_BEGIN.len()..];
    }
    first
}

/// Returns the key as DER `RSAPrivateKey` (PKCS#1), wiped on drop.
fn decode_pem(pem: &str) -> Result<(Zeroizing<Vec<u8>>, KeyFormat), Error> {
    let Some((label, block)) = select_block(pem) else {
        return Err(malformed("has a truncated -----BEGIN line"));
    };
    let format = match label {
        "RSA PRIVATE KEY" if block.contains("Proc-Type: 4,ENCRYPTED") => return Err(encrypted()),
        "ENCRYPTED PRIVATE KEY" => return Err(encrypted()),
        "RSA PRIVATE KEY" => KeyFormat::Pkcs1,
        "PRIVATE KEY" => KeyFormat::Pkcs8,
        "PUBLIC KEY" | "RSA PUBLIC KEY" => return Err(public_key_error("a public key")),
        "CERTIFICATE" => return Err(public_key_error("a certificate (which holds a public key)")),
        "EC PRIVATE KEY" => return Err(not_rsa("an EC key")),
        "DSA PRIVATE KEY" => return Err(not_rsa("a DSA key")),
        "OPENSSH PRIVATE KEY" => {
            return Err(malformed(
                "is in OpenSSH format, which is not supported; convert a copy with \
                 `ssh-keygen -p -m PKCS8 -f copy_of_key` (RSA keys only)",
            ))
        }
        _ => return Err(malformed("is a PEM block of an unsupported type")),
    };
    let Some(end) = block.find("-----END ") else {
        return Err(malformed("is truncated (its -----END line is missing)"));
    };
    // The body: the lines after BEGIN, less RFC 1421 headers ("Name: value").
    let mut body = Zeroizing::new(String::with_capacity(end));
    for line in block[..end].lines().skip(1).filter(|line| !line.contains(':')) {
        body.push_str(line.trim());
    }
    let der = decode_base64(&body).ok_or_else(|| malformed("is truncated or corrupt (its PEM body is not base64)"))?;
    match format {
        KeyFormat::Pkcs1 => Ok((der, format)),
        KeyFormat::Pkcs8 => {
            let (algorithm, private_key) = pkcs8_parts(&der)
                .ok_or_else(|| malformed("is truncated or corrupt (its PKCS#8 structure does not decode)"))?;
            match algorithm {
                OID_RSA_ENCRYPTION => {
                    let mut inner = Zeroizing::new(Vec::with_capacity(private_key.len()));
                    inner.extend_from_slice(private_key);
                    Ok((inner, format))
                }
                OID_RSASSA_PSS => Err(not_rsa("an RSA-PSS key (restricted to PSS signatures)")),
                OID_EC_PUBLIC_KEY => Err(not_rsa("an EC key")),
                OID_ED25519 => Err(not_rsa("an Ed25519 key")),
                OID_ED448 | OID_X25519 | OID_X448 => Err(not_rsa("an Ed448 or X25519/X448 key")),
                OID_DSA => Err(not_rsa("a DSA key")),
                _ => Err(not_rsa("a key of an unknown algorithm")),
            }
        }
    }
}

// Algorithm identifiers (DER contents of the OID).
const OID_RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const OID_RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
const OID_EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_DSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];
const OID_X25519: &[u8] = &[0x2b, 0x65, 0x6e];
const OID_X448: &[u8] = &[0x2b, 0x65, 0x6f];
const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
const OID_ED448: &[u8] = &[0x2b, 0x65, 0x71];

/// Splits a DER TLV with the expected tag into (contents, rest).
fn der_tlv(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&t, rest) = input.split_first()?;
    if t != tag {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        (rest[..n].iter().fold(0usize, |acc, b| (acc << 8) | *b as usize), &rest[n..])
    };
    (rest.len() >= len).then(|| (&rest[..len], &rest[len..]))
}

/// True for DER `RSAPublicKey`: `SEQUENCE { INTEGER modulus, INTEGER exponent }`.
fn is_rsa_public_key(der: &[u8]) -> bool {
    let parts = || {
        let (body, rest) = der_tlv(der, 0x30)?;
        let (_, body) = der_tlv(body, 0x02)?;
        let (_, body) = der_tlv(body, 0x02)?;
        Some(body.is_empty() && rest.is_empty())
    };
    parts() == Some(true)
}

/// PKCS#8 `PrivateKeyInfo` (RFC 5208): `SEQUENCE { INTEGER version,
/// SEQUENCE { OID algorithm, ... }, OCTET STRING privateKey, ... }`.
/// Returns the algorithm OID and the private key's DER.
fn pkcs8_parts(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let (info, _) = der_tlv(der, 0x30)?;
    let (_version, rest) = der_tlv(info, 0x02)?;
    let (algorithm, rest) = der_tlv(rest, 0x30)?;
    let (oid, _) = der_tlv(algorithm, 0x06)?;
    let (private_key, _) = der_tlv(rest, 0x04)?;
    Some((oid, private_key))
}

/// Reads the modulus size from DER `RSAPrivateKey` (or `RSAPublicKey`):
/// `SEQUENCE { [INTEGER version,] INTEGER modulus, ... }`.
fn rsa_modulus_bits(der: &[u8]) -> Option<usize> {
    let (body, _) = der_tlv(der, 0x30)?;
    let (first, rest) = der_tlv(body, 0x02)?;
    // A private key starts with a one-byte version; a public key with the modulus.
    let modulus = if first.len() <= 1 { der_tlv(rest, 0x02)?.0 } else { first };
    let significant = modulus.iter().position(|&b| b != 0).map(|i| &modulus[i..])?;
    Some(significant.len() * 8 - significant[0].leading_zeros() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_detection() {
        for p in ["/etc/keys/private.pem", "./key.pem", "~/k", "C:\\keys\\k.pem", "keys/private.key", "file:///k"] {
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
    fn modulus_bits_of_truncated_der_is_none() {
        assert_eq!(rsa_modulus_bits(&[]), None);
        assert_eq!(rsa_modulus_bits(&[0x30, 0x82, 0xff]), None);
        assert_eq!(rsa_modulus_bits(&[0x30, 0x03, 0x02, 0x01, 0x00]), None);
    }

    #[test]
    fn unescape_handles_both_escapes_and_keeps_the_rest() {
        assert_eq!(unescape_newlines("a\\nb\\r\\nc\\\\x").as_str(), "a\nb\nc\\\\x");
        assert_eq!(unescape_newlines("no escapes").as_str(), "no escapes");
    }

    #[test]
    fn pkcs8_parts_rejects_truncation() {
        assert_eq!(pkcs8_parts(&[0x30, 0x03, 0x02, 0x01, 0x00]), None);
        assert_eq!(pkcs8_parts(&[]), None);
    }

    #[test]
    fn modulus_bits_counts_significant_bits() {
        // SEQUENCE { INTEGER 0, INTEGER 0x00_81_00 } -> modulus 0x8100, 16 bits.
        let der = [0x30, 0x08, 0x02, 0x01, 0x00, 0x02, 0x03, 0x00, 0x81, 0x00];
        assert_eq!(rsa_modulus_bits(&der), Some(16));
    }
}
