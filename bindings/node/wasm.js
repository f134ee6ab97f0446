'use strict';
/**
 * The WebAssembly backend: the core compiled to wasm32 (bindings/wasm), with
 * the host's crypto doing the one thing the module cannot, the RSA signature.
 * No Node-only import here: wasm-node.js (Node), worker.mjs (Workers, Vercel
 * Edge) and deno.mjs hand in the module, the signer and the host's file and
 * environment access.
 *
 * The core checks the key and hands it over as PKCS#8 DER, which the signer
 * imports once per client as a key it cannot export again, and checks with
 * one signature verified by the key's public half (aws-lc's check of the
 * key's numbers is not in the module). The core builds `header.payload`; the
 * signer signs it (RSASSA-PKCS1-v1_5, SHA-256); the core assembles the token.
 * Every rule, name and message is the core's: the byte protocol with the
 * module is described in bindings/wasm/src/lib.rs, whose constants these are.
 */

const FIELD_ABSENT = 0;
const FIELD_UTF16 = 1;
const FIELD_UTF8 = 2;
const FIELD_WRONG_TYPE = 3;
const FIELD_FILE = 4;
const FIELD_NOT_A_FILE = 5;
const FIELD_FILE_UNREADABLE = 6;
const FIELD_PRESENT = 7;
const OPTION_NULL = 0;
const OPTION_FALSE = 1;
const OPTION_TRUE = 2;
const OPTION_NUMBER = 3;
const OPTION_OTHER = 4;
const OPTION_INTEGER = 5;
const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);
const STATUS_OK = 0;
const STATUS_NEEDS_FILE = -2;
const STATUS_NEEDS_RANDOM = -3;
const JTI_BYTES = 16;
/** es_error_property_threw's `what`: the options, the config. */
const WHAT_OPTIONS = 0;
const WHAT_CONFIG = 1;
/** The exception classes for the core's categories (argument, type, key, library). */
const CATEGORY_CLASSES = [Error, TypeError, Error, Error];
/** Signed and verified once per imported key, to catch keys whose numbers disagree. */
const PROBE = new TextEncoder().encode('engagespot-token key check');

/** A field: a value the glue writes into the module's inbox. */
const absent = { tag: FIELD_ABSENT, size: 1 };
const wrongType = { tag: FIELD_WRONG_TYPE, size: 1 };
const utf16 = (text) => ({ tag: FIELD_UTF16, text, size: 5 + text.length * 2 });
const bytes = (data, tag = FIELD_UTF8) => ({ tag, data, size: 5 + data.length });
const tagOnly = (tag) => ({ tag, size: 1 });

/** A text argument: a string, or null/undefined for none. */
function text(value) {
  if (value === undefined || value === null) return absent;
  return typeof value === 'string' ? utf16(value) : wrongType;
}

/** The signing key: a string, bytes of UTF-8 (a Buffer, as fs.readFileSync gives it), or null/undefined. */
function textOrBytes(value) {
  return value instanceof Uint8Array ? bytes(value) : text(value);
}

