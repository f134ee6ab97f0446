'use strict';
/**
 * The WebAssembly module's memory (issue 28, 4d). It only ever grows, to
 * 4 GiB at most: text longer than the core's bound (es_max_text_bytes) must
 * not be copied into it, an inbox it cannot hold must not trap, and a trap
 * must not outlive its call. Sizes are a few MiB, past the bound, so that a
 * copy would show in the memory's size without costing CI much.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const { key, PRIVATE, verify } = require('./helpers');
const { createApi } = require('../wasm');
const { nodeSigner, WASM_PATH } = require('../wasm-node');

const apiKey = 'demo-api-key';
const wasmModule = new WebAssembly.Module(fs.readFileSync(WASM_PATH));
/** Four million UTF-16 code units: 8 MiB in the inbox, 12 MiB more decoded, had it been copied. */
const LONG = 4_000_000;
/** More than a 64 KiB page or two of growth would mean the text went in. */
const NO_COPY = 1024 * 1024;

/** The API over an instance whose memory the test can see. */
function instance() {
  const { exports } = new WebAssembly.Instance(wasmModule, {});
  const api = createApi({ module: exports, signer: nodeSigner(), host: {} });
  return { api, exports, size: () => exports.memory.buffer.byteLength };
}

test('the core bounds text at a key file, and says so through the module', () => {
  const { exports } = instance();
  assert.equal(exports.es_max_text_bytes(), 64 * 1024);
  assert.ok(LONG > exports.es_max_text_bytes());
});

test('an API key past the bound is ES_API_KEY_INVALID without being copied into wasm memory', () => {
  const { api, size } = instance();
  const before = size();
  let error;
  try {
    api.EngagespotClient({ apiKey: 'k'.repeat(LONG), signingKey: PRIVATE });
  } catch (thrown) {
    error = thrown;
  }
  assert.ok(size() - before < NO_COPY, `memory grew by ${size() - before} bytes`);
  assert.equal(error?.code, 'ES_API_KEY_INVALID');
  assert.match(error.message, /over 65536 bytes long/);
});

test('an API secret past the bound is not copied into wasm memory, and the client is made', () => {
  const { api, size } = instance();
  const before = size();
  const client = api.EngagespotClient({ apiKey, apiSecret: 's'.repeat(LONG), signingKey: PRIVATE });
  verify(client.generateUserToken('alice'));
  assert.ok(size() - before < NO_COPY, `memory grew by ${size() - before} bytes`);
});

test('signing key text past the bound is ES_KEY_MALFORMED without being copied into wasm memory', () => {
  const { api, size } = instance();
  const before = size();
  const signingKey = PRIVATE + ' '.repeat(LONG);
  assert.throws(() => api.EngagespotClient({ apiKey, signingKey }), { code: 'ES_KEY_MALFORMED', message: /over 65536/ });
  assert.throws(() => api.EngagespotClient({ apiKey, signingKey: Buffer.from(signingKey) }), { code: 'ES_KEY_MALFORMED' });
  assert.ok(size() - before < NO_COPY, `memory grew by ${size() - before} bytes`);
});

test('a user identifier past the bound is ES_IDENTIFIER_TOO_LONG without being copied, so memory stays small', () => {
  const { api, size } = instance();
  const client = api.EngagespotClient({ apiKey, signingKey: PRIVATE });
  const before = size();
  for (let i = 0; i < 3; i++) {
    assert.throws(() => client.generateUserToken('u'.repeat(LONG)), { code: 'ES_IDENTIFIER_TOO_LONG' });
  }
  // A lone surrogate is still the core's invalid-text error, as for short text, not the length's.
  assert.throws(() => client.generateUserToken(`${'u'.repeat(LONG)}\uD800`), { code: 'ES_INVALID_UTF8' });
  assert.ok(size() - before < NO_COPY, `memory grew by ${size() - before} bytes`);
  verify(client.generateUserToken('alice'));
});

