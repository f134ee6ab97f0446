//! The conformance table, `tests/conformance/cases.json`: checked against its
//! schema and against the error catalogue (every kind an input can cause has
//! a case), and played through the Rust API. The other languages' runners
//! play the same file (see tests/conformance/README.md).
//!
//! A test binary of its own (`harness = false`), so that each case is a test
//! reported by its name, as in the other runners: `cargo test --release
//! --test conformance [NAME-FILTER]`.

use std::collections::HashSet;

use base64::Engine as _;
use engagespot_token::{Client, ErrorKind, OptionNaming, OptionValue, TokenOptions};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};

fn repo(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

fn table() -> Value {
    let text = std::fs::read_to_string(repo("tests/conformance/cases.json")).unwrap();
    serde_json::from_str(&text).expect("cases.json is not JSON")
}

/// Each case with the defaults filled in, as every runner reads it.
fn cases() -> Vec<Map<String, Value>> {
    let table = table();
    let defaults = table["defaults"].as_object().unwrap();
    table["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| {
            let mut full = defaults.clone();
            full.extend(case.as_object().unwrap().clone());
            full
        })
        .collect()
}

/// Kinds no input can cause: the library's own failures, ES_SYNC_UNAVAILABLE
/// (a synchronous call on a JavaScript runtime that signs only asynchronously)
/// and ES_CLIENT_FREED (a call after `free()`, a sequence of calls the table's
/// one-client-one-token cases cannot say; bindings/node/test/lifecycle.test.js
/// plays it on both Node backends).
const NOT_CAUSED_BY_INPUT: [ErrorKind; 4] =
    [ErrorKind::Panic, ErrorKind::SigningFailed, ErrorKind::SyncUnavailable, ErrorKind::ClientFreed];

const CASE_KEYS: [&str; 11] = [
    "name",
    "apiKey",
    "apiSecret",
    "signingKey",
    "environment",
    "identifier",
    "options",
    "claims",
    "publicKey",
    "error",
    "at",
];

/// Checks a value against the typing of README.md, "Values".
fn check_value(value: &Value, at: &str) {
    const MAX_PLAIN_INTEGER: i64 = 1 << 53; // JSON.parse reads integers exactly up to here
    let Some(object) = value.as_object() else {
        assert!(
            value.is_string()
                || value.is_boolean()
                || value.is_null()
                || value.as_i64().is_some_and(|n| n.abs() <= MAX_PLAIN_INTEGER),
            "{at}: a plain value is a string, an integer within 2^53, true, false or null: {value}"
        );
        return;
    };
    let field = |name: &str| object.get(name).unwrap_or_else(|| panic!("{at}: {value} lacks {name:?}"));
    let expected_keys: &[&str] = match object.get("type").and_then(Value::as_str) {
        Some("absent" | "object") => &["type"],
        Some("float") => {
            let v = field("value");
            assert!(v.is_f64() || matches!(v.as_str(), Some("NaN" | "Infinity" | "-Infinity")), "{at}: {value}");
            &["type", "value"]
        }
        Some("bigint") => {
            let digits = field("value").as_str().unwrap_or_else(|| panic!("{at}: {value}"));
            let unsigned = digits.strip_prefix('-').unwrap_or(digits);
            assert!(!unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()), "{at}: {value}");
            &["type", "value"]
        }
        Some("repeat") => {
            assert!(field("value").is_string() && field("count").is_u64(), "{at}: {value}");
            &["type", "value", "count"]
        }
        Some("file" | "file_uri") => {
            let path = field("path").as_str().unwrap_or_else(|| panic!("{at}: {value}"));
            assert!(std::path::Path::new(&repo(path)).exists(), "{at}: {path} does not exist");
            &["type", "path"]
        }
        Some("concat") => {
            for part in field("parts").as_array().unwrap_or_else(|| panic!("{at}: {value}")) {
                check_value(part, at);
            }
            &["type", "parts"]
        }
        Some("raw") => {
            let hex = field("hex").as_str().unwrap_or_else(|| panic!("{at}: {value}"));
            assert!(hex.len() % 2 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()), "{at}: {value}");
            &["type", "hex"]
        }
        Some("bytes") => {
            if let Some(hex) = object.get("hex") {
                assert!(hex.as_str().is_some_and(|h| h.len() % 2 == 0), "{at}: {value}");
                &["type", "hex"]
            } else {
                check_value(&serde_json::json!({"type": "file", "path": field("file")}), at);
                &["type", "file"]
            }
        }
        Some("utf16") => {
            let units = field("units").as_array().unwrap_or_else(|| panic!("{at}: {value}"));
            assert!(units.iter().all(|u| u.as_u64().is_some_and(|u| u <= 0xFFFF)), "{at}: {value}");
            &["type", "units"]
        }
        Some("encoded") => {
            assert!(field("encoding").is_string() && field("value").is_string(), "{at}: {value}");
            &["type", "encoding", "value"]
        }
        Some("entries") => {
            for entry in field("entries").as_array().unwrap_or_else(|| panic!("{at}: {value}")) {
                let entry = entry.as_object().unwrap_or_else(|| panic!("{at}: entry {entry}"));
                assert!(entry.get("name").is_some_and(Value::is_string), "{at}: entry without a name");
                assert!(entry.keys().all(|k| ["name", "value", "key"].contains(&k.as_str())), "{at}: {entry:?}");
                assert!(entry.get("key").is_none_or(|k| k == "string" || k == "symbol"), "{at}: {entry:?}");
                check_value(&entry["value"], at);
            }
            &["type", "entries"]
        }
        _ => panic!("{at}: unknown value type in {value}"),
    };
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = expected_keys.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected, "{at}: {value}");
}

