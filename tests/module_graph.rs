//! The crate's modules import one another without a circle: `limits` and
//! `environment` are leaves, the C ABI (`ffi`) sits on top, and no child of
//! a module folder imports its parent (`key/errors.rs` holds the key errors
//! the steps share). A circle makes a module impossible to read on its own,
//! so this test fails on one, naming the modules in it.
//!
//! Each file under src/ is a node (`src/key/mod.rs` is `key`, `src/lib.rs`
//! the crate root). An edge is a path in code (not in comments, nor in a
//! `#[cfg(test)] mod tests` block) that names another module: `crate::a::b`,
//! `super::x`, or a child module from its parent's `use child::...`. A path
//! to an item defined or re-exported at the crate root (`crate::Client`) is
//! an edge to the root, which imports every module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path ("" for the root) => the file's code, comments and tests removed.
fn modules() -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap().with_extension("");
            let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
                parts.pop();
            }
            out.insert(parts.join("::"), code(&std::fs::read_to_string(&path).unwrap()));
        }
    }
    out
}

/// The text without comments and without an inline test module.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string literal ("file://") is not a comment.
            Some(at) if line[..at].matches('"').count() % 2 == 0 => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The longest module that `path` (already absolute, `a::b::c`) starts with.
fn target(modules: &BTreeMap<String, String>, path: &[&str]) -> String {
    (0..=path.len()).rev().map(|n| path[..n].join("::")).find(|m| modules.contains_key(m)).unwrap_or_default()
}

fn edges(modules: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in modules {
        let own: Vec<&str> = if module.is_empty() { vec![] } else { module.split("::").collect() };
        let parent = &own[..own.len().saturating_sub(1)];
        let tokens: Vec<&str> =
            code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).filter(|t| t.contains("::")).collect();
        let mut add = |path: Vec<&str>| {
            let to = target(modules, &path);
            if &to != module {
                edges.entry(module.clone()).or_default().insert(to);
            }
        };
        for token in tokens {
            let parts: Vec<&str> = token.split("::").filter(|p| !p.is_empty()).collect();
            match parts.first() {
                Some(&"crate") => add(parts[1..].to_vec()),
                Some(&"super") => add(parent.iter().copied().chain(parts[1..].iter().copied()).collect()),
                Some(&"self") => add(own.iter().copied().chain(parts[1..].iter().copied()).collect()),
                Some(first) => {
                    let child: Vec<&str> = own.iter().copied().chain(std::iter::once(*first)).collect();
                    if modules.contains_key(&child.join("::")) {
                        add(own.iter().copied().chain(parts.iter().copied()).collect());
                    }
                }
                None => {}
            }
        }
    }
    edges
}

/// A circle through `start`, if any, as the modules in order.
fn circle(edges: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    fn walk(
        edges: &BTreeMap<String, BTreeSet<String>>,
        at: &str,
        start: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in edges.get(at).into_iter().flatten() {
            if next == start {
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(edges, next, start, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_owned()];
    walk(edges, start, start, &mut path, &mut BTreeSet::new()).then_some(path)
}

fn name(module: &str) -> &str {
    if module.is_empty() {
        "crate root"
    } else {
        module
    }
}

#[test]
fn no_module_imports_itself_through_others() {
    let modules = modules();
    assert!(modules.len() > 20, "only {} modules found", modules.len());
    let edges = edges(&modules);
    let circles: Vec<String> = modules
        .keys()
        .filter_map(|m| circle(&edges, m))
        .map(|c| c.iter().map(|m| name(m)).collect::<Vec<_>>().join(" -> "))
        .collect();
    assert!(circles.is_empty(), "import circles between src/ modules:\n{}", circles.join("\n"));
}

#[test]
fn limits_and_environment_are_leaves() {
    let edges = edges(&modules());
    for leaf in ["limits", "environment", "key::errors", "key::format", "key::bytes"] {
        let imports: Vec<&String> =
            edges.get(leaf).into_iter().flatten().filter(|m| !matches!(m.as_str(), "error" | "limits")).collect();
        assert!(imports.is_empty(), "{leaf} imports {imports:?}; it must stay a leaf");
    }
    assert!(edges.get("limits").is_none_or(|e| e.is_empty()), "limits imports {:?}", edges.get("limits"));
}

/// The check itself: a circle made on purpose is found.
#[test]
fn a_circle_is_found() {
    let mut modules = BTreeMap::new();
    modules.insert(String::new(), "pub use a::X;".to_owned());
    modules.insert("a".to_owned(), "use crate::b::Y;".to_owned());
    modules.insert("b".to_owned(), "use super::a::X; fn f() { crate::X; }".to_owned());
    let edges = edges(&modules);
    let found = circle(&edges, "a").expect("a -> b -> a");
    assert_eq!(found[..2], ["a".to_owned(), "b".to_owned()]);
    assert!(circle(&edges, "").is_some(), "b names crate::X, so the root is in a circle");
}
