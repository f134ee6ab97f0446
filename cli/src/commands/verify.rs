//! `verify`: is this token one Engagespot would accept from the holder of this
//! key pair? Signature, header and time claims, each rejection with its reason.
//!
//! The signature is checked with aws-lc directly rather than with
//! jsonwebtoken's `decode`: its `Validation` ignores `crit`, reads a float
//! `exp` its own way, reports `aud` as a generic error and gives no distances
//! in seconds. Here every rule is ours (`jwt::header_findings`,
//! `jwt::claim_findings`), shared with `inspect`, and exact.

use aws_lc_rs::rsa::PublicKey;
use aws_lc_rs::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA256};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{json, Map, Value};

use crate::jwt::{self, Finding};
use crate::output::{brief, Failure, Report};
use crate::{input, time_text};

#[derive(clap::Args)]
pub struct Args {
    /// The public key uploaded to the Engagespot console (PEM); a private key works too.
    #[arg(long, value_name = "FILE")]
    public_key: String,
    /// Clock skew to allow, in seconds, when checking exp, nbf and iat.
    #[arg(long, value_name = "SECONDS", default_value_t = 0, allow_negative_numbers = true, value_parser = leeway)]
    leeway: u32,
    /// The token, or - for standard input.
    token: String,
}

/// A leeway in whole seconds; a negative one is named as such, not left to
/// clap, which would read `-5` as an unknown option.
fn leeway(text: &str) -> Result<u32, String> {
    match text.trim().parse::<i64>() {
        Ok(seconds) if seconds < 0 => Err(format!("the leeway must be 0 or more seconds, not {seconds}")),
        Ok(seconds) => u32::try_from(seconds).map_err(|_| format!("the leeway must be at most {} seconds", u32::MAX)),
        Err(_) => Err("the leeway must be a whole number of seconds, 0 or more".to_owned()),
    }
}

pub fn run(args: Args) -> Result<Report, Failure> {
    let token = input::token(&args.token)?;
    let key = input::public_key(&args.public_key)?;
    let (now, leeway) = (time_text::now(), i64::from(args.leeway));
    match check(&token, &key, now, leeway) {
        Ok((claims, warnings)) => {
            let expiry = match jwt::seconds(&claims, "exp") {
                // Valid only because of the leeway: say that it has expired.
                Ok(Some(exp)) if exp <= now => format!(
                    "expired {}, accepted within the leeway ({leeway} s)",
                    time_text::relative(exp.saturating_sub(now))
                ),
                Ok(Some(exp)) => format!("expires {}", time_text::relative(exp.saturating_sub(now))),
                _ => "never expires (no exp)".to_owned(),
            };
            let sub = claims.get("sub").map_or_else(|| "(none)".to_owned(), brief);
            let mut text = format!("valid: signature verified with {}; sub {sub}; {expiry}", args.public_key);
            for warning in &warnings {
                text.push_str(&format!("\nwarning: {}", warning.message));
            }
            let warnings: Vec<&String> = warnings.iter().map(|w| &w.message).collect();
            Ok(Report { text, json: json!({"valid": true, "claims": claims, "warnings": warnings}), ok: true })
        }
        Err(finding) => {
            let mut json = json!({"valid": false, "problem": finding.problem, "reason": finding.message});
            if let Some(seconds) = finding.seconds {
                json["seconds"] = json!(seconds);
                json["leeway"] = json!(leeway);
            }
            Ok(Report { text: format!("invalid: {}", finding.message), json, ok: false })
        }
    }
}

/// The claims and warnings of a valid token, or the first reason it is not.
/// The header is checked first, so that `alg: none` says so rather than
/// "bad signature"; claims only once the signature shows who wrote them.
fn check(token: &str, key: &PublicKey, now: i64, leeway: i64) -> Result<(Map<String, Value>, Vec<Finding>), Finding> {
    let malformed = |message| jwt::reject("malformed", message);
    let parts = jwt::decode(token).map_err(malformed)?;
    let header_findings = jwt::repeat_findings(&parts).into_iter().chain(jwt::header_findings(&parts.header));
    if let Some(finding) = header_findings.into_iter().find(|f| f.rejects) {
        return Err(finding);
    }
    let signature = URL_SAFE_NO_PAD
        .decode(parts.signature)
        .map_err(|_| malformed("not a JWT: the signature is not base64url".to_owned()))?;
    UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, key.as_ref())
        .verify(parts.signing_input.as_bytes(), &signature)
        .map_err(|_| {
            let why = "the signature does not match this public key (another key pair, or the token was altered)";
            jwt::reject("bad_signature", why.to_owned())
        })?;
    let (rejections, warnings): (Vec<Finding>, Vec<Finding>) =
        jwt::claim_findings(&parts.claims, now, leeway).into_iter().partition(|f| f.rejects);
    match rejections.into_iter().next() {
        Some(finding) => Err(finding),
        None => Ok((parts.claims, warnings)),
    }
}
