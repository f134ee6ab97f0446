//! With the test-only `fault-injection` feature, every fault site panics in
//! turn and every export must still return (NULL, or a value) with
//! `ES_PANIC` and a message in the error slot: nothing unwinds into the
//! caller. Panic messages must not carry key material.
//!
//! The list of exports is the committed C header's: an export without a
//! call here fails the test, so a new export cannot skip its fault site.
//! Run by scripts/test-faults: `cargo test --release --features fault-injection --test panic_boundary`.
#![cfg(feature = "fault-injection")]

use std::collections::BTreeSet;
use std::ffi::{CStr, CString};
use std::ptr;
use std::sync::{Arc, Mutex};

use engagespot_token::c_abi::*;

fn arm(site: Option<&str>) {
    match site {
        Some(site) => std::env::set_var("ENGAGESPOT_TOKEN_FAULT", site),
        None => std::env::remove_var("ENGAGESPOT_TOKEN_FAULT"),
    }
}

/// The functions the committed header declares.
fn header_exports() -> BTreeSet<String> {
    let header = std::fs::read_to_string(format!("{}/include/engagespot_token.h", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let body = &header[header.find("extern \"C\" {").expect("no extern \"C\" block")..];
    body.lines()
        .filter(|line| !line.starts_with([' ', '/', '*', '#']))
        .filter_map(|line| line.split('(').next()?.rsplit([' ', '*']).next())
        .filter(|name| name.starts_with("es_"))
        .map(str::to_owned)
        .collect()
}

/// Clears the error slot with a call that succeeds, so that an `ES_PANIC`
/// seen afterwards is the next call's own.
fn clear_slot() {
    let mut options = es_token_options_default();
    assert_eq!(unsafe { es_token_options_set(&mut options, 0, c"jti".as_ptr(), 3, 2, 0) }, es_status::ES_OK);
}

#[test]
fn every_export_in_the_header_reports_es_panic_and_never_unwinds() {
    let panics = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = Arc::clone(&panics);
    let report = std::panic::take_hook();
    // Injected panics are counted; any other (a failed assertion) is reported as usual.
    std::panic::set_hook(Box::new(move |info| match info.to_string() {
        message if message.contains("injected fault") => seen.lock().unwrap().push(message),
        _ => report(info),
    }));

    let pem = std::fs::read_to_string(format!("{}/tests/keys/rsa2048.pkcs8.pem", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let key = CString::new(pem.clone()).unwrap();
    let secret = c"s3cret-api-secret";
    let client = unsafe { es_client_new(c"k".as_ptr(), secret.as_ptr(), key.as_ptr()) };
    assert!(!client.is_null());
    let options = es_token_options_default();

    // (export, its fault site, a call that must come back with ES_PANIC recorded).
    type Call<'a> = Box<dyn Fn() + 'a>;
    let calls: Vec<(&str, &str, Call)> = vec![
        (
            "es_client_new",
            "client_new",
            Box::new(|| assert!(unsafe { es_client_new(c"k".as_ptr(), secret.as_ptr(), key.as_ptr()) }.is_null())),
        ),
        (
            "es_client_new_len",
            "client_new",
            Box::new(|| {
                assert!(
                    unsafe { es_client_new_len(c"k".as_ptr(), 1, ptr::null(), 0, key.as_ptr(), pem.len()) }.is_null()
                )
            }),
        ),
        ("es_client_clone", "client_new", Box::new(|| assert!(unsafe { es_client_clone(client) }.is_null()))),
        (
            "es_generate_user_token",
            "mint",
            Box::new(|| assert!(unsafe { es_generate_user_token(client, c"alice".as_ptr()) }.is_null())),
        ),
        (
            "es_generate_user_token_with_options",
            "mint",
            Box::new(|| {
                assert!(unsafe { es_generate_user_token_with_options(client, c"alice".as_ptr(), &options) }.is_null())
            }),
        ),
        (
            "es_generate_user_token_len",
            "mint",
            Box::new(|| {
                assert!(unsafe { es_generate_user_token_len(client, c"alice".as_ptr(), 5, &options) }.is_null())
            }),
        ),
        (
            "es_token_options_set",
            "options",
            Box::new(|| {
                let mut options = es_token_options_default();
                assert_eq!(
                    unsafe { es_token_options_set(&mut options, 0, c"jti".as_ptr(), 3, 2, 1) },
                    es_status::ES_PANIC
                );
                assert_eq!(options.include_jti, 0, "options unchanged by the failed call");
            }),
        ),
        (
            "es_free_string",
            "free",
            Box::new(|| {
                arm(None);
                let token = unsafe { es_generate_user_token(client, c"alice".as_ptr()) };
                assert!(!token.is_null(), "the client still works after caught panics");
                arm(Some("free"));
                unsafe { es_free_string(token) }
            }),
        ),
        (
            "es_client_free",
            "free",
            Box::new(|| {
                arm(None);
                let copy = unsafe { es_client_clone(client) };
                arm(Some("free"));
                unsafe { es_client_free(copy) }
            }),
        ),
        ("es_token_options_default", "query", Box::new(|| assert_eq!(es_token_options_default().expires_in, 3600))),
        ("es_token_options_size", "query", Box::new(|| assert_eq!(es_token_options_size(), 0))),
        (
            "es_token_options_init",
            "query",
            Box::new(|| {
                let mut options = es_token_options {
                    expires_in: 0,
                    issued_at: 0,
                    include_exp: 0,
                    use_issued_at: 0,
                    include_jti: 0,
                    include_iat: 0,
                };
                unsafe { es_token_options_init(&mut options) }
            }),
        ),
        ("es_wrong_type_error", "query", Box::new(|| assert_eq!(es_wrong_type_error(0), es_status::ES_PANIC))),
        ("es_invalid_utf8_error", "query", Box::new(|| assert_eq!(es_invalid_utf8_error(0), es_status::ES_PANIC))),
        (
            "es_option_given_twice_error",
            "query",
            Box::new(|| assert_eq!(unsafe { es_option_given_twice_error(1, c"jti".as_ptr(), 3) }, es_status::ES_PANIC)),
        ),
        ("es_constant", "query", Box::new(|| assert_eq!(unsafe { es_constant(c"ES_OK".as_ptr()) }, -1))),
        ("es_client_key_bits", "query", Box::new(|| assert_eq!(unsafe { es_client_key_bits(client) }, 0))),
        ("es_last_error_code", "query", Box::new(|| assert_eq!(es_last_error_code(), es_status::ES_PANIC))),
        (
            "es_last_error_message",
            "query",
            Box::new(|| {
                let message = unsafe { CStr::from_ptr(es_last_error_message()) }.to_str().unwrap();
                assert!(message.contains("panicked"), "{message}");
            }),
        ),
        (
            "es_last_error_name",
            "query",
            Box::new(|| assert_eq!(unsafe { CStr::from_ptr(es_last_error_name()) }, c"ES_PANIC")),
        ),
        ("es_status_name", "query", Box::new(|| assert!(es_status_name(es_status::ES_OK).is_null()))),
        (
            "es_status_category",
            "query",
            Box::new(|| assert_eq!(es_status_category(es_status::ES_OK), es_category::ES_CATEGORY_LIBRARY)),
        ),
        (
            "es_signing_key_variable",
            "query",
            Box::new(|| {
                assert_eq!(unsafe { CStr::from_ptr(es_signing_key_variable()) }, c"ENGAGESPOT_PRIVATE_SIGNING_KEY")
            }),
        ),
        (
            "es_api_key_variable",
            "query",
            Box::new(|| assert_eq!(unsafe { CStr::from_ptr(es_api_key_variable()) }, c"ENGAGESPOT_API_KEY")),
        ),
        (
            "es_api_secret_variable",
            "query",
            Box::new(|| assert_eq!(unsafe { CStr::from_ptr(es_api_secret_variable()) }, c"ENGAGESPOT_API_SECRET")),
        ),
        // 0 under a fault, where the answer is 1: the panic's value, not the rule's.
        ("es_takes_environment", "query", Box::new(|| assert_eq!(unsafe { es_takes_environment(ptr::null(), 0) }, 0))),
        (
            "es_version",
            "query",
            Box::new(|| assert_eq!(unsafe { CStr::from_ptr(es_version()) }.to_str(), Ok(env!("CARGO_PKG_VERSION")))),
        ),
    ];

    let covered: BTreeSet<String> = calls.iter().map(|(name, _, _)| (*name).to_owned()).collect();
    assert_eq!(
        covered,
        header_exports(),
        "every export of include/engagespot_token.h needs a call here, and only those"
    );

    for (name, site, call) in &calls {
        clear_slot();
        let before = panics.lock().unwrap().len();
        arm(Some(site));
        call();
        arm(None);
        let after = panics.lock().unwrap().len(); // the guard must not live into a failing assert
        assert_eq!(after, before + 1, "{name}: one panic, caught");
        assert_eq!(es_last_error_code(), es_status::ES_PANIC, "{name}");
        let message = unsafe { CStr::from_ptr(es_last_error_message()) }.to_str().unwrap();
        assert!(message.contains("panicked") && message.contains("bug"), "{name}: {message}");
    }
    unsafe { es_client_free(client) };

    let _ = std::panic::take_hook();
    let panics = panics.lock().unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    for message in panics.iter() {
        assert!(!message.contains("s3cret"), "{message}");
        for window in body.as_bytes().windows(16) {
            assert!(!message.contains(std::str::from_utf8(window).unwrap()), "panic message echoes key material");
        }
    }
}
