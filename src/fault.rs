//! Test-only fault injection. With the `fault-injection` feature, a site
//! panics when `$ENGAGESPOT_TOKEN_FAULT` names it (or is `all`); without the
//! feature, `point` compiles to nothing.
//!
//! `block:<site>:<dir>` instead makes the site wait, as a read that blocks
//! would (`key_file`: reading a `file://` key on a hung mount): it creates
//! `<dir>/entered`, then waits until `<dir>/go` exists and carries on. A binding's test creates `go` from
//! another thread, which it can only do if the binding let other threads run
//! during the call (Ruby's GVL, Python's GIL). The wait is bounded (10 s),
//! then the site panics, so that a binding that holds its lock fails the test
//! with `ES_PANIC` instead of hanging it.

/// Panics here if the fault for `site` is armed; waits here if it is `block:`ed.
#[cfg(feature = "fault-injection")]
pub(crate) fn point(site: &str) {
    let Ok(armed) = std::env::var("ENGAGESPOT_TOKEN_FAULT") else { return };
    if let Some((blocked, dir)) = armed.strip_prefix("block:").and_then(|rest| rest.split_once(':')) {
        if blocked == site {
            block(std::path::Path::new(dir));
        }
        return;
    }
    if armed == site || armed == "all" {
        panic!("injected fault at {site}");
    }
}

/// Waits for `<dir>/go`, after saying so with `<dir>/entered`.
#[cfg(feature = "fault-injection")]
fn block(dir: &std::path::Path) {
    const STEP: std::time::Duration = std::time::Duration::from_millis(10);
    const STEPS: u32 = 1000;
    let _ = std::fs::write(dir.join("entered"), "");
    for _ in 0..STEPS {
        if dir.join("go").exists() {
            return;
        }
        std::thread::sleep(STEP);
    }
    panic!("injected block was never released");
}

/// No fault injection in this build.
#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub(crate) fn point(_site: &str) {}
