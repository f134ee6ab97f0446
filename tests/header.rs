//! The committed headers in `include/` must equal what cbindgen generates from
//! the current source. Run `scripts/update-header` after changing `src/ffi/`.

use std::path::Path;

fn check(name: &str, generated: &str) {
    let committed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include").join(name);
    if std::env::var_os("ES_UPDATE_HEADER").is_some() {
        // Written beside and renamed, so that the test reading the header meanwhile never sees it half written.
        let temporary = committed_path.with_extension("h.new");
        std::fs::write(&temporary, generated).expect("write header");
        std::fs::rename(&temporary, &committed_path).expect("replace header");
        return;
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        committed == generated,
        "include/{name} is stale: it differs from what cbindgen generates from src/ffi/. \
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

/// `es_constant` gives every enumerator of the committed header its value, so
/// that bindings which cannot read C (Ruby) take the values from the library.
#[test]
fn es_constant_knows_every_enumerator_of_the_header() {
    let header =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("include/engagespot_token.h")).unwrap();
    let mut count = 0;
    for body in header.split("typedef enum ").skip(1) {
        let body = &body[..body.find('}').expect("unterminated enum")];
        for line in body.lines().map(str::trim) {
            let Some((name, value)) = line.strip_suffix(',').and_then(|l| l.split_once(" = ")) else { continue };
            let c_name = std::ffi::CString::new(name).unwrap();
            let value: i32 = value.parse().unwrap();
            assert_eq!(unsafe { engagespot_token::c_abi::es_constant(c_name.as_ptr()) }, value, "{name}");
            count += 1;
        }
    }
    assert!(count > 30, "only {count} enumerators found in the header");
    assert_eq!(unsafe { engagespot_token::c_abi::es_constant(c"ES_NOPE".as_ptr()) }, -1);
    assert_eq!(unsafe { engagespot_token::c_abi::es_constant(std::ptr::null()) }, -1);
}
