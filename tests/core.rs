//! The token contract, key intake and errors, through the Rust API.
//! Tokens are verified with jsonwebtoken against the public key that openssl
//! wrote, not the key pair that signed them.

use std::path::Path;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use engagespot_token::{cache, Client, ErrorKind, KeyEncoding, KeyFormat, TokenOptions};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;

const API_KEY: &str = "demo-api-key";

fn key_text(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keys").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn client(name: &str) -> Client {
    Client::new(API_KEY, Some("the-api-secret"), &key_text(name)).unwrap()
}

/// Verifies signature and expiry with the openssl-written public key and
/// returns the claims.
fn verify(token: &str, public_pem: &str) -> Value {
    let key = DecodingKey::from_rsa_pem(key_text(public_pem).as_bytes()).unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.required_spec_claims.clear();
    validation.validate_exp = token_payload(token).get("exp").is_some();
    jsonwebtoken::decode::<Value>(token, &key, &validation).unwrap().claims
}

fn token_payload(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn payload_text(token: &str) -> String {
    String::from_utf8(URL_SAFE_NO_PAD.decode(token.split('.').nth(1).unwrap()).unwrap()).unwrap()
}

fn at(iat: i64) -> TokenOptions {
    TokenOptions { issued_at: Some(iat), ..TokenOptions::default() }
}

#[test]
fn default_token_has_documented_header_claims_and_order() {
    let client = client("rsa2048.pkcs8.pem");
    let before = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let token = client.generate_user_token("alice").unwrap();
    let after = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;

    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    assert!(!token.contains('='), "base64url without padding");
    assert_eq!(URL_SAFE_NO_PAD.decode(parts[0]).unwrap(), br#"{"alg":"RS256","typ":"JWT"}"#);
    assert_eq!(URL_SAFE_NO_PAD.decode(parts[2]).unwrap().len(), 256);

    let claims = verify(&token, "rsa2048.pub.pem");
    let iat = claims["iat"].as_i64().unwrap();
    assert!((before..=after).contains(&iat));
    assert_eq!(
        payload_text(&token),
        format!(r#"{{"sub":"user:alice","apiKey":"demo-api-key","iat":{iat},"exp":{}}}"#, iat + 3600)
    );
}

#[test]
fn matches_the_fixed_vector_made_by_openssl() {
    let expected = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/rsa2048-alice-1700000000.jwt"),
    )
    .unwrap();
    let token = client("rsa2048.pkcs8.pem").generate_user_token_with("alice@example.com", &at(1_700_000_000)).unwrap();
    assert_eq!(token, expected.trim());
    // The same key as PKCS#1 gives the same bytes.
    let pkcs1 = client("rsa2048.pkcs1.pem").generate_user_token_with("alice@example.com", &at(1_700_000_000)).unwrap();
    assert_eq!(pkcs1, token);
}

#[test]
fn options_change_expiry_iat_and_jti() {
    let client = client("rsa2048.pkcs8.pem");
    let no_exp = client.generate_user_token_with("bob", &TokenOptions { expires_in: None, ..at(1_000) }).unwrap();
    assert_eq!(payload_text(&no_exp), r#"{"sub":"user:bob","apiKey":"demo-api-key","iat":1000}"#);

    let short = client.generate_user_token_with("bob", &TokenOptions { expires_in: Some(600), ..at(2_000) }).unwrap();
    assert_eq!(payload_text(&short), r#"{"sub":"user:bob","apiKey":"demo-api-key","iat":2000,"exp":2600}"#);

    let with_jti = TokenOptions { jti: true, ..at(3_000) };
    let (a, b) = (
        client.generate_user_token_with("bob", &with_jti).unwrap(),
        client.generate_user_token_with("bob", &with_jti).unwrap(),
    );
    assert_ne!(a, b, "jti makes tokens of the same second differ");
    let jti = token_payload(&a)["jti"].as_str().unwrap().to_owned();
    assert_eq!(URL_SAFE_NO_PAD.decode(&jti).unwrap().len(), 16);
    assert!(payload_text(&a).ends_with(&format!(r#""exp":6600,"jti":"{jti}"}}"#)));

    let same = client.generate_user_token_with("bob", &at(4_000)).unwrap();
    assert_eq!(same, client.generate_user_token_with("bob", &at(4_000)).unwrap(), "reproducible with a fixed iat");
}

#[test]
fn bad_options_are_rejected() {
    let client = client("rsa2048.pkcs8.pem");
    let cases = [
        (TokenOptions { expires_in: Some(0), ..TokenOptions::default() }, ErrorKind::InvalidExpiry),
        (TokenOptions { expires_in: Some(-1), ..TokenOptions::default() }, ErrorKind::InvalidExpiry),
        (TokenOptions { expires_in: Some(i64::MAX), ..TokenOptions::default() }, ErrorKind::InvalidExpiry),
        (TokenOptions { issued_at: Some(-1), ..TokenOptions::default() }, ErrorKind::InvalidIssuedAt),
        (TokenOptions { issued_at: Some(1 << 53), ..TokenOptions::default() }, ErrorKind::InvalidIssuedAt),
    ];
    for (options, kind) in cases {
        let error = client.generate_user_token_with("x", &options).unwrap_err();
        assert_eq!(error.kind(), kind, "{options:?}");
        // The message names the option at fault.
        let names = if kind == ErrorKind::InvalidExpiry { "expires-in" } else { "issued-at" };
        assert!(error.message().starts_with(names), "{options:?}: {}", error.message());
    }
}

#[test]
fn awkward_identifiers_are_escaped_and_kept_byte_for_byte() {
    let client = client("rsa2048.pkcs8.pem");
    let long = "é".repeat(512); // 1024 bytes
    let identifiers = [
        "a\"quoted\"\\back\\slash",
        "\u{0}\u{1}\u{1f}\n\r\t control",
        "line\u{2028}para\u{2029}",
        "emoji 😀👩‍👩‍👧 and </script><script>alert(1)</script>",
        "  spaces kept  ",
        "NFD e\u{301} vs NFC \u{e9}",
        "\u{feff}bom",
        long.as_str(),
    ];
    for identifier in identifiers {
        if identifier.contains('\0') {
            assert_eq!(client.generate_user_token(identifier).unwrap_err().kind(), ErrorKind::IdentifierInvalid);
            continue;
        }
        let token = client.generate_user_token(identifier).unwrap();
        let claims = verify(&token, "rsa2048.pub.pem");
        assert_eq!(claims["sub"].as_str().unwrap(), format!("user:{identifier}"));
        let text = payload_text(&token);
        // Escaped exactly as JSON.stringify does (U+2028/U+2029 kept raw), so
        // that tokens match the official Node SDK's byte for byte.
        let sub = serde_json::to_string(&format!("user:{identifier}")).unwrap();
        assert!(text.starts_with(&format!("{{\"sub\":{sub},")), "{text}");
    }
    // Control characters other than NUL are fine.
    let token = client.generate_user_token("\u{1}\u{1f}\n").unwrap();
    assert_eq!(verify(&token, "rsa2048.pub.pem")["sub"], "user:\u{1}\u{1f}\n");
}

#[test]
fn identifier_limits() {
    let client = client("rsa2048.pkcs8.pem");
    assert_eq!(client.generate_user_token("").unwrap_err().kind(), ErrorKind::IdentifierEmpty);
    assert!(client.generate_user_token(&"x".repeat(1024)).is_ok());
    let error = client.generate_user_token(&"x".repeat(1025)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::IdentifierTooLong);
    assert!(error.message().contains("1025"));
}

#[test]
fn api_key_is_required_and_escaped() {
    let pem = key_text("rsa2048.pkcs8.pem");
    assert_eq!(Client::new("", None, &pem).unwrap_err().kind(), ErrorKind::ApiKeyMissing);
    assert_eq!(Client::new("a\0b", None, &pem).unwrap_err().kind(), ErrorKind::ApiKeyInvalid);
    let client = Client::new("k\"ey", Some(""), &pem).unwrap();
    let token = client.generate_user_token("u").unwrap();
    assert_eq!(verify(&token, "rsa2048.pub.pem")["apiKey"], "k\"ey");
}

#[test]
fn every_supported_size_and_format_signs_verifiable_tokens() {
    for bits in [2048, 3072, 4096] {
        for (format, expected) in [("pkcs1", KeyFormat::Pkcs1), ("pkcs8", KeyFormat::Pkcs8)] {
            let client = client(&format!("rsa{bits}.{format}.pem"));
            assert_eq!(client.key_info().bits, bits);
            assert_eq!(client.key_info().format, expected);
            let token = client.generate_user_token("sized").unwrap();
            assert_eq!(verify(&token, &format!("rsa{bits}.pub.pem"))["sub"], "user:sized");
        }
    }
}

#[test]
fn environment_forms_of_the_key_are_accepted() {
    let pem = key_text("rsa2048.pkcs8.pem");
    let reference = client("rsa2048.pkcs8.pem").generate_user_token_with("env", &at(5)).unwrap();
    let escaped = pem.trim_end().replace('\n', "\\n");
    let forms = [
        (escaped.clone(), KeyEncoding::EscapedNewlines),
        (pem.replace('\n', "\r\n"), KeyEncoding::Pem),
        (pem.trim_end().replace('\n', "\\r\\n"), KeyEncoding::EscapedNewlines),
        (format!("\n\t  {pem}  \n\n"), KeyEncoding::Pem),
        (format!("\"{escaped}\""), KeyEncoding::EscapedNewlines),
        (format!("'{pem}'"), KeyEncoding::Pem),
        (pem.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n"), KeyEncoding::Pem),
        (STANDARD.encode(&pem), KeyEncoding::Base64Pem),
        (format!("  {}\n", STANDARD.encode(pem.replace('\n', "\r\n"))), KeyEncoding::Base64Pem),
        (STANDARD.encode(&escaped), KeyEncoding::Base64Pem),
        (format!("\u{feff}{}", pem.replace('\n', "\r\n")), KeyEncoding::Pem),
    ];
    for (text, encoding) in forms {
        let client = Client::new(API_KEY, None, &text).unwrap_or_else(|e| panic!("{encoding:?}: {e}"));
        assert_eq!(client.key_info().encoding, encoding);
        assert_eq!(client.generate_user_token_with("env", &at(5)).unwrap(), reference);
    }
    let crlf = Client::new(API_KEY, None, &pem.replace('\n', "\r\n")).unwrap();
    assert!(crlf.key_info().had_crlf);
    let padded = Client::new(API_KEY, None, &format!(" {pem} ")).unwrap();
    assert!(padded.key_info().had_surrounding_whitespace);
}

#[test]
fn a_certificate_chain_with_a_key_uses_the_key() {
    let text = format!("{}{}", key_text("rsa2048.cert.pem"), key_text("rsa2048.pkcs1.pem"));
    let client = Client::new(API_KEY, None, &text).unwrap();
    verify(&client.generate_user_token("chain").unwrap(), "rsa2048.pub.pem");
}

/// Every 16-character window of the key's base64 body.
fn secret_windows(pem: &str) -> Vec<String> {
    let chars: Vec<char> = pem_body(pem).chars().collect();
    chars.windows(16).map(|w| w.iter().collect()).collect()
}

fn assert_rejected(text: &str, kind: ErrorKind, hint: &str) {
    let error = Client::new(API_KEY, Some("s3cret-value"), text).unwrap_err();
    assert_eq!(error.kind(), kind, "{error}");
    assert!(error.message().contains(hint), "message {:?} lacks {hint:?}", error.message());
    // A file:// key's errors replace this prefix with the file's path.
    assert!(error.message().starts_with("signing key "), "{error}");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("s3cret-value"));
    for window in secret_windows(text) {
        assert!(!shown.contains(&window), "message echoes key material");
    }
}

#[test]
fn rejected_keys_get_their_own_kind_and_advice() {
    let pem = key_text("rsa2048.pkcs8.pem");
    for blank in ["", "   ", "\n\t\r\n", "\"\""] {
        assert_rejected(blank, ErrorKind::KeyMissing, "missing or blank");
    }
    for public in ["rsa2048.pub.pem", "rsa2048.pkcs1-pub.pem", "rsa2048.cert.pem"] {
        assert_rejected(
            &key_text(public),
            ErrorKind::KeyIsPublic,
            "private key downloaded from the Engagespot console",
        );
    }
    assert_rejected("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ user@host", ErrorKind::KeyIsPublic, "OpenSSH public key");
    assert_rejected(&STANDARD.encode(key_text("rsa2048.pub.pem")), ErrorKind::KeyIsPublic, "public key");
    let relabelled = key_text("rsa2048.pkcs1-pub.pem").replace("RSA PUBLIC KEY", "RSA PRIVATE KEY");
    assert_rejected(&relabelled, ErrorKind::KeyIsPublic, "labelled as a private key");
    for encrypted in ["rsa2048.encrypted-pkcs8.pem", "rsa2048.encrypted-pkcs1.pem"] {
        assert_rejected(&key_text(encrypted), ErrorKind::KeyEncrypted, "openssl pkey");
    }
    for other in ["ec-p256.pkcs8.pem", "ec-p256.sec1.pem"] {
        assert_rejected(&key_text(other), ErrorKind::KeyNotRsa, "RS256");
    }
    assert_rejected(&key_text("ed25519.pkcs8.pem"), ErrorKind::KeyNotRsa, "Ed25519");
    assert_rejected(&key_text("rsa1024.pkcs8.pem"), ErrorKind::KeyTooSmall, "1024-bit");
    assert_rejected(&key_text("rsa8200.pkcs8.pem"), ErrorKind::KeyTooLarge, "8200-bit");
    for path in [
        "/etc/engagespot/private.pem",
        "./private.pem",
        "keys/engagespot.key",
        "C:\\keys\\private.pem",
        "~/private.pem",
    ] {
        assert_rejected(path, ErrorKind::KeyIsPath, "file's contents");
    }
    let truncated_end = &pem[..pem.len() / 2];
    assert_rejected(truncated_end, ErrorKind::KeyMalformed, "truncated");
    let lines: Vec<&str> = pem.lines().collect();
    let missing_middle = [&lines[..3], &lines[lines.len() - 3..]].concat().join("\n");
    assert_rejected(&missing_middle, ErrorKind::KeyMalformed, "truncated or corrupt");
    let corrupt = pem.replacen("MII", "MIX", 1);
    assert_rejected(&corrupt, ErrorKind::KeyMalformed, "-----BEGIN PRIVATE KEY-----");
    for garbage in [
        "not a key",
        "MIIEvgIBADANBgkqhkiG9w0BAQEFAASC",
        "-----BEGIN",
        "-----BEGIN FOO-----\nYWJj\n-----END FOO-----",
        "LS0tLS1ub3Q=",
    ] {
        assert_rejected(garbage, ErrorKind::KeyMalformed, "signing key");
    }
    assert_rejected(
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----",
        ErrorKind::KeyMalformed,
        "ssh-keygen",
    );
}

#[test]
fn debug_output_hides_key_and_secret() {
    let pem = key_text("rsa2048.pkcs8.pem");
    let client = Client::new(API_KEY, Some("s3cret-value"), &pem).unwrap();
    let shown = format!("{client:?} {:?}", client.key_info());
    assert!(shown.contains("demo-api-key") && shown.contains("2048"));
    assert!(!shown.contains("s3cret-value"));
    for window in secret_windows(&pem) {
        assert!(!shown.contains(&window));
    }
}

#[test]
fn cache_reuses_parsed_keys_and_stays_bounded() {
    // Each variant is a distinct text, hence a distinct cache entry.
    let pem = key_text("rsa2048.pkcs1.pem");
    let variant = |i: usize| format!("{pem}{}", " ".repeat(i + 100));
    let before = cache::stats();
    Client::new(API_KEY, None, &variant(0)).unwrap();
    let mid = cache::stats();
    assert!(mid.misses > before.misses);
    for _ in 0..5 {
        Client::new(API_KEY, None, &variant(0)).unwrap();
    }
    assert!(cache::stats().hits >= mid.hits + 5, "same text parses once");
    for i in 0..cache::CAPACITY * 2 {
        Client::new(API_KEY, None, &variant(i)).unwrap();
        assert!(cache::stats().len <= cache::CAPACITY);
    }
    assert_eq!(cache::stats().len, cache::CAPACITY);
    // Bad keys are never cached: the same error every time.
    for _ in 0..2 {
        assert_eq!(Client::new(API_KEY, None, "garbage").unwrap_err().kind(), ErrorKind::KeyMalformed);
    }
}

#[test]
fn eight_threads_share_one_client_for_10000_verified_tokens() {
    let client = std::sync::Arc::new(client("rsa2048.pkcs8.pem"));
    let public = DecodingKey::from_rsa_pem(key_text("rsa2048.pub.pem").as_bytes()).unwrap();
    let validation = Validation::new(Algorithm::RS256);
    std::thread::scope(|scope| {
        for thread in 0..8 {
            let (client, public, validation) = (&client, &public, &validation);
            scope.spawn(move || {
                for i in 0..1250 {
                    let id = format!("t{thread}-{i}");
                    let token = client.generate_user_token(&id).unwrap();
                    let claims = jsonwebtoken::decode::<Value>(&token, public, validation).unwrap().claims;
                    assert_eq!(claims["sub"], format!("user:{id}"));
                }
            });
        }
    });
}

/// The base64 lines of a PEM, joined.
fn pem_body(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

/// The key's DER, from its PEM body.
fn der_of(pem: &str) -> Vec<u8> {
    STANDARD.decode(pem_body(pem)).unwrap()
}

/// PEM armour around DER, 64 columns, as openssl writes it.
fn armour(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let lines: Vec<&str> = body.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

#[test]
fn ambiguous_key_texts_are_rejected() {
    let (pkcs8, pkcs1) = (key_text("rsa2048.pkcs8.pem"), key_text("rsa2048.pkcs1.pem"));
    let other = key_text("rsa3072.pkcs8.pem");
    assert_rejected(&format!("{pkcs8}{other}"), ErrorKind::KeyAmbiguous, "holds 2 private keys");
    assert_rejected(&format!("{pkcs8}{pkcs1}"), ErrorKind::KeyAmbiguous, "holds 2 private keys");
    assert_rejected(&format!("{pkcs8}{other}{pkcs1}"), ErrorKind::KeyAmbiguous, "holds 3 private keys");
    assert_rejected(&format!("{pkcs8}\n{pkcs8}"), ErrorKind::KeyAmbiguous, "the same private key twice");
    // Another kind of private key beside an RSA one is ambiguous too.
    assert_rejected(&format!("{}{pkcs8}", key_text("ec-p256.sec1.pem")), ErrorKind::KeyAmbiguous, "2 private keys");
    for garbage in ["x", "-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "-----BEGIN"] {
        assert_rejected(&format!("{pkcs8}{garbage}"), ErrorKind::KeyAmbiguous, "text after an -----END line");
    }
    assert_rejected(&format!("Bag Attributes\n{pkcs8}"), ErrorKind::KeyAmbiguous, "text before its -----BEGIN");
    let cert = key_text("rsa2048.cert.pem");
    assert_rejected(&format!("{cert}junk\n{pkcs8}"), ErrorKind::KeyAmbiguous, "text between its PEM blocks");
    assert_rejected(
        &format!("{pkcs8}{}", key_text("rsa2048.pub.pem")),
        ErrorKind::KeyAmbiguous,
        "labelled `PUBLIC KEY` beside the private key",
    );
    // Mismatched END labels, either way round.
    let end_mismatch = pkcs8.replace("-----END PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----");
    assert_rejected(&end_mismatch, ErrorKind::KeyMalformed, "labelled `RSA PRIVATE KEY` that does not match");
    let end_mismatch = pkcs1.replace("-----END RSA PRIVATE KEY-----", "-----END CERTIFICATE-----");
    assert_rejected(&end_mismatch, ErrorKind::KeyMalformed, "does not match its -----BEGIN line");
    // Bytes after the key's DER, in each format.
    for (pem, label) in [(&pkcs8, "PRIVATE KEY"), (&pkcs1, "RSA PRIVATE KEY")] {
        let mut der = der_of(pem);
        der.extend_from_slice(&[0x05, 0x00]);
        assert_rejected(&armour(label, &der), ErrorKind::KeyMalformed, "extra bytes after the end of the key's DER");
    }
}

#[test]
fn a_certificate_chain_may_come_before_or_after_the_key() {
    let (key, cert) = (key_text("rsa2048.pkcs8.pem"), key_text("rsa2048.cert.pem"));
    for text in [format!("{key}{cert}"), format!("{cert}\n\n{key}\n{cert}"), format!("{cert}{cert}{key}")] {
        let client = Client::new(API_KEY, None, &text).unwrap();
        verify(&client.generate_user_token("chain").unwrap(), "rsa2048.pub.pem");
    }
}

#[test]
fn keys_whose_line_breaks_were_lost_are_accepted() {
    for (name, format) in [("rsa2048.pkcs1.pem", KeyFormat::Pkcs1), ("rsa2048.pkcs8.pem", KeyFormat::Pkcs8)] {
        let pem = key_text(name);
        let reference = client(name).generate_user_token_with("flat", &at(7)).unwrap();
        let lines: Vec<&str> = pem.lines().collect();
        for (how, text) in [
            ("spaces", lines.join(" ")),
            ("CR only", lines.join("\r")),
            ("none", lines.concat()),
            ("tabs and spaces", lines.join(" \t ")),
        ] {
            let client = Client::new(API_KEY, None, &text).unwrap_or_else(|e| panic!("{name}, {how}: {e}"));
            assert_eq!(client.key_info().format, format);
            assert_eq!(client.generate_user_token_with("flat", &at(7)).unwrap(), reference, "{name}, {how}");
        }
    }
}

#[test]
fn valid_keys_that_cannot_sign_here_are_unsupported() {
    assert_rejected(
        &key_text("rsa2048.3prime.pkcs8.pem"),
        ErrorKind::KeyUnsupported,
        "3 primes); multi-prime keys are not supported",
    );
    assert_rejected(&key_text("rsa2048.e65bit.pkcs8.pem"), ErrorKind::KeyUnsupported, "unsupported public exponent");
    // The same keys as PKCS#1 (their inner RSAPrivateKey).
    for name in ["rsa2048.3prime.pkcs8.pem", "rsa2048.e65bit.pkcs8.pem"] {
        let der = der_of(&key_text(name));
        let pkcs1 = &der[26..]; // After PrivateKeyInfo's version, algorithm and OCTET STRING header.
        assert_eq!(pkcs1[0], 0x30, "{name}: an RSAPrivateKey SEQUENCE");
        assert_eq!(
            Client::new(API_KEY, None, &armour("RSA PRIVATE KEY", pkcs1)).unwrap_err().kind(),
            ErrorKind::KeyUnsupported
        );
    }
}

#[test]
fn swapped_labels_say_the_label_does_not_match() {
    let pkcs8_as_pkcs1 = key_text("rsa2048.pkcs8.pem").replace("PRIVATE KEY", "RSA PRIVATE KEY");
    assert_rejected(&pkcs8_as_pkcs1, ErrorKind::KeyMalformed, "the label does not match");
    assert_rejected(&pkcs8_as_pkcs1, ErrorKind::KeyMalformed, "-----BEGIN PRIVATE KEY-----");
    let pkcs1_as_pkcs8 = key_text("rsa2048.pkcs1.pem").replace("RSA PRIVATE KEY", "PRIVATE KEY");
    assert_rejected(&pkcs1_as_pkcs8, ErrorKind::KeyMalformed, "the label does not match");
    assert_rejected(&pkcs1_as_pkcs8, ErrorKind::KeyMalformed, "-----BEGIN RSA PRIVATE KEY-----");
}

#[test]
fn only_a_header_inside_the_key_block_means_encrypted() {
    let pkcs1 = key_text("rsa2048.pkcs1.pem");
    let after = format!("{pkcs1}Proc-Type: 4,ENCRYPTED\n");
    assert_rejected(&after, ErrorKind::KeyAmbiguous, "text after an -----END line");
    // A certificate block carrying the header does not make the key encrypted.
    let cert = key_text("rsa2048.cert.pem").replacen(
        "-----\n",
        "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\n",
        1,
    );
    let client = Client::new(API_KEY, None, &format!("{pkcs1}{cert}")).unwrap();
    verify(&client.generate_user_token("hdr").unwrap(), "rsa2048.pub.pem");
    // The key's own header still counts, line breaks or not.
    let encrypted = key_text("rsa2048.encrypted-pkcs1.pem");
    assert_rejected(&encrypted, ErrorKind::KeyEncrypted, "openssl pkey");
    assert_rejected(&encrypted.lines().collect::<Vec<_>>().join(" "), ErrorKind::KeyEncrypted, "openssl pkey");
}

#[test]
fn unarmoured_der_and_jwk_are_recognised_with_advice() {
    let pkcs8 = key_text("rsa2048.pkcs8.pem");
    let body8 = pem_body(&pkcs8);
    assert_rejected(&body8, ErrorKind::KeyMalformed, "base64-encoded PKCS#8 key without its PEM armour");
    assert_rejected(&body8, ErrorKind::KeyMalformed, "-----BEGIN PRIVATE KEY----- before it");
    let lines8: String = pkcs8.lines().filter(|l| !l.starts_with("-----")).map(|l| format!("{l}\n")).collect();
    assert_rejected(&lines8, ErrorKind::KeyMalformed, "-----BEGIN PRIVATE KEY----- before it");
    let body1 = pem_body(&key_text("rsa2048.pkcs1.pem"));
    assert_rejected(&body1, ErrorKind::KeyMalformed, "-----BEGIN RSA PRIVATE KEY----- before it");
    let public = pem_body(&key_text("rsa2048.pub.pem"));
    assert_rejected(&public, ErrorKind::KeyIsPublic, "base64 DER without PEM armour");
    let ec = pem_body(&key_text("ec-p256.pkcs8.pem"));
    assert_rejected(&ec, ErrorKind::KeyNotRsa, "an EC key");
    assert_rejected(&body8[..body8.len() / 2], ErrorKind::KeyMalformed, "without PEM armour");

    // JWK shapes (the values are not read, only the members' names and kty).
    let private = r#"{"kty":"RSA","n":"oZFRSnob","e":"AQAB","d":"WdqNzXlH","p":"0aB","q":"xZ"}"#;
    assert_rejected(private, ErrorKind::KeyMalformed, "JSON Web Key (JWK)");
    assert_rejected(private, ErrorKind::KeyMalformed, "format: 'jwk'}).export({type: 'pkcs8'");
    assert_rejected(&format!("{{\"keys\": [{private}]}}"), ErrorKind::KeyMalformed, "node -e");
    assert_rejected(r#"{ "kty" : "RSA", "n": "oZFR", "e": "AQAB" }"#, ErrorKind::KeyIsPublic, "public JSON Web Key");
    assert_rejected(r#"{"kty":"EC","crv":"P-256","x":"a","y":"b","d":"c"}"#, ErrorKind::KeyNotRsa, "EC JSON Web Key");
    assert_rejected(r#"{"apiKey": "x"}"#, ErrorKind::KeyMalformed, "is JSON, not a key");
}

#[test]
fn a_nul_byte_in_the_key_is_rejected() {
    let pem = key_text("rsa2048.pkcs8.pem");
    let at = pem.len() / 2;
    for text in [format!("{}\0{}", &pem[..at], &pem[at..]), format!("{pem}\0"), "\0".to_owned()] {
        assert_rejected(&text, ErrorKind::KeyMalformed, "contains a NUL byte");
    }
}

#[test]
fn limits_in_messages_are_the_constants() {
    use engagespot_token::{MAX_IDENTIFIER_BYTES, MAX_KEY_BITS, MIN_KEY_BITS};
    let small = Client::new(API_KEY, None, &key_text("rsa1024.pkcs8.pem")).unwrap_err();
    assert!(small.message().contains(&format!("at least {MIN_KEY_BITS} bits")), "{small}");
    let large = Client::new(API_KEY, None, &key_text("rsa8200.pkcs8.pem")).unwrap_err();
    assert!(large.message().contains(&format!("at most {MAX_KEY_BITS} bits")), "{large}");
    let long = client("rsa2048.pkcs8.pem").generate_user_token(&"x".repeat(MAX_IDENTIFIER_BYTES + 1)).unwrap_err();
    assert!(long.message().contains(&format!("at most {MAX_IDENTIFIER_BYTES} bytes")), "{long}");
}

/// A scratch directory of this test process, removed by the caller.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("engagespot-token-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn file_uri_keys_are_read_from_the_file() {
    let keys = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keys");
    let reference = client("rsa2048.pkcs8.pem").generate_user_token_with("file", &at(9)).unwrap();
    for uri in [
        file_uri(&keys.join("rsa2048.pkcs8.pem")),
        file_uri(&keys.join("rsa2048.pkcs1.pem")),
        format!("  \"{}\"\n", file_uri(&keys.join("rsa2048.pkcs8.pem"))),
    ] {
        let client = Client::new(API_KEY, None, &uri).unwrap_or_else(|e| panic!("{uri}: {e}"));
        assert_eq!(client.generate_user_token_with("file", &at(9)).unwrap(), reference);
    }
    // A file that does not hold a usable key: its own kind, the path named.
    for (name, kind, hint) in [
        ("rsa2048.pub.pem", ErrorKind::KeyIsPublic, "is a public key"),
        ("rsa2048.encrypted-pkcs8.pem", ErrorKind::KeyEncrypted, "is an encrypted"),
        ("rsa1024.pkcs8.pem", ErrorKind::KeyTooSmall, "is a 1024-bit RSA key"),
        ("rsa2048.3prime.pkcs8.pem", ErrorKind::KeyUnsupported, "is a multi-prime RSA key"),
    ] {
        let path = keys.join(name);
        let error = Client::new(API_KEY, None, &file_uri(&path)).unwrap_err();
        assert_eq!(error.kind(), kind, "{error}");
        assert!(error.message().starts_with(&format!("signing key file {}: {hint}", path.display())), "{error}");
        for window in secret_windows(&key_text(name)) {
            assert!(!error.message().contains(&window), "message echoes key material");
        }
    }
}

#[test]
fn file_uri_errors_name_the_path_and_the_reason() {
    let dir = scratch("file-errors");
    let missing = dir.join("missing.pem");
    let error = Client::new(API_KEY, None, &file_uri(&missing)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::KeyFileUnreadable);
    assert!(error.message().contains(&missing.display().to_string()), "{error}");
    assert!(error.message().contains("No such file or directory"), "{error}");

    let error = Client::new(API_KEY, None, &file_uri(&dir)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::KeyFileUnreadable);
    assert!(error.message().ends_with("it is not a regular file"), "{error}");

    let big = dir.join("big.pem");
    let pem = key_text("rsa2048.pkcs8.pem");
    std::fs::write(&big, pem.repeat(engagespot_token::MAX_KEY_FILE_BYTES / pem.len() + 1)).unwrap();
    let error = Client::new(API_KEY, None, &file_uri(&big)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::KeyFileUnreadable);
    assert!(error.message().contains(&format!("over {} bytes", engagespot_token::MAX_KEY_FILE_BYTES)), "{error}");

    let der = dir.join("key.der");
    std::fs::write(&der, der_of(&pem)).unwrap();
    let error = Client::new(API_KEY, None, &file_uri(&der)).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::KeyMalformed);
    assert!(error.message().contains("is binary DER, not PEM text; convert it once with `openssl pkey -inform DER"));

    // Relative URIs and bare paths stay paths.
    let error = Client::new(API_KEY, None, "file://tests/keys/rsa2048.pkcs8.pem").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::KeyIsPath);
    assert!(error.message().contains("does not name an absolute path"), "{error}");
    let bare = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keys/rsa2048.pkcs8.pem");
    assert_rejected(&bare.display().to_string(), ErrorKind::KeyIsPath, "file's contents");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn replacing_a_key_file_takes_effect_for_new_clients() {
    let dir = scratch("rotation");
    let path = dir.join("key.pem");
    let uri = file_uri(&path);
    std::fs::write(&path, key_text("rsa2048.pkcs8.pem")).unwrap();
    let old = Client::new(API_KEY, None, &uri).unwrap();
    verify(&old.generate_user_token("before").unwrap(), "rsa2048.pub.pem");

    std::fs::write(&path, key_text("rsa3072.pkcs1.pem")).unwrap();
    let new = Client::new(API_KEY, None, &uri).unwrap();
    assert_eq!(verify(&new.generate_user_token("after").unwrap(), "rsa3072.pub.pem")["sub"], "user:after");
    // The client built before keeps the key it was built with.
    verify(&old.generate_user_token("still").unwrap(), "rsa2048.pub.pem");

    std::fs::write(&path, key_text("rsa2048.pub.pem")).unwrap();
    assert_eq!(Client::new(API_KEY, None, &uri).unwrap_err().kind(), ErrorKind::KeyIsPublic);
    std::fs::remove_dir_all(dir).unwrap();
}
