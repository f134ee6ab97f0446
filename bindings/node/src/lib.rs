//! The native half of the `engagespot-token` npm package: a thin napi-rs layer
//! over the core crate. Core errors come back as values (`NativeError`) rather
//! than exceptions, so that `index.js` can throw them with the core's `code`
//! from sync and async calls alike; no rule or message is defined here.

#![deny(missing_docs)]

use std::sync::Arc;

use engagespot_token::{catch_panic, Client, Error, TokenOptions};
use napi::bindgen_prelude::{AsyncTask, Either, Env, Result, Task};
use napi_derive::napi;

/// A core error: `code` is the stable name (`ES_KEY_IS_PUBLIC`), `message` the
/// core's text, and `invalidArgument` whether the caller's input caused it.
#[napi(object)]
pub struct NativeError {
    /// Stable error name shared with C and PHP.
    pub code: String,
    /// The core's message.
    pub message: String,
    /// True for bad input, false for failures of the library itself.
    pub invalid_argument: bool,
}

impl From<Error> for NativeError {
    fn from(error: Error) -> Self {
        NativeError {
            code: error.kind().name().to_owned(),
            message: error.message().to_owned(),
            invalid_argument: error.kind().is_invalid_argument(),
        }
    }
}

/// A client with a parsed key; shared with the threadpool for async calls.
#[napi]
pub struct NativeClient {
    inner: Arc<Client>,
}

/// Per-token options as `index.js` passes them: `expiresIn` is ignored when
/// `noExp` is set; numbers that are not whole seconds become a value the core
/// rejects with its usual message (see `whole_seconds`).
#[napi(object)]
pub struct NativeOptions {
    /// Seconds until `exp`; undefined for the default.
    pub expires_in: Option<f64>,
    /// Leave `exp` out.
    pub no_exp: bool,
    /// Explicit `iat`; undefined for now.
    pub issued_at: Option<f64>,
    /// Add a random `jti`.
    pub jti: bool,
}

/// JavaScript numbers that are not whole seconds map to a value the core
/// rejects (`i64::MIN` is never a valid time), keeping the rule in the core.
fn whole_seconds(value: f64) -> i64 {
    if value.is_finite() && value.fract() == 0.0 && value.abs() < 9.0e18 {
        value as i64
    } else {
        i64::MIN
    }
}

impl From<&NativeOptions> for TokenOptions {
    fn from(o: &NativeOptions) -> Self {
        let defaults = TokenOptions::default();
        TokenOptions {
            expires_in: if o.no_exp { None } else { o.expires_in.map(whole_seconds).or(defaults.expires_in) },
            issued_at: o.issued_at.map(whole_seconds),
            jti: o.jti,
        }
    }
}

/// A core result as the value `index.js` turns into a return or a throw.
fn to_either<T>(result: std::result::Result<T, Error>) -> Either<T, NativeError> {
    match result {
        Ok(value) => Either::A(value),
        Err(error) => Either::B(error.into()),
    }
}

/// Builds a client, parsing the key (or reusing the process-wide cached parse).
#[napi]
pub fn create_client(
    api_key: Option<String>,
    api_secret: Option<String>,
    signing_key: Option<String>,
) -> Either<NativeClient, NativeError> {
    // catch_panic: a panic must become an error, never unwind into Node.
    to_either(
        catch_panic(|| {
            Client::new(api_key.as_deref().unwrap_or(""), api_secret.as_deref(), signing_key.as_deref().unwrap_or(""))
        })
        .map(|client| NativeClient { inner: Arc::new(client) }),
    )
}

/// The core's version, which the loader compares with package.json's.
#[napi]
pub fn version() -> &'static str {
    engagespot_token::VERSION
}

/// The core's error for an argument of the wrong JavaScript type.
#[napi]
pub fn wrong_type_error(what: String, expected: String) -> NativeError {
    Error::wrong_type(&what, &expected).into()
}

/// The core's error for a missing argument.
#[napi]
pub fn missing_argument_error(what: String) -> NativeError {
    Error::null_argument(&what).into()
}

#[napi]
impl NativeClient {
    /// Mints a token on the calling thread.
    #[napi]
    pub fn generate(&self, identifier: String, options: NativeOptions) -> Either<String, NativeError> {
        to_either(catch_panic(|| self.inner.generate_user_token_with(&identifier, &TokenOptions::from(&options))))
    }

    /// Mints a token on the libuv threadpool.
    #[napi(ts_return_type = "Promise<string | NativeError>")]
    pub fn generate_async(&self, identifier: String, options: NativeOptions) -> AsyncTask<MintTask> {
        AsyncTask::new(MintTask { client: Arc::clone(&self.inner), identifier, options })
    }
}

/// One token minted off the main thread.
pub struct MintTask {
    client: Arc<Client>,
    identifier: String,
    options: NativeOptions,
}

impl Task for MintTask {
    type Output = std::result::Result<String, Error>;
    type JsValue = Either<String, NativeError>;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(catch_panic(|| self.client.generate_user_token_with(&self.identifier, &TokenOptions::from(&self.options))))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(to_either(output))
    }
}
