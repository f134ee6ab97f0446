//! The C ABI. Every `unsafe` block of the crate is here, and so are the NULL
//! checks, the panic boundary and the mapping of errors to `es_status` codes.
//!
//! Conventions, as in rustls-ffi and regex-capi:
//! - Strings cross as `(pointer, length)` in the `_len` functions, so that a
//!   NUL byte is rejected instead of cutting a string short; the functions
//!   taking NUL-terminated strings are conveniences over them.
//! - A function that returns a pointer returns NULL on failure; then
//!   `es_last_error_code()` and `es_last_error_message()` say why.
//! - The error slot is per thread. A call that can fail resets it to `ES_OK`
//!   when it succeeds; `es_free_string` and `es_client_free` leave it alone.
//! - No panic unwinds into the caller: each export catches it and reports
//!   `ES_PANIC` (tests/panic_boundary.rs arms a fault in every export the
//!   header declares).
//! - Owned results are `char *` and go back to `es_free_string`; borrowed ones
//!   are `const char *`.
//! - Enumerations a caller passes in are taken as `int32_t`, so that no value
//!   a C caller writes is undefined behaviour in Rust.
//!
//! Thread safety: an `es_client` is immutable after `es_client_new` returns, so
//! any number of threads may call `es_generate_user_token` on one client at
//! once. Only `es_client_free` needs exclusive access to its handle.

#![allow(non_camel_case_types)]
#![allow(unsafe_code)]

use std::cell::{Cell, RefCell};
use std::ffi::{c_char, CStr, CString};
use std::fmt;
use std::ptr;
use std::sync::Arc;

use crate::client::Client;
use crate::error::{catch_panic, Argument, Category, Error, ErrorKind};
use crate::options::{option_given_twice, OptionNaming, OptionValue};
use crate::token::TokenOptions;

/// A client holding an API key and a parsed RSA signing key. Opaque.
///
/// Immutable and safe to share across threads. Create it with
/// `es_client_new`, copy the handle with `es_client_clone`, and release each
/// handle with `es_client_free`.
pub struct es_client {
    client: Arc<Client>,
}

/// The outcome of a call: `ES_OK` (0) or the stable code of an error kind.
/// In C this is the enum that build.rs writes from the error catalogue
/// (`src/catalogue.rs`); here, an `i32` with one constant per kind.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct es_status(pub i32);

