'use strict';
/**
 * The backend choice (backend.js) and what only the WebAssembly backend
 * does: the host's crypto refusing a key the core accepted, a key whose
 * numbers disagree, the synchronous call where only WebCrypto signs. The
 * rest of the suite runs on either backend (scripts/test-node runs it twice).
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { EngagespotClient, backend } = require('..');
const { PRIVATE, verify } = require('./helpers');
const { createApi, webCryptoSigner } = require('../wasm');
const { nodeSigner, WASM_PATH } = require('../wasm-node');
const { BACKENDS } = require('../rules');

const apiKey = 'demo-api-key';
const wasmModule = new WebAssembly.Module(fs.readFileSync(WASM_PATH));

/** Runs a snippet in a new Node with the given environment; returns its stdout, or the error it threw. */
function inChild(code, env) {
  try {
    return execFileSync(process.execPath, ['-e', code], {
      cwd: path.join(__dirname, '..'),
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    return `threw: ${error.stderr}`;
  }
}
const SNIPPET = `const m = require('.'); const c = m.EngagespotClient({ apiKey: 'k', signingKey: ${JSON.stringify(PRIVATE)} });
process.stdout.write([m.backend(), c.backend, c.generateUserToken('u')].join(' '));`;

test('backend() and client.backend name the backend this process runs on', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  assert.ok(['native', 'wasm'].includes(backend()));
  assert.equal(client.backend, backend());
  assert.equal({ ...client }.backend, undefined, 'a getter on the prototype, not copied');
  const asked = BACKENDS[process.env.ENGAGESPOT_TOKEN_BACKEND || 'native'];
  assert.equal(backend(), asked === 'fallback' ? 'wasm' : 'native');
});

// The words are PHP's too (bindings/php/tests/BackendTest.php): one shell can set one value for both.
for (const word of ['fallback', 'wasm', 'openssl']) {
  test(`ENGAGESPOT_TOKEN_BACKEND=${word} runs the WebAssembly core, and its tokens verify`, () => {
    const [name, clientBackend, token] = inChild(SNIPPET, { ENGAGESPOT_TOKEN_BACKEND: word }).split(' ');
    assert.equal(name, 'wasm');
    assert.equal(clientBackend, 'wasm');
    assert.equal(verify(token).payload.sub, 'user:u');
  });
}

for (const word of ['native', 'ffi']) {
  test(`ENGAGESPOT_TOKEN_BACKEND=${word} loads the native addon`, () => {
    const [name, clientBackend, token] = inChild(SNIPPET, { ENGAGESPOT_TOKEN_BACKEND: word }).split(' ');
    assert.equal(name, 'native');
    assert.equal(clientBackend, 'native');
    verify(token);
  });
}

test('with no native addon, the package falls back to the WebAssembly core', () => {
  const out = inChild(SNIPPET, { ENGAGESPOT_TOKEN_BACKEND: '', ENGAGESPOT_TOKEN_NODE_ADDON: '/nonexistent/addon.node' });
  const [name, , token] = out.split(' ');
  assert.equal(name, 'wasm', out);
  verify(token);
});

test('ENGAGESPOT_TOKEN_BACKEND=native with no addon is the clear load error, not the fallback', () => {
  const out = inChild(SNIPPET, { ENGAGESPOT_TOKEN_BACKEND: 'native', ENGAGESPOT_TOKEN_NODE_ADDON: '/nonexistent/addon.node' });
  assert.match(out, /^threw: /);
  assert.match(out, /ERR_ENGAGESPOT_TOKEN_LOAD/);
  assert.match(out, /no native addon for .* could be loaded .*\/nonexistent\/addon\.node/);
});

test('an ENGAGESPOT_TOKEN_BACKEND other than the core\'s words is an error that names them', () => {
  const out = inChild(SNIPPET, { ENGAGESPOT_TOKEN_BACKEND: 'wsam' });
  assert.match(out, /ERR_ENGAGESPOT_TOKEN_LOAD/);
  // The core's wording (src/environment.rs), as PHP gives it too.
  assert.match(out, /ENGAGESPOT_TOKEN_BACKEND is "wsam": set it to native \(the native core\) or fallback/);
  assert.match(out, /also accepted: ffi for native, wasm for fallback, openssl for fallback/);
});

/** rsa2048.pkcs1.pem with one byte of its modulus changed: sound DER, numbers that disagree. */
function keyWithAlteredModulus() {
  const der = crypto.createPrivateKey(PRIVATE).export({ format: 'der', type: 'pkcs1' });
  // SEQUENCE header (4), version (3), modulus header (4 + a leading zero): byte 40 is inside n.
  der[40] ^= 0x55;
  const body = der.toString('base64').match(/.{1,64}/g).join('\n');
  return `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----\n`;
}

test('a key whose numbers disagree is ES_KEY_MALFORMED when the client is made, WebCrypto-only runtimes included', () => {
  const signingKey = keyWithAlteredModulus();
  assert.throws(() => EngagespotClient({ apiKey, signingKey }), { code: 'ES_KEY_MALFORMED', message: /numbers are inconsistent/ });
  // WebCrypto only (no synchronous import): the core checks the numbers before the host sees the key.
  const edge = createApi({ module: wasmModule, signer: webCryptoSigner(crypto.webcrypto.subtle), host: {} });
  assert.throws(() => edge.EngagespotClient({ apiKey, signingKey }), { code: 'ES_KEY_MALFORMED', message: /numbers are inconsistent/ });
});

test('a host signature of the probe that the key does not verify in the core is ES_KEY_MALFORMED (pairwise-consistency test)', async () => {
  const flip = (signature) => {
    const copy = new Uint8Array(signature);
    copy[10] ^= 1;
    return copy;
  };
  const webCrypto = webCryptoSigner(crypto.webcrypto.subtle);
  const syncLying = {
    ...nodeSigner(),
    signSync: (key, data) => flip(crypto.sign('sha256', data, key)),
  };
  const node = createApi({ module: wasmModule, signer: syncLying, host: {} });
  assert.throws(() => node.EngagespotClient({ apiKey, signingKey: PRIVATE }), { code: 'ES_KEY_MALFORMED' });
  const asyncLying = { ...webCrypto, signAsync: async (key, data) => flip(await webCrypto.signAsync(key, data)) };
  const edge = createApi({ module: wasmModule, signer: asyncLying, host: {} });
  const client = edge.EngagespotClient({ apiKey, signingKey: PRIVATE });
  await assert.rejects(client.generateUserTokenAsync('x'), { code: 'ES_KEY_MALFORMED' });
  // An honest signer passes the same check.
  const honest = createApi({ module: wasmModule, signer: webCrypto, host: {} });
  verify(await honest.EngagespotClient({ apiKey, signingKey: PRIVATE }).generateUserTokenAsync('x'));
});

test('a key the host crypto refuses is ES_KEY_UNSUPPORTED, naming the host and its reason', async () => {
  const refusing = {
    ...webCryptoSigner(crypto.webcrypto.subtle),
    importAsync: async () => {
      throw new DOMException('Unsupported key size', 'NotSupportedError');
    },
  };
  const edge = createApi({ module: wasmModule, signer: refusing, host: {} });
  const client = edge.EngagespotClient({ apiKey, signingKey: PRIVATE });
  await assert.rejects(client.generateUserTokenAsync('x'), (error) => {
    assert.equal(error.code, 'ES_KEY_UNSUPPORTED');
    assert.match(error.message, /passed every check of engagespot-token, but this runtime's crypto \(WebCrypto importKey\) refused it: Unsupported key size/);
    return true;
  });
  const syncRefusing = { name: 'node:crypto createPrivateKey', importSync: () => { throw new Error('unsupported'); } };
  const node = createApi({ module: wasmModule, signer: syncRefusing, host: {} });
  assert.throws(() => node.EngagespotClient({ apiKey, signingKey: PRIVATE }), { code: 'ES_KEY_UNSUPPORTED', message: /\(node:crypto createPrivateKey\) refused it: unsupported/ });
});

test('a key with a composite factor that the host refuses on import is ES_KEY_MALFORMED, as natively, sync and async', async () => {
  // Bun's and Deno's crypto refuse this key when it is imported, before the probe; the core tests its factors then.
  const composite = fs.readFileSync(path.join(__dirname, '../../../tests/keys/numbers/p-composite.pem'), 'utf8');
  const malformed = { code: 'ES_KEY_MALFORMED', message: /its numbers are inconsistent or corrupt/ };
  const syncRefusing = { name: 'Bun node:crypto', importSync: () => { throw new Error('RSA internal error'); } };
  assert.throws(() => createApi({ module: wasmModule, signer: syncRefusing, host: {} }).EngagespotClient({ apiKey, signingKey: composite }), malformed);
  const asyncRefusing = {
    ...webCryptoSigner(crypto.webcrypto.subtle),
    importAsync: async () => {
      throw new DOMException('RSA internal error', 'OperationError');
    },
  };
  const client = createApi({ module: wasmModule, signer: asyncRefusing, host: {} }).EngagespotClient({ apiKey, signingKey: composite });
  await assert.rejects(client.generateUserTokenAsync('x'), malformed);
});

test('WebCrypto only: the synchronous call throws ES_SYNC_UNAVAILABLE naming the async one, which works', async () => {
  const edge = createApi({ module: wasmModule, signer: webCryptoSigner(crypto.webcrypto.subtle), host: {} });
  const client = edge.EngagespotClient({ apiKey, signingKey: PRIVATE });
  assert.throws(() => client.generateUserToken('x'), (error) => {
    assert.equal(error.code, 'ES_SYNC_UNAVAILABLE');
    assert.ok(!(error instanceof TypeError));
    assert.match(error.message, /use `await client\.generateUserTokenAsync\(…\)`/);
    return true;
  });
  const tokens = await Promise.all(Array.from({ length: 64 }, (_, i) => client.generateUserTokenAsync(`edge-${i}`, { jti: true })));
  tokens.forEach((token, i) => assert.equal(verify(token).payload.sub, `user:edge-${i}`));
  assert.equal(edge.backend(), 'wasm');
});

test('a failing host signature is ES_SIGNING_FAILED with the host error as its cause, sync and async', async () => {
  const failure = new Error('the HSM went away');
  const failing = {
    ...require('../wasm-node').nodeSigner(),
    signSync: () => {
      throw failure;
    },
    signAsync: async () => {
      throw failure;
    },
  };
  // The probe signature at import must work: fail only after the client exists.
  const probe = require('../wasm-node').nodeSigner();
  let created = false;
  const signer = {
    ...failing,
    signSync: (key, data) => (created ? failing.signSync() : probe.signSync(key, data)),
  };
  const api = createApi({ module: wasmModule, signer, host: {} });
  const client = api.EngagespotClient({ apiKey, signingKey: PRIVATE });
  created = true;
  const expected = (api) => (error) => {
    assert.equal(error.code, 'ES_SIGNING_FAILED');
    assert.match(error.message, new RegExp(`\\(${api}\\) failed: the HSM went away`));
    assert.equal(error.cause, failure);
    return true;
  };
  assert.throws(() => client.generateUserToken('x'), expected('node:crypto sign'));
  await assert.rejects(client.generateUserTokenAsync('x'), expected('WebCrypto sign'));
});

test('a failed WebCrypto import is not kept: the next asynchronous call imports again and mints', async () => {
  const webCrypto = webCryptoSigner(crypto.webcrypto.subtle);
  let imports = 0;
  const flaky = {
    ...webCrypto,
    importAsync: async (pkcs8) => {
      imports += 1;
      if (imports === 1) throw new DOMException('transient', 'OperationError');
      return webCrypto.importAsync(pkcs8);
    },
  };
  const client = createApi({ module: wasmModule, signer: flaky, host: {} }).EngagespotClient({ apiKey, signingKey: PRIVATE });
  await assert.rejects(client.generateUserTokenAsync('x'), { code: 'ES_KEY_UNSUPPORTED' });
  assert.equal(verify(await client.generateUserTokenAsync('y')).payload.sub, 'user:y');
  assert.equal(imports, 2);
});

test('the jti comes from the host random source, so a runtime without a global crypto mints it', async () => {
  const filled = [];
  const host = { random: (data) => filled.push(data.fill(7)) };
  const client = createApi({ module: wasmModule, signer: require('../wasm-node').nodeSigner(), host }).EngagespotClient({ apiKey, signingKey: PRIVATE });
  const { payload } = verify(client.generateUserToken('x', { jti: true }));
  assert.equal(filled.length, 1);
  assert.equal(payload.jti, Buffer.alloc(16, 7).toString('base64url'));
  // Node 18 has no global `crypto`: the package as loaded must not need one.
  const code = `delete globalThis.crypto; const m = require('.');
const c = m.EngagespotClient({ apiKey: 'k', signingKey: ${JSON.stringify(PRIVATE)} });
process.stdout.write(c.generateUserToken('u', { jti: true }));`;
  const token = inChild(code, { ENGAGESPOT_TOKEN_BACKEND: 'wasm' });
  assert.ok(!token.startsWith('threw'), token);
  assert.equal(verify(token).payload.jti.length, 22);
});
