//! The numbers of an RSA private key, checked in Rust exactly as aws-lc
//! checks them when the native signer parses the key, for a host that signs
//! without aws-lc (the WebAssembly build), so that every backend reaches the
//! same verdict on every key. docs/key-checks.md has the same list for
//! readers.
//!
//! What the native path does, step by step (aws-lc-rs 1.19
//! `RsaKeyPair::from_der`, aws-lc 0.47's `RSA_parse_private_key`,
//! `RSA_check_key` and `is_public_component_of_rsa_key_good` in
//! `crypto/rsa_extra/rsa_asn1.c` and `crypto/fipsmodule/rsa/rsa.c`):
//!
//! 1. Structure (here: RustCrypto's `pkcs1`, in `der.rs`, for every backend):
//!    a SEQUENCE of version 0 (two primes) and eight INTEGERs, each in
//!    minimal DER and not negative, and nothing after them.
//! 2. Sizes (`der.rs`, every backend): more than two primes, or a public
//!    exponent over 33 bits, is [`ErrorKind::KeyUnsupported`]; a modulus of
//!    under 2048 or over 8192 bits is too small or too large.
//! 3. The numbers ([`check`] here; aws-lc's `RSA_check_key` natively). Each
//!    failure is [`ErrorKind::KeyMalformed`]:
//!    - n is odd;
//!    - e is odd and at least 3 (at most 33 bits: step 2);
//!    - p < n and q < n, and p·q = n;
//!    - d·e ≡ 1 (mod p−1) and d·e ≡ 1 (mod q−1) (d need not be reduced:
//!      keys made with Euler's totient pass);
//!    - dP = d mod (p−1) and dQ = d mod (q−1), exactly (so a corrupt d with
//!      sound CRT values fails here, as it does natively);
//!    - qInv < p and q·qInv ≡ 1 (mod p).
//!
//!    aws-lc also accepts a "stripped" key (e, p, q, dP, dQ and qInv all zero)
//!    at this step, then fails to write its public key: natively that is the
//!    same [`ErrorKind::KeyMalformed`], and here e = 0 fails the second check.
//!
//! Not checked, natively or here: that p and q are prime (aws-lc's
//! `RSA_check_fips` would test n, but aws-lc-rs parses without it), and
//! that d < n. Some hosts' crypto refuses a key whose d is not below n
//! (Bun's BoringSSL: `DECODE_ERROR`), although aws-lc signs with it: for
//! them the key is handed over with d reduced ([`private_exponent_below_n`]),
//! which changes no signature (the CRT values, which sign, are the same). With p·q = n and n the product of two primes, p and q are those
//! primes, so every key a corruption produces is caught; a key built with a
//! composite factor on purpose is left to the pairwise-consistency test made
//! when the key is parsed: natively a probe signed by aws-lc and verified with
//! the public half (`pairwise_consistent` in `mod.rs`, and aws-lc checks every
//! later signature too), on a host-signed backend the host's probe signature
//! verified here ([`super::HostKey::check_probe_signature`]). Both refuse it
//! with the same [`ErrorKind::KeyMalformed`] error when the client is created;
//! where the host's crypto refuses such a key on import, before the probe,
//! [`factors_pass_fermat`] decides.
//!
//! The arithmetic is crypto-bigint's (never the `rsa` crate): products and
//! remainders in constant time, every intermediate value this module holds
//! wiped when dropped (for the Fermat test's, see [`factors_pass_fermat`]).

use std::cmp::Ordering;

use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, ConcatenatingMul as _, NonZero, Odd, Resize as _};
use pkcs1::RsaPrivateKeyRef;
use pkcs8::der::Decode as _;
use zeroize::Zeroizing;

use super::errors::inconsistent;
use crate::error::Error;

/// A big-endian unsigned integer from the key, as a wiped-on-drop number.
fn number(bytes: &[u8]) -> Zeroizing<BoxedUint> {
    Zeroizing::new(BoxedUint::from_be_slice_vartime(bytes))
}

fn equal(a: &BoxedUint, b: &BoxedUint) -> bool {
    a.cmp_vartime(b) == Ordering::Equal
}

fn less(a: &BoxedUint, b: &BoxedUint) -> bool {
    a.cmp_vartime(b) == Ordering::Less
}

fn is_one(a: &BoxedUint) -> bool {
    equal(a, &BoxedUint::one())
}

