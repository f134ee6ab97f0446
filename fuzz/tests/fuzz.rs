//! Fuzzing through the C ABI with proptest. Inputs: key material (random
//! bytes, mutated PEMs, mutated base64 and `\n`-escaped forms, passed whole,
//! NULs included, through the length form) and identifiers (arbitrary bytes,
//! valid and invalid UTF-8, with NULs).
//! Required: no panic crosses the boundary (never ES_PANIC), no crash, every
//! rejection has a key error's code, and every token minted from a mutated
//! key verifies with the public key openssl wrote for the key it came from:
//! a mutation may change the form, never the key.
//!
//! CI runs a short pass. The long run (docs/SECURITY.md):
//!   ES_FUZZ_CASES=1000000 cargo test --release -p engagespot-token-fuzz -- --nocapture

use std::ffi::{c_char, CStr, CString};
use std::ptr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use engagespot_token::c_abi::*;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// Each test key, with the public key openssl wrote for it.
const KEYS: [(&str, &str); 3] = [
    (include_str!("../../tests/keys/rsa2048.pkcs8.pem"), include_str!("../../tests/keys/rsa2048.pub.pem")),
    (include_str!("../../tests/keys/rsa2048.pkcs1.pem"), include_str!("../../tests/keys/rsa2048.pub.pem")),
    (include_str!("../../tests/keys/rsa3072.pkcs8.pem"), include_str!("../../tests/keys/rsa3072.pub.pem")),
];

/// Total cases of the short CI pass (about a minute): two thirds key texts,
/// one third identifiers. `$ES_FUZZ_CASES` sets the total instead.
const DEFAULT_TOTAL: u32 = 450_000;

fn cases() -> u32 {
    std::env::var("ES_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_TOTAL)
}

/// Codes a bad key text may get. Not ES_PANIC, nor the API key's codes (the
/// API key is fixed), nor ES_KEY_FILE_UNREADABLE (no text here starts with
/// `file://`).
const KEY_ERRORS: [es_status; 11] = [
    es_status::ES_INVALID_UTF8,
    es_status::ES_KEY_MISSING,
    es_status::ES_KEY_IS_PATH,
    es_status::ES_KEY_IS_PUBLIC,
    es_status::ES_KEY_ENCRYPTED,
    es_status::ES_KEY_NOT_RSA,
    es_status::ES_KEY_TOO_SMALL,
    es_status::ES_KEY_TOO_LARGE,
    es_status::ES_KEY_MALFORMED,
    es_status::ES_KEY_AMBIGUOUS,
    es_status::ES_KEY_UNSUPPORTED,
];

#[derive(Clone, Debug)]
enum Mutation {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, x)| Mutation::Flip(at, x)),
        (any::<usize>(), 0usize..64).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16)).prop_map(|(at, b)| Mutation::Insert(at, b)),
        (any::<usize>(), 0usize..128).prop_map(|(at, n)| Mutation::Duplicate(at, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut text: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = text.len().max(1);
        match m {
            Mutation::Flip(at, x) => {
                if !text.is_empty() {
                    text[at % len] ^= x | 1;
                }
            }
            Mutation::Delete(at, n) => {
                let start = at % len;
                let end = (start + n).min(text.len());
                text.drain(start.min(end)..end);
            }
            Mutation::Insert(at, bytes) => {
                let at = at % (text.len() + 1);
                text.splice(at..at, bytes.iter().copied());
            }
            Mutation::Duplicate(at, n) => {
                let start = at % len;
                let end = (start + n).min(text.len());
                let copy = text.get(start.min(end)..end).unwrap_or_default().to_vec();
                text.splice(end..end, copy);
            }
            Mutation::Truncate(at) => text.truncate(at % len),
        }
    }
    text
}

/// A key text in one of the forms keys arrive in, then mutated, with the
/// index of the key it came from (None for random bytes).
fn key_material() -> impl Strategy<Value = (Option<usize>, Vec<u8>)> {
    let form = (0usize..KEYS.len(), 0u8..4).prop_map(|(k, form)| {
        let pem = KEYS[k].0;
        let text = match form {
            0 => pem.as_bytes().to_vec(),
            1 => STANDARD.encode(pem).into_bytes(),
            2 => pem.trim().replace('\n', "\\n").into_bytes(),
            _ => pem.replace('\n', "\r\n").into_bytes(),
        };
        (k, text)
    });
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..2048).prop_map(|bytes| (None, bytes)),
        6 => (form, prop::collection::vec(mutation(), 0..4)).prop_map(|((k, text), m)| (Some(k), apply(text, &m))),
    ]
}

fn last_error() -> (es_status, String) {
    (es_last_error_code(), unsafe { CStr::from_ptr(es_last_error_message()) }.to_string_lossy().into_owned())
}

