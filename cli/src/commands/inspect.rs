//! `inspect`: decode a token and say what is in it and what is wrong with it,
//! without verifying its signature.

use serde_json::json;

use crate::jwt::{self, Finding};
use crate::output::{escape_controls, Failure, Report};
use crate::{input, time_text};

#[derive(clap::Args)]
pub struct Args {
    /// The token, or - for standard input.
    token: String,
}

pub fn run(args: Args) -> Result<Report, Failure> {
    let token = input::token(&args.token)?;
    let parts = jwt::decode(&token).map_err(|reason| Failure::failed("MALFORMED_TOKEN", reason))?;
    let now = time_text::now();
    let findings: Vec<Finding> = jwt::repeat_findings(&parts)
        .into_iter()
        .chain(jwt::header_findings(&parts.header))
        .chain(jwt::claim_findings(&parts.claims, now, 0))
        .collect();
    let time = |claim| jwt::seconds(&parts.claims, claim).ok().flatten();
    let mut text = format!(
        "signature: NOT verified (inspect only decodes; use `engagespot-token verify`)\nheader:  {}\npayload: {}\n",
        escape_controls(&parts.header_text, false),
        escape_controls(&parts.payload_text, false)
    );
    for (claim, label) in [("iat", "issued"), ("nbf", "not before"), ("exp", "expires")] {
        if let Some(t) = time(claim) {
            text.push_str(&format!(
                "{label}: {} ({})\n",
                time_text::utc(t),
                time_text::relative(t.saturating_sub(now))
            ));
        }
    }
    for finding in &findings {
        text.push_str(&format!("warning: {}\n", finding.message));
    }
    Ok(Report {
        json: json!({
            "signature_verified": false,
            "header": parts.header,
            "claims": parts.claims,
            "issued_at": time("iat").map(time_text::utc),
            "not_before": time("nbf").map(time_text::utc),
            "expires_at": time("exp").map(time_text::utc),
            "warnings": findings.iter().map(|f| &f.message).collect::<Vec<_>>(),
        }),
        text: text.trim_end().to_owned(),
        ok: true,
    })
}
