//! Where the key text comes from: the text itself, or a `file://` URI naming
//! a file that holds it (as php-jwt and PHP's openssl accept). Read here, in
//! the core, so that every language reads it the same way.
//!
//! Only `file://` followed by an absolute path: `file:///etc/key.pem`. The
//! rest of the URI is the path as written (no percent-decoding, as PHP's
//! openssl does). `file://relative.pem` is refused, because what it names
//! would depend on the process's working directory.

#[cfg(feature = "aws-lc")]
use std::io::Read as _;
use std::path::Path;

use zeroize::{Zeroize as _, Zeroizing};

use super::errors::malformed;
use super::text;
use crate::error::{Error, ErrorKind};
use crate::limits::MAX_KEY_FILE_BYTES;

const FILE_URI: &str = "file://";

/// The key text to parse, and where it came from.
pub(crate) enum KeySource<'a> {
    /// The caller passed the key text itself.
    Text(&'a str),
    /// The caller passed `file://<path>`; `text` is the file's contents.
    File { path: &'a Path, text: Zeroizing<String> },
}

/// What a host reports after reading a `file://` key's file for the core
/// (the WebAssembly build has no file system of its own). The core applies
/// the same rules to it as to a file it reads itself.
pub enum HostFile {
    /// The file's first bytes: at most [`MAX_KEY_FILE_BYTES`] + 1, so that a
    /// larger file is recognised.
    Contents(Zeroizing<Vec<u8>>),
    /// The path names something other than a regular file.
    NotRegularFile,
    /// The host could not read it; the host's reason (e.g. "ENOENT: no such
    /// file or directory"), never the file's contents.
    Unreadable(String),
}

impl<'a> KeySource<'a> {
    /// The rest of a `file://` URI (the path as written), or `None` for key text.
    pub(crate) fn uri_path(input: &str) -> Option<&str> {
        text::unquoted(input).strip_prefix(FILE_URI)
    }

    /// Reads the file a `file://` URI names; any other input is key text.
    #[cfg(feature = "aws-lc")]
    pub(crate) fn resolve(input: &'a str) -> Result<KeySource<'a>, Error> {
        KeySource::resolve_with(input, read)
    }

    /// As [`KeySource::resolve`], reading the file with `read`.
    pub(crate) fn resolve_with(
        input: &'a str,
        read: impl FnOnce(&Path) -> Result<Zeroizing<String>, Error>,
    ) -> Result<KeySource<'a>, Error> {
        crate::bounds::check_text_len(crate::error::Argument::SigningKey, input.len())?;
        match KeySource::file_path(input)? {
            None => Ok(KeySource::Text(input)),
            Some(path) => Ok(KeySource::File { path, text: read(path)? }),
        }
    }

    /// The absolute path a `file://` URI names, or `None` for key text.
    pub(crate) fn file_path(input: &'a str) -> Result<Option<&'a Path>, Error> {
        let Some(rest) = KeySource::uri_path(input) else {
            return Ok(None);
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
        if !is_absolute(path) {
            return Err(Error::new(
                ErrorKind::KeyIsPath,
                format!(
                    "signing key {FILE_URI}{} does not name an absolute path: write \
                     file:///absolute/path/to/key.pem (three slashes), or pass the key's PEM text",
                    path.display()
                ),
            ));
        }
        Ok(Some(path))
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

/// Whether `path` is absolute on the machine that reads it. The WebAssembly
/// build (no OS of its own) leaves reading to the host and takes a path that
/// starts at a root: `std` there knows only Windows-style prefixes.
fn is_absolute(path: &Path) -> bool {
    if cfg!(all(target_family = "wasm", target_os = "unknown")) {
        path.has_root()
    } else {
        path.is_absolute()
    }
}

fn in_file(path: &Path, error: Error) -> Error {
    let detail = error.message().strip_prefix("signing key ").unwrap_or(error.message());
    Error::new(error.kind(), format!("signing key file {}: {detail}", path.display()))
}

fn unreadable(path: &Path, reason: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::KeyFileUnreadable, format!("signing key file {} cannot be read: {reason}", path.display()))
}

/// The text of a file a host read for the core, under the rules of [`read`].
pub(super) fn host_text(path: &Path, file: Option<HostFile>) -> Result<Zeroizing<String>, Error> {
    match file {
        Some(HostFile::Contents(bytes)) => into_text(path, bytes),
        Some(HostFile::NotRegularFile) => Err(unreadable(path, "it is not a regular file")),
        Some(HostFile::Unreadable(reason)) => Err(unreadable(path, reason)),
        None => Err(unreadable(path, "this runtime gives no access to files; pass the key's PEM text")),
    }
}

/// Opens the file without waiting: a FIFO opens at once (with no writer) and
/// is then refused, and a file that honours `O_NONBLOCK` (`/proc/kmsg`)
/// answers "would block" instead of waiting for data. A file system that does
/// not answer (a hung NFS or FUSE mount) can still block in the kernel.
#[cfg(all(unix, feature = "aws-lc"))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(all(not(unix), feature = "aws-lc"))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Reads at most [`MAX_KEY_FILE_BYTES`] into a wiped buffer allocated once.
#[cfg(feature = "aws-lc")]
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
    buffer.truncate(len);
    into_text(path, buffer)
}

/// A key file's first bytes as text: at most [`MAX_KEY_FILE_BYTES`], UTF-8.
fn into_text(path: &Path, mut buffer: Zeroizing<Vec<u8>>) -> Result<Zeroizing<String>, Error> {
    if buffer.len() > MAX_KEY_FILE_BYTES {
        return Err(unreadable(path, format_args!("it is over {MAX_KEY_FILE_BYTES} bytes, too large for a key file")));
    }
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
