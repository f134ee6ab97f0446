//! Where the key text comes from: the text itself, or a `file://` URI naming
//! a file that holds it (as php-jwt and PHP's openssl accept). Read here, in
//! the core, so that every language reads it the same way.
//!
//! Only `file://` followed by an absolute path: `file:///etc/key.pem`. The
//! rest of the URI is the path as written (no percent-decoding, as PHP's
//! openssl does). `file://relative.pem` is refused, because what it names
//! would depend on the process's working directory.

use std::io::Read as _;
use std::path::Path;

use zeroize::{Zeroize as _, Zeroizing};

use super::{malformed, text, MAX_KEY_FILE_BYTES};
use crate::error::{Error, ErrorKind};

const FILE_URI: &str = "file://";

/// The key text to parse, and where it came from.
pub(crate) enum KeySource<'a> {
    /// The caller passed the key text itself.
    Text(&'a str),
    /// The caller passed `file://<path>`; `text` is the file's contents.
    File { path: &'a Path, text: Zeroizing<String> },
}

impl<'a> KeySource<'a> {
    /// Reads the file a `file://` URI names; any other input is key text.
    pub(crate) fn resolve(input: &'a str) -> Result<KeySource<'a>, Error> {
        let Some(rest) = text::unquoted(input).strip_prefix(FILE_URI) else {
            return Ok(KeySource::Text(input));
        };
        let path = Path::new(rest);
        if !path.is_absolute() {
            return Err(Error::new(
                ErrorKind::KeyIsPath,
                format!(
                    "signing key {FILE_URI}{} does not name an absolute path: write \
                     file:///absolute/path/to/key.pem (three slashes), or pass the key's PEM text",
                    path.display()
                ),
            ));
        }
        Ok(KeySource::File { path, text: read(path)? })
    }

    /// The text to fingerprint and parse: for a file, its contents, so that a
    /// replaced file (a rotated key) is read afresh.
    pub(crate) fn text(&self) -> &str {
        match self {
            KeySource::Text(text) => text,
            KeySource::File { text, .. } => text,
        }
    }

    /// Names the file in an error about its contents, in place of "signing key".
    pub(crate) fn annotate(&self, error: Error) -> Error {
        match self {
            KeySource::Text(_) => error,
            KeySource::File { path, .. } => in_file(path, error),
        }
    }
}

fn in_file(path: &Path, error: Error) -> Error {
    let detail = error.message().strip_prefix("signing key ").unwrap_or(error.message());
    Error::new(error.kind(), format!("signing key file {}: {detail}", path.display()))
}

fn unreadable(path: &Path, reason: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::KeyFileUnreadable, format!("signing key file {} cannot be read: {reason}", path.display()))
}

/// Reads at most [`MAX_KEY_FILE_BYTES`] into a wiped buffer allocated once.
fn read(path: &Path) -> Result<Zeroizing<String>, Error> {
    // Refuse FIFOs and devices before opening: opening a FIFO blocks.
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(path, e))?;
    if !metadata.is_file() {
        return Err(unreadable(path, "it is not a regular file"));
    }
    let mut file = std::fs::File::open(path).map_err(|e| unreadable(path, e))?;
    let mut buffer = Zeroizing::new(vec![0u8; MAX_KEY_FILE_BYTES + 1]);
    let mut len = 0;
    while len < buffer.len() {
        match file.read(&mut buffer[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(unreadable(path, e)),
        }
    }
    if len > MAX_KEY_FILE_BYTES {
        return Err(unreadable(path, format_args!("it is over {MAX_KEY_FILE_BYTES} bytes, too large for a key file")));
    }
    buffer.truncate(len);
    // Moves the same allocation into the String: no copy.
    match String::from_utf8(std::mem::take(&mut *buffer)) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(error) => {
            let mut bytes = error.into_bytes();
            let binary_der = bytes.first() == Some(&0x30);
            bytes.zeroize();
            Err(in_file(
                path,
                if binary_der {
                    malformed(
                        "is binary DER, not PEM text; convert it once with \
                         `openssl pkey -inform DER -in key.der -out key.pem`",
                    )
                } else {
                    malformed("is not text (not UTF-8)")
                },
            ))
        }
    }
}