macro_rules! define_status_constants {
    ($( $(#[doc = $doc:literal])* $kind:ident = $code:literal, $name:ident, $category:ident; )*) => {
        impl es_status {
            /// The call succeeded.
            pub const ES_OK: es_status = es_status(0);
            $( $(#[doc = $doc])* pub const $name: es_status = es_status($code); )*
        }

        /// The status's name and description as static C strings, or None for
        /// a number that is no status.
        const fn status_texts(code: i32) -> Option<(&'static CStr, &'static CStr)> {
            const fn c(text: &'static str) -> &'static CStr {
                // Doc comments start with a space.
                let bytes = match text.as_bytes() {
                    [b' ', rest @ ..] => rest,
                    all => all,
                };
                match CStr::from_bytes_with_nul(bytes) {
                    Ok(text) => text,
                    Err(_) => panic!("a catalogue text holds a NUL"),
                }
            }
            match code {
                0 => Some((c"ES_OK", c"The call succeeded.")),
                $( $code => Some((c(concat!(stringify!($name), "\0")), c(concat!($($doc,)* "\0")))), )*
                _ => None,
            }
        }
    };
}

for_each_error_kind!(define_status_constants);

impl From<ErrorKind> for es_status {
    fn from(kind: ErrorKind) -> Self {
        es_status(kind.code())
    }
}

impl fmt::Debug for es_status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match status_texts(self.0) {
            Some((name, _)) => f.write_str(&name.to_string_lossy()),
            None => write!(f, "es_status({})", self.0),
        }
    }
}

/// What kind of failure a status is, so that bindings pick their exception
/// class without tables of codes of their own.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum es_category {
    /// `ES_OK`: not a failure.
    ES_CATEGORY_NONE = 0,
    /// A bad argument value (e.g. an empty identifier).
    ES_CATEGORY_ARGUMENT = 1,
    /// An argument of the wrong type, or a missing one.
    ES_CATEGORY_TYPE = 2,
    /// A rejected signing key.
    ES_CATEGORY_KEY = 3,
    /// A failure of the library, not the caller's (also any unknown code).
    ES_CATEGORY_LIBRARY = 4,
}

impl From<Category> for es_category {
    fn from(category: Category) -> Self {
        match category {
            Category::Argument => es_category::ES_CATEGORY_ARGUMENT,
            Category::Type => es_category::ES_CATEGORY_TYPE,
            Category::Key => es_category::ES_CATEGORY_KEY,
            Category::Library => es_category::ES_CATEGORY_LIBRARY,
        }
    }
}

/// Arguments, as `es_wrong_type_error` names them in its message.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum es_argument {
    /// The API key.
    ES_ARGUMENT_API_KEY = 0,
    /// The API secret.
    ES_ARGUMENT_API_SECRET = 1,
    /// The signing key.
    ES_ARGUMENT_SIGNING_KEY = 2,
    /// The user identifier.
    ES_ARGUMENT_USER_IDENTIFIER = 3,
    /// The per-token options.
    ES_ARGUMENT_OPTIONS = 4,
    /// The client's configuration.
    ES_ARGUMENT_CONFIG = 5,
    /// The client object.
    ES_ARGUMENT_CLIENT = 6,
}

/// How a binding spells option names in `es_token_options_set`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum es_option_naming {
    /// `expiresIn`, `issuedAt`, `jti` (PHP, JavaScript).
    ES_OPTION_NAMING_CAMEL_CASE = 0,
    /// `expires_in`, `issued_at`, `jti` (Ruby, Python).
    ES_OPTION_NAMING_SNAKE_CASE = 1,
}

/// The type of the value given to `es_token_options_set`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum es_option_value_type {
    /// null / nil: `value` is ignored.
    ES_OPTION_VALUE_NULL = 0,
    /// An integer: `value`.
    ES_OPTION_VALUE_INTEGER = 1,
    /// A boolean: `value` is 0 or 1.
    ES_OPTION_VALUE_BOOL = 2,
    /// Any other type (a string, a float, an array): always an error.
    ES_OPTION_VALUE_OTHER = 3,
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
    /// 1 (default): add `iat`. 0: leave it out; with `include_exp` 0 too, the
    /// claims are the official PHP SDK's `{sub, apiKey}`.
    pub include_iat: u8,
}

impl From<TokenOptions> for es_token_options {
    fn from(o: TokenOptions) -> Self {
        es_token_options {
            expires_in: o.expires_in.unwrap_or(0),
            issued_at: o.issued_at.unwrap_or(0),
            include_exp: u8::from(o.expires_in.is_some()),
            use_issued_at: u8::from(o.issued_at.is_some()),
            include_jti: u8::from(o.jti),
            include_iat: u8::from(o.include_iat),
        }
    }
}

impl From<&es_token_options> for TokenOptions {
    fn from(o: &es_token_options) -> Self {
        TokenOptions {
            expires_in: (o.include_exp != 0).then_some(o.expires_in),
            issued_at: (o.use_issued_at != 0).then_some(o.issued_at),
            jti: o.include_jti != 0,
            include_iat: o.include_iat != 0,
        }
    }
}

thread_local! {
    // The status has no destructor, so it stays readable (and right) even in a
    // pthread_key destructor that runs after the message slot is gone.
    static LAST_STATUS: Cell<i32> = const { Cell::new(0) };
    static LAST_MESSAGE: RefCell<CString> = RefCell::new(CString::default());
}

fn set_last_error(error: &Error) {
    LAST_STATUS.set(error.kind().code());
    // Messages are ours and hold no NUL; strip any to be certain.
    let message = CString::new(error.message().replace('\0', "")).unwrap_or_default();
    let _ = LAST_MESSAGE.try_with(|slot| *slot.borrow_mut() = message);
}

