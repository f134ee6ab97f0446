//! The native half of the `engagespot_token` Python package: a thin PyO3
//! layer over the core crate. It decodes Python values, releases the GIL
//! while signing, and raises the core's errors as the exception class that
//! the core's category names (`engagespot_token._errors`). No rule, code,
//! name or message is defined here.

#![deny(missing_docs)]

use engagespot_token::environment::{takes_environment, Given};
use engagespot_token::{
    catch_panic, Argument, Client, Error as CoreError, Language, OptionNaming, OptionValue, TokenOptions,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyString};
use zeroize::{Zeroize, Zeroizing};

#[cfg(feature = "zeroize-audit")]
mod audit;

/// The environment variable the signing key defaults to: the core's.
const KEY_VARIABLE: &str = engagespot_token::SIGNING_KEY_VARIABLE;

/// The core error as the Python exception to raise: the class the core's
/// catalogue names for its category; code, name and message are the core's.
fn py_error(py: Python<'_>, error: CoreError) -> PyErr {
    let class = error.kind().category().exception_class(Language::Python);
    let kind = error.kind();
    let raised = py
        .import("engagespot_token._errors")
        .and_then(|errors| errors.getattr(class))
        .and_then(|class| class.call1((error.message(), kind.code(), kind.name())));
    match raised {
        Ok(exception) => PyErr::from_value(exception),
        // Only if the package's Python half is missing or broken.
        Err(failure) => failure,
    }
}

/// A Python `str` as the caller's text, without a copy on the Rust heap:
/// `PyUnicode_AsUTF8String` gives a new `bytes` object (abi3 before 3.10 has
/// no borrowed UTF-8 view), which `use_text` reads in place and which is
/// wiped before it is released. A lone surrogate is the core's invalid-text error.
fn with_str_text<T>(
    text: &Bound<'_, PyString>,
    what: Argument,
    use_text: impl FnOnce(&str) -> Result<T, CoreError>,
) -> Result<T, CoreError> {
    let bytes = text.encode_utf8().map_err(|_| CoreError::invalid_utf8(what))?;
    let result = std::str::from_utf8(bytes.as_bytes()).map_err(|_| CoreError::invalid_utf8(what)).and_then(use_text);
    wipe(&bytes);
    result
}

/// Zeroes a `bytes` object that only this function's caller holds. CPython
/// shares its empty and one-byte `bytes` objects, so a reference count above
/// one means the object is not ours to change (and holds at most one byte).
fn wipe(bytes: &Bound<'_, PyBytes>) {
    // SAFETY: `bytes` is a live object.
    if unsafe { pyo3::ffi::Py_REFCNT(bytes.as_ptr()) } != 1 {
        return;
    }
    let data = bytes.as_bytes();
    // SAFETY: the object is alive (we hold it), nobody else holds a reference,
    // and its buffer is `data.len()` bytes long; it is released right after.
    let buffer = unsafe { std::slice::from_raw_parts_mut(data.as_ptr().cast_mut(), data.len()) };
    buffer.zeroize();
}

/// Runs `use_text` on the text of a `str`, or of `bytes` of UTF-8 when
/// `bytes_allowed`, or on `None` for `None` or a missing argument: borrowed
/// where Python allows, and never leaving an unwiped copy of a secret.
fn with_text<T>(
    value: Option<&Bound<'_, PyAny>>,
    what: Argument,
    bytes_allowed: bool,
    use_text: impl FnOnce(Option<&str>) -> Result<T, CoreError>,
) -> Result<T, CoreError> {
    let Some(value) = value.filter(|v| !v.is_none()) else { return use_text(None) };
    if let Ok(text) = value.cast::<PyString>() {
        return with_str_text(text, what, |text| use_text(Some(text)));
    }
    match value.cast::<PyBytes>() {
        Ok(bytes) if bytes_allowed => {
            let text = std::str::from_utf8(bytes.as_bytes()).map_err(|_| CoreError::invalid_utf8(what))?;
            use_text(Some(text))
        }
        _ => Err(CoreError::wrong_type(what)),
    }
}

/// `$ENGAGESPOT_PRIVATE_SIGNING_KEY`, in a buffer wiped when dropped: the
/// variable's own buffer, moved, not copied. Its bytes as the OS gave them
/// (on Windows WTF-8, so a value that is not Unicode fails the core's UTF-8 check).
fn key_from_environment() -> Option<Zeroizing<Vec<u8>>> {
    std::env::var_os(KEY_VARIABLE).map(|value| Zeroizing::new(value.into_encoded_bytes()))
}

