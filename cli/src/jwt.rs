//! A token taken apart without trusting it, and the rules that `verify`
//! enforces and `inspect` reports as warnings: one list, so the two commands
//! never disagree about what is wrong with a token.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{Map, Value};

use crate::output::brief;
use crate::time_text::utc;

/// A decoded token. Nothing in it is verified.
pub struct Parts<'a> {
    pub header: Map<String, Value>,
    pub claims: Map<String, Value>,
    /// The header and payload JSON as they are in the token (serde_json's map would sort keys).
    pub header_text: String,
    pub payload_text: String,
    /// `header.payload`, the bytes the signature covers.
    pub signing_input: &'a str,
    pub signature: &'a str,
}

/// Splits and decodes a token; the error says which part is not what a JWT needs.
pub fn decode(token: &str) -> Result<Parts<'_>, String> {
    if token.is_empty() {
        return Err("no token: the input is empty".to_owned());
    }
    let segments: Vec<&str> = token.split('.').collect();
    let [header, payload, signature] = segments[..] else {
        return Err(format!("not a JWT: expected 3 dot-separated parts, found {}", segments.len()));
    };
    let (header_text, header_map) = object(header, "header")?;
    let (payload_text, claims) = object(payload, "payload")?;
    let signing_input = &token[..header.len() + 1 + payload.len()];
    Ok(Parts { header: header_map, claims, header_text, payload_text, signing_input, signature })
}

fn object(segment: &str, what: &str) -> Result<(String, Map<String, Value>), String> {
    let bytes = URL_SAFE_NO_PAD.decode(segment).map_err(|_| format!("not a JWT: the {what} is not base64url"))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("not a JWT: the {what} is not UTF-8"))?;
    match serde_json::from_str(&text) {
        Ok(Value::Object(map)) => Ok((text, map)),
        Ok(_) => Err(format!("not a JWT: the {what} is JSON but not an object")),
        Err(_) => Err(format!("not a JWT: the {what} is not JSON")),
    }
}

/// Something wrong with a token, or worth knowing about it.
pub struct Finding {
    /// A stable name for `--json`, e.g. "expired".
    pub problem: &'static str,
    pub message: String,
    /// `verify` rejects the token for it; `inspect` only warns.
    pub rejects: bool,
    /// For time claims: how far past (or before) the limit the token is.
    pub seconds: Option<i64>,
}

/// A finding that makes `verify` reject the token.
pub fn reject(problem: &'static str, message: String) -> Finding {
    Finding { problem, message, rejects: true, seconds: None }
}

fn warn(problem: &'static str, message: impl Into<String>) -> Finding {
    Finding { problem, message: message.into(), rejects: false, seconds: None }
}

/// The header's rules: RS256 only, and no critical extensions, since this
/// verifier understands none (RFC 7515 §4.1.11: a `crit` it does not
/// understand makes the token invalid).
pub fn header_findings(header: &Map<String, Value>) -> Vec<Finding> {
    let mut findings = Vec::new();
    match header.get("alg") {
        Some(alg) if alg == "RS256" => {}
        Some(alg) => findings.push(reject("not_rs256", format!("not RS256: alg is {}", brief(alg)))),
        None => findings.push(reject("not_rs256", "not RS256: the header has no alg".to_owned())),
    }
    if let Some(crit) = header.get("crit") {
        findings.push(reject(
            "crit",
            format!("the header's crit names extensions this verifier does not understand: {}", brief(crit)),
        ));
    }
    findings
}

/// Names given twice in the header or the payload: serde_json keeps the last
/// value, while another reader (the Engagespot server) may take the first, so
/// the two would disagree about what the token says. RFC 7519 §4 lets a
/// verifier reject such a token, and `verify` does, naming the name.
pub fn repeat_findings(parts: &Parts<'_>) -> Vec<Finding> {
    [("header", &parts.header_text), ("payload", &parts.payload_text)]
        .into_iter()
        .flat_map(|(part, text)| {
            repeated_names(text).into_iter().map(move |name| {
                let name = serde_json::Value::String(name);
                reject(
                    "duplicate_name",
                    format!(
                        "the {part} names {} twice; readers disagree on which value counts, so the token \
                         is refused",
                        brief(&name)
                    ),
                )
            })
        })
        .collect()
}

