//! Test-only fault injection. With the `fault-injection` feature, a site
//! panics when `$ENGAGESPOT_TOKEN_FAULT` names it (or is `all`); without the
//! feature, `point` compiles to nothing.

/// Panics here if the fault for `site` is armed.
#[cfg(feature = "fault-injection")]
pub(crate) fn point(site: &str) {
    if std::env::var("ENGAGESPOT_TOKEN_FAULT").is_ok_and(|armed| armed == site || armed == "all") {
        panic!("injected fault at {site}");
    }
}

/// No fault injection in this build.
#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub(crate) fn point(_site: &str) {}
