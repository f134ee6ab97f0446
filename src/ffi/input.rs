//! Arguments as C passes them: borrowed bytes from pointers, checked as
//! UTF-8 text.

use std::ffi::{c_char, CStr};

use crate::error::{Argument, Error};

/// Borrows `len` bytes at `ptr`; `None` for NULL.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable bytes that outlive `'a`.
pub(super) unsafe fn bytes<'a>(ptr: *const c_char, len: usize) -> Option<&'a [u8]> {
    // SAFETY: non-NULL and `len` bytes long, per the caller's contract.
    (!ptr.is_null()).then(|| unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// Borrows a NUL-terminated string's bytes; `None` for NULL.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives `'a`.
pub(super) unsafe fn c_bytes<'a>(ptr: *const c_char) -> Option<&'a [u8]> {
    // SAFETY: non-NULL and NUL-terminated, per the caller's contract.
    (!ptr.is_null()).then(|| unsafe { CStr::from_ptr(ptr) }.to_bytes())
}

pub(super) fn text(bytes: Option<&[u8]>, what: Argument) -> Result<Option<&str>, Error> {
    bytes.map(|b| std::str::from_utf8(b).map_err(|_| Error::invalid_utf8(what))).transpose()
}