/// The member names of a JSON object's top level that occur more than once,
/// each once, in order of their second occurrence.
fn repeated_names(object: &str) -> Vec<String> {
    struct Names(Vec<String>);
    impl<'de> serde::Deserialize<'de> for Names {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> serde::de::Visitor<'de> for Visitor {
                type Value = Names;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Names, A::Error> {
                    let mut seen = std::collections::HashSet::new();
                    let mut repeated = Vec::new();
                    while let Some(name) = map.next_key::<String>()? {
                        map.next_value::<serde::de::IgnoredAny>()?;
                        if !seen.insert(name.clone()) && !repeated.contains(&name) {
                            repeated.push(name);
                        }
                    }
                    Ok(Names(repeated))
                }
            }
            deserializer.deserialize_map(Visitor)
        }
    }
    // The text already parsed as an object in `decode`.
    serde_json::from_str::<Names>(object).map_or_else(|_| Vec::new(), |names| names.0)
}

/// A time claim as whole unix seconds. A float, a string or anything else is
/// an error: Engagespot tokens carry integers, and verifiers differ on the rest.
pub fn seconds(claims: &Map<String, Value>, name: &str) -> Result<Option<i64>, String> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64()),
        Some(Value::Number(n)) if n.is_f64() => Err(format!("{name} is {n}, not a whole number of seconds")),
        Some(Value::Number(n)) => Err(format!("{name} is {n}, too large for a time")),
        Some(other) => Err(format!("{name} is {}, not a number of seconds", brief(other))),
    }
}

/// The claims' rules at time `now`, allowing `leeway` seconds of clock skew.
pub fn claim_findings(claims: &Map<String, Value>, now: i64, leeway: i64) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Some(aud) = claims.get("aud") {
        findings.push(reject(
            "aud",
            format!("the token has an aud claim ({}); Engagespot tokens carry no audience", brief(aud)),
        ));
    }
    let mut time = |name| match seconds(claims, name) {
        Ok(value) => value,
        Err(message) => {
            findings.push(reject("bad_time_claim", message));
            None
        }
    };
    let (exp, nbf, iat) = (time("exp"), time("nbf"), time("iat"));
    let timed = |problem, message: String, seconds: i64, rejects| Finding {
        problem,
        message: format!("{message} (leeway {leeway} s)"),
        rejects,
        seconds: Some(seconds),
    };
    match exp {
        Some(exp) if now.saturating_sub(exp) >= leeway => {
            let ago = now.saturating_sub(exp);
            findings.push(timed("expired", format!("expired {}, {ago} seconds ago", utc(exp)), ago, true));
        }
        None if !claims.contains_key("exp") => findings
            .push(warn("no_exp", "no exp: the token never expires (the official SDKs omit it; prefer an expiry)")),
        _ => {}
    }
    if let Some(nbf) = nbf.filter(|nbf| nbf.saturating_sub(now) > leeway) {
        let ahead = nbf.saturating_sub(now);
        findings.push(timed(
            "not_yet_valid",
            format!("not valid before {}, {ahead} seconds from now", utc(nbf)),
            ahead,
            true,
        ));
    }
    if let Some(iat) = iat.filter(|iat| iat.saturating_sub(now) > leeway) {
        let ahead = iat.saturating_sub(now);
        let message = format!("iat is {}, {ahead} seconds in the future: check the signing machine's clock", utc(iat));
        findings.push(timed("iat_in_future", message, ahead, false));
    }
    match claims.get("sub").and_then(Value::as_str) {
        Some(sub) if sub.starts_with("user:") => {}
        Some(_) => findings.push(warn("sub_prefix", "sub lacks the \"user:\" prefix that Engagespot expects")),
        None => findings.push(warn("no_sub", "no sub claim (a string \"user:<identifier>\")")),
    }
    if !claims.get("apiKey").is_some_and(Value::is_string) {
        findings.push(warn("no_api_key", "no apiKey claim (a string)"));
    }
    findings
}
