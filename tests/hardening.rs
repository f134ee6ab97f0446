//! Issue 20 (hardening, round 3), through the Rust API: each test is an input
//! the third adversarial pass found mishandled, and its outcome now. Tokens
//! are verified with jsonwebtoken against the public key openssl wrote.

use std::path::Path;

use engagespot_token::{Client, ErrorKind, OptionNaming, OptionValue, TokenOptions};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;

const API_KEY: &str = "demo-api-key";

fn keys() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keys")
}

fn key_text(name: &str) -> String {
    std::fs::read_to_string(keys().join(name)).unwrap()
}

fn claims(token: &str) -> Value {
    let key = DecodingKey::from_rsa_pem(key_text("rsa2048.pub.pem").as_bytes()).unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    jsonwebtoken::decode::<Value>(token, &key, &validation).unwrap().claims
}

/// 16-character windows of the key's base64 body: none may appear in a message.
fn key_windows(pem: &str) -> Vec<String> {
    let body: Vec<char> = pem.lines().filter(|l| !l.starts_with("-----")).collect::<String>().chars().collect();
    body.windows(16).map(|w| w.iter().collect()).collect()
}

/// Issue 20 item 5: the signing key passed as the API key would be copied
/// into every token. Compared by name, so that the test builds (and fails)
/// on code that lacks the kind.
#[test]
fn an_api_key_holding_pem_text_is_refused_without_quoting_it() {
    let pem = key_text("rsa2048.pkcs8.pem");
    let escaped = pem.trim().replace('\n', "\\n");
    for (case, api_key) in [
        ("PEM", pem.as_str()),
        ("PEM with \\n escapes", escaped.as_str()),
        ("a public key", &key_text("rsa2048.pub.pem")),
    ] {
        let error = Client::new(api_key, None, &pem).unwrap_err();
        assert_eq!(error.kind().name(), "ES_API_KEY_HOLDS_PEM", "{case}: {error}");
        assert!(error.message().starts_with("API key holds PEM text"), "{case}: {error}");
        for window in key_windows(api_key) {
            assert!(!error.message().contains(&window), "{case}: the message quotes the key");
        }
    }
}

/// Issue 20 item 5: line breaks and lengths no Engagespot API key has.
#[test]
fn an_api_key_with_a_line_break_or_over_256_bytes_is_refused() {
    let pem = key_text("rsa2048.pkcs8.pem");
    for (api_key, hint) in [
        ("key\nsecond-line", "line break"),
        ("key\r", "line break"),
        ("tab\tkey", "control character"),
        (&*"k".repeat(257), "257 bytes long; at most 256"),
    ] {
        let error = Client::new(api_key, None, &pem).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::ApiKeyInvalid, "{api_key:?}: {error}");
        assert!(error.message().contains(hint), "{api_key:?}: {error}");
        assert!(!error.message().contains(api_key), "the message quotes the API key");
    }
    let longest = "k".repeat(256);
    let token = Client::new(&longest, None, &pem).unwrap().generate_user_token("u").unwrap();
    assert_eq!(claims(&token)["apiKey"], longest.as_str());
}

/// Issue 20 item 8: a byte-order mark before `file://` is stripped, as it is
/// before key text, instead of calling the URI a path.
#[test]
fn a_byte_order_mark_before_a_file_uri_is_stripped() {
    let uri = format!("\u{feff}file://{}", keys().join("rsa2048.pkcs8.pem").display());
    let client = Client::new(API_KEY, None, &uri).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(claims(&client.generate_user_token("bom").unwrap())["sub"], "user:bom");
}

/// Issue 20 item 9: a NUL in a `file://` path is refused with its own message,
/// which shows the NUL escaped, so that no caller can print a path that was
/// never tried (the C ABI's messages cannot carry a NUL).
#[test]
fn a_nul_in_a_file_uri_path_is_refused_with_its_own_message() {
    let path = keys().join("rsa2048.pkcs8.pem");
    let uri = format!("file://{}\0/../../etc/passwd", path.display());
    let error = Client::new(API_KEY, None, &uri).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::KeyFileUnreadable, "{error}");
    assert!(error.message().contains("contains a NUL byte"), "{error}");
    assert!(error.message().contains(&format!("{}\\0/../../etc/passwd", path.display())), "{error}");
    assert!(!error.message().contains('\0'));
}

/// Issue 20 item 7: a whole number too large for the lifetime is "too
/// large" (the range error minting gives), not "a fraction, NaN or infinity".
#[test]
fn a_huge_whole_expires_in_is_out_of_range_not_a_fraction() {
    let client = Client::new(API_KEY, None, &key_text("rsa2048.pkcs8.pem")).unwrap();
    for value in [1e300, 1e19, -1e300] {
        let mut options = TokenOptions { issued_at: Some(1000), ..TokenOptions::default() };
        let error = options
            .set(OptionNaming::SnakeCase, "expires_in", OptionValue::Number(value))
            .and_then(|()| client.generate_user_token_with("u", &options))
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidExpiry, "{value}: {error}");
        assert!(error.message().contains("from 1 to"), "{value}: {error}");
        assert!(!error.message().contains("fraction"), "{value}: {error}");
    }
    let mut options = TokenOptions::default();
    let error = options
        .set(OptionNaming::SnakeCase, "issued_at", OptionValue::Number(1e300))
        .and_then(|()| client.generate_user_token_with("u", &options).map(drop));
    assert!(error.unwrap_err().message().contains("unix seconds from 0 to"));
}

/// Issue 20 item 4: a FIFO named by a `file://` key is refused without
/// blocking, whether or not a writer ever comes (the check is made on the
/// opened file, so that no swap between a check and the open can block).
#[test]
fn a_fifo_key_file_is_refused_without_blocking() {
    let dir = std::env::temp_dir().join(format!("engagespot-token-{}-fifo", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("key.pem");
    let _ = std::fs::remove_file(&fifo);
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let error = Client::new(API_KEY, None, &format!("file://{}", fifo.display())).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::KeyFileUnreadable, "{error}");
    assert!(error.message().ends_with("it is not a regular file"), "{error}");
    std::fs::remove_dir_all(dir).unwrap();
}