fn the_table_follows_its_schema() {
    let table = table();
    let mut top: Vec<&String> = table.as_object().unwrap().keys().collect();
    top.sort();
    assert_eq!(top, ["cases", "defaults", "description"]);
    let mut names = HashSet::new();
    for case in cases() {
        let name = case["name"].as_str().expect("a case without a name");
        assert!(names.insert(name.to_owned()), "{name}: the name is used twice");
        assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{name}: kebab-case");
        for key in case.keys() {
            assert!(CASE_KEYS.contains(&key.as_str()), "{name}: unknown field {key:?}");
        }
        for field in ["apiKey", "apiSecret", "signingKey", "environment", "identifier"] {
            if let Some(value) = case.get(field) {
                check_value(value, &format!("{name}.{field}"));
            }
        }
        match case.get("options") {
            Some(Value::Object(options)) if !options.contains_key("type") => {
                for (option, value) in options {
                    assert!(!option.contains('_'), "{name}: option names are camelCase: {option}");
                    check_value(value, &format!("{name}.options.{option}"));
                }
            }
            Some(options) => check_value(options, &format!("{name}.options")),
            None => {}
        }
        match (case.get("claims"), case.get("error")) {
            (Some(claims), None) => {
                let claims = claims.as_object().unwrap_or_else(|| panic!("{name}: claims must be an object"));
                assert!(
                    claims.contains_key("sub") && claims.contains_key("apiKey"),
                    "{name}: claims lack sub or apiKey"
                );
                assert!(case["publicKey"].is_string() && !case.contains_key("at"), "{name}");
                assert!(
                    claims.get("iat").is_some() || claims.get("exp").is_none(),
                    "{name}: fix iat with the issuedAt option, so that the claims are exact"
                );
            }
            (None, Some(error)) => {
                let error = error.as_str().unwrap_or_else(|| panic!("{name}: error must be a name"));
                assert!(
                    ErrorKind::ALL.iter().any(|k| k.name() == error),
                    "{name}: {error} is no kind in the catalogue"
                );
                assert!(
                    matches!(case.get("at").and_then(Value::as_str), Some("client" | "token")),
                    "{name}: at must be client or token"
                );
            }
            _ => panic!("{name}: a case has either claims or an error"),
        }
    }
}

fn every_error_an_input_can_cause_has_a_case() {
    let covered: HashSet<String> =
        cases().iter().filter_map(|case| case.get("error").and_then(Value::as_str)).map(str::to_owned).collect();
    let missing: Vec<&str> = ErrorKind::ALL
        .iter()
        .filter(|kind| !NOT_CAUSED_BY_INPUT.contains(kind) && !covered.contains(kind.name()))
        .map(|kind| kind.name())
        .collect();
    assert!(missing.is_empty(), "no case in tests/conformance/cases.json causes {missing:?}");
}

/// A text input as the Rust API takes it, or None when Rust cannot express it.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Object(o) => match o["type"].as_str()? {
            "repeat" => Some(o["value"].as_str()?.repeat(o["count"].as_u64()? as usize)),
            "file" => Some(std::fs::read_to_string(repo(o["path"].as_str()?)).unwrap()),
            "file_uri" => Some(format!("file://{}", repo(o["path"].as_str()?))),
            "concat" => o["parts"].as_array()?.iter().map(text).collect(),
            _ => None,
        },
        _ => None,
    }
}

fn option_value(value: &Value) -> Option<OptionValue> {
    Some(match value {
        Value::Null => OptionValue::Null,
        Value::String(_) => OptionValue::Other,
        Value::Number(n) => OptionValue::Integer(n.as_i64()?),
        Value::Bool(flag) => OptionValue::Bool(*flag),
        Value::Array(_) => return None,
        Value::Object(o) => match o["type"].as_str()? {
            "object" => OptionValue::Other,
            _ => return None,
        },
    })
}

/// What happened: the token, or the error name and the step that failed.
enum Outcome {
    Token(String),
    Error(&'static str, &'static str),
}

