//! Token minting through the C ABI against the bare RSA signature with the
//! same held key, in one run, interleaved so that both see the same machine.
//! Prints tokens/s and the ratio; also jsonwebtoken's `encode`, which parses
//! the key on every call, for scale.
//!
//! With `openssl` on the PATH it also runs `openssl speed rsa2048` in every
//! round, to show how aws-lc's bare signature compares with OpenSSL's.
//!
//! Per key, it also measures the parse (once per key: the key cache keeps it)
//! with its pairwise-consistency test against aws-lc's parse alone.
//!
//! Run: `cargo bench --bench mint` (scripts/bench puts its output in docs/BENCHMARKS.md).

use std::ffi::{CStr, CString};
use std::hint::black_box;
use std::time::{Duration, Instant};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use engagespot_token::c_abi::{es_client_free, es_client_new, es_free_string, es_generate_user_token};

const ROUNDS: usize = 7;
const ROUND_TIME: Duration = Duration::from_millis(400);

/// Runs `f` for about `ROUND_TIME` and returns calls per second.
fn rate(mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut calls = 0u64;
    while start.elapsed() < ROUND_TIME {
        for _ in 0..16 {
            f();
        }
        calls += 16;
    }
    calls as f64 / start.elapsed().as_secs_f64()
}

/// `openssl speed -seconds 1 rsaBITS` sign/s, if the openssl CLI is there.
fn openssl_speed(bits: u32) -> Option<f64> {
    let out =
        std::process::Command::new("openssl").args(["speed", "-seconds", "1", &format!("rsa{bits}")]).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().find(|l| l.starts_with(&format!("rsa {bits} bits")))?;
    line.split_whitespace().nth(5)?.parse().ok()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// What a key costs once, when it is parsed: `SigningKey::from_text` (the
/// core's checks, aws-lc's parse and the pairwise-consistency test: a probe
/// signed and verified) against aws-lc's parse alone, and the test alone.
fn per_client(bits: u32, pem: &str, der: &[u8], pair: &RsaKeyPair) {
    use aws_lc_rs::signature::{KeyPair as _, UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
    let rng = SystemRandom::new();
    let mut signature = vec![0u8; pair.public_modulus_len()];
    let public = UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, pair.public_key().as_ref().to_vec());
    let (mut parse, mut aws_lc, mut test) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        parse.push(rate(|| drop(black_box(engagespot_token::SigningKey::from_text(black_box(pem)).unwrap()))));
        aws_lc.push(rate(|| drop(black_box(RsaKeyPair::from_der(black_box(der)).unwrap()))));
        test.push(rate(|| {
            pair.sign(&RSA_PKCS1_SHA256, &rng, black_box(b"engagespot-token key check"), &mut signature).unwrap();
            public.verify(b"engagespot-token key check", &signature).unwrap();
        }));
    }
    let (parse, aws_lc, test) = (median(parse), median(aws_lc), median(test));
    println!(
        "rsa{bits}: per client (once per key) SigningKey::from_text {:7.0} µs | aws-lc parse alone {:7.0} µs | \
         pairwise test (sign + verify the probe) {:7.0} µs",
        1e6 / parse,
        1e6 / aws_lc,
        1e6 / test
    );
}

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    for bits in [2048, 3072, 4096] {
        let pem = std::fs::read_to_string(format!("{root}/tests/keys/rsa{bits}.pkcs1.pem")).unwrap();
        let der = jsonwebtoken::EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap();
        let pair = RsaKeyPair::from_der(der.as_bytes()).unwrap();
        let c_pem = CString::new(pem.clone()).unwrap();
        // SAFETY: valid C strings; the client is freed below.
        let client = unsafe { es_client_new(c"bench-api-key".as_ptr(), std::ptr::null(), c_pem.as_ptr()) };
        assert!(!client.is_null());
        let id = c"user@example.com";
        // A signing input of a real token's length.
        let message = {
            // SAFETY: live client and C string; the token is freed.
            let token = unsafe { es_generate_user_token(client, id.as_ptr()) };
            let text = unsafe { CStr::from_ptr(token) }.to_str().unwrap().rsplit_once('.').unwrap().0.to_owned();
            unsafe { es_free_string(token) };
            text
        };
        let mut signature = vec![0u8; pair.public_modulus_len()];
        let rng = SystemRandom::new();
        let header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        let claims =
            serde_json::json!({"sub": "user:user@example.com", "apiKey": "bench-api-key", "iat": 1, "exp": 3601});

        let (mut sign, mut mint, mut encode, mut openssl) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            if bits == 2048 {
                // Paired with the held-key signature of the same round.
                if let Some(rate) = openssl_speed(bits) {
                    openssl.push(rate);
                }
            }
            sign.push(rate(|| {
                pair.sign(&RSA_PKCS1_SHA256, &rng, black_box(message.as_bytes()), &mut signature).unwrap()
            }));
            mint.push(rate(|| unsafe {
                // SAFETY: as above.
                es_free_string(black_box(es_generate_user_token(client, id.as_ptr())));
            }));
            if bits == 2048 {
                encode.push(rate(|| {
                    black_box(jsonwebtoken::encode(&header, &claims, &der).unwrap());
                }));
            }
        }
        if bits == 2048 && openssl.len() == sign.len() {
            let ratios: Vec<f64> = sign.iter().zip(&openssl).map(|(s, o)| s / o).collect();
            println!("rsa{bits}: openssl speed {:8.0}/s | aws-lc held-key sign / openssl speed, median of paired rounds {:.3}", median(openssl.clone()), median(ratios));
        }
        let (sign, mint) = (median(sign), median(mint));
        println!(
            "rsa{bits}: held-key sign {sign:8.0}/s | es_generate_user_token {mint:8.0} tokens/s | ratio {:.3}",
            mint / sign
        );
        if bits == 2048 {
            let encode = median(encode);
            println!(
                "rsa{bits}: jsonwebtoken::encode {encode:8.0} tokens/s | es_generate_user_token is {:.2}x",
                mint / encode
            );
        }
        per_client(bits, &pem, der.as_bytes(), &pair);
        // SAFETY: created above, used by no one else.
        unsafe { es_client_free(client) };
    }
}