/// This thread's last outcome, for exports that return it after `boundary`
/// (not through `es_last_error_code`, which has a fault site of its own).
fn last_status() -> es_status {
    es_status(LAST_STATUS.get())
}

/// Records success; free when the slot already says so (the hot path).
fn clear_last_error() {
    if LAST_STATUS.get() != 0 {
        LAST_STATUS.set(0);
        let _ = LAST_MESSAGE.try_with(|slot| *slot.borrow_mut() = CString::default());
    }
}

/// Runs `body` at the export boundary: catches panics (fault site `site`) and
/// records the outcome in the error slot.
fn boundary<T>(site: &'static str, on_failure: T, body: impl FnOnce() -> Result<T, Error>) -> T {
    match catch_panic(site, body) {
        Ok(value) => {
            clear_last_error();
            value
        }
        Err(error) => {
            set_last_error(&error);
            on_failure
        }
    }
}

/// For exports that cannot fail: catches a panic (reporting `ES_PANIC`) but
/// leaves the error slot alone otherwise.
fn infallible<T>(site: &'static str, on_panic: T, body: impl FnOnce() -> T) -> T {
    catch_panic(site, || Ok(body())).unwrap_or_else(|error| {
        set_last_error(&error);
        on_panic
    })
}

/// Borrows `len` bytes at `ptr`; `None` for NULL.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable bytes that outlive `'a`.
unsafe fn bytes<'a>(ptr: *const c_char, len: usize) -> Option<&'a [u8]> {
    // SAFETY: non-NULL and `len` bytes long, per the caller's contract.
    (!ptr.is_null()).then(|| unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// Borrows a NUL-terminated string's bytes; `None` for NULL.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives `'a`.
unsafe fn c_bytes<'a>(ptr: *const c_char) -> Option<&'a [u8]> {
    // SAFETY: non-NULL and NUL-terminated, per the caller's contract.
    (!ptr.is_null()).then(|| unsafe { CStr::from_ptr(ptr) }.to_bytes())
}

fn text(bytes: Option<&[u8]>, what: Argument) -> Result<Option<&str>, Error> {
    bytes.map(|b| std::str::from_utf8(b).map_err(|_| Error::invalid_utf8(what))).transpose()
}

/// # Safety
/// `client` is NULL or was returned by `es_client_new` and not yet freed.
unsafe fn client_ref<'a>(client: *const es_client) -> Result<&'a Client, Error> {
    // SAFETY: per the caller's contract.
    unsafe { client.as_ref() }.map(|c| &*c.client).ok_or_else(|| Error::null_argument(Argument::Client))
}

fn into_c_string(token: String) -> Result<*mut c_char, Error> {
    // A token is base64url and dots: it never holds a NUL.
    CString::new(token)
        .map(CString::into_raw)
        .map_err(|_| Error::new(ErrorKind::SigningFailed, "internal error: a token held a NUL byte; please report it"))
}

fn new_client(api_key: Option<&[u8]>, api_secret: Option<&[u8]>, signing_key: Option<&[u8]>) -> *mut es_client {
    boundary("client_new", ptr::null_mut(), || {
        let api_key = text(api_key, Argument::ApiKey)?;
        let api_secret = text(api_secret, Argument::ApiSecret)?;
        let signing_key = text(signing_key, Argument::SigningKey)?;
        // NULL key and NULL API key are "missing", like empty ones.
        let client = Client::new(api_key.unwrap_or(""), api_secret, signing_key.unwrap_or(""))?;
        Ok(Box::into_raw(Box::new(es_client { client: Arc::new(client) })))
    })
}

/// Creates a client from strings given with their lengths in bytes (no NUL
/// terminator needed), so that a NUL byte inside a string is rejected rather
/// than cutting it short. The signing key is parsed and checked now (or taken
/// from the process-wide cache of keys already parsed), so a bad key fails
/// here, not at the first token.
///
/// - `api_key`: required, non-empty UTF-8.
/// - `api_secret`: accepted for parity with the official SDKs; may be NULL or
///   empty; never put in a token; zeroized when the client is freed.
/// - `signing_key`: the RSA private key as PEM (PKCS#1 or PKCS#8), also with
///   `\n` escapes, CRLF, surrounding whitespace, or base64-encoded onto one line.
///
/// A NULL pointer means the argument is absent, whatever its length.
/// Returns NULL on failure; see `es_last_error_code()`.
///
/// # Safety
/// Each pointer is NULL or points to as many readable bytes as its length says.
#[no_mangle]
pub unsafe extern "C" fn es_client_new_len(
    api_key: *const c_char,
    api_key_len: usize,
    api_secret: *const c_char,
    api_secret_len: usize,
    signing_key: *const c_char,
    signing_key_len: usize,
) -> *mut es_client {
    // SAFETY: forwarded contract.
    unsafe {
        new_client(bytes(api_key, api_key_len), bytes(api_secret, api_secret_len), bytes(signing_key, signing_key_len))
    }
}

/// Like `es_client_new_len`, with NUL-terminated strings.
///
/// # Safety
/// Each argument is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn es_client_new(
    api_key: *const c_char,
    api_secret: *const c_char,
    signing_key: *const c_char,
) -> *mut es_client {
    // SAFETY: forwarded contract.
    unsafe { new_client(c_bytes(api_key), c_bytes(api_secret), c_bytes(signing_key)) }
}

/// A second handle to the same client, to be freed on its own with
/// `es_client_free`. Bindings whose objects can be copied (PHP's `clone`)
/// give each copy its own handle. Returns NULL (`ES_NULL_ARGUMENT`) for NULL.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn es_client_clone(client: *const es_client) -> *mut es_client {
    boundary("client_new", ptr::null_mut(), || {
        // SAFETY: per the contract above.
        let client = unsafe { client.as_ref() }.ok_or_else(|| Error::null_argument(Argument::Client))?;
        Ok(Box::into_raw(Box::new(es_client { client: Arc::clone(&client.client) })))
    })
}

