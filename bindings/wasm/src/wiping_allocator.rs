//! The module's allocator: the standard one, with every block wiped when it
//! is freed (and so when it is moved by a reallocation, which frees the old
//! block). The core wipes what it holds (`Zeroizing`), but crypto-bigint's
//! division, which checks a key's numbers (src/key/numbers.rs), leaves
//! temporaries derived from the key's primes in blocks it frees unwiped. In
//! a WebAssembly module nothing else would ever overwrite them: the memory
//! is the host's `ArrayBuffer`, readable by any code that holds the instance,
//! and it is never given back. Wiping costs a write of each freed byte,
//! about a kilobyte per token (docs/BENCHMARKS.md, the wasm figures).

use std::alloc::{GlobalAlloc, Layout, System};

use zeroize::Zeroize as _;

/// [`System`] (dlmalloc on wasm32), wiping each block before freeing it.
pub struct WipingAllocator;

// SAFETY: every method hands the layout and pointer it was given to `System`
// unchanged; `dealloc` first writes zeroes inside the block, which the caller
// owns until the call returns (GlobalAlloc's contract), and `realloc` is
// GlobalAlloc's default (allocate, copy, `dealloc`), so a moved block is wiped too.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for WipingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` is a live block of `layout.size()` bytes that this
        // allocator handed out (the caller's contract); it is wiped with
        // volatile writes, which the compiler keeps, and then freed.
        unsafe {
            std::slice::from_raw_parts_mut(ptr, layout.size()).zeroize();
            System.dealloc(ptr, layout);
        }
    }
}
