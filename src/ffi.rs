//! The C ABI. Every `unsafe` block of the crate is here, and so are the NULL
//! checks, the panic boundary and the mapping of errors to `es_status` codes.
//!
//! Conventions, as in rustls-ffi and regex-capi:
//! - A function that returns a pointer returns NULL on failure; then
//!   `es_last_error_code()` and `es_last_error_message()` say why.
//! - The error slot is per thread. A call that can fail resets it to `ES_OK`
//!   when it succeeds; `es_free_string` and `es_client_free` leave it alone.
//! - No panic unwinds into the caller: each export catches it and reports
//!   `ES_PANIC`.
//! - Owned results are `char *` and go back to `es_free_string`; borrowed ones
//!   are `const char *`.
//!
//! Thread safety: an `es_client` is immutable after `es_client_new` returns, so
//! any number of threads may call `es_generate_user_token` on one client at
//! once. Only `es_client_free` needs exclusive access.

#![allow(non_camel_case_types)]
#![allow(unsafe_code)]

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};
use std::ptr;

use once_cell::sync::Lazy;

use crate::client::Client;
use crate::error::{catch_panic, Error, ErrorKind};
use crate::token::{TokenOptions, DEFAULT_EXPIRES_IN};

/// A client holding an API key and a parsed RSA signing key. Opaque.
///
/// Immutable and safe to share across threads. Create it with
/// `es_client_new` and release it with `es_client_free`.
pub struct es_client {
    client: Client,
}

/// Result codes. Numbers are stable; 0 is success. Ranges: 1-19 bad
/// arguments, 20-39 bad signing keys, 40 and up failures of the library.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum es_status {
    /// The last call succeeded.
    ES_OK = 0,
    /// A required pointer argument was NULL.
    ES_NULL_ARGUMENT = 1,
    /// A string argument was not valid UTF-8.
    ES_INVALID_UTF8 = 2,
    /// The API key was NULL or empty.
    ES_API_KEY_MISSING = 3,
    /// The API key contains a NUL character (only possible from bindings).
    ES_API_KEY_INVALID = 4,
    /// The user identifier was empty.
    ES_IDENTIFIER_EMPTY = 5,
    /// The user identifier is longer than 1024 bytes.
    ES_IDENTIFIER_TOO_LONG = 6,
    /// The user identifier contains a NUL character (only possible from bindings).
    ES_IDENTIFIER_INVALID = 7,
    /// `expires_in` is below 1, or `iat + expires_in` exceeds 2^53 - 1.
    ES_INVALID_EXPIRY = 8,
    /// `issued_at` is negative or exceeds 2^53 - 1, or the clock is before 1970.
    ES_INVALID_ISSUED_AT = 9,
    /// An argument had the wrong type (PHP and Node bindings only).
    ES_WRONG_TYPE = 10,
    /// The signing key was NULL, empty or blank.
    ES_KEY_MISSING = 20,
    /// The signing key looks like a file path: pass the file's contents.
    ES_KEY_IS_PATH = 21,
    /// The signing key is a public key or certificate: pass the private key.
    ES_KEY_IS_PUBLIC = 22,
    /// The signing key is encrypted: decrypt it with `openssl pkey` first.
    ES_KEY_ENCRYPTED = 23,
    /// The signing key is EC, Ed25519 or DSA: RS256 needs RSA.
    ES_KEY_NOT_RSA = 24,
    /// The RSA key is smaller than 2048 bits.
    ES_KEY_TOO_SMALL = 25,
    /// The RSA key is larger than 8192 bits.
    ES_KEY_TOO_LARGE = 26,
    /// The signing key is truncated, corrupt, or not a key.
    ES_KEY_MALFORMED = 27,
    /// Signing failed inside the cryptographic library.
    ES_SIGNING_FAILED = 40,
    /// A bug: a panic was caught at the boundary. Please report it.
    ES_PANIC = 100,
}

