//! The native half of the `engagespot-token` npm package: a thin napi-rs layer
//! over the core crate. `arguments.js` reads the JavaScript arguments (for
//! this backend and the WebAssembly one alike) and `index.js` hands the values
//! over; this layer converts them to the core's types and throws the core's
//! errors, with the core's name as `code`: a `TypeError` for the core's type
//! category, an `Error` otherwise. No rule, name or message is defined here.

#![deny(missing_docs)]

use std::cell::RefCell;
use std::sync::Arc;

use engagespot_token::{
    catch_panic, Argument, Client, Error as CoreError, Language, OptionNaming, OptionValue, TokenOptions,
    MAX_TEXT_BYTES,
};
use napi::bindgen_prelude::JsObjectValue as _;
use napi::bindgen_prelude::{
    Array, AsyncTask, BigInt, Either3, Env, FromNapiValue as _, Function, Result, Task, Uint16Array, Uint8Array,
    Unknown,
};
use napi::{JsError, JsString, JsTypeError, JsValue, ValueType};
use napi_derive::napi;
use zeroize::Zeroizing;

/// A core error, with the JavaScript exception that caused it when reading an
/// argument ran the caller's code (a getter, a Proxy trap) and that threw.
struct Failure {
    error: CoreError,
    cause: Option<napi::Error>,
}

impl From<CoreError> for Failure {
    fn from(error: CoreError) -> Self {
        Failure { error, cause: None }
    }
}

type Outcome<T> = std::result::Result<T, Failure>;

/// The core error as the JavaScript exception to throw: `code` is the core's
/// name, the class is the one the core's catalogue gives its category, and `cause` is the exception
/// that caused it, if any.
fn js_error(env: &Env, failure: impl Into<Failure>) -> napi::Error {
    let Failure { error, cause } = failure.into();
    let mut native = napi::Error::new(error.kind().name(), error.message().to_owned());
    if let Some(cause) = cause {
        native.set_cause(cause);
    }
    napi::Error::from(match error.kind().category().exception_class(Language::JavaScript) {
        "TypeError" => JsTypeError::from(native).into_unknown(*env),
        _ => JsError::from(native).into_unknown(*env),
    })
}

/// Runs an export's body inside the core's panic boundary (fault site `site`).
fn guarded<T>(site: &'static str, body: impl FnOnce() -> Outcome<T>) -> Outcome<T> {
    catch_panic(site, || Ok(body())).unwrap_or_else(|panic| Err(panic.into()))
}

/// The exception a failed napi call left pending (a getter or a Proxy trap
/// threw), taken from the environment so that it can become the cause.
fn take_exception(env: &Env) -> Option<napi::Error> {
    let mut pending = false;
    let mut exception = std::ptr::null_mut();
    // SAFETY: `env` is the live environment of the current call; these calls
    // only read and clear its pending exception, which napi then owns through
    // the reference `napi::Error::from` creates.
    unsafe {
        if napi::sys::napi_is_exception_pending(env.raw(), &mut pending) != napi::sys::Status::napi_ok
            || !pending
            || napi::sys::napi_get_and_clear_last_exception(env.raw(), &mut exception) != napi::sys::Status::napi_ok
        {
            return None;
        }
        Some(napi::Error::from(Unknown::from_raw_unchecked(env.raw(), exception)))
    }
}

/// A napi failure while inspecting a value we were given: it had a shape we
/// could not read, which is the core's wrong-type error for it.
fn wrong_type(what: Argument) -> impl Fn(napi::Error) -> CoreError {
    move |_| CoreError::wrong_type(what)
}

/// What the core is given for text past its bound ([`MAX_TEXT_BYTES`]) instead
/// of the text: as long as the bound allows plus one, so that the core refuses
/// it by its length alone, at the point where it checks the argument (so the
/// errors keep the core's order), having copied 64 KiB and not the text.
fn past_the_bound() -> String {
    "x".repeat(MAX_TEXT_BYTES + 1)
}

/// Whether a JavaScript string has no lone surrogate, asked of the string
/// itself (`String.prototype.isWellFormed`) so that a long one is not copied;
/// `None` where the runtime lacks the method or it failed (any exception it
/// threw is cleared), for the caller to copy the string and see.
fn well_formed(env: &Env, string: &JsString) -> Option<bool> {
    let answer = (|| {
        let object = string.coerce_to_object()?;
        let method: Function<(), bool> = object.get_named_property("isWellFormed")?;
        method.apply(object, ())
    })();
    if answer.is_err() {
        take_exception(env);
    }
    answer.ok()
}

