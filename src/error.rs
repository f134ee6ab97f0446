//! Errors: one kind per thing a caller can get wrong, each with a message that
//! says what to do about it. Messages never contain key material or secrets.

use std::borrow::Cow;
use std::fmt;

use crate::token::MAX_IDENTIFIER_BYTES;

/// Who should hear about an error: decides the exception class a binding
/// raises. Read it with [`ErrorKind::category`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// The caller passed a bad value (an `InvalidArgument`/`ValueError`).
    Argument,
    /// The caller passed an argument of the wrong type, or none (a `TypeError`).
    Type,
    /// The signing key was rejected (a subclass of the argument error).
    Key,
    /// The library or the platform failed; not the caller's doing.
    Library,
}

macro_rules! define_error_kind {
    ($( $(#[doc = $doc:literal])* $kind:ident = $code:literal, $name:ident, $category:ident; )*) => {
        /// What went wrong. Every binding (C, PHP, Node, Python, Ruby) reports
        /// these same kinds, under the names of [`ErrorKind::name`] and the
        /// numbers of [`ErrorKind::code`]; both are stable. Defined once, in
        /// `src/catalogue.rs`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            $( $(#[doc = $doc])* $kind, )*
        }

        impl ErrorKind {
            /// Every kind, in catalogue order.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$kind),*];

            /// The stable name shared by every binding: the C enumerator
            /// (`ES_KEY_IS_PUBLIC`), Node's `error.code`, PHP's `getErrorName()`,
            /// Python's and Ruby's `name`.
            pub const fn name(self) -> &'static str {
                match self { $(ErrorKind::$kind => stringify!($name),)* }
            }

            /// The stable number shared by every binding: the C `es_status`
            /// value and the exceptions' `code`. 0 is reserved for success.
            pub const fn code(self) -> i32 {
                match self { $(ErrorKind::$kind => $code,)* }
            }

            /// Which kind of exception a binding raises for it.
            pub const fn category(self) -> Category {
                match self { $(ErrorKind::$kind => Category::$category,)* }
            }

            /// The catalogue's one-line description of the kind (not the
            /// message of a particular error, which says more).
            pub const fn description(self) -> &'static str {
                match self { $(ErrorKind::$kind => concat!($($doc),*).trim_ascii_start(),)* }
            }

            /// The kind with this code, if any.
            pub const fn from_code(code: i32) -> Option<ErrorKind> {
                match code { $($code => Some(ErrorKind::$kind),)* _ => None }
            }
        }
    };
}

for_each_error_kind!(define_error_kind);

/// An argument a caller passes, as error messages name it. Bindings report
/// a missing or mistyped argument through [`Error::null_argument`] and
/// [`Error::wrong_type`], so that the wording is the core's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Argument {
    /// The API key.
    ApiKey,
    /// The API secret.
    ApiSecret,
    /// The signing key.
    SigningKey,
    /// The user identifier.
    UserIdentifier,
    /// The per-token options.
    Options,
    /// The client's configuration (the official SDKs' `{apiKey, apiSecret, signingKey}`).
    Config,
    /// The client object a method was called on.
    Client,
}

impl Argument {
    /// Every argument.
    pub const ALL: [Argument; 7] = [
        Argument::ApiKey,
        Argument::ApiSecret,
        Argument::SigningKey,
        Argument::UserIdentifier,
        Argument::Options,
        Argument::Config,
        Argument::Client,
    ];

