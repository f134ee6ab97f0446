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
//! `pkcs1`/`pkcs8` parsers before aws-lc (or the host) checks its numbers;
//! [`check`] runs them in order. Their errors are built in [`errors`], the
//! facts reported about a key are in [`format`], byte helpers in [`bytes`]:
//! leaves that import nothing back from this module.
//!
//! Every copy of key text or DER made here lives in a `Zeroizing` buffer
//! sized up front (so it never reallocates and leaves a copy behind), and is
//! wiped before it is freed; `tests/zeroize.rs` checks this. The RustCrypto
//! parsers borrow from those buffers and copy no key bytes.

mod bytes;
mod check;
mod der;
mod errors;
mod format;
mod host;
mod numbers;
mod pem;
mod source;
mod text;

#[cfg(feature = "aws-lc")]
use std::fmt;

#[cfg(feature = "aws-lc")]
use aws_lc_rs::signature::RsaKeyPair;
#[cfg(feature = "aws-lc")]
use check::checked_key;
#[cfg(feature = "aws-lc")]
use errors::{inconsistent, too_large, too_small};
pub use format::{KeyEncoding, KeyFormat, KeyInfo};
pub use host::HostKey;
pub use source::HostFile;
#[cfg(feature = "aws-lc")]
pub(crate) use source::KeySource;

#[cfg(feature = "aws-lc")]
use crate::error::Error;
use zeroize::Zeroizing;

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
