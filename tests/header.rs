//! The committed headers in `include/` must equal what cbindgen generates from
//! the current source. Run `scripts/update-header` after changing `src/ffi.rs`.

use std::path::Path;

fn check(name: &str, generated: &str) {
    let committed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include").join(name);
    if std::env::var_os("ES_UPDATE_HEADER").is_some() {
        std::fs::write(&committed_path, generated).expect("write header");
        return;
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        committed == generated,
        "include/{name} is stale: it differs from what cbindgen generates from src/ffi.rs. \
         Run scripts/update-header and commit the result."
    );
}

#[test]
fn c_header_is_current() {
    check("engagespot_token.h", include_str!(concat!(env!("OUT_DIR"), "/engagespot_token.h")));
}

#[test]
fn php_ffi_header_is_current() {
    check("engagespot_token_ffi.h", include_str!(concat!(env!("OUT_DIR"), "/engagespot_token_ffi.h")));
}
