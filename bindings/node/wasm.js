'use strict';
/**
 * The WebAssembly backend: the core compiled to wasm32 (bindings/wasm), with
 * the host's crypto doing the one thing the module cannot, the RSA signature.
 * No Node-only import here: wasm-node.js (Node), worker.mjs (Workers, Vercel
 * Edge) and deno.mjs hand in the module, the signer and the host's file and
 * environment access.
 *
 * The core checks the key (its numbers too, as aws-lc does natively) and
 * hands it over as PKCS#8 DER, which the signer imports once per client as a
 * key it cannot export again; the signer signs the core's probe with it, and
 * the core verifies that signature with the key's public half (a
 * pairwise-consistency test). The core builds `header.payload`; the signer
 * signs it (RSASSA-PKCS1-v1_5, SHA-256); the core assembles the token.
 *
 * The module's memory only grows (4 GiB at most): text longer than the
 * core's bound (es_max_text_bytes) is never copied into it, but sent as
 * FIELD_OVERSIZED, which the core refuses by its length alone. If the module
 * traps all the same (a bug), the call reports ES_PANIC and a fresh instance
 * serves every later call: a client made before the trap, whose state was in
 * the instance that trapped, is made again in the fresh one from the config
 * it was given, at its next call.
 * Every rule, name and message is the core's: the byte protocol with the
 * module (bindings/wasm/src/lib.rs) has its numbers in src/wasm_abi.rs, from
 * which tests/generated.rs writes rules.js, read here; so are the categories'
 * classes. The arguments are read by arguments.js, as for the native addon;
 * this file only lays the values it reads out in the module's memory.
 */

const { WASM, CATEGORY_CLASSES: CLASS_NAMES } = require('./rules.js');
const { WRONG_TYPE, configValues, identifierText, optionEntries, wellFormed } = require('./arguments.js');

const {
  FIELD_ABSENT,
  FIELD_UTF16,
  FIELD_UTF8,
  FIELD_WRONG_TYPE,
  FIELD_FILE,
  FIELD_NOT_A_FILE,
  FIELD_FILE_UNREADABLE,
  FIELD_PRESENT,
  FIELD_OVERSIZED,
  OPTION_NULL,
  OPTION_FALSE,
  OPTION_TRUE,
  OPTION_NUMBER,
  OPTION_OTHER,
  OPTION_INTEGER,
  STATUS_OK,
  STATUS_NEEDS_FILE,
  STATUS_NEEDS_RANDOM,
  JTI_BYTES,
  WHAT_OPTIONS,
  WHAT_CONFIG,
} = WASM;
/** JavaScript's bigint bounds of the protocol's i64 (OPTION_INTEGER). */
const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);
/** The exception classes for the core's categories, in the core's order. */
const CATEGORY_CLASSES = CLASS_NAMES.map((name) => ({ Error, TypeError })[name]);
/**
 * The most bytes of text an argument may hold (es_max_text_bytes, the same
 * in every instance of the module): set by createApi before any field is made.
 */
const bound = { maxTextBytes: 0 };

/** A field: a value the glue writes into the module's inbox. */
const absent = { tag: FIELD_ABSENT, size: 1 };
const wrongType = { tag: FIELD_WRONG_TYPE, size: 1 };
const tagOnly = (tag) => ({ tag, size: 1 });
/** Stands in for text that is not well-formed: the core refuses it as it refuses the text itself. */
const loneSurrogate = { tag: FIELD_UTF16, text: '\uD800', size: 7 };
/**
 * A string, as UTF-16 code units. Past the bound in code units it is past it
 * in UTF-8 bytes too (each unit is one byte or more), so it is not copied.
 */
function utf16(text) {
  if (text.length <= bound.maxTextBytes) return { tag: FIELD_UTF16, text, size: 5 + text.length * 2 };
  return wellFormed(text) ? tagOnly(FIELD_OVERSIZED) : loneSurrogate;
}