/// The most bits an integer with at most `MAX_IDENTIFIER_BYTES` decimal digits
/// has (3402 for 1024): any larger integer is too long to be an identifier.
const MAX_IDENTIFIER_BITS: usize =
    (engagespot_token::MAX_IDENTIFIER_BYTES as f64 * std::f64::consts::LOG2_10) as usize + 1;

/// A user identifier: a `str`, or an `int` formatted as `str()` formats it.
/// `bool` is refused although it is an `int`: `True` is never a user.
fn identifier(value: Option<&Bound<'_, PyAny>>) -> Result<String, CoreError> {
    const WHAT: Argument = Argument::UserIdentifier;
    let Some(value) = value.filter(|v| !v.is_none()) else { return Err(CoreError::null_argument(WHAT)) };
    if let Ok(text) = value.cast::<PyString>() {
        return text.to_cow().map(|text| text.into_owned()).map_err(|_| CoreError::invalid_utf8(WHAT));
    }
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        // int's own methods, called on the value: an int subclass (an IntEnum
        // member, or one that overrides __int__, __index__ or __str__) gives
        // the number it holds, which is what it prints unless it says otherwise.
        let int = value.py().get_type::<PyInt>();
        let call = |method: &str| int.getattr(method).and_then(|method| method.call1((value,)));
        let bits: usize =
            call("bit_length").and_then(|bits| bits.extract()).map_err(|_| CoreError::wrong_type(WHAT))?;
        if bits > MAX_IDENTIFIER_BITS {
            // Too many digits to be an identifier, and more than Python will print.
            return Err(CoreError::integer_identifier_too_long());
        }
        let text = call("__repr__").map_err(|_| CoreError::wrong_type(WHAT))?;
        let text = text.cast::<PyString>().map_err(|_| CoreError::wrong_type(WHAT))?;
        return text.to_cow().map(|text| text.into_owned()).map_err(|_| CoreError::invalid_utf8(WHAT));
    }
    Err(CoreError::wrong_type(WHAT))
}

/// A keyword option's value as the core's option rules take it.
fn option_value(value: &Bound<'_, PyAny>) -> OptionValue {
    if value.is_none() {
        OptionValue::Null
    } else if let Ok(flag) = value.cast::<PyBool>() {
        OptionValue::Bool(flag.is_true())
    } else if value.is_instance_of::<PyInt>() {
        // Beyond i64 saturates, so that the core's range check reports it.
        value.extract::<i64>().map(OptionValue::Integer).unwrap_or_else(|_| {
            let negative = value.lt(0).unwrap_or(false);
            OptionValue::Integer(if negative { i64::MIN } else { i64::MAX })
        })
    } else {
        // A float too, whatever its value: options take integers (the core's rule).
        OptionValue::Other
    }
}

/// Keyword options through the core's rules: a misspelt name is an error
/// that lists the accepted ones, not a silent default.
fn token_options(options: Option<&Bound<'_, PyDict>>) -> Result<TokenOptions, CoreError> {
    let mut decoded = TokenOptions::default();
    for (name, value) in options.into_iter().flat_map(|options| options.iter()) {
        let name = name.cast::<PyString>().map_err(|_| CoreError::wrong_type(Argument::Options))?;
        let name = name.to_cow().map_err(|_| CoreError::invalid_utf8(Argument::Options))?;
        decoded.set(OptionNaming::SnakeCase, &name, option_value(&value))?;
    }
    Ok(decoded)
}

/// The client: an API key and a signing key parsed once. Immutable, so one
/// client serves every thread; `engagespot_token.EngagespotClient` extends it.
#[pyclass(frozen, subclass, module = "engagespot_token._native")]
pub struct NativeClient {
    inner: Client,
}

