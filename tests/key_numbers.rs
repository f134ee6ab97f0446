//! The host-signed path's check of the key's numbers (src/key/numbers.rs)
//! against aws-lc's, on keys a corruption produces: every number of a real
//! key changed in the ways a corruption or a careless tool changes it, and
//! one-character substitutions of its PEM. Each must get the same outcome
//! from `HostKey::parse` (crypto-bigint) as from the native `Client::new`
//! (aws-lc's `RSA_check_key`): the same error kind and message, or both
//! accept. Where both accept, the host's signature of the probe verifies in
//! the core (the pairwise-consistency test).

use crypto_bigint::{BoxedUint, ConcatenatingMul as _, Resize as _};
use engagespot_token::{Client, ErrorKind, HostKey};
use pkcs1::RsaPrivateKeyRef;
use pkcs8::der::Decode as _;

fn key_text(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn der_of(pem: &str) -> Vec<u8> {
    use base64::Engine as _;
    let body: String = pem.lines().filter(|line| !line.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(body).unwrap()
}

fn pem_of(der: &[u8]) -> String {
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = body.as_bytes().chunks(64).map(|line| std::str::from_utf8(line).unwrap()).collect();
    format!("-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n", lines.join("\n"))
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().position(|&b| b != 0).unwrap();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// DER `RSAPrivateKey` { 0, numbers... } from big-endian unsigned numbers.
fn rsa_der(numbers: &[Vec<u8>; 8]) -> Vec<u8> {
    let mut body = vec![0x02, 0x01, 0x00];
    for number in numbers {
        let trimmed = &number[number.iter().position(|&b| b != 0).unwrap_or(number.len())..];
        let pad = trimmed.first().is_none_or(|&b| b & 0x80 != 0);
        body.push(0x02);
        push_len(&mut body, trimmed.len() + usize::from(pad));
        if pad {
            body.push(0);
        }
        body.extend_from_slice(trimmed);
    }
    let mut out = vec![0x30];
    push_len(&mut out, body.len());
    out.extend_from_slice(&body);
    out
}

/// n, e, d, p, q, dP, dQ, qInv of a PKCS#1 PEM.
fn numbers_of(pem: &str) -> [Vec<u8>; 8] {
    let der = der_of(pem);
    let key = RsaPrivateKeyRef::from_der(&der).unwrap();
    [
        key.modulus.as_bytes().to_vec(),
        key.public_exponent.as_bytes().to_vec(),
        key.private_exponent.as_bytes().to_vec(),
        key.prime1.as_bytes().to_vec(),
        key.prime2.as_bytes().to_vec(),
        key.exponent1.as_bytes().to_vec(),
        key.exponent2.as_bytes().to_vec(),
        key.coefficient.as_bytes().to_vec(),
    ]
}

fn big(bytes: &[u8]) -> BoxedUint {
    BoxedUint::from_be_slice_vartime(bytes)
}

fn bytes(number: &BoxedUint) -> Vec<u8> {
    number.to_be_bytes_trimmed_vartime().into_vec()
}

fn add(a: &[u8], b: &[u8]) -> Vec<u8> {
    let width = 64 * (a.len().max(b.len()).div_ceil(8) as u32 + 1);
    bytes(&big(a).resize(width).wrapping_add(big(b).resize(width)))
}

fn sub_one(a: &[u8]) -> Vec<u8> {
    bytes(&big(a).wrapping_sub(BoxedUint::one()))
}

fn mul(a: &[u8], b: &[u8]) -> Vec<u8> {
    bytes(&big(a).concatenating_mul(big(b)))
}

/// The number corruptions of one key, named.
fn corruptions(original: &[Vec<u8>; 8]) -> Vec<(String, [Vec<u8>; 8])> {
    const NAMES: [&str; 8] = ["n", "e", "d", "p", "q", "dP", "dQ", "qInv"];
    let [_, _, d, p, q, dp, dq, qinv] = original.clone();
    let mut out = Vec::new();
    let mut with = |name: String, changes: &[(usize, Vec<u8>)]| {
        let mut numbers = original.clone();
        for (field, value) in changes {
            numbers[*field] = value.clone();
        }
        out.push((name, numbers));
    };
    for (field, value) in original.iter().enumerate() {
        let name = NAMES[field];
        let mut low = value.clone();
        *low.last_mut().unwrap() ^= 1;
        with(format!("{name} low bit flipped"), &[(field, low)]);
        let mut middle = value.clone();
        let at = middle.len() / 2;
        middle[at] ^= 0x10;
        with(format!("{name} middle bit flipped"), &[(field, middle)]);
        with(format!("{name} plus two"), &[(field, add(value, &[2]))]);
        with(format!("{name} zero"), &[(field, vec![0])]);
        with(format!("{name} one"), &[(field, vec![1])]);
        with(format!("{name} with a byte more"), &[(field, [value.as_slice(), &[0x01]].concat())]);
        with(format!("{name} with a byte less"), &[(field, value[..value.len() - 1].to_vec())]);
    }
    for e in [3u64, 5, 17, 65535, 65538, 65539, (1 << 33) - 1, 1 << 32] {
        with(format!("e = {e}"), &[(1, e.to_be_bytes().to_vec())]);
    }
    let phi = mul(&sub_one(&p), &sub_one(&q));
    with("d plus (p-1)(q-1), unreduced".into(), &[(2, add(&d, &phi))]);
    with("d corrupt, CRT values sound".into(), &[(2, add(&d, &[2]))]);
    with("dP plus p-1, unreduced".into(), &[(5, add(&dp, &sub_one(&p)))]);
    with("dQ plus q-1, unreduced".into(), &[(6, add(&dq, &sub_one(&q)))]);
    with("qInv plus p, unreduced".into(), &[(7, add(&qinv, &p))]);
    with("p and q swapped".into(), &[(3, q.clone()), (4, p.clone())]);
    with("p, q and dP, dQ swapped".into(), &[(3, q.clone()), (4, p.clone()), (5, dq.clone()), (6, dp.clone())]);
    // p⁻¹ mod q, by Fermat (q is prime): the one fully consistent swap.
    let q_odd = Option::<crypto_bigint::Odd<BoxedUint>>::from(big(&q).to_odd()).unwrap();
    let p_inverse = bytes(&big(&p).pow_mod(&big(&sub_one(&sub_one(&q))), &q_odd));
    with(
        "p, q, dP, dQ swapped and qInv recomputed".into(),
        &[(3, q.clone()), (4, p.clone()), (5, dq.clone()), (6, dp.clone()), (7, p_inverse)],
    );
    with("dP and dQ swapped".into(), &[(5, dq.clone()), (6, dp.clone())]);
    with("p and qInv corrupt".into(), &[(3, add(&p, &[2])), (7, add(&qinv, &[4]))]);
    with("p = 1, q = n".into(), &[(3, vec![1]), (4, original[0].clone())]);
    let zero = vec![0];
    with(
        "stripped (e, p, q, dP, dQ, qInv zero)".into(),
        &[(1, zero.clone()), (3, zero.clone()), (4, zero.clone()), (5, zero.clone()), (6, zero.clone()), (7, zero)],
    );
    out
}

type Verdict = Result<(), (ErrorKind, String)>;

fn native(text: &str) -> Verdict {
    Client::new("k", None, text).map(|_| ()).map_err(|e| (e.kind(), e.message().to_owned()))
}

fn host(text: &str) -> (Verdict, Option<HostKey>) {
    match HostKey::parse(text, None) {
        Ok(key) => (Ok(()), Some(key)),
        Err(e) => (Err((e.kind(), e.message().to_owned())), None),
    }
}

/// Signs the probe as a host does, with the PKCS#8 DER it was handed.
fn probe_signature(key: &HostKey) -> Vec<u8> {
    use aws_lc_rs::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
    let pair = RsaKeyPair::from_pkcs8(key.pkcs8_der()).expect("aws-lc imports what both checks accepted");
    let mut signature = vec![0; pair.public_modulus_len()];
    pair.sign(&RSA_PKCS1_SHA256, &aws_lc_rs::rand::SystemRandom::new(), HostKey::probe(), &mut signature).unwrap();
    signature
}

/// Plays one key on both paths; returns whether they accepted it.
fn same_verdict(name: &str, text: &str) -> bool {
    let native = native(text);
    let (host, key) = host(text);
    assert_eq!(native, host, "{name}");
    if let Some(key) = key {
        let signature = probe_signature(&key);
        assert!(key.check_probe_signature(&signature).is_ok(), "{name}");
    }
    native.is_ok()
}

#[test]
fn number_corruptions_get_the_native_verdict_on_the_host_path() {
    for base in ["rsa2048.pkcs1.pem", "rsa3072.pkcs1.pem"] {
        let (mut accepted, mut refused) = (0, 0);
        for (name, numbers) in corruptions(&numbers_of(&key_text(base))) {
            if same_verdict(&format!("{base}: {name}"), &pem_of(&rsa_der(&numbers))) {
                accepted += 1;
            } else {
                refused += 1;
            }
        }
        // Unreduced d, swapped primes with their CRT values, and odd e = 3 …
        // fail or pass as aws-lc says; both outcomes must occur.
        assert!(accepted >= 2 && refused >= 60, "{base}: {accepted} accepted, {refused} refused");
    }
}

#[test]
fn known_verdicts_of_number_corruptions() {
    let original = numbers_of(&key_text("rsa2048.pkcs1.pem"));
    let verdicts: std::collections::HashMap<String, Verdict> = corruptions(&original)
        .into_iter()
        .map(|(name, numbers)| {
            let text = pem_of(&rsa_der(&numbers));
            (name, host(&text).0)
        })
        .collect();
    let malformed = |name: &str| {
        assert_eq!(verdicts[name].as_ref().unwrap_err().0, ErrorKind::KeyMalformed, "{name}");
    };
    // Hand-written from aws-lc's RSA_check_key (crypto/fipsmodule/rsa/rsa.c).
    for name in [
        "d corrupt, CRT values sound",
        "p and qInv corrupt",
        "qInv plus p, unreduced",
        "dP plus p-1, unreduced",
        "p and q swapped",
        "e = 65539",
        "e = 65538",
        "e = 3",
        "p = 1, q = n",
        "stripped (e, p, q, dP, dQ, qInv zero)",
    ] {
        malformed(name);
    }
    assert!(verdicts["d plus (p-1)(q-1), unreduced"].is_ok());
    assert!(verdicts["p, q, dP, dQ swapped and qInv recomputed"].is_ok());
    assert!(verdicts["p, q and dP, dQ swapped"].is_err(), "qInv is q⁻¹ mod p, not p⁻¹ mod q");
    assert_eq!(verdicts["e = 4294967296"].as_ref().unwrap_err().0, ErrorKind::KeyMalformed);
    assert_eq!(verdicts["e = 8589934591"].as_ref().unwrap_err().0, ErrorKind::KeyMalformed);
}

#[test]
fn one_character_substitutions_of_a_pem_get_the_native_verdict_on_the_host_path() {
    const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for base in ["rsa2048.pkcs1.pem", "rsa2048.pkcs8.pem"] {
        let text = key_text(base);
        let body_start = text.find('\n').unwrap() + 1;
        let body_end = text.rfind("-----END").unwrap();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let (mut accepted, mut refused) = (0, 0);
        for at in (body_start..body_end).step_by(3) {
            let old = text.as_bytes()[at];
            if old == b'\n' || old == b'=' {
                continue;
            }
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut new = BASE64[(seed % 64) as usize];
            if new == old {
                new = BASE64[((seed + 1) % 64) as usize];
            }
            let mut mutated = text.clone().into_bytes();
            mutated[at] = new;
            let mutated = String::from_utf8(mutated).unwrap();
            if same_verdict(&format!("{base}: byte {at} {} -> {}", old as char, new as char), &mutated) {
                accepted += 1;
            } else {
                refused += 1;
            }
        }
        assert!(refused > 400, "{base}: {accepted} accepted, {refused} refused");
    }
}

#[test]
fn a_probe_signature_that_does_not_verify_is_key_malformed() {
    let key = HostKey::parse(&key_text("rsa2048.pkcs8.pem"), None).unwrap();
    let mut signature = probe_signature(&key);
    assert!(key.check_probe_signature(&signature).is_ok());
    signature[100] ^= 1;
    assert_eq!(key.check_probe_signature(&signature).unwrap_err().kind(), ErrorKind::KeyMalformed);
    assert_eq!(key.check_probe_signature(&signature[1..]).unwrap_err().kind(), ErrorKind::KeyMalformed);
    assert_eq!(key.check_probe_signature(&[0xff; 256]).unwrap_err().kind(), ErrorKind::KeyMalformed);
    // A valid signature of another message is no proof either.
    let other = HostKey::parse(&key_text("rsa3072.pkcs8.pem"), None).unwrap();
    assert!(key.check_probe_signature(&probe_signature(&other)).is_err());
}

/// p = a·b with every other number consistent with it passes every check of
/// the numbers (aws-lc's `RSA_check_key` does not test primality), but its CRT
/// signatures are wrong. The native signer's pairwise-consistency test (one
/// probe signed and verified when the key is parsed) refuses it when the
/// client is created, with the error the host path's probe check gives.
#[test]
fn a_composite_prime_is_refused_when_the_client_is_created() {
    let text = key_text("numbers/p-composite.pem");
    let (host_verdict, _) = host(&text);
    assert!(host_verdict.is_ok(), "the numbers of p-composite.pem agree; only a signature shows the fault");
    let refused = HostKey::inconsistent();
    assert_eq!(native(&text), Err((refused.kind(), refused.message().to_owned())));
    // Parsed directly, without the key cache, too.
    assert_eq!(engagespot_token::SigningKey::from_text(&text).unwrap_err().kind(), ErrorKind::KeyMalformed);
}

/// Bun's and Deno's crypto refuse p-composite.pem when the WebAssembly glue
/// imports it, before the probe can run. The core then gives that key the
/// native verdict (a Fermat test of p and q, run only on a refusal), and a
/// sound key the host refuses the host's own reason, ES_KEY_UNSUPPORTED.
#[test]
fn a_host_refusal_of_a_composite_prime_is_the_native_error() {
    let text = key_text("numbers/p-composite.pem");
    let key = HostKey::parse(&text, None).expect("its numbers agree");
    let refused = key.host_refused("Bun node:crypto", "RSA internal error");
    assert_eq!(Err((refused.kind(), refused.message().to_owned())), native(&text));
    for name in ["rsa2048.pkcs1.pem", "rsa3072.pkcs8.pem", "rsa2048.e3.pkcs8.pem", "numbers/d-unreduced.pem"] {
        let sound = HostKey::parse(&key_text(name), None).expect("a sound key");
        let refused = sound.host_refused("Bun node:crypto", "RSA internal error");
        assert_eq!(refused.kind(), ErrorKind::KeyUnsupported, "{name}");
        assert!(
            refused.message().contains("(Bun node:crypto) refused it: RSA internal error"),
            "{name}: {}",
            refused.message()
        );
        assert!(native(&key_text(name)).is_ok(), "{name}");
    }
}
