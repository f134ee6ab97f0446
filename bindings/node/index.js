'use strict';
/**
 * engagespot-token for Node: a drop-in for `@engagespot/node`'s
 * `EngagespotClient({ apiKey, apiSecret, signingKey }).generateUserToken(id)`,
 * backed by a native addon that parses the signing key once.
 *
 * Every rule and message comes from the Rust core; this file only adapts
 * JavaScript calling conventions (factory or `new`, the environment fallback,
 * argument types, sync and async) and throws the core's errors.
 */

const native = require('./loader');

/** Codes thrown as TypeError: the argument has the wrong JavaScript type. */
const TYPE_ERROR_CODES = new Set(['ES_WRONG_TYPE', 'ES_NULL_ARGUMENT']);

/** Turns a core error value into a thrown Error or TypeError with `code`. */
function toError({ code, message }) {
  const error = TYPE_ERROR_CODES.has(code) ? new TypeError(message) : new Error(message);
  error.code = code;
  return error;
}

function optionalString(value, what) {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return null;
  throw toError(native.wrongTypeError(what, 'a string'));
}

function optionalNumber(value, what) {
  if (value === undefined || value === null || typeof value === 'number') return value ?? undefined;
  throw toError(native.wrongTypeError(what, 'a number of seconds'));
}

function nativeOptions(options) {
  if (options === undefined || options === null) return { noExp: false, jti: false };
  if (typeof options !== 'object') throw toError(native.wrongTypeError('options', 'an object'));
  const { expiresIn, issuedAt, jti } = options;
  if (jti !== undefined && typeof jti !== 'boolean') throw toError(native.wrongTypeError('options.jti', 'a boolean'));
  return {
    expiresIn: optionalNumber(expiresIn, 'options.expiresIn'),
    noExp: expiresIn === null,
    issuedAt: optionalNumber(issuedAt, 'options.issuedAt'),
    jti: jti === true,
  };
}

function identifierArg(identifier) {
  if (typeof identifier === 'string') return identifier;
  if (identifier === undefined || identifier === null) throw toError(native.missingArgumentError('user identifier'));
  throw toError(native.wrongTypeError('user identifier', 'a string'));
}

const clients = new WeakMap();

function nativeClient(self) {
  const client = clients.get(self);
  if (!client) throw toError(native.wrongTypeError('this', 'an EngagespotClient'));
  return client;
}

/**
 * Creates a client. Works as a factory, like the official SDK, and with `new`.
 * The key is parsed now, so a bad key throws here.
 */
function EngagespotClient(config) {
  if (!new.target) return new EngagespotClient(config);
  if (config === null || typeof config !== 'object') {
    throw toError(native.wrongTypeError('config', 'an object { apiKey, apiSecret, signingKey }'));
  }
  let signingKey = config.signingKey ?? process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY;
  // A key read with fs.readFileSync(path) and no encoding is a Buffer.
  if (Buffer.isBuffer(signingKey)) signingKey = signingKey.toString('utf8');
  const result = native.createClient(
    optionalString(config.apiKey, 'apiKey'),
    optionalString(config.apiSecret, 'apiSecret'),
    optionalString(signingKey, 'signingKey'),
  );
  if (!(result instanceof native.NativeClient)) throw toError(result);
  clients.set(this, result);
}

/** Mints a token for `identifier`: `sub` = `user:<identifier>`, `exp` one hour after `iat` by default. */
EngagespotClient.prototype.generateUserToken = function generateUserToken(identifier, options) {
  const result = nativeClient(this).generate(identifierArg(identifier), nativeOptions(options));
  if (typeof result !== 'string') throw toError(result);
  return result;
};

/** Like `generateUserToken`, but signs on the libuv threadpool and returns a Promise. */
EngagespotClient.prototype.generateUserTokenAsync = async function generateUserTokenAsync(identifier, options) {
  const result = await nativeClient(this).generateAsync(identifierArg(identifier), nativeOptions(options));
  if (typeof result !== 'string') throw toError(result);
  return result;
};

module.exports = { EngagespotClient };
module.exports.default = module.exports;
