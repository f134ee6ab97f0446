//! The real `engagespot-token` binary: every command, every exit code, stdin,
//! `--json`, and tokens checked by the openssl CLI.

use std::path::PathBuf;
use std::process::Command as Std;

use assert_cmd::Command;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::Value;

fn keys(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/keys").join(name).to_string_lossy().into_owned()
}

fn cli() -> Command {
    let mut cmd = Command::cargo_bin("engagespot-token").unwrap();
    cmd.env_remove("ENGAGESPOT_PRIVATE_SIGNING_KEY").env_remove("ENGAGESPOT_API_KEY");
    cmd
}

/// Runs and returns (exit code, stdout, stderr).
fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn json(cmd: &mut Command) -> (i32, Value) {
    let (code, stdout, _) = run(cmd.arg("--json"));
    (code, serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}")))
}

fn sign(extra: &[&str]) -> String {
    let (code, stdout, stderr) =
        run(cli().args(["sign", "--key", &keys("rsa2048.pkcs8.pem"), "--api-key", "cli-key"]).args(extra));
    assert_eq!(code, 0, "{stderr}");
    stdout.trim().to_owned()
}

/// A fresh empty directory in the temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("engagespot-cli-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn openssl_verifies(token: &str, public: &str) -> bool {
    let dir = TempDir::new();
    let (input, signature) = token.rsplit_once('.').unwrap();
    std::fs::write(dir.path().join("in"), input).unwrap();
    std::fs::write(dir.path().join("sig"), URL_SAFE_NO_PAD.decode(signature).unwrap()).unwrap();
    Std::new("openssl")
        .args(["dgst", "-sha256", "-verify", &keys(public), "-signature"])
        .arg(dir.path().join("sig"))
        .arg(dir.path().join("in"))
        .output()
        .unwrap()
        .status
        .success()
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn b64(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(text)
}

const RS256: &str = r#"{"alg":"RS256","typ":"JWT"}"#;

/// A token of exactly this header and payload JSON, signed RS256 by aws-lc with
/// rsa2048.pkcs8.pem (not by the code under test) and checked by openssl, so
/// that only its header or claims can be at fault.
fn signed(header: &str, payload: &str) -> String {
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
    let pem = pem::parse(std::fs::read(keys("rsa2048.pkcs8.pem")).unwrap()).unwrap();
    let pair = RsaKeyPair::from_pkcs8(pem.contents()).unwrap();
    let input = format!("{}.{}", b64(header), b64(payload));
    let mut signature = vec![0; pair.public_modulus_len()];
    pair.sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), input.as_bytes(), &mut signature).unwrap();
    let token = format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature));
    assert!(openssl_verifies(&token, "rsa2048.pub.pem"));
    token
}

/// `verify --json` of a token: (exit code, output, the clock before and after the run).
fn verify(token: &str, extra: &[&str]) -> (i32, Value, i64, i64) {
    let before = now();
    let (code, value) = json(cli().args(["verify", "--public-key", &keys("rsa2048.pub.pem")]).args(extra).arg(token));
    (code, value, before, now())
}

fn payload(token: &str) -> String {
    String::from_utf8(URL_SAFE_NO_PAD.decode(token.split('.').nth(1).unwrap()).unwrap()).unwrap()
}

