//! Token minting: claims in the documented order, JSON-escaped by serde_json,
//! base64url without padding, signed RS256 with the held key.

use std::io;
#[cfg(feature = "aws-lc")]
use std::time::{SystemTime, UNIX_EPOCH};

#[cfg(feature = "aws-lc")]
use aws_lc_rs::rand::{self, SecureRandom as _, SystemRandom};
#[cfg(feature = "aws-lc")]
use aws_lc_rs::signature::RSA_PKCS1_SHA256;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::ser::Formatter;

use crate::error::{Error, ErrorKind};
#[cfg(feature = "aws-lc")]
use crate::key::SigningKey;
use crate::limits::{DEFAULT_EXPIRES_IN, JTI_BYTES, MAX_IDENTIFIER_BYTES, MAX_TIMESTAMP};

/// `base64url({"alg":"RS256","typ":"JWT"})`: the same for every token.
const HEADER_B64: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";
/// Largest signature aws-lc produces (8192-bit key).
#[cfg(feature = "aws-lc")]
const MAX_SIGNATURE_BYTES: usize = 1024;

/// Per-token choices. [`TokenOptions::default`] gives the documented token:
/// `iat` now, `exp` one hour later, no `jti`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenOptions {
    /// Seconds from `iat` to `exp`; `None` leaves `exp` out, as the official
    /// SDKs do. Must be 1 to [`MAX_TIMESTAMP`] - `iat`.
    pub expires_in: Option<i64>,
    /// `iat` in unix seconds; `None` means now. Set it for reproducible tokens.
    pub issued_at: Option<i64>,
    /// Adds a random `jti`, so that two tokens minted in the same second differ.
    pub jti: bool,
    /// Puts `iat` in the token (the default). Without it, and without `exp`,
    /// the claims are the official PHP SDK's `{sub, apiKey}`.
    pub include_iat: bool,
}

impl Default for TokenOptions {
    fn default() -> Self {
        TokenOptions { expires_in: Some(DEFAULT_EXPIRES_IN), issued_at: None, jti: false, include_iat: true }
    }
}

/// Writes a JSON string exactly as serde_json (and `JSON.stringify`) does,
/// but opens it with `opening` instead of a bare quote. U+2028 and U+2029 are
/// left as they are, as `JSON.stringify` leaves them: the payload is
/// base64url-encoded, never embedded in JavaScript source.
struct ClaimFormatter {
    /// Written in place of the opening quote, e.g. `"user:`.
    opening: &'static str,
}

impl Formatter for ClaimFormatter {
    fn begin_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(self.opening.as_bytes())
    }
}

/// Appends `value` as a JSON string whose opening quote is replaced by `opening`.
pub(crate) fn push_json_string(out: &mut Vec<u8>, opening: &'static str, value: &str) {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, ClaimFormatter { opening });
    // Writing to a Vec cannot fail.
    let _ = serde::Serialize::serialize(value, &mut serializer);
}

/// `,"apiKey":"<escaped API key>"`, the claim after `sub`, built once per
/// client, after checking the API key.
pub(crate) fn claims_after_sub(api_key: &str) -> Result<Box<[u8]>, Error> {
    if api_key.is_empty() {
        return Err(Error::new(
            ErrorKind::ApiKeyMissing,
            "API key is missing or empty: pass the API key shown in the Engagespot console",
        ));
    }
    crate::api_key::check_api_key(api_key)?;
    let mut claims = Vec::with_capacity(api_key.len() + 16);
    push_json_string(&mut claims, ",\"apiKey\":\"", api_key);
    Ok(claims.into_boxed_slice())
}

