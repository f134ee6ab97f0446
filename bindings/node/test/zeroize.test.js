'use strict';
/**
 * Issue 10, item 4: the addon must not free unwiped copies of the signing key
 * text or the API secret. Runs against the zeroize-audit build of the addon
 * (examples/zeroize_audit.rs), whose global allocator scans every block Rust
 * frees for the needles given to `auditWatch`. V8's own copies of JavaScript
 * strings are out of its reach (and of any addon's). scripts/test-faults runs
 * it with ENGAGESPOT_TOKEN_ZEROIZE_AUDIT=1 and ENGAGESPOT_TOKEN_NODE_ADDON
 * naming that build; otherwise it is skipped.
 */
const crypto = require('node:crypto');
const path = require('node:path');
const test = require('node:test');
const assert = require('node:assert/strict');
const { key, verify } = require('./helpers');

const skip =
  process.env.ENGAGESPOT_TOKEN_ZEROIZE_AUDIT === '1' ? false : 'needs the zeroize-audit build: run scripts/test-faults';

/** Runs the garbage collector until `done()` holds (finalizers run after a GC), at most 50 rounds. */
async function collectUntil(done) {
  for (let round = 0; round < 50 && !done(); round++) {
    global.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Creates a client per config and mints with each, sync and async; returns
 * `counts()` taken while the clients are still alive. They live only in this
 * function's scope, so that once it returns the garbage collector can free them all.
 */
async function mintWithEachClient(EngagespotClient, configs, publicKey, counts) {
  const saved = process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY;
  const clients = configs.map(({ env, ...config }) => {
    if (env) process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY = env;
    try {
      return EngagespotClient(config);
    } finally {
      if (saved === undefined) delete process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY;
      else process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY = saved;
    }
  });
  for (const [i, client] of clients.entries()) {
    assert.equal(verify(client.generateUserToken('alice'), publicKey).payload.apiKey, configs[i].apiKey);
    verify(await client.generateUserTokenAsync('bob', { jti: true }), publicKey);
  }
  return counts();
}

test('no freed block of the addon holds key bytes or the API secret', { skip }, async () => {
  // The module the package's loader loaded (it resolves the variable the same way).
  const native = require(path.resolve(process.env.ENGAGESPOT_TOKEN_NODE_ADDON));
  assert.equal(typeof native.auditWatch, 'function', 'ENGAGESPOT_TOKEN_NODE_ADDON is not the zeroize-audit build');
  assert.equal(typeof global.gc, 'function', 'run node with --expose-gc');
  const { EngagespotClient } = require('..');

  const pem = key('rsa3072.pkcs8.pem');
  const publicKey = crypto.createPublicKey(key('rsa3072.pub.pem'));
  const body = pem.split('\n').filter((line) => line && !line.startsWith('-----')).join('');
  // Its first 8 characters are the needle, so that a partial copy (a buffer
  // that grew while the secret was pushed into it) is caught too.
  const secret = 'Kv3pR8sT-node-zeroize-api-secret-5be1d2';
  // One client per way a key or secret reaches the addon. Each key text is
  // distinct, so each is parsed afresh (the core caches parses by text).
  const configs = [
    { apiKey: 'audit-string-key', apiSecret: secret, signingKey: pem },
    { apiKey: 'audit-buffer-key', apiSecret: secret, signingKey: Buffer.from(pem.replace(/\n/g, '\r\n')) },
    // (A Buffer API secret is a wrong type, as bytes are in every language: tests/conformance/cases.json.)
    { apiKey: 'audit-base64-key', apiSecret: secret, signingKey: Buffer.from(pem).toString('base64') },
    { apiKey: 'audit-env-key', apiSecret: secret, env: pem.trim().replace(/\n/g, '\\n') },
  ];
  // From within one line, so that it matches the PEM as given and the joined body.
  const fragment = pem.split('\n')[20].slice(16, 48);
  const needles = [
    ['the API secret', Buffer.from(secret.slice(0, 8))],
    ['the API secret in UTF-16', Buffer.from(secret.slice(0, 8), 'utf16le')],
    ['key text', Buffer.from(fragment)],
    ['key text in UTF-16', Buffer.from(fragment, 'utf16le')],
    ['key DER', Buffer.from(body, 'base64').subarray(900, 932)],
  ];
  // Controls: a client's copy of its API key (`,"apiKey":"..."`, not a secret,
  // freed unwiped) shows that the scan saw that client dropped.
  const controls = configs.map(({ apiKey }) => Buffer.from(`,"apiKey":"${apiKey}"`));
  native.auditWatch([...needles.map(([, bytes]) => bytes), ...controls]);
  const controlCounts = () => native.auditReport().found.slice(needles.length);

  const beforeDrop = await mintWithEachClient(EngagespotClient, configs, publicKey, controlCounts);
  await collectUntil(() => controlCounts().every((count, i) => count > beforeDrop[i]));

  const { blocks, found } = native.auditReport();
  const afterDrop = found.slice(needles.length);
  for (const [i, { apiKey }] of configs.entries()) {
    const seen = afterDrop[i] > beforeDrop[i];
    assert.ok(seen, `the client with apiKey ${apiKey} was not seen freed (${blocks} blocks scanned)`);
  }
  for (const [i, [what]] of needles.entries()) {
    assert.equal(found[i], 0, `${found[i]} freed blocks held ${what}`);
  }
});
