//! Sets the linker flags a napi addon needs (napi symbols resolved at load time).
//! On macOS the addon's install name (LC_ID_DYLIB) is `@rpath/` and the file
//! name it ships under in its npm platform package, not the build machine's
//! path, which the linker would write otherwise (issue 29).
fn main() {
    napi_build::setup();
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("macos") {
        // npm's names for the architectures, as in the platform package's name (darwin-arm64, darwin-x64).
        let cpu = match std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() {
            Ok("aarch64") => "arm64",
            _ => "x64",
        };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/engagespot_token.darwin-{cpu}.node");
    }
}
