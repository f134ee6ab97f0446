//! The key for a host that signs itself: the WebAssembly build, where aws-lc
//! cannot go. The core checks the key exactly as for [`super::SigningKey`]
//! (text forms, framing, structure, size, primes, exponent) and hands it over
//! as PKCS#8 DER, the form WebCrypto's `importKey('pkcs8', …)` and Node's
//! `createPrivateKey` take. aws-lc's check of the key's numbers is repeated
//! in Rust ([`super::numbers`]), so that a host-signed backend refuses the
//! keys the native one refuses; and since those checks do not prove that p
//! and q are prime, the host signs a fixed probe when the client is created,
//! which the core verifies with the key's public half
//! ([`HostKey::check_probe_signature`], a pairwise-consistency test).

use std::fmt;
use std::sync::OnceLock;

use pkcs8::der::Decode as _;
use pkcs8::PrivateKeyInfoRef;
use zeroize::Zeroizing;

use crypto_bigint::{BoxedUint, ConcatenatingMul as _, NonZero};

use super::check::checked_key;
use super::der::{RsaDer, RSA_ALGORITHM_DER};
use super::errors::inconsistent;
use super::format::KeyInfo;
use super::numbers;
use super::source::{HostFile, KeySource};
use crate::error::{Error, ErrorKind};

/// A checked RSA private key in the form a host's crypto imports. Its `Debug`
/// output shows only [`KeyInfo`]; the DER is wiped when it is dropped.
pub struct HostKey {
    pkcs8: Zeroizing<Vec<u8>>,
    public_key: Box<[u8]>,
    /// n and e, big-endian, for the core's check of the probe's signature.
    modulus: Box<[u8]>,
    public_exponent: Box<[u8]>,
    info: KeyInfo,
    /// Whether p and q pass [`numbers::factors_pass_fermat`]: tested at the
    /// first host refusal only, and kept, since a host that refuses a key
    /// refuses it at every asynchronous import.
    factors_pass_fermat: OnceLock<bool>,
}

/// What the host signs once per client, for [`HostKey::check_probe_signature`].
const PROBE: &[u8] = b"engagespot-token key check";

/// SHA-256 of [`PROBE`] (a unit test recomputes it with aws-lc): the core
/// holds no SHA-256 of its own, and needs none for a fixed message.
const PROBE_SHA256: [u8; 32] = [
    0x9e, 0xbb, 0x4e, 0xcd, 0x4f, 0x81, 0x31, 0x76, 0x4a, 0x3f, 0x0c, 0x3c, 0xbc, 0x0d, 0xb0, 0x50, 0x07, 0xd9, 0x85,
    0x03, 0x7c, 0x3b, 0xfc, 0x60, 0x77, 0x04, 0xaa, 0xd2, 0x6f, 0x00, 0xf3, 0x07,
];

