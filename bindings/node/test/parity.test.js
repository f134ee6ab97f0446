'use strict';
/**
 * Byte parity with the official SDK, @engagespot/node 1.7.0 from npm, and with
 * the manual snippet from Engagespot's docs (jsonwebtoken.sign). Both add only
 * `iat` (jsonwebtoken's default) and no `exp`; with Date.now frozen and our
 * `{ issuedAt, expiresIn: null }`, every token must be identical byte for byte.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const jwt = require('jsonwebtoken');
const official = require('@engagespot/node');
const { EngagespotClient } = require('..');
const { PRIVATE, verify } = require('./helpers');

const apiKey = 'parity-api-key';
const NOW_MS = 1_700_000_123_456;
const IAT = Math.floor(NOW_MS / 1000);

/** Awkward identifiers: quotes, escapes, controls, emoji, line separators, limits, numbers. */
const IDENTIFIERS = [
  'alice@example.com', 'a"quoted"', 'back\\slash', '\\"both\\"', '</script>', '\u0001\u001f', '\n\r\t', '\b\f',
  '\u007f', '\u0085', '\u2028', '\u2029', 'x\u2028y\u2029z', '😀', '👩‍👩‍👧', '\uFEFFbom', 'e\u0301', 'é', '中文',
  ' spaced ', '{"json":1}', "'single'", '%20', '+/=', 'user:nested', 'a'.repeat(1024), 'é'.repeat(512),
  '😀'.repeat(256), 'tab\there', 42, 0, -1, 1.5, 1e21, 2 ** 53, Number.MAX_SAFE_INTEGER, 12345678901234567890n,
  '0', 'null', 'undefined', 'true',
];

test('tokens equal the official SDK and the docs snippet byte for byte', (t) => {
  t.mock.method(Date, 'now', () => NOW_MS);
  assert.ok(IDENTIFIERS.length >= 40);
  const ours = EngagespotClient({ apiKey, apiSecret: 's', signingKey: PRIVATE });
  const theirs = new official.EngagespotClient({ apiKey, apiSecret: 's', signingKey: PRIVATE });
  for (const id of IDENTIFIERS) {
    const token = ours.generateUserToken(id, { issuedAt: IAT, expiresIn: null });
    assert.equal(token, theirs.generateUserToken(id), `official SDK, identifier ${JSON.stringify(String(id))}`);
    const snippet = jwt.sign({ sub: `user:${id}`, apiKey }, PRIVATE, { algorithm: 'RS256' });
    assert.equal(token, snippet, `docs snippet, identifier ${JSON.stringify(String(id))}`);
    assert.equal(verify(token).payload.iat, IAT);
  }
});
