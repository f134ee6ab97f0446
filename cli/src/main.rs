//! `engagespot-token`: mint, inspect and verify Engagespot secure-mode user
//! tokens, check signing keys, and generate key pairs for local tests.
//!
//! Exit codes: 0 success (for `verify`: valid), 1 failure (invalid token,
//! rejected key, mismatch), 2 usage error (bad arguments, unreadable or
//! oversized input, files keygen will not write).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;
mod input;
mod jwt;
mod output;
mod time_text;

#[derive(Parser)]
#[command(
    name = "engagespot-token",
    version,
    about = "Mint, inspect and verify Engagespot secure-mode user tokens (RS256 JWTs)",
    long_about = "Mint, inspect and verify Engagespot secure-mode user tokens (RS256 JWTs), check \
                  signing keys, and generate key pairs for local tests.\n\n\
                  Exit codes: 0 success (verify: valid), 1 failure (invalid token, rejected key, \
                  mismatch), 2 usage error (bad arguments, unreadable or oversized input).",
    after_help = "Examples:\n  \
        engagespot-token sign --key private.pem --api-key KEY alice@example.com\n  \
        engagespot-token inspect eyJhbGciOi...\n  \
        engagespot-token verify --public-key public.pem --leeway 30 eyJhbGciOi...\n  \
        engagespot-token check-key private.pem --public-key public.pem\n  \
        engagespot-token keygen --out private.pem --public-out public.pem"
)]
struct Cli {
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Mint a token for a user identifier and print it.
    Sign(commands::sign::Args),
    /// Decode a token and print its header and claims, without verifying it.
    Inspect(commands::inspect::Args),
    /// Verify a token's signature, header and time claims with a public key (exit 0 valid, 1 invalid).
    Verify(commands::verify::Args),
    /// Report whether a private key is usable, and whether it matches a public key.
    CheckKey(commands::check_key::Args),
    /// Generate an RSA key pair for local development and tests.
    Keygen(commands::keygen::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sign(args) => commands::sign::run(args),
        Command::Inspect(args) => commands::inspect::run(args),
        Command::Verify(args) => commands::verify::run(args),
        Command::CheckKey(args) => commands::check_key::run(args),
        Command::Keygen(args) => commands::keygen::run(args),
    };
    output::finish(result, cli.json)
}
