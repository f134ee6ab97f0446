//! The engagespot-token core as a WebAssembly module, for JavaScript hosts
//! without the native addon (Node without a prebuilt package, Bun, Deno,
//! Cloudflare Workers, Vercel Edge). It holds no RSA: the core checks the
//! keys and builds the tokens, and the host signs (`bindings/node/wasm.js`).
//!
//! No wasm-bindgen: the module imports nothing, and the glue is a small
//! byte protocol over two buffers in the module's memory. The host asks for
//! an inbox of N bytes ([`es_inbox`]), writes the call's fields into it, and
//! calls an export; the result (or the error) is left in the outbox
//! ([`es_outbox_ptr`], [`es_outbox_len`]). Both are wiped after each call,
//! since they carry the signing key and the API secret.
//!
//! Fields in the inbox are a tag byte, then for text a little-endian u32
//! byte length and the bytes:
//! - [`FIELD_ABSENT`] (null or undefined), [`FIELD_WRONG_TYPE`]: no data;
//! - [`FIELD_UTF16`]: UTF-16LE code units, as JavaScript strings hold them,
//!   so that the core (not the host's encoder) decides about lone surrogates;
//! - [`FIELD_UTF8`]: bytes (a `Buffer` key), UTF-8;
//! - [`FIELD_FILE`], [`FIELD_NOT_A_FILE`], [`FIELD_FILE_UNREADABLE`]: what
//!   the host read for a `file://` key (contents, or the host's reason);
//! - [`FIELD_OVERSIZED`]: text over the core's bound ([`es_max_text_bytes`]),
//!   which the host does not copy: the module's memory (4 GiB at most, and
//!   never given back) stays bounded by the bound, whatever the caller passes.
//!
//! Nothing the host passes can make the module trap: the inbox is allocated
//! fallibly ([`es_inbox`] returns 0 when memory runs out) and every field
//! is bounded. A trap is a bug; the host then starts a fresh instance.
//!
//! An error is returned as [`STATUS_ERROR`] with the outbox holding the
//! category's number, the kind's name, a NUL and the message, all from the
//! core's catalogue.

// Only the wasm build has anything in it: natively the crate is empty (a
// workspace build compiles it, and the core's C ABI has the export names).
#![cfg(target_family = "wasm")]
#![deny(missing_docs)]
// Exports need `#[no_mangle]`, which the lint counts as unsafe code; the
// crate's only `unsafe` blocks are the allocator's calls into the standard one.
#![deny(unsafe_code)]

use std::cell::RefCell;

mod wiping_allocator;

/// Every block is wiped when freed: see [`wiping_allocator`].
#[global_allocator]
static ALLOCATOR: wiping_allocator::WipingAllocator = wiping_allocator::WipingAllocator;

use engagespot_token::host::{self, HostSignedClient};
use engagespot_token::{
    Argument, Category, Error, HostFile, HostKey, OptionNaming, OptionValue, TokenOptions, JTI_BYTES,
};
use zeroize::{Zeroize as _, Zeroizing};

// The protocol's numbers are the core's (src/wasm_abi.rs), which also
// generates them for the glue (bindings/node/rules.js).
pub use engagespot_token::wasm_abi::*;

thread_local! {
    static INBOX: RefCell<Zeroizing<Vec<u8>>> = RefCell::new(Zeroizing::new(Vec::new()));
    static OUTBOX: RefCell<Zeroizing<Vec<u8>>> = RefCell::new(Zeroizing::new(Vec::new()));
    /// Clients by handle - 1; a freed slot is `None` and is reused.
    static CLIENTS: RefCell<Vec<Option<HostSignedClient>>> = const { RefCell::new(Vec::new()) };
}

/// Why the protocol could not go on (beyond a core error).
enum Outcome {
    Failed(Error),
    NeedsFile(String),
    NeedsRandom,
}

impl From<Error> for Outcome {
    fn from(error: Error) -> Self {
        Outcome::Failed(error)
    }
}

/// Reads the fields of the inbox in order.
struct Reader<'a> {
    bytes: &'a [u8],
}