/// JavaScript text as UTF-8; a lone surrogate is the core's invalid-text error
/// (napi's own UTF-8 conversion would turn it into U+FFFD, so that two
/// different strings became one). A string of more UTF-16 code units than the
/// core's bound has more UTF-8 bytes than that too (each unit is one byte or
/// more): it is not copied, as the WebAssembly glue does not copy it
/// (`wasm.js`, FIELD_OVERSIZED), but refused by its length (a lone surrogate
/// in it is the invalid-text error, as for any other text).
fn utf16_text(env: &Env, value: Unknown, what: Argument) -> std::result::Result<String, CoreError> {
    let string = value.coerce_to_string().map_err(wrong_type(what))?;
    let len = string.utf16_len().map_err(wrong_type(what))?;
    if len > MAX_TEXT_BYTES {
        match well_formed(env, &string) {
            Some(true) => return Ok(past_the_bound()),
            Some(false) => return Err(CoreError::invalid_utf8(what)),
            None => {}
        }
    }
    let units = string.into_utf16().map_err(wrong_type(what))?;
    // The buffer napi fills carries a NUL terminator past `len`.
    let units = units.as_slice().get(..len).ok_or_else(|| CoreError::wrong_type(what))?;
    String::from_utf16(units).map_err(|_| CoreError::invalid_utf8(what))
}

/// An optional text argument: a string, or null/undefined for none.
fn optional_text(env: &Env, value: Unknown, what: Argument) -> std::result::Result<Option<String>, CoreError> {
    match value.get_type().map_err(wrong_type(what))? {
        ValueType::Undefined | ValueType::Null => Ok(None),
        ValueType::String => utf16_text(env, value, what).map(Some),
        _ => Err(CoreError::wrong_type(what)),
    }
}

