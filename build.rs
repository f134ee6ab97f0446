//! Generates the C header from `src/ffi/` into `OUT_DIR`. The committed
//! copies in `include/` are checked against it by `tests/header.rs`, and
//! refreshed by `scripts/update-header`; a build never writes to the source tree.
//!
//! The `es_status` enum is written here from the error catalogue
//! (`src/catalogue.rs`), the same table `ErrorKind` comes from, so that a new
//! error kind reaches C, PHP and Ruby without a second list.

use std::fmt::Write as _;
use std::path::PathBuf;

include!("src/catalogue.rs");

macro_rules! c_status_enum {
    ($( $(#[doc = $doc:literal])* $kind:ident = $code:literal, $name:ident, $category:ident; )*) => {{
        let mut c = String::from(
            "/**\n * The outcome of a call: ES_OK (0) or the stable code of an error kind.\n * \
             es_status_category() says which kind of failure it is.\n */\ntypedef enum es_status {\n  \
             /**\n   * The call succeeded.\n   */\n  ES_OK = 0,\n",
        );
        $(
            let _ = write!(
                c,
                "  /**\n   * {} ({} error)\n   */\n  {} = {},\n",
                concat!($($doc),*).trim(),
                stringify!($category).to_lowercase(),
                stringify!($name),
                $code
            );
        )*
        c.push_str("} es_status;");
        c
    }};
}

fn main() {
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-changed=src/catalogue.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    // The version comes from Cargo.toml, so the header cannot disagree with es_version().
    let version = std::env::var("CARGO_PKG_VERSION").expect("CARGO_PKG_VERSION");
    let status_enum = for_each_error_kind!(c_status_enum);
    config.after_includes = Some(format!(
        "/** The version of this header; es_version() returns the library's. */\n#define ENGAGESPOT_TOKEN_VERSION \"{version}\"\n\n{status_enum}"
    ));

    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config.clone())
        .generate()
        .expect("cbindgen could not generate the header");
    bindings.write_to_file(out_dir.join("engagespot_token.h"));

    // PHP's FFI::cdef takes plain C declarations: no #include, no include
    // guard, no extern "C" block.
    let mut php = config;
    php.include_guard = None;
    php.cpp_compat = false;
    php.sys_includes.clear();
    // FFI::cdef parses no #define: the version stays out, the status enum in.
    php.after_includes = Some(status_enum);
    php.header = Some(
        "/* engagespot-token declarations for PHP FFI::cdef, derived from\n * engagespot_token.h by build.rs; do not edit. */"
            .to_owned(),
    );
    cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(php)
        .generate()
        .expect("cbindgen could not generate the PHP header")
        .write_to_file(out_dir.join("engagespot_token_ffi.h"));
}
