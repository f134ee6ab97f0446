//! What a command prints. A command ends in a [`Report`] (its verdict: exit 0,
//! or 1 when the verdict is negative) or a [`Failure`] (exit 1 or 2); `finish`
//! prints either as text or JSON. Tokens are hostile input, so every character
//! that could move the cursor or reorder the line is escaped on the way out.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::process::ExitCode;

use serde_json::{json, Value};

/// A command's verdict.
pub struct Report {
    pub text: String,
    pub json: Value,
    /// false for a negative verdict ("invalid", "unusable", "does not match"): exit 1, text on stderr.
    pub ok: bool,
}

/// Why a command could not reach a verdict.
pub struct Failure {
    /// `ES_*` from the core, or one of the CLI's own: USAGE, INPUT_TOO_LARGE, MALFORMED_TOKEN, KEYGEN_FAILED.
    pub code: Cow<'static, str>,
    /// The core's numeric code, for `ES_*` errors.
    pub number: Option<i64>,
    pub message: String,
    pub exit: u8,
}

impl Failure {
    /// A usage error (exit 2): bad arguments, unreadable input, files keygen will not write.
    pub fn usage(code: &'static str, message: impl Into<String>) -> Failure {
        Failure { code: Cow::Borrowed(code), number: None, message: message.into(), exit: 2 }
    }

    /// A failure (exit 1) the CLI detects itself.
    pub fn failed(code: &'static str, message: impl Into<String>) -> Failure {
        Failure { exit: 1, ..Failure::usage(code, message) }
    }

    /// The JSON error object; the only place it is built.
    pub fn json(&self) -> Value {
        let mut error = json!({"code": self.code, "message": self.message});
        if let Some(number) = self.number {
            error["number"] = json!(number);
        }
        error
    }
}

impl From<engagespot_token::Error> for Failure {
    fn from(error: engagespot_token::Error) -> Failure {
        Failure {
            code: Cow::Borrowed(error.kind().name()),
            number: Some(i64::from(error.kind().code())),
            message: error.message().to_owned(),
            exit: 1,
        }
    }
}

/// Prints the outcome and returns its exit code.
pub fn finish(result: Result<Report, Failure>, as_json: bool) -> ExitCode {
    let (text, json, on_stdout, code) = match result {
        Ok(report) => (report.text, report.json, report.ok, if report.ok { 0 } else { 1 }),
        Err(failure) => {
            let text = match failure.exit {
                2 => format!("error: {}", failure.message),
                _ => format!("error: {}: {}", failure.code, failure.message),
            };
            (text, json!({"error": failure.json()}), false, failure.exit)
        }
    };
    // serde_json escapes C0 controls itself; this pass also covers DEL, C1 and
    // the invisible format characters, which JSON allows raw in strings.
    let out = escape_controls(&if as_json { format!("{json:#}") } else { text }, true);
    if on_stdout || as_json {
        println!("{out}");
    } else {
        eprintln!("{out}");
    }
    ExitCode::from(code)
}

/// Escapes control characters (C0, DEL, C1), line and paragraph separators and
/// the zero-width and bidirectional format characters, as `\r`, `\t` or
/// `\uXXXX` (valid inside JSON strings too). `\n` is kept when `keep_newlines`
/// (our own line breaks), else escaped (text from a token).
pub fn escape_controls(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(c, '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}') =>
            {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A JSON value from a token, compact and cut to 80 characters, for messages.
pub fn brief(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}