/** Bytes of UTF-8 (or a file's contents, by `tag`); past the bound, UTF-8 text is not copied. */
function bytes(data, tag = FIELD_UTF8) {
  if (tag !== FIELD_UTF8 || data.length <= bound.maxTextBytes) return { tag, data, size: 5 + data.length };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return { tag, data: new Uint8Array([0xff]), size: 6 };
  }
  return tagOnly(FIELD_OVERSIZED);
}

/** A text argument: a string, or null/undefined for none. */
function text(value) {
  if (value === undefined || value === null) return absent;
  return typeof value === 'string' ? utf16(value) : wrongType;
}

/** The signing key: a string, bytes of UTF-8 (a Buffer, as fs.readFileSync gives it), or null/undefined. */
function textOrBytes(value) {
  return value instanceof Uint8Array ? bytes(value) : text(value);
}

/** A user identifier, as arguments.js formats it. */
function identifierField(identifier) {
  return text(identifierText(identifier));
}

/** An option's value, as the core's option value tag (and its payload). */
function optionValue(value) {
  if (value === null) return tagOnly(OPTION_NULL);
  if (typeof value === 'boolean') return tagOnly(value ? OPTION_TRUE : OPTION_FALSE);
  if (typeof value === 'number') return { tag: OPTION_NUMBER, number: value, size: 9 };
  if (typeof value === 'bigint') {
    return { tag: OPTION_INTEGER, integer: value > I64_MAX ? I64_MAX : value < I64_MIN ? I64_MIN : value, size: 9 };
  }
  return tagOnly(OPTION_OTHER);
}

/**
 * Instantiates the module and returns the package's API over it:
 * { EngagespotClient, backend }.
 *   module: a WebAssembly.Module, or the exports of an instance of it;
 *   signer: see nodeSigner (wasm-node.js) and webCryptoSigner below;
 *   host:   { readFile(path, limit), env(name) } for file:// keys and the key's
 *           environment variable (either may return undefined), and
 *           random(bytes), which fills a Uint8Array for a `jti` (default: the
 *           runtime's WebCrypto getRandomValues).
 */