/// The DER `DigestInfo` prefix for SHA-256 in an RSASSA-PKCS1-v1_5 signature (RFC 8017, 9.2).
const SHA256_DIGEST_INFO: [u8; 19] =
    [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

/// Writes a DER tag and the length of the `len` bytes that follow.
fn push_header(out: &mut Vec<u8>, tag: u8, len: usize) {
    out.push(tag);
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len() - 1);
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// Length of a DER header for `len` bytes of content.
const fn header_len(len: usize) -> usize {
    if len < 0x80 {
        2
    } else {
        2 + (usize::BITS - len.leading_zeros()).div_ceil(8) as usize
    }
}

/// Length of a DER INTEGER holding the unsigned big-endian `value`.
fn integer_len(value: &[u8]) -> usize {
    let content = value.len() + usize::from(value.first().is_none_or(|&b| b & 0x80 != 0));
    header_len(content) + content
}

fn push_integer(out: &mut Vec<u8>, value: &[u8]) {
    let pad = value.first().is_none_or(|&b| b & 0x80 != 0);
    push_header(out, 0x02, value.len() + usize::from(pad));
    if pad {
        out.push(0);
    }
    out.extend_from_slice(value);
}

/// `PrivateKeyInfo` { version 0, rsaEncryption, OCTET STRING { pkcs1 } }, in
/// a wiped buffer sized once, so that no reallocation leaves a copy behind.
fn pkcs8(pkcs1: &[u8]) -> Zeroizing<Vec<u8>> {
    let octets = header_len(pkcs1.len()) + pkcs1.len();
    let body = 3 + RSA_ALGORITHM_DER.len() + octets;
    let mut out = Zeroizing::new(Vec::with_capacity(header_len(body) + body));
    push_header(&mut out, 0x30, body);
    out.extend_from_slice(&[0x02, 0x01, 0x00]);
    out.extend_from_slice(&RSA_ALGORITHM_DER);
    push_header(&mut out, 0x04, pkcs1.len());
    out.extend_from_slice(pkcs1);
    out
}

/// The key as the host imports it, as PKCS#8: the key's own `RSAPrivateKey`,
/// or, where its d is not below n, the same key with d reduced
/// ([`numbers::private_exponent_below_n`]), written afresh (version 0, the
/// eight numbers in minimal DER) in a wiped buffer sized once.
fn host_pkcs8(pkcs1: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
    let key = pkcs1::RsaPrivateKeyRef::from_der(pkcs1).map_err(|_| inconsistent())?;
    let Some(d) = numbers::private_exponent_below_n(&key) else { return Ok(pkcs8(pkcs1)) };
    let numbers = [
        key.modulus.as_bytes(),
        key.public_exponent.as_bytes(),
        &d,
        key.prime1.as_bytes(),
        key.prime2.as_bytes(),
        key.exponent1.as_bytes(),
        key.exponent2.as_bytes(),
        key.coefficient.as_bytes(),
    ];
    let body = 3 + numbers.iter().map(|value| integer_len(value)).sum::<usize>();
    let mut written = Zeroizing::new(Vec::with_capacity(header_len(body) + body));
    push_header(&mut written, 0x30, body);
    written.extend_from_slice(&[0x02, 0x01, 0x00]);
    for value in numbers {
        push_integer(&mut written, value);
    }
    Ok(pkcs8(&written))
}

/// `SubjectPublicKeyInfo` { rsaEncryption, BIT STRING { RSAPublicKey { n, e } } }.
fn spki(rsa: &RsaDer<'_>) -> Box<[u8]> {
    let key = integer_len(rsa.modulus) + integer_len(rsa.public_exponent);
    let bits = 1 + header_len(key) + key;
    let body = RSA_ALGORITHM_DER.len() + header_len(bits) + bits;
    let mut out = Vec::with_capacity(header_len(body) + body);
    push_header(&mut out, 0x30, body);
    out.extend_from_slice(&RSA_ALGORITHM_DER);
    push_header(&mut out, 0x03, bits);
    out.push(0);
    push_header(&mut out, 0x30, key);
    push_integer(&mut out, rsa.modulus);
    push_integer(&mut out, rsa.public_exponent);
    out.into_boxed_slice()
}

impl HostKey {
    /// Checks key text and builds the host's key from it. A `file://` key
    /// names a file that the host reads ([`HostKey::file_path`] says which)
    /// and passes as `file`; without it, such a key is unreadable.
    pub fn parse(input: &str, file: Option<HostFile>) -> Result<HostKey, Error> {
        let source = KeySource::resolve_with(input, |path| super::source::host_text(path, file))?;
        let ((pkcs8, public_key, modulus, public_exponent), info) = checked_key(source.text(), |rsa| {
            numbers::check(rsa.pkcs1)?;
            Ok((host_pkcs8(rsa.pkcs1)?, spki(rsa), rsa.modulus.into(), rsa.public_exponent.into()))
        })
        .map_err(|error| source.annotate(error))?;
        Ok(HostKey { pkcs8, public_key, modulus, public_exponent, info, factors_pass_fermat: OnceLock::new() })
    }

    /// The fixed message the host signs once per client with the imported
    /// key, for [`HostKey::check_probe_signature`].
    pub fn probe() -> &'static [u8] {
        PROBE
    }

    /// Checks the host's RSASSA-PKCS1-v1_5 SHA-256 signature of
    /// [`HostKey::probe`] with the key's public half (n, e), in the core: a
    /// pairwise-consistency test of the imported key, as FIPS 140-3 asks of
    /// imported keys. A signature that does not verify is the
    /// [`ErrorKind::KeyMalformed`] error the native signer gives a key whose
    /// numbers disagree.
    pub fn check_probe_signature(&self, signature: &[u8]) -> Result<(), Error> {
        if self.probe_verifies(signature) {
            Ok(())
        } else {
            Err(inconsistent())
        }
    }

    fn probe_verifies(&self, signature: &[u8]) -> bool {
        let len = self.signature_len();
        let n = BoxedUint::from_be_slice_vartime(&self.modulus);
        let Some(n) = Option::<NonZero<BoxedUint>>::from(n.to_nz()) else {
            return false;
        };
        let s = BoxedUint::from_be_slice_vartime(signature);
        if signature.len() != len || s.cmp_vartime(n.as_ref()) != std::cmp::Ordering::Less {
            return false;
        }
        // s^e mod n by squaring and multiplying (n, e and the signature are
        // public; e has at most 33 bits), with the same two operations as the
        // number checks, so that the module carries no more big-number code
        // for this than they need.
        let e = BoxedUint::from_be_slice_vartime(&self.public_exponent);
        let mut message = s.clone();
        for bit in (0..e.bit_width_vartime().saturating_sub(1)).rev() {
            message = message.concatenating_mul(&message).rem(&n);
            if e.bit_vartime(bit) {
                message = message.concatenating_mul(&s).rem(&n);
            }
        }
        let message = message.to_be_bytes_trimmed_vartime();
        // EMSA-PKCS1-v1_5: 0x00 0x01, 0xff padding, 0x00, DigestInfo, hash;
        // trimmed, the leading 0x00 is gone.
        let padding = len - 3 - SHA256_DIGEST_INFO.len() - PROBE_SHA256.len();
        let mut expected = Vec::with_capacity(len - 1);
        expected.push(0x01);
        expected.resize(1 + padding, 0xff);
        expected.push(0x00);
        expected.extend_from_slice(&SHA256_DIGEST_INFO);
        expected.extend_from_slice(&PROBE_SHA256);
        *message == *expected
    }

    /// The file a `file://` key names, for the host to read, or `None` for
    /// key text; a relative `file://` URI is an error.
    pub fn file_path(input: &str) -> Result<Option<&std::path::Path>, Error> {
        KeySource::file_path(input)
    }

    /// The private key as DER `PrivateKeyInfo` (PKCS#8, rsaEncryption), for
    /// the host to import once, as a key it cannot export again.
    pub fn pkcs8_der(&self) -> &[u8] {
        &self.pkcs8
    }

    /// The public key as DER `SubjectPublicKeyInfo`, for the host to check
    /// its first signature with.
    pub fn public_key_der(&self) -> &[u8] {
        &self.public_key
    }

    /// Facts about the key, free of key material.
    pub fn info(&self) -> &KeyInfo {
        &self.info
    }

    /// The signature length in bytes (the modulus length).
    pub fn signature_len(&self) -> usize {
        self.info.bits.div_ceil(8)
    }

    /// The error for this key when the host's crypto refused to import it (or
    /// to sign the probe with it) although the core accepted it. A key with a
    /// composite factor, which some hosts check for on import, is the
    /// [`ErrorKind::KeyMalformed`] error the native signer gives it
    /// ([`numbers::factors_pass_fermat`]). Any other key is
    /// [`ErrorKind::KeyUnsupported`], naming the host's own reason (`host`
    /// names the API, e.g. "WebCrypto importKey"). A host's message holds no
    /// key material; it is cut short all the same.
    pub fn host_refused(&self, host: &str, reason: &str) -> Error {
        let factors_prime = *self.factors_pass_fermat.get_or_init(|| {
            // The DER is the core's own, written by host_pkcs8 from a key check() accepted.
            PrivateKeyInfoRef::from_der(&self.pkcs8)
                .ok()
                .and_then(|info| pkcs1::RsaPrivateKeyRef::from_der(info.private_key.as_bytes()).ok())
                .is_some_and(|key| numbers::factors_pass_fermat(&key))
        });
        if !factors_prime {
            return inconsistent();
        }
        let reason: String = reason.chars().filter(|c| !c.is_control()).take(200).collect();
        Error::new(
            ErrorKind::KeyUnsupported,
            format!(
                "signing key passed every check of engagespot-token, but this runtime's crypto ({host}) refused \
                 it: {reason}; pass the RSA private key downloaded from the Engagespot console (two primes, \
                 e = 65537), or use the native addon"
            ),
        )
    }

    /// The error for a key whose signature, made by the host, does not verify
    /// with its own public key: its numbers are inconsistent, the same
    /// [`ErrorKind::KeyMalformed`] error aws-lc's check gives natively.
    pub fn inconsistent() -> Error {
        inconsistent()
    }
}

