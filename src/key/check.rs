//! The checks every accepted key passes, in order: the text forms ([`text`]),
//! the PEM framing ([`pem`]) and the DER structure ([`der`]). Shared by the
//! native key ([`super::SigningKey`]) and the host's ([`super::HostKey`]).

use super::der;
use super::format::KeyInfo;
use super::pem;
use super::text;
use crate::error::Error;

/// Runs the checks every accepted key passes (text forms, PEM framing, DER
/// structure, size, primes, exponent) on key text (never a `file://` URI),
/// then hands the checked RSA key to `build`.
pub(super) fn checked_key<T>(
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
