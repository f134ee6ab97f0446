//! The client: an API key and a parsed signing key, immutable once built, so
//! one client can mint tokens from many threads at once.

use std::fmt;
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::cache;
use crate::error::{Error, ErrorKind};
use crate::key::{KeyInfo, SigningKey};
use crate::token::{self, TokenOptions};

/// Longest accepted API key, in bytes. Engagespot API keys are short
/// identifiers of a few dozen characters; 256 bytes leaves several times that,
/// while the smallest PEM or base64 DER of an RSA key is far longer, so that a
/// key (or anything else) pasted in the API key's place is refused rather
/// than copied into every token.
pub const MAX_API_KEY_BYTES: usize = 256;

/// `-----BEGIN` (PEM armour), and its base64 (`LS0tLS1CRUdJT`, a PEM that was
/// base64-encoded onto one line, as some secret stores hold keys).
const PEM_MARKERS: [&str; 2] = ["-----BEGIN", "LS0tLS1CRUdJT"];

/// Refuses an API key that cannot be one: every token carries it, where the
/// browser and Engagespot read it, so key material here would be published.
/// Messages never quote the key.
fn check_api_key(api_key: &str) -> Result<(), Error> {
    if PEM_MARKERS.iter().any(|marker| api_key.contains(marker)) {
        return Err(Error::new(
            ErrorKind::ApiKeyHoldsPem,
            "API key holds PEM text (-----BEGIN ...), such as the signing key, which every token would \
             publish: pass the API key shown in the Engagespot console as the API key, and the private key \
             as the signing key",
        ));
    }
    if api_key.contains('\0') {
        return Err(Error::new(
            ErrorKind::ApiKeyInvalid,
            "API key contains a NUL character, which C strings cannot carry",
        ));
    }
    if api_key.contains(['\r', '\n']) {
        return Err(Error::new(
            ErrorKind::ApiKeyInvalid,
            "API key contains a line break, which no Engagespot API key has: pass the API key shown in the \
             Engagespot console, without a trailing newline",
        ));
    }
    if api_key.chars().any(char::is_control) {
        return Err(Error::new(
            ErrorKind::ApiKeyInvalid,
            "API key contains a control character, which no Engagespot API key has: pass the API key shown \
             in the Engagespot console",
        ));
    }
    if api_key.len() > MAX_API_KEY_BYTES {
        return Err(Error::new(
            ErrorKind::ApiKeyInvalid,
            format!(
                "API key is {} bytes long; at most {MAX_API_KEY_BYTES} are accepted, and Engagespot API keys \
                 are far shorter: pass the API key shown in the Engagespot console",
                api_key.len()
            ),
        ));
    }
    Ok(())
}

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
        if api_key.is_empty() {
            return Err(Error::new(
                ErrorKind::ApiKeyMissing,
                "API key is missing or empty: pass the API key shown in the Engagespot console",
            ));
        }
        check_api_key(api_key)?;
        let key = cache::get_or_parse(signing_key)?;
        let mut claims_after_sub = Vec::with_capacity(api_key.len() + 16);
        token::push_json_string(&mut claims_after_sub, ",\"apiKey\":\"", api_key);
        Ok(Client {
            key,
            claims_after_sub: claims_after_sub.into_boxed_slice(),
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
