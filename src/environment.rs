//! What the library takes from the environment, written once: the names of
//! the variables, which given values mean "read the variable instead", and
//! the words `ENGAGESPOT_TOKEN_BACKEND` accepts. A leaf module.
//!
//! Bindings that call the core read these from it (Rust constants, the C ABI's
//! `es_*_variable()`, Node's and Python's module attributes); the edges that
//! run before the core is loaded (the WebAssembly glue, the pure-PHP fallback,
//! Node's backend choice) read them from files generated from this module
//! (tests/generated.rs), which a test keeps fresh. tests/no_literal_rules.rs
//! fails when a binding spells one of these names itself.

/// The environment variable that holds the API key, read by the framework
/// integrations and the CLI when none is configured.
pub const API_KEY_VARIABLE: &str = "ENGAGESPOT_API_KEY";
/// The environment variable that holds the API secret, read by the framework
/// integrations when none is configured.
pub const API_SECRET_VARIABLE: &str = "ENGAGESPOT_API_SECRET";
/// The environment variable that holds the signing key when a binding is
/// given none (see [`takes_environment`]), as in the official SDKs. The
/// bindings read it by this name (C: `es_signing_key_variable()`).
pub const SIGNING_KEY_VARIABLE: &str = "ENGAGESPOT_PRIVATE_SIGNING_KEY";
/// The environment variable that chooses the backend in the languages that
/// have a fallback (Node: the WebAssembly core; PHP: the ext-openssl one).
/// See [`Backend::from_variable`].
pub const BACKEND_VARIABLE: &str = "ENGAGESPOT_TOKEN_BACKEND";

/// A value a caller gave where an environment variable can stand in, as a
/// binding sees it: its kind, never its text (which may be a secret).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Given {
    /// Nothing: absent, `null`, `None`, `nil` or JavaScript's `undefined`.
    Absent,
    /// Empty text: `''`, or zero bytes of it.
    EmptyText,
    /// Text (or bytes of it) that is not empty, blank text included.
    Text,
    /// Any other value (a number, `false`, an object): never the environment's
    /// cue; the core reports its type.
    Other,
}

/// The given values that mean "read the environment variable": absent
/// (`null`, `None`, `nil`, `undefined`) and the empty text `''`. Nothing else
/// does: JavaScript's `0` and `false` are wrong types, not a cue. Generated
/// files list these as each language writes them.
pub const FROM_ENVIRONMENT: [Given; 2] = [Given::Absent, Given::EmptyText];

/// Whether `given` means "read the environment variable" (see
/// [`FROM_ENVIRONMENT`]).
pub fn takes_environment(given: Given) -> bool {
    FROM_ENVIRONMENT.contains(&given)
}

/// The backend a language with a fallback mints with, as
/// [`BACKEND_VARIABLE`] names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The native core: Node's addon, PHP's FFI.
    Native,
    /// The language's fallback: Node's WebAssembly core, PHP's ext-openssl.
    Fallback,
}

/// The words [`BACKEND_VARIABLE`] accepts, in every language alike.
pub const BACKEND_WORDS: [(&str, Backend); 2] = [("native", Backend::Native), ("fallback", Backend::Fallback)];

/// Former words, accepted in every language so that no shell that set one for
/// one language breaks another: `ffi` (PHP) is [`Backend::Native`]; `wasm`
/// (Node) and `openssl` (PHP) are [`Backend::Fallback`].
pub const BACKEND_ALIASES: [(&str, Backend); 3] =
    [("ffi", Backend::Native), ("wasm", Backend::Fallback), ("openssl", Backend::Fallback)];

impl Backend {
    /// The word for this backend, as [`BACKEND_WORDS`] spells it.
    pub const fn word(self) -> &'static str {
        match self {
            Backend::Native => BACKEND_WORDS[0].0,
            Backend::Fallback => BACKEND_WORDS[1].0,
        }
    }

    /// The backend `value` (the variable's value) asks for: `None` when it is
    /// empty or unset (choose automatically: native, else the fallback), or
    /// the message naming the accepted values for any other word.
    pub fn from_variable(value: &str) -> Result<Option<Backend>, String> {
        if value.is_empty() {
            return Ok(None);
        }
        BACKEND_WORDS
            .iter()
            .chain(BACKEND_ALIASES.iter())
            .find(|(word, _)| *word == value)
            .map(|&(_, backend)| Some(backend))
            .ok_or_else(|| unknown_backend(value))
    }
}

fn unknown_backend(value: &str) -> String {
    let aliases: Vec<String> =
        BACKEND_ALIASES.iter().map(|(alias, backend)| format!("{alias} for {}", backend.word())).collect();
    format!(
        "{BACKEND_VARIABLE} is {value:?}: set it to {} (the native core) or {} (this language's \
         fallback), or leave it unset to choose automatically (also accepted: {})",
        Backend::Native.word(),
        Backend::Fallback.word(),
        aliases.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absent_and_empty_text_take_the_environment() {
        assert!(takes_environment(Given::Absent));
        assert!(takes_environment(Given::EmptyText));
        assert!(!takes_environment(Given::Text));
        assert!(!takes_environment(Given::Other));
    }

    #[test]
    fn backend_words_aliases_and_unknown_values() {
        assert_eq!(Backend::from_variable(""), Ok(None));
        assert_eq!(Backend::from_variable("native"), Ok(Some(Backend::Native)));
        assert_eq!(Backend::from_variable("fallback"), Ok(Some(Backend::Fallback)));
        assert_eq!(Backend::from_variable("ffi"), Ok(Some(Backend::Native)));
        assert_eq!(Backend::from_variable("wasm"), Ok(Some(Backend::Fallback)));
        assert_eq!(Backend::from_variable("openssl"), Ok(Some(Backend::Fallback)));
        let message = Backend::from_variable("Native").unwrap_err();
        assert!(message.starts_with("ENGAGESPOT_TOKEN_BACKEND is \"Native\": set it to native"), "{message}");
        assert!(message.contains("fallback"), "{message}");
    }
}
