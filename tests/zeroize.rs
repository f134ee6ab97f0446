//! Secret hygiene in memory: a global allocator that, before each block is
//! freed, looks for secret bytes in it. This sees every Rust-side heap copy
//! (the API secret, PEM and DER buffers) without reading freed memory, so
//! without undefined behaviour. aws-lc's own allocations (the parsed key) go
//! through OPENSSL_free, which zeroes them itself; see docs/SECURITY.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

use base64::Engine as _;
use engagespot_token::Client;

/// Byte strings that must never sit in a freed block.
static NEEDLES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
static WATCHING: AtomicBool = AtomicBool::new(false);
static FOUND: [AtomicUsize; 3] = [AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)];

struct Inspecting;

unsafe impl GlobalAlloc for Inspecting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WATCHING.load(Ordering::Relaxed) {
            // SAFETY: the block is still allocated and `layout.size()` long.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            if let Some(needles) = NEEDLES.get() {
                for (i, needle) in needles.iter().enumerate() {
                    if block.windows(needle.len()).any(|w| w == needle.as_slice()) {
                        FOUND[i].fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Inspecting = Inspecting;

const SECRET: &str = "zeroize-me-api-secret-7f3a9c";

#[test]
fn secret_and_key_bytes_are_wiped_before_their_memory_is_freed() {
    let pem = std::fs::read_to_string(format!("{}/tests/keys/rsa3072.pkcs8.pem", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD.decode(&body).unwrap();
    // Needles from deep inside the key: base64 text (within one 64-column
    // line, so that it matches PEM text as well as the joined body), and raw
    // DER (private exponent region).
    NEEDLES
        .set(vec![SECRET.as_bytes().to_vec(), body.as_bytes()[1153..1185].to_vec(), der[900..932].to_vec()])
        .unwrap();
    // A `file://` key is read into a buffer of our own.
    let file = std::env::temp_dir().join(format!("engagespot-token-zeroize-{}.pem", std::process::id()));
    std::fs::write(&file, pem.replace('\n', "\n\n")).unwrap();
    // Every accepted form, each parsed afresh (distinct texts miss the cache).
    let forms = [
        pem.clone(),
        pem.trim().replace('\n', "\\n"),
        pem.replace('\n', "\r\n"),
        pem.replace('\n', "\r"),
        pem.replace('\n', " "),
        base64::engine::general_purpose::STANDARD.encode(&pem),
        format!("  \"{}\"  ", pem.trim()),
        format!("file://{}", file.display()),
    ];

    WATCHING.store(true, Ordering::SeqCst);
    for text in &forms {
        let client = Client::new("api-key", Some(SECRET), text).unwrap();
        let token = client.generate_user_token("alice").unwrap();
        drop(token);
        drop(client);
    }
    WATCHING.store(false, Ordering::SeqCst);
    std::fs::remove_file(&file).unwrap();

    let [secret, key_text, key_der] = FOUND.each_ref().map(|f| f.load(Ordering::SeqCst));
    eprintln!("freed blocks holding: secret {secret}, key text {key_text}, key DER {key_der}");
    assert_eq!(secret, 0, "the API secret was freed without being zeroized");
    assert_eq!(key_text, 0, "PEM text of the key was freed without being zeroized");
    assert_eq!(key_der, 0, "DER of the key was freed without being zeroized");
}