/// The size of the client's signing key in bits (e.g. 2048), for a
/// binding's description of a client. 0 for a NULL client (`ES_NULL_ARGUMENT`).
///
/// # Safety
/// `client` is NULL or a live client handle.
#[no_mangle]
pub unsafe extern "C" fn es_client_key_bits(client: *const es_client) -> usize {
    // SAFETY: per the contract above.
    boundary("query", 0, || Ok(unsafe { client_ref(client) }?.key_info().bits))
}

/// Mints a token for `user_identifier` given as `user_identifier_len` bytes
/// (no NUL terminator needed), so that an identifier holding a NUL byte is
/// rejected (`ES_IDENTIFIER_INVALID`) instead of cut short. The identifier is
/// used byte for byte (1 to 1024 bytes of UTF-8). NULL `options` means the
/// defaults: `iat` now, `exp` one hour later.
///
/// Returns a string to release with `es_free_string`, or NULL on failure.
///
/// # Safety
/// `client` is NULL or a live client; `user_identifier` is NULL or points to
/// `user_identifier_len` readable bytes; `options` is NULL or points to an
/// `es_token_options`.
#[no_mangle]
pub unsafe extern "C" fn es_generate_user_token_len(
    client: *const es_client,
    user_identifier: *const c_char,
    user_identifier_len: usize,
    options: *const es_token_options,
) -> *mut c_char {
    // SAFETY: forwarded contract.
    unsafe { mint(client, bytes(user_identifier, user_identifier_len), options) }
}