impl From<ErrorKind> for es_status {
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::NullArgument => es_status::ES_NULL_ARGUMENT,
            ErrorKind::InvalidUtf8 => es_status::ES_INVALID_UTF8,
            ErrorKind::WrongType => es_status::ES_WRONG_TYPE,
            ErrorKind::ApiKeyMissing => es_status::ES_API_KEY_MISSING,
            ErrorKind::ApiKeyInvalid => es_status::ES_API_KEY_INVALID,
            ErrorKind::IdentifierEmpty => es_status::ES_IDENTIFIER_EMPTY,
            ErrorKind::IdentifierTooLong => es_status::ES_IDENTIFIER_TOO_LONG,
            ErrorKind::IdentifierInvalid => es_status::ES_IDENTIFIER_INVALID,
            ErrorKind::InvalidExpiry => es_status::ES_INVALID_EXPIRY,
            ErrorKind::InvalidIssuedAt => es_status::ES_INVALID_ISSUED_AT,
            ErrorKind::KeyMissing => es_status::ES_KEY_MISSING,
            ErrorKind::KeyIsPath => es_status::ES_KEY_IS_PATH,
            ErrorKind::KeyIsPublic => es_status::ES_KEY_IS_PUBLIC,
            ErrorKind::KeyEncrypted => es_status::ES_KEY_ENCRYPTED,
            ErrorKind::KeyNotRsa => es_status::ES_KEY_NOT_RSA,
            ErrorKind::KeyTooSmall => es_status::ES_KEY_TOO_SMALL,
            ErrorKind::KeyTooLarge => es_status::ES_KEY_TOO_LARGE,
            ErrorKind::KeyMalformed => es_status::ES_KEY_MALFORMED,
            ErrorKind::SigningFailed => es_status::ES_SIGNING_FAILED,
            ErrorKind::Panic => es_status::ES_PANIC,
        }
    }
}

/// Per-token options. Get the defaults from `es_token_options_default()` and
/// change what you need; flags are 0 for no and any other value for yes.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct es_token_options {
    /// Seconds from `iat` to `exp`. Default 3600. Ignored when `include_exp` is 0.
    pub expires_in: i64,
    /// The `iat` to use, in unix seconds, when `use_issued_at` is set.
    pub issued_at: i64,
    /// 1 (default): add `exp`. 0: leave it out, as the official SDKs do.
    pub include_exp: u8,
    /// 0 (default): `iat` is the current time. 1: `iat` is `issued_at`.
    pub use_issued_at: u8,
    /// 0 (default): no `jti`. 1: add a random 128-bit `jti`.
    pub include_jti: u8,
}

impl From<&es_token_options> for TokenOptions {
    fn from(o: &es_token_options) -> Self {
        TokenOptions {
            expires_in: (o.include_exp != 0).then_some(o.expires_in),
            issued_at: (o.use_issued_at != 0).then_some(o.issued_at),
            jti: o.include_jti != 0,
        }
    }
}

struct LastError {
    status: es_status,
    message: CString,
}

thread_local! {
    static LAST_ERROR: RefCell<LastError> =
        RefCell::new(LastError { status: es_status::ES_OK, message: CString::default() });
}

fn set_last_error(status: es_status, message: &str) {
    // Messages are ours and hold no NUL; strip any to be certain.
    let message = CString::new(message.replace('\0', "")).unwrap_or_default();
    let _ = LAST_ERROR.try_with(|slot| *slot.borrow_mut() = LastError { status, message });
}

/// Runs `body`, catching panics and recording the outcome in the error slot.
fn boundary<T>(on_failure: T, body: impl FnOnce() -> Result<T, Error>) -> T {
    match catch_panic(body) {
        Ok(value) => {
            clear_last_error();
            value
        }
        Err(error) => {
            set_last_error(error.kind().into(), error.message());
            on_failure
        }
    }
}

/// Records success; free when the slot already says so (the hot path).
fn clear_last_error() {
    let _ = LAST_ERROR.try_with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.status != es_status::ES_OK {
            *slot = LastError { status: es_status::ES_OK, message: CString::default() };
        }
    });
}

/// For exports that cannot fail: catches a panic (reporting `ES_PANIC`) but
/// leaves the error slot alone otherwise.
fn infallible<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
    match catch_panic(|| Ok(body())) {
        Ok(value) => value,
        Err(error) => {
            set_last_error(error.kind().into(), error.message());
            on_panic
        }
    }
}

/// Borrows a C string as UTF-8; `Ok(None)` for NULL.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives `'a`.
unsafe fn optional_str<'a>(ptr: *const c_char, what: &str) -> Result<Option<&'a str>, Error> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL and NUL-terminated per the caller's contract.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    std::str::from_utf8(bytes).map(Some).map_err(|_| Error::invalid_utf8(what))
}

/// # Safety
/// As for [`optional_str`].
unsafe fn required_str<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, Error> {
    // SAFETY: forwarded contract.
    unsafe { optional_str(ptr, what) }?.ok_or_else(|| Error::null_argument(what))
}