/// The inbox was shorter than its fields say: a bug in the glue.
fn truncated() -> Error {
    Error::panic()
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, Error> {
        let (&first, rest) = self.bytes.split_first().ok_or_else(truncated)?;
        self.bytes = rest;
        Ok(first)
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8], Error> {
        if self.bytes.len() < len {
            return Err(truncated());
        }
        let (taken, rest) = self.bytes.split_at(len);
        self.bytes = rest;
        Ok(taken)
    }

    fn u32(&mut self) -> Result<usize, Error> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize)
    }

    fn eight(&mut self) -> Result<[u8; 8], Error> {
        let mut array = [0u8; 8];
        array.copy_from_slice(self.take(8)?);
        Ok(array)
    }

    /// A u32 length, then that many bytes.
    fn sized(&mut self) -> Result<&'a [u8], Error> {
        let len = self.u32()?;
        self.take(len)
    }

    fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// A text field, decoded into a buffer wiped when dropped: `None` for
    /// absent, the core's wrong-type or invalid-text error for `what`.
    fn text(&mut self, what: Argument) -> Result<Option<Zeroizing<String>>, Error> {
        match self.byte()? {
            FIELD_ABSENT => Ok(None),
            FIELD_WRONG_TYPE => Err(Error::wrong_type(what)),
            FIELD_UTF16 => {
                let bytes = self.sized()?;
                // Sized once, so that no reallocation leaves an unwiped copy behind.
                let mut text = Zeroizing::new(String::with_capacity(bytes.len() / 2 * 3));
                let units = bytes.chunks_exact(2).map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
                for unit in char::decode_utf16(units) {
                    text.push(unit.map_err(|_| Error::invalid_utf8(what))?);
                }
                Ok(Some(text))
            }
            FIELD_UTF8 => {
                let bytes = self.sized()?;
                let text = std::str::from_utf8(bytes).map_err(|_| Error::invalid_utf8(what))?;
                let mut copy = Zeroizing::new(String::with_capacity(text.len()));
                copy.push_str(text);
                Ok(Some(copy))
            }
            FIELD_OVERSIZED => Ok(Some(oversized(what))),
            _ => Err(truncated()),
        }
    }

    /// What the host read for a `file://` key, if it says.
    fn file(&mut self) -> Result<Option<HostFile>, Error> {
        if self.is_empty() {
            return Ok(None);
        }
        let tag = self.byte()?;
        Ok(Some(match tag {
            FIELD_FILE => HostFile::Contents(Zeroizing::new(self.sized()?.to_vec())),
            FIELD_NOT_A_FILE => HostFile::NotRegularFile,
            FIELD_FILE_UNREADABLE => HostFile::Unreadable(String::from_utf8_lossy(self.sized()?).into_owned()),
            _ => return Err(truncated()),
        }))
    }
}

/// Stands in for text over the bound that the host did not copy: one byte
/// over it, so that the core's first check of the argument refuses it (with
/// the error that names no length), wherever that check comes in the order.
/// The API secret is never read: none is kept.
fn oversized(what: Argument) -> Zeroizing<String> {
    if what == Argument::ApiSecret {
        return Zeroizing::new(String::new());
    }
    Zeroizing::new("x".repeat(engagespot_token::MAX_TEXT_BYTES + 1))
}

/// Runs `body` over the inbox, then wipes it and leaves the result or the
/// error in the outbox; returns the status.
/// Bytes of stack [`wipe_stack`] overwrites: more than parsing and checking
/// an 8192-bit key uses (about 6 KiB for 2048 bits, measured with
/// `wasm-memory.test.js`'s comparison of the memory before and after).
const STACK_WIPE_BYTES: usize = 64 * 1024;

/// Overwrites the stack below the caller's frame, where the frames of the
/// calls it just made lay: the module's stack is a region of its memory,
/// which nothing else overwrites and the host can read, and the key's
/// parsing and checks leave numbers there (fixed-size buffers, the digest's
/// state). Called by the exports that handle a private key, not per token.
#[inline(never)]
fn wipe_stack() {
    let mut scratch = [0u8; STACK_WIPE_BYTES];
    scratch.zeroize();
    std::hint::black_box(&mut scratch);
}

