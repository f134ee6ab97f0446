//! Nothing to ship: this crate hosts the fuzz tests in `tests/`. The total
//! number of cases comes from `$ES_FUZZ_CASES` (see [`cases`]).

#![deny(missing_docs)]

/// Total cases: `$ES_FUZZ_CASES`, or `default` (the short CI pass).
pub fn cases(default: u32) -> u32 {
    std::env::var("ES_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}