/// A user identifier as `arguments.js` formats it: a string, or null for none;
/// any other value is one it does not take.
fn identifier(env: &Env, value: Unknown) -> std::result::Result<String, CoreError> {
    const WHAT: Argument = Argument::UserIdentifier;
    match value.get_type().map_err(wrong_type(WHAT))? {
        ValueType::Undefined | ValueType::Null => Err(CoreError::null_argument(WHAT)),
        ValueType::String => utf16_text(env, value, WHAT),
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
/// (which `index.js` wipes afterwards), bytes of UTF-8 (a `Buffer`), a signing
/// key string past the core's bound (which `index.js` does not copy), or
/// null/undefined. The text is decoded into a buffer that is wiped when dropped.
type Secret = Option<Either3<Uint16Array, Uint8Array, Unknown<'static>>>;

/// Bytes are taken for the signing key only (as `fs.readFileSync` gives it);
/// for the API secret they are a wrong type, as in every language. A signing
/// key past the core's bound is checked for well-formed text in place and not
/// decoded (the API secret has no bound: it is never read).
fn secret(env: &Env, value: Secret, what: Argument) -> std::result::Result<Option<Zeroizing<String>>, CoreError> {
    let bounded = what == Argument::SigningKey;
    let text = match value {
        None => return Ok(None),
        Some(Either3::A(units)) if bounded && units.len() > MAX_TEXT_BYTES => {
            if char::decode_utf16(units.iter().copied()).any(|unit| unit.is_err()) {
                return Err(CoreError::invalid_utf8(what));
            }
            Zeroizing::new(past_the_bound())
        }
        Some(Either3::A(units)) => {
            // Sized once, so that no reallocation leaves an unwiped copy behind.
            let mut text = Zeroizing::new(String::with_capacity(units.len() * 3));
            for unit in char::decode_utf16(units.iter().copied()) {
                text.push(unit.map_err(|_| CoreError::invalid_utf8(what))?);
            }
            text
        }
        Some(Either3::B(_)) if !bounded => return Err(CoreError::wrong_type(what)),
        Some(Either3::B(bytes)) => {
            let text = std::str::from_utf8(&bytes).map_err(|_| CoreError::invalid_utf8(what))?;
            if text.len() > MAX_TEXT_BYTES {
                return Ok(Some(Zeroizing::new(past_the_bound())));
            }
            let mut copy = Zeroizing::new(String::with_capacity(text.len()));
            copy.push_str(text);
            copy
        }
        Some(Either3::C(other)) => match other.get_type().map_err(wrong_type(what))? {
            ValueType::Undefined | ValueType::Null => return Ok(None),
            // Only past the bound (index.js copies shorter strings into a wipeable array).
            ValueType::String if bounded => {
                let string = other.coerce_to_string().map_err(wrong_type(what))?;
                if string.utf16_len().map_err(wrong_type(what))? <= MAX_TEXT_BYTES {
                    return Err(CoreError::wrong_type(what));
                }
                return match well_formed(env, &string) {
                    Some(false) => Err(CoreError::invalid_utf8(what)),
                    // Where the runtime cannot say, the napi copy decides (the copy is not wiped, but the
                    // text is refused by its length whatever it holds).
                    None if utf16_text(env, other, what).is_err() => Err(CoreError::invalid_utf8(what)),
                    _ => Ok(Some(Zeroizing::new(past_the_bound()))),
                };
            }
            _ => return Err(CoreError::wrong_type(what)),
        },
    };
    Ok(Some(text))
}

/// Per-token options as `index.js` hands them over from `arguments.js`: none
/// (undefined), a flat list of option names and values in the order the core
/// takes them, or any other value for options of the wrong type.
fn token_options(env: &Env, options: Option<Unknown>) -> std::result::Result<TokenOptions, CoreError> {
    const WHAT: Argument = Argument::Options;
    const NAMING: OptionNaming = OptionNaming::CamelCase;
    let mut decoded = TokenOptions::default();
    let Some(options) = options else { return Ok(decoded) };
    match options.get_type().map_err(wrong_type(WHAT))? {
        ValueType::Undefined | ValueType::Null => return Ok(decoded),
        ValueType::Object if options.is_array().map_err(wrong_type(WHAT))? => {}
        _ => return Err(CoreError::wrong_type(WHAT)),
    }
    let list = Array::from_unknown(options).map_err(wrong_type(WHAT))?;
    for at in (0..list.len()).step_by(2) {
        // Decoded strictly: napi's own conversion would turn a lone surrogate into U+FFFD.
        let name = utf16_text(env, list.get_element(at).map_err(wrong_type(WHAT))?, WHAT)?;
        let value: Unknown = list.get_element(at + 1).map_err(wrong_type(WHAT))?;
        let value = match value.get_type().map_err(wrong_type(WHAT))? {
            ValueType::Null | ValueType::Undefined => OptionValue::Null,
            ValueType::Boolean => OptionValue::Bool(value.coerce_to_bool().map_err(wrong_type(WHAT))?),
            ValueType::Number => {
                OptionValue::Number(value.coerce_to_number().and_then(|n| n.get_double()).map_err(wrong_type(WHAT))?)
            }
            ValueType::BigInt => bigint_value(value).map_err(wrong_type(WHAT))?,
            _ => OptionValue::Other,
        };
        decoded.set(NAMING, &name, value)?;
    }
    Ok(decoded)
}

/// A client with a parsed key; `index.js` makes it the `EngagespotClient`.
#[napi]
pub struct NativeClient {
    /// `None` once freed: the key is wiped when the last in-flight
    /// asynchronous call holding a reference finishes. A `RefCell`, not
    /// `&mut self` in `free()`: napi refuses a mutable borrow of a client
    /// while an asynchronous call's task holds it.
    inner: RefCell<Option<Arc<Client>>>,
}

/// Builds a client from the official SDK's `{ apiKey, apiSecret, signingKey }`,
/// parsing the key (or reusing the process-wide cached parse). `index.js`
/// passes whether the config is an object and its three values as
/// `arguments.js` read them, the secret and the key as wipeable copies.
#[napi(ts_args_type = "isObject: boolean, apiKey: unknown, apiSecret: unknown, signingKey: unknown")]
pub fn create_client(
    env: Env,
    is_object: bool,
    api_key: Unknown,
    api_secret: Secret,
    signing_key: Secret,
) -> Result<NativeClient> {
    guarded("client_new", || {
        if !is_object {
            return Err(CoreError::wrong_type(Argument::Config).into());
        }
        let api_key = optional_text(&env, api_key, Argument::ApiKey)?;
        let api_secret = secret(&env, api_secret, Argument::ApiSecret)?;
        let signing_key = secret(&env, signing_key, Argument::SigningKey)?;
        let client = Client::new(
            api_key.as_deref().unwrap_or(""),
            api_secret.as_ref().map(|s| s.as_str()),
            signing_key.as_ref().map_or("", |s| s.as_str()),
        )?;
        Ok(NativeClient { inner: RefCell::new(Some(Arc::new(client))) })
    })
    .map_err(|error| js_error(&env, error))
}

/// Throws the core's error for the `config` or `options` whose `property`
/// threw `cause` when `arguments.js` read it (a getter, a Proxy trap). The
/// property is one of the names it reads, never a name the caller chose.
#[napi(ts_args_type = "what: 'config' | 'options', property: string, cause: unknown")]
pub fn throw_read_error(env: Env, what: String, property: String, cause: Unknown) -> Result<()> {
    let what = if what == "options" { Argument::Options } else { Argument::Config };
    let cause = napi::Error::from(cause);
    Err(js_error(&env, Failure { error: CoreError::property_threw(what, &property), cause: Some(cause) }))
}

/// The environment variable the signing key defaults to, as the core names it.
#[napi]
pub fn signing_key_variable() -> &'static str {
    engagespot_token::SIGNING_KEY_VARIABLE
}

/// The environment variable the framework endpoints read the API key from, as the core names it.
#[napi]
pub fn api_key_variable() -> &'static str {
    engagespot_token::API_KEY_VARIABLE
}

