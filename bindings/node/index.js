'use strict';
/**
 * engagespot-token for Node: a drop-in for `@engagespot/node`'s
 * `EngagespotClient({ apiKey, apiSecret, signingKey }).generateUserToken(id)`,
 * backed by a native addon that parses the signing key once, or, where no
 * addon loads, by the WebAssembly core (backend.js chooses; wasm.js).
 *
 * Every rule, name and message comes from the Rust core, which checks the
 * arguments and throws the errors (with the core's `code`). arguments.js reads
 * them, as for the WebAssembly backend; this file keeps only what the addon
 * needs besides: the factory-or-`new` shape and wipeable copies of the secrets.
 */

const selected = require('./backend');
const { WRONG_TYPE, configValues, identifierText, optionEntries } = require('./arguments.js');

/** The native addon's API: its client made into the official SDK's factory. */
function nativeApi(native) {
  /** The core's bound on text (MAX_TEXT_BYTES): a longer signing key is refused by its length. */
  const MAX_TEXT_BYTES = native.maxTextBytes();

  /**
   * A string secret as a UTF-16 copy that the caller can wipe: the addon cannot
   * wipe what napi copies for it, but it reads a typed array in place. Other
   * values go through unchanged, for the addon to accept (a Buffer) or reject,
   * and so does a signing key past the core's bound, which the addon refuses
   * by its length without copying it (`bounded`: the API secret has no bound).
   */
  function wipeableCopy(value, copies, bounded = false) {
    if (typeof value !== 'string' || (bounded && value.length > MAX_TEXT_BYTES)) return value;
    const bytes = Buffer.alloc(value.length * 2);
    bytes.write(value, 'utf16le');
    copies.push(bytes);
    return new Uint16Array(bytes.buffer, bytes.byteOffset, value.length);
  }

  /** Throws the core's error for the config's property `name`, whose read threw `cause`. */
  const configThrew = (name, cause) => native.throwReadError('config', name, cause);

  /** Throws the core's error for the options' property `name`, whose read threw `cause`. */
  const optionThrew = (name, cause) => native.throwReadError('options', name, cause);

  /** The environment variable the signing key defaults to, as the core names it. */
  const SIGNING_KEY_VARIABLE = native.signingKeyVariable();

  /**
   * Creates a client. Works as a factory, like the official SDK, and with `new`.
   * The key is parsed now, so a bad key throws here. arguments.js reads the
   * config, and the signing key's environment variable where the core's rule
   * says (absent, null, empty; not `0` or `false`, which are wrong types).
   */
  function EngagespotClient(config) {
    const values = configValues(config, configThrew);
    if (values === null) return native.createClient(false, undefined, undefined, undefined);
    const signingKey = values.fromEnvironment ? process.env[SIGNING_KEY_VARIABLE] : values.signingKey;
    const copies = [];
    try {
      return native.createClient(
        true,
        values.apiKey,
        wipeableCopy(values.apiSecret, copies),
        wipeableCopy(signingKey, copies, true),
      );
    } finally {
      for (const bytes of copies) bytes.fill(0);
    }
  }
  // `new EngagespotClient()` returns the native client, so `instanceof` holds.
  EngagespotClient.prototype = native.NativeClient.prototype;

  /**
   * The options as the addon takes them: undefined for none, a flat list of
   * names and values, or a value of the wrong type (the symbol) for the core
   * to refuse.
   */
  function options(given) {
    const entries = optionEntries(given, optionThrew);
    return entries === undefined || entries === WRONG_TYPE ? entries : entries.flat();
  }

  const { generateUserToken: mint, generateUserTokenAsync: mintAsync } = native.NativeClient.prototype;
  /** Mints a token: `sub` = `user:<identifier>`, `iat` now, `exp` one hour later. */
  native.NativeClient.prototype.generateUserToken = function generateUserToken(identifier, given) {
    return mint.call(this, identifierText(identifier), given === undefined ? undefined : options(given));
  };
  /** Signs on the libuv threadpool; every failure, bad arguments included, rejects (as the sync call throws). */
  native.NativeClient.prototype.generateUserTokenAsync = async function generateUserTokenAsync(identifier, given) {
    return mintAsync.call(this, identifierText(identifier), given === undefined ? undefined : options(given));
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
