//! Signing-key intake: accept the forms a key takes in files, environment
//! variables and secret stores, reject everything else (including anything
//! ambiguous) with an error that names the cause and says what to do, and
//! parse the key once into an aws-lc `RsaKeyPair` ([`SigningKey`]), or, for
//! a host that signs itself (the WebAssembly build), into PKCS#8 DER
//! ([`HostKey`]).
//!
//! The steps, one module each: [`source`] reads a `file://` key, [`text`]
//! undoes the environment-variable forms, [`pem`] frames the PEM blocks and
//! picks the one private key, [`der`] checks its structure with RustCrypto's
//! `pkcs1`/`pkcs8` parsers before aws-lc (or the host) checks its numbers.
//!
//! Every copy of key text or DER made here lives in a `Zeroizing` buffer
//! sized up front (so it never reallocates and leaves a copy behind), and is
//! wiped before it is freed; `tests/zeroize.rs` checks this. The RustCrypto
//! parsers borrow from those buffers and copy no key bytes.

mod der;
mod host;
mod numbers;
mod pem;
mod source;
mod text;

#[cfg(feature = "aws-lc")]
use std::fmt;

#[cfg(feature = "aws-lc")]
use aws_lc_rs::signature::RsaKeyPair;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorKind};

pub use host::HostKey;
pub use source::HostFile;
pub(crate) use source::KeySource;

/// Smallest accepted RSA modulus, in bits.
pub const MIN_KEY_BITS: usize = 2048;
/// Largest accepted RSA modulus, in bits (aws-lc's limit).
pub const MAX_KEY_BITS: usize = 8192;
/// Largest public exponent accepted, in bits: aws-lc refuses larger ones to
/// bound the cost of verification (65537, the usual exponent, has 17).
pub const MAX_PUBLIC_EXPONENT_BITS: usize = 33;
/// Largest file read for a `file://` signing key, in bytes: a PEM key of
/// [`MAX_KEY_BITS`] with a certificate chain fits many times over.
pub const MAX_KEY_FILE_BYTES: usize = 64 * 1024;

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
    /// Plain PEM text, as in the file downloaded from the console (also when
    /// its line breaks became spaces or were lost).
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

/// Runs the checks every accepted key passes (text forms, PEM framing, DER
/// structure, size, primes, exponent) on key text (never a `file://` URI),
/// then hands the checked RSA key to `build`.
fn checked_key<T>(
    input: &str,
    build: impl FnOnce(&der::RsaDer<'_>) -> Result<T, Error>,
) -> Result<(T, KeyInfo), Error> {
    let normalised = text::normalise(input)?;
    let block = pem::private_key_block(&normalised.pem)?;
    let der = block.decode_body()?;
    let rsa = der::rsa_private_key(&der, block.format)?;
    let built = build(&rsa)?;
    let info = KeyInfo {
        bits: rsa.bits,
        format: block.format,
        encoding: normalised.encoding,
        had_crlf: normalised.had_crlf,
        had_surrounding_whitespace: normalised.had_surrounding_whitespace,
    };
    Ok((built, info))
}

/// A parsed RSA private key, ready to sign. Its `Debug` output shows only
/// [`KeyInfo`]; aws-lc zeroes the key's memory when it is dropped.
#[cfg(feature = "aws-lc")]
pub struct SigningKey {
    pair: RsaKeyPair,
    info: KeyInfo,
}

#[cfg(feature = "aws-lc")]
impl SigningKey {
    /// Parses a private key from any accepted form: PEM text (or its
    /// environment-variable forms), or a `file:///absolute/path` URI naming a
    /// file that holds it. See the crate docs for the forms accepted and the
    /// errors returned.
    pub fn from_text(input: &str) -> Result<SigningKey, Error> {
        let source = KeySource::resolve(input)?;
        SigningKey::parse(source.text()).map_err(|error| source.annotate(error))
    }

    /// The path that `input` names as a `file://` URI, if it is one: the file
    /// [`SigningKey::from_text`] reads the key from instead of parsing `input`.
    pub fn file_uri_path(input: &str) -> Option<&std::path::Path> {
        KeySource::uri_path(input).map(std::path::Path::new)
    }

    /// Parses key text (never a `file://` URI: [`KeySource`] resolves those).
    pub(crate) fn parse(input: &str) -> Result<SigningKey, Error> {
        let (pair, info) = checked_key(input, |rsa| {
            RsaKeyPair::from_der(rsa.pkcs1).map_err(|rejected| match rejected.description_() {
                // The sizes were checked above; these guard against aws-lc's limits changing.
                "TooSmall" => too_small(rsa.bits),
                "TooLarge" => too_large(rsa.bits),
                _ => inconsistent(),
            })
        })?;
        pairwise_consistent(&pair)?;
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

/// The pairwise-consistency test FIPS 140-3 asks of an imported key: signs
/// [`HostKey::probe`] with the private key and verifies the signature with the
/// public half, once per parsed key (the key cache keeps the result). aws-lc's
/// `RSA_check_key` does not test that p and q are prime, so a key built with a
/// composite factor passes it; its CRT signatures are wrong, which aws-lc's own
/// check of each signature catches. Without this test such a key would build a
/// client whose every token fails; with it, the client is refused with the
/// same [`ErrorKind::KeyMalformed`] error the host-signed (WebAssembly)
/// backend gives. Costs one signature and one verification (docs/key-checks.md).
#[cfg(feature = "aws-lc")]
fn pairwise_consistent(pair: &RsaKeyPair) -> Result<(), Error> {
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::signature::{KeyPair as _, UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256};

    let mut signature = Zeroizing::new(vec![0u8; pair.public_modulus_len()]);
    pair.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), HostKey::probe(), &mut signature).map_err(|_| inconsistent())?;
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, pair.public_key().as_ref())
        .verify(HostKey::probe(), &signature)
        .map_err(|_| inconsistent())
}

