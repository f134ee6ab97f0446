//! Test-only: the Node addon (its source, unchanged) plus a global allocator
//! that scans every freed Rust block for secrets, and two exports to drive it.
//! Built by scripts/test-faults with `--features engagespot-token-node/zeroize-audit`
//! and loaded by test/zeroize.test.js through $ENGAGESPOT_TOKEN_NODE_ADDON.
//! Never shipped: it is a cdylib example, so the package's own addon is untouched.

#![deny(missing_docs)]

#[path = "../src/lib.rs"]
mod addon;

use engagespot_token_test_support::{FreedBlockScan, Report};
use napi::bindgen_prelude::Buffer;
use napi_derive::napi;

#[global_allocator]
static ALLOCATOR: FreedBlockScan = FreedBlockScan;

/// Starts scanning freed blocks for these byte strings (once per process).
#[napi]
pub fn audit_watch(needles: Vec<Buffer>) -> napi::Result<()> {
    engagespot_token_test_support::watch(needles.iter().map(|n| n.to_vec()).collect()).map_err(napi::Error::from_reason)
}

/// What the scan saw: blocks scanned, and per needle the freed blocks holding it.
#[napi(object)]
pub struct AuditReport {
    /// Freed blocks scanned while watching.
    pub blocks: u32,
    /// For each needle, in the order given to `auditWatch`, how many freed blocks held it.
    pub found: Vec<u32>,
}

/// What the scan saw so far (it goes on scanning).
#[napi]
pub fn audit_report() -> AuditReport {
    let Report { blocks, found } = engagespot_token_test_support::report();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    AuditReport { blocks: count(blocks), found: found.into_iter().map(count).collect() }
}
