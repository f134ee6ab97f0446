//! `engagespot-token`: mint, inspect and verify Engagespot secure-mode user
//! tokens, check signing keys, and generate key pairs for local tests.
//!
//! Exit codes: 0 success (for `verify`: valid), 1 failure (invalid token,
//! rejected key, mismatch), 2 usage error (bad arguments, unreadable file).

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use clap::{Args, Parser, Subcommand};
use engagespot_token::{Client, Error, KeyEncoding, KeyFormat, SigningKey, TokenOptions};
use serde_json::{json, Value};

mod time_text;

const KEY_ENV: &str = "ENGAGESPOT_PRIVATE_SIGNING_KEY";

#[derive(Parser)]
#[command(
    name = "engagespot-token",
    version,
    about = "Mint, inspect and verify Engagespot secure-mode user tokens (RS256 JWTs)",
    long_about = "Mint, inspect and verify Engagespot secure-mode user tokens (RS256 JWTs), check \
                  signing keys, and generate key pairs for local tests.\n\n\
                  Exit codes: 0 success (verify: valid), 1 failure (invalid token, rejected key, \
                  mismatch), 2 usage error.",
    after_help = "Examples:\n  \
        engagespot-token sign --key private.pem --api-key KEY alice@example.com\n  \
        engagespot-token inspect eyJhbGciOi...\n  \
        engagespot-token verify --public-key public.pem eyJhbGciOi...\n  \
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
    Sign(SignArgs),
    /// Decode a token and print its header and claims, without verifying it.
    Inspect(InspectArgs),
    /// Verify a token's signature and expiry with a public key (exit 0 valid, 1 invalid).
    Verify(VerifyArgs),
    /// Report whether a private key is usable, and whether it matches a public key.
    CheckKey(CheckKeyArgs),
    /// Generate an RSA key pair for local development and tests.
    Keygen(KeygenArgs),
}

#[derive(Args)]
struct SignArgs {
    /// Private key file (PEM), or - for standard input [default: $ENGAGESPOT_PRIVATE_SIGNING_KEY].
    #[arg(long, value_name = "FILE")]
    key: Option<String>,
    /// The API key shown in the Engagespot console.
    #[arg(long, env = "ENGAGESPOT_API_KEY", value_name = "KEY")]
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
    /// Add a random jti, so that tokens of the same second differ.
    #[arg(long)]
    jti: bool,
    /// The user identifier; the token's sub is "user:<IDENTIFIER>".
    identifier: String,
}

#[derive(Args)]
struct InspectArgs {
    /// The token, or - for standard input.
    token: String,
}

#[derive(Args)]
struct VerifyArgs {
    /// The public key uploaded to the Engagespot console (PEM); a private key works too.
    #[arg(long, value_name = "FILE")]
    public_key: String,
    /// The token, or - for standard input.
    token: String,
}

#[derive(Args)]
struct CheckKeyArgs {
    /// Private key file, or - for standard input [default: $ENGAGESPOT_PRIVATE_SIGNING_KEY].
    key: Option<String>,
    /// Also check that the private key matches this public key (PEM).
    #[arg(long, value_name = "FILE")]
    public_key: Option<String>,
}

#[derive(Args)]
struct KeygenArgs {
    /// Where to write the private key (PKCS#8 PEM, mode 0600).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Where to write the public key (SPKI PEM), the one to upload to the console.
    #[arg(long, value_name = "FILE")]
    public_out: PathBuf,
    /// Key size in bits.
    #[arg(long, default_value = "2048", value_parser = ["2048", "3072", "4096"])]
    bits: String,
    /// Overwrite existing files.
    #[arg(long)]
    force: bool,
}

/// How a command ended: what to print, in text and JSON, and the exit code.
enum Outcome {
    Success { text: String, json: Value },
    Failure { text: String, json: Value },
    Usage(String),
}

fn failure_from(error: &Error) -> Outcome {
    Outcome::Failure {
        text: format!("error: {}: {}", error.kind(), error.message()),
        json: json!({"error": {"code": error.kind().name(), "number": error.kind().code(), "message": error.message()}}),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Sign(args) => sign(args),
        Command::Inspect(args) => inspect(args),
        Command::Verify(args) => verify(args),
        Command::CheckKey(args) => check_key(args),
        Command::Keygen(args) => keygen(args),
    };
    let (stdout, stderr, code, json) = match outcome {
        Outcome::Success { text, json } => (Some(text), None, 0, json),
        Outcome::Failure { text, json } => (None, Some(text), 1, json),
        Outcome::Usage(message) => {
            (None, Some(format!("error: {message}")), 2, json!({"error": {"code": "USAGE", "message": message}}))
        }
    };
    if cli.json {
        println!("{json:#}");
    } else {
        stdout.into_iter().for_each(|text| println!("{text}"));
        stderr.into_iter().for_each(|text| eprintln!("{text}"));
    }
    ExitCode::from(code)
}