fn take_token(raw: *mut c_char) -> Option<String> {
    (!raw.is_null()).then(|| {
        let token = unsafe { CStr::from_ptr(raw) }.to_str().unwrap().to_owned();
        unsafe { es_free_string(raw) };
        token
    })
}

fn verify(token: &str, public: &DecodingKey) -> serde_json::Value {
    let mut validation = Validation::new(Algorithm::RS256);
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<serde_json::Value>(token, public, &validation).expect("a minted token must verify").claims
}

/// Accepted and rejected key texts, printed every 50,000 cases (--nocapture).
static ACCEPTED: AtomicU64 = AtomicU64::new(0);
static REJECTED: AtomicU64 = AtomicU64::new(0);

fn count(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
    let (accepted, rejected) = (ACCEPTED.load(Ordering::Relaxed), REJECTED.load(Ordering::Relaxed));
    if (accepted + rejected) % 50_000 == 0 {
        eprintln!("key cases: {accepted} accepted (token verified), {rejected} rejected cleanly");
    }
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..ProptestConfig::default()
    }
}

/// The public keys openssl wrote, parsed once.
fn public_key(k: usize) -> &'static DecodingKey {
    static PUBLIC: OnceLock<Vec<DecodingKey>> = OnceLock::new();
    &PUBLIC
        .get_or_init(|| KEYS.iter().map(|(_, public)| DecodingKey::from_rsa_pem(public.as_bytes()).unwrap()).collect())
        [k]
}

proptest! {
    #![proptest_config(config(cases() / 3 * 2))]

    #[test]
    fn any_key_material_is_accepted_or_rejected_cleanly((source, bytes) in key_material()) {
        let client = unsafe {
            es_client_new_len(c"fuzz-api-key".as_ptr(), 12, ptr::null(), 0, bytes.as_ptr().cast(), bytes.len())
        };
        if client.is_null() {
            let (code, message) = last_error();
            prop_assert!(KEY_ERRORS.contains(&code), "unexpected code {code:?}: {message}");
            prop_assert!(message.starts_with("signing key "), "{code:?}: {message}");
            count(&REJECTED);
        } else {
            let token = take_token(unsafe { es_generate_user_token(client, c"fuzz-user".as_ptr()) });
            unsafe { es_client_free(client) };
            let Some(k) = source else {
                return Err(TestCaseError::fail("random bytes were accepted as a key"));
            };
            let claims = verify(&token.expect("an accepted key mints"), public_key(k));
            prop_assert_eq!(&claims["sub"], "user:fuzz-user");
            count(&ACCEPTED);
        }
    }
}

proptest! {
    #![proptest_config(config(cases() / 3))]

    #[test]
    fn any_identifier_bytes_mint_a_verified_token_or_the_right_error(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..1100),
            ".{0,300}".prop_map(String::into_bytes),
            "[\\x00-\\x1f\"\\\\\u{2028}\u{2029}<>/a-z😀]{0,64}".prop_map(String::into_bytes),
        ]
    ) {
        static CLIENT: OnceLock<usize> = OnceLock::new();
        let client = *CLIENT.get_or_init(|| {
            let key = CString::new(KEYS[0].0).unwrap();
            unsafe { es_client_new(c"fuzz-api-key".as_ptr(), ptr::null(), key.as_ptr()) as usize }
        }) as *const es_client;
        let public = public_key(0);

        let raw = unsafe { es_generate_user_token_len(client, bytes.as_ptr().cast(), bytes.len(), ptr::null()) };
        let expected = match std::str::from_utf8(&bytes) {
            Err(_) => Err(es_status::ES_INVALID_UTF8),
            Ok("") => Err(es_status::ES_IDENTIFIER_EMPTY),
            Ok(s) if s.len() > engagespot_token::MAX_IDENTIFIER_BYTES => Err(es_status::ES_IDENTIFIER_TOO_LONG),
            Ok(s) if s.contains('\0') => Err(es_status::ES_IDENTIFIER_INVALID),
            Ok(s) => Ok(s),
        };
        match (take_token(raw), expected) {
            (Some(token), Ok(identifier)) => {
                let claims = verify(&token, public);
                prop_assert_eq!(claims["sub"].as_str().unwrap(), format!("user:{identifier}"));
                let payload = URL_SAFE_NO_PAD.decode(token.split('.').nth(1).unwrap()).unwrap();
                prop_assert!(payload.starts_with(br#"{"sub":"user:"#), "sub comes first");
            }
            (None, Err(code)) => prop_assert_eq!(last_error().0, code),
            (got, expected) => prop_assert!(false, "got {:?} ({:?}), expected {:?}", got.is_some(), last_error(), expected),
        }
    }
}
