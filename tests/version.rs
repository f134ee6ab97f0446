//! One version number everywhere: the crates, es_version(), the C header, the
//! npm package, the PHP wrapper's Library::VERSION and the Ruby gem's VERSION.
//! Platform packages, the Composer archive's "version" and the CMake and
//! pkg-config files are generated from Cargo.toml by scripts/package.

use std::ffi::CStr;
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text between `prefix` and the next `end` on the first line holding `prefix`.
fn field<'a>(text: &'a str, prefix: &str, end: char, file: &str) -> &'a str {
    let start = text.find(prefix).unwrap_or_else(|| panic!("{file}: no `{prefix}`")) + prefix.len();
    let rest = &text[start..];
    &rest[..rest.find(end).unwrap_or_else(|| panic!("{file}: unterminated `{prefix}`"))]
}

#[test]
fn every_package_has_the_crate_version() {
    let version = env!("CARGO_PKG_VERSION");
    // SAFETY: es_version returns a static NUL-terminated string.
    let native = unsafe { CStr::from_ptr(engagespot_token::c_abi::es_version()) }.to_str().unwrap();
    let node: serde_json::Value = serde_json::from_str(&read("bindings/node/package.json")).unwrap();
    let cli = read("cli/Cargo.toml");
    let header = read("include/engagespot_token.h");
    let library_php = read("bindings/php/src/Library.php");
    let ruby = read("bindings/ruby/lib/engagespot_token/version.rb");
    let found = [
        ("engagespot_token::VERSION", engagespot_token::VERSION),
        ("es_version()", native),
        ("cli/Cargo.toml version", field(&cli, "\nversion = \"", '"', "cli/Cargo.toml")),
        ("cli/Cargo.toml engagespot-token dependency", field(&cli, "version = \"=", '"', "cli/Cargo.toml")),
        ("include/engagespot_token.h", field(&header, "#define ENGAGESPOT_TOKEN_VERSION \"", '"', "header")),
        ("bindings/node/package.json", node["version"].as_str().unwrap_or("missing")),
        ("bindings/php/src/Library.php", field(&library_php, "public const VERSION = '", '\'', "Library.php")),
        ("bindings/ruby/lib/engagespot_token/version.rb", field(&ruby, "VERSION = \"", '"', "version.rb")),
    ];
    for (place, found) in found {
        assert_eq!(found, version, "{place} says {found}, Cargo.toml says {version}");
    }
}
