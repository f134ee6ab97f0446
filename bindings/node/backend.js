'use strict';
/**
 * Chooses the backend the package runs on, once, when it is first required:
 * the native addon (loader.js) when one loads, else the WebAssembly core
 * (wasm-node.js), which signs with node:crypto and WebCrypto. The choice is
 * visible as `backend()` and `client.backend`.
 *
 * ENGAGESPOT_TOKEN_BACKEND=native or =fallback forces one, with the words the
 * core gives every language (rules.js, generated from src/environment.rs;
 * the former `wasm` still means the fallback): with `native`, a missing addon
 * is the loader's ERR_ENGAGESPOT_TOKEN_LOAD error instead of the fallback;
 * with `fallback`, the addon is not even looked for. Any other value is that
 * error too, with the core's message naming the accepted values.
 */

const { BACKEND_VARIABLE, BACKENDS, UNKNOWN_BACKEND } = require('./rules.js');

/** An error of the loader's kind (its code), for a bad choice or when neither backend loads. */
function loadError(message, cause) {
  const error = new Error(`engagespot-token: ${message}`, cause ? { cause } : undefined);
  error.code = 'ERR_ENGAGESPOT_TOKEN_LOAD';
  return error;
}

/** { kind: 'native', addon } or { kind: 'wasm', api, nativeError? }. */
function select() {
  const value = process.env[BACKEND_VARIABLE] ?? '';
  const forced = value === '' ? undefined : Object.hasOwn(BACKENDS, value) ? BACKENDS[value] : null;
  if (forced === null) throw loadError(UNKNOWN_BACKEND.replace('{quoted}', JSON.stringify(value)));
  if (forced === 'fallback') return { kind: 'wasm', api: require('./wasm-node').load() };
  let nativeError;
  try {
    return { kind: 'native', addon: require('./loader') };
  } catch (error) {
    if (forced === 'native' || error?.code !== 'ERR_ENGAGESPOT_TOKEN_LOAD') throw error;
    nativeError = error;
  }
  try {
    return { kind: 'wasm', api: require('./wasm-node').load(), nativeError };
  } catch (cause) {
    throw loadError(`${nativeError.message} The WebAssembly fallback did not load either: ${cause.message}`, cause);
  }
}

module.exports = select();
