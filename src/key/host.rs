//! The key for a host that signs itself: the WebAssembly build, where aws-lc
//! cannot go. The core checks the key exactly as for [`super::SigningKey`]
//! (text forms, framing, structure, size, primes, exponent) and hands it over
//! as PKCS#8 DER, the form WebCrypto's `importKey('pkcs8', …)` and Node's
//! `createPrivateKey` take, with the public key as SPKI DER so that the host
//! can check its first signature (aws-lc's check of the numbers is not here).

use std::fmt;

use zeroize::Zeroizing;

use super::check::checked_key;
use super::der::{RsaDer, RSA_ALGORITHM_DER};
use super::errors::inconsistent;
use super::format::KeyInfo;
use super::source::{HostFile, KeySource};
use crate::error::{Error, ErrorKind};

/// A checked RSA private key in the form a host's crypto imports. Its `Debug`
/// output shows only [`KeyInfo`]; the DER is wiped when it is dropped.
pub struct HostKey {
    pkcs8: Zeroizing<Vec<u8>>,
    public_key: Box<[u8]>,
    info: KeyInfo,
}

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
fn pkcs8(rsa: &RsaDer<'_>) -> Zeroizing<Vec<u8>> {
    let octets = header_len(rsa.pkcs1.len()) + rsa.pkcs1.len();
    let body = 3 + RSA_ALGORITHM_DER.len() + octets;
    let mut out = Zeroizing::new(Vec::with_capacity(header_len(body) + body));
    push_header(&mut out, 0x30, body);
    out.extend_from_slice(&[0x02, 0x01, 0x00]);
    out.extend_from_slice(&RSA_ALGORITHM_DER);
    push_header(&mut out, 0x04, rsa.pkcs1.len());
    out.extend_from_slice(rsa.pkcs1);
    out
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
        let ((pkcs8, public_key), info) =
            checked_key(source.text(), |rsa| Ok((pkcs8(rsa), spki(rsa)))).map_err(|error| source.annotate(error))?;
        Ok(HostKey { pkcs8, public_key, info })
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

    /// The error for a key the host's crypto refused to import although the
    /// core accepted it: [`ErrorKind::KeyUnsupported`], naming the host's own
    /// reason (`host` names the API, e.g. "WebCrypto importKey"). A host's
    /// message holds no key material; it is cut short all the same.
    pub fn host_refused(host: &str, reason: &str) -> Error {
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
