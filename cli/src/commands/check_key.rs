//! `check-key`: is this private key usable, in what form did it arrive, and
//! does it match the public key the console holds?

use engagespot_token::{KeyEncoding, KeyFormat, SigningKey};
use serde_json::json;

use crate::input;
use crate::output::{Failure, Report};

#[derive(clap::Args)]
pub struct Args {
    /// Private key file, or - for standard input [default: $ENGAGESPOT_PRIVATE_SIGNING_KEY].
    key: Option<String>,
    /// Also check that the private key matches this public key (PEM).
    #[arg(long, value_name = "FILE")]
    public_key: Option<String>,
}

pub fn run(args: Args) -> Result<Report, Failure> {
    let text_or_uri = input::private_key(args.key.as_deref())?;
    let key = match SigningKey::from_text(&text_or_uri) {
        Ok(key) => key,
        Err(error) => {
            let failure = Failure::from(error);
            return Ok(Report {
                text: format!("unusable: {}: {}", failure.code, failure.message),
                json: json!({"usable": false, "error": failure.json()}),
                ok: false,
            });
        }
    };
    let info = key.info();
    let (format, format_name) = match info.format {
        KeyFormat::Pkcs1 => ("PKCS#1 (BEGIN RSA PRIVATE KEY)", "pkcs1"),
        KeyFormat::Pkcs8 => ("PKCS#8 (BEGIN PRIVATE KEY)", "pkcs8"),
    };
    let (encoding, encoding_name) = match info.encoding {
        KeyEncoding::Pem => ("PEM text", "pem"),
        KeyEncoding::EscapedNewlines => {
            ("PEM with literal \\n escapes (as in a one-line environment variable)", "escaped-newlines")
        }
        KeyEncoding::Base64Pem => ("base64-encoded PEM on one line", "base64-pem"),
    };
    let mut text = format!("usable: RSA {}-bit private key, {format}, arrived as {encoding}", info.bits);
    // The library follows a file:// URI to the file it names; so does this
    // command, and it says so rather than letting the URI pass for the key.
    let file = SigningKey::file_uri_path(&text_or_uri).map(|path| path.display().to_string());
    if let Some(file) = &file {
        let source = match args.key.as_deref() {
            None => format!("${}", input::KEY_ENV),
            Some("-") => "standard input".to_owned(),
            Some(path) => path.to_owned(),
        };
        text.push_str(&format!(" read from {file}, which a file:// URI in {source} names"));
    }
    if info.had_crlf {
        text.push_str("\nnote: had CRLF line ends (accepted)");
    }
    if info.had_surrounding_whitespace {
        text.push_str("\nnote: had surrounding whitespace or quotes (accepted)");
    }
    let mut json = json!({
        "usable": true, "type": "RSA", "bits": info.bits, "format": format_name, "encoding": encoding_name,
        "crlf": info.had_crlf, "surrounding_whitespace": info.had_surrounding_whitespace, "file": file,
    });
    let Some(public_path) = args.public_key else {
        return Ok(Report { text, json, ok: true });
    };
    let matches = input::public_key(&public_path)?.as_ref() == key.public_key_der();
    json["matches_public_key"] = json!(matches);
    if matches {
        text.push_str(&format!("\nmatches: {public_path} is this key's public half"));
    } else {
        text.push_str(&format!(
            "\nDOES NOT MATCH: {public_path} is another key's public half; tokens signed with this key will be \
             rejected by a console holding that public key"
        ));
    }
    Ok(Report { text, json, ok: matches })
}
