'use strict';
/**
 * The WebAssembly backend on Node (and on Bun and Deno through their Node
 * compatibility): the module from engagespot_token.wasm beside this file,
 * signing synchronously with node:crypto (createPrivateKey once per client,
 * then sign) and asynchronously with WebCrypto, and reading file:// keys and
 * the key's environment variable for the core.
 */

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { createApi, webCryptoSigner } = require('./wasm');

/** Where the module is: beside this file, in the package and in a clone (scripts/build-wasm). */
const WASM_PATH = path.join(__dirname, 'engagespot_token.wasm');

/** node:crypto for the synchronous call, WebCrypto for the asynchronous one. */
function nodeSigner() {
  return {
    name: 'node:crypto createPrivateKey',
    signName: 'node:crypto sign',
    importSync: (pkcs8) => crypto.createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }),
    signSync: (key, data) => crypto.sign('sha256', data, key),
    verifySync: (spki, data, signature) =>
      crypto.verify('sha256', data, { key: Buffer.from(spki), format: 'der', type: 'spki' }, signature),
    ...webCryptoSigner(crypto.webcrypto.subtle),
  };
}

/** Reads at most `limit` bytes of a regular file, or says why not. */
function readFile(file, limit) {
  let fd;
  try {
    // As the core does natively: open without waiting (a FIFO opens at once),
    // then refuse what the opened file is not a regular file.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    if (!fs.fstatSync(fd).isFile()) return { notFile: true };
    const buffer = Buffer.alloc(limit);
    let length = 0;
    for (let read; length < limit && (read = fs.readSync(fd, buffer, length, limit - length, null)) > 0; ) {
      length += read;
    }
    return { contents: buffer.subarray(0, length) };
  } catch (error) {
    return { reason: error.message };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The API over the module, loaded synchronously; throws if the module is missing. */
function load() {
  return createApi({
    module: new WebAssembly.Module(fs.readFileSync(WASM_PATH)),
    signer: nodeSigner(),
    host: { readFile, env: (name) => process.env[name], random: (data) => crypto.randomFillSync(data) },
  });
}

module.exports = { load, nodeSigner, WASM_PATH };
