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
//! One module per concern: [`status`] (outcomes, the error slot, the panic
//! boundary), [`input`] (pointers to text), [`client`], [`tokens`],
//! [`options`] and [`constants`] (names and numbers bindings read). The rules
//! themselves are the core's; nothing here decides what is valid.
//!
//! Thread safety: an `es_client` is immutable after `es_client_new` returns, so
//! any number of threads may call `es_generate_user_token` on one client at
//! once. Only `es_client_free` needs exclusive access to its handle.

#![allow(non_camel_case_types)]
#![allow(unsafe_code)]

// In the header's order: cbindgen writes the exports module by module (the
// blank lines keep rustfmt from sorting them).
mod client;

mod tokens;

mod options;

mod status;

mod constants;

mod input;

pub use client::*;
pub use constants::*;
pub use options::*;
pub use status::*;
pub use tokens::*;