#[pymethods]
impl NativeClient {
    /// Parses the signing key now (a bad key raises here). `signing_key` is
    /// PEM text as `str` or `bytes`; `None` or empty reads
    /// `$ENGAGESPOT_PRIVATE_SIGNING_KEY`.
    #[new]
    #[pyo3(signature = (api_key=None, api_secret=None, signing_key=None))]
    fn new(
        py: Python<'_>,
        api_key: Option<&Bound<'_, PyAny>>,
        api_secret: Option<&Bound<'_, PyAny>>,
        signing_key: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        catch_panic("client_new", || {
            with_text(api_key, Argument::ApiKey, false, |api_key| {
                with_text(api_secret, Argument::ApiSecret, false, |api_secret| {
                    with_text(signing_key, Argument::SigningKey, true, |signing_key| {
                        let from_environment;
                        let given = match signing_key {
                            None => Given::Absent,
                            Some("") => Given::EmptyText,
                            Some(_) => Given::Text,
                        };
                        let signing_key = match signing_key.filter(|_| !takes_environment(given)) {
                            Some(key) => key,
                            None => {
                                from_environment = key_from_environment();
                                let bytes = from_environment.as_deref().map_or(&[][..], |b| b.as_slice());
                                std::str::from_utf8(bytes).map_err(|_| CoreError::invalid_utf8(Argument::SigningKey))?
                            }
                        };
                        let api_key = api_key.unwrap_or("");
                        // Parsing a key takes milliseconds: let other threads run.
                        let inner = py.detach(|| Client::new(api_key, api_secret, signing_key))?;
                        Ok(NativeClient { inner })
                    })
                })
            })
        })
        .map_err(|error| py_error(py, error))
    }

    /// Mints a token: `sub` = `user:<identifier>`, `iat` now, `exp` an hour
    /// later. Keyword options, decoded by the core: `expires_in` (seconds;
    /// `None` for no `exp`), `issued_at` (unix seconds; `None` for now), `jti`
    /// (`True` adds a random id), `include_iat` (`False` leaves `iat` out).
    #[pyo3(signature = (identifier=None, **options))]
    fn generate_user_token(
        &self,
        py: Python<'_>,
        identifier: Option<&Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<String> {
        catch_panic("mint", || {
            let identifier = self::identifier(identifier)?;
            let options = token_options(options)?;
            // The signature is the whole cost of a token: sign without the GIL.
            py.detach(|| self.inner.generate_user_token_with(&identifier, &options))
        })
        .map_err(|error| py_error(py, error))
    }

    /// Size of the signing key's modulus in bits.
    #[getter]
    fn key_bits(&self) -> usize {
        self.inner.key_info().bits
    }

    /// Refuses pickling: a client holds a parsed private key, which must not
    /// travel through pickles; build one per process from the key instead.
    fn __reduce__(&self) -> PyResult<()> {
        Err(PyTypeError::new_err(
            "EngagespotClient cannot be pickled: it holds a parsed private key; \
             create a client in each process from the signing key instead",
        ))
    }

    /// The client is immutable, so a copy is the client itself.
    fn __copy__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    /// The client is immutable, so a deep copy is the client itself.
    fn __deepcopy__<'py>(slf: Bound<'py, Self>, _memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        slf
    }

    /// The class and the key size; never the key, the secret or the API key.
    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let class = slf.get_type().name()?;
        Ok(format!("<{class} key=RSA-{}>", slf.get().inner.key_info().bits))
    }
}

/// Whether `value` means "read the environment variable" by the core's rule:
/// `None`, or an empty `str` or `bytes`; nothing else (not `0`, not `False`).
#[pyfunction]
#[pyo3(signature = (value=None))]
fn takes_environment_value(value: Option<&Bound<'_, PyAny>>) -> bool {
    // Only the value's kind and emptiness, never its text (it may be the API secret).
    let empty = |empty: bool| if empty { Given::EmptyText } else { Given::Text };
    let given = match value.filter(|v| !v.is_none()) {
        None => Given::Absent,
        Some(v) => match (v.cast::<PyString>(), v.cast::<PyBytes>()) {
            (Ok(text), _) => empty(text.len().is_ok_and(|n| n == 0)),
            (_, Ok(bytes)) => empty(bytes.as_bytes().is_empty()),
            _ => Given::Other,
        },
    };
    takes_environment(given)
}

/// `engagespot_token._native`: the client type, the core's version, and the
/// names of the environment variables the core reads or names.
#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<NativeClient>()?;
    module.add("__version__", engagespot_token::VERSION)?;
    module.add("KEY_VARIABLE", KEY_VARIABLE)?;
    module.add("API_KEY_VARIABLE", engagespot_token::API_KEY_VARIABLE)?;
    module.add("API_SECRET_VARIABLE", engagespot_token::API_SECRET_VARIABLE)?;
    module.add_function(wrap_pyfunction!(takes_environment_value, module)?)?;
    #[cfg(feature = "zeroize-audit")]
    audit::register(module)?;
    Ok(())
}
