//! Names and numbers bindings read from the library instead of writing them:
//! enumerator values by name, the environment variables' names, the version.

use std::ffi::{c_char, CStr};

use super::input::{bytes, c_bytes};
use super::options::{es_option_naming, es_option_value_type};
use super::status::{es_category, infallible, status_texts};
use crate::environment;
use crate::error::ErrorKind;

/// Arguments, as `es_wrong_type_error` names them in its message.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum es_argument {
    /// The API key.
    ES_ARGUMENT_API_KEY = 0,
    /// The API secret.
    ES_ARGUMENT_API_SECRET = 1,
    /// The signing key.
    ES_ARGUMENT_SIGNING_KEY = 2,
    /// The user identifier.
    ES_ARGUMENT_USER_IDENTIFIER = 3,
    /// The per-token options.
    ES_ARGUMENT_OPTIONS = 4,
    /// The client's configuration.
    ES_ARGUMENT_CONFIG = 5,
    /// The client object.
    ES_ARGUMENT_CLIENT = 6,
}

/// The value of the C enumerator named `name` (NUL-terminated), e.g.
/// `es_constant("ES_CATEGORY_KEY")` is 3: every enumerator of this header's
/// enums (`es_status`, `es_category`, `es_argument`, `es_option_naming`,
/// `es_option_value_type`). -1 for NULL or a name that is none of them (every
/// enumerator is 0 or more). For bindings that cannot read a C header, so that
/// they take the values from the library, as rbnacl's `sodium_constant` does.
///
/// # Safety
/// `name` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn es_constant(name: *const c_char) -> i32 {
    // SAFETY: per the contract above.
    let name = unsafe { c_bytes(name) };
    infallible("query", -1, || {
        let name = name.unwrap_or_default();
        std::iter::once(0)
            .chain(ErrorKind::ALL.iter().map(|kind| kind.code()))
            .find(|&code| status_texts(code).is_some_and(|(status, _)| status.to_bytes() == name))
            .or_else(|| {
                ENUMERATORS.iter().find(|(enumerator, _)| enumerator.as_bytes() == name).map(|&(_, value)| value)
            })
            .unwrap_or(-1)
    })
}

/// The enumerators of the enums other than `es_status` (whose names come
/// from the catalogue), for `es_constant`. The values are the enums' own;
/// tests/header.rs checks every enumerator of the header through `es_constant`.
const ENUMERATORS: &[(&str, i32)] = &[
    ("ES_CATEGORY_NONE", es_category::ES_CATEGORY_NONE as i32),
    ("ES_CATEGORY_ARGUMENT", es_category::ES_CATEGORY_ARGUMENT as i32),
    ("ES_CATEGORY_TYPE", es_category::ES_CATEGORY_TYPE as i32),
    ("ES_CATEGORY_KEY", es_category::ES_CATEGORY_KEY as i32),
    ("ES_CATEGORY_LIBRARY", es_category::ES_CATEGORY_LIBRARY as i32),
    ("ES_ARGUMENT_API_KEY", es_argument::ES_ARGUMENT_API_KEY as i32),
    ("ES_ARGUMENT_API_SECRET", es_argument::ES_ARGUMENT_API_SECRET as i32),
    ("ES_ARGUMENT_SIGNING_KEY", es_argument::ES_ARGUMENT_SIGNING_KEY as i32),
    ("ES_ARGUMENT_USER_IDENTIFIER", es_argument::ES_ARGUMENT_USER_IDENTIFIER as i32),
    ("ES_ARGUMENT_OPTIONS", es_argument::ES_ARGUMENT_OPTIONS as i32),
    ("ES_ARGUMENT_CONFIG", es_argument::ES_ARGUMENT_CONFIG as i32),
    ("ES_ARGUMENT_CLIENT", es_argument::ES_ARGUMENT_CLIENT as i32),
    ("ES_OPTION_NAMING_CAMEL_CASE", es_option_naming::ES_OPTION_NAMING_CAMEL_CASE as i32),
    ("ES_OPTION_NAMING_SNAKE_CASE", es_option_naming::ES_OPTION_NAMING_SNAKE_CASE as i32),
    ("ES_OPTION_VALUE_NULL", es_option_value_type::ES_OPTION_VALUE_NULL as i32),
    ("ES_OPTION_VALUE_INTEGER", es_option_value_type::ES_OPTION_VALUE_INTEGER as i32),
    ("ES_OPTION_VALUE_BOOL", es_option_value_type::ES_OPTION_VALUE_BOOL as i32),
    ("ES_OPTION_VALUE_OTHER", es_option_value_type::ES_OPTION_VALUE_OTHER as i32),
];