/// `a mod m`; `None` when `m` is zero.
fn rem(a: &BoxedUint, m: &BoxedUint) -> Option<Zeroizing<BoxedUint>> {
    let m: Option<NonZero<BoxedUint>> = m.to_nz().into();
    Some(Zeroizing::new(a.rem(&m?)))
}

/// The private exponent for a host, big-endian: `None` when the key's d is
/// below n (it is handed over as it is), else d mod φ(n), φ(n) = (p−1)(q−1).
/// That is still an inverse of e modulo p−1 and q−1 (both divide φ(n)), so
/// dP and dQ, and every signature, stay the same; and it is below φ(n) < n.
/// Only for a key [`check`] accepted.
pub(super) fn private_exponent_below_n(key: &RsaPrivateKeyRef<'_>) -> Option<Zeroizing<Vec<u8>>> {
    let n = number(key.modulus.as_bytes());
    let d = number(key.private_exponent.as_bytes());
    if less(&d, &n) {
        return None;
    }
    let p_minus_1 = Zeroizing::new(number(key.prime1.as_bytes()).wrapping_sub(BoxedUint::one()));
    let q_minus_1 = Zeroizing::new(number(key.prime2.as_bytes()).wrapping_sub(BoxedUint::one()));
    let phi = Zeroizing::new((*p_minus_1).concatenating_mul(&*q_minus_1));
    // φ(n) is not zero: p and q are at least 3 (check() ran).
    let reduced = rem(&d, &phi)?;
    let bytes = Zeroizing::new(reduced.to_be_bytes());
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len() - 1);
    Some(Zeroizing::new(bytes[first..].to_vec()))
}

/// Whether p and q both pass a Fermat test to base 2 (2^(x−1) ≡ 1 mod x).
/// Every prime passes; every composite fails but a base-2 pseudoprime (the
/// Carmichael numbers, every composite 2^k − 1 with k prime, and rarer
/// others), which a key's generator does not produce. [`check`] cannot tell
/// a key built on purpose with a composite factor, and some hosts' crypto
/// refuses such a key when it is imported, before the pairwise-consistency
/// probe can run (Bun's and Deno's): this is how the core tells that refusal
/// ([`ErrorKind::KeyMalformed`], as natively) from one of a sound key the
/// host does not support. Run only then (once per key, [`super::HostKey`]
/// keeps the verdict): each test is a modular exponentiation by a secret,
/// crypto-bigint's Montgomery `pow`, in constant time, about 8 ms for a
/// 2048-bit key and half a second for 8192 bits in WebAssembly. Only for a
/// key [`check`] accepted.
///
/// crypto-bigint does not wipe the Montgomery parameters (p, R mod p,
/// R² mod p, behind an `Arc`) or `pow`'s table of powers when they are
/// dropped. The WebAssembly build, the only one that runs this test, zeroes
/// every block it frees (its global allocator), and `wasm-memory.test.js`
/// looks for those numbers in the module's memory after a refusal.
///
/// [`ErrorKind::KeyMalformed`]: crate::ErrorKind::KeyMalformed
pub(super) fn factors_pass_fermat(key: &RsaPrivateKeyRef<'_>) -> bool {
    fermat_base_two(&number(key.prime1.as_bytes())) && fermat_base_two(&number(key.prime2.as_bytes()))
}

fn fermat_base_two(x: &BoxedUint) -> bool {
    // check() has made sure that p and q are odd and at least 3.
    let Some(modulus) = Option::<Odd<BoxedUint>>::from(Odd::new(x.clone())) else { return false };
    let params = BoxedMontyParams::new(modulus);
    let two = BoxedMontyForm::new(BoxedUint::from(2u8).resize(x.bits_precision()), &params);
    let exponent = Zeroizing::new(x.wrapping_sub(BoxedUint::one()));
    let power = Zeroizing::new(two.pow(&exponent));
    is_one(&power.retrieve())
}

/// Checks the numbers of a two-prime `RSAPrivateKey` (DER, already checked
/// by `der.rs`) as aws-lc's `RSA_check_key` does: see the module's docs.
/// Every failure is the same [`ErrorKind::KeyMalformed`] error the native
/// path gives.
///
/// [`ErrorKind::KeyMalformed`]: crate::ErrorKind::KeyMalformed
pub(super) fn check(pkcs1: &[u8]) -> Result<(), Error> {
    let key = RsaPrivateKeyRef::from_der(pkcs1).map_err(|_| inconsistent())?;
    if numbers_agree(&key) {
        Ok(())
    } else {
        Err(inconsistent())
    }
}

