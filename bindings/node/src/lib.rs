//! The native half of the `engagespot-token` npm package: a thin napi-rs layer
//! over the core crate. It decodes JavaScript values and throws the core's
//! errors, with the core's name as `code`: a `TypeError` for the core's type
//! category, an `Error` otherwise. No rule, name or message is defined here.

#![deny(missing_docs)]

use std::sync::Arc;

use engagespot_token::{
    catch_panic, Argument, Category, Client, Error as CoreError, OptionNaming, OptionValue, TokenOptions,
};
use napi::bindgen_prelude::JsObjectValue as _;
use napi::bindgen_prelude::{
    AsyncTask, BigInt, Either3, Env, FromNapiValue as _, Object, Result, Task, Uint16Array, Uint8Array, Unknown,
};
use napi::{JsError, JsTypeError, JsValue, ValueType};
use napi_derive::napi;
use zeroize::Zeroizing;

/// The core error as the JavaScript exception to throw: `code` is the core's
/// name, the class follows the core's category.
fn js_error(env: &Env, error: CoreError) -> napi::Error {
    let native = napi::Error::new(error.kind().name(), error.message().to_owned());
    napi::Error::from(match error.kind().category() {
        Category::Type => JsTypeError::from(native).into_unknown(*env),
        _ => JsError::from(native).into_unknown(*env),
    })
}

/// A napi failure while reading an argument: the argument had a shape we could
/// not read, which is the core's wrong-type error for it.
fn unreadable(what: Argument) -> impl Fn(napi::Error) -> CoreError {
    move |_| CoreError::wrong_type(what)
}

/// JavaScript text as UTF-8; a lone surrogate is the core's invalid-text error
/// (napi's own UTF-8 conversion would turn it into U+FFFD, so that two
/// different strings became one).
fn utf16_text(value: Unknown, what: Argument) -> std::result::Result<String, CoreError> {
    let string = value.coerce_to_string().map_err(unreadable(what))?;
    let len = string.utf16_len().map_err(unreadable(what))?;
    let units = string.into_utf16().map_err(unreadable(what))?;
    // The buffer napi fills carries a NUL terminator past `len`.
    let units = units.as_slice().get(..len).ok_or_else(|| CoreError::wrong_type(what))?;
    String::from_utf16(units).map_err(|_| CoreError::invalid_utf8(what))
}

/// An optional text argument: a string, or null/undefined for none.
fn optional_text(value: Unknown, what: Argument) -> std::result::Result<Option<String>, CoreError> {
    match value.get_type().map_err(unreadable(what))? {
        ValueType::Undefined | ValueType::Null => Ok(None),
        ValueType::String => utf16_text(value, what).map(Some),
        _ => Err(CoreError::wrong_type(what)),
    }
}

/// A user identifier: a string, a finite number or a bigint, formatted as
/// `${identifier}` does (as the official SDK does).
fn identifier(value: Unknown) -> std::result::Result<String, CoreError> {
    const WHAT: Argument = Argument::UserIdentifier;
    match value.get_type().map_err(unreadable(WHAT))? {
        ValueType::Undefined | ValueType::Null => Err(CoreError::null_argument(WHAT)),
        ValueType::String | ValueType::BigInt => utf16_text(value, WHAT),
        ValueType::Number => {
            let number = value.coerce_to_number().and_then(|n| n.get_double()).map_err(unreadable(WHAT))?;
            if number.is_finite() {
                utf16_text(value, WHAT)
            } else {
                Err(CoreError::wrong_type(WHAT))
            }
        }
        _ => Err(CoreError::wrong_type(WHAT)),
    }
}

/// A bigint option value as the core's integer, clamped to 64 bits so that
/// the core's range check refuses what lies beyond.
fn bigint_value(value: Unknown) -> napi::Result<OptionValue> {
    let bigint = BigInt::from_unknown(value)?;
    let clamped = match bigint.get_i64() {
        (exact, true) => exact,
        _ if bigint.sign_bit => i64::MIN,
        _ => i64::MAX,
    };
    Ok(OptionValue::Integer(clamped))
}

/// A secret as `index.js` hands it over: a `Uint16Array` copy of a string
/// (which `index.js` wipes afterwards), bytes of UTF-8 (a `Buffer`), or
/// null/undefined. The text is decoded into a buffer that is wiped when dropped.
type Secret = Option<Either3<Uint16Array, Uint8Array, Unknown<'static>>>;

/// Bytes are taken for the signing key only (as `fs.readFileSync` gives it);
/// for the API secret they are a wrong type, as in every language.
fn secret(value: Secret, what: Argument) -> std::result::Result<Option<Zeroizing<String>>, CoreError> {
    let text = match value {
        None => return Ok(None),
        Some(Either3::A(units)) => {
            // Sized once, so that no reallocation leaves an unwiped copy behind.
            let mut text = Zeroizing::new(String::with_capacity(units.len() * 3));
            for unit in char::decode_utf16(units.iter().copied()) {
                text.push(unit.map_err(|_| CoreError::invalid_utf8(what))?);
            }
            text
        }
        Some(Either3::B(_)) if what != Argument::SigningKey => return Err(CoreError::wrong_type(what)),
        Some(Either3::B(bytes)) => {
            let text = std::str::from_utf8(&bytes).map_err(|_| CoreError::invalid_utf8(what))?;
            let mut copy = Zeroizing::new(String::with_capacity(text.len()));
            copy.push_str(text);
            copy
        }
        Some(Either3::C(other)) => match other.get_type().map_err(unreadable(what))? {
            ValueType::Undefined | ValueType::Null => return Ok(None),
            _ => return Err(CoreError::wrong_type(what)),
        },
    };
    Ok(Some(text))
}

