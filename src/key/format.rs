//! What the intake tells about an accepted key: its PEM structure, the form
//! its text arrived in, and its size. A leaf of `key/`: no key material.

/// The PEM structure the key was in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyFormat {
    /// `-----BEGIN RSA PRIVATE KEY-----` (RFC 8017 `RSAPrivateKey`).
    Pkcs1,
    /// `-----BEGIN PRIVATE KEY-----` (RFC 5208 `PrivateKeyInfo`).
    Pkcs8,
}

/// How the PEM text arrived, before it was normalised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyEncoding {
    /// Plain PEM text, as in the file downloaded from the console (also when
    /// its line breaks became spaces or were lost).
    Pem,
    /// PEM with its line breaks written as the two characters `\n`, as when a
    /// key is pasted into a one-line environment variable.
    EscapedNewlines,
    /// The whole PEM, base64-encoded onto one line.
    Base64Pem,
}

/// Facts about an accepted key. Contains no key material.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    /// Modulus size in bits.
    pub bits: usize,
    /// PKCS#1 or PKCS#8.
    pub format: KeyFormat,
    /// The form the text arrived in.
    pub encoding: KeyEncoding,
    /// Whether the text had Windows (CRLF) line ends.
    pub had_crlf: bool,
    /// Whether the text had leading or trailing whitespace or quotes.
    pub had_surrounding_whitespace: bool,
}
