//! PEM framing (RFC 7468) after normalisation: every `-----BEGIN X-----`
//! needs its `-----END X-----`, nothing but whitespace may sit outside the
//! blocks, and the text must hold exactly one private key, optionally with
//! certificates. Framed by the markers rather than by lines, so a key whose
//! line breaks became spaces or were lost still frames unambiguously (the
//! markers' `-` is not in the base64 alphabet).
//!
//! Ours rather than `pem-rfc7468`'s: that crate takes one block with strict
//! 64-column lines, and cannot say which rule a text broke.

use zeroize::Zeroizing;

use super::bytes::decode_base64;
use super::errors::{ambiguous, encrypted, malformed, not_rsa, public_key_error};
use super::format::KeyFormat;
use super::text::PEM_BEGIN;
use crate::error::Error;

const PEM_END: &str = "-----END ";
const DASHES: &str = "-----";

struct Block<'a> {
    label: &'a str,
    /// Between the BEGIN and END lines: headers, then base64.
    contents: &'a str,
}

/// The one private-key block, its format decided by its label.
pub(super) struct KeyBlock<'a> {
    pub(super) format: KeyFormat,
    contents: &'a str,
}

/// Labels that messages may name. Any other label is described, not quoted:
/// a mangled line could hold key material.
const KNOWN_LABELS: [&str; 13] = [
    "PRIVATE KEY",
    "RSA PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "EC PRIVATE KEY",
    "DSA PRIVATE KEY",
    "OPENSSH PRIVATE KEY",
    "PUBLIC KEY",
    "RSA PUBLIC KEY",
    "CERTIFICATE",
    "TRUSTED CERTIFICATE",
    "CERTIFICATE REQUEST",
    "X509 CRL",
    "EC PARAMETERS",
];

fn shown(label: &str) -> String {
    match KNOWN_LABELS.iter().find(|known| **known == label) {
        Some(known) => format!("`{known}`"),
        None => "an unrecognised label".to_owned(),
    }
}

fn is_private_key(label: &str) -> bool {
    label.ends_with("PRIVATE KEY")
}

/// Splits normalised PEM text into its blocks.
fn frame(pem: &str) -> Result<Vec<Block<'_>>, Error> {
    let mut blocks = Vec::new();
    let mut rest = pem;
    loop {
        let Some(start) = rest.find(PEM_BEGIN) else {
            if !rest.trim().is_empty() {
                return Err(ambiguous("has text after an -----END line"));
            }
            return Ok(blocks);
        };
        if !rest[..start].trim().is_empty() {
            return Err(if blocks.is_empty() {
                ambiguous("has text before its -----BEGIN line")
            } else {
                ambiguous("has text between its PEM blocks")
            });
        }
        let after_begin = &rest[start + PEM_BEGIN.len()..];
        let label = after_begin
            .find(DASHES)
            .map(|end| &after_begin[..end])
            .filter(|label| label.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' '))
            .ok_or_else(|| malformed("has a truncated or invalid -----BEGIN line"))?;
        let body = &after_begin[label.len() + DASHES.len()..];
        let end = match body.find(PEM_END) {
            Some(end) if !body[..end].contains(PEM_BEGIN) => end,
            _ => return Err(malformed("is truncated (a -----BEGIN line has no -----END line)")),
        };
        let after_end = &body[end + PEM_END.len()..];
        let end_label = after_end
            .find(DASHES)
            .map(|at| &after_end[..at])
            .ok_or_else(|| malformed("is truncated (its -----END line is cut off)"))?;
        if end_label != label {
            return Err(malformed(&format!(
                "has an -----END line labelled {} that does not match its -----BEGIN line, labelled {}",
                shown(end_label),
                shown(label)
            )));
        }
        blocks.push(Block { label, contents: &body[..end] });
        rest = &after_end[end_label.len() + DASHES.len()..];
    }
}

/// Picks the private key from normalised PEM text, or says why there is no
/// single usable one.
pub(super) fn private_key_block(pem: &str) -> Result<KeyBlock<'_>, Error> {
    let blocks = frame(pem)?;
    let keys: Vec<&Block<'_>> = blocks.iter().filter(|b| is_private_key(b.label)).collect();
    match keys.as_slice() {
        [key] => {
            if let Some(other) = blocks.iter().find(|b| !is_private_key(b.label) && b.label != "CERTIFICATE") {
                return Err(ambiguous(&format!(
                    "holds a PEM block labelled {} beside the private key, and only certificates may accompany it",
                    shown(other.label)
                )));
            }
            key_block(key)
        }
        [first, second] if first.contents == second.contents => Err(ambiguous("holds the same private key twice")),
        [] => Err(match blocks.first().map(|b| b.label) {
            Some("PUBLIC KEY" | "RSA PUBLIC KEY") => public_key_error("a public key"),
            Some("CERTIFICATE") => public_key_error("a certificate (which holds a public key)"),
            _ => malformed("is a PEM block of an unsupported type"),
        }),
        several => Err(ambiguous(&format!("holds {} private keys", several.len()))),
    }
}

