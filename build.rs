//! Generates the C header from `src/ffi.rs` into `OUT_DIR`. The committed
//! copies in `include/` are checked against it by `tests/header.rs`, and
//! refreshed by `scripts/update-header`; a build never writes to the source tree.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src/ffi.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml");
    // The version comes from Cargo.toml, so the header cannot disagree with es_version().
    let version = std::env::var("CARGO_PKG_VERSION").expect("CARGO_PKG_VERSION");
    config.after_includes = Some(format!(
        "/** The version of this header; es_version() returns the library's. */\n#define ENGAGESPOT_TOKEN_VERSION \"{version}\""
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
    php.after_includes = None;
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
