//! aws-lc is built without its CPU-jitter entropy source (issue 30): the
//! DRBG is seeded by the operating system alone, as OpenSSL, Node and PHP
//! are. `.cargo/config.toml` sets `AWS_LC_SYS_NO_JITTER_ENTROPY=1` for every
//! cargo build in the repository; docs/SECURITY.md gives the reasoning. The
//! jitter collector cost 36-45 ms on the first token of every process and
//! exported `aws_lc_*_jent_*` from the Windows DLL.
//!
//! These tests fail if the jitter source comes back into a native build (the
//! setting dropped, overridden, or ignored by a new aws-lc-sys): its code is
//! the jitterentropy library, whose every function is named `jent_*`, and
//! with debug line tables (the release profile's `line-tables-only`) its
//! source files, `jitterentropy-*.c`. Both names would be in the symbol table
//! of any binary that links it. Each binary must also name `RAND_bytes`,
//! aws-lc's generator, so that a stripped binary (which names nothing) cannot
//! pass for a clean one.

#![cfg(not(target_env = "msvc"))] // MSVC keeps symbol names in a .pdb, not in the binary.

use std::path::{Path, PathBuf};

/// Names that only a build with the jitter source contains: "jent_" and "jitterentropy", written
/// backwards so that this test's own binary, which the first test reads, does not hold them.
const JITTER_MARKERS_REVERSED: [&str; 2] = ["_tnej", "yportnerettij"];
/// The function every aws-lc build has: present in any binary that links aws-lc with symbols.
const AWS_LC_MARKER: &str = "RAND_bytes";

fn contains(haystack: &[u8], needle: &str) -> bool {
    let (first, rest) = needle.as_bytes().split_first().expect("a marker is not empty");
    haystack.iter().enumerate().any(|(at, byte)| byte == first && haystack[at + 1..].starts_with(rest))
}

/// The jitter markers `path` contains; panics if it does not link aws-lc with a symbol table.
fn jitter_markers_in(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        contains(&bytes, AWS_LC_MARKER),
        "{} does not name {AWS_LC_MARKER}: it is stripped or does not link aws-lc, so it proves nothing",
        path.display()
    );
    JITTER_MARKERS_REVERSED
        .iter()
        .map(|reversed| reversed.chars().rev().collect::<String>())
        .filter(|marker| contains(&bytes, marker))
        .collect()
}

/// This test's own profile directory (target/<profile> or target/<triple>/<profile>): the test
/// binary is in its deps/.
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(Path::parent).expect("the test binary is in <profile>/deps/").to_path_buf()
}

#[test]
fn this_test_binary_links_aws_lc_without_the_jitter_entropy_source() {
    // Mint a token, so that the linker keeps aws-lc's generator (RSA blinding draws on it).
    let pem =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keys/rsa2048.pkcs8.pem")).unwrap();
    let token = engagespot_token::Client::new("entropy-test", None, &pem).unwrap().generate_user_token("u").unwrap();
    assert_eq!(token.split('.').count(), 3);
    let exe = std::env::current_exe().unwrap();
    assert_eq!(
        jitter_markers_in(&exe),
        Vec::<String>::new(),
        "{} links aws-lc's CPU-jitter entropy source",
        exe.display()
    );
}

#[test]
fn the_built_library_cli_node_addon_and_python_extension_have_no_jitter_entropy_source() {
    use std::env::consts::{DLL_PREFIX, DLL_SUFFIX, EXE_SUFFIX};
    let dir = profile_dir();
    // The C library is built with this crate's tests (its crate types include cdylib); the
    // others are there once the workspace is built (scripts/test builds it before cargo test).
    let library = dir.join(format!("{DLL_PREFIX}engagespot_token{DLL_SUFFIX}"));
    let others = [
        format!("engagespot-token{EXE_SUFFIX}"),
        format!("{DLL_PREFIX}engagespot_token_node{DLL_SUFFIX}"),
        format!("{DLL_PREFIX}_native{DLL_SUFFIX}"),
    ];
    let mut checked = vec![library.clone()];
    checked.extend(others.iter().map(|name| dir.join(name)).filter(|path| path.is_file()));
    assert!(library.is_file(), "{} was not built", library.display());
    let found: Vec<String> = checked
        .iter()
        .filter_map(|path| {
            let markers = jitter_markers_in(path);
            (!markers.is_empty()).then(|| format!("{} ({})", path.display(), markers.join(", ")))
        })
        .collect();
    assert!(
        found.is_empty(),
        "built with aws-lc's CPU-jitter entropy source: {}; AWS_LC_SYS_NO_JITTER_ENTROPY=1 (.cargo/config.toml) \
         must reach aws-lc-sys's build (rebuild: cargo build --release --workspace)",
        found.join("; ")
    );
    eprintln!("checked: {}", checked.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "));
}
