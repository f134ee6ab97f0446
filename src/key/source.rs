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
    /// The rest of a `file://` URI (the path as written), or `None` for key text.
    pub(crate) fn uri_path(input: &str) -> Option<&str> {
        text::unquoted(input).strip_prefix(FILE_URI)
    }

    /// Reads the file a `file://` URI names; any other input is key text.
    pub(crate) fn resolve(input: &'a str) -> Result<KeySource<'a>, Error> {
        let Some(rest) = KeySource::uri_path(input) else {
            return Ok(KeySource::Text(input));
        };
        let path = Path::new(rest);
        if rest.contains('\0') {
            // No file name holds a NUL, and C strings would cut the path there
            // and name one that was never tried: show it escaped.
            return Err(Error::new(
                ErrorKind::KeyFileUnreadable,
                format!(
                    "signing key {FILE_URI}{} contains a NUL byte (shown as \\0), which no file path can \
                     hold; nothing was read: check how the URI was built",
                    rest.replace('\0', "\\0")
                ),
            ));
        }
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

/// Opens the file without waiting: a FIFO opens at once (with no writer) and
/// is then refused, and a file that honours `O_NONBLOCK` (`/proc/kmsg`)
/// answers "would block" instead of waiting for data. A file system that does
/// not answer (a hung NFS or FUSE mount) can still block in the kernel.
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Reads at most [`MAX_KEY_FILE_BYTES`] into a wiped buffer allocated once.
fn read(path: &Path) -> Result<Zeroizing<String>, Error> {
    // Where the test-only `block:key_file` fault stands in for a hung mount.
    crate::fault::point("key_file");
    let mut file = open(path).map_err(|e| unreadable(path, e))?;
    // Checked on the opened file, so that no swap after a check can put a
    // FIFO or a device in its place.
    let metadata = file.metadata().map_err(|e| unreadable(path, e))?;
    if !metadata.is_file() {
        return Err(unreadable(path, "it is not a regular file"));
    }
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