/// # Safety
/// `client` is NULL or was returned by `es_client_new` and not yet freed.
unsafe fn client_ref<'a>(client: *const es_client) -> Result<&'a Client, Error> {
    // SAFETY: per the caller's contract.
    unsafe { client.as_ref() }.map(|c| &c.client).ok_or_else(|| Error::null_argument("client"))
}

fn into_c_string(token: String) -> Result<*mut c_char, Error> {
    // A token is base64url and dots: it never holds a NUL.
    CString::new(token)
        .map(CString::into_raw)
        .map_err(|_| Error::new(ErrorKind::SigningFailed, "internal error: a token held a NUL byte; please report it"))
}

/// Creates a client. The signing key is parsed and checked now (or taken
/// from the process-wide cache of keys already parsed), so a bad key fails
/// here, not at the first token.
///
/// - `api_key`: required, non-empty UTF-8.
/// - `api_secret`: accepted for parity with the official SDKs; may be NULL or
///   empty; never put in a token; zeroized when the client is freed.
/// - `signing_key`: the RSA private key as PEM (PKCS#1 or PKCS#8, 2048 to
///   8192 bits), also with `\n` escapes, CRLF, surrounding whitespace, or
///   base64-encoded onto one line.
///
/// Returns NULL on failure; see `es_last_error_code()`.
///
/// # Safety
/// Each argument is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn es_client_new(
    api_key: *const c_char,
    api_secret: *const c_char,
    signing_key: *const c_char,
) -> *mut es_client {
    boundary(ptr::null_mut(), || {
        // SAFETY: each pointer is NULL or a C string, per the contract above.
        let (api_key, api_secret, signing_key) = unsafe {
            (
                optional_str(api_key, "API key")?,
                optional_str(api_secret, "API secret")?,
                optional_str(signing_key, "signing key")?,
            )
        };
        // NULL key and NULL API key are "missing", like empty ones.
        let client = Client::new(api_key.unwrap_or(""), api_secret, signing_key.unwrap_or(""))?;
        Ok(Box::into_raw(Box::new(es_client { client })))
    })
}

/// Mints a token for `user_identifier` with the defaults: `iat` now, `exp`
/// one hour later. The identifier is used byte for byte (1 to 1024 bytes of
/// UTF-8).
///
/// Returns a string to release with `es_free_string`, or NULL on failure.
///
/// # Safety
/// `client` is NULL or a live client; `user_identifier` is NULL or a
/// NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn es_generate_user_token(
    client: *const es_client,
    user_identifier: *const c_char,
) -> *mut c_char {
    // SAFETY: forwarded contract; NULL options mean the defaults.
    unsafe { es_generate_user_token_with_options(client, user_identifier, ptr::null()) }
}

/// Like `es_generate_user_token`, with per-token options. NULL `options`
/// means the defaults.
///
/// # Safety
/// As for `es_generate_user_token`; `options` is NULL or points to an
/// `es_token_options`.
#[no_mangle]
pub unsafe extern "C" fn es_generate_user_token_with_options(
    client: *const es_client,
    user_identifier: *const c_char,
    options: *const es_token_options,
) -> *mut c_char {
    boundary(ptr::null_mut(), || {
        // SAFETY: each pointer is NULL or valid, per the contract above.
        let (client, identifier, options) =
            unsafe { (client_ref(client)?, required_str(user_identifier, "user identifier")?, options.as_ref()) };
        let options = options.map_or_else(TokenOptions::default, TokenOptions::from);
        into_c_string(client.generate_user_token_with(identifier, &options)?)
    })
}

/// Like `es_generate_user_token_with_options`, with the identifier given as
/// `user_identifier_len` bytes that need no NUL terminator. Bindings whose
/// strings may hold NUL bytes (PHP) use it, so that an identifier with a NUL
/// is rejected (`ES_IDENTIFIER_INVALID`) instead of cut short.
///
/// # Safety
/// `user_identifier` is NULL or points to `user_identifier_len` readable
/// bytes; otherwise as for `es_generate_user_token_with_options`.
#[no_mangle]
pub unsafe extern "C" fn es_generate_user_token_len(
    client: *const es_client,
    user_identifier: *const c_char,
    user_identifier_len: usize,
    options: *const es_token_options,
) -> *mut c_char {
    boundary(ptr::null_mut(), || {
        // SAFETY: each pointer is NULL or valid, per the contract above.
        let (client, options) = unsafe { (client_ref(client)?, options.as_ref()) };
        if user_identifier.is_null() {
            return Err(Error::null_argument("user identifier"));
        }
        // SAFETY: non-NULL and `user_identifier_len` bytes long, per the contract.
        let bytes = unsafe { std::slice::from_raw_parts(user_identifier.cast::<u8>(), user_identifier_len) };
        let identifier = std::str::from_utf8(bytes).map_err(|_| Error::invalid_utf8("user identifier"))?;
        let options = options.map_or_else(TokenOptions::default, TokenOptions::from);
        into_c_string(client.generate_user_token_with(identifier, &options)?)
    })
}