/// Per-token options from a JavaScript object: every own property goes
/// through the core's option rules, so a misspelt name is an error.
fn token_options(options: Option<Unknown>) -> std::result::Result<TokenOptions, CoreError> {
    const WHAT: Argument = Argument::Options;
    let mut decoded = TokenOptions::default();
    let Some(options) = options else { return Ok(decoded) };
    match options.get_type().map_err(unreadable(WHAT))? {
        ValueType::Undefined | ValueType::Null => return Ok(decoded),
        ValueType::Object => {}
        _ => return Err(CoreError::wrong_type(WHAT)),
    }
    let object = Object::from_unknown(options).map_err(unreadable(WHAT))?;
    for name in Object::keys(&object).map_err(unreadable(WHAT))? {
        let value: Unknown = object.get_named_property(&name).map_err(unreadable(WHAT))?;
        let value = match value.get_type().map_err(unreadable(WHAT))? {
            // An undefined property is one not given, as in JavaScript's spread.
            ValueType::Undefined => continue,
            ValueType::Null => OptionValue::Null,
            ValueType::Boolean => OptionValue::Bool(value.coerce_to_bool().map_err(unreadable(WHAT))?),
            ValueType::Number => {
                OptionValue::Number(value.coerce_to_number().and_then(|n| n.get_double()).map_err(unreadable(WHAT))?)
            }
            ValueType::BigInt => bigint_value(value).map_err(unreadable(WHAT))?,
            _ => OptionValue::Other,
        };
        decoded.set(OptionNaming::CamelCase, &name, value)?;
    }
    Ok(decoded)
}

/// A client with a parsed key; `index.js` makes it the `EngagespotClient`.
#[napi]
pub struct NativeClient {
    inner: Arc<Client>,
}

/// Builds a client from the official SDK's `{ apiKey, apiSecret, signingKey }`,
/// parsing the key (or reusing the process-wide cached parse). `index.js`
/// passes the secret and the key separately, as wipeable copies, with the
/// key already defaulted to `$ENGAGESPOT_PRIVATE_SIGNING_KEY`.
#[napi(ts_args_type = "config: object, apiSecret: unknown, signingKey: unknown")]
pub fn create_client(env: Env, config: Unknown, api_secret: Secret, signing_key: Secret) -> Result<NativeClient> {
    catch_panic("client_new", || {
        if config.get_type().map_err(unreadable(Argument::Config))? != ValueType::Object {
            return Err(CoreError::wrong_type(Argument::Config));
        }
        let config = Object::from_unknown(config).map_err(unreadable(Argument::Config))?;
        let api_key: Unknown = config.get_named_property("apiKey").map_err(unreadable(Argument::Config))?;
        let api_key = optional_text(api_key, Argument::ApiKey)?;
        let api_secret = secret(api_secret, Argument::ApiSecret)?;
        let signing_key = secret(signing_key, Argument::SigningKey)?;
        let client = Client::new(
            api_key.as_deref().unwrap_or(""),
            api_secret.as_ref().map(|s| s.as_str()),
            signing_key.as_ref().map_or("", |s| s.as_str()),
        )?;
        Ok(NativeClient { inner: Arc::new(client) })
    })
    .map_err(|error| js_error(&env, error))
}

/// The environment variable the signing key defaults to, as the core names it.
#[napi]
pub fn signing_key_variable() -> &'static str {
    engagespot_token::SIGNING_KEY_VARIABLE
}

/// The core library's version, which the loader compares with the package's.
#[napi]
pub fn version() -> &'static str {
    engagespot_token::VERSION
}

#[napi]
impl NativeClient {
    /// Mints a token: `sub` = `user:<identifier>`, `iat` now, `exp` one hour later.
    #[napi(ts_args_type = "identifier: string | number | bigint, options?: TokenOptions")]
    pub fn generate_user_token(&self, env: Env, identifier: Unknown, options: Option<Unknown>) -> Result<String> {
        catch_panic("mint", || {
            let identifier = self::identifier(identifier)?;
            self.inner.generate_user_token_with(&identifier, &token_options(options)?)
        })
        .map_err(|error| js_error(&env, error))
    }

    /// The same, signed on the libuv threadpool; bad arguments reject the promise.
    #[napi(ts_args_type = "identifier: string | number | bigint, options?: TokenOptions")]
    pub fn generate_user_token_async(&self, identifier: Unknown, options: Option<Unknown>) -> AsyncTask<MintTask> {
        let request = catch_panic("mint", || Ok((self::identifier(identifier)?, token_options(options)?)));
        AsyncTask::new(MintTask { client: Arc::clone(&self.inner), request, failure: None })
    }
}

/// One token minted off the main thread.
pub struct MintTask {
    client: Arc<Client>,
    request: std::result::Result<(String, TokenOptions), CoreError>,
    failure: Option<CoreError>,
}

impl Task for MintTask {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> Result<String> {
        let minted = match &self.request {
            Ok((identifier, options)) => {
                catch_panic("mint", || self.client.generate_user_token_with(identifier, options))
            }
            Err(error) => Err(error.clone()),
        };
        minted.map_err(|error| {
            // Kept for `reject`, which runs on the main thread and can build the JS error.
            self.failure = Some(error);
            napi::Error::from_reason("engagespot-token: minting failed")
        })
    }

    fn resolve(&mut self, _env: Env, token: String) -> Result<String> {
        Ok(token)
    }

    fn reject(&mut self, env: Env, error: napi::Error) -> Result<String> {
        Err(self.failure.take().map_or(error, |failure| js_error(&env, failure)))
    }
}
