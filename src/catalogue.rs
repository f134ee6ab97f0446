// The error catalogue: every error kind, defined once, with its stable code,
// its stable name, its category and a one-line description.
//
// `for_each_error_kind!(m)` calls the macro `m` with the whole table. From it
// come `ErrorKind` and its methods (src/error.rs), the `es_status` constants
// (src/ffi.rs), and the C enum in the header (build.rs includes this file).
// Adding a kind means adding one row here, plus its tests.
//
// Categories decide what bindings raise: `Argument` a bad value, `Type` an
// argument of the wrong type (a TypeError where the language has one), `Key` a
// rejected signing key, `Library` a failure that is not the caller's.
//
// Codes are stable. By convention 1-19 are arguments, 20-39 keys and 40 up the
// library, but the category column, not the number, is what bindings read.
// Every name starts with `ES_`; bindings' own load failures use names outside
// that prefix (`ERR_ENGAGESPOT_TOKEN_LOAD`), so they cannot collide.

macro_rules! for_each_error_kind {
    ($callback:ident) => {
        $callback! {
            /// A required argument was absent: NULL from C, or nothing from a dynamic language.
            NullArgument = 1, ES_NULL_ARGUMENT, Type;
            /// A text argument was not valid UTF-8 (or, from JavaScript, held a lone surrogate).
            InvalidUtf8 = 2, ES_INVALID_UTF8, Argument;
            /// The API key was missing or empty.
            ApiKeyMissing = 3, ES_API_KEY_MISSING, Argument;
            /// The API key contains a NUL, a line break or another control character, or is over the length limit (the message gives it).
            ApiKeyInvalid = 4, ES_API_KEY_INVALID, Argument;
            /// The user identifier was empty.
            IdentifierEmpty = 5, ES_IDENTIFIER_EMPTY, Argument;
            /// The user identifier is over the length limit, counted in bytes of UTF-8 (the message gives the limit).
            IdentifierTooLong = 6, ES_IDENTIFIER_TOO_LONG, Argument;
            /// The user identifier contains a NUL character.
            IdentifierInvalid = 7, ES_IDENTIFIER_INVALID, Argument;
            /// The requested lifetime (`expires_in`) is not a whole number of seconds in range.
            InvalidExpiry = 8, ES_INVALID_EXPIRY, Argument;
            /// The requested `iat` is not whole unix seconds in range, or the clock reads before 1970.
            InvalidIssuedAt = 9, ES_INVALID_ISSUED_AT, Argument;
            /// An argument had the wrong type (bindings to dynamic languages only).
            WrongType = 10, ES_WRONG_TYPE, Type;
            /// An option name is not one of the accepted options, or one option is given twice.
            UnknownOption = 11, ES_UNKNOWN_OPTION, Argument;
            /// The API key holds PEM text (`-----BEGIN`), such as the signing key, which would be copied into every token.
            ApiKeyHoldsPem = 12, ES_API_KEY_HOLDS_PEM, Argument;
            /// The client was freed (`free()`, or the end of a `using` block) and can mint no more tokens: create another.
            ClientFreed = 13, ES_CLIENT_FREED, Argument;
            /// The signing key was missing, empty or blank.
            KeyMissing = 20, ES_KEY_MISSING, Key;
            /// The signing key looks like a file path rather than key text.
            KeyIsPath = 21, ES_KEY_IS_PATH, Key;
            /// The signing key is a public key or a certificate.
            KeyIsPublic = 22, ES_KEY_IS_PUBLIC, Key;
            /// The signing key is an encrypted (passphrase-protected) private key.
            KeyEncrypted = 23, ES_KEY_ENCRYPTED, Key;
            /// The signing key is not an RSA key (EC, Ed25519, DSA).
            KeyNotRsa = 24, ES_KEY_NOT_RSA, Key;
            /// The RSA key is smaller than the smallest accepted size (the message gives both sizes).
            KeyTooSmall = 25, ES_KEY_TOO_SMALL, Key;
            /// The RSA key is larger than the largest accepted size (the message gives both sizes).
            KeyTooLarge = 26, ES_KEY_TOO_LARGE, Key;
            /// The signing key is truncated, corrupt, or not a key at all.
            KeyMalformed = 27, ES_KEY_MALFORMED, Key;
            /// The signing key text holds more than one private key, or text or PEM blocks beside it other than certificates.
            KeyAmbiguous = 28, ES_KEY_AMBIGUOUS, Key;
            /// The RSA key is valid but cannot sign here: it has more than two primes, or a public exponent aws-lc refuses.
            KeyUnsupported = 29, ES_KEY_UNSUPPORTED, Key;
            /// The file a `file://` signing key names cannot be read: missing, not permitted, not a regular file, too large, or a path holding a NUL byte.
            KeyFileUnreadable = 30, ES_KEY_FILE_UNREADABLE, Key;
            /// The cryptographic library failed to sign. Not caused by the caller.
            SigningFailed = 40, ES_SIGNING_FAILED, Library;
            /// A synchronous call where the host can only sign asynchronously (WebCrypto-only JavaScript runtimes); the message names the asynchronous call.
            SyncUnavailable = 41, ES_SYNC_UNAVAILABLE, Library;
            /// A bug: a panic inside the library was caught before it reached the caller.
            Panic = 100, ES_PANIC, Library;
        }
    };
}
