//! Minting: tokens for an identifier, with or without options, and their release.

use std::ffi::{c_char, CString};
use std::ptr;

use super::client::{client_ref, es_client};
use super::input::{bytes, c_bytes, text};
use super::options::es_token_options;
use super::status::{boundary, infallible};
use crate::error::{Argument, Error, ErrorKind};
use crate::token::TokenOptions;

fn into_c_string(token: String) -> Result<*mut c_char, Error> {
    // A token is base64url and dots: it never holds a NUL.
    CString::new(token)
        .map(CString::into_raw)
        .map_err(|_| Error::new(ErrorKind::SigningFailed, "internal error: a token held a NUL byte; please report it"))
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
