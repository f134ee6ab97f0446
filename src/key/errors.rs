//! The key errors' messages, one constructor per kind of rejection, in a
//! leaf of `key/` (it imports only the error type and the limits), so that
//! every step of the intake builds its errors here and nothing imports back.

use crate::error::{Error, ErrorKind};
use crate::limits::{MAX_KEY_BITS, MIN_KEY_BITS};

// Every key message starts with "signing key ", which `KeySource::annotate`
// replaces with the file's path for a `file://` key.

/// What to pass instead, for messages that need it.
const PASS_THE_CONSOLE_KEY: &str = "pass the RSA private key downloaded from the Engagespot console";

/// A key whose structure is sound but whose numbers do not fit together
/// (aws-lc's check, or a host's signature that its own public key does not verify).
pub(super) fn inconsistent() -> Error {
    Error::new(
        ErrorKind::KeyMalformed,
        "signing key is not a valid RSA private key (its numbers are inconsistent or \
         corrupt): download the key again from the Engagespot console",
    )
}

pub(super) fn too_small(bits: usize) -> Error {
    Error::new(
        ErrorKind::KeyTooSmall,
        format!(
            "signing key is a {bits}-bit RSA key; RS256 tokens need at least {MIN_KEY_BITS} bits: download the \
             key from the Engagespot console, or for local tests generate one with \
             `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:{MIN_KEY_BITS}`"
        ),
    )
}

pub(super) fn too_large(bits: usize) -> Error {
    Error::new(
        ErrorKind::KeyTooLarge,
        format!(
            "signing key is a {bits}-bit RSA key; at most {MAX_KEY_BITS} bits are supported: use the \
             {MIN_KEY_BITS}-bit key downloaded from the Engagespot console"
        ),
    )
}

pub(super) fn malformed(detail: &str) -> Error {
    Error::new(
        ErrorKind::KeyMalformed,
        format!(
            "signing key {detail}: pass the full PEM text of the RSA private key downloaded from \
             the Engagespot console, from `-----BEGIN PRIVATE KEY-----` to \
             `-----END PRIVATE KEY-----`"
        ),
    )
}

pub(super) fn ambiguous(detail: &str) -> Error {
    Error::new(
        ErrorKind::KeyAmbiguous,
        format!(
            "signing key {detail}: pass exactly one private key, optionally with its certificate \
             chain, and nothing else"
        ),
    )
}

pub(super) fn unsupported(detail: &str) -> Error {
    Error::new(
        ErrorKind::KeyUnsupported,
        format!("signing key {detail}: {PASS_THE_CONSOLE_KEY} (two primes, e = 65537)"),
    )
}

pub(super) fn public_key_error(what: &str) -> Error {
    Error::new(
        ErrorKind::KeyIsPublic,
        format!(
            "signing key is {what}, not a private key: {PASS_THE_CONSOLE_KEY} \
             (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----); \
             the public key is the one Engagespot keeps"
        ),
    )
}

pub(super) fn not_rsa(what: &str) -> Error {
    Error::new(
        ErrorKind::KeyNotRsa,
        format!(
            "signing key is {what}, but Engagespot tokens are signed with RS256, which needs an \
             RSA private key: pass the RSA key downloaded from the Engagespot console"
        ),
    )
}

pub(super) fn encrypted() -> Error {
    Error::new(
        ErrorKind::KeyEncrypted,
        "signing key is an encrypted (passphrase-protected) private key: decrypt it once with \
         `openssl pkey -in encrypted.pem -out private.pem` (it asks for the passphrase) and pass \
         the decrypted PEM",
    )
}
