//! The WebAssembly module's protocol with its JavaScript glue: the tags of
//! the fields the glue writes into the module's inbox, the statuses the
//! exports return, and the numbers of the error-building exports' arguments.
//! The module (bindings/wasm) uses these constants; the glue
//! (bindings/node/wasm.js) reads them from `bindings/node/rules.js`, which
//! tests/generated.rs writes from [`CONSTANTS`], so no number is matched by
//! hand. Categories travel as their index in [`crate::Category::ALL`]. A leaf
//! module, apart from the limits it lists.

use crate::limits::JTI_BYTES;

macro_rules! protocol {
    ($( $(#[doc = $doc:literal])* $name:ident: $type:ty = $value:expr; )*) => {
        $( $(#[doc = $doc])* pub const $name: $type = $value; )*

        /// Every constant of the protocol as (name, value, description), for
        /// the generated glue: the constants above, and the limits the glue needs.
        pub const CONSTANTS: &[(&str, i64, &str)] = &[
            $( (stringify!($name), $value as i64, concat!($($doc),*)), )*
            ("JTI_BYTES", JTI_BYTES as i64, " Bytes of randomness in a `jti`, which the host supplies."),
        ];
    };
}

protocol! {
    /// Field tag: null or undefined.
    FIELD_ABSENT: u8 = 0;
    /// Field tag: a JavaScript string, as UTF-16LE code units.
    FIELD_UTF16: u8 = 1;
    /// Field tag: bytes of UTF-8 text.
    FIELD_UTF8: u8 = 2;
    /// Field tag: a value of the wrong type.
    FIELD_WRONG_TYPE: u8 = 3;
    /// Field tag: the contents of a `file://` key's file, as the host read them.
    FIELD_FILE: u8 = 4;
    /// Field tag: the `file://` key names something other than a regular file.
    FIELD_NOT_A_FILE: u8 = 5;
    /// Field tag: the host could not read the file; the data is its reason.
    FIELD_FILE_UNREADABLE: u8 = 6;
    /// Field tag: the config or the options object is there (their fields follow).
    FIELD_PRESENT: u8 = 7;
    /// Field tag: well-formed text of more than `MAX_TEXT_BYTES` bytes, not
    /// copied: the core refuses it by its length alone (`over_bound`) where
    /// it checks that argument; an API secret of any length is accepted (the
    /// core never reads it).
    FIELD_OVERSIZED: u8 = 8;
    /// Option value tag (after the option's name, a `FIELD_UTF16` field): null.
    OPTION_NULL: u8 = 0;
    /// Option value tag: `false`.
    OPTION_FALSE: u8 = 1;
    /// Option value tag: `true`.
    OPTION_TRUE: u8 = 2;
    /// Option value tag: a number; eight bytes of little-endian f64 follow.
    OPTION_NUMBER: u8 = 3;
    /// Option value tag: any other value.
    OPTION_OTHER: u8 = 4;
    /// Option value tag: an integer (a bigint, clamped to 64 bits); eight bytes of little-endian i64 follow.
    OPTION_INTEGER: u8 = 5;
    /// The call succeeded; the outbox holds the result.
    STATUS_OK: i32 = 0;
    /// The call failed; the outbox holds the error.
    STATUS_ERROR: i32 = -1;
    /// The key is a `file://` URI: the outbox holds the path; call again with the file's field after the key.
    STATUS_NEEDS_FILE: i32 = -2;
    /// The token needs a `jti`: call again with `JTI_BYTES` random bytes after the options.
    STATUS_NEEDS_RANDOM: i32 = -3;
    /// `es_error_property_threw`'s `what`: reading an option threw.
    WHAT_OPTIONS: u32 = 0;
    /// `es_error_property_threw`'s `what`: reading the config threw.
    WHAT_CONFIG: u32 = 1;
}