/// Plays a case through the Rust API; None when Rust cannot express it.
fn play(case: &Map<String, Value>) -> Option<Outcome> {
    if case.contains_key("environment") {
        return None; // The environment fallback belongs to the bindings.
    }
    let api_key = text(&case["apiKey"])?;
    let api_secret = match case.get("apiSecret") {
        None => None,
        Some(Value::Null) => None,
        Some(Value::Object(o)) if o["type"] == "absent" => None,
        Some(secret) => Some(text(secret)?),
    };
    let signing_key = text(&case["signingKey"])?;
    let identifier = text(&case["identifier"])?;
    let mut options = TokenOptions::default();
    let mut steps = Vec::new();
    if let Some(given) = case.get("options") {
        // serde_json's map keeps names sorted, not in the table's order; where
        // several options meet an option error, which one wins depends on that
        // order (the first bad one, in every binding), so Rust cannot play it.
        // The differential test plays such inputs on every backend in order.
        let several = given.as_object().is_some_and(|o| o.len() > 1);
        if several && case.get("at").and_then(Value::as_str) == Some("token") {
            return None;
        }
        for (name, value) in given.as_object().filter(|o| !o.contains_key("type"))? {
            steps.push((name.clone(), option_value(value)?));
        }
    }
    let client = match Client::new(&api_key, api_secret.as_deref(), &signing_key) {
        Ok(client) => client,
        Err(error) => return Some(Outcome::Error(error.kind().name(), "client")),
    };
    for (name, value) in steps {
        if let Err(error) = options.set(OptionNaming::CamelCase, &name, value) {
            return Some(Outcome::Error(error.kind().name(), "token"));
        }
    }
    Some(match client.generate_user_token_with(&identifier, &options) {
        Ok(token) => Outcome::Token(token),
        Err(error) => Outcome::Error(error.kind().name(), "token"),
    })
}

/// The claims of a token whose signature jsonwebtoken verifies with `public_key`.
fn verified_claims(token: &str, public_key: &str) -> Value {
    let pem = std::fs::read(repo(public_key)).unwrap();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(token, &DecodingKey::from_rsa_pem(&pem).unwrap(), &validation)
        .unwrap_or_else(|e| panic!("signature does not verify: {e}"));
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

/// The outcome of one case against its expectation.
fn check(case: &Map<String, Value>, outcome: Outcome) -> Result<(), String> {
    match (outcome, case.get("claims")) {
        (Outcome::Token(token), Some(claims)) => {
            let got = verified_claims(&token, case["publicKey"].as_str().unwrap());
            if &got == claims {
                Ok(())
            } else {
                Err(format!("claims {got}, expected {claims}"))
            }
        }
        (Outcome::Error(kind, at), None) if kind == case["error"] && at == case["at"] => Ok(()),
        (Outcome::Token(_), None) => Err(format!("minted a token, expected {} at {}", case["error"], case["at"])),
        (Outcome::Error(kind, at), _) => {
            Err(format!("{kind} at {at}, expected {:?} at {:?}", case.get("error"), case.get("at")))
        }
    }
}

/// Runs `test`, turning a panic (a failed assertion) into its message.
fn caught<T>(test: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(test)).map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "panicked".to_owned())
    })
}

fn main() {
    // libtest's flags (--quiet, --test-threads) are accepted and ignored; any other argument filters by name.
    let filter = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    // None: the case is not expressible in Rust.
    type Test = Box<dyn FnOnce() -> Option<Result<(), String>>>;
    let mut tests: Vec<(String, Test)> = vec![
        ("the_table_follows_its_schema".into(), Box::new(|| Some(caught(the_table_follows_its_schema)))),
        (
            "every_error_an_input_can_cause_has_a_case".into(),
            Box::new(|| Some(caught(every_error_an_input_can_cause_has_a_case))),
        ),
    ];
    for case in cases() {
        let name = format!("case::{}", case["name"].as_str().unwrap());
        let test = move || {
            caught(|| play(&case).map(|outcome| check(&case, outcome))).unwrap_or_else(|panic| Some(Err(panic)))
        };
        tests.push((name, Box::new(test)));
    }
    let (mut passed, mut failed, mut ignored) = (Vec::new(), Vec::new(), 0);
    println!("\nrunning {} tests", tests.len());
    for (name, test) in tests.into_iter().filter(|(name, _)| wanted(name)) {
        match test() {
            Some(Ok(())) => {
                println!("test {name} ... ok");
                passed.push(name);
            }
            Some(Err(why)) => {
                println!("test {name} ... FAILED: {why}");
                failed.push(name);
            }
            None => {
                println!("test {name} ... ignored, not expressible in Rust");
                ignored += 1;
            }
        }
    }
    let verdict = if failed.is_empty() { "ok" } else { "FAILED" };
    println!("\ntest result: {verdict}. {} passed; {} failed; {ignored} ignored\n", passed.len(), failed.len());
    let cases_played = passed.iter().filter(|name| name.starts_with("case::")).count();
    if !failed.is_empty() || (filter.is_none() && cases_played < 60) {
        eprintln!("failed: {failed:?}; {cases_played} cases played");
        std::process::exit(101);
    }
}
