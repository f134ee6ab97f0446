//! Writes `bindings/php/src/Catalogue.php`, what the pure-PHP fallback
//! (`bindings/php/src/OpensslBackend.php`) knows of the core without loading
//! it: the error catalogue (names, codes, categories), the limits, the
//! signing-key variable, and the message templates. Every value here is read
//! from the core's public API, and every template from an error the core
//! really returns, with the variable parts replaced by `{placeholders}`, so
//! the PHP copy has no hand-made table and no hand-written message of these.
//!
//! Like tests/header.rs, the test fails when the committed file is stale;
//! `scripts/update-header` (ES_UPDATE_HEADER=1) rewrites it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use engagespot_token::environment::{
    Backend, Given, API_KEY_VARIABLE, API_SECRET_VARIABLE, BACKEND_ALIASES, BACKEND_VARIABLE, BACKEND_WORDS,
    FROM_ENVIRONMENT,
};
use engagespot_token::{
    Argument, Category, Client, ErrorKind, Language, OptionNaming, OptionValue, SigningKey, TokenOptions,
    DEFAULT_EXPIRES_IN, MAX_API_KEY_BYTES, MAX_IDENTIFIER_BYTES, MAX_KEY_BITS, MAX_KEY_FILE_BYTES,
    MAX_PUBLIC_EXPONENT_BITS, MAX_TEXT_BYTES, MAX_TIMESTAMP, MIN_KEY_BITS, SIGNING_KEY_VARIABLE, VERSION,
};

const GENERATED: &str = "bindings/php/src/Catalogue.php";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn key_path(name: &str) -> PathBuf {
    root().join("tests/keys").join(name)
}

fn key(name: &str) -> String {
    std::fs::read_to_string(key_path(name)).expect("test key")
}

/// The core's message for a rejected key text, checked to be of `kind`.
fn key_error(text: &str, kind: ErrorKind) -> String {
    let error = SigningKey::from_text(text).expect_err("the core rejects this key");
    assert_eq!(error.kind(), kind, "{}", error.message());
    error.message().to_owned()
}

/// `message` with each literal (which must occur exactly once) replaced by its placeholder.
fn template(message: &str, parts: &[(&str, &str)]) -> String {
    let mut out = message.to_owned();
    for (literal, placeholder) in parts {
        assert_eq!(out.matches(literal).count(), 1, "{literal:?} must occur once in {out:?}");
        out = out.replace(literal, placeholder);
    }
    out
}

fn php_string(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn category(category: Category) -> &'static str {
    category.word()
}