/// `text` with a NUL appended, as the bytes of a static C string (`N` is its
/// length plus one).
const fn nul_terminated<const N: usize>(text: &str) -> [u8; N] {
    let bytes = text.as_bytes();
    assert!(bytes.len() + 1 == N, "N is the length plus the NUL");
    let mut out = [0u8; N];
    let mut i = 0;
    while i < bytes.len() {
        assert!(bytes[i] != 0, "a name holds a NUL");
        out[i] = bytes[i];
        i += 1;
    }
    out
}

/// A core constant as a static C string.
macro_rules! static_c_string {
    ($text:expr) => {{
        const BYTES: [u8; $text.len() + 1] = nul_terminated($text);
        match CStr::from_bytes_with_nul(&BYTES) {
            Ok(text) => text,
            Err(_) => panic!("not a C string"),
        }
    }};
}

/// The name of the environment variable that holds the signing key when a
/// binding is given none, "ENGAGESPOT_PRIVATE_SIGNING_KEY". Static; never NULL.
#[no_mangle]
pub extern "C" fn es_signing_key_variable() -> *const c_char {
    const NAME: &CStr = static_c_string!(environment::SIGNING_KEY_VARIABLE);
    infallible("query", NAME.as_ptr(), || NAME.as_ptr())
}

/// The name of the environment variable framework integrations read the API
/// key from, "ENGAGESPOT_API_KEY". Static; never NULL.
#[no_mangle]
pub extern "C" fn es_api_key_variable() -> *const c_char {
    const NAME: &CStr = static_c_string!(environment::API_KEY_VARIABLE);
    infallible("query", NAME.as_ptr(), || NAME.as_ptr())
}

/// The name of the environment variable framework integrations read the API
/// secret from, "ENGAGESPOT_API_SECRET". Static; never NULL.
#[no_mangle]
pub extern "C" fn es_api_secret_variable() -> *const c_char {
    const NAME: &CStr = static_c_string!(environment::API_SECRET_VARIABLE);
    infallible("query", NAME.as_ptr(), || NAME.as_ptr())
}

/// Whether the argument `text` (`len` bytes) means "read the environment
/// variable instead": 1 for NULL (absent) or empty text, else 0. The core's
/// rule, for bindings that fall back to the environment (Ruby), so that none
/// writes its own.
///
/// # Safety
/// `text` is NULL or points to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn es_takes_environment(text: *const c_char, len: usize) -> u8 {
    // SAFETY: per the contract above.
    let given = match unsafe { bytes(text, len) } {
        None => environment::Given::Absent,
        Some([]) => environment::Given::EmptyText,
        Some(_) => environment::Given::Text,
    };
    infallible("query", 0, || u8::from(environment::takes_environment(given)))
}

/// The library version, e.g. "0.1.0". Static; never NULL.
#[no_mangle]
pub extern "C" fn es_version() -> *const c_char {
    const VERSION: &CStr = match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(version) => version,
        Err(_) => panic!("version has a NUL"),
    };
    infallible("query", VERSION.as_ptr(), || VERSION.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Argument;

    #[test]
    fn es_argument_values_index_the_core_arguments() {
        let c_names = [
            (es_argument::ES_ARGUMENT_API_KEY, Argument::ApiKey),
            (es_argument::ES_ARGUMENT_API_SECRET, Argument::ApiSecret),
            (es_argument::ES_ARGUMENT_SIGNING_KEY, Argument::SigningKey),
            (es_argument::ES_ARGUMENT_USER_IDENTIFIER, Argument::UserIdentifier),
            (es_argument::ES_ARGUMENT_OPTIONS, Argument::Options),
            (es_argument::ES_ARGUMENT_CONFIG, Argument::Config),
            (es_argument::ES_ARGUMENT_CLIENT, Argument::Client),
        ];
        assert_eq!(c_names.len(), Argument::ALL.len());
        for (c, core) in c_names {
            assert_eq!(Argument::ALL[c as usize], core);
        }
    }

    #[test]
    fn variable_names_are_the_cores() {
        for (exported, core) in [
            (es_signing_key_variable(), environment::SIGNING_KEY_VARIABLE),
            (es_api_key_variable(), environment::API_KEY_VARIABLE),
            (es_api_secret_variable(), environment::API_SECRET_VARIABLE),
        ] {
            assert_eq!(unsafe { CStr::from_ptr(exported) }.to_str().unwrap(), core);
        }
        unsafe {
            assert_eq!(es_takes_environment(std::ptr::null(), 5), 1);
            assert_eq!(es_takes_environment(c"".as_ptr(), 0), 1);
            assert_eq!(es_takes_environment(c"x".as_ptr(), 1), 0);
            assert_eq!(es_takes_environment(c" ".as_ptr(), 1), 0);
        }
    }
}
