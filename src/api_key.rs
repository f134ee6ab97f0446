//! The API key's checks, shared by the native client and the host-signed one:
//! every token carries the key, where the browser and Engagespot read it.

use crate::error::{Error, ErrorKind};
use crate::limits::MAX_API_KEY_BYTES;

/// `-----BEGIN` (PEM armour), and its base64 (`LS0tLS1CRUdJT`, a PEM that was
/// base64-encoded onto one line, as some secret stores hold keys).
const PEM_MARKERS: [&str; 2] = ["-----BEGIN", "LS0tLS1CRUdJT"];

/// Refuses an API key that cannot be one: every token carries it, where the
/// browser and Engagespot read it, so key material here would be published.
/// Messages never quote the key.
pub(crate) fn check_api_key(api_key: &str) -> Result<(), Error> {
    crate::bounds::check_text_len(crate::error::Argument::ApiKey, api_key.len())?;
    if PEM_MARKERS.iter().any(|marker| api_key.contains(marker)) {
        return Err(Error::new(
            ErrorKind::ApiKeyHoldsPem,
            "API key holds PEM text (-----BEGIN ...), such as the signing key, which every token would \
             publish: pass the API key shown in the Engagespot console as the API key, and the private key \
             as the signing key",
        ));
    }
    if api_key.contains('\0') {
        return Err(Error::new(
            ErrorKind::ApiKeyInvalid,
            "API key contains a NUL character, which C strings cannot carry",
        ));
    }
    if api_key.contains(['\r', '\n']) {
        return Err(Error::new(
            ErrorKind::ApiKeyInvalid,
            "API key contains a line break, which no Engagespot API key has: pass the API key shown in the \
             Engagespot console, without a trailing newline",
        ));
    }
    if api_key.chars().any(char::is_control) {
        return Err(Error::new(
            ErrorKind::ApiKeyInvalid,
            "API key contains a control character, which no Engagespot API key has: pass the API key shown \
             in the Engagespot console",
        ));
    }
    if api_key.len() > MAX_API_KEY_BYTES {
        return Err(Error::new(
            ErrorKind::ApiKeyInvalid,
            format!(
                "API key is {} bytes long; at most {MAX_API_KEY_BYTES} are accepted, and Engagespot API keys \
                 are far shorter: pass the API key shown in the Engagespot console",
                api_key.len()
            ),
        ));
    }
    Ok(())
}