fn call(body: impl FnOnce(&mut Reader<'_>) -> Result<Vec<u8>, Outcome>) -> i32 {
    let outcome = INBOX.with(|inbox| {
        let mut inbox = inbox.borrow_mut();
        let outcome = body(&mut Reader { bytes: &inbox });
        inbox.zeroize();
        outcome
    });
    let (status, bytes) = match outcome {
        Ok(bytes) => (STATUS_OK, bytes),
        Err(Outcome::Failed(error)) => (STATUS_ERROR, error_record(&error)),
        Err(Outcome::NeedsFile(path)) => (STATUS_NEEDS_FILE, path.into_bytes()),
        Err(Outcome::NeedsRandom) => (STATUS_NEEDS_RANDOM, Vec::new()),
    };
    OUTBOX.with(|outbox| {
        let mut outbox = outbox.borrow_mut();
        outbox.zeroize();
        **outbox = bytes;
    });
    status
}

/// The category's number, the kind's name, a NUL, the message.
fn error_record(error: &Error) -> Vec<u8> {
    // The category's index in the core's order, which the glue's class list follows.
    let category = Category::ALL.iter().position(|&c| c == error.kind().category()).unwrap_or(Category::ALL.len() - 1);
    let mut record = vec![category as u8];
    record.extend_from_slice(error.kind().name().as_bytes());
    record.push(0);
    record.extend_from_slice(error.message().as_bytes());
    record
}

fn with_client<T>(handle: u32, body: impl FnOnce(&HostSignedClient) -> Result<T, Outcome>) -> Result<T, Outcome> {
    CLIENTS.with(|clients| {
        let clients = clients.borrow();
        match (handle as usize).checked_sub(1).and_then(|slot| clients.get(slot)) {
            Some(Some(client)) => body(client),
            // A freed slot, or 0, the handle the glue keeps after free(): a use after free.
            Some(None) => Err(Error::client_freed().into()),
            None if handle == 0 => Err(Error::client_freed().into()),
            None => Err(Error::null_argument(Argument::Client).into()),
        }
    })
}

/// Per-token options: [`FIELD_ABSENT`] for none, [`FIELD_WRONG_TYPE`], or
/// any other tag followed by a u32 count and name fields, each followed by a
/// value tag (`OPTION_*`).
fn options(reader: &mut Reader<'_>) -> Result<TokenOptions, Error> {
    let mut options = TokenOptions::default();
    match reader.byte()? {
        FIELD_ABSENT => return Ok(options),
        FIELD_WRONG_TYPE => return Err(Error::wrong_type(Argument::Options)),
        _ => {}
    }
    for _ in 0..reader.u32()? {
        let name = reader.text(Argument::Options)?.ok_or_else(truncated)?;
        let value = match reader.byte()? {
            OPTION_NULL => OptionValue::Null,
            OPTION_FALSE => OptionValue::Bool(false),
            OPTION_TRUE => OptionValue::Bool(true),
            OPTION_NUMBER => OptionValue::Number(f64::from_le_bytes(reader.eight()?)),
            OPTION_INTEGER => OptionValue::Integer(i64::from_le_bytes(reader.eight()?)),
            _ => OptionValue::Other,
        };
        options.set(OptionNaming::CamelCase, &name, value)?;
    }
    Ok(options)
}

/// The wasm exports. Each returns a status (or a pointer, a length, a handle).
#[allow(unsafe_code)]
mod exports {
    use super::*;

    /// Makes the inbox `len` zero bytes long and returns its address, for the
    /// host to fill; 0 if the module's memory cannot hold it (never a trap).
    #[no_mangle]
    pub extern "C" fn es_inbox(len: u32) -> u32 {
        INBOX.with(|inbox| {
            let mut inbox = inbox.borrow_mut();
            inbox.zeroize();
            // A new allocation rather than a resize, so that no old copy is left unwiped.
            **inbox = Vec::new();
            if inbox.try_reserve_exact(len as usize).is_err() {
                return 0;
            }
            inbox.resize(len as usize, 0);
            inbox.as_mut_ptr() as usize as u32
        })
    }

    /// The most bytes of text an argument may hold ([`engagespot_token::MAX_TEXT_BYTES`]):
    /// the host sends longer text as [`FIELD_OVERSIZED`], without copying it.
    #[no_mangle]
    pub extern "C" fn es_max_text_bytes() -> u32 {
        engagespot_token::MAX_TEXT_BYTES as u32
    }

    /// Leaves the fixed message the host signs once per client in the outbox
    /// (the pairwise-consistency test, [`es_client_check_probe`]).
    #[no_mangle]
    pub extern "C" fn es_key_probe() -> i32 {
        call(|_| Ok(HostKey::probe().to_vec()))
    }

    /// Checks, with the client's public key, the host's signature of the
    /// probe (the whole inbox): [`STATUS_OK`], or the key-malformed error.
    #[no_mangle]
    pub extern "C" fn es_client_check_probe(handle: u32) -> i32 {
        call(|reader| {
            let signature = reader.bytes;
            with_client(handle, |client| Ok(client.key().check_probe_signature(signature).map(|()| Vec::new())?))
        })
    }

    /// The outbox's address.
    #[no_mangle]
    pub extern "C" fn es_outbox_ptr() -> u32 {
        OUTBOX.with(|outbox| outbox.borrow_mut().as_mut_ptr() as usize as u32)
    }

    /// The outbox's length in bytes.
    #[no_mangle]
    pub extern "C" fn es_outbox_len() -> u32 {
        OUTBOX.with(|outbox| outbox.borrow().len() as u32)
    }

    /// Wipes the outbox, once the host has copied what it holds.
    #[no_mangle]
    pub extern "C" fn es_outbox_clear() {
        OUTBOX.with(|outbox| outbox.borrow_mut().zeroize());
    }

    /// Builds a client from the inbox's fields: the config ([`FIELD_WRONG_TYPE`]
    /// if it is not an object, else any other tag), the API key, the API secret,
    /// the signing key (and, after a [`STATUS_NEEDS_FILE`], the file's field).
    /// Returns its handle (1 or more), or a negative status.
    #[no_mangle]
    pub extern "C" fn es_client_new() -> i32 {
        let mut client = None;
        let status = call(|reader| {
            if reader.byte()? == FIELD_WRONG_TYPE {
                return Err(Error::wrong_type(Argument::Config).into());
            }
            let api_key = reader.text(Argument::ApiKey)?;
            let api_secret = reader.text(Argument::ApiSecret)?;
            let signing_key = reader.text(Argument::SigningKey)?;
            let signing_key = signing_key.as_ref().map_or("", |key| key.as_str());
            let file = reader.file()?;
            if file.is_none() {
                if let Some(path) = HostKey::file_path(signing_key)? {
                    return Err(Outcome::NeedsFile(path.to_string_lossy().into_owned()));
                }
            }
            client = Some(HostSignedClient::new(
                api_key.as_ref().map_or("", |key| key.as_str()),
                api_secret.as_ref().map(|secret| secret.as_str()),
                signing_key,
                file,
            )?);
            Ok(Vec::new())
        });
        wipe_stack();
        let Some(client) = client else { return status };
        CLIENTS.with(|clients| {
            let mut clients = clients.borrow_mut();
            let slot = clients.iter().position(Option::is_none).unwrap_or_else(|| {
                clients.push(None);
                clients.len() - 1
            });
            clients[slot] = Some(client);
            slot as i32 + 1
        })
    }

    /// Frees a client (its key and secret are wiped); an unknown handle is a no-op.
    #[no_mangle]
    pub extern "C" fn es_client_free(handle: u32) {
        CLIENTS.with(|clients| {
            if let Some(slot) =
                (handle as usize).checked_sub(1).and_then(|i| clients.borrow_mut().get_mut(i).map(Option::take))
            {
                drop(slot);
            }
        });
        wipe_stack();
    }

    /// Leaves the client's key as PKCS#8 DER in the outbox, for the host to import.
    #[no_mangle]
    pub extern "C" fn es_client_pkcs8(handle: u32) -> i32 {
        let status = call(|_| with_client(handle, |client| Ok(client.key().pkcs8_der().to_vec())));
        wipe_stack();
        status
    }

    /// Leaves the client's public key as SPKI DER in the outbox.
    #[no_mangle]
    pub extern "C" fn es_client_public_key(handle: u32) -> i32 {
        call(|_| with_client(handle, |client| Ok(client.key().public_key_der().to_vec())))
    }

    /// Leaves the signing input `header.payload` in the outbox, from the
    /// inbox's identifier field and options (and, after a
    /// [`STATUS_NEEDS_RANDOM`], the random bytes). `now` is the host's clock
    /// in seconds since 1970.
    #[no_mangle]
    pub extern "C" fn es_signing_input(handle: u32, now: f64) -> i32 {
        call(|reader| {
            let identifier =
                reader.text(Argument::UserIdentifier)?.ok_or_else(|| Error::null_argument(Argument::UserIdentifier))?;
            let options = options(reader)?;
            // After a STATUS_NEEDS_RANDOM: a FIELD_UTF8 field of JTI_BYTES random bytes.
            let random = if reader.is_empty() {
                None
            } else {
                reader.byte()?;
                let random = reader.sized()?;
                if random.len() != JTI_BYTES {
                    return Err(truncated().into());
                }
                Some(random)
            };
            let mut needs_random = false;
            let input = with_client(handle, |client| {
                client
                    .signing_input(
                        &identifier,
                        &options,
                        || host::unix_seconds(now),
                        |bytes| match random {
                            Some(random) => {
                                bytes.copy_from_slice(random);
                                Ok(())
                            }
                            None => {
                                needs_random = true;
                                Err(host::random_failed())
                            }
                        },
                    )
                    .map_err(Outcome::from)
            });
            match input {
                Err(_) if needs_random => Err(Outcome::NeedsRandom),
                input => Ok(input?.into_bytes()),
            }
        })
    }

    /// Leaves the token in the outbox, from the inbox's u32 length and
    /// signing input, followed by the host's signature.
    #[no_mangle]
    pub extern "C" fn es_assemble(handle: u32) -> i32 {
        call(|reader| {
            let len = reader.u32()?;
            let input = std::str::from_utf8(reader.take(len)?).map_err(|_| truncated())?;
            let signature = reader.bytes;
            with_client(handle, |client| Ok(client.assemble(input, signature)?.into_bytes()))
        })
    }

    /// Leaves the error for the key of the client `handle` that the host's
    /// crypto refused in the outbox (`HostKey::host_refused`): the inbox
    /// holds the host API's name and its reason, as UTF-8 fields. The first
    /// refusal tests the key's factors, so the stack is wiped after it.
    #[no_mangle]
    pub extern "C" fn es_error_host_refused(handle: u32) -> i32 {
        let status = call(|reader| {
            let host = reader.text(Argument::SigningKey)?.unwrap_or_default();
            let reason = reader.text(Argument::SigningKey)?.unwrap_or_default();
            with_client(handle, |client| Err(client.key().host_refused(&host, &reason).into()))
        });
        wipe_stack();
        status
    }

    /// Leaves the error for a signing call of the host's crypto that failed in
    /// the outbox: the inbox holds the host API's name and its reason, as
    /// UTF-8 fields.
    #[no_mangle]
    pub extern "C" fn es_error_signing_failed() -> i32 {
        call(|reader| {
            let host = reader.text(Argument::Client)?.unwrap_or_default();
            let reason = reader.text(Argument::Client)?.unwrap_or_default();
            Err(host::host_signing_failed(&host, &reason).into())
        })
    }

    /// Leaves the error for a client used after `free()` in the outbox.
    #[no_mangle]
    pub extern "C" fn es_error_client_freed() -> i32 {
        call(|_| Err(Error::client_freed().into()))
    }

    /// Leaves the error for a key whose host signature does not verify in the outbox.
    #[no_mangle]
    pub extern "C" fn es_error_inconsistent_key() -> i32 {
        call(|_| Err(HostKey::inconsistent().into()))
    }

    /// Leaves the error for a synchronous call where only WebCrypto signs in
    /// the outbox: the inbox holds the two calls' names, as UTF-8 fields.
    #[no_mangle]
    pub extern "C" fn es_error_sync_unavailable() -> i32 {
        call(|reader| {
            let sync = reader.text(Argument::Client)?.unwrap_or_default();
            let asynchronous = reader.text(Argument::Client)?.unwrap_or_default();
            Err(host::sync_unavailable(&sync, &asynchronous).into())
        })
    }

    /// Leaves the error for reading a property that threw in the outbox: of
    /// the options (`what` [`WHAT_OPTIONS`]) or the config ([`WHAT_CONFIG`]); the inbox holds the property's
    /// name as a UTF-8 field (a name the glue chose, never the caller's text).
    #[no_mangle]
    pub extern "C" fn es_error_property_threw(what: u32) -> i32 {
        call(|reader| {
            let property = reader.text(Argument::Options)?.unwrap_or_default();
            let what = if what == WHAT_OPTIONS { Argument::Options } else { Argument::Config };
            Err(Error::property_threw(what, &property).into())
        })
    }

    /// Leaves the panic error in the outbox, for the host to report when the module traps.
    #[no_mangle]
    pub extern "C" fn es_error_panic() -> i32 {
        call(|_| Err(Error::panic().into()))
    }

    /// Leaves the name of the environment variable the signing key defaults to in the outbox.
    #[no_mangle]
    pub extern "C" fn es_signing_key_variable() -> i32 {
        call(|_| Ok(engagespot_token::SIGNING_KEY_VARIABLE.as_bytes().to_vec()))
    }

    /// Leaves the core's version in the outbox.
    #[no_mangle]
    pub extern "C" fn es_version() -> i32 {
        call(|_| Ok(engagespot_token::VERSION.as_bytes().to_vec()))
    }

    /// The most bytes the host should read of a `file://` key's file: one
    /// more than the core accepts, so that a larger file is recognised.
    #[no_mangle]
    pub extern "C" fn es_key_file_read_limit() -> u32 {
        engagespot_token::MAX_KEY_FILE_BYTES as u32 + 1
    }
}