/// # Safety
/// As for `es_generate_user_token_len`.
unsafe fn mint(client: *const es_client, identifier: Option<&[u8]>, options: *const es_token_options) -> *mut c_char {
    boundary("mint", ptr::null_mut(), || {
        // SAFETY: each pointer is NULL or valid, per the contract.
        let (client, options) = unsafe { (client_ref(client)?, options.as_ref()) };
        let identifier = text(identifier, Argument::UserIdentifier)?
            .ok_or_else(|| Error::null_argument(Argument::UserIdentifier))?;
        let options = options.map_or_else(TokenOptions::default, TokenOptions::from);
        into_c_string(client.generate_user_token_with(identifier, &options)?)
    })
}

/// Mints a token for a NUL-terminated `user_identifier` with the defaults:
/// `iat` now, `exp` one hour later.
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
    unsafe { mint(client, c_bytes(user_identifier), ptr::null()) }
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
    // SAFETY: forwarded contract.
    unsafe { mint(client, c_bytes(user_identifier), options) }
}

/// The default options: `exp` one hour after `iat`, `iat` now, no `jti`.
#[no_mangle]
pub extern "C" fn es_token_options_default() -> es_token_options {
    infallible("query", TokenOptions::default().into(), || TokenOptions::default().into())
}

/// The size of `es_token_options` in bytes, for bindings that hold one
/// without knowing its layout (Ruby): allocate this much, fill it with
/// `es_token_options_init` and change it with `es_token_options_set`.
#[no_mangle]
pub extern "C" fn es_token_options_size() -> usize {
    infallible("query", 0, std::mem::size_of::<es_token_options>)
}

/// Writes the default options (those of `es_token_options_default`) to
/// `options`. NULL is a no-op.
///
/// # Safety
/// `options` is NULL or points to `es_token_options_size()` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn es_token_options_init(options: *mut es_token_options) {
    if !options.is_null() {
        // SAFETY: non-NULL and writable, per the contract; `write` reads nothing there.
        infallible("query", (), || unsafe { options.write(TokenOptions::default().into()) });
    }
}

/// Sets one option by name, as dynamic languages pass options: `naming` is
/// an `es_option_naming`, `name` is `name_len` bytes, `value_type` an
/// `es_option_value_type` and `value` the integer or boolean. Unknown names
/// give `ES_UNKNOWN_OPTION` (the message lists the accepted ones), values of
/// the wrong type `ES_WRONG_TYPE`; ranges are checked when minting. Returns
/// the outcome, also recorded as the last error; `options` changes only on
/// success.
///
/// # Safety
/// `options` is NULL or points to an `es_token_options`; `name` is NULL or
/// points to `name_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn es_token_options_set(
    options: *mut es_token_options,
    naming: i32,
    name: *const c_char,
    name_len: usize,
    value_type: i32,
    value: i64,
) -> es_status {
    boundary("options", (), || {
        // SAFETY: per the contract above.
        let (options, name) = unsafe { (options.as_mut(), bytes(name, name_len)) };
        let options = options.ok_or_else(|| Error::null_argument(Argument::Options))?;
        let name = text(name, Argument::Options)?.ok_or_else(|| Error::null_argument(Argument::Options))?;
        let naming = match naming {
            0 => OptionNaming::CamelCase,
            1 => OptionNaming::SnakeCase,
            _ => return Err(Error::new(ErrorKind::WrongType, "option naming must be an es_option_naming value")),
        };
        let value = match value_type {
            0 => OptionValue::Null,
            1 => OptionValue::Integer(value),
            2 => OptionValue::Bool(value != 0),
            3 => OptionValue::Other,
            _ => {
                return Err(Error::new(ErrorKind::WrongType, "option value type must be an es_option_value_type value"))
            }
        };
        let mut decoded = TokenOptions::from(&*options);
        decoded.set(naming, name, value)?;
        *options = decoded.into();
        Ok(())
    });
    last_status()
}

/// Records the core's `ES_WRONG_TYPE` error for `argument` (an
/// `es_argument`) as this thread's last error, and returns `ES_WRONG_TYPE`.
/// For bindings that check their language's types themselves (PHP, Ruby), so
/// that the message is the same in every language.
#[no_mangle]
pub extern "C" fn es_wrong_type_error(argument: i32) -> es_status {
    record_argument_error(argument, Error::wrong_type, ErrorKind::WrongType, "an argument has the wrong type")
}

