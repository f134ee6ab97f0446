//! Every limit the core enforces, in one leaf module: it imports nothing from
//! the crate, so any module may import it without closing a circle. Bindings
//! and generated files (tests/generated.rs) read these values; none repeats
//! a number.

/// Smallest accepted RSA modulus, in bits.
pub const MIN_KEY_BITS: usize = 2048;
/// Largest accepted RSA modulus, in bits (aws-lc's limit).
pub const MAX_KEY_BITS: usize = 8192;
/// Largest public exponent accepted, in bits: aws-lc refuses larger ones to
/// bound the cost of verification (65537, the usual exponent, has 17).
pub const MAX_PUBLIC_EXPONENT_BITS: usize = 33;
/// Largest file read for a `file://` signing key, in bytes: a PEM key of
/// [`MAX_KEY_BITS`] with a certificate chain fits many times over.
pub const MAX_KEY_FILE_BYTES: usize = 64 * 1024;
/// The most bytes of UTF-8 any text argument (API key, user identifier,
/// signing key text) may hold, checked before anything else is read of it
/// (`src/bounds.rs`): a key file's size, the longest signing key accepted,
/// and far beyond any API key or identifier. A longer one is refused by its
/// length alone.
pub const MAX_TEXT_BYTES: usize = MAX_KEY_FILE_BYTES;

/// Longest accepted API key, in bytes. Engagespot API keys are short
/// identifiers of a few dozen characters; 256 bytes leaves several times that,
/// while the smallest PEM or base64 DER of an RSA key is far longer, so that a
/// key (or anything else) pasted in the API key's place is refused rather
/// than copied into every token.
pub const MAX_API_KEY_BYTES: usize = 256;

/// Default token lifetime in seconds, as in Engagespot's documentation.
pub const DEFAULT_EXPIRES_IN: i64 = 3600;
/// Longest accepted user identifier, in bytes of UTF-8.
pub const MAX_IDENTIFIER_BYTES: usize = 1024;
/// Largest `iat` or `exp`: 2^53 - 1, the largest integer every JSON parser
/// (JavaScript's included) reads exactly.
pub const MAX_TIMESTAMP: i64 = (1 << 53) - 1;
/// Bytes of randomness in a `jti` (128 bits, 22 base64url characters).
pub const JTI_BYTES: usize = 16;
