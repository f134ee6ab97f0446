//! Test-only (feature `zeroize-audit`): a global allocator that, before a
//! Rust heap block is freed, searches it for byte strings the test registers,
//! in the spirit of tests/zeroize.rs. It sees the binding's and the core's
//! Rust allocations, never Python's or aws-lc's. Never shipped.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize, Ordering};

use pyo3::prelude::*;

const MAX_NEEDLES: usize = 8;
static NEEDLES: AtomicPtr<Vec<Vec<u8>>> = AtomicPtr::new(std::ptr::null_mut());
static WATCHING: AtomicBool = AtomicBool::new(false);
static FOUND: [AtomicUsize; MAX_NEEDLES] = [const { AtomicUsize::new(0) }; MAX_NEEDLES];

struct Inspecting;

unsafe impl GlobalAlloc for Inspecting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let needles = NEEDLES.load(Ordering::Acquire);
        if WATCHING.load(Ordering::Acquire) && !needles.is_null() {
            // SAFETY: the block is still allocated and `layout.size()` long;
            // the needles are leaked, so they outlive every reader.
            let (block, needles) = unsafe { (std::slice::from_raw_parts(ptr, layout.size()), &*needles) };
            for (found, needle) in FOUND.iter().zip(needles) {
                if block.windows(needle.len()).any(|window| window == needle.as_slice()) {
                    found.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Inspecting = Inspecting;

/// Starts watching for these byte strings (at most 8), with counts at zero.
#[pyfunction]
fn audit_watch(needles: Vec<Vec<u8>>) -> PyResult<()> {
    if needles.len() > MAX_NEEDLES || needles.iter().any(|n| n.is_empty()) {
        return Err(pyo3::exceptions::PyValueError::new_err("1 to 8 non-empty needles"));
    }
    WATCHING.store(false, Ordering::SeqCst);
    FOUND.iter().for_each(|found| found.store(0, Ordering::SeqCst));
    // Leaked on purpose: a freed needle would be found in itself.
    NEEDLES.store(Box::into_raw(Box::new(needles)), Ordering::SeqCst);
    WATCHING.store(true, Ordering::SeqCst);
    Ok(())
}

/// Stops watching; how many freed blocks held each needle.
#[pyfunction]
fn audit_stop() -> Vec<usize> {
    WATCHING.store(false, Ordering::SeqCst);
    let needles = NEEDLES.load(Ordering::SeqCst);
    // SAFETY: leaked by `audit_watch`, never freed.
    let count = if needles.is_null() { 0 } else { unsafe { (*needles).len() } };
    FOUND[..count].iter().map(|found| found.load(Ordering::SeqCst)).collect()
}

/// The control: extracts `text` the way PyO3 does by default (an unwiped
/// `String`) and drops it, so that the test can show the allocator sees it.
#[pyfunction]
fn audit_leak_control(text: String) -> usize {
    text.len()
}

pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(audit_watch, module)?)?;
    module.add_function(wrap_pyfunction!(audit_stop, module)?)?;
    module.add_function(wrap_pyfunction!(audit_leak_control, module)?)?;
    Ok(())
}