    /// How messages name it: "API key".
    pub const fn label(self) -> &'static str {
        match self {
            Argument::ApiKey => "API key",
            Argument::ApiSecret => "API secret",
            Argument::SigningKey => "signing key",
            Argument::UserIdentifier => "user identifier",
            Argument::Options => "options",
            Argument::Config => "config",
            Argument::Client => "client",
        }
    }

    /// What it must be, in words every language's users read the same way.
    const fn expected(self) -> &'static str {
        match self {
            Argument::ApiKey => "a string",
            Argument::ApiSecret => "a string, or null",
            Argument::SigningKey => "a string of PEM text, or bytes of it",
            Argument::UserIdentifier => "a string or an integer",
            Argument::Options => "a map of option names to values",
            Argument::Config => "a map with apiKey, apiSecret and signingKey",
            Argument::Client => "a client created by this library",
        }
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

    /// A required argument was absent (NULL, or not given).
    pub fn null_argument(what: Argument) -> Self {
        Error::new(ErrorKind::NullArgument, format!("{} is missing: pass {}", what.label(), what.expected()))
    }

    /// An argument of the wrong type reached a binding to a dynamic language.
    pub fn wrong_type(what: Argument) -> Self {
        Error::new(ErrorKind::WrongType, format!("{} must be {}", what.label(), what.expected()))
    }

    /// A text argument was not valid UTF-8 (or, from UTF-16, held a lone
    /// surrogate). Never includes the bytes themselves, which may be key material.
    pub fn invalid_utf8(what: Argument) -> Self {
        Error::new(ErrorKind::InvalidUtf8, format!("{} is not valid Unicode text: pass UTF-8 text", what.label()))
    }

    /// The [`ErrorKind::Panic`] error: a bug inside the library was caught
    /// (by [`catch_panic`], or by a WebAssembly host that saw the module trap).
    pub fn panic() -> Self {
        Error::new(ErrorKind::Panic, "internal error: engagespot-token panicked; this is a bug, please report it")
    }

    /// Reading an argument's `property` ran the caller's code (a getter, a
    /// proxy's trap), which threw. The binding attaches that exception as the
    /// cause; `property` is a name the binding chose, never the caller's text.
    pub fn property_threw(what: Argument, property: &str) -> Self {
        Error::new(
            ErrorKind::WrongType,
            format!(
                "{} could not be read: reading {property} threw an exception (attached as the cause)",
                what.label()
            ),
        )
    }

    /// A client used after the binding freed it (`free()`, `Symbol.dispose`):
    /// its key is wiped, so it can mint no more tokens.
    pub fn client_freed() -> Self {
        Error::new(
            ErrorKind::ClientFreed,
            "the client was freed (free() or the end of a using block) and can mint no more tokens: create a new client",
        )
    }

    /// An integer identifier with more decimal digits than the longest
    /// identifier has bytes, too large for the binding to format first.
    pub fn integer_identifier_too_long() -> Self {
        Error::new(
            ErrorKind::IdentifierTooLong,
            format!(
                "user identifier is an integer of more than {MAX_IDENTIFIER_BYTES} digits; at most \
                 {MAX_IDENTIFIER_BYTES} bytes are accepted"
            ),
        )
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
/// no binding lets one unwind into C, PHP, Node, Python or Ruby. Every
/// binding's exports call it; `site` names the operation ("client_new",
/// "mint", "options", "free", and "query" for the C ABI's small exports) for
/// the test-only fault-injection build, which
/// panics here when `$ENGAGESPOT_TOKEN_FAULT` names the site. The panic's own
/// message is not copied into the error: it is not ours to vouch for.
pub fn catch_panic<T>(site: &'static str, body: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::fault::point(site);
        body()
    }))
    .unwrap_or_else(|_| Err(Error::panic()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_and_codes_are_unique_nonzero_and_prefixed() {
        let names: HashSet<_> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
        let codes: HashSet<_> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        assert_eq!(codes.len(), ErrorKind::ALL.len());
        assert!(!codes.contains(&0), "0 is ES_OK");
        for kind in ErrorKind::ALL {
            // Bindings' load failures are named outside this prefix.
            assert!(kind.name().starts_with("ES_"), "{kind:?}");
            assert_eq!(ErrorKind::from_code(kind.code()), Some(*kind));
            assert!(kind.description().ends_with('.'), "{kind:?}");
        }
        assert_eq!(ErrorKind::from_code(0), None);
    }

    #[test]
    fn names_are_the_variant_in_screaming_snake_case() {
        for kind in ErrorKind::ALL {
            let mut expected = String::from("ES");
            for ch in format!("{kind:?}").chars() {
                if ch.is_ascii_uppercase() {
                    expected.push('_');
                }
                expected.push(ch.to_ascii_uppercase());
            }
            assert_eq!(kind.name(), expected);
        }
    }

    #[test]
    fn messages_name_the_argument_and_what_it_must_be() {
        assert_eq!(
            Error::wrong_type(Argument::UserIdentifier).message(),
            "user identifier must be a string or an integer"
        );
        assert_eq!(
            Error::null_argument(Argument::Client).message(),
            "client is missing: pass a client created by this library"
        );
        assert_eq!(Error::null_argument(Argument::Client).kind().category(), Category::Type);
    }
}
