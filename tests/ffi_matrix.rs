//! Bad-input matrix: every C entry point gets NULLs, empty strings, invalid
//! UTF-8, 1 MiB strings and every rejected key kind, and must answer with its
//! specific code and a message that names no key material. Calls go through
//! the exported `extern "C"` functions, exactly as C would make them.

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use engagespot_token::c_abi::*;

const MIB: usize = 1 << 20;

fn key_file(name: &str) -> CString {
    let text = std::fs::read(format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    CString::new(text).unwrap()
}

fn last() -> (es_status, String) {
    let message = unsafe { CStr::from_ptr(es_last_error_message()) }.to_str().unwrap().to_owned();
    (es_last_error_code(), message)
}

/// Checks a failed call: NULL result, the code, a message that starts by
/// naming the argument at fault (`names`), no key material.
fn expect(result: *mut c_char, code: es_status, names: &str, case: &str, key: Option<&CString>) {
    let (got, message) = last();
    assert!(result.is_null(), "{case}: expected NULL");
    assert_eq!(got, code, "{case}: {message}");
    assert!(message.starts_with(&format!("{names} ")), "{case}: the message does not name {names}: {message:?}");
    let name = unsafe { CStr::from_ptr(es_last_error_name()) }.to_str().unwrap();
    assert_eq!(name, format!("{code:?}"), "{case}");
    if let Some(key) = key {
        let body: String = key.to_str().unwrap_or("").lines().filter(|l| !l.starts_with("-----")).collect();
        for window in body.as_bytes().windows(16) {
            assert!(!message.contains(std::str::from_utf8(window).unwrap()), "{case}: message echoes key material");
        }
    }
}

fn new_client(api_key: *const c_char, secret: *const c_char, key: *const c_char) -> *mut es_client {
    unsafe { es_client_new(api_key, secret, key) }
}

#[test]
fn es_client_new_matrix() {
    let good = key_file("rsa2048.pkcs8.pem");
    let huge = CString::new(vec![b'A'; MIB]).unwrap();
    let huge_pem =
        CString::new(format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", "A".repeat(MIB))).unwrap();
    let invalid = c"\xff\xfe\xfd";
    let cases: Vec<(&str, *const c_char, *const c_char, *const c_char, es_status)> = vec![
        ("NULL API key", ptr::null(), ptr::null(), good.as_ptr(), es_status::ES_API_KEY_MISSING),
        ("empty API key", c"".as_ptr(), ptr::null(), good.as_ptr(), es_status::ES_API_KEY_MISSING),
        ("invalid UTF-8 API key", invalid.as_ptr(), ptr::null(), good.as_ptr(), es_status::ES_INVALID_UTF8),
        ("invalid UTF-8 secret", c"k".as_ptr(), invalid.as_ptr(), good.as_ptr(), es_status::ES_INVALID_UTF8),
        ("NULL key", c"k".as_ptr(), ptr::null(), ptr::null(), es_status::ES_KEY_MISSING),
        ("empty key", c"k".as_ptr(), ptr::null(), c"".as_ptr(), es_status::ES_KEY_MISSING),
        ("blank key", c"k".as_ptr(), ptr::null(), c" \r\n\t ".as_ptr(), es_status::ES_KEY_MISSING),
        ("invalid UTF-8 key", c"k".as_ptr(), ptr::null(), invalid.as_ptr(), es_status::ES_INVALID_UTF8),
        ("1 MiB garbage key", c"k".as_ptr(), ptr::null(), huge.as_ptr(), es_status::ES_KEY_MALFORMED),
        ("1 MiB PEM body", c"k".as_ptr(), ptr::null(), huge_pem.as_ptr(), es_status::ES_KEY_MALFORMED),
        ("path", c"k".as_ptr(), ptr::null(), c"/run/secrets/engagespot.pem".as_ptr(), es_status::ES_KEY_IS_PATH),
        ("every argument NULL", ptr::null(), ptr::null(), ptr::null(), es_status::ES_API_KEY_MISSING),
    ];
    for (case, api_key, secret, key, code) in cases {
        let names = match case {
            _ if case.contains("API key") || case == "every argument NULL" => "API key",
            _ if case.contains("secret") => "API secret",
            _ => "signing key",
        };
        expect(new_client(api_key, secret, key).cast(), code, names, case, None);
    }
    let key_kinds = [
        ("rsa2048.pub.pem", es_status::ES_KEY_IS_PUBLIC),
        ("rsa2048.pkcs1-pub.pem", es_status::ES_KEY_IS_PUBLIC),
        ("rsa2048.cert.pem", es_status::ES_KEY_IS_PUBLIC),
        ("rsa2048.encrypted-pkcs8.pem", es_status::ES_KEY_ENCRYPTED),
        ("rsa2048.encrypted-pkcs1.pem", es_status::ES_KEY_ENCRYPTED),
        ("ec-p256.pkcs8.pem", es_status::ES_KEY_NOT_RSA),
        ("ec-p256.sec1.pem", es_status::ES_KEY_NOT_RSA),
        ("ed25519.pkcs8.pem", es_status::ES_KEY_NOT_RSA),
        ("rsa1024.pkcs8.pem", es_status::ES_KEY_TOO_SMALL),
        ("rsa8200.pkcs8.pem", es_status::ES_KEY_TOO_LARGE),
        ("rsa2048.3prime.pkcs8.pem", es_status::ES_KEY_UNSUPPORTED),
        ("rsa2048.e65bit.pkcs8.pem", es_status::ES_KEY_UNSUPPORTED),
    ];
    for (file, code) in key_kinds {
        let key = key_file(file);
        let result = new_client(c"k".as_ptr(), c"secret".as_ptr(), key.as_ptr());
        expect(result.cast(), code, "signing key", file, Some(&key));
    }
    let truncated = CString::new(&good.as_bytes()[..good.as_bytes().len() / 2]).unwrap();
    expect(
        new_client(c"k".as_ptr(), ptr::null(), truncated.as_ptr()).cast(),
        es_status::ES_KEY_MALFORMED,
        "signing key",
        "truncated",
        Some(&good),
    );

    let two_keys = CString::new([good.as_bytes(), key_file("rsa3072.pkcs8.pem").as_bytes()].concat()).unwrap();
    expect(
        new_client(c"k".as_ptr(), ptr::null(), two_keys.as_ptr()).cast(),
        es_status::ES_KEY_AMBIGUOUS,
        "signing key",
        "two keys",
        Some(&two_keys),
    );
    let missing = c"file:///nonexistent/engagespot-token/key.pem";
    expect(
        new_client(c"k".as_ptr(), ptr::null(), missing.as_ptr()).cast(),
        es_status::ES_KEY_FILE_UNREADABLE,
        "signing key",
        "file",
        None,
    );
    let uri = CString::new(format!("file://{}/tests/keys/rsa2048.pkcs8.pem", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let client = new_client(c"k".as_ptr(), ptr::null(), uri.as_ptr());
    assert!(!client.is_null(), "file:// key: {:?}", last());
    unsafe { es_client_free(client) };

    // A NUL inside the key, which only the length form can carry.
    let (text, at) = (good.as_bytes(), good.as_bytes().len() / 2);
    let with_nul = [&text[..at], b"\0", &text[at..]].concat();
    let client =
        unsafe { es_client_new_len(c"k".as_ptr(), 1, ptr::null(), 0, with_nul.as_ptr().cast(), with_nul.len()) };
    expect(client.cast(), es_status::ES_KEY_MALFORMED, "signing key", "NUL in key", Some(&good));
    assert!(last().1.contains("NUL byte"));

    // A 1 MiB API key is no API key (issue 20 item 5), and the key in its place is refused.
    let client = new_client(huge.as_ptr(), ptr::null(), good.as_ptr());
    expect(client.cast(), es_status::ES_API_KEY_INVALID, "API key", "1 MiB API key", None);
    // Past the core's text bound: refused by its length alone (src/bounds.rs).
    assert!(last().1.contains("over 65536 bytes long"));
    let client = new_client(good.as_ptr(), ptr::null(), good.as_ptr());
    expect(client.cast(), es_status::ES_API_KEY_HOLDS_PEM, "API key", "signing key as API key", Some(&good));
}

#[test]
fn token_functions_matrix() {
    let key = key_file("rsa2048.pkcs8.pem");
    let client = new_client(c"k".as_ptr(), ptr::null(), key.as_ptr());
    assert!(!client.is_null());
    let huge = CString::new(vec![b'x'; MIB]).unwrap();
    let invalid = c"\xc3\x28";
    let options = es_token_options_default();
    let bad_expiry = es_token_options { expires_in: 0, ..options };
    let huge_expiry = es_token_options { expires_in: i64::MAX, ..options };
    let bad_iat = es_token_options { use_issued_at: 1, issued_at: i64::MIN, ..options };
    let id = c"alice";
    type Mint = Box<dyn Fn() -> *mut c_char>;
    let cases: Vec<(&str, Mint, es_status)> = vec![
        (
            "NULL client",
            Box::new(|| unsafe { es_generate_user_token(ptr::null(), id.as_ptr()) }),
            es_status::ES_NULL_ARGUMENT,
        ),
        (
            "NULL identifier",
            Box::new(move || unsafe { es_generate_user_token(client, ptr::null()) }),
            es_status::ES_NULL_ARGUMENT,
        ),
        (
            "empty identifier",
            Box::new(move || unsafe { es_generate_user_token(client, c"".as_ptr()) }),
            es_status::ES_IDENTIFIER_EMPTY,
        ),
        (
            "invalid UTF-8",
            Box::new(move || unsafe { es_generate_user_token(client, invalid.as_ptr()) }),
            es_status::ES_INVALID_UTF8,
        ),
        (
            "1 MiB identifier",
            Box::new({
                let p = huge.as_ptr();
                move || unsafe { es_generate_user_token(client, p) }
            }),
            es_status::ES_IDENTIFIER_TOO_LONG,
        ),
        (
            "options: NULL client",
            Box::new(move || unsafe { es_generate_user_token_with_options(ptr::null(), id.as_ptr(), &options) }),
            es_status::ES_NULL_ARGUMENT,
        ),
        (
            "options: NULL identifier",
            Box::new(move || unsafe { es_generate_user_token_with_options(client, ptr::null(), &options) }),
            es_status::ES_NULL_ARGUMENT,
        ),
        (
            "options: zero expiry",
            Box::new(move || unsafe { es_generate_user_token_with_options(client, id.as_ptr(), &bad_expiry) }),
            es_status::ES_INVALID_EXPIRY,
        ),
        (
            "options: overflowing expiry",
            Box::new(move || unsafe { es_generate_user_token_with_options(client, id.as_ptr(), &huge_expiry) }),
            es_status::ES_INVALID_EXPIRY,
        ),
        (
            "options: negative iat",
            Box::new(move || unsafe { es_generate_user_token_with_options(client, id.as_ptr(), &bad_iat) }),
            es_status::ES_INVALID_ISSUED_AT,
        ),
        (
            "len: NULL client",
            Box::new(move || unsafe { es_generate_user_token_len(ptr::null(), id.as_ptr(), 5, ptr::null()) }),
            es_status::ES_NULL_ARGUMENT,
        ),
        (
            "len: NULL identifier",
            Box::new(move || unsafe { es_generate_user_token_len(client, ptr::null(), 5, ptr::null()) }),
            es_status::ES_NULL_ARGUMENT,
        ),
        (
            "len: zero length",
            Box::new(move || unsafe { es_generate_user_token_len(client, id.as_ptr(), 0, ptr::null()) }),
            es_status::ES_IDENTIFIER_EMPTY,
        ),
        (
            "len: NUL inside",
            Box::new(move || unsafe { es_generate_user_token_len(client, b"a\0b".as_ptr().cast(), 3, ptr::null()) }),
            es_status::ES_IDENTIFIER_INVALID,
        ),
        (
            "len: invalid UTF-8",
            Box::new(move || unsafe { es_generate_user_token_len(client, invalid.as_ptr(), 2, ptr::null()) }),
            es_status::ES_INVALID_UTF8,
        ),
        (
            "len: 1 MiB",
            Box::new({
                let p = huge.as_ptr();
                move || unsafe { es_generate_user_token_len(client, p, MIB, ptr::null()) }
            }),
            es_status::ES_IDENTIFIER_TOO_LONG,
        ),
    ];
    for (case, mint, code) in cases {
        let names = match code {
            _ if case.ends_with("NULL client") => "client",
            es_status::ES_INVALID_EXPIRY => "expires-in",
            es_status::ES_INVALID_ISSUED_AT => "issued-at time",
            _ => "user identifier",
        };
        expect(mint(), code, names, case, Some(&key));
    }
    // The slot clears after a success; freeing NULL is a no-op.
    let token = unsafe { es_generate_user_token(client, id.as_ptr()) };
    assert!(!token.is_null());
    assert_eq!(last(), (es_status::ES_OK, String::new()));
    unsafe {
        es_free_string(token);
        es_free_string(ptr::null_mut());
        es_client_free(ptr::null_mut());
        es_client_free(client);
    }
    assert_eq!(unsafe { CStr::from_ptr(es_version()) }.to_str(), Ok(env!("CARGO_PKG_VERSION")));
}

#[test]
fn errors_are_per_thread() {
    let _ = unsafe { es_generate_user_token(ptr::null(), ptr::null()) };
    assert_eq!(es_last_error_code(), es_status::ES_NULL_ARGUMENT);
    std::thread::spawn(|| assert_eq!(es_last_error_code(), es_status::ES_OK)).join().unwrap();
    assert_eq!(es_last_error_code(), es_status::ES_NULL_ARGUMENT);
}
