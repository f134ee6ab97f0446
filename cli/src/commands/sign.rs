//! `sign`: mint a token with the core, as an application would.

use engagespot_token::{Client, TokenOptions};
use serde_json::json;

use crate::input;
use crate::output::{Failure, Report};

#[derive(clap::Args)]
pub struct Args {
    /// Private key file (PEM), or - for standard input [default: $ENGAGESPOT_PRIVATE_SIGNING_KEY].
    #[arg(long, value_name = "FILE")]
    key: Option<String>,
    /// The API key shown in the Engagespot console.
    #[arg(long, env = engagespot_token::API_KEY_VARIABLE, value_name = "KEY")]
    api_key: String,
    /// Seconds from iat to exp [default: 3600].
    #[arg(long, value_name = "SECS", allow_negative_numbers = true, conflicts_with = "no_exp")]
    expires_in: Option<i64>,
    /// Leave exp out, as the official SDKs do.
    #[arg(long)]
    no_exp: bool,
    /// Use this iat (unix seconds) instead of now, for reproducible tokens.
    #[arg(long, value_name = "UNIX_SECONDS", allow_negative_numbers = true)]
    issued_at: Option<i64>,
    /// Leave iat out; with --no-exp the claims are the official PHP SDK's {sub, apiKey}.
    #[arg(long, conflicts_with = "issued_at")]
    no_iat: bool,
    /// Add a random jti, so that tokens of the same second differ.
    #[arg(long)]
    jti: bool,
    /// The user identifier; the token's sub is "user:<IDENTIFIER>".
    identifier: String,
}

pub fn run(args: Args) -> Result<Report, Failure> {
    let key = input::private_key(args.key.as_deref())?;
    let options = TokenOptions {
        expires_in: (!args.no_exp).then(|| args.expires_in.unwrap_or(engagespot_token::DEFAULT_EXPIRES_IN)),
        issued_at: args.issued_at,
        jti: args.jti,
        include_iat: !args.no_iat,
    };
    let token = Client::new(&args.api_key, None, &key)?.generate_user_token_with(&args.identifier, &options)?;
    Ok(Report { json: json!({"token": token}), text: token, ok: true })
}