function createApi({ module, signer, host }) {
  // By its tag, not instanceof: an edge sandbox may hand in a module compiled in another realm.
  const isModule = Object.prototype.toString.call(module) === '[object WebAssembly.Module]';
  const decoder = new TextDecoder();
  // Passed in, not read from a global: Node 18 has no global `crypto`.
  const random = host.random ?? ((data) => globalThis.crypto.getRandomValues(data));
  let panicError = null;
  /** The instance's exports; after a trap, those of a fresh instance. */
  let wasm = null;
  /** Counts instances: a client belongs to the one it was made in. */
  let generation = 0;
  /** Given exports rather than a module, the glue cannot start a fresh instance: a trap is then for good. */
  let trapped = false;

  function instantiate() {
    wasm = isModule ? new WebAssembly.Instance(module, {}).exports : module;
    generation += 1;
  }
  instantiate();

  /**
   * The exports, each made to report a trap (a bug in the module) as the
   * core's ES_PANIC error. The instance that trapped is dropped (its memory
   * with it) and a fresh one serves later calls. Two parameters at most, so
   * no call allocates.
   */
  const fn = {};
  for (const [name, exported] of Object.entries(wasm)) {
    if (typeof exported !== 'function') continue;
    fn[name] = (a, b) => {
      if (trapped) throw panicError;
      try {
        return wasm[name](a, b);
      } catch (cause) {
        if (!(cause instanceof WebAssembly.RuntimeError)) throw cause;
        if (isModule) instantiate();
        else trapped = true;
        throw panicError;
      }
    };
  }

  /** Views of the module's memory, made again only when it grows. */
  let memoryBytes = new Uint8Array(0);
  let memoryView = new DataView(memoryBytes.buffer);
  function memory() {
    if (memoryBytes.buffer !== wasm.memory.buffer) {
      memoryBytes = new Uint8Array(wasm.memory.buffer);
      memoryView = new DataView(wasm.memory.buffer);
    }
    return memoryBytes;
  }

  /** The outbox in the module's memory: valid until the next call into the module. */
  function outboxView() {
    const at = fn.es_outbox_ptr();
    return memory().subarray(at, at + fn.es_outbox_len());
  }

  /** A copy of the outbox, which is then wiped. */
  function outbox() {
    const copy = outboxView().slice();
    fn.es_outbox_clear();
    return copy;
  }

  /** The outbox as text, without a copy of its bytes. */
  function outboxText() {
    const text = decoder.decode(outboxView());
    fn.es_outbox_clear();
    return text;
  }

  /** The core's error from the outbox: its class by category, `code` its name. */
  function coreError() {
    const record = outbox();
    const nul = record.indexOf(0, 1);
    const Class = CATEGORY_CLASSES[record[0]] ?? Error;
    const error = new Class(decoder.decode(record.subarray(nul + 1)));
    error.code = decoder.decode(record.subarray(1, nul));
    return error;
  }

  /** The inbox for `size` bytes; the module out of memory (no input of ours can do it) is a trap. */
  function inbox(size) {
    const at = fn.es_inbox(size);
    if (at === 0 && size > 0) {
      if (isModule) instantiate();
      else trapped = true;
      throw panicError;
    }
    return at;
  }

  /** Writes the fields into a new inbox. */
  function write(fields) {
    let size = 0;
    for (const field of fields) size += field.size;
    let offset = inbox(size);
    const bytes = memory();
    const view = memoryView;
    for (const field of fields) {
      view.setUint8(offset, field.tag);
      offset += 1;
      if (field.text !== undefined) {
        const { text } = field;
        view.setUint32(offset, text.length * 2, true);
        offset += 4;
        for (let i = 0; i < text.length; i++, offset += 2) view.setUint16(offset, text.charCodeAt(i), true);
      } else if (field.data !== undefined) {
        view.setUint32(offset, field.data.length, true);
        bytes.set(field.data, offset + 4);
        offset += 4 + field.data.length;
      } else if (field.number !== undefined) {
        view.setFloat64(offset, field.number, true);
        offset += 8;
      } else if (field.integer !== undefined) {
        view.setBigInt64(offset, field.integer, true);
        offset += 8;
      } else if (field.count !== undefined) {
        view.setUint32(offset, field.count, true);
        offset += 4;
      }
    }
  }

  /** Calls an export after writing its fields; returns the status, or throws the core's error. */
  function call(name, fields, a, b) {
    write(fields);
    const status = fn[name](a, b);
    if (status >= STATUS_OK) return status;
    if (status === STATUS_NEEDS_FILE || status === STATUS_NEEDS_RANDOM) return status;
    throw coreError();
  }

  /** The error an error-building export leaves, built from UTF-8 fields (and `what`). */
  function builtError(name, texts, what) {
    write(texts.map((text) => bytes(new TextEncoder().encode(text))));
    fn[name](what);
    return coreError();
  }

  wasm.es_error_panic();
  panicError = coreError();
  bound.maxTextBytes = wasm.es_max_text_bytes();
  const constant = (name) => {
    call(name, []);
    return outboxText();
  };
  const SIGNING_KEY_VARIABLE = constant('es_signing_key_variable');

  /** The core's error for a property read that threw, with what it threw as the cause. */
  function propertyThrew(what, property, cause) {
    const error = builtError('es_error_property_threw', [property], what);
    error.cause = cause;
    return error;
  }

  /** The core's error for the options' property `name`, whose read threw `cause`. */
  const optionThrew = (name, cause) => {
    throw propertyThrew(WHAT_OPTIONS, name, cause);
  };

  /** The core's error for the config's property `name`, whose read threw `cause`. */
  const configThrew = (name, cause) => {
    throw propertyThrew(WHAT_CONFIG, name, cause);
  };

  /** Per-token options (arguments.js reads them) as the fields the core takes. */
  function optionFields(options) {
    const entries = optionEntries(options, optionThrew);
    if (entries === undefined) return [absent];
    if (entries === WRONG_TYPE) return [wrongType];
    const fields = [{ tag: FIELD_PRESENT, count: entries.length, size: 5 }];
    for (const [name, value] of entries) fields.push(utf16(name), optionValue(value));
    return fields;
  }
  const VERSION = constant('es_version');

  /** What the host read for a file:// key, as the field the core takes. */
  function fileField(path) {
    const read = host.readFile?.(path, fn.es_key_file_read_limit());
    if (!read) return bytes(new TextEncoder().encode('this runtime gives no access to files'), FIELD_FILE_UNREADABLE);
    if (read.notFile) return tagOnly(FIELD_NOT_A_FILE);
    if (read.contents) return bytes(read.contents, FIELD_FILE);
    return bytes(new TextEncoder().encode(String(read.reason)), FIELD_FILE_UNREADABLE);
  }

  /**
   * The host's refusal of the key of the client `handle`, which the core
   * accepted, as the core's error (the core tells a key with a composite
   * factor, which some hosts refuse on import, from a key the host does not support).
   */
  const refused = (api, cause, handle) =>
    builtError('es_error_host_refused', [api, cause?.message ?? String(cause)], handle);

  /** A failure of the host's crypto after the key was imported: the core's ES_SIGNING_FAILED, with the cause. */
  function hostFailed(api, cause) {
    const error = builtError('es_error_signing_failed', [api, cause?.message ?? String(cause)]);
    error.cause = cause;
    return error;
  }

  /** Runs one call into the host's crypto; what it throws becomes hostFailed(api, …). */
  function hostCall(api, body) {
    try {
      return body();
    } catch (cause) {
      throw hostFailed(api, cause);
    }
  }

  /** The message the signer signs once per imported key, for the core to verify (es_client_check_probe). */
  call('es_key_probe', []);
  const PROBE = outbox();

  /** The core's check of the probe's signature with the key's public half: throws its error if it fails. */
  function checkProbe(handle, signature) {
    const at = inbox(signature.length);
    memory().set(signature, at);
    if (fn.es_client_check_probe(handle) !== STATUS_OK) throw coreError();
  }

  /**
   * Imports the key into the host's crypto synchronously and signs the probe,
   * which the core verifies; throws the core's error if refused.
   */
  function importSync(pkcs8, handle) {
    let key;
    let signature;
    try {
      key = signer.importSync(pkcs8);
      signature = signer.signSync(key, PROBE);
    } catch (cause) {
      throw refused(signer.name, cause, handle);
    }
    checkProbe(handle, signature);
    return key;
  }

  /**
   * The same with WebCrypto, for the client whose handle `live()` gives (the
   * handle is read again after each await: the instance may have been
   * replaced meanwhile); `probe`: sign the probe and have the core check it
   * (false when the synchronous import checked this key already).
   */
  async function importAsync(live, probe) {
    const pkcs8 = pkcs8Of(live());
    let key;
    let signature;
    try {
      key = await signer.importAsync(pkcs8);
      if (probe) signature = await signer.signAsync(key, PROBE);
    } catch (cause) {
      throw refused(signer.asyncName, cause, live());
    } finally {
      pkcs8.fill(0);
    }
    if (probe) checkProbe(live(), signature);
    return key;
  }

  /** The client's key as PKCS#8 DER, fetched from the core for one import and wiped after it. */
  function pkcs8Of(handle) {
    call('es_client_pkcs8', [], handle);
    return outbox();
  }

  // Frees a client's core state when the client is collected. Cloudflare
  // Workers have no FinalizationRegistry: there, build clients once per
  // isolate (at module scope), or call client.free().
  const registry =
    typeof FinalizationRegistry === 'function'
      ? new FinalizationRegistry((held) => held.generation === generation && fn.es_client_free(held.handle))
      : null;

  /** The key of a new core handle imported into the host's synchronous crypto, where it has one. */
  function syncKeyOf(handle) {
    if (!signer.importSync) return undefined;
    const pkcs8 = pkcs8Of(handle);
    try {
      return importSync(pkcs8, handle);
    } finally {
      pkcs8.fill(0);
    }
  }

  /** The host's environment variable, if it gives access to one. */
  const env = (name) => host.env?.(name);

  /**
   * A new core handle for the config's values (null: not an object), with a
   * key the core says stands for the environment read from it now and a
   * `file://` key's file read; throws the core's error if refused.
   */
  function newHandle(config) {
    const signingKey = config?.fromEnvironment ? env(SIGNING_KEY_VARIABLE) : config?.signingKey;
    const fields = config
      ? [tagOnly(FIELD_PRESENT), text(config.apiKey), text(config.apiSecret), textOrBytes(signingKey)]
      : [wrongType, absent, absent, absent];
    const status = call('es_client_new', fields);
    if (status !== STATUS_NEEDS_FILE) return status;
    const file = fileField(outboxText());
    try {
      return call('es_client_new', [...fields, file]);
    } finally {
      file.data?.fill(0);
    }
  }

  /**
   * A new core handle for the config (newHandle) and its key imported into
   * the host's synchronous crypto (syncKeyOf); if the host refuses the key,
   * the handle is freed and the refusal thrown.
   */
  function keyedHandle(config) {
    const handle = newHandle(config);
    const made = generation;
    try {
      return { handle, syncKey: syncKeyOf(handle) };
    } catch (error) {
      if (made === generation) fn.es_client_free(handle);
      throw error;
    }
  }

  /** A client over a core handle; the key is imported into the host's crypto. */
  class WasmClient {
    #handle;
    /** The instance the handle belongs to: after a trap, a fresh instance holds no such client. */
    #generation = generation;
    #syncKey;
    #asyncKey;
    /** Asynchronous calls still signing: free() leaves the core state to the last of them, as the native addon's reference count does. */
    #pending = 0;
    #freeing = false;

    /**
     * The config's values as arguments.js read them, kept to make the client
     * again after a trap: references to what the caller gave, not copies (a
     * key from the environment is read from it again).
     */
    #config;

    constructor({ handle, syncKey }, config) {
      this.#handle = handle;
      this.#syncKey = syncKey;
      this.#config = config;
      registry?.register(this, { handle, generation }, this);
    }

    /** The handle in the live instance: after a trap, the client is first made again there. */
    #live() {
      if (this.#generation !== generation) this.#remake();
      return this.#handle;
    }

    /**
     * Makes the client again in the fresh instance that replaced the one that
     * trapped (and held its state), from the config it was given, so that a
     * trap does not outlive the call that caused it.
     */
    #remake() {
      // A client freed while a call was in flight has no config left to be
      // made from: that call fails as the trap's.
      if (trapped || this.#freeing) throw panicError;
      const { handle, syncKey } = keyedHandle(this.#config);
      registry?.unregister(this);
      registry?.register(this, { handle, generation }, this);
      this.#handle = handle;
      this.#generation = generation;
      this.#syncKey = syncKey;
      this.#asyncKey = undefined;
    }

    /** Where a call starts: the core's use-after-free error once free() ran, else as #live(). */
    #usable() {
      if (this.#freeing) throw builtError('es_error_client_freed', []);
      return this.#live();
    }

    /**
     * Frees the client's core state (its key and secret are wiped) now, or
     * when the asynchronous calls still signing finish; every later call
     * throws ES_CLIENT_FREED. Calling it again does nothing.
     */
    free() {
      if (this.#freeing) return;
      this.#freeing = true;
      registry?.unregister(this);
      this.#syncKey = undefined;
      this.#asyncKey = undefined;
      this.#config = undefined;
      if (this.#pending === 0) this.#release();
    }

    /** `using client = EngagespotClient(…)` frees it at the end of the block. */
    [Symbol.dispose ?? Symbol.for('nodejs.dispose')]() {
      this.free();
    }

    /** Frees the core state, unless the instance it was in has trapped (and is gone) since. */
    #release() {
      if (this.#generation === generation) fn.es_client_free(this.#handle);
      this.#handle = 0;
    }

    /** 'wasm': this client is the WebAssembly core, signing with the runtime's crypto. */
    get backend() {
      return 'wasm';
    }

    /**
     * Leaves `header.payload` in the outbox, for the identifier's and the
     * options' fields (read first, as the native addon's are: a getter that
     * throws is the error whatever else is wrong, freed client included).
     */
    #signingInput(fields) {
      const now = Date.now() / 1000;
      if (call('es_signing_input', fields, this.#live(), now) === STATUS_NEEDS_RANDOM) {
        const jti = new Uint8Array(JTI_BYTES);
        hostCall('random', () => random(jti));
        fields.push(bytes(jti));
        call('es_signing_input', fields, this.#live(), now);
      }
    }

    /**
     * The token from the signature and the signing input: `input`, or when
     * null the one in the outbox (the synchronous call copies nothing).
     */
    #assemble(signature, input = null) {
      const inputLength = input ? input.length : fn.es_outbox_len();
      const inputAt = input ? 0 : fn.es_outbox_ptr();
      const at = inbox(4 + inputLength + signature.length);
      const bytes = memory();
      memoryView.setUint32(at, inputLength, true);
      if (input) bytes.set(input, at + 4);
      else bytes.copyWithin(at + 4, inputAt, inputAt + inputLength);
      bytes.set(signature, at + 4 + inputLength);
      if (fn.es_assemble(this.#live()) !== STATUS_OK) throw coreError();
      return outboxText();
    }

    /** Mints a token: `sub` = `user:<identifier>`, `iat` now, `exp` one hour later. */
    generateUserToken(identifier, options) {
      const fields = [identifierField(identifier), ...optionFields(options)];
      this.#usable();
      if (!this.#syncKey) {
        throw builtError('es_error_sync_unavailable', ['generateUserToken', 'generateUserTokenAsync']);
      }
      this.#signingInput(fields);
      // Signed straight from the module's memory: the signer reads it before returning.
      const signature = hostCall(signer.signName, () => signer.signSync(this.#syncKey, outboxView()));
      return this.#assemble(signature);
    }

    /** The same, signed asynchronously with WebCrypto; every failure rejects. */
    async generateUserTokenAsync(identifier, options) {
      const fields = [identifierField(identifier), ...optionFields(options)];
      this.#usable();
      this.#signingInput(fields);
      const input = outbox();
      // A failed import is not kept: the next call imports again.
      this.#asyncKey ??= importAsync(() => this.#live(), !this.#syncKey).catch((error) => {
        this.#asyncKey = undefined;
        throw error;
      });
      this.#pending += 1;
      try {
        const key = await this.#asyncKey;
        let signature;
        try {
          signature = await signer.signAsync(key, input);
        } catch (cause) {
          throw hostFailed(signer.asyncSignName, cause);
        }
        return this.#assemble(signature, input);
      } finally {
        this.#pending -= 1;
        if (this.#freeing && this.#pending === 0) this.#release();
      }
    }
  }

  /**
   * Creates a client, as `@engagespot/node`'s factory does (also with `new`).
   * The key is checked now; arguments.js reads the config (and whether the
   * signing key is the environment variable's, as the core's rule says).
   */
  function EngagespotClient(config) {
    const values = configValues(config, configThrew);
    return new WasmClient(keyedHandle(values), values);
  }
  EngagespotClient.prototype = WasmClient.prototype;

  return { EngagespotClient, backend: () => 'wasm', SIGNING_KEY_VARIABLE, VERSION };
}

/** The signer of runtimes with WebCrypto only: asynchronous signing, no synchronous one. */
function webCryptoSigner(subtle = globalThis.crypto.subtle) {
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return {
    asyncName: 'WebCrypto importKey',
    asyncSignName: 'WebCrypto sign',
    importAsync: (pkcs8) => subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']),
    signAsync: async (key, data) => new Uint8Array(await subtle.sign(algorithm.name, key, data)),
  };
}

module.exports = { createApi, webCryptoSigner };