pub(crate) fn validate_identifier(identifier: &str) -> Result<(), Error> {
    crate::bounds::check_text_len(crate::error::Argument::UserIdentifier, identifier.len())?;
    if identifier.is_empty() {
        return Err(Error::new(
            ErrorKind::IdentifierEmpty,
            "user identifier is empty: pass the identifier of the user the token is for",
        ));
    }
    if identifier.len() > MAX_IDENTIFIER_BYTES {
        return Err(Error::new(
            ErrorKind::IdentifierTooLong,
            format!(
                "user identifier is {} bytes long; at most {MAX_IDENTIFIER_BYTES} bytes are accepted",
                identifier.len()
            ),
        ));
    }
    if identifier.contains('\0') {
        return Err(Error::new(
            ErrorKind::IdentifierInvalid,
            "user identifier contains a NUL character, which C strings cannot carry",
        ));
    }
    Ok(())
}

/// The `iat` and `exp` a token gets, after checking the options; `now` is
/// asked only when the options give no `iat`.
fn timestamps(options: &TokenOptions, now: impl FnOnce() -> Result<i64, Error>) -> Result<(i64, Option<i64>), Error> {
    let iat = match options.issued_at {
        Some(iat) if (0..=MAX_TIMESTAMP).contains(&iat) => iat,
        Some(_) => {
            return Err(Error::new(
                ErrorKind::InvalidIssuedAt,
                format!("issued-at time must be unix seconds from 0 to {MAX_TIMESTAMP}"),
            ))
        }
        None => now()?,
    };
    let exp = match options.expires_in {
        None => None,
        Some(secs) if secs >= 1 && secs <= MAX_TIMESTAMP - iat => Some(iat + secs),
        Some(_) => {
            return Err(Error::new(
                ErrorKind::InvalidExpiry,
                format!(
                    "expires-in must be a whole number of seconds from 1 to {}, or none for a token without exp",
                    MAX_TIMESTAMP - iat
                ),
            ))
        }
    };
    Ok((iat, exp))
}

/// The error for a clock that reads before 1970.
pub(crate) fn clock_before_1970() -> Error {
    Error::new(
        ErrorKind::InvalidIssuedAt,
        "the system clock reads before 1970: fix the clock or pass an explicit issued-at time",
    )
}

#[cfg(feature = "aws-lc")]
fn now() -> Result<i64, Error> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()
        .and_then(|d| i64::try_from(d.as_secs()).ok())
        .ok_or_else(clock_before_1970)
}

/// The JWT's first two parts, `header.payload`, with room for the signature
/// (`signature_len` bytes) and a NUL. `claims_after_sub` is `,"apiKey":"…"`,
/// built once per client; `now` gives the clock and `random` a `jti`'s bytes,
/// each asked only when the options need it.
pub(crate) fn signing_input(
    claims_after_sub: &[u8],
    identifier: &str,
    options: &TokenOptions,
    signature_len: usize,
    now: impl FnOnce() -> Result<i64, Error>,
    random: impl FnOnce(&mut [u8; JTI_BYTES]) -> Result<(), Error>,
) -> Result<String, Error> {
    validate_identifier(identifier)?;
    let (iat, exp) = timestamps(options, now)?;

    let mut payload = Vec::with_capacity(64 + claims_after_sub.len() + identifier.len() * 2);
    payload.extend_from_slice(b"{\"sub\":");
    push_json_string(&mut payload, "\"user:", identifier);
    payload.extend_from_slice(claims_after_sub);
    if options.include_iat {
        payload.extend_from_slice(b",\"iat\":");
        payload.extend_from_slice(itoa::Buffer::new().format(iat).as_bytes());
    }
    if let Some(exp) = exp {
        payload.extend_from_slice(b",\"exp\":");
        payload.extend_from_slice(itoa::Buffer::new().format(exp).as_bytes());
    }
    if options.jti {
        let mut bytes = [0u8; JTI_BYTES];
        random(&mut bytes)?;
        payload.extend_from_slice(b",\"jti\":\"");
        payload.extend_from_slice(URL_SAFE_NO_PAD.encode(bytes).as_bytes());
        payload.push(b'"');
    }
    payload.push(b'}');

    // +1: room for the NUL the C ABI appends, so that it need not reallocate.
    let mut token =
        String::with_capacity(HEADER_B64.len() + 2 + base64_len(payload.len()) + base64_len(signature_len) + 1);
    token.push_str(HEADER_B64);
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(&payload, &mut token);
    Ok(token)
}

