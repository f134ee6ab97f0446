//! No binding, framework integration or CLI spells a name the core owns: the
//! environment variables (src/environment.rs) are read from the library (a
//! constant, a C function, a module attribute) or from a file generated from
//! it (bindings/node/rules.js, bindings/php/src/Catalogue.php), never written
//! as a string of their own. A copy would drift the day the core's changes.
//!
//! Scanned: the source files under bindings/ and cli/src, outside tests,
//! examples, dependencies and the generated files. Flagged: a quoted string
//! that is one of the names ('ENGAGESPOT_API_KEY', "ENGAGESPOT_API_KEY"), a
//! property read of one (`process.env.ENGAGESPOT_API_KEY`), and one
//! destructured from `process.env`. Comments may name them.

use std::path::{Path, PathBuf};

use engagespot_token::{API_KEY_VARIABLE, API_SECRET_VARIABLE, BACKEND_VARIABLE, SIGNING_KEY_VARIABLE};

const NAMES: [&str; 4] = [API_KEY_VARIABLE, API_SECRET_VARIABLE, SIGNING_KEY_VARIABLE, BACKEND_VARIABLE];

/// Files generated from the core, which hold the names by design.
const GENERATED: [&str; 3] =
    ["bindings/node/rules.js", "bindings/php/src/Catalogue.php", "bindings/ruby/lib/engagespot_token/rules.rb"];

/// Directories that are not the bindings' own source.
const SKIPPED_DIRS: [&str; 8] = ["node_modules", "vendor", "target", "test", "tests", "examples", "scripts", ".venv"];

const EXTENSIONS: [&str; 8] = ["js", "mjs", "cjs", "ts", "py", "php", "rb", "rs"];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_str()) && !name.starts_with('.') {
                sources(&path, out);
            }
        } else if path.extension().is_some_and(|e| EXTENSIONS.contains(&e.to_string_lossy().as_ref())) {
            out.push(path);
        }
    }
}

/// The places in `text` that spell one of the names as code, as "line: text".
fn spelt(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if is_comment(line) {
            continue;
        }
        for name in NAMES {
            let quoted = [format!("'{name}'"), format!("\"{name}\"")].iter().any(|q| line.contains(q.as_str()));
            let read = [format!("env.{name}"), format!("env?.{name}")].iter().any(|r| line.contains(r.as_str()));
            let destructured = line.contains("process.env")
                && line.contains(name)
                && line.split(name).nth(1).is_some_and(|after| after.trim_start().starts_with([',', '}']));
            if quoted || read || destructured {
                found.push(format!("{}: {}", number + 1, line.trim()));
                break;
            }
        }
    }
    found
}

/// A whole-line comment of one of the languages scanned (`//`, `/*`, ` * `,
/// `#`, but not a Rust attribute `#[...]`).
fn is_comment(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("//")
        || line.starts_with("/*")
        || line == "*"
        || line.starts_with("* ")
        || line.starts_with("*/")
        || (line.starts_with('#') && !line.starts_with("#[") && !line.starts_with("#!["))
}

#[test]
fn bindings_read_the_variable_names_from_the_core() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("bindings"), &mut files);
    sources(&root.join("cli/src"), &mut files);
    assert!(files.len() > 30, "only {} source files found", files.len());
    let mut offences = Vec::new();
    for file in files {
        let relative = file.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        if GENERATED.contains(&relative.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        offences.extend(spelt(&text).into_iter().map(|place| format!("{relative}:{place}")));
    }
    assert!(
        offences.is_empty(),
        "these files spell an environment variable's name the core owns; read it from the library \
         (engagespot_token::*_VARIABLE, es_*_variable(), _native.*_VARIABLE, rules.js, Catalogue::*_VARIABLE):\n{}",
        offences.join("\n")
    );
}

/// The check itself: each way of spelling a name is caught, a comment is not.
#[test]
fn spellings_are_caught() {
    for code in [
        "ENV[\"ENGAGESPOT_API_KEY\"]",
        "env('ENGAGESPOT_API_SECRET')",
        "process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY",
        "globalThis.process?.env?.ENGAGESPOT_TOKEN_BACKEND",
        "const { ENGAGESPOT_API_KEY, ENGAGESPOT_API_SECRET } = process.env;",
        "#[arg(long, env = \"ENGAGESPOT_API_KEY\")]",
    ] {
        assert!(!spelt(code).is_empty(), "{code} is not caught");
    }
    assert!(spelt("// reads $ENGAGESPOT_API_KEY when none is configured").is_empty());
    assert!(spelt("``ENGAGESPOT_API_SECRET``").is_empty());
    assert!(spelt(" * `process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY` where the runtime has one.").is_empty());
}
