//! With the test-only `fault-injection` feature, every fault site panics in
//! turn and every export must still return (NULL, or a value) with
//! `ES_PANIC` and a message in the error slot: nothing unwinds into the
//! caller. Panic messages must not carry key material.
//! Run by scripts/test-faults: `cargo test --release --features fault-injection --test panic_boundary`.
#![cfg(feature = "fault-injection")]

use std::ffi::{CStr, CString};
use std::ptr;
use std::sync::{Arc, Mutex};

use engagespot_token::ffi::*;

fn arm(site: Option<&str>) {
    match site {
        Some(site) => std::env::set_var("ENGAGESPOT_TOKEN_FAULT", site),
        None => std::env::remove_var("ENGAGESPOT_TOKEN_FAULT"),
    }
}

fn assert_panic_reported(what: &str) {
    assert_eq!(es_last_error_code(), es_status::ES_PANIC, "{what}");
    let message = unsafe { CStr::from_ptr(es_last_error_message()) }.to_str().unwrap();
    assert!(message.contains("panicked") && message.contains("bug"), "{what}: {message}");
}

#[test]
fn every_export_reports_es_panic_and_never_unwinds() {
    let panics = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = Arc::clone(&panics);
    std::panic::set_hook(Box::new(move |info| seen.lock().unwrap().push(info.to_string())));

    let pem = std::fs::read_to_string(format!("{}/tests/keys/rsa2048.pkcs8.pem", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let key = CString::new(pem.clone()).unwrap();
    let secret = c"s3cret-api-secret";

    arm(Some("client_new"));
    assert!(unsafe { es_client_new(c"k".as_ptr(), secret.as_ptr(), key.as_ptr()) }.is_null());
    assert_panic_reported("es_client_new");
    assert!(unsafe { es_client_new_len(c"k".as_ptr(), 1, ptr::null(), 0, key.as_ptr(), pem.len()) }.is_null());
    assert_panic_reported("es_client_new_len");

    arm(None);
    let client = unsafe { es_client_new(c"k".as_ptr(), secret.as_ptr(), key.as_ptr()) };
    assert!(!client.is_null());
    let options = es_token_options_default();

    arm(Some("mint"));
    assert!(unsafe { es_generate_user_token(client, c"alice".as_ptr()) }.is_null());
    assert_panic_reported("es_generate_user_token");
    assert!(unsafe { es_generate_user_token_with_options(client, c"alice".as_ptr(), &options) }.is_null());
    assert_panic_reported("es_generate_user_token_with_options");
    assert!(unsafe { es_generate_user_token_len(client, c"alice".as_ptr(), 5, &options) }.is_null());
    assert_panic_reported("es_generate_user_token_len");

    arm(Some("options"));
    let mut options = es_token_options_default();
    let status = unsafe { es_token_options_set(&mut options, 0, c"jti".as_ptr(), 3, 2, 1) };
    assert_eq!(status, es_status::ES_PANIC);
    assert_panic_reported("es_token_options_set");
    assert_eq!(options.include_jti, 0, "options unchanged by the failed call");

    arm(Some("client_new"));
    assert!(unsafe { es_client_clone(client) }.is_null());
    assert_panic_reported("es_client_clone");

    arm(None);
    let token = unsafe { es_generate_user_token(client, c"alice".as_ptr()) };
    assert!(!token.is_null(), "the client still works after caught panics");

    arm(Some("free"));
    unsafe { es_free_string(token) };
    assert_panic_reported("es_free_string");
    unsafe { es_client_free(client) };
    assert_panic_reported("es_client_free");
    arm(None);

    // The read-only exports cannot reach a fault site; they still answer.
    assert_eq!(unsafe { CStr::from_ptr(es_version()) }.to_str(), Ok(env!("CARGO_PKG_VERSION")));
    assert_eq!(unsafe { CStr::from_ptr(es_last_error_name()) }, c"ES_PANIC");
    unsafe { es_free_string(ptr::null_mut()) };

    let _ = std::panic::take_hook();
    let panics = panics.lock().unwrap();
    assert_eq!(panics.len(), 9, "one panic per armed call: {panics:?}");
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    for message in panics.iter() {
        assert!(!message.contains("s3cret"), "{message}");
        for window in body.as_bytes().windows(16) {
            assert!(!message.contains(std::str::from_utf8(window).unwrap()), "panic message echoes key material");
        }
    }
}