/// Appends `.` and the signature, base64url, to a signing input: the token.
pub(crate) fn append_signature(token: &mut String, signature: &[u8]) {
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(signature, token);
}

/// Mints a token. `claims_after_sub` is `,"apiKey":"…"`, built once per client.
#[cfg(feature = "aws-lc")]
pub(crate) fn mint(
    key: &SigningKey,
    claims_after_sub: &[u8],
    identifier: &str,
    options: &TokenOptions,
) -> Result<String, Error> {
    let signature_len = key.signature_len();
    let mut token = signing_input(claims_after_sub, identifier, options, signature_len, now, |bytes| {
        // aws-lc's generator reseeds after fork(), so forked workers differ.
        SystemRandom::new().fill(bytes).map_err(|_| signing_failed("the random number generator failed"))
    })?;

    let mut signature = [0u8; MAX_SIGNATURE_BYTES];
    let signature = signature.get_mut(..signature_len).ok_or_else(|| signing_failed("the key is too large"))?;
    key.pair()
        .sign(&RSA_PKCS1_SHA256, &rand::SystemRandom::new(), token.as_bytes(), signature)
        .map_err(|_| signing_failed("aws-lc could not sign"))?;
    append_signature(&mut token, signature);
    Ok(token)
}

pub(crate) fn signing_failed(why: &str) -> Error {
    Error::new(
        ErrorKind::SigningFailed,
        format!("signing failed: {why}; this is not caused by the arguments, please report it"),
    )
}

const fn base64_len(bytes: usize) -> usize {
    (bytes * 4).div_ceil(3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: &str) -> String {
        let mut out = Vec::new();
        push_json_string(&mut out, "\"", value);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_like_json_stringify() {
        assert_eq!(json("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(json("\u{1}\n\t"), r#""\u0001\n\t""#);
        assert_eq!(json("x\u{2028}y\u{2029}"), "\"x\u{2028}y\u{2029}\"");
        assert_eq!(json("😀</script>"), "\"😀</script>\"");
        for s in ["a\"b", "\u{2028}\u{2028}", "😀\u{0}\u{7f}", "</script>"] {
            assert_eq!(serde_json::from_str::<String>(&json(s)).unwrap(), s);
        }
    }

    #[test]
    fn opening_replaces_the_quote() {
        let mut out = Vec::new();
        push_json_string(&mut out, "\"user:", "a\"");
        assert_eq!(out, br#""user:a\"""#);
    }

    #[test]
    fn timestamps_check_ranges() {
        let at = |issued_at, expires_in| {
            timestamps(&TokenOptions { issued_at, expires_in, ..TokenOptions::default() }, || Ok(0))
        };
        assert_eq!(at(Some(10), Some(5)).unwrap(), (10, Some(15)));
        assert_eq!(at(Some(10), None).unwrap(), (10, None));
        assert_eq!(at(Some(0), Some(MAX_TIMESTAMP)).unwrap(), (0, Some(MAX_TIMESTAMP)));
        assert_eq!(at(Some(-1), None).unwrap_err().kind(), ErrorKind::InvalidIssuedAt);
        assert_eq!(at(Some(MAX_TIMESTAMP + 1), None).unwrap_err().kind(), ErrorKind::InvalidIssuedAt);
        assert_eq!(at(Some(1), Some(0)).unwrap_err().kind(), ErrorKind::InvalidExpiry);
        assert_eq!(at(Some(1), Some(-5)).unwrap_err().kind(), ErrorKind::InvalidExpiry);
        assert_eq!(at(Some(1), Some(MAX_TIMESTAMP)).unwrap_err().kind(), ErrorKind::InvalidExpiry);
        assert_eq!(at(Some(1), Some(i64::MAX)).unwrap_err().kind(), ErrorKind::InvalidExpiry);
    }

    #[test]
    fn base64_len_matches_encoder() {
        for n in 0..100 {
            assert_eq!(base64_len(n), URL_SAFE_NO_PAD.encode(vec![0u8; n]).len());
        }
    }
}
