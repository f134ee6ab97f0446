//! The client: an API key and a parsed signing key, immutable once built, so
//! one client can mint tokens from many threads at once.

use std::fmt;
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::cache;
use crate::error::Error;
use crate::key::{KeyInfo, SigningKey};
use crate::token::{self, TokenOptions};

/// Mints Engagespot secure-mode user tokens. Cheap to share: `Send + Sync`.
///
/// ```
/// # let pem = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo-key/private.pem")).unwrap();
/// use engagespot_token::Client;
/// let client = Client::new("my-api-key", None, &pem)?;
/// let token = client.generate_user_token("alice@example.com")?;
/// assert_eq!(token.split('.').count(), 3);
/// # Ok::<(), engagespot_token::Error>(())
/// ```
pub struct Client {
    key: Arc<SigningKey>,
    /// `,"apiKey":"<escaped api key>"`, the claim after `sub`, built once
    /// instead of per token.
    claims_after_sub: Box<[u8]>,
    api_key: Box<str>,
    /// Kept only for parity with the official constructor; never used or shown.
    api_secret: Option<Zeroizing<String>>,
}

impl Client {
    /// Builds a client, parsing `signing_key` now, or reusing the key this
    /// process already parsed from the same text (see [`crate::cache`]).
    ///
    /// `api_secret` is accepted for parity with the official SDKs' constructor
    /// and may be `None` or empty; it never goes into a token.
    pub fn new(api_key: &str, api_secret: Option<&str>, signing_key: &str) -> Result<Client, Error> {
        let claims_after_sub = token::claims_after_sub(api_key)?;
        let key = cache::get_or_parse(signing_key)?;
        Ok(Client {
            key,
            claims_after_sub,
            api_key: api_key.into(),
            api_secret: api_secret.filter(|s| !s.is_empty()).map(|s| Zeroizing::new(s.to_owned())),
        })
    }

    /// Mints the documented token for `identifier`: `sub` = `user:<identifier>`,
    /// `iat` now, `exp` one hour later.
    pub fn generate_user_token(&self, identifier: &str) -> Result<String, Error> {
        self.generate_user_token_with(identifier, &TokenOptions::default())
    }

    /// Mints a token with other choices of lifetime, `iat` or `jti`.
    pub fn generate_user_token_with(&self, identifier: &str, options: &TokenOptions) -> Result<String, Error> {
        token::mint(&self.key, &self.claims_after_sub, identifier, options)
    }

    /// Facts about the signing key, free of key material.
    pub fn key_info(&self) -> &KeyInfo {
        self.key.info()
    }

    /// The signing key's public half as DER `RSAPublicKey`, for verifying.
    pub fn public_key_der(&self) -> &[u8] {
        self.key.public_key_der()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api_key", &self.api_key)
            .field("api_secret", &self.api_secret.as_ref().map(|_| "[redacted]"))
            .field("key", &self.key)
            .finish()
    }
}