/// The environment variable the framework endpoints read the API secret from, as the core names it.
#[napi]
pub fn api_secret_variable() -> &'static str {
    engagespot_token::API_SECRET_VARIABLE
}

/// The most UTF-16 code units of a signing key string that `index.js` copies
/// into a wipeable array: the core's bound on text in bytes
/// (`MAX_TEXT_BYTES`); a longer string is refused by its length, uncopied.
#[napi]
pub fn max_text_bytes() -> u32 {
    u32::try_from(MAX_TEXT_BYTES).unwrap_or(u32::MAX)
}

/// The core library's version, which the loader compares with the package's.
#[napi]
pub fn version() -> &'static str {
    engagespot_token::VERSION
}

#[napi]
impl NativeClient {
    /// The client, or the core's use-after-free error once `free()` ran.
    fn client(&self) -> std::result::Result<Arc<Client>, CoreError> {
        self.inner.borrow().as_ref().map(Arc::clone).ok_or_else(CoreError::client_freed)
    }

    /// Frees the client now: its key is wiped (after any asynchronous call
    /// still signing with it), and every later call throws `ES_CLIENT_FREED`.
    /// Calling it again does nothing. `index.js` makes it `Symbol.dispose`.
    #[napi]
    pub fn free(&self, env: Env) -> Result<()> {
        // Dropping the client wipes its key: guarded like every other export.
        guarded("free", || {
            self.inner.replace(None);
            Ok(())
        })
        .map_err(|failure| js_error(&env, failure))
    }

    /// Mints a token: `sub` = `user:<identifier>`, `iat` now, `exp` one hour
    /// later, for the identifier and options as `index.js` hands them over.
    #[napi(ts_args_type = "identifier: string | null, options?: unknown[]")]
    pub fn generate_user_token(&self, env: Env, identifier: Unknown, options: Option<Unknown>) -> Result<String> {
        guarded("mint", || {
            let client = self.client()?;
            let identifier = self::identifier(&env, identifier)?;
            Ok(client.generate_user_token_with(&identifier, &token_options(&env, options)?)?)
        })
        .map_err(|failure| js_error(&env, failure))
    }

    /// The same, signed on the libuv threadpool. The arguments are read here,
    /// on the main thread, and a bad one throws the same error as the
    /// synchronous call, which `index.js` turns into the promise's rejection.
    #[napi(ts_args_type = "identifier: string | null, options?: unknown[]")]
    pub fn generate_user_token_async(
        &self,
        env: Env,
        identifier: Unknown,
        options: Option<Unknown>,
    ) -> Result<AsyncTask<MintTask>> {
        let (client, request) = guarded("mint", || {
            let client = self.client()?;
            Ok((client, (self::identifier(&env, identifier)?, token_options(&env, options)?)))
        })
        .map_err(|failure| js_error(&env, failure))?;
        Ok(AsyncTask::new(MintTask { client, request, failure: None }))
    }
}

/// One token minted off the main thread.
pub struct MintTask {
    client: Arc<Client>,
    request: (String, TokenOptions),
    failure: Option<CoreError>,
}

impl Task for MintTask {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> Result<String> {
        let (identifier, options) = &self.request;
        let minted = catch_panic("mint", || self.client.generate_user_token_with(identifier, options));
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
