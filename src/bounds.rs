//! The most text any argument may hold, checked before anything else is
//! read of it, so that a bad input never costs more than this bound: a
//! WebAssembly host refuses a longer argument without copying it into the
//! module's memory (its 4 GiB would run out), and every backend gives the
//! same error for it, since the verdict does not depend on what lies beyond.
//!
//! The bound, [`MAX_TEXT_BYTES`] (`src/limits.rs`), is a key file's size: the longest
//! signing key accepted, and far beyond any API key or user identifier (whose
//! own, smaller limits follow once the text is within this one). The API
//! secret is never read, so any length is accepted; a host need not copy it.

use crate::error::{Argument, Error, ErrorKind};
use crate::limits::MAX_TEXT_BYTES;

/// Refuses `what` if its text (`len` bytes of UTF-8) is over [`MAX_TEXT_BYTES`].
pub(crate) fn check_text_len(what: Argument, len: usize) -> Result<(), Error> {
    if len > MAX_TEXT_BYTES {
        Err(over_bound(what))
    } else {
        Ok(())
    }
}

/// The error for a text argument over [`MAX_TEXT_BYTES`]. It never gives the
/// exact length: a host that refuses the text without copying it does not
/// count its bytes.
pub fn over_bound(what: Argument) -> Error {
    let (kind, advice) = match what {
        Argument::ApiKey => (
            ErrorKind::ApiKeyInvalid,
            "Engagespot API keys are a few dozen characters: pass the API key shown in the Engagespot console",
        ),
        Argument::UserIdentifier => (ErrorKind::IdentifierTooLong, "pass the identifier of the user the token is for"),
        _ => (ErrorKind::KeyMalformed, "pass the RSA private key (PEM text) downloaded from the Engagespot console"),
    };
    Error::new(kind, format!("{} is over {MAX_TEXT_BYTES} bytes long, far too long to be one: {advice}", what.label()))
}