fn numbers_agree(key: &RsaPrivateKeyRef<'_>) -> bool {
    let odd = |bytes: &[u8]| bytes.last().is_some_and(|&low| low & 1 == 1);
    // n odd; e odd and at least 3 (its upper bound is checked in der.rs).
    if !odd(key.modulus.as_bytes()) || !odd(key.public_exponent.as_bytes()) || key.public_exponent.as_bytes() == [1] {
        return false;
    }
    let n = number(key.modulus.as_bytes());
    let e = number(key.public_exponent.as_bytes());
    let p = number(key.prime1.as_bytes());
    let q = number(key.prime2.as_bytes());
    if !less(&p, &n) || !less(&q, &n) || !equal(&Zeroizing::new((*p).concatenating_mul(&*q)), &n) {
        return false;
    }
    // p·q = n (odd) with both below n: p and q are odd and at least 3, so
    // p−1 and q−1 are not zero (`rem` checks it all the same).
    let p_minus_1 = Zeroizing::new(p.wrapping_sub(BoxedUint::one()));
    let q_minus_1 = Zeroizing::new(q.wrapping_sub(BoxedUint::one()));
    let d = number(key.private_exponent.as_bytes());
    let de = Zeroizing::new((*d).concatenating_mul(&*e));
    let congruent = |m: &BoxedUint| rem(&de, m).is_some_and(|r| is_one(&r));
    if !congruent(&p_minus_1) || !congruent(&q_minus_1) {
        return false;
    }
    let reduced = |m: &BoxedUint, expected: &[u8]| rem(&d, m).is_some_and(|r| equal(&r, &number(expected)));
    if !reduced(&p_minus_1, key.exponent1.as_bytes()) || !reduced(&q_minus_1, key.exponent2.as_bytes()) {
        return false;
    }
    let q_inv = number(key.coefficient.as_bytes());
    less(&q_inv, &p) && rem(&Zeroizing::new((*q).concatenating_mul(&*q_inv)), &p).is_some_and(|r| is_one(&r))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2^k − 1, at 256 bits of precision.
    fn mersenne(k: u32) -> BoxedUint {
        BoxedUint::one_with_precision(256).shl(k).wrapping_sub(BoxedUint::one_with_precision(256))
    }

    /// Known primes (Mersenne primes, from the literature, not from this
    /// code), composites made as products of two of them, and base-2
    /// pseudoprimes, which pass: the limit the function's docs name.
    #[test]
    fn fermat_base_two_tells_known_primes_from_composites() {
        for k in [3, 5, 61, 89, 107, 127] {
            assert!(fermat_base_two(&mersenne(k)), "2^{k} - 1 is prime");
        }
        // Primes of other forms: 2^255 − 19 (Curve25519's field), 2^224 − 2^96 + 1 (P-224's).
        let one = BoxedUint::one_with_precision(256);
        let p25519 = one.shl(255).wrapping_sub(BoxedUint::from(19u64).resize(256));
        let p224 = one.shl(224).wrapping_sub(one.shl(96)).wrapping_add(&one);
        assert!(fermat_base_two(&p25519) && fermat_base_two(&p224));
        assert!(
            !fermat_base_two(&p25519.wrapping_add(BoxedUint::from(2u64).resize(256))),
            "2^255 - 17 is divisible by 3"
        );
        for (a, b) in [(31, 61), (61, 89), (89, 107), (107, 127)] {
            let product = mersenne(a).concatenating_mul(&mersenne(b));
            assert!(!fermat_base_two(&product), "(2^{a} - 1)(2^{b} - 1) is composite");
        }
        assert!(!fermat_base_two(&BoxedUint::from(15u64)));
        assert!(!fermat_base_two(&BoxedUint::from(1_000_000u64)), "even");
        // 341 = 11 · 31, 561 = 3 · 11 · 17 (a Carmichael number) and every
        // composite 2^p − 1 with p prime (2^11 − 1 = 23 · 89) pass.
        for pseudoprime in [BoxedUint::from(341u64), BoxedUint::from(561u64), mersenne(11), mersenne(23)] {
            assert!(fermat_base_two(&pseudoprime));
        }
    }
}
