//! Mint Engagespot "secure mode" user tokens: RS256 JWTs whose payload is
//! `{"sub":"user:<identifier>","apiKey":"<API key>","iat":<now>,"exp":<now+3600>}`.
//!
//! The signing key is parsed once, when a `Client` is built, and held as an
//! aws-lc `RsaKeyPair`; each token then costs one RSA signature and a few
//! hundred bytes of formatting. The same core serves Rust, the C ABI
//! ([`ffi`]), the PHP and Ruby bindings, the Node addon and the Python module, so every language accepts
//! the same inputs and fails with the same [`ErrorKind`] and message.
//!
//! Without the default `aws-lc` feature (the WebAssembly build) the crate
//! holds no RSA: [`HostSignedClient`] checks the key and builds the token,
//! and the host signs.
//!
//! # Keys
//! A key is accepted as PEM, PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8
//! (`BEGIN PRIVATE KEY`), two-prime RSA of [`MIN_KEY_BITS`] to
//! [`MAX_KEY_BITS`] bits, optionally with its certificate chain, and also in
//! the forms environment variables and secret stores give it: with literal
//! `\n` escapes, CRLF or CR line ends, lost line breaks, surrounding
//! whitespace or quotes, or the whole PEM base64-encoded onto one line; or as
//! a `file:///absolute/path` URI naming a file that holds it. Public keys,
//! encrypted keys, non-RSA keys, small keys, ambiguous texts (two keys, stray
//! text), file paths and garbage are rejected when the client is built, each
//! with its own [`ErrorKind`].
//!
//! ```
//! # let pem = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/demo-key/private.pem")).unwrap();
//! use engagespot_token::{Client, TokenOptions};
//! let client = Client::new("my-api-key", None, &pem)?;
//! let token = client.generate_user_token("alice@example.com")?;
//! let reproducible = client.generate_user_token_with(
//!     "alice@example.com",
//!     &TokenOptions { issued_at: Some(1_700_000_000), expires_in: Some(600), ..TokenOptions::default() },
//! )?;
//! # Ok::<(), engagespot_token::Error>(())
//! ```

#![deny(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
// Only `ffi` may use `unsafe`; it opts back in.
#![deny(unsafe_code)]

// First, so that its macro is in scope for the modules below.
#[macro_use]
mod catalogue;

mod api_key;
#[cfg(feature = "aws-lc")]
pub mod cache;
#[cfg(feature = "aws-lc")]
mod client;
mod error;
mod fault;
#[cfg(feature = "aws-lc")]
pub mod ffi;
pub mod host;
mod key;
mod options;
mod token;

pub use api_key::MAX_API_KEY_BYTES;
#[cfg(feature = "aws-lc")]
pub use client::Client;
pub use error::{catch_panic, Argument, Category, Error, ErrorKind};
pub use host::HostSignedClient;
#[cfg(feature = "aws-lc")]
pub use key::SigningKey;
pub use key::{
    HostFile, HostKey, KeyEncoding, KeyFormat, KeyInfo, MAX_KEY_BITS, MAX_KEY_FILE_BYTES, MAX_PUBLIC_EXPONENT_BITS,
    MIN_KEY_BITS,
};
pub use options::{option_given_twice, OptionNaming, OptionValue};
pub use token::{TokenOptions, DEFAULT_EXPIRES_IN, JTI_BYTES, MAX_IDENTIFIER_BYTES, MAX_TIMESTAMP};

/// The environment variable that holds the signing key when a binding is
/// given none (`''`, null or absent), as in the official SDKs. The bindings
/// read it by this name (C: `es_signing_key_variable()`).
pub const SIGNING_KEY_VARIABLE: &str = SIGNING_KEY_VARIABLE_NUL.split_at(SIGNING_KEY_VARIABLE_NUL.len() - 1).0;
/// The same with a NUL terminator, for the C ABI's static string.
pub(crate) const SIGNING_KEY_VARIABLE_NUL: &str = "ENGAGESPOT_PRIVATE_SIGNING_KEY\0";

/// This library's version, as in Cargo.toml; `es_version()` in C.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The Rust snippets of the docs, run by `cargo test` as doctests of this
/// crate, so that a snippet that drifts from the API fails (the other
/// languages' snippets: tests/docs).
#[cfg(doctest)]
#[doc = include_str!("../docs/rust.md")]
pub struct DocsRustPage;

/// The README's Rust snippet, run as a doctest like the page above.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct Readme;