/// Records `error` for the `es_argument` numbered `argument` (or, for a number
/// that is none, an error of `kind` saying `unknown`) as this thread's last
/// error, and returns its status.
fn record_argument_error(
    argument: i32,
    error: fn(Argument) -> Error,
    kind: ErrorKind,
    unknown: &'static str,
) -> es_status {
    boundary("query", (), || {
        Err(usize::try_from(argument)
            .ok()
            .and_then(|i| Argument::ALL.get(i))
            .map_or_else(|| Error::new(kind, unknown), |&a| error(a)))
    });
    last_status()
}

/// Records the core's `ES_INVALID_UTF8` error for `argument` (an
/// `es_argument`) as this thread's last error, and returns `ES_INVALID_UTF8`.
/// For bindings that convert their language's text to UTF-8 themselves (Ruby's
/// strings in other encodings), so that the message is the core's.
#[no_mangle]
pub extern "C" fn es_invalid_utf8_error(argument: i32) -> es_status {
    record_argument_error(
        argument,
        Error::invalid_utf8,
        ErrorKind::InvalidUtf8,
        "a text argument is not valid Unicode text",
    )
}

/// Records the core's error for an option given twice in one call (Ruby's
/// `:expires_in` and `"expires_in"`), `ES_UNKNOWN_OPTION`, as this thread's
/// last error and returns it. `naming` is an `es_option_naming`; `name` is
/// `name_len` bytes of the option's name. For bindings whose option maps can
/// hold one option under two keys, so that the rule and the message are the
/// core's.
///
/// # Safety
/// `name` is NULL or points to `name_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn es_option_given_twice_error(naming: i32, name: *const c_char, name_len: usize) -> es_status {
    boundary("query", (), || {
        // SAFETY: per the contract above.
        let name = unsafe { bytes(name, name_len) };
        let name = text(name, Argument::Options)?.ok_or_else(|| Error::null_argument(Argument::Options))?;
        let naming = if naming == es_option_naming::ES_OPTION_NAMING_SNAKE_CASE as i32 {
            OptionNaming::SnakeCase
        } else {
            OptionNaming::CamelCase
        };
        Err(option_given_twice(naming, name))
    });
    last_status()
}

/// The value of the C enumerator named `name` (NUL-terminated), e.g.
/// `es_constant("ES_CATEGORY_KEY")` is 3: every enumerator of this header's
/// enums (`es_status`, `es_category`, `es_argument`, `es_option_naming`,
/// `es_option_value_type`). -1 for NULL or a name that is none of them (every
/// enumerator is 0 or more). For bindings that cannot read a C header, so that
/// they take the values from the library, as rbnacl's `sodium_constant` does.
///
/// # Safety
/// `name` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn es_constant(name: *const c_char) -> i32 {
    // SAFETY: per the contract above.
    let name = unsafe { c_bytes(name) };
    infallible("query", -1, || {
        let name = name.unwrap_or_default();
        std::iter::once(0)
            .chain(ErrorKind::ALL.iter().map(|kind| kind.code()))
            .find(|&code| status_texts(code).is_some_and(|(status, _)| status.to_bytes() == name))
            .or_else(|| {
                ENUMERATORS.iter().find(|(enumerator, _)| enumerator.as_bytes() == name).map(|&(_, value)| value)
            })
            .unwrap_or(-1)
    })
}

