//! macOS: an extension module leaves Python's symbols to the interpreter that
//! loads it (`-undefined dynamic_lookup`). maturin passes that itself; this
//! makes a plain `cargo build --target *-apple-darwin` (scripts/package builds
//! every crate of a target in one cargo run) link the same way. Its install
//! name (LC_ID_DYLIB) is `@rpath/` and the name it has in the wheel, not the
//! build machine's path, which the linker would write otherwise (issue 29).
//! No-op elsewhere.
fn main() {
    pyo3_build_config::add_extension_module_link_args();
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("macos") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/_native.abi3.so");
    }
}