#[cfg(feature = "aws-lc")]
impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey").field("info", &self.info).finish_non_exhaustive()
    }
}

// Every key message starts with "signing key ", which `KeySource::annotate`
// replaces with the file's path for a `file://` key.

/// What to pass instead, for messages that need it.
const PASS_THE_CONSOLE_KEY: &str = "pass the RSA private key downloaded from the Engagespot console";

/// A key whose structure is sound but whose numbers do not fit together
/// (aws-lc's check, or a host's signature that its own public key does not verify).
fn inconsistent() -> Error {
    Error::new(
        ErrorKind::KeyMalformed,
        "signing key is not a valid RSA private key (its numbers are inconsistent or \
         corrupt): download the key again from the Engagespot console",
    )
}

fn too_small(bits: usize) -> Error {
    Error::new(
        ErrorKind::KeyTooSmall,
        format!(
            "signing key is a {bits}-bit RSA key; RS256 tokens need at least {MIN_KEY_BITS} bits: download the \
             key from the Engagespot console, or for local tests generate one with \
             `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:{MIN_KEY_BITS}`"
        ),
    )
}

fn too_large(bits: usize) -> Error {
    Error::new(
        ErrorKind::KeyTooLarge,
        format!(
            "signing key is a {bits}-bit RSA key; at most {MAX_KEY_BITS} bits are supported: use the \
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

fn ambiguous(detail: &str) -> Error {
    Error::new(
        ErrorKind::KeyAmbiguous,
        format!(
            "signing key {detail}: pass exactly one private key, optionally with its certificate \
             chain, and nothing else"
        ),
    )
}

fn unsupported(detail: &str) -> Error {
    Error::new(
        ErrorKind::KeyUnsupported,
        format!("signing key {detail}: {PASS_THE_CONSOLE_KEY} (two primes, e = 65537)"),
    )
}

fn public_key_error(what: &str) -> Error {
    Error::new(
        ErrorKind::KeyIsPublic,
        format!(
            "signing key is {what}, not a private key: {PASS_THE_CONSOLE_KEY} \
             (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----); \
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

/// Standard padded base64 (whitespace already removed), decoded in constant
/// time into a wiped-on-drop buffer allocated once at its final capacity.
fn decode_base64(text: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    use base64ct::Encoding as _;
    let mut out = Zeroizing::new(vec![0u8; text.len() / 4 * 3 + 3]);
    let len = base64ct::Base64::decode(text, &mut out).ok()?.len();
    out.truncate(len);
    Some(out)
}

/// Significant bits of a big-endian unsigned integer.
fn bit_len(bytes: &[u8]) -> usize {
    match bytes.iter().position(|&b| b != 0) {
        Some(i) => (bytes.len() - i) * 8 - bytes[i].leading_zeros() as usize,
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_len_counts_significant_bits() {
        assert_eq!(bit_len(&[]), 0);
        assert_eq!(bit_len(&[0, 0]), 0);
        assert_eq!(bit_len(&[0x00, 0x81, 0x00]), 16);
        assert_eq!(bit_len(&[0x01, 0x00, 0x01]), 17);
    }

    #[test]
    fn base64_is_strict_and_exact() {
        assert_eq!(decode_base64(b"YWJj").unwrap().as_slice(), b"abc");
        assert_eq!(decode_base64(b"YWI=").unwrap().as_slice(), b"ab");
        assert!(decode_base64(b"YWI").is_none(), "padding is required");
        assert!(decode_base64(b"YW J j").is_none(), "whitespace is removed before");
    }
}
