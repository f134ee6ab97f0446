//! The key's DER structure, read with RustCrypto's `pkcs1` and `pkcs8`
//! parsers (which borrow from our wiped buffers and copy no key bytes).
//! aws-lc then checks the numbers; these checks come first so that a
//! rejection names its cause: a mislabelled body, bytes after the key, more
//! than two primes, an exponent aws-lc refuses, a size out of range.

use pkcs1::{RsaPrivateKeyRef, RsaPublicKeyRef};
use pkcs8::der::{self, Decode as _};
use pkcs8::{ObjectIdentifier, PrivateKeyInfoRef, SubjectPublicKeyInfoRef};

use super::bytes::bit_len;
use super::errors::{malformed, not_rsa, public_key_error, too_large, too_small, unsupported};
use super::format::KeyFormat;
use crate::error::{Error, ErrorKind};
use crate::limits::{MAX_KEY_BITS, MAX_PUBLIC_EXPONENT_BITS, MIN_KEY_BITS};

/// A two-prime RSA key of an accepted size, as DER `RSAPrivateKey`.
pub(super) struct RsaDer<'a> {
    pub(super) pkcs1: &'a [u8],
    pub(super) bits: usize,
    /// The public modulus and exponent, big-endian without leading zeros.
    pub(super) modulus: &'a [u8],
    pub(super) public_exponent: &'a [u8],
}

/// DER of the `AlgorithmIdentifier` { rsaEncryption, NULL }.
pub(super) const RSA_ALGORITHM_DER: [u8; 15] =
    [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");
const X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");
const X448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.111");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");

/// The RSA key inside a PKCS#1 or PKCS#8 body, checked for what aws-lc
/// would reject without saying why.
pub(super) fn rsa_private_key(der: &[u8], format: KeyFormat) -> Result<RsaDer<'_>, Error> {
    match format {
        KeyFormat::Pkcs1 => match RsaPrivateKeyRef::from_der(der) {
            Ok(key) => checked(der, &key),
            Err(error) if trailing(&error) => Err(extra_bytes()),
            Err(_) if PrivateKeyInfoRef::from_der(der).is_ok() => Err(label_mismatch("PKCS#8", "PRIVATE KEY")),
            Err(_) if is_public_key(der) => Err(public_key_error("a public key (labelled as a private key)")),
            Err(_) => Err(malformed("is truncated or corrupt (its PKCS#1 structure does not decode)")),
        },
        KeyFormat::Pkcs8 => match PrivateKeyInfoRef::from_der(der) {
            Ok(info) => {
                rsa_algorithm(info.algorithm.oid)?;
                let inner = info.private_key.as_bytes();
                match RsaPrivateKeyRef::from_der(inner) {
                    Ok(key) => checked(inner, &key),
                    Err(error) if trailing(&error) => Err(extra_bytes()),
                    Err(_) => Err(malformed("is truncated or corrupt (the RSA key inside its PKCS#8 does not decode)")),
                }
            }
            Err(error) if trailing(&error) => Err(extra_bytes()),
            Err(_) if RsaPrivateKeyRef::from_der(der).is_ok() => Err(label_mismatch("PKCS#1", "RSA PRIVATE KEY")),
            Err(_) if is_public_key(der) => Err(public_key_error("a public key (labelled as a private key)")),
            Err(_) => Err(malformed("is truncated or corrupt (its PKCS#8 structure does not decode)")),
        },
    }
}

fn checked<'a>(der: &'a [u8], key: &RsaPrivateKeyRef<'a>) -> Result<RsaDer<'a>, Error> {
    if let Some(others) = &key.other_prime_infos {
        return Err(unsupported(&format!(
            "is a multi-prime RSA key ({} primes); multi-prime keys are not supported",
            others.len() + 2
        )));
    }
    let exponent_bits = bit_len(key.public_exponent.as_bytes());
    if exponent_bits > MAX_PUBLIC_EXPONENT_BITS {
        return Err(unsupported(&format!(
            "has an unsupported public exponent ({exponent_bits} bits; at most {MAX_PUBLIC_EXPONENT_BITS} are \
             supported)"
        )));
    }
    let bits = bit_len(key.modulus.as_bytes());
    if bits < MIN_KEY_BITS {
        return Err(too_small(bits));
    }
    if bits > MAX_KEY_BITS {
        return Err(too_large(bits));
    }
    Ok(RsaDer { pkcs1: der, bits, modulus: key.modulus.as_bytes(), public_exponent: key.public_exponent.as_bytes() })
}

fn rsa_algorithm(oid: ObjectIdentifier) -> Result<(), Error> {
    Err(match oid {
        RSA_ENCRYPTION => return Ok(()),
        RSASSA_PSS => not_rsa("an RSA-PSS key (restricted to PSS signatures)"),
        EC_PUBLIC_KEY => not_rsa("an EC key"),
        ED25519 => not_rsa("an Ed25519 key"),
        ED448 | X25519 | X448 => not_rsa("an Ed448 or X25519/X448 key"),
        DSA => not_rsa("a DSA key"),
        _ => not_rsa("a key of an unknown algorithm"),
    })
}

fn trailing(error: &der::Error) -> bool {
    matches!(error.kind(), der::ErrorKind::TrailingData { .. })
}

fn is_public_key(der: &[u8]) -> bool {
    RsaPublicKeyRef::from_der(der).is_ok() || SubjectPublicKeyInfoRef::from_der(der).is_ok()
}

fn extra_bytes() -> Error {
    malformed("has extra bytes after the end of the key's DER structure (two keys run together, or corruption)")
}

fn label_mismatch(holds: &str, label: &str) -> Error {
    Error::new(
        ErrorKind::KeyMalformed,
        format!(
            "signing key holds a {holds} key under the wrong label: the label does not match; change its lines to \
             -----BEGIN {label}----- and -----END {label}-----"
        ),
    )
}

/// Names what base64 DER without PEM armour holds, and what to do.
pub(super) fn unarmoured(der: &[u8]) -> Error {
    let (form, label) = if let Ok(info) = PrivateKeyInfoRef::from_der(der) {
        if let Err(error) = rsa_algorithm(info.algorithm.oid) {
            return error;
        }
        ("PKCS#8", "PRIVATE KEY")
    } else if RsaPrivateKeyRef::from_der(der).is_ok() {
        ("PKCS#1", "RSA PRIVATE KEY")
    } else if is_public_key(der) {
        return public_key_error("a public key (base64 DER without PEM armour)");
    } else {
        return malformed("looks like base64 without PEM armour, but is not a key");
    };
    Error::new(
        ErrorKind::KeyMalformed,
        format!(
            "signing key is a base64-encoded {form} key without its PEM armour: put a line \
             -----BEGIN {label}----- before it and a line -----END {label}----- after it"
        ),
    )
}
