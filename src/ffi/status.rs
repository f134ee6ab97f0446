//! Outcomes: the `es_status` codes (from the error catalogue), their
//! categories, the per-thread error slot, and the panic boundary every export
//! goes through.

use std::cell::{Cell, RefCell};
use std::ffi::{c_char, CStr, CString};
use std::fmt;
use std::ptr;

use crate::error::{catch_panic, Argument, Category, Error, ErrorKind};

/// The outcome of a call: `ES_OK` (0) or the stable code of an error kind.
/// In C this is the enum that build.rs writes from the error catalogue
/// (`src/catalogue.rs`); here, an `i32` with one constant per kind.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct es_status(pub i32);

macro_rules! define_status_constants {
    ($( $(#[doc = $doc:literal])* $kind:ident = $code:literal, $name:ident, $category:ident; )*) => {
        impl es_status {
            /// The call succeeded.
            pub const ES_OK: es_status = es_status(0);
            $( $(#[doc = $doc])* pub const $name: es_status = es_status($code); )*
        }

        /// The status's name and description as static C strings, or None for
        /// a number that is no status.
        pub(super) const fn status_texts(code: i32) -> Option<(&'static CStr, &'static CStr)> {
            const fn c(text: &'static str) -> &'static CStr {
                // Doc comments start with a space.
                let bytes = match text.as_bytes() {
                    [b' ', rest @ ..] => rest,
                    all => all,
                };
                match CStr::from_bytes_with_nul(bytes) {
                    Ok(text) => text,
                    Err(_) => panic!("a catalogue text holds a NUL"),
                }
            }
            match code {
                0 => Some((c"ES_OK", c"The call succeeded.")),
                $( $code => Some((c(concat!(stringify!($name), "\0")), c(concat!($($doc,)* "\0")))), )*
                _ => None,
            }
        }
    };
}

for_each_error_kind!(define_status_constants);

impl From<ErrorKind> for es_status {
    fn from(kind: ErrorKind) -> Self {
        es_status(kind.code())
    }
}

impl fmt::Debug for es_status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match status_texts(self.0) {
            Some((name, _)) => f.write_str(&name.to_string_lossy()),
            None => write!(f, "es_status({})", self.0),
        }
    }
}

/// What kind of failure a status is, so that bindings pick their exception
/// class without tables of codes of their own.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum es_category {
    /// `ES_OK`: not a failure.
    ES_CATEGORY_NONE = 0,
    /// A bad argument value (e.g. an empty identifier).
    ES_CATEGORY_ARGUMENT = 1,
    /// An argument of the wrong type, or a missing one.
    ES_CATEGORY_TYPE = 2,
    /// A rejected signing key.
    ES_CATEGORY_KEY = 3,
    /// A failure of the library, not the caller's (also any unknown code).
    ES_CATEGORY_LIBRARY = 4,
}

impl From<Category> for es_category {
    fn from(category: Category) -> Self {
        match category {
            Category::Argument => es_category::ES_CATEGORY_ARGUMENT,
            Category::Type => es_category::ES_CATEGORY_TYPE,
            Category::Key => es_category::ES_CATEGORY_KEY,
            Category::Library => es_category::ES_CATEGORY_LIBRARY,
        }
    }
}

thread_local! {
    // The status has no destructor, so it stays readable (and right) even in a
    // pthread_key destructor that runs after the message slot is gone.
    static LAST_STATUS: Cell<i32> = const { Cell::new(0) };
    static LAST_MESSAGE: RefCell<CString> = RefCell::new(CString::default());
}

pub(super) fn set_last_error(error: &Error) {
    LAST_STATUS.set(error.kind().code());
    // Messages are ours and hold no NUL; strip any to be certain.
    let message = CString::new(error.message().replace('\0', "")).unwrap_or_default();
    let _ = LAST_MESSAGE.try_with(|slot| *slot.borrow_mut() = message);
}

/// This thread's last outcome, for exports that return it after `boundary`
/// (not through `es_last_error_code`, which has a fault site of its own).
pub(super) fn last_status() -> es_status {
    es_status(LAST_STATUS.get())
}

/// Records success; free when the slot already says so (the hot path).
fn clear_last_error() {
    if LAST_STATUS.get() != 0 {
        LAST_STATUS.set(0);
        let _ = LAST_MESSAGE.try_with(|slot| *slot.borrow_mut() = CString::default());
    }
}

/// Runs `body` at the export boundary: catches panics (fault site `site`) and
/// records the outcome in the error slot.
pub(super) fn boundary<T>(site: &'static str, on_failure: T, body: impl FnOnce() -> Result<T, Error>) -> T {
    match catch_panic(site, body) {
        Ok(value) => {
            clear_last_error();
            value
        }
        Err(error) => {
            set_last_error(&error);
            on_failure
        }
    }
}

/// For exports that cannot fail: catches a panic (reporting `ES_PANIC`) but
/// leaves the error slot alone otherwise.
pub(super) fn infallible<T>(site: &'static str, on_panic: T, body: impl FnOnce() -> T) -> T {
    catch_panic(site, || Ok(body())).unwrap_or_else(|error| {
        set_last_error(&error);
        on_panic
    })
}

/// Records the core's `ES_WRONG_TYPE` error for `argument` (an
/// `es_argument`) as this thread's last error, and returns `ES_WRONG_TYPE`.
/// For bindings that check their language's types themselves (PHP, Ruby), so
/// that the message is the same in every language.
#[no_mangle]
pub extern "C" fn es_wrong_type_error(argument: i32) -> es_status {
    record_argument_error(argument, Error::wrong_type, ErrorKind::WrongType, "an argument has the wrong type")
}

/// Records `error` for the `es_argument` numbered `argument` (or, for a number
/// that is none, an error of `kind` saying `unknown`) as this thread's last
/// error, and returns its status.
fn record_argument_error(
    argument: i32,
    error: fn(Argument) -> Error,
    kind: ErrorKind,
    unknown: &'static str,
) -> es_status {
    boundary("query", (), || {
        Err(usize::try_from(argument)
            .ok()
            .and_then(|i| Argument::ALL.get(i))
            .map_or_else(|| Error::new(kind, unknown), |&a| error(a)))
    });
    last_status()
}

/// Records the core's `ES_INVALID_UTF8` error for `argument` (an
/// `es_argument`) as this thread's last error, and returns `ES_INVALID_UTF8`.
/// For bindings that convert their language's text to UTF-8 themselves (Ruby's
/// strings in other encodings), so that the message is the core's.
#[no_mangle]
pub extern "C" fn es_invalid_utf8_error(argument: i32) -> es_status {
    record_argument_error(
        argument,
        Error::invalid_utf8,
        ErrorKind::InvalidUtf8,
        "a text argument is not valid Unicode text",
    )
}

/// The outcome of this thread's last call that can fail: `ES_OK` (0) after
/// a success.
#[no_mangle]
pub extern "C" fn es_last_error_code() -> es_status {
    infallible("query", es_status::ES_PANIC, last_status)
}

/// A message explaining this thread's last failure, or "" after a success.
/// Never NULL. Borrowed: valid until the next `es_` call on this thread.
#[no_mangle]
pub extern "C" fn es_last_error_message() -> *const c_char {
    let message = || {
        LAST_MESSAGE.try_with(|slot| slot.borrow().as_ptr()).unwrap_or_else(|_| {
            // The thread is exiting and the message is gone: describe the status.
            match LAST_STATUS.get() {
                0 => c"".as_ptr(),
                code => status_texts(code).map_or(c"".as_ptr(), |(_, description)| description.as_ptr()),
            }
        })
    };
    match catch_panic("query", || Ok(message())) {
        Ok(message) => message,
        // The panic is now the last error: its message is in the slot.
        Err(error) => {
            set_last_error(&error);
            message()
        }
    }
}

/// The name of this thread's last outcome, e.g. "ES_KEY_IS_PUBLIC" or
/// "ES_OK". Static; never NULL.
#[no_mangle]
pub extern "C" fn es_last_error_name() -> *const c_char {
    let name = || status_texts(LAST_STATUS.get()).map_or(c"ES_PANIC".as_ptr(), |(name, _)| name.as_ptr());
    infallible("query", c"ES_PANIC".as_ptr(), name)
}

/// The name of `status`, e.g. "ES_KEY_IS_PUBLIC". Static; NULL for a number
/// that is no status.
#[no_mangle]
pub extern "C" fn es_status_name(status: es_status) -> *const c_char {
    infallible("query", ptr::null(), || status_texts(status.0).map_or(ptr::null(), |(name, _)| name.as_ptr()))
}

/// The category of `status`: whether it is a bad argument, a wrong type, a
/// rejected key or the library's failure. Bindings choose their exception
/// class by it.
#[no_mangle]
pub extern "C" fn es_status_category(status: es_status) -> es_category {
    infallible("query", es_category::ES_CATEGORY_LIBRARY, || {
        if status == es_status::ES_OK {
            return es_category::ES_CATEGORY_NONE;
        }
        ErrorKind::from_code(status.0).map_or(es_category::ES_CATEGORY_LIBRARY, |kind| kind.category().into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_constants_names_and_categories_match_the_core() {
        for &kind in ErrorKind::ALL {
            let status = es_status::from(kind);
            assert_eq!(status.0, kind.code(), "{kind:?}");
            assert_eq!(format!("{status:?}"), kind.name());
            let name = unsafe { CStr::from_ptr(es_status_name(status)) };
            assert_eq!(name.to_str().unwrap(), kind.name());
            assert_eq!(es_status_category(status), kind.category().into());
        }
        assert_eq!(es_status::ES_KEY_IS_PUBLIC, es_status(22));
        assert_eq!(unsafe { CStr::from_ptr(es_status_name(es_status::ES_OK)) }, c"ES_OK");
        assert_eq!(es_status_category(es_status::ES_OK), es_category::ES_CATEGORY_NONE);
        assert!(es_status_name(es_status(12345)).is_null());
        assert_eq!(es_status_category(es_status(12345)), es_category::ES_CATEGORY_LIBRARY);
    }

    #[test]
    fn es_category_is_the_cores_order_plus_one() {
        for (index, &category) in Category::ALL.iter().enumerate() {
            assert_eq!(es_category::from(category) as usize, index + 1, "{category:?}");
        }
    }
}
