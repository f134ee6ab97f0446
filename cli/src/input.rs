//! Keys and tokens from files, standard input, arguments and the environment,
//! each read no further than its cap, so that `--key /dev/zero` or a huge
//! stdin is refused at once instead of filling memory.

use std::io::Read;

use aws_lc_rs::rsa::PublicKey;
use aws_lc_rs::signature::RsaParameters;
use engagespot_token::{SigningKey, MAX_KEY_BITS, MIN_KEY_BITS};
use zeroize::Zeroizing;

use crate::output::Failure;

/// Largest key text read. An 8192-bit PKCS#8 PEM is about 6.4 KB (8.6 KB as
/// base64 on one line); 64 KiB leaves room for a certificate chain beside the
/// key. The core takes any length; the lead may move this cap into it.
pub const MAX_KEY_BYTES: usize = 64 * 1024;
/// Largest token read. A 1,024-byte identifier of escaped characters, a long
/// API key and an 8192-bit signature come to well under 16 KiB.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;
/// Where the key comes from when no file is named, as in the official SDKs.
pub const KEY_ENV: &str = engagespot_token::SIGNING_KEY_VARIABLE;

/// Reads FILE, or standard input for "-", refusing more than `cap` bytes.
/// The buffer is allocated once and wiped on drop: it may hold a key.
pub fn read(source: &str, what: &str, cap: usize) -> Result<Zeroizing<String>, Failure> {
    let cannot = |e: std::io::Error| Failure::usage("USAGE", format!("cannot read {what} from {source}: {e}"));
    let reader: Box<dyn Read> = if source == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(source).map_err(cannot)?)
    };
    let mut bytes = Zeroizing::new(Vec::with_capacity(cap + 1));
    reader.take(cap as u64 + 1).read_to_end(&mut bytes).map_err(cannot)?;
    within_cap(bytes.len(), cap, what, source)?;
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(Zeroizing::new(text.to_owned())),
        Err(_) => Err(Failure::usage("USAGE", format!("{what} from {source} is not UTF-8 text"))),
    }
}

fn within_cap(len: usize, cap: usize, what: &str, source: &str) -> Result<(), Failure> {
    if len <= cap {
        return Ok(());
    }
    Err(Failure::usage("INPUT_TOO_LARGE", format!("{what} from {source} is over the CLI's limit of {cap} bytes")))
}

/// The private key text from FILE, "-", or the environment variable.
pub fn private_key(source: Option<&str>) -> Result<Zeroizing<String>, Failure> {
    let Some(source) = source else {
        // An unset variable is the empty key: the core's ES_KEY_MISSING explains.
        let text = Zeroizing::new(match std::env::var(KEY_ENV) {
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(Failure::usage("USAGE", format!("${KEY_ENV} is not UTF-8 text")))
            }
            value => value.unwrap_or_default(),
        });
        within_cap(text.len(), MAX_KEY_BYTES, "the private key", &format!("${KEY_ENV}"))?;
        return Ok(text);
    };
    read(source, "the private key", MAX_KEY_BYTES)
}

/// The token from the argument, or from standard input for "-", trimmed.
pub fn token(argument: &str) -> Result<String, Failure> {
    if argument == "-" {
        return Ok(read("-", "the token", MAX_TOKEN_BYTES)?.trim().to_owned());
    }
    within_cap(argument.len(), MAX_TOKEN_BYTES, "the token", "the command line")?;
    Ok(argument.trim().to_owned())
}

/// The RSA public key in FILE: SPKI (`PUBLIC KEY`) or PKCS#1 (`RSA PUBLIC KEY`)
/// PEM, or a private key, whose public half is taken. Wrong files are usage errors.
pub fn public_key(path: &str) -> Result<PublicKey, Failure> {
    let text = read(path, "the public key", MAX_KEY_BYTES)?;
    let unusable = |why: String| Failure::usage("USAGE", format!("{path}: {why}"));
    let der = if text.contains("PRIVATE KEY") {
        let key = SigningKey::from_text(&text).map_err(|e| unusable(e.message().to_owned()))?;
        key.public_key_der().to_vec()
    } else {
        let block = pem::parse(text.trim()).map_err(|_| unusable("not a PEM public key".to_owned()))?;
        match block.tag() {
            "PUBLIC KEY" | "RSA PUBLIC KEY" => block.into_contents(),
            other => return Err(unusable(format!("holds a {other}, not a public key"))),
        }
    };
    let key = PublicKey::from_der(&der).map_err(|_| unusable("not an RSA public key".to_owned()))?;
    match RsaParameters::public_modulus_len(key.as_ref()).map(|bits| bits as usize) {
        Ok(bits) if (MIN_KEY_BITS..=MAX_KEY_BITS).contains(&bits) => Ok(key),
        Ok(bits) => Err(unusable(format!("a {bits}-bit key; RS256 here takes {MIN_KEY_BITS} to {MAX_KEY_BITS} bits"))),
        Err(_) => Err(unusable("not an RSA public key".to_owned())),
    }
}