fn key_block<'a>(block: &Block<'a>) -> Result<KeyBlock<'a>, Error> {
    let format = match block.label {
        // Only a header inside the key's own block counts (RFC 1421).
        "RSA PRIVATE KEY"
            if headers(block.contents).any(|h| h.starts_with("Proc-Type:") && h.contains("ENCRYPTED")) =>
        {
            return Err(encrypted())
        }
        "ENCRYPTED PRIVATE KEY" => return Err(encrypted()),
        "RSA PRIVATE KEY" => KeyFormat::Pkcs1,
        "PRIVATE KEY" => KeyFormat::Pkcs8,
        "EC PRIVATE KEY" => return Err(not_rsa("an EC key")),
        "DSA PRIVATE KEY" => return Err(not_rsa("a DSA key")),
        "OPENSSH PRIVATE KEY" => {
            return Err(malformed(
                "is in OpenSSH format, which is not supported; convert a copy with \
                 `ssh-keygen -p -m PKCS8 -f copy_of_key` (RSA keys only)",
            ))
        }
        _ => return Err(malformed("is a PEM block of an unsupported type")),
    };
    Ok(KeyBlock { format, contents: block.contents })
}

/// The RFC 1421 header lines ("Name: value") at the top of a block.
fn headers(contents: &str) -> impl Iterator<Item = &str> {
    contents.split('\n').map(str::trim).filter(|l| !l.is_empty()).take_while(|l| l.contains(':'))
}

impl KeyBlock<'_> {
    /// The block's DER, wiped on drop. Whitespace inside the base64 (line
    /// breaks turned into spaces) is ignored.
    pub(super) fn decode_body(&self) -> Result<Zeroizing<Vec<u8>>, Error> {
        let header_lines = headers(self.contents).count();
        let mut body = Zeroizing::new(Vec::with_capacity(self.contents.len()));
        for line in self.contents.split('\n').map(str::trim).filter(|l| !l.is_empty()).skip(header_lines) {
            body.extend(line.bytes().filter(|b| !b.is_ascii_whitespace()));
        }
        if body.is_empty() {
            return Err(malformed("has an empty PEM body"));
        }
        decode_base64(&body).ok_or_else(|| malformed("is truncated or corrupt (its PEM body is not base64)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn kind(pem: &str) -> ErrorKind {
        private_key_block(pem).err().map(|e| e.kind()).unwrap()
    }

    #[test]
    fn framing_rules() {
        let key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        let cert = "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n";
        assert!(private_key_block(key).is_ok());
        assert!(private_key_block(&format!("{cert}{key}{cert}")).is_ok());
        assert!(private_key_block("-----BEGIN PRIVATE KEY----- AAAA -----END PRIVATE KEY-----").is_ok());
        assert_eq!(kind(&format!("{key}x")), ErrorKind::KeyAmbiguous);
        assert_eq!(kind(&format!("x\n{key}")), ErrorKind::KeyAmbiguous);
        assert_eq!(kind(&format!("{key}{key}")), ErrorKind::KeyAmbiguous);
        assert_eq!(kind(&key.replace("END PRIVATE", "END RSA PRIVATE")), ErrorKind::KeyMalformed);
        assert_eq!(kind("-----BEGIN PRIVATE KEY-----\nAAAA\n"), ErrorKind::KeyMalformed);
        assert_eq!(kind("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIV"), ErrorKind::KeyMalformed);
        assert_eq!(kind("-----BEGIN private-----\nAAAA\n-----END private-----"), ErrorKind::KeyMalformed);
    }

    #[test]
    fn unknown_labels_are_not_quoted() {
        assert_eq!(shown("CERTIFICATE"), "`CERTIFICATE`");
        assert_eq!(shown("MIIEVQIBADANBG"), "an unrecognised label");
    }

    #[test]
    fn only_leading_lines_are_headers() {
        assert_eq!(headers("Proc-Type: 4,ENCRYPTED\nDEK-Info: x\nAAAA\nB:C").count(), 2);
        assert_eq!(headers("AAAA\nProc-Type: 4,ENCRYPTED").count(), 0);
    }
}
