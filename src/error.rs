//! Errors: one kind per thing a caller can get wrong, each with a message that
//! says what to do about it. Messages never contain key material or secrets.

use std::borrow::Cow;
use std::fmt;

/// What went wrong. Every binding (C, PHP, Node) reports these same kinds, under
/// the names given by [`ErrorKind::name`] and the numbers given by
/// [`ErrorKind::code`]; both are stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A required argument was absent (a NULL pointer from C).
    NullArgument,
    /// A text argument was not valid UTF-8.
    InvalidUtf8,
    /// An argument had the wrong type (bindings to dynamic languages only).
    WrongType,
    /// The API key was missing or empty.
    ApiKeyMissing,
    /// The API key contains a character that cannot appear in a token (NUL).
    ApiKeyInvalid,
    /// The user identifier was empty.
    IdentifierEmpty,
    /// The user identifier is longer than [`crate::MAX_IDENTIFIER_BYTES`].
    IdentifierTooLong,
    /// The user identifier contains a NUL character.
    IdentifierInvalid,
    /// The requested lifetime (`expires_in`) is zero, negative or too large.
    InvalidExpiry,
    /// The requested `iat` is negative or too large.
    InvalidIssuedAt,
    /// The signing key was missing, empty or blank.
    KeyMissing,
    /// The signing key looks like a file path rather than key text.
    KeyIsPath,
    /// The signing key is a public key or a certificate.
    KeyIsPublic,
    /// The signing key is an encrypted (passphrase-protected) private key.
    KeyEncrypted,
    /// The signing key is not an RSA key (EC, Ed25519, DSA).
    KeyNotRsa,
    /// The RSA key is smaller than 2048 bits.
    KeyTooSmall,
    /// The RSA key is larger than 8192 bits.
    KeyTooLarge,
    /// The signing key is truncated, corrupt, or not a key at all.
    KeyMalformed,
    /// The cryptographic library failed to sign. Not caused by the caller.
    SigningFailed,
    /// A bug: a panic inside the library was caught before it reached the caller.
    Panic,
}

impl ErrorKind {
    /// Every kind, in code order.
    pub const ALL: [ErrorKind; 20] = [
        ErrorKind::NullArgument,
        ErrorKind::InvalidUtf8,
        ErrorKind::ApiKeyMissing,
        ErrorKind::ApiKeyInvalid,
        ErrorKind::IdentifierEmpty,
        ErrorKind::IdentifierTooLong,
        ErrorKind::IdentifierInvalid,
        ErrorKind::InvalidExpiry,
        ErrorKind::InvalidIssuedAt,
        ErrorKind::WrongType,
        ErrorKind::KeyMissing,
        ErrorKind::KeyIsPath,
        ErrorKind::KeyIsPublic,
        ErrorKind::KeyEncrypted,
        ErrorKind::KeyNotRsa,
        ErrorKind::KeyTooSmall,
        ErrorKind::KeyTooLarge,
        ErrorKind::KeyMalformed,
        ErrorKind::SigningFailed,
        ErrorKind::Panic,
    ];

