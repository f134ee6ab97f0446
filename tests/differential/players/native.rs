//! The differential test's player for the Rust API (the native core, aws-lc):
//! reads one input per line on stdin and writes one outcome per line on
//! stdout, as the other players under this directory do for their languages
//! (protocol: tests/differential/README.md). It only adapts the inputs to the
//! Rust API's calling convention; every rule is the core's.
//!
//! Built with the workspace (`cargo build --release --all-targets`) as the
//! example `differential_player`.

use std::io::{BufRead, Write};

use engagespot_token::{Client, OptionNaming, OptionValue, TokenOptions};
use serde_json::{json, Map, Value};

/// An input the Rust API has no way to take (e.g. an integer identifier).
struct Inexpressible(String);

fn repo(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// A text argument (tests/conformance/README.md, "Values").
fn text(value: &Value) -> Result<String, Inexpressible> {
    let not = |what: &str| Inexpressible(format!("the Rust API takes text, not {what}"));
    match value {
        Value::String(text) => Ok(text.clone()),
        Value::Object(o) => match o["type"].as_str().unwrap_or_default() {
            "repeat" => Ok(o["value"].as_str().unwrap_or_default().repeat(o["count"].as_u64().unwrap_or(0) as usize)),
            "file" => {
                std::fs::read_to_string(repo(o["path"].as_str().unwrap_or_default())).map_err(|e| not(&e.to_string()))
            }
            "file_uri" => Ok(format!("file://{}", repo(o["path"].as_str().unwrap_or_default()))),
            "concat" => {
                o["parts"].as_array().map(|parts| parts.iter().map(text).collect()).unwrap_or_else(|| Err(not("parts")))
            }
            other => Err(not(other)),
        },
        other => Err(not(&other.to_string())),
    }
}

fn option_value(value: &Value) -> Result<OptionValue, Inexpressible> {
    Ok(match value {
        Value::Null => OptionValue::Null,
        Value::String(_) | Value::Array(_) => OptionValue::Other,
        Value::Number(n) => OptionValue::Integer(n.as_i64().ok_or_else(|| Inexpressible(format!("number {n}")))?),
        Value::Bool(flag) => OptionValue::Bool(*flag),
        Value::Object(o) => match o["type"].as_str().unwrap_or_default() {
            "object" => OptionValue::Other,
            // As the bindings pass an integer beyond 64 bits: clamped (see OptionValue::Integer).
            "bigint" => {
                let digits = o["value"].as_str().unwrap_or_default();
                OptionValue::Integer(digits.parse().unwrap_or(if digits.starts_with('-') {
                    i64::MIN
                } else {
                    i64::MAX
                }))
            }
            other => return Err(Inexpressible(format!("an option of type {other}"))),
        },
    })
}

fn absent(value: Option<&Value>) -> bool {
    value.is_none_or(|v| v.is_null() || v.get("type").and_then(Value::as_str) == Some("absent"))
}

/// Plays one input: the outcome's fields (token, or error and step).
fn play(case: &Map<String, Value>, option_names: &[Value]) -> Result<Value, Inexpressible> {
    if case.contains_key("environment") {
        return Err(Inexpressible("the environment fallback belongs to the bindings".into()));
    }
    if absent(case.get("apiKey")) || absent(case.get("signingKey")) || absent(case.get("identifier")) {
        return Err(Inexpressible("the Rust API requires the API key, the key and the identifier".into()));
    }
    let api_key = text(&case["apiKey"])?;
    let api_secret = if absent(case.get("apiSecret")) { None } else { Some(text(&case["apiSecret"])?) };
    let signing_key = text(&case["signingKey"])?;
    let identifier = text(&case["identifier"])?;
    let mut steps = Vec::new();
    match case.get("options") {
        None => {}
        Some(Value::Object(given)) if !given.contains_key("type") => {
            // serde_json sorts an object's names: the input lists them in their order.
            for name in option_names.iter().filter_map(Value::as_str) {
                steps.push((name.to_owned(), option_value(&given[name])?));
            }
        }
        Some(_) => return Err(Inexpressible("the Rust API takes options one by one".into())),
    }
    let client = match Client::new(&api_key, api_secret.as_deref(), &signing_key) {
        Ok(client) => client,
        Err(error) => return Ok(json!({"error": error.kind().name(), "at": "client", "message": error.message()})),
    };
    let mut options = TokenOptions::default();
    for (name, value) in steps {
        if let Err(error) = options.set(OptionNaming::CamelCase, &name, value) {
            return Ok(json!({"error": error.kind().name(), "at": "token", "message": error.message()}));
        }
    }
    Ok(match client.generate_user_token_with(&identifier, &options) {
        Ok(token) => json!({"token": token}),
        Err(error) => json!({"error": error.kind().name(), "at": "token", "message": error.message()}),
    })
}

fn main() {
    let mut out = std::io::stdout().lock();
    let ready = json!({"ready": "rust", "limits": {
        "minKeyBits": engagespot_token::MIN_KEY_BITS, "maxKeyBits": engagespot_token::MAX_KEY_BITS,
        "maxApiKeyBytes": engagespot_token::MAX_API_KEY_BYTES, "maxIdentifierBytes": engagespot_token::MAX_IDENTIFIER_BYTES,
        "maxTimestamp": engagespot_token::MAX_TIMESTAMP, "maxPublicExponentBits": engagespot_token::MAX_PUBLIC_EXPONENT_BITS,
        "maxKeyFileBytes": engagespot_token::MAX_KEY_FILE_BYTES}});
    writeln!(out, "{ready}").unwrap();
    out.flush().unwrap();
    for line in std::io::stdin().lock().lines() {
        let input: Value = serde_json::from_str(&line.expect("stdin")).expect("an input is a JSON line");
        let case = input["case"].as_object().expect("an input has a case");
        let names = input["optionNames"].as_array().map(Vec::as_slice).unwrap_or_default();
        let mut outcome = play(case, names).unwrap_or_else(|Inexpressible(why)| json!({"skip": why}));
        outcome["id"] = input["id"].clone();
        writeln!(out, "{outcome}").unwrap();
        out.flush().unwrap();
    }
}
