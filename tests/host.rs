//! The core as the WebAssembly build uses it (`HostSignedClient`), run
//! natively: the PKCS#8 DER it hands over is the key (aws-lc signs with it),
//! the token it assembles verifies with jsonwebtoken, and it accepts and
//! refuses the same keys, with the same errors, as the native client.

use engagespot_token::{Client, ErrorKind, HostFile, HostKey, HostSignedClient, TokenOptions};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;

fn key_text(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Signs as a host would: RSASSA-PKCS1-v1_5 with SHA-256, with the PKCS#8 DER it was handed.
fn host_sign(pkcs8: &[u8], input: &str) -> Vec<u8> {
    use aws_lc_rs::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
    let pair = RsaKeyPair::from_pkcs8(pkcs8).expect("the core's PKCS#8 DER imports");
    let mut signature = vec![0; pair.public_modulus_len()];
    pair.sign(&RSA_PKCS1_SHA256, &aws_lc_rs::rand::SystemRandom::new(), input.as_bytes(), &mut signature).unwrap();
    signature
}

#[test]
fn host_signed_tokens_verify_and_equal_the_native_ones() {
    for (private, public) in [("rsa2048.pkcs8.pem", "rsa2048.pub.pem"), ("rsa4096.pkcs1.pem", "rsa4096.pub.pem")] {
        let client = HostSignedClient::new("demo-api-key", None, &key_text(private), None).unwrap();
        let options = TokenOptions { issued_at: Some(1_700_000_000), jti: true, ..TokenOptions::default() };
        let input = client.signing_input(
            "alice",
            &options,
            || unreachable!("iat is given"),
            |bytes| {
                bytes.fill(7);
                Ok(())
            },
        );
        let input = input.unwrap();
        let token = client.assemble(&input, &host_sign(client.key().pkcs8_der(), &input)).unwrap();
        let decoding = DecodingKey::from_rsa_pem(key_text(public).as_bytes()).unwrap();
        let mut validation = Validation::new(Algorithm::RS256);
        validation.validate_exp = false;
        let claims = jsonwebtoken::decode::<Value>(&token, &decoding, &validation).unwrap().claims;
        assert_eq!(claims["sub"], "user:alice");
        assert_eq!(claims["jti"], "BwcHBwcHBwcHBwcHBwcHBw");
        // RSASSA-PKCS1-v1_5 is deterministic: the native client's token is the same, bar the jti.
        let native = Client::new("demo-api-key", None, &key_text(private)).unwrap();
        let plain = TokenOptions { jti: false, ..options };
        let input = client.signing_input("alice", &plain, || unreachable!(), |_| unreachable!()).unwrap();
        let token = client.assemble(&input, &host_sign(client.key().pkcs8_der(), &input)).unwrap();
        assert_eq!(token, native.generate_user_token_with("alice", &plain).unwrap());
        // The SPKI the host checks its first signature with holds the key's public
        // half: after its 24-byte header, the RSAPublicKey aws-lc derives.
        let spki = client.key().public_key_der();
        assert_eq!(&spki[..4], &[0x30, 0x82, ((spki.len() - 4) >> 8) as u8, (spki.len() - 4) as u8]);
        assert_eq!(&spki[24..], native.public_key_der());
    }
}

#[test]
fn a_signature_of_the_wrong_length_is_signing_failed() {
    let client = HostSignedClient::new("demo-api-key", None, &key_text("rsa2048.pkcs8.pem"), None).unwrap();
    assert_eq!(client.assemble("a.b", &[0; 255]).unwrap_err().kind(), ErrorKind::SigningFailed);
}

#[test]
fn every_test_key_gets_the_native_outcome() {
    let keys = std::fs::read_dir(format!("{}/tests/keys", env!("CARGO_MANIFEST_DIR"))).unwrap();
    for entry in keys {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".pem") {
            continue;
        }
        let text = key_text(&name);
        let native = Client::new("k", None, &text).map(|_| ()).map_err(|e| (e.kind(), e.message().to_owned()));
        let host = HostKey::parse(&text, None).map(|_| ()).map_err(|e| (e.kind(), e.message().to_owned()));
        // Keys whose numbers disagree included (tests/key_numbers.rs has many more).
        assert_eq!(native, host, "{name}");
    }
}

#[test]
fn file_keys_are_read_by_the_host_under_the_core_s_rules() {
    let path = format!("{}/tests/keys/rsa2048.pkcs8.pem", env!("CARGO_MANIFEST_DIR"));
    let uri = format!("file://{path}");
    assert_eq!(HostKey::file_path(&uri).unwrap().unwrap().to_str(), Some(path.as_str()));
    let contents = HostFile::Contents(zeroize::Zeroizing::new(key_text("rsa2048.pkcs8.pem").into_bytes()));
    assert!(HostKey::parse(&uri, Some(contents)).is_ok());
    let error = HostKey::parse(&uri, Some(HostFile::Unreadable("ENOENT".into()))).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::KeyFileUnreadable);
    assert!(error.message().contains("ENOENT"));
    let big = HostFile::Contents(zeroize::Zeroizing::new(vec![b'x'; engagespot_token::MAX_KEY_FILE_BYTES + 1]));
    assert_eq!(HostKey::parse(&uri, Some(big)).unwrap_err().kind(), ErrorKind::KeyFileUnreadable);
    assert_eq!(HostKey::parse(&uri, None).unwrap_err().kind(), ErrorKind::KeyFileUnreadable);
    assert_eq!(HostKey::file_path("file://relative.pem").unwrap_err().kind(), ErrorKind::KeyIsPath);
}