/// The enumerators of the enums other than `es_status` (whose names come
/// from the catalogue), for `es_constant`. The values are the enums' own;
/// tests/header.rs checks every enumerator of the header through `es_constant`.
const ENUMERATORS: &[(&str, i32)] = &[
    ("ES_CATEGORY_NONE", es_category::ES_CATEGORY_NONE as i32),
    ("ES_CATEGORY_ARGUMENT", es_category::ES_CATEGORY_ARGUMENT as i32),
    ("ES_CATEGORY_TYPE", es_category::ES_CATEGORY_TYPE as i32),
    ("ES_CATEGORY_KEY", es_category::ES_CATEGORY_KEY as i32),
    ("ES_CATEGORY_LIBRARY", es_category::ES_CATEGORY_LIBRARY as i32),
    ("ES_ARGUMENT_API_KEY", es_argument::ES_ARGUMENT_API_KEY as i32),
    ("ES_ARGUMENT_API_SECRET", es_argument::ES_ARGUMENT_API_SECRET as i32),
    ("ES_ARGUMENT_SIGNING_KEY", es_argument::ES_ARGUMENT_SIGNING_KEY as i32),
    ("ES_ARGUMENT_USER_IDENTIFIER", es_argument::ES_ARGUMENT_USER_IDENTIFIER as i32),
    ("ES_ARGUMENT_OPTIONS", es_argument::ES_ARGUMENT_OPTIONS as i32),
    ("ES_ARGUMENT_CONFIG", es_argument::ES_ARGUMENT_CONFIG as i32),
    ("ES_ARGUMENT_CLIENT", es_argument::ES_ARGUMENT_CLIENT as i32),
    ("ES_OPTION_NAMING_CAMEL_CASE", es_option_naming::ES_OPTION_NAMING_CAMEL_CASE as i32),
    ("ES_OPTION_NAMING_SNAKE_CASE", es_option_naming::ES_OPTION_NAMING_SNAKE_CASE as i32),
    ("ES_OPTION_VALUE_NULL", es_option_value_type::ES_OPTION_VALUE_NULL as i32),
    ("ES_OPTION_VALUE_INTEGER", es_option_value_type::ES_OPTION_VALUE_INTEGER as i32),
    ("ES_OPTION_VALUE_BOOL", es_option_value_type::ES_OPTION_VALUE_BOOL as i32),
    ("ES_OPTION_VALUE_OTHER", es_option_value_type::ES_OPTION_VALUE_OTHER as i32),
];

/// Releases a string returned by this library. NULL is a no-op.
///
/// # Safety
/// `s` is NULL or a string returned by this library and not yet released.
#[no_mangle]
pub unsafe extern "C" fn es_free_string(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: `s` came from `CString::into_raw`, per the contract above.
        infallible("free", (), || drop(unsafe { CString::from_raw(s) }));
    }
}

/// Releases a client handle; when it was the last handle, the client's API
/// secret is zeroized and the key released. NULL is a no-op.
///
/// # Safety
/// `client` is NULL or a live client handle that no other thread is using.
#[no_mangle]
pub unsafe extern "C" fn es_client_free(client: *mut es_client) {
    if !client.is_null() {
        // SAFETY: `client` came from `Box::into_raw`, per the contract above.
        infallible("free", (), || drop(unsafe { Box::from_raw(client) }));
    }
}

/// The outcome of this thread's last call that can fail: `ES_OK` (0) after
/// a success.
#[no_mangle]
pub extern "C" fn es_last_error_code() -> es_status {
    infallible("query", es_status::ES_PANIC, last_status)
}

/// A message explaining this thread's last failure, or "" after a success.
/// Never NULL. Borrowed: valid until the next `es_` call on this thread.
#[no_mangle]
pub extern "C" fn es_last_error_message() -> *const c_char {
    let message = || {
        LAST_MESSAGE.try_with(|slot| slot.borrow().as_ptr()).unwrap_or_else(|_| {
            // The thread is exiting and the message is gone: describe the status.
            match LAST_STATUS.get() {
                0 => c"".as_ptr(),
                code => status_texts(code).map_or(c"".as_ptr(), |(_, description)| description.as_ptr()),
            }
        })
    };
    match catch_panic("query", || Ok(message())) {
        Ok(message) => message,
        // The panic is now the last error: its message is in the slot.
        Err(error) => {
            set_last_error(&error);
            message()
        }
    }
}

