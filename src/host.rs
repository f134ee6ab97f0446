//! Minting where the host signs: the WebAssembly build, which has no RSA
//! inside (aws-lc does not build for wasm, and the `rsa` crate is barred).
//! The core does everything else, as for [`crate::Client`]: it checks the
//! API key and the signing key, hands the key over as PKCS#8 DER
//! ([`HostKey::pkcs8_der`]) for the host to import once, builds the signing
//! input `header.payload` from the identifier and options, and assembles the
//! token from the host's RSASSA-PKCS1-v1_5 SHA-256 signature.

use std::fmt;

use zeroize::Zeroizing;

use crate::error::Error;
use crate::key::{HostFile, HostKey};
use crate::token::{self, TokenOptions, JTI_BYTES};

/// A client whose tokens the host signs. Immutable once built.
pub struct HostSignedClient {
    key: HostKey,
    claims_after_sub: Box<[u8]>,
    api_key: Box<str>,
    /// Kept only for parity with the official constructor; never used or shown.
    api_secret: Option<Zeroizing<String>>,
}

impl HostSignedClient {
    /// Builds a client, checking the API key and the signing key as
    /// [`crate::Client::new`] does. A `file://` key's file is read by the
    /// host and passed as `file` ([`HostKey::file_path`] names it).
    pub fn new(
        api_key: &str,
        api_secret: Option<&str>,
        signing_key: &str,
        file: Option<HostFile>,
    ) -> Result<HostSignedClient, Error> {
        let claims_after_sub = token::claims_after_sub(api_key)?;
        let key = HostKey::parse(signing_key, file)?;
        Ok(HostSignedClient {
            key,
            claims_after_sub,
            api_key: api_key.into(),
            api_secret: api_secret.filter(|s| !s.is_empty()).map(|s| Zeroizing::new(s.to_owned())),
        })
    }

    /// The checked key, for the host to import.
    pub fn key(&self) -> &HostKey {
        &self.key
    }

    /// What the host signs: `header.payload` of the token for `identifier`.
    /// `now` reads the host's clock (unix seconds, see [`unix_seconds`]) and
    /// `random` fills a `jti`'s bytes from the host's secure generator; each
    /// is called only when the options need it.
    pub fn signing_input(
        &self,
        identifier: &str,
        options: &TokenOptions,
        now: impl FnOnce() -> Result<i64, Error>,
        random: impl FnOnce(&mut [u8; JTI_BYTES]) -> Result<(), Error>,
    ) -> Result<String, Error> {
        token::signing_input(&self.claims_after_sub, identifier, options, self.key.signature_len(), now, random)
    }

    /// The token: `signing_input`, a dot, and the host's signature over it in
    /// base64url. A signature of the wrong length is [`crate::ErrorKind::SigningFailed`].
    pub fn assemble(&self, signing_input: &str, signature: &[u8]) -> Result<String, Error> {
        if signature.len() != self.key.signature_len() {
            return Err(token::signing_failed(&format!(
                "the host's crypto returned a signature of {} bytes, where the key makes {}",
                signature.len(),
                self.key.signature_len()
            )));
        }
        let mut token = String::with_capacity(signing_input.len() + 2 + signature.len().div_ceil(3) * 4);
        token.push_str(signing_input);
        token::append_signature(&mut token, signature);
        Ok(token)
    }
}

/// A host's clock reading (seconds since 1970, possibly fractional) as whole
/// unix seconds; a reading before 1970 or not a number is the same
/// [`crate::ErrorKind::InvalidIssuedAt`] error a native clock gives.
pub fn unix_seconds(seconds: f64) -> Result<i64, Error> {
    if seconds.is_finite() && (0.0..9.0e15).contains(&seconds) {
        Ok(seconds.floor() as i64)
    } else {
        Err(token::clock_before_1970())
    }
}

/// The error for a synchronous call on a host that can sign only
/// asynchronously (a JavaScript runtime with WebCrypto and no `node:crypto`).
/// `sync` and `asynchronous` are the binding's names for the two calls.
pub fn sync_unavailable(sync: &str, asynchronous: &str) -> Error {
    Error::new(
        crate::ErrorKind::SyncUnavailable,
        format!(
            "{sync} cannot sign synchronously in this runtime, whose only RSA signer is the asynchronous \
             WebCrypto API: use `await client.{asynchronous}(…)` instead"
        ),
    )
}

/// The error for a host whose signing call failed (threw or rejected) for a
/// key it had imported: [`crate::ErrorKind::SigningFailed`], as a failure of
/// aws-lc's signer is natively. `host` names the API ("WebCrypto sign");
/// its reason holds no key material, and is cut short all the same.
pub fn host_signing_failed(host: &str, reason: &str) -> Error {
    let reason: String = reason.chars().filter(|c| !c.is_control()).take(200).collect();
    token::signing_failed(&format!("this runtime's crypto ({host}) failed: {reason}"))
}

/// The error for a host whose random generator failed while making a `jti`.
pub fn random_failed() -> Error {
    token::signing_failed("the host's random number generator failed")
}

impl fmt::Debug for HostSignedClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HostSignedClient")
            .field("api_key", &self.api_key)
            .field("api_secret", &self.api_secret.as_ref().map(|_| "[redacted]"))
            .field("key", &self.key)
            .finish()
    }
}
