//! Clients: creation from the three strings, copies of the handle, release.

use std::ffi::c_char;
use std::ptr;
use std::sync::Arc;

use super::input::{bytes, c_bytes, text};
use super::status::{boundary, infallible};
use crate::client::Client;
use crate::error::{Argument, Error};

/// A client holding an API key and a parsed RSA signing key. Opaque.
///
/// Immutable and safe to share across threads. Create it with
/// `es_client_new`, copy the handle with `es_client_clone`, and release each
/// handle with `es_client_free`.
pub struct es_client {
    client: Arc<Client>,
}

/// # Safety
/// `client` is NULL or was returned by `es_client_new` and not yet freed.
pub(super) unsafe fn client_ref<'a>(client: *const es_client) -> Result<&'a Client, Error> {
    // SAFETY: per the caller's contract.
    unsafe { client.as_ref() }.map(|c| &*c.client).ok_or_else(|| Error::null_argument(Argument::Client))
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