test('an unknown option name past the bound is ES_UNKNOWN_OPTION quoting its start, without being copied', () => {
  const { api, size } = instance();
  const client = api.EngagespotClient({ apiKey, signingKey: PRIVATE });
  const before = size();
  assert.throws(() => client.generateUserToken('alice', { [`zz${'o'.repeat(LONG)}`]: 1 }), {
    code: 'ES_UNKNOWN_OPTION',
    message: /unknown option "zzoooo/,
  });
  assert.ok(size() - before < NO_COPY, `memory grew by ${size() - before} bytes`);
});

test('an inbox larger than the module can hold is refused without a trap', () => {
  const { api, exports } = instance();
  const client = api.EngagespotClient({ apiKey, signingKey: PRIVATE });
  assert.equal(exports.es_inbox(0xffff_fff0), 0);
  verify(client.generateUserToken('alice'));
});

/**
 * Runs `body(trapNext)` while every new WebAssembly instance traps once in
 * its next es_signing_input after `trapNext()` is called (a simulated bug in
 * the module), and restores WebAssembly.Instance afterwards.
 */
async function withTrappingInstances(body) {
  const RealInstance = WebAssembly.Instance;
  let armed = false;
  WebAssembly.Instance = function TrappingInstance(module, imports) {
    const real = new RealInstance(module, imports);
    const exports = { ...real.exports };
    exports.es_signing_input = (...args) => {
      if (armed) {
        armed = false;
        throw new WebAssembly.RuntimeError('unreachable');
      }
      return real.exports.es_signing_input(...args);
    };
    return { exports };
  };
  try {
    await body(() => {
      armed = true;
    });
  } finally {
    WebAssembly.Instance = RealInstance;
  }
}

test('a trap does not outlive its call: a fresh instance serves later clients and remakes earlier ones', () =>
  withTrappingInstances(async (trapNext) => {
    const api = createApi({ module: wasmModule, signer: nodeSigner(), host: {} });
    const before = api.EngagespotClient({ apiKey, signingKey: PRIVATE });
    trapNext();
    assert.throws(() => before.generateUserToken('alice'), { code: 'ES_PANIC' });
    const after = api.EngagespotClient({ apiKey, signingKey: PRIVATE });
    verify(after.generateUserToken('alice'));
    // The client made before the trap had its state in the instance that trapped: it is made again.
    verify(before.generateUserToken('alice'));
    assert.equal(verify(await before.generateUserTokenAsync('carol')).payload.sub, 'user:carol');
    before.free();
    assert.throws(() => before.generateUserToken('alice'), { code: 'ES_CLIENT_FREED' });
    verify(after.generateUserToken('bob'));
  }));

test('a client freed while its asynchronous call is in flight, when the instance traps meanwhile, fails that call as the trap', () =>
  withTrappingInstances(async (trapNext) => {
    const api = createApi({ module: wasmModule, signer: nodeSigner(), host: {} });
    const freed = api.EngagespotClient({ apiKey, signingKey: PRIVATE });
    const other = api.EngagespotClient({ apiKey, signingKey: PRIVATE });
    const inFlight = freed.generateUserTokenAsync('alice');
    freed.free();
    trapNext();
    assert.throws(() => other.generateUserToken('bob'), { code: 'ES_PANIC' });
    // Not made again from a config free() dropped (that was ES_WRONG_TYPE, "config must be …").
    await assert.rejects(inFlight, { code: 'ES_PANIC' });
    verify(other.generateUserToken('bob'));
  }));

test('minting leaks nothing into the module: its memory keeps its size over 10,000 tokens', () => {
  const { api, size } = instance();
  const client = api.EngagespotClient({ apiKey, signingKey: PRIVATE });
  for (let i = 0; i < 500; i++) client.generateUserToken(`warm-${i}`, { jti: true });
  const before = size();
  // A leak of a few bytes a token would grow it by a 64 KiB page or more.
  for (let i = 0; i < 10_000; i++) client.generateUserToken(`user-${i}`, { jti: i % 2 === 0, expiresIn: 600 });
  assert.equal(size(), before);
  client.free();
});

