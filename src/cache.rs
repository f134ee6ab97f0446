//! A small process-wide cache of parsed signing keys.
//!
//! php-fpm builds a new client for every request; without this cache each
//! request would parse and check the RSA key again, which costs about as much
//! as signing. Entries are keyed by the SHA-256 of the key text exactly as
//! given, or of a `file://` key's file contents (the text itself is not
//! kept), and at most [`CAPACITY`] keys are held: the least recently used is
//! evicted first. An evicted key is freed as soon as no client uses it, and
//! aws-lc zeroes its memory when it is freed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use aws_lc_rs::digest::{digest, SHA256};
use once_cell::sync::Lazy;

use crate::error::Error;
use crate::key::{KeySource, SigningKey};

/// The most keys held at once.
pub const CAPACITY: usize = 16;

type Fingerprint = [u8; 32];

struct Entry {
    fingerprint: Fingerprint,
    key: Arc<SigningKey>,
    last_used: u64,
}

#[derive(Default)]
struct Cache {
    entries: Vec<Entry>,
    clock: u64,
}

static CACHE: Lazy<Mutex<Cache>> = Lazy::new(Mutex::default);
static HITS: AtomicU64 = AtomicU64::new(0);
static MISSES: AtomicU64 = AtomicU64::new(0);

/// Counters for tests and diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CacheStats {
    /// Clients built from a key that was already parsed.
    pub hits: u64,
    /// Clients whose key had to be parsed (including keys that were rejected).
    pub misses: u64,
    /// Keys held now; never more than [`CAPACITY`].
    pub len: usize,
}

/// The cache's counters since the process started.
pub fn stats() -> CacheStats {
    CacheStats { hits: HITS.load(Ordering::Relaxed), misses: MISSES.load(Ordering::Relaxed), len: lock().entries.len() }
}

fn lock() -> MutexGuard<'static, Cache> {
    // The cache holds no invariant a panic could break half-way.
    CACHE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn fingerprint(text: &str) -> Fingerprint {
    let mut out = [0u8; 32];
    out.copy_from_slice(digest(&SHA256, text.as_bytes()).as_ref());
    out
}

/// Returns the parsed key for `input`, parsing it only on a miss. A `file://`
/// key is read every time and fingerprinted by the file's contents, so that
/// replacing the file (rotating the key) takes effect for new clients. Errors
/// are not cached: a bad key is rejected with the same error every time.
pub(crate) fn get_or_parse(input: &str) -> Result<Arc<SigningKey>, Error> {
    let source = KeySource::resolve(input)?;
    let fingerprint = fingerprint(source.text());
    {
        let mut cache = lock();
        cache.clock += 1;
        let now = cache.clock;
        if let Some(entry) = cache.entries.iter_mut().find(|e| e.fingerprint == fingerprint) {
            entry.last_used = now;
            HITS.fetch_add(1, Ordering::Relaxed);
            return Ok(Arc::clone(&entry.key));
        }
    }
    MISSES.fetch_add(1, Ordering::Relaxed);
    // Parse outside the lock: it takes about a millisecond for a 4096-bit key.
    let key = Arc::new(SigningKey::parse(source.text()).map_err(|error| source.annotate(error))?);
    let mut cache = lock();
    cache.clock += 1;
    let now = cache.clock;
    if let Some(entry) = cache.entries.iter_mut().find(|e| e.fingerprint == fingerprint) {
        // Another thread parsed the same key meanwhile; share its copy.
        entry.last_used = now;
        return Ok(Arc::clone(&entry.key));
    }
    if cache.entries.len() >= CAPACITY {
        if let Some(oldest) = (0..cache.entries.len()).min_by_key(|&i| cache.entries[i].last_used) {
            cache.entries.swap_remove(oldest);
        }
    }
    cache.entries.push(Entry { fingerprint, key: Arc::clone(&key), last_used: now });
    Ok(key)
}
