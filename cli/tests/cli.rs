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