    /// The stable name shared by every binding: the C enumerator (`ES_KEY_IS_PUBLIC`),
    /// the Node `error.code`, and the PHP exception's `getErrorName()`.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorKind::NullArgument => "ES_NULL_ARGUMENT",
            ErrorKind::InvalidUtf8 => "ES_INVALID_UTF8",
            ErrorKind::WrongType => "ES_WRONG_TYPE",
            ErrorKind::ApiKeyMissing => "ES_API_KEY_MISSING",
            ErrorKind::ApiKeyInvalid => "ES_API_KEY_INVALID",
            ErrorKind::IdentifierEmpty => "ES_IDENTIFIER_EMPTY",
            ErrorKind::IdentifierTooLong => "ES_IDENTIFIER_TOO_LONG",
            ErrorKind::IdentifierInvalid => "ES_IDENTIFIER_INVALID",
            ErrorKind::InvalidExpiry => "ES_INVALID_EXPIRY",
            ErrorKind::InvalidIssuedAt => "ES_INVALID_ISSUED_AT",
            ErrorKind::KeyMissing => "ES_KEY_MISSING",
            ErrorKind::KeyIsPath => "ES_KEY_IS_PATH",
            ErrorKind::KeyIsPublic => "ES_KEY_IS_PUBLIC",
            ErrorKind::KeyEncrypted => "ES_KEY_ENCRYPTED",
            ErrorKind::KeyNotRsa => "ES_KEY_NOT_RSA",
            ErrorKind::KeyTooSmall => "ES_KEY_TOO_SMALL",
            ErrorKind::KeyTooLarge => "ES_KEY_TOO_LARGE",
            ErrorKind::KeyMalformed => "ES_KEY_MALFORMED",
            ErrorKind::SigningFailed => "ES_SIGNING_FAILED",
            ErrorKind::Panic => "ES_PANIC",
        }
    }

    /// The stable number shared by every binding: the C `es_status` value and
    /// the PHP exception code. 0 is reserved for success.
    pub const fn code(self) -> i32 {
        match self {
            ErrorKind::NullArgument => 1,
            ErrorKind::InvalidUtf8 => 2,
            ErrorKind::WrongType => 10,
            ErrorKind::ApiKeyMissing => 3,
            ErrorKind::ApiKeyInvalid => 4,
            ErrorKind::IdentifierEmpty => 5,
            ErrorKind::IdentifierTooLong => 6,
            ErrorKind::IdentifierInvalid => 7,
            ErrorKind::InvalidExpiry => 8,
            ErrorKind::InvalidIssuedAt => 9,
            ErrorKind::KeyMissing => 20,
            ErrorKind::KeyIsPath => 21,
            ErrorKind::KeyIsPublic => 22,
            ErrorKind::KeyEncrypted => 23,
            ErrorKind::KeyNotRsa => 24,
            ErrorKind::KeyTooSmall => 25,
            ErrorKind::KeyTooLarge => 26,
            ErrorKind::KeyMalformed => 27,
            ErrorKind::SigningFailed => 40,
            ErrorKind::Panic => 100,
        }
    }

    /// True when the caller passed something wrong (an argument or the key),
    /// false when the failure is the library's or the platform's.
    /// Bindings raise the former as their "invalid argument" error type.
    pub const fn is_invalid_argument(self) -> bool {
        !matches!(self, ErrorKind::SigningFailed | ErrorKind::Panic)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An error with its kind and a message for humans.
///
/// The message explains what to do; it never contains key material, the API
/// secret, or (for keys) any part of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: Cow<'static, str>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<Cow<'static, str>>) -> Self {
        Error { kind, message: message.into() }
    }

    /// A required argument was absent; `what` names it ("user identifier").
    /// Bindings whose callers can pass NULL or nothing use this.
    pub fn null_argument(what: &str) -> Self {
        Error::new(ErrorKind::NullArgument, format!("{what} is missing (NULL): pass a string"))
    }

    /// An argument of the wrong type reached a binding to a dynamic language;
    /// `what` names it and `expected` says what it must be ("a string").
    pub fn wrong_type(what: &str, expected: &str) -> Self {
        Error::new(ErrorKind::WrongType, format!("{what} must be {expected}"))
    }

    /// A text argument was not valid UTF-8; `what` names it ("API key").
    /// Never includes the bytes themselves, which may be key material.
    pub fn invalid_utf8(what: &str) -> Self {
        Error::new(ErrorKind::InvalidUtf8, format!("{what} is not valid UTF-8: pass UTF-8 text"))
    }

    /// What went wrong, as a stable kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// What went wrong and what to do about it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Runs `body`, turning a panic into an [`ErrorKind::Panic`] error, so that
/// no binding lets one unwind into C, PHP or Node. The panic's own message
/// is not copied into the error: it is not ours to vouch for.
pub fn catch_panic<T>(body: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or_else(|_| {
        Err(Error::new(ErrorKind::Panic, "internal error: engagespot-token panicked; this is a bug, please report it"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_and_codes_are_unique_and_nonzero() {
        let names: HashSet<_> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
        let codes: HashSet<_> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        assert_eq!(codes.len(), ErrorKind::ALL.len());
        assert!(!codes.contains(&0));
        let mut sorted = ErrorKind::ALL.map(|k| k.code());
        sorted.sort();
        assert_eq!(sorted, ErrorKind::ALL.map(|k| k.code()), "ALL is in code order");
    }
}