/// The templates: name => the core's message, placeholders in braces.
fn messages() -> Vec<(String, String)> {
    let pem = key("rsa2048.pkcs8.pem");
    let client = Client::new("k", None, &pem).expect("client");
    let mint_error = |identifier: &str, options: TokenOptions| {
        client.generate_user_token_with(identifier, &options).expect_err("rejected").message().to_owned()
    };
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, message: String| out.push((name.to_owned(), message));

    for argument in Argument::ALL {
        let label = argument.label().to_lowercase().replace(" ", "_");
        add(&format!("wrong_type.{label}"), engagespot_token::Error::wrong_type(argument).message().to_owned());
        add(&format!("invalid_utf8.{label}"), engagespot_token::Error::invalid_utf8(argument).message().to_owned());
        add(&format!("null_argument.{label}"), engagespot_token::Error::null_argument(argument).message().to_owned());
    }
    for option in ["expiresIn", "issuedAt", "jti", "includeIat"] {
        let error = TokenOptions::default().set(OptionNaming::CamelCase, option, OptionValue::Other).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::WrongType);
        add(&format!("option_wrong_type.{option}"), error.message().to_owned());
    }
    let unknown = TokenOptions::default().set(OptionNaming::CamelCase, "zzzz", OptionValue::Null).unwrap_err();
    add("unknown_option", template(unknown.message(), &[("\"zzzz\"", "{quoted}")]));

    add("api_key_missing", Client::new("", None, &pem).unwrap_err().message().to_owned());
    let api_key_error = |api_key: &str, kind: ErrorKind| {
        let error = Client::new(api_key, None, &pem).expect_err("the core refuses this API key");
        assert_eq!(error.kind(), kind, "{}", error.message());
        error.message().to_owned()
    };
    add("api_key_holds_pem", api_key_error("-----BEGIN PRIVATE KEY-----", ErrorKind::ApiKeyHoldsPem));
    add("api_key_invalid", api_key_error("a\0b", ErrorKind::ApiKeyInvalid));
    add("api_key_line_break", api_key_error("a\n", ErrorKind::ApiKeyInvalid));
    add("api_key_control", api_key_error("a\tb", ErrorKind::ApiKeyInvalid));
    let long_api_key = "k".repeat(MAX_API_KEY_BYTES + 7);
    add(
        "api_key_too_long",
        template(
            &api_key_error(&long_api_key, ErrorKind::ApiKeyInvalid),
            &[(&(MAX_API_KEY_BYTES + 7).to_string(), "{bytes}")],
        ),
    );
    // Text over the core's bound, refused by its length before anything else is read of it.
    let over_bound = "-----BEGIN PRIVATE KEY-----".repeat(MAX_TEXT_BYTES / 16);
    add("api_key_over_bound", api_key_error(&over_bound, ErrorKind::ApiKeyInvalid));
    add("identifier_over_bound", mint_error(&over_bound, TokenOptions::default()));
    add("key_over_bound", key_error(&over_bound, ErrorKind::KeyMalformed));
    add("identifier_empty", mint_error("", TokenOptions::default()));
    add("identifier_invalid", mint_error("a\0b", TokenOptions::default()));
    let too_long = "x".repeat(MAX_IDENTIFIER_BYTES + 7);
    add(
        "identifier_too_long",
        template(
            &mint_error(&too_long, TokenOptions::default()),
            &[(&(MAX_IDENTIFIER_BYTES + 7).to_string(), "{bytes}")],
        ),
    );
    add("issued_at_range", mint_error("x", TokenOptions { issued_at: Some(-1), ..TokenOptions::default() }));
    let expiry =
        mint_error("x", TokenOptions { issued_at: Some(1000), expires_in: Some(0), ..TokenOptions::default() });
    add("expiry_range", template(&expiry, &[(&(MAX_TIMESTAMP - 1000).to_string(), "{max}")]));

    add("key_missing", key_error(" ", ErrorKind::KeyMissing));
    add("key_is_path", key_error("/etc/keys/private.pem", ErrorKind::KeyIsPath));
    add(
        "key_file_relative",
        template(&key_error("file://relative.pem", ErrorKind::KeyIsPath), &[("relative.pem", "{path}")]),
    );
    add("key_file_nul", template(&key_error("file:///x\0y", ErrorKind::KeyFileUnreadable), &[("/x\\0y", "{path}")]));
    let missing = key_error("file:///nonexistent-engagespot/k.pem", ErrorKind::KeyFileUnreadable);
    add(
        "key_file_unreadable",
        template(
            &missing,
            &[("/nonexistent-engagespot/k.pem", "{path}"), ("No such file or directory (os error 2)", "{reason}")],
        ),
    );
    let public = key_error(&key("rsa2048.pub.pem"), ErrorKind::KeyIsPublic);
    let public_file = key_path("rsa2048.pub.pem");
    let public_file = public_file.to_str().expect("UTF-8 path");
    let in_file = key_error(&format!("file://{public_file}"), ErrorKind::KeyIsPublic);
    let detail = public.strip_prefix("signing key ").expect("key messages start with `signing key `");
    add("key_in_file", template(&in_file, &[(public_file, "{path}"), (detail, "{detail}")]));
    add("key_is_public", template(&public, &[("is a public key,", "is {what},")]));
    add("key_encrypted", key_error(&key("rsa2048.encrypted-pkcs1.pem"), ErrorKind::KeyEncrypted));
    add(
        "key_not_rsa",
        template(&key_error(&key("ec-p256.pkcs8.pem"), ErrorKind::KeyNotRsa), &[("an EC key", "{what}")]),
    );
    add(
        "key_too_small",
        template(&key_error(&key("rsa1024.pkcs8.pem"), ErrorKind::KeyTooSmall), &[("1024", "{bits}")]),
    );
    add(
        "key_too_large",
        template(&key_error(&key("rsa8200.pkcs8.pem"), ErrorKind::KeyTooLarge), &[("8200", "{bits}")]),
    );
    add(
        "key_malformed",
        template(
            &key_error("not a key", ErrorKind::KeyMalformed),
            &[("is not PEM text (no -----BEGIN line was found)", "{detail}")],
        ),
    );
    add(
        "key_ambiguous",
        template(
            &key_error(&format!("{pem}trailing"), ErrorKind::KeyAmbiguous),
            &[("has text after an -----END line", "{detail}")],
        ),
    );
    add(
        "key_unsupported",
        template(
            &key_error(&key("rsa2048.3prime.pkcs8.pem"), ErrorKind::KeyUnsupported),
            &[("is a multi-prime RSA key (3 primes); multi-prime keys are not supported", "{detail}")],
        ),
    );
    let mislabelled = pem.replace("PRIVATE KEY", "RSA PRIVATE KEY");
    add(
        "key_label_mismatch",
        template(
            &key_error(&mislabelled, ErrorKind::KeyMalformed),
            &[
                ("PKCS#8", "{holds}"),
                ("-----BEGIN PRIVATE KEY-----", "-----BEGIN {label}-----"),
                ("-----END PRIVATE KEY-----", "-----END {label}-----"),
            ],
        ),
    );
    let body: String = pem.lines().filter(|line| !line.starts_with("-----")).collect();
    add(
        "key_unarmoured",
        template(
            &key_error(&body, ErrorKind::KeyMalformed),
            &[
                ("PKCS#8", "{form}"),
                ("-----BEGIN PRIVATE KEY-----", "-----BEGIN {label}-----"),
                ("-----END PRIVATE KEY-----", "-----END {label}-----"),
            ],
        ),
    );
    add("key_jwk_private", key_error(r#"{"kty":"RSA","n":"x","e":"AQAB","d":"x"}"#, ErrorKind::KeyMalformed));
    out
}

fn generate() -> String {
    let mut php = String::from(
        "<?php\n\n// Generated by tests/php_catalogue.rs from the Rust core (src/catalogue.rs, the limits in\n\
         // src/lib.rs, and messages the core returns); do not edit. Refresh: scripts/update-header.\n\n\
         declare(strict_types=1);\n\nnamespace Engagespot;\n\n\
         /**\n * What the ext-openssl fallback (OpensslBackend) knows of the core without loading it: the\n * \
         error catalogue, the limits and the message templates, all generated from the core.\n */\n\
         final class Catalogue\n{\n",
    );
    let _ = writeln!(php, "    /** The core's version. */\n    public const VERSION = {};", php_string(VERSION));
    for (name, value, doc) in [
        ("SIGNING_KEY_VARIABLE", SIGNING_KEY_VARIABLE, "The environment variable read when no signing key is given."),
        ("API_KEY_VARIABLE", API_KEY_VARIABLE, "The environment variable Laravel's config reads the API key from."),
        (
            "API_SECRET_VARIABLE",
            API_SECRET_VARIABLE,
            "The environment variable Laravel's config reads the API secret from.",
        ),
        ("BACKEND_VARIABLE", BACKEND_VARIABLE, "The environment variable that chooses the backend."),
    ] {
        let _ = writeln!(php, "    /** {doc} */\n    public const {name} = {};", php_string(value));
    }
    let given: Vec<String> = FROM_ENVIRONMENT
        .iter()
        .map(|given| match given {
            Given::Absent => "null".to_owned(),
            Given::EmptyText => "''".to_owned(),
            Given::Text | Given::Other => unreachable!("only absent and empty values take the environment"),
        })
        .collect();
    let _ = writeln!(
        php,
        "    /** The given values that mean \"read the environment variable\" (compared with ===). */\n    \
         public const FROM_ENVIRONMENT = [{}];",
        given.join(", ")
    );
    let words: Vec<String> = BACKEND_WORDS
        .iter()
        .chain(BACKEND_ALIASES.iter())
        .map(|(word, backend)| format!("'{word}' => {}", php_string(backend.word())))
        .collect();
    let _ = writeln!(
        php,
        "    /** BACKEND_VARIABLE's words => the backend they choose, '{}' or '{}'. */\n    public const BACKENDS = [{}];",
        Backend::Native.word(),
        Backend::Fallback.word(),
        words.join(", ")
    );
    let unknown = Backend::from_variable("zzzz").expect_err("not a backend");
    let _ = writeln!(
        php,
        "    /** The message for any other value; {{quoted}} is the value, quoted as JSON. */\n    public const UNKNOWN_BACKEND = {};",
        php_string(&template(&unknown, &[("\"zzzz\"", "{quoted}")]))
    );
    let classes: Vec<String> = Category::ALL
        .iter()
        .map(|&c| format!("'{}' => Exception\\{}::class", category(c), c.exception_class(Language::Php)))
        .collect();
    let _ = writeln!(
        php,
        "    /** Category => the exception class raised for it. */\n    public const CATEGORY_CLASSES = [{}];",
        classes.join(", ")
    );
    for (name, value, doc) in [
        ("MIN_KEY_BITS", MIN_KEY_BITS as i64, "Smallest accepted RSA modulus, in bits."),
        ("MAX_KEY_BITS", MAX_KEY_BITS as i64, "Largest accepted RSA modulus, in bits."),
        ("MAX_PUBLIC_EXPONENT_BITS", MAX_PUBLIC_EXPONENT_BITS as i64, "Largest public exponent, in bits."),
        ("MAX_KEY_FILE_BYTES", MAX_KEY_FILE_BYTES as i64, "Largest file read for a file:// key, in bytes."),
        ("MAX_IDENTIFIER_BYTES", MAX_IDENTIFIER_BYTES as i64, "Longest user identifier, in bytes of UTF-8."),
        ("MAX_API_KEY_BYTES", MAX_API_KEY_BYTES as i64, "Longest API key, in bytes."),
        (
            "MAX_TEXT_BYTES",
            MAX_TEXT_BYTES as i64,
            "Most bytes of text an API key, identifier or signing key may hold; longer is refused by its length first.",
        ),
        ("MAX_TIMESTAMP", MAX_TIMESTAMP, "Largest iat or exp (2^53 - 1)."),
        ("DEFAULT_EXPIRES_IN", DEFAULT_EXPIRES_IN, "Default token lifetime, in seconds."),
    ] {
        let _ = writeln!(php, "    /** {doc} */\n    public const {name} = {value};");
    }
    php.push_str(
        "\n    /** Error name => [code, category] (argument, type, key or library). */\n    public const ERRORS = [\n",
    );
    for kind in ErrorKind::ALL {
        let _ = writeln!(php, "        '{}' => [{}, '{}'],", kind.name(), kind.code(), category(kind.category()));
    }
    php.push_str("    ];\n\n    /** Message templates, as the core words them; `{name}` marks a variable part. */\n    public const MESSAGES = [\n");
    for (name, message) in messages() {
        let _ = writeln!(php, "        '{name}' => {},", php_string(&message));
    }
    php.push_str("    ];\n}\n");
    php
}

#[test]
fn php_catalogue_is_current() {
    let generated = generate();
    let path = root().join(GENERATED);
    if std::env::var_os("ES_UPDATE_HEADER").is_some() {
        std::fs::write(&path, &generated).expect("write the PHP catalogue");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{GENERATED} is stale: it differs from what the core generates. Run scripts/update-header and commit the result."
    );
}