#[test]
fn sign_prints_a_token_that_openssl_verifies() {
    let token = sign(&["alice@example.com"]);
    assert!(openssl_verifies(&token, "rsa2048.pub.pem"));
    assert!(payload(&token).starts_with(r#"{"sub":"user:alice@example.com","apiKey":"cli-key","iat":"#));
    assert!(payload(&sign(&["--issued-at", "1000", "--expires-in", "60", "--jti", "bob"]))
        .starts_with(r#"{"sub":"user:bob","apiKey":"cli-key","iat":1000,"exp":1060,"jti":""#));
    assert_eq!(
        payload(&sign(&["--issued-at", "1000", "--no-exp", "bob"])),
        r#"{"sub":"user:bob","apiKey":"cli-key","iat":1000}"#
    );
}

#[test]
fn sign_reads_the_key_from_stdin_and_the_environment() {
    let pem = std::fs::read_to_string(keys("rsa2048.pkcs1.pem")).unwrap();
    let (code, stdout, _) = run(cli().args(["sign", "--key", "-", "--api-key", "k", "u"]).write_stdin(pem.clone()));
    assert_eq!(code, 0);
    assert!(openssl_verifies(stdout.trim(), "rsa2048.pub.pem"));
    let escaped = pem.trim().replace('\n', "\\n");
    let (code, stdout, _) = run(cli()
        .args(["sign", "u"])
        .env("ENGAGESPOT_PRIVATE_SIGNING_KEY", escaped)
        .env("ENGAGESPOT_API_KEY", "env-key"));
    assert_eq!(code, 0);
    assert!(payload(stdout.trim()).contains(r#""apiKey":"env-key""#));
}

#[test]
fn sign_failures_and_usage_errors() {
    let (code, _, stderr) = run(cli().args(["sign", "--key", &keys("rsa2048.pub.pem"), "--api-key", "k", "u"]));
    assert_eq!(code, 1);
    assert!(stderr.contains("ES_KEY_IS_PUBLIC"), "{stderr}");
    let (code, value) = json(cli().args(["sign", "--api-key", "k", "u"]));
    assert_eq!(code, 1);
    assert_eq!(value["error"]["code"], "ES_KEY_MISSING");
    let (code, value) =
        json(cli().args(["sign", "--key", &keys("rsa2048.pkcs8.pem"), "--api-key", "k", "--expires-in", "-5", "u"]));
    assert_eq!((code, value["error"]["code"].as_str()), (1, Some("ES_INVALID_EXPIRY")));
    assert_eq!(
        run(cli().args(["sign", "--key", &keys("rsa2048.pkcs8.pem"), "--api-key", "k"])).0,
        2,
        "identifier missing"
    );
    assert_eq!(run(cli().args(["sign", "--key", "/nonexistent.pem", "--api-key", "k", "u"])).0, 2);
    assert_eq!(
        run(cli().args([
            "sign",
            "--key",
            &keys("rsa2048.pkcs8.pem"),
            "--api-key",
            "k",
            "--no-exp",
            "--expires-in",
            "5",
            "u"
        ]))
        .0,
        2
    );
    let (code, value) = json(cli().args(["sign", "--key", &keys("rsa2048.pkcs8.pem"), "--api-key", "k", "u"]));
    assert_eq!(code, 0);
    assert!(openssl_verifies(value["token"].as_str().unwrap(), "rsa2048.pub.pem"));
}

#[test]
fn inspect_shows_claims_times_and_warnings_without_verifying() {
    let token = sign(&["--issued-at", "1700000000", "--expires-in", "60", "alice"]);
    let (code, stdout, _) = run(cli().args(["inspect", &token]));
    assert_eq!(code, 0);
    assert!(stdout.contains("NOT verified"));
    assert!(stdout.contains(r#"payload: {"sub":"user:alice","apiKey":"cli-key","iat":1700000000,"exp":1700000060}"#));
    assert!(stdout.contains("2023-11-14T22:13:20Z"));
    assert!(stdout.contains("warning: expired 2023-11-14T22:14:20Z"), "{stdout}");

    let (code, value) = json(cli().args(["inspect", "-"]).write_stdin(sign(&["--no-exp", "bob"])));
    assert_eq!(code, 0);
    assert_eq!(value["signature_verified"], false);
    assert_eq!(value["claims"]["sub"], "user:bob");
    assert!(value["warnings"][0].as_str().unwrap().contains("no exp"));

    // A token of another kind: HS256 and a bare sub.
    let forged = format!(
        "{}.{}.c2ln",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(br#"{"sub":"alice","apiKey":"k","exp":99999999999}"#)
    );
    let (_, value) = json(cli().args(["inspect", &forged]));
    let warnings = value["warnings"].to_string();
    assert!(warnings.contains("HS256") && warnings.contains("user:"), "{warnings}");

    assert_eq!(run(cli().args(["inspect", "not.a-token"])).0, 1);
    assert_eq!(json(cli().args(["inspect", "a.b.c"])).1["error"]["code"], "MALFORMED_TOKEN");
}

#[test]
fn verify_exit_codes() {
    let public = keys("rsa2048.pub.pem");
    let token = sign(&["alice"]);
    let (code, stdout, _) = run(cli().args(["verify", "--public-key", &public, &token]));
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("valid"));
    assert_eq!(run(cli().args(["verify", "--public-key", &public, "-"]).write_stdin(token.clone())).0, 0);
    assert_eq!(
        run(cli().args(["verify", "--public-key", &keys("rsa2048.pkcs1-pub.pem"), &token])).0,
        0,
        "PKCS#1 public key"
    );
    assert_eq!(
        run(cli().args(["verify", "--public-key", &keys("rsa2048.pkcs8.pem"), &token])).0,
        0,
        "private key's public half"
    );

    let (header, signature) = (token.split('.').next().unwrap(), token.rsplit('.').next().unwrap());
    let tampered_body = URL_SAFE_NO_PAD.encode(payload(&token).replace("user:alice", "user:mallory"));
    let (code, value) =
        json(cli().args(["verify", "--public-key", &public, &format!("{header}.{tampered_body}.{signature}")]));
    assert_eq!((code, value["valid"].as_bool()), (1, Some(false)));
    assert!(value["reason"].as_str().unwrap().contains("signature does not match"));

    let expired = sign(&["--issued-at", "1000", "--expires-in", "5", "old"]);
    let (code, _, stderr) = run(cli().args(["verify", "--public-key", &public, &expired]));
    assert_eq!(code, 1);
    assert!(stderr.contains("expired 1970-01-01T00:16:45Z"), "{stderr}");

    assert_eq!(run(cli().args(["verify", "--public-key", &keys("rsa3072.pub.pem"), &token])).0, 1, "other key");
    assert_eq!(run(cli().args(["verify", "--public-key", &public, "garbage"])).0, 1);
    assert_eq!(run(cli().args(["verify", &token])).0, 2, "no public key");
    assert_eq!(run(cli().args(["verify", "--public-key", "/nonexistent.pem", &token])).0, 2);
    assert_eq!(run(cli().args(["verify", "--public-key", &keys("rsa2048.cert.pem"), &token])).0, 2);
}

#[test]
fn check_key_reports_usability_form_and_match() {
    let (code, value) = json(cli().args(["check-key", &keys("rsa3072.pkcs1.pem")]));
    assert_eq!(code, 0);
    assert_eq!(
        (value["bits"].as_u64(), value["format"].as_str(), value["encoding"].as_str()),
        (Some(3072), Some("pkcs1"), Some("pem"))
    );

    let pem = std::fs::read_to_string(keys("rsa2048.pkcs8.pem")).unwrap();
    let (code, value) =
        json(cli().args(["check-key"]).env("ENGAGESPOT_PRIVATE_SIGNING_KEY", pem.trim().replace('\n', "\\n")));
    assert_eq!((code, value["encoding"].as_str()), (0, Some("escaped-newlines")));
    let (code, stdout, _) = run(cli().args(["check-key", "-"]).write_stdin(pem.replace('\n', "\r\n")));
    assert_eq!(code, 0);
    assert!(stdout.contains("CRLF"));

    let (code, stdout, _) =
        run(cli().args(["check-key", &keys("rsa2048.pkcs8.pem"), "--public-key", &keys("rsa2048.pub.pem")]));
    assert_eq!(code, 0);
    assert!(stdout.contains("matches"));
    let (code, value) =
        json(cli().args(["check-key", &keys("rsa2048.pkcs8.pem"), "--public-key", &keys("rsa4096.pub.pem")]));
    assert_eq!((code, value["matches_public_key"].as_bool()), (1, Some(false)));

    for (file, name) in [
        ("rsa2048.pub.pem", "ES_KEY_IS_PUBLIC"),
        ("rsa2048.encrypted-pkcs8.pem", "ES_KEY_ENCRYPTED"),
        ("ec-p256.pkcs8.pem", "ES_KEY_NOT_RSA"),
        ("rsa1024.pkcs8.pem", "ES_KEY_TOO_SMALL"),
    ] {
        let (code, value) = json(cli().args(["check-key", &keys(file)]));
        assert_eq!((code, value["error"]["code"].as_str()), (1, Some(name)));
    }
    let (code, _, stderr) = run(cli().args(["check-key", &keys("rsa2048.encrypted-pkcs1.pem")]));
    assert_eq!(code, 1);
    assert!(stderr.contains("openssl pkey"), "the library's advice: {stderr}");
    assert_eq!(run(cli().args(["check-key", "/nonexistent.pem"])).0, 2);
}

#[test]
fn keygen_writes_a_private_key_with_mode_0600() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = TempDir::new();
    let (private, public) = (dir.path().join("private.pem"), dir.path().join("public.pem"));
    let (code, value) = json(cli().arg("keygen").arg("--out").arg(&private).arg("--public-out").arg(&public));
    assert_eq!((code, value["bits"].as_u64()), (0, Some(2048)));
    assert_eq!(std::fs::metadata(&private).unwrap().permissions().mode() & 0o777, 0o600);
    let text = Std::new("openssl").args(["pkey", "-noout", "-text", "-in"]).arg(&private).output().unwrap();
    assert!(String::from_utf8_lossy(&text.stdout).contains("2048 bit"));
    let (code, _, _) = run(cli().arg("check-key").arg(&private).arg("--public-key").arg(&public));
    assert_eq!(code, 0, "the pair matches");
    assert_eq!(
        run(cli().arg("keygen").arg("--out").arg(&private).arg("--public-out").arg(&public)).0,
        2,
        "no overwrite"
    );
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_eq!(
        run(cli()
            .arg("keygen")
            .arg("--force")
            .arg("--bits")
            .arg("3072")
            .arg("--out")
            .arg(&private)
            .arg("--public-out")
            .arg(&public))
        .0,
        0
    );
    assert_eq!(std::fs::metadata(&private).unwrap().permissions().mode() & 0o777, 0o600, "--force resets the mode");
    assert_eq!(run(cli().args(["keygen", "--bits", "1024", "--out", "a", "--public-out", "b"])).0, 2);
}

#[test]
fn help_is_real() {
    let (code, stdout, _) = run(cli().arg("--help"));
    assert_eq!(code, 0);
    for word in ["sign", "inspect", "verify", "check-key", "keygen", "Exit codes"] {
        assert!(stdout.contains(word), "{word}");
    }
    let (_, stdout, _) = run(cli().args(["sign", "--help"]));
    assert!(stdout.contains("ENGAGESPOT_PRIVATE_SIGNING_KEY") && stdout.contains("--no-exp"));
}

#[test]
fn verify_rejects_nbf_in_the_future_unless_the_leeway_covers_it() {
    let nbf = now() + 600;
    let token = signed(RS256, &format!(r#"{{"sub":"user:a","apiKey":"k","nbf":{nbf},"exp":{}}}"#, nbf + 3600));
    let (code, value, before, after) = verify(&token, &[]);
    assert_eq!((code, value["valid"].as_bool(), value["problem"].as_str()), (1, Some(false), Some("not_yet_valid")));
    let seconds = value["seconds"].as_i64().unwrap();
    assert!((nbf - after..=nbf - before).contains(&seconds), "{value}");
    assert!(value["reason"].as_str().unwrap().contains(&format!("{seconds} seconds from now (leeway 0 s)")));
    assert_eq!(verify(&token, &["--leeway", "1000"]).0, 0);
}

#[test]
fn verify_rejects_any_crit_header() {
    for crit in [r#"["exp"]"#, r#"["b64"]"#, "[]", r#"[["nested"]]"#, r#"{"crit":["x"]}"#, "null"] {
        let header = format!(r#"{{"alg":"RS256","typ":"JWT","crit":{crit}}}"#);
        let (code, value, _, _) = verify(&signed(&header, r#"{"sub":"user:a","apiKey":"k"}"#), &[]);
        assert_eq!((code, value["problem"].as_str()), (1, Some("crit")), "{crit}: {value}");
        assert!(value["reason"].as_str().unwrap().contains("does not understand"));
    }
}

#[test]
fn verify_warns_on_iat_in_the_future() {
    let iat = now() + 600;
    let token = signed(RS256, &format!(r#"{{"sub":"user:a","apiKey":"k","iat":{iat},"exp":{}}}"#, iat + 3600));
    let (code, stdout, _) = run(cli().args(["verify", "--public-key", &keys("rsa2048.pub.pem"), &token]));
    assert_eq!(code, 0);
    assert!(stdout.contains("warning: iat is") && stdout.contains("check the signing machine's clock"), "{stdout}");
    let (code, value, _, _) = verify(&token, &["--leeway", "1000"]);
    assert_eq!((code, value["warnings"].as_array().map(Vec::len)), (0, Some(0)), "{value}");
}

#[test]
fn verify_rejects_time_claims_that_are_not_whole_seconds() {
    let future = now() + 3600;
    for (claims, expected) in [
        (format!(r#""exp":{future}.5"#), format!("exp is {future}.5, not a whole number of seconds")),
        (r#""exp":1000.5"#.to_owned(), "exp is 1000.5, not a whole number of seconds".to_owned()),
        (format!(r#""exp":{future}.0"#), "not a whole number".to_owned()),
        (format!(r#""exp":"{future}""#), format!(r#"exp is "{future}", not a number of seconds"#)),
        (r#""exp":"NaN""#.to_owned(), "not a number of seconds".to_owned()),
        (r#""exp":null"#.to_owned(), "exp is null".to_owned()),
        (r#""exp":1e300"#.to_owned(), "not a whole number".to_owned()),
        (r#""exp":9223372036854775808"#.to_owned(), "too large".to_owned()),
        (format!(r#""exp":{future},"nbf":[1]"#), "nbf is [1]".to_owned()),
        (format!(r#""exp":{future},"iat":true"#), "iat is true".to_owned()),
    ] {
        let (code, value, _, _) = verify(&signed(RS256, &format!(r#"{{"sub":"user:a","apiKey":"k",{claims}}}"#)), &[]);
        assert_eq!((code, value["problem"].as_str()), (1, Some("bad_time_claim")), "{claims}: {value}");
        assert!(value["reason"].as_str().unwrap().contains(&expected), "{claims}: {value}");
    }
}

#[test]
fn verify_says_aud_is_the_problem() {
    let token = signed(RS256, &format!(r#"{{"sub":"user:a","apiKey":"k","aud":"inbox","exp":{}}}"#, now() + 3600));
    let (code, _, stderr) = run(cli().args(["verify", "--public-key", &keys("rsa2048.pub.pem"), &token]));
    assert_eq!(code, 1);
    assert!(stderr.starts_with(r#"invalid: the token has an aud claim ("inbox")"#), "{stderr}");
}

#[test]
fn verify_says_not_rs256() {
    let payload = format!(r#"{{"sub":"user:a","apiKey":"k","exp":{}}}"#, now() + 3600);
    let unsigned = format!("{}.{}.", b64(r#"{"alg":"none","typ":"JWT"}"#), b64(&payload));
    let hs256 = format!("{}.{}.c2ln", b64(r#"{"alg":"HS256"}"#), b64(&payload));
    for token in [unsigned, hs256, signed(r#"{"typ":"JWT"}"#, &payload), signed(r#"{"alg":"rs256"}"#, &payload)] {
        let (code, value, _, _) = verify(&token, &[]);
        assert_eq!((code, value["problem"].as_str()), (1, Some("not_rs256")), "{value}");
        assert!(value["reason"].as_str().unwrap().starts_with("not RS256"));
    }
}

#[test]
fn verify_leeway_and_how_many_seconds_past_exp() {
    let exp = now() - 75;
    let token = sign(&["--issued-at", &(exp - 3600).to_string(), "alice"]);
    let (code, value, before, after) = verify(&token, &["--leeway", "30"]);
    assert_eq!((code, value["problem"].as_str(), value["leeway"].as_i64()), (1, Some("expired"), Some(30)));
    let seconds = value["seconds"].as_i64().unwrap();
    assert!((before - exp..=after - exp).contains(&seconds), "{value}");
    assert!(value["reason"].as_str().unwrap().ends_with(&format!(", {seconds} seconds ago (leeway 30 s)")));
    assert_eq!(verify(&token, &["--leeway", "1000"]).0, 0, "the leeway covers it");
    assert_eq!(run(cli().args(["verify", "--leeway", "-5", "--public-key", &keys("rsa2048.pub.pem"), &token])).0, 2);
    let (_, stdout, _) = run(cli().args(["verify", "--help"]));
    assert!(stdout.contains("--leeway <SECONDS>") && stdout.contains("[default: 0]"), "{stdout}");
}

/// Nothing a terminal would act on: controls other than our own line breaks,
/// and the bidirectional and zero-width format characters.
fn assert_terminal_safe(text: &str) {
    let unsafe_chars: Vec<char> = text
        .chars()
        .filter(|&c| (c.is_control() && c != '\n') || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'))
        .collect();
    assert!(unsafe_chars.is_empty(), "{unsafe_chars:?} in {text:?}");
}

#[test]
fn inspect_and_verify_escape_control_characters_from_the_token() {
    // A raw \r between members would return the cursor and print sub over itself,
    // a raw \n would start a line of the token's choosing; DEL, C1 and U+202E are
    // legal raw inside JSON strings.
    let payload = "{\"sub\":\"user:mallory\",\"apiKey\":\"k\",\r\n\"note\":\"\u{7f}\u{9b}2J\u{202e}moc.live\"}";
    let token = signed("{\"alg\":\"RS256\",\"kid\":\"\u{202e}\u{2028}x\"}", payload);
    let (code, stdout, _) = run(cli().args(["inspect", &token]));
    assert_eq!(code, 0);
    assert_terminal_safe(&stdout);
    assert!(stdout.contains(r#""apiKey":"k",\r\n"note":"\u007f\u009b2J\u202emoc.live""#), "{stdout}");
    assert!(stdout.contains(r#"header:  {"alg":"RS256","kid":"\u202e\u2028x"}"#), "{stdout}");
    let (_, json_out, _) = run(cli().args(["inspect", "--json", &token]));
    assert_terminal_safe(&json_out);
    let value: Value = serde_json::from_str(&json_out).unwrap();
    assert_eq!(value["claims"]["note"], "\u{7f}\u{9b}2J\u{202e}moc.live", "escaped JSON still means the same");

    let token = signed("{\"alg\":\"RS256\u{202e}\\u001b\"}", "{}");
    let (code, _, stderr) = run(cli().args(["verify", "--public-key", &keys("rsa2048.pub.pem"), &token]));
    assert_eq!(code, 1);
    assert_terminal_safe(&stderr);
    assert!(stderr.contains(r#"not RS256: alg is "RS256\u202e\u001b""#), "{stderr}");
}

fn keygen(out: &std::path::Path, public: &std::path::Path, force: bool) -> (i32, String, String) {
    let mut cmd = cli();
    cmd.arg("keygen").arg("--out").arg(out).arg("--public-out").arg(public);
    run(if force { cmd.arg("--force") } else { &mut cmd })
}

#[test]
fn keygen_refuses_symbolic_links_unless_forced() {
    let dir = TempDir::new();
    let (link, target, public) = (dir.path().join("link.pem"), dir.path().join("target.pem"), dir.path().join("p.pem"));
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let (code, _, stderr) = keygen(&link, &public, false);
    assert_eq!(code, 2, "dangling link: {stderr}");
    assert!(stderr.contains("is a symbolic link"), "{stderr}");
    assert!(!target.exists() && !public.exists(), "nothing written");

    std::fs::write(&target, "keep me").unwrap();
    let (code, _, stderr) = keygen(&public, &link, false);
    assert_eq!(code, 2, "link to a file: {stderr}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert!(!public.exists(), "the private key is not written when the public one cannot be");

    assert_eq!(keygen(&link, &public, true).0, 0, "--force follows the link");
    assert!(std::fs::read_to_string(&target).unwrap().starts_with("-----BEGIN PRIVATE KEY-----"));
}

#[test]
fn keygen_refuses_one_file_for_both_keys() {
    use std::os::unix::fs::symlink;
    let dir = TempDir::new();
    let file = dir.path().join("key.pem");
    let (code, _, stderr) = keygen(&file, &dir.path().join(".").join("key.pem"), false);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("name the same file"), "{stderr}");
    assert!(!file.exists());

    std::fs::write(&file, "old").unwrap();
    let (hard, soft, dangling, absent) =
        (dir.path().join("hard.pem"), dir.path().join("soft.pem"), dir.path().join("d.pem"), dir.path().join("no.pem"));
    std::fs::hard_link(&file, &hard).unwrap();
    symlink("key.pem", &soft).unwrap();
    symlink(&absent, &dangling).unwrap();
    for (a, b) in [(&file, &file), (&file, &hard), (&soft, &file), (&hard, &soft), (&dangling, &absent)] {
        let (code, _, stderr) = keygen(a, b, true);
        assert_eq!(code, 2, "{a:?} {b:?}: {stderr}");
        assert!(stderr.contains("name the same file"), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
    assert!(!absent.exists());
}

#[test]
fn inputs_over_the_cap_are_refused() {
    let dir = TempDir::new();
    let big = dir.path().join("big");
    std::fs::write(&big, "a".repeat(65_537)).unwrap();
    let limit = "limit of 65536 bytes";
    let dev_zero = |args: &[&str]| {
        let (code, _, stderr) = run(cli().args(args).timeout(std::time::Duration::from_secs(60)));
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(limit), "{stderr}");
    };
    dev_zero(&["sign", "--key", "/dev/zero", "--api-key", "k", "u"]);
    dev_zero(&["check-key", "/dev/zero"]);
    dev_zero(&["verify", "--public-key", "/dev/zero", "x.y.z"]);
    let token = sign(&["u"]);
    let big_path = big.to_str().unwrap();
    for args in [
        vec!["sign", "--key", big_path, "--api-key", "k", "u"],
        vec!["verify", "--public-key", big_path, &token],
        vec!["check-key", "-"],
        vec!["inspect", "-"],
        vec!["verify", "--public-key", &keys("rsa2048.pub.pem"), "-"],
    ] {
        // A file as stdin: the CLI stops reading early, which a pipe would make a write error here.
        let out = Std::new(env!("CARGO_BIN_EXE_engagespot-token"))
            .args(&args)
            .stdin(std::fs::File::open(&big).unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(limit), "{args:?}: {stderr}");
    }
    let (code, value) = json(cli().args(["inspect", &"a".repeat(65_537)]));
    assert_eq!((code, value["error"]["code"].as_str()), (2, Some("INPUT_TOO_LARGE")));
    let (code, value) = json(cli().arg("check-key").env("ENGAGESPOT_PRIVATE_SIGNING_KEY", "a".repeat(65_537)));
    assert_eq!((code, value["error"]["code"].as_str()), (2, Some("INPUT_TOO_LARGE")));
    assert!(value["error"]["message"].as_str().unwrap().contains(limit));
}

#[test]
fn hostile_tokens_get_a_verdict_never_a_panic() {
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let mut tokens: Vec<String> =
        ["", ".", "..", "...", "a", "a.b", "a.b.c.d", "!!!.@@@.###", "a.b.c", "====.====.===="]
            .iter()
            .map(|t| t.to_string())
            .collect();
    for (header, payload) in [
        ("[]", "{}"),
        ("null", "{}"),
        (RS256, "1"),
        (RS256, "\"user:a\""),
        (RS256, "{"),
        (RS256, &deep),
        (RS256, r#"{"exp":1e400}"#),
        (RS256, r#"{"sub":"\ud800"}"#),
        (r#"{"alg":["RS256"]}"#, "{}"),
        (r#"{"alg":{"alg":"RS256"}}"#, "{}"),
        (r#"{"alg":"RS256","alg":"none"}"#, "{}"),
    ] {
        tokens.push(format!("{}.{}.c2ln", b64(header), b64(payload)));
    }
    tokens.push(format!("{}.{}.%%%", b64(RS256), b64("{}")));
    tokens.push(format!("{}.{}", b64(RS256), URL_SAFE_NO_PAD.encode([0xff, 0xfe, b'{', b'}'])));
    for payload in [
        r#"{"exp":-9223372036854775808,"nbf":-9223372036854775808,"iat":-9223372036854775808}"#,
        r#"{"exp":9223372036854775807,"nbf":9223372036854775807,"iat":9223372036854775807}"#,
        r#"{"sub":"user:a","apiKey":"k","exp":99999999999999,"aud":["a",{"b":null}]}"#,
        r#"{"sub":42,"apiKey":[],"exp":1}"#,
    ] {
        tokens.push(signed(RS256, payload));
    }
    for token in &tokens {
        for (leeway, command) in [("0", "verify"), ("4294967295", "verify"), ("", "inspect")] {
            let mut cmd = cli();
            if command == "verify" {
                cmd.args(["verify", "--leeway", leeway, "--public-key", &keys("rsa2048.pub.pem")]);
            } else {
                cmd.arg("inspect");
            }
            let (code, stdout, stderr) = run(cmd.arg("--").arg(token));
            assert!(!stderr.contains("panicked"), "{command} {token}: {stderr}");
            assert!(code == 1 || (code == 0 && command == "inspect") || (code == 0 && leeway != "0"), "{token}");
            assert!(!(stdout.trim().is_empty() && stderr.trim().is_empty()), "{command} {token}: no message");
        }
    }
}

#[test]
fn no_output_quotes_key_material() {
    let pem = std::fs::read_to_string(keys("rsa2048.pkcs8.pem")).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let lines: Vec<&str> = pem.lines().collect();
    let dir = TempDir::new();
    let texts = [
        pem.replace(&lines[5][10..30], "!!!!"),
        lines[..10].join("\n"),
        format!("{pem}trailing {}", &body[..200]),
        pem.replace("PRIVATE KEY", "PUBLIC KEY"),
        pem.replace("PRIVATE KEY", "CERTIFICATE"),
        body.clone(),
    ];
    for (n, text) in texts.iter().enumerate() {
        let file = dir.path().join(format!("{n}.pem"));
        std::fs::write(&file, text).unwrap();
        let file = file.to_str().unwrap();
        for args in [
            vec!["sign", "--key", file, "--api-key", "k", "u"],
            vec!["check-key", file],
            vec!["verify", "--public-key", file, "a.b.c"],
            vec!["check-key", &keys("rsa2048.pkcs8.pem"), "--public-key", file],
        ] {
            for json_flag in [&[][..], &["--json"][..]] {
                let (_, stdout, stderr) = run(cli().args(&args).args(json_flag));
                for window in body.as_bytes().windows(16) {
                    let window = std::str::from_utf8(window).unwrap();
                    assert!(!stdout.contains(window) && !stderr.contains(window), "{args:?}: {stdout}{stderr}");
                }
            }
        }
    }
}

/// Issue 20 item 10: a key file that holds `file:///other.pem` is followed, as
/// the library follows it, and the report says so instead of "PEM text".
#[test]
fn check_key_says_when_the_key_file_names_another_file() {
    let dir = TempDir::new();
    let pointer = dir.path().join("pointer.txt");
    let target = keys("rsa2048.pkcs8.pem");
    std::fs::write(&pointer, format!("file://{target}\n")).unwrap();
    let (code, stdout, _) = run(cli().args(["check-key"]).arg(&pointer));
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains(&format!("read from {target}, which a file:// URI")), "{stdout}");
    let (_, value) = json(cli().args(["check-key"]).arg(&pointer));
    assert_eq!(value["file"].as_str(), Some(target.as_str()), "{value}");
}

/// Issue 20 item 10: a repeated claim or header name. serde_json keeps the
/// last; the Engagespot server may read the first. `verify` refuses the
/// token, naming the duplicate; `inspect` warns.
#[test]
fn repeated_claim_or_header_names_are_named_by_verify_and_inspect() {
    let exp = now() + 600;
    for (header, payload, name) in [
        (RS256.to_owned(), format!(r#"{{"sub":"user:a","apiKey":"k","sub":"user:b","exp":{exp}}}"#), "sub"),
        (RS256.to_owned(), format!(r#"{{"sub":"user:a","apiKey":"k","exp":1,"exp":{exp}}}"#), "exp"),
        (r#"{"alg":"none","alg":"RS256","typ":"JWT"}"#.to_owned(), format!(r#"{{"sub":"user:a","exp":{exp}}}"#), "alg"),
    ] {
        let token = signed(&header, &payload);
        let (code, value, _, _) = verify(&token, &[]);
        assert_eq!((code, value["valid"].as_bool()), (1, Some(false)), "{name}: {value}");
        assert_eq!(value["problem"].as_str(), Some("duplicate_name"), "{name}: {value}");
        assert!(value["reason"].as_str().unwrap().contains(&format!("\"{name}\" twice")), "{name}: {value}");
        let (code, stdout, _) = run(cli().args(["inspect", &token]));
        assert_eq!(code, 0);
        assert!(
            stdout.contains(&format!(
                "warning: the {} names \"{name}\" twice",
                if name == "alg" { "header" } else { "payload" }
            )),
            "{stdout}"
        );
    }
}

/// Issue 20 item 10: a token valid only thanks to the leeway says it expired.
#[test]
fn a_token_accepted_within_the_leeway_says_it_expired() {
    let token = sign(&["--issued-at", &(now() - 3600 - 75).to_string(), "alice"]);
    let (code, stdout, _) =
        run(cli().args(["verify", "--leeway", "1000", "--public-key", &keys("rsa2048.pub.pem"), &token]));
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("; expired 1m 1"), "{stdout}");
    assert!(stdout.contains("ago, accepted within the leeway (1000 s)"), "{stdout}");
    assert!(!stdout.contains("expires 1m"), "{stdout}");
}

/// Issue 20 item 10: a negative leeway gets a message about the value, not
/// clap's "unexpected argument".
#[test]
fn a_negative_leeway_is_named_as_a_bad_value() {
    let token = sign(&["alice"]);
    let (code, _, stderr) =
        run(cli().args(["verify", "--leeway", "-5", "--public-key", &keys("rsa2048.pub.pem"), &token]));
    assert_eq!(code, 2);
    assert!(stderr.contains("-5") && stderr.contains("0 or more"), "{stderr}");
    assert!(!stderr.contains("unexpected argument"), "{stderr}");
}