/// The default options: `exp` one hour after `iat`, `iat` now, no `jti`.
#[no_mangle]
pub extern "C" fn es_token_options_default() -> es_token_options {
    let fallback = es_token_options {
        expires_in: DEFAULT_EXPIRES_IN,
        issued_at: 0,
        include_exp: 1,
        use_issued_at: 0,
        include_jti: 0,
    };
    infallible(fallback, || {
        let defaults = TokenOptions::default();
        es_token_options {
            expires_in: defaults.expires_in.unwrap_or(DEFAULT_EXPIRES_IN),
            issued_at: 0,
            include_exp: u8::from(defaults.expires_in.is_some()),
            use_issued_at: u8::from(defaults.issued_at.is_some()),
            include_jti: u8::from(defaults.jti),
        }
    })
}

/// Releases a string returned by this library. NULL is a no-op.
///
/// # Safety
/// `s` is NULL or a string returned by this library and not yet released.
#[no_mangle]
pub unsafe extern "C" fn es_free_string(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: `s` came from `CString::into_raw`, per the contract above.
        infallible((), || drop(unsafe { CString::from_raw(s) }));
    }
}

/// Releases a client; its API secret is zeroized. NULL is a no-op.
///
/// # Safety
/// `client` is NULL or a live client that no other thread is using.
#[no_mangle]
pub unsafe extern "C" fn es_client_free(client: *mut es_client) {
    if !client.is_null() {
        // SAFETY: `client` came from `Box::into_raw`, per the contract above.
        infallible((), || drop(unsafe { Box::from_raw(client) }));
    }
}

/// The outcome of this thread's last call that can fail: `ES_OK` (0) after
/// a success.
#[no_mangle]
pub extern "C" fn es_last_error_code() -> es_status {
    LAST_ERROR.try_with(|slot| slot.borrow().status).unwrap_or(es_status::ES_PANIC)
}

/// A message explaining this thread's last failure, or "" after a success.
/// Never NULL. Borrowed: valid until the next `es_` call on this thread.
#[no_mangle]
pub extern "C" fn es_last_error_message() -> *const c_char {
    LAST_ERROR.try_with(|slot| slot.borrow().message.as_ptr()).unwrap_or(c"".as_ptr())
}

/// The name of this thread's last outcome, e.g. "ES_KEY_IS_PUBLIC" or
/// "ES_OK". Static; never NULL.
#[no_mangle]
pub extern "C" fn es_last_error_name() -> *const c_char {
    status_name(es_last_error_code()).as_ptr()
}

fn status_name(status: es_status) -> &'static CStr {
    // NUL-terminated copies of the core's names, built once from ErrorKind::ALL.
    static NAMES: Lazy<Vec<(es_status, CString)>> = Lazy::new(|| {
        ErrorKind::ALL.iter().map(|&kind| (kind.into(), CString::new(kind.name()).unwrap_or_default())).collect()
    });
    match status {
        es_status::ES_OK => c"ES_OK",
        other => NAMES.iter().find(|(s, _)| *s == other).map_or(c"ES_PANIC", |(_, name)| name.as_c_str()),
    }
}

/// The library version, e.g. "0.1.0". Static; never NULL.
#[no_mangle]
pub extern "C" fn es_version() -> *const c_char {
    const VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(version) => version,
        Err(_) => panic!("version has a NUL"),
    };
    VERSION.as_ptr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_numbers_and_names_match_the_core() {
        for kind in ErrorKind::ALL {
            let status = es_status::from(kind);
            assert_eq!(status as i32, kind.code(), "{kind:?}");
            assert_eq!(format!("{status:?}"), kind.name());
            assert_eq!(status_name(status).to_str().unwrap(), kind.name());
        }
        assert_eq!(status_name(es_status::ES_OK), c"ES_OK");
    }
}