/// Reads FILE, or standard input for "-".
fn read_input(source: &str, what: &str) -> Result<String, Outcome> {
    let mut text = String::new();
    let result = if source == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(source)
    };
    result.map_err(|e| Outcome::Usage(format!("cannot read {what} from {source}: {e}")))
}

/// The private key text from FILE, "-", or the environment variable.
fn private_key_text(source: Option<&str>) -> Result<String, Outcome> {
    match source {
        Some(source) => read_input(source, "the private key"),
        // An unset variable is the empty key: the core's ES_KEY_MISSING explains.
        None => Ok(std::env::var(KEY_ENV).unwrap_or_default()),
    }
}

fn token_input(token: &str) -> Result<String, Outcome> {
    Ok(if token == "-" { read_input("-", "the token")?.trim().to_owned() } else { token.trim().to_owned() })
}

fn sign(args: SignArgs) -> Outcome {
    let key = match private_key_text(args.key.as_deref()) {
        Ok(key) => key,
        Err(outcome) => return outcome,
    };
    let options = TokenOptions {
        expires_in: if args.no_exp {
            None
        } else {
            Some(args.expires_in.unwrap_or(engagespot_token::DEFAULT_EXPIRES_IN))
        },
        issued_at: args.issued_at,
        jti: args.jti,
    };
    match Client::new(&args.api_key, None, &key)
        .and_then(|client| client.generate_user_token_with(&args.identifier, &options))
    {
        Ok(token) => Outcome::Success { json: json!({"token": token}), text: token },
        Err(error) => failure_from(&error),
    }
}

