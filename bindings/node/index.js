'use strict';
/**
 * engagespot-token for Node: a drop-in for `@engagespot/node`'s
 * `EngagespotClient({ apiKey, apiSecret, signingKey }).generateUserToken(id)`,
 * backed by a native addon that parses the signing key once, or, where no
 * addon loads, by the WebAssembly core (backend.js chooses; wasm.js).
 *
 * Every rule, name and message comes from the Rust core, which also decodes
 * and checks the arguments and throws the errors (with the core's `code`).
 * This file keeps only what must be JavaScript: the factory-or-`new` shape,
 * the environment fallback, and wipeable copies of the secrets.
 */

const selected = require('./backend');

/** The native addon's API: its client made into the official SDK's factory. */
function nativeApi(native) {
  /** The environment variable the signing key defaults to, as the core names it. */
  const SIGNING_KEY_VARIABLE = native.signingKeyVariable();

  /**
   * A string secret as a UTF-16 copy that the caller can wipe: the addon cannot
   * wipe what napi copies for it, but it reads a typed array in place. Other
   * values go through unchanged, for the addon to accept (a Buffer) or reject.
   */
  function wipeableCopy(value, copies) {
    if (typeof value !== 'string') return value;
    const bytes = Buffer.alloc(value.length * 2);
    bytes.write(value, 'utf16le');
    copies.push(bytes);
    return new Uint16Array(bytes.buffer, bytes.byteOffset, value.length);
  }

  /**
   * `config[name]`; a getter or Proxy trap that throws becomes the core's error
   * for it, with what it threw as `cause`, as the addon does for `apiKey`.
   */
  function read(config, name) {
    try {
      return config?.[name];
    } catch (cause) {
      return native.throwConfigReadError(name, cause);
    }
  }

  /**
   * Creates a client. Works as a factory, like the official SDK, and with `new`.
   * The key is parsed now, so a bad key throws here. A falsy `signingKey`
   * (`''`, `null`, absent) falls back to `$ENGAGESPOT_PRIVATE_SIGNING_KEY`, as
   * the official SDK's `||` does.
   */
  function EngagespotClient(config) {
    const copies = [];
    try {
      return native.createClient(
        config,
        wipeableCopy(read(config, 'apiSecret'), copies),
        wipeableCopy(read(config, 'signingKey') || process.env[SIGNING_KEY_VARIABLE], copies),
      );
    } finally {
      for (const bytes of copies) bytes.fill(0);
    }
  }
  // `new EngagespotClient()` returns the native client, so `instanceof` holds.
  EngagespotClient.prototype = native.NativeClient.prototype;

  const { generateUserTokenAsync } = native.NativeClient.prototype;
  /** Signs on the libuv threadpool; every failure, bad arguments included, rejects (as the sync call throws). */
  native.NativeClient.prototype.generateUserTokenAsync = async function (identifier, options) {
    return generateUserTokenAsync.call(this, identifier, options);
  };

  /** `using client = EngagespotClient(…)` frees it at the end of the block (see free()). */
  native.NativeClient.prototype[Symbol.dispose ?? Symbol.for('nodejs.dispose')] = function () {
    this.free();
  };

  /** 'native': this client is the native addon. */
  Object.defineProperty(native.NativeClient.prototype, 'backend', { get: () => 'native' });
  return { EngagespotClient, backend: () => 'native' };
}

const { EngagespotClient, backend } = selected.kind === 'native' ? nativeApi(selected.addon) : selected.api;
/** `EngagespotClient`, and `backend()`: 'native' or 'wasm', the backend this process loaded. */
module.exports = { EngagespotClient, backend };
module.exports.default = module.exports;
