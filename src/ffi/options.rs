//! Per-token options: the C struct, and the by-name setter dynamic
//! languages use (the core's option rules, `crate::options`).

use std::ffi::c_char;

use super::input::{bytes, text};
use super::status::{boundary, es_status, infallible, last_status};
use crate::error::{Argument, Error, ErrorKind};
use crate::options::{option_given_twice, OptionNaming, OptionValue};
use crate::token::TokenOptions;

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