/** A number's bytes, big-endian, and reversed (little-endian, as crypto-bigint's limbs hold it in wasm32 memory). */
function numberForms(value) {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bigEndian = Buffer.from(hex, 'hex');
  return [bigEndian, Buffer.from(bigEndian).reverse()];
}

test('a freed client leaves nothing of its key in the module memory: no key number, no stack or heap leftovers', () => {
  const { api, exports } = instance();
  const jwk = crypto.createPrivateKey(PRIVATE).export({ format: 'jwk' });
  const number = (field) => BigInt(`0x${Buffer.from(jwk[field], 'base64url').toString('hex')}`);
  const [d, p, q, e, qi] = ['d', 'p', 'q', 'e', 'qi'].map(number);
  const secrets = { d, p, q, dp: number('dp'), dq: number('dq'), qi, 'p - 1': p - 1n, 'q - 1': q - 1n, 'd·e': d * e };
  // A first client (another key) grows the memory and warms the allocator, so
  // that what the second one leaves shows as a difference.
  const warm = api.EngagespotClient({ apiKey, signingKey: key('rsa3072.pkcs8.pem') });
  warm.generateUserToken('warm');
  warm.free();
  const before = new Uint8Array(exports.memory.buffer).slice();
  const client = api.EngagespotClient({ apiKey, signingKey: PRIVATE });
  verify(client.generateUserToken('alice'));
  client.free();
  const memory = Buffer.from(exports.memory.buffer);
  const found = Object.entries(secrets).filter(([, value]) => numberForms(value).some((form) => memory.includes(form)));
  assert.deepEqual(found.map(([name]) => name), []);
  // What may differ is the allocator's bookkeeping (block sizes and links)
  // and the top stack frame: about 300 bytes. Unwiped, the stack the key's
  // checks used and crypto-bigint's freed temporaries were about 6,500 bytes.
  let changed = 0;
  for (let i = 0; i < before.length; i++) if (memory[i] !== before[i] && memory[i] !== 0) changed += 1;
  assert.ok(changed < 1024, `${changed} bytes of the module memory changed to something other than zero`);
});

test('a key the host refuses leaves nothing of it in the module memory, the test of its factors included', () => {
  const { exports } = instance();
  const refusing = { name: 'Bun node:crypto', importSync: () => { throw new Error('RSA internal error'); } };
  const api = createApi({ module: exports, signer: refusing, host: {} });
  const jwk = crypto.createPrivateKey(PRIVATE).export({ format: 'jwk' });
  const number = (field) => BigInt(`0x${Buffer.from(jwk[field], 'base64url').toString('hex')}`);
  const [d, p, q] = ['d', 'p', 'q'].map(number);
  // The Fermat test's Montgomery values for p and q (R = 2^bits, bits a whole number of 32-bit limbs): R mod x,
  // R² mod x, and 2 in Montgomery form; each gives the factor away.
  const montgomery = (x) => {
    const r = 1n << BigInt(Math.ceil(x.toString(2).length / 32) * 32);
    return { 'R mod x': r % x, 'R² mod x': (r * r) % x, '2R mod x': (2n * r) % x };
  };
  const secrets = { d, p, q, 'p - 1': p - 1n, 'q - 1': q - 1n,
    ...Object.fromEntries(Object.entries(montgomery(p)).map(([k, v]) => [k.replace('x', 'p'), v])),
    ...Object.fromEntries(Object.entries(montgomery(q)).map(([k, v]) => [k.replace('x', 'q'), v])) };
  assert.throws(() => api.EngagespotClient({ apiKey, signingKey: PRIVATE }), { code: 'ES_KEY_UNSUPPORTED' });
  const memory = Buffer.from(exports.memory.buffer);
  const found = Object.entries(secrets).filter(([, value]) => numberForms(value).some((form) => memory.includes(form)));
  assert.deepEqual(found.map(([name]) => name), []);
});
