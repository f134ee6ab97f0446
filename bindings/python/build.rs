//! macOS: an extension module leaves Python's symbols to the interpreter that
//! loads it (`-undefined dynamic_lookup`). maturin passes that itself; this
//! makes a plain `cargo build --target *-apple-darwin` (scripts/package builds
//! every crate of a target in one cargo run) link the same way. No-op elsewhere.
fn main() {
    pyo3_build_config::add_extension_module_link_args();
}