/** A user identifier, formatted as `${identifier}` does, as the native addon reads it. */
function identifierField(value) {
  if (value === undefined || value === null) return absent;
  if (typeof value === 'string') return utf16(value);
  if (typeof value === 'bigint') return utf16(`${value}`);
  if (typeof value === 'number') return Number.isFinite(value) ? utf16(`${value}`) : wrongType;
  return wrongType;
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
  const wasm = isModule ? new WebAssembly.Instance(module, {}).exports : module;
  const decoder = new TextDecoder();
  // Passed in, not read from a global: Node 18 has no global `crypto`.
  const random = host.random ?? ((data) => globalThis.crypto.getRandomValues(data));
  let panicError = null;
  let trapped = false;

  /**
   * The exports, each made to report a trap (a panic in the module) as the
   * core's ES_PANIC error; the module is unusable after one, so every later
   * call reports it too. Two parameters at most, so no call allocates.
   */
  const fn = {};
  for (const [name, exported] of Object.entries(wasm)) {
    if (typeof exported !== 'function') continue;
    fn[name] = (a, b) => {
      if (trapped) throw panicError;
      try {
        return exported(a, b);
      } catch (cause) {
        if (!(cause instanceof WebAssembly.RuntimeError)) throw cause;
        trapped = true;
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

  /** Writes the fields into a new inbox. */
  function write(fields) {
    let size = 0;
    for (const field of fields) size += field.size;
    let offset = fn.es_inbox(size);
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
  const constant = (name) => {
    call(name, []);
    return outboxText();
  };
  const SIGNING_KEY_VARIABLE = constant('es_signing_key_variable');
  const OPTION_NAMES = constant('es_option_names').split('\0');

  /** The core's error for a property read that threw, with what it threw as the cause. */
  function propertyThrew(what, property, cause) {
    const error = builtError('es_error_property_threw', [property], what);
    error.cause = cause;
    return error;
  }

  /** `object[name]`; a getter or Proxy trap that throws becomes the core's error, with the cause. */
  function read(object, name, what) {
    try {
      return object[name];
    } catch (cause) {
      throw propertyThrew(what, name, cause);
    }
  }

  /**
   * Per-token options, read as the native addon reads them: a Map, Set or
   * array is the wrong type; every own enumerable name must be an option; each
   * option is read as JavaScript reads a property (getters and inherited
   * properties count).
   */
  function optionFields(options) {
    if (options === undefined || options === null) return [absent];
    if (typeof options !== 'object') return [wrongType];
    if (Array.isArray(options) || [Map, Set, WeakMap, WeakSet].some((type) => options instanceof type)) {
      return [wrongType];
    }
    let names;
    try {
      names = Object.keys(options);
    } catch (cause) {
      throw propertyThrew(WHAT_OPTIONS, 'its property names', cause);
    }
    const fields = [];
    const unknown = names.find((name) => !OPTION_NAMES.includes(name));
    // The core refuses an unknown name whatever its value, with the accepted ones listed.
    if (unknown !== undefined) fields.push(utf16(unknown), tagOnly(OPTION_NULL));
    for (const name of OPTION_NAMES) {
      const value = read(options, name, WHAT_OPTIONS);
      if (value === undefined) continue;
      fields.push(utf16(name));
      if (value === null) fields.push(tagOnly(OPTION_NULL));
      else if (typeof value === 'boolean') fields.push(tagOnly(value ? OPTION_TRUE : OPTION_FALSE));
      else if (typeof value === 'number') fields.push({ tag: OPTION_NUMBER, number: value, size: 9 });
      else if (typeof value === 'bigint') {
        const clamped = value > I64_MAX ? I64_MAX : value < I64_MIN ? I64_MIN : value;
        fields.push({ tag: OPTION_INTEGER, integer: clamped, size: 9 });
      } else fields.push(tagOnly(OPTION_OTHER));
    }
    return [{ tag: FIELD_PRESENT, count: fields.length / 2, size: 5 }, ...fields];
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

  /** The host's refusal of a key the core accepted, as the core's error. */
  const refused = (api, cause) => builtError('es_error_host_refused', [api, cause?.message ?? String(cause)]);

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

  /**
   * Imports the key into the host's crypto synchronously and checks one
   * signature with the public key; throws the core's error if refused.
   */
  function importSync(pkcs8, spki) {
    let key;
    let verified;
    try {
      key = signer.importSync(pkcs8);
      verified = signer.verifySync(spki, PROBE, signer.signSync(key, PROBE));
    } catch (cause) {
      throw refused(signer.name, cause);
    }
    if (!verified) throw builtError('es_error_inconsistent_key', []);
    return key;
  }

  /** The same with WebCrypto; `probe` is false when the synchronous import checked this key already. */
  async function importAsync(pkcs8, spki, probe) {
    let key;
    let verified = true;
    try {
      key = await signer.importAsync(pkcs8);
      if (probe) verified = await signer.verifyAsync(spki, PROBE, await signer.signAsync(key, PROBE));
    } catch (cause) {
      throw refused(signer.asyncName, cause);
    } finally {
      pkcs8.fill(0);
    }
    if (!verified) throw builtError('es_error_inconsistent_key', []);
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
    typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((handle) => fn.es_client_free(handle)) : null;

  /** A client over a core handle; the key is imported into the host's crypto. */
  class WasmClient {
    #handle;
    #syncKey;
    #asyncKey;
    #spki;
    /** Asynchronous calls still signing: free() leaves the core state to the last of them, as the native addon's reference count does. */
    #pending = 0;
    #freeing = false;

    constructor(handle) {
      this.#handle = handle;
      call('es_client_public_key', [], handle);
      this.#spki = outbox();
      if (signer.importSync) {
        const pkcs8 = pkcs8Of(handle);
        try {
          this.#syncKey = importSync(pkcs8, this.#spki);
        } finally {
          pkcs8.fill(0);
        }
      }
      // Only now: a client whose key the host refused is freed by EngagespotClient.
      registry?.register(this, handle, this);
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
      if (this.#pending === 0) this.#release();
    }

    /** `using client = EngagespotClient(…)` frees it at the end of the block. */
    [Symbol.dispose ?? Symbol.for('nodejs.dispose')]() {
      this.free();
    }

    #release() {
      fn.es_client_free(this.#handle);
      this.#handle = 0;
    }

    /** Throws the core's use-after-free error once free() ran. */
    #live() {
      if (this.#freeing) throw builtError('es_error_client_freed', []);
    }

    /** 'wasm': this client is the WebAssembly core, signing with the runtime's crypto. */
    get backend() {
      return 'wasm';
    }

    /** Leaves `header.payload` for the identifier and options in the outbox. */
    #signingInput(identifier, options) {
      const fields = [identifierField(identifier), ...optionFields(options)];
      const now = Date.now() / 1000;
      if (call('es_signing_input', fields, this.#handle, now) === STATUS_NEEDS_RANDOM) {
        const jti = new Uint8Array(JTI_BYTES);
        hostCall('random', () => random(jti));
        fields.push(bytes(jti));
        call('es_signing_input', fields, this.#handle, now);
      }
    }

    /**
     * The token from the signature and the signing input: `input`, or when
     * null the one in the outbox (the synchronous call copies nothing).
     */
    #assemble(signature, input = null) {
      const inputLength = input ? input.length : fn.es_outbox_len();
      const inputAt = input ? 0 : fn.es_outbox_ptr();
      const at = fn.es_inbox(4 + inputLength + signature.length);
      const bytes = memory();
      memoryView.setUint32(at, inputLength, true);
      if (input) bytes.set(input, at + 4);
      else bytes.copyWithin(at + 4, inputAt, inputAt + inputLength);
      bytes.set(signature, at + 4 + inputLength);
      if (fn.es_assemble(this.#handle) !== STATUS_OK) throw coreError();
      return outboxText();
    }

    /** Mints a token: `sub` = `user:<identifier>`, `iat` now, `exp` one hour later. */
    generateUserToken(identifier, options) {
      this.#live();
      if (!this.#syncKey) {
        throw builtError('es_error_sync_unavailable', ['generateUserToken', 'generateUserTokenAsync']);
      }
      this.#signingInput(identifier, options);
      // Signed straight from the module's memory: the signer reads it before returning.
      const signature = hostCall(signer.signName, () => signer.signSync(this.#syncKey, outboxView()));
      return this.#assemble(signature);
    }

    /** The same, signed asynchronously with WebCrypto; every failure rejects. */
    async generateUserTokenAsync(identifier, options) {
      this.#live();
      this.#signingInput(identifier, options);
      const input = outbox();
      // A failed import is not kept: the next call imports again.
      this.#asyncKey ??= importAsync(pkcs8Of(this.#handle), this.#spki, !this.#syncKey).catch((error) => {
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
   * The key is checked now; a falsy `signingKey` falls back to the
   * environment variable the core names.
   */
  function EngagespotClient(config) {
    const isObject = config !== null && typeof config === 'object';
    const property = (name) => (isObject ? read(config, name, WHAT_CONFIG) : undefined);
    const apiKey = property('apiKey');
    const apiSecret = property('apiSecret');
    const signingKey = property('signingKey') || host.env?.(SIGNING_KEY_VARIABLE);
    const fields = [isObject ? tagOnly(FIELD_PRESENT) : wrongType, text(apiKey), text(apiSecret), textOrBytes(signingKey)];
    let status = call('es_client_new', fields);
    if (status === STATUS_NEEDS_FILE) {
      const file = fileField(outboxText());
      try {
        status = call('es_client_new', [...fields, file]);
      } finally {
        file.data?.fill(0);
      }
    }
    try {
      return new WasmClient(status);
    } catch (error) {
      fn.es_client_free(status);
      throw error;
    }
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
    verifyAsync: async (spki, data, signature) =>
      subtle.verify(algorithm.name, await subtle.importKey('spki', spki, algorithm, false, ['verify']), signature, data),
  };
}

module.exports = { createApi, webCryptoSigner };