/// A token's decoded parts: header and claims as JSON.
fn decode_parts(token: &str) -> Result<(Value, Value), String> {
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() != 3 {
        return Err(format!("not a JWT: expected 3 dot-separated parts, found {}", parts.len()));
    }
    let decode = |part: &str, what: &str| -> Result<Value, String> {
        let bytes = URL_SAFE_NO_PAD.decode(part).map_err(|_| format!("not a JWT: the {what} is not base64url"))?;
        serde_json::from_slice(&bytes).map_err(|_| format!("not a JWT: the {what} is not JSON"))
    };
    Ok((decode(parts[0], "header")?, decode(parts[1], "payload")?))
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// What a reader should know about a decoded token.
fn warnings(header: &Value, claims: &Value, now: i64) -> Vec<String> {
    let mut warnings = Vec::new();
    if header["alg"] != "RS256" {
        warnings.push(format!("alg is {}, but Engagespot tokens are RS256", header["alg"]));
    }
    match claims["sub"].as_str() {
        Some(sub) if sub.starts_with("user:") => {}
        Some(_) => warnings.push("sub lacks the \"user:\" prefix that Engagespot expects".to_owned()),
        None => warnings.push("no sub claim".to_owned()),
    }
    if claims["apiKey"].as_str().is_none() {
        warnings.push("no apiKey claim".to_owned());
    }
    match claims["exp"].as_i64() {
        None => {
            warnings.push("no exp: the token never expires (the official SDKs omit it; prefer an expiry)".to_owned())
        }
        Some(exp) if exp <= now => {
            warnings.push(format!("expired {} ({})", time_text::utc(exp), time_text::relative(exp - now)))
        }
        Some(_) => {}
    }
    if let Some(iat) = claims["iat"].as_i64() {
        if iat > now + 60 {
            warnings.push(format!(
                "iat is in the future ({}): check the signing machine's clock",
                time_text::relative(iat - now)
            ));
        }
    }
    warnings
}

fn inspect(args: InspectArgs) -> Outcome {
    let token = match token_input(&args.token) {
        Ok(token) => token,
        Err(outcome) => return outcome,
    };
    let (header, claims) = match decode_parts(&token) {
        Ok(parts) => parts,
        Err(reason) => {
            return Outcome::Failure {
                json: json!({"error": {"code": "MALFORMED_TOKEN", "message": reason}}),
                text: format!("error: {reason}"),
            }
        }
    };
    let now = now();
    let warnings = warnings(&header, &claims, now);
    let time = |claim: &str| claims[claim].as_i64().map(|t| (time_text::utc(t), time_text::relative(t - now)));
    // The payload as minted (serde_json's map would sort the keys).
    let payload_text = token
        .split('.')
        .nth(1)
        .and_then(|p| URL_SAFE_NO_PAD.decode(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let mut text = format!("signature: NOT verified (inspect only decodes; use `engagespot-token verify`)\nheader:  {header}\npayload: {payload_text}\n");
    for (claim, label) in [("iat", "issued"), ("exp", "expires")] {
        if let Some((utc, relative)) = time(claim) {
            text.push_str(&format!("{label}: {utc} ({relative})\n"));
        }
    }
    for warning in &warnings {
        text.push_str(&format!("warning: {warning}\n"));
    }
    Outcome::Success {
        json: json!({
            "signature_verified": false,
            "header": header,
            "claims": claims,
            "issued_at": time("iat").map(|t| t.0),
            "expires_at": time("exp").map(|t| t.0),
            "warnings": warnings,
        }),
        text: text.trim_end().to_owned(),
    }
}

/// The RSA public key as DER `RSAPublicKey`, from a public or a private key file.
fn public_key_der(path: &str) -> Result<Vec<u8>, Outcome> {
    let text = read_input(path, "the public key")?;
    if text.contains("PRIVATE KEY") {
        return SigningKey::from_text(&text)
            .map(|key| key.public_key_der().to_vec())
            .map_err(|e| Outcome::Usage(format!("{path}: {}", e.message())));
    }
    let block = pem::parse(text.trim()).map_err(|_| Outcome::Usage(format!("{path} is not a PEM public key")))?;
    match block.tag() {
        // SubjectPublicKeyInfo: the RSAPublicKey is the BIT STRING's content.
        "PUBLIC KEY" => jsonwebtoken::DecodingKey::from_rsa_pem(text.as_bytes())
            .ok()
            .and_then(|key| match key.kind() {
                jsonwebtoken::DecodingKeyKind::SecretOrDer(der) => Some(der.clone()),
                _ => None,
            })
            .ok_or_else(|| Outcome::Usage(format!("{path} is not an RSA public key"))),
        "RSA PUBLIC KEY" => Ok(block.into_contents()),
        other => Err(Outcome::Usage(format!("{path} holds a {other}, not a public key"))),
    }
}

fn verify(args: VerifyArgs) -> Outcome {
    let (token, der) = match (token_input(&args.token), public_key_der(&args.public_key)) {
        (Ok(token), Ok(der)) => (token, der),
        (Err(outcome), _) | (_, Err(outcome)) => return outcome,
    };
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.required_spec_claims.clear();
    validation.leeway = 0;
    let key = jsonwebtoken::DecodingKey::from_rsa_der(&der);
    let now = now();
    match jsonwebtoken::decode::<Value>(&token, &key, &validation) {
        Ok(data) => {
            let expiry = data.claims["exp"].as_i64().map_or_else(
                || "never expires (no exp)".to_owned(),
                |exp| format!("expires {}", time_text::relative(exp - now)),
            );
            Outcome::Success {
                text: format!(
                    "valid: signature verified with {}; sub {}; {expiry}",
                    args.public_key, data.claims["sub"]
                ),
                json: json!({"valid": true, "claims": data.claims}),
            }
        }
        Err(error) => {
            use jsonwebtoken::errors::ErrorKind as Jwt;
            let reason = match error.kind() {
                Jwt::InvalidSignature => {
                    "the signature does not match this public key (another key pair, or the token was altered)"
                        .to_owned()
                }
                Jwt::ExpiredSignature => {
                    let exp = decode_parts(&token).ok().and_then(|(_, c)| c["exp"].as_i64()).unwrap_or(now);
                    format!("the token expired {} ({})", time_text::utc(exp), time_text::relative(exp - now))
                }
                Jwt::InvalidAlgorithm => "the token is not RS256".to_owned(),
                _ => decode_parts(&token).err().unwrap_or_else(|| format!("the token is malformed ({error})")),
            };
            Outcome::Failure { text: format!("invalid: {reason}"), json: json!({"valid": false, "reason": reason}) }
        }
    }
}

fn check_key(args: CheckKeyArgs) -> Outcome {
    let text = match private_key_text(args.key.as_deref()) {
        Ok(text) => text,
        Err(outcome) => return outcome,
    };
    let key = match SigningKey::from_text(&text) {
        Ok(key) => key,
        Err(error) => {
            return Outcome::Failure {
                text: format!("unusable: {}: {}", error.kind(), error.message()),
                json: json!({"usable": false, "error": {"code": error.kind().name(), "number": error.kind().code(), "message": error.message()}}),
            }
        }
    };
    let info = key.info();
    let format = match info.format {
        KeyFormat::Pkcs1 => "PKCS#1 (BEGIN RSA PRIVATE KEY)",
        KeyFormat::Pkcs8 => "PKCS#8 (BEGIN PRIVATE KEY)",
    };
    let encoding = match info.encoding {
        KeyEncoding::Pem => "PEM text",
        KeyEncoding::EscapedNewlines => "PEM with literal \\n escapes (as in a one-line environment variable)",
        KeyEncoding::Base64Pem => "base64-encoded PEM on one line",
    };
    let mut notes = Vec::new();
    if info.had_crlf {
        notes.push("had CRLF line ends (accepted)");
    }
    if info.had_surrounding_whitespace {
        notes.push("had surrounding whitespace or quotes (accepted)");
    }
    let mut text = format!("usable: RSA {}-bit private key, {format}, arrived as {encoding}", info.bits);
    for note in &notes {
        text.push_str(&format!("\nnote: {note}"));
    }
    let mut json = json!({
        "usable": true, "type": "RSA", "bits": info.bits,
        "format": match info.format { KeyFormat::Pkcs1 => "pkcs1", KeyFormat::Pkcs8 => "pkcs8" },
        "encoding": match info.encoding { KeyEncoding::Pem => "pem", KeyEncoding::EscapedNewlines => "escaped-newlines", KeyEncoding::Base64Pem => "base64-pem" },
        "crlf": info.had_crlf, "surrounding_whitespace": info.had_surrounding_whitespace,
    });
    let Some(public_path) = args.public_key else {
        return Outcome::Success { text, json };
    };
    let public = match public_key_der(&public_path) {
        Ok(der) => der,
        Err(outcome) => return outcome,
    };
    let matches = public == key.public_key_der();
    json["matches_public_key"] = json!(matches);
    if matches {
        text.push_str(&format!("\nmatches: {public_path} is this key's public half"));
        Outcome::Success { text, json }
    } else {
        text.push_str(&format!(
            "\nDOES NOT MATCH: {public_path} is another key's public half; tokens signed with this key will be rejected by a console holding that public key"
        ));
        Outcome::Failure { text, json }
    }
}

fn keygen(args: KeygenArgs) -> Outcome {
    use aws_lc_rs::encoding::AsDer as _;
    use aws_lc_rs::rsa::{KeyPair, KeySize};
    use aws_lc_rs::signature::KeyPair as _;
    let size = match args.bits.as_str() {
        "3072" => KeySize::Rsa3072,
        "4096" => KeySize::Rsa4096,
        _ => KeySize::Rsa2048,
    };
    for path in [&args.out, &args.public_out] {
        if path.exists() && !args.force {
            return Outcome::Usage(format!("{} exists; pass --force to overwrite it", path.display()));
        }
    }
    let pair = match KeyPair::generate(size) {
        Ok(pair) => pair,
        Err(_) => {
            return Outcome::Failure {
                text: "error: key generation failed".to_owned(),
                json: json!({"error": {"code": "KEYGEN_FAILED"}}),
            }
        }
    };
    let (Ok(private_der), Ok(public_der)) = (pair.as_der(), pair.public_key().as_der()) else {
        return Outcome::Failure {
            text: "error: key encoding failed".to_owned(),
            json: json!({"error": {"code": "KEYGEN_FAILED"}}),
        };
    };
    let lf = pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF);
    let private_pem = pem::encode_config(&pem::Pem::new("PRIVATE KEY", private_der.as_ref()), lf);
    let public_pem = pem::encode_config(&pem::Pem::new("PUBLIC KEY", public_der.as_ref()), lf);
    if let Err(e) = write_private(&args.out, &private_pem).and_then(|()| std::fs::write(&args.public_out, public_pem)) {
        return Outcome::Usage(format!("cannot write the key files: {e}"));
    }
    Outcome::Success {
        text: format!(
            "wrote {} (private, mode 0600) and {} (public; upload it to the Engagespot console)",
            args.out.display(),
            args.public_out.display()
        ),
        json: json!({"private_key": args.out, "public_key": args.public_out, "bits": args.bits.parse::<u32>().unwrap_or(2048)}),
    }
}

/// Writes a private key readable by its owner only, from the first byte.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
        options.mode(0o600);
        let file = options.open(path)?;
        // An existing file (--force) keeps its mode on open: set it.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        return (&file).write_all(text.as_bytes());
    }
    #[allow(unreachable_code)]
    options.open(path)?.write_all(text.as_bytes())
}