impl fmt::Debug for HostKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HostKey").field("info", &self.info).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "aws-lc")]
    #[test]
    fn probe_digest_is_sha256_of_the_probe() {
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, PROBE);
        assert_eq!(digest.as_ref(), PROBE_SHA256);
    }

    /// A key whose d is not below n (d + φ(n), sound: aws-lc signs with it)
    /// is handed to the host with d below n, and it signs as the key as given
    /// does: aws-lc, an independent signer, makes the same signature with both.
    #[cfg(feature = "aws-lc")]
    #[test]
    fn a_key_whose_d_is_not_below_n_reaches_the_host_reduced_and_signing_the_same() {
        use aws_lc_rs::rand::SystemRandom;
        use aws_lc_rs::signature::{RsaKeyPair, RSA_PKCS1_SHA256};

        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keys");
        let given = std::fs::read_to_string(root.join("numbers/d-unreduced.pem")).expect("test key");
        let host = HostKey::parse(&given, None).expect("a sound key");
        let info = pkcs8::PrivateKeyInfoRef::from_der(host.pkcs8_der()).expect("PKCS#8");
        let handed = pkcs1::RsaPrivateKeyRef::from_der(info.private_key.as_bytes()).expect("PKCS#1");
        let modulus = handed.modulus.as_bytes();
        let d = handed.private_exponent.as_bytes();
        assert!(d.len() < modulus.len() || (d.len() == modulus.len() && d < modulus), "d is below n");
        let sign = |der: &[u8]| {
            let pair = RsaKeyPair::from_der(der).or_else(|_| RsaKeyPair::from_pkcs8(der)).expect("aws-lc takes it");
            let mut signature = vec![0; pair.public_modulus_len()];
            pair.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), PROBE, &mut signature).expect("signs");
            signature
        };
        let original = pem_body(&given);
        assert_ne!(info.private_key.as_bytes(), &original[..], "the key was written afresh");
        assert_eq!(sign(host.pkcs8_der()), sign(&original));
        // A key whose d is below n goes over as it was given.
        let sound = std::fs::read_to_string(root.join("rsa2048.pkcs1.pem")).expect("test key");
        let host = HostKey::parse(&sound, None).expect("a sound key");
        let info = pkcs8::PrivateKeyInfoRef::from_der(host.pkcs8_der()).expect("PKCS#8");
        assert_eq!(info.private_key.as_bytes(), &pem_body(&sound)[..]);
    }

    /// The DER inside a PEM text.
    #[cfg(feature = "aws-lc")]
    fn pem_body(text: &str) -> Vec<u8> {
        use base64ct::{Base64, Encoding as _};
        let body: String = text.lines().filter(|line| !line.starts_with("-----")).collect();
        let mut out = vec![0; body.len()];
        let len = Base64::decode(&body, &mut out).expect("base64").len();
        out.truncate(len);
        out
    }

    #[test]
    fn der_lengths_match_what_is_written() {
        for len in [0usize, 1, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000] {
            let mut out = Vec::new();
            push_header(&mut out, 0x30, len);
            assert_eq!(out.len(), header_len(len), "{len}");
        }
        for value in [&[][..], &[0x7f], &[0x80], &[0x01, 0x00, 0x01]] {
            let mut out = Vec::new();
            push_integer(&mut out, value);
            assert_eq!(out.len(), integer_len(value), "{value:?}");
        }
    }
}
