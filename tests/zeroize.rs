//! Secret hygiene in memory: a global allocator that, before each block is
//! freed, looks for secret bytes in it (the `engagespot-token-test-support`
//! crate, shared with the Node addon's `zeroize-audit` build). This sees every
//! Rust-side heap copy (the API secret, PEM and DER buffers) without reading
//! freed memory. aws-lc's own allocations (the parsed key) go through
//! OPENSSL_free, which zeroes them itself; see docs/SECURITY.md.

use base64::Engine as _;
use engagespot_token::Client;
use engagespot_token_test_support::{report, watch, FreedBlockScan};

#[global_allocator]
static ALLOCATOR: FreedBlockScan = FreedBlockScan;

/// Its first 8 bytes are the needle, so that a partial copy (a buffer that
/// grew while the secret was pushed into it) is caught too.
const SECRET: &str = "Zq7xW2pL-zeroize-me-api-secret-7f3a9c";
const API_KEY: &str = "zeroize-audit-api-key";

#[test]
fn secret_and_key_bytes_are_wiped_before_their_memory_is_freed() {
    let pem = std::fs::read_to_string(format!("{}/tests/keys/rsa3072.pkcs8.pem", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(&body).unwrap();
    // A `file://` key is read into a buffer of our own.
    let file = std::env::temp_dir().join(format!("engagespot-token-zeroize-{}.pem", std::process::id()));
    std::fs::write(&file, pem.replace('\n', "\n\n")).unwrap();
    // Every accepted form, each parsed afresh (distinct texts miss the cache).
    let forms = [
        pem.clone(),
        pem.trim().replace('\n', "\\n"),
        pem.replace('\n', "\r\n"),
        pem.replace('\n', "\r"),
        pem.replace('\n', " "),
        base64::engine::general_purpose::STANDARD.encode(&pem),
        format!("  \"{}\"  ", pem.trim()),
        format!("file://{}", file.display()),
    ];
    // Needles from deep inside the key: base64 text (within one 64-column
    // line, so that it matches PEM text as well as the joined body), and raw
    // DER (private exponent region). The last one is a control: the client's
    // copy of its API key is not secret, is freed unwiped, and shows that the
    // scan saw the clients being dropped.
    watch(vec![
        SECRET.as_bytes()[..8].to_vec(),
        body.as_bytes()[1153..1185].to_vec(),
        der[900..932].to_vec(),
        format!(",\"apiKey\":\"{API_KEY}\"").into_bytes(),
    ])
    .unwrap();
    for text in &forms {
        let client = Client::new(API_KEY, Some(SECRET), text).unwrap();
        let token = client.generate_user_token("alice").unwrap();
        drop(token);
        drop(client);
    }
    let seen = report();
    std::fs::remove_file(&file).unwrap();

    let [secret, key_text, key_der, control] = seen.found[..] else { unreachable!() };
    eprintln!(
        "{} freed blocks scanned; holding: secret {secret}, key text {key_text}, key DER {key_der}, API key {control}",
        seen.blocks
    );
    assert!(control >= forms.len(), "the scan did not see the clients' API key blocks freed: {seen:?}");
    assert_eq!(secret, 0, "the API secret was freed without being zeroized");
    assert_eq!(key_text, 0, "PEM text of the key was freed without being zeroized");
    assert_eq!(key_der, 0, "DER of the key was freed without being zeroized");
}
