//! Test-only: a global allocator that, before a block is freed, looks for
//! secret byte strings ("needles") in it. This sees every heap copy made by
//! Rust code in the process or addon (the API secret, PEM and DER buffers)
//! without reading freed memory, so without undefined behaviour. It cannot see
//! other allocators: aws-lc's OPENSSL_free (which zeroes itself), V8's heap.
//!
//! Used by the core's `tests/zeroize.rs` and by the Node addon built with its
//! `zeroize-audit` feature. Install it with
//! `#[global_allocator] static A: FreedBlockScan = FreedBlockScan;`, call
//! [`watch`] once with the needles, then [`report`] as often as needed.

#![deny(missing_docs)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The needles and, for each, how many freed blocks held it.
static NEEDLES: OnceLock<Vec<(Vec<u8>, AtomicUsize)>> = OnceLock::new();
static WATCHING: AtomicBool = AtomicBool::new(false);
static SCANNED: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, scanning each block for the needles before it is
/// freed while [`watch`] is on.
pub struct FreedBlockScan;

// SAFETY: every call is forwarded to `System`; `dealloc` only reads the block
// it is given, before freeing it. `realloc` keeps its default (allocate, copy,
// `dealloc`), so the old block of a grown buffer is scanned too.
unsafe impl GlobalAlloc for FreedBlockScan {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        scan(ptr, layout.size());
        // SAFETY: forwarded contract.
        unsafe { System.dealloc(ptr, layout) }
    }
}

fn scan(ptr: *mut u8, len: usize) {
    if !WATCHING.load(Ordering::Relaxed) {
        return;
    }
    let Some(needles) = NEEDLES.get() else { return };
    SCANNED.fetch_add(1, Ordering::Relaxed);
    // SAFETY: the block is still allocated and `len` bytes long (and only
    // read here, with no allocation made while reading it).
    let block = unsafe { std::slice::from_raw_parts(ptr, len) };
    for (needle, found) in needles {
        if block.windows(needle.len()).any(|w| w == needle.as_slice()) {
            found.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Sets the needles and starts watching freed blocks. Once per process:
/// fails if called again, or with an empty needle (which matches every block).
pub fn watch(needles: Vec<Vec<u8>>) -> Result<(), &'static str> {
    if needles.iter().any(Vec::is_empty) {
        return Err("an empty needle matches every block");
    }
    let needles = needles.into_iter().map(|n| (n, AtomicUsize::new(0))).collect();
    NEEDLES.set(needles).map_err(|_| "watch() is called once per process")?;
    WATCHING.store(true, Ordering::SeqCst);
    Ok(())
}

/// What the scan saw while watching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// Freed blocks scanned.
    pub blocks: usize,
    /// For each needle, in the order given to [`watch`], how many freed blocks held it.
    pub found: Vec<usize>,
}

/// What was seen so far; watching goes on.
pub fn report() -> Report {
    let found = NEEDLES.get().map_or_else(Vec::new, |n| n.iter().map(|(_, f)| f.load(Ordering::SeqCst)).collect());
    Report { blocks: SCANNED.load(Ordering::SeqCst), found }
}