/// The name of this thread's last outcome, e.g. "ES_KEY_IS_PUBLIC" or
/// "ES_OK". Static; never NULL.
#[no_mangle]
pub extern "C" fn es_last_error_name() -> *const c_char {
    let name = || status_texts(LAST_STATUS.get()).map_or(c"ES_PANIC".as_ptr(), |(name, _)| name.as_ptr());
    infallible("query", c"ES_PANIC".as_ptr(), name)
}

/// The name of `status`, e.g. "ES_KEY_IS_PUBLIC". Static; NULL for a number
/// that is no status.
#[no_mangle]
pub extern "C" fn es_status_name(status: es_status) -> *const c_char {
    infallible("query", ptr::null(), || status_texts(status.0).map_or(ptr::null(), |(name, _)| name.as_ptr()))
}

/// The category of `status`: whether it is a bad argument, a wrong type, a
/// rejected key or the library's failure. Bindings choose their exception
/// class by it.
#[no_mangle]
pub extern "C" fn es_status_category(status: es_status) -> es_category {
    infallible("query", es_category::ES_CATEGORY_LIBRARY, || {
        if status == es_status::ES_OK {
            return es_category::ES_CATEGORY_NONE;
        }
        ErrorKind::from_code(status.0).map_or(es_category::ES_CATEGORY_LIBRARY, |kind| kind.category().into())
    })
}

/// The name of the environment variable that holds the signing key when a
/// binding is given none, "ENGAGESPOT_PRIVATE_SIGNING_KEY". Static; never NULL.
#[no_mangle]
pub extern "C" fn es_signing_key_variable() -> *const c_char {
    const NAME: &CStr = match CStr::from_bytes_with_nul(crate::SIGNING_KEY_VARIABLE_NUL.as_bytes()) {
        Ok(name) => name,
        Err(_) => panic!("the name has a NUL"),
    };
    infallible("query", NAME.as_ptr(), || NAME.as_ptr())
}

/// The library version, e.g. "0.1.0". Static; never NULL.
#[no_mangle]
pub extern "C" fn es_version() -> *const c_char {
    const VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(version) => version,
        Err(_) => panic!("version has a NUL"),
    };
    infallible("query", VERSION.as_ptr(), || VERSION.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_constants_names_and_categories_match_the_core() {
        for &kind in ErrorKind::ALL {
            let status = es_status::from(kind);
            assert_eq!(status.0, kind.code(), "{kind:?}");
            assert_eq!(format!("{status:?}"), kind.name());
            let name = unsafe { CStr::from_ptr(es_status_name(status)) };
            assert_eq!(name.to_str().unwrap(), kind.name());
            assert_eq!(es_status_category(status), kind.category().into());
        }
        assert_eq!(es_status::ES_KEY_IS_PUBLIC, es_status(22));
        assert_eq!(unsafe { CStr::from_ptr(es_status_name(es_status::ES_OK)) }, c"ES_OK");
        assert_eq!(es_status_category(es_status::ES_OK), es_category::ES_CATEGORY_NONE);
        assert!(es_status_name(es_status(12345)).is_null());
        assert_eq!(es_status_category(es_status(12345)), es_category::ES_CATEGORY_LIBRARY);
    }

    #[test]
    fn es_argument_values_index_the_core_arguments() {
        let c_names = [
            (es_argument::ES_ARGUMENT_API_KEY, Argument::ApiKey),
            (es_argument::ES_ARGUMENT_API_SECRET, Argument::ApiSecret),
            (es_argument::ES_ARGUMENT_SIGNING_KEY, Argument::SigningKey),
            (es_argument::ES_ARGUMENT_USER_IDENTIFIER, Argument::UserIdentifier),
            (es_argument::ES_ARGUMENT_OPTIONS, Argument::Options),
            (es_argument::ES_ARGUMENT_CONFIG, Argument::Config),
            (es_argument::ES_ARGUMENT_CLIENT, Argument::Client),
        ];
        assert_eq!(c_names.len(), Argument::ALL.len());
        for (c, core) in c_names {
            assert_eq!(Argument::ALL[c as usize], core);
        }
    }
}
