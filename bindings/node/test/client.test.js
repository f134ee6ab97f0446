'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { EngagespotClient } = require('..');
const { key, PRIVATE, verify } = require('./helpers');

const apiKey = 'demo-api-key';
const apiSecret = 'the-api-secret';

test('the docs snippet works unchanged (CommonJS)', () => {
  const signingKey = PRIVATE;
  const client = EngagespotClient({ apiKey, apiSecret, signingKey });
  const token = client.generateUserToken('identifier');
  const { header, payload, payloadText } = verify(token);
  assert.equal(header, '{"alg":"RS256","typ":"JWT"}');
  assert.deepEqual(Object.keys(payload), ['sub', 'apiKey', 'iat', 'exp']);
  assert.equal(payload.sub, 'user:identifier');
  assert.equal(payload.apiKey, apiKey);
  assert.ok(Math.abs(payload.iat - Date.now() / 1000) < 5);
  assert.equal(payload.exp, payload.iat + 3600);
  assert.ok(!payloadText.includes(apiSecret));
});

test('works as a factory and with new', () => {
  const a = EngagespotClient({ apiKey, signingKey: PRIVATE });
  const b = new EngagespotClient({ apiKey, signingKey: PRIVATE });
  assert.ok(a instanceof EngagespotClient);
  assert.ok(b instanceof EngagespotClient);
  const options = { issuedAt: 1_700_000_000 };
  assert.equal(a.generateUserToken('x', options), b.generateUserToken('x', options));
});

// Fixed claims, key forms, the environment fallback and every error kind:
// tests/conformance/cases.json, played by conformance.test.js.

test('jti: a random 128-bit id, different in each token', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  const a = verify(client.generateUserToken('o', { jti: true })).payload;
  const b = verify(client.generateUserToken('o', { jti: true })).payload;
  assert.equal(a.jti.length, 22);
  assert.notEqual(a.jti, b.jti);
  assert.deepEqual(Object.keys(a), ['sub', 'apiKey', 'iat', 'exp', 'jti']);
});

test('a file:// key that cannot be read: the message names the path', () => {
  assert.throws(() => EngagespotClient({ apiKey, signingKey: 'file:///nonexistent/engagespot/key.pem' }), (error) =>
    error.code === 'ES_KEY_FILE_UNREADABLE' && error.message.includes('/nonexistent/engagespot/key.pem'));
});

test('any finite number is an identifier, formatted as `${id}` does (as the official SDK)', () => {
  // JavaScript only: the table has no float cases for JavaScript (see tests/conformance/README.md).
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  for (const id of [1.5, 1e21, 2 ** 53 + 2, -0]) {
    assert.equal(verify(client.generateUserToken(id)).payload.sub, `user:${id}`);
  }
});

test('option numbers: a whole number is an integer, any other number a wrong type', () => {
  // JavaScript only, as it cannot tell 600.0 from 600 (tests/conformance/README.md, "Floats").
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  assert.equal(verify(client.generateUserToken('o', { issuedAt: 1000.0, expiresIn: 600.0 })).payload.exp, 1600);
  for (const expiresIn of [1.5, NaN, Infinity]) {
    assert.throws(() => client.generateUserToken('o', { expiresIn }), { code: 'ES_WRONG_TYPE' });
  }
  assert.throws(() => client.generateUserToken('o', { expiresIn: 1e300 }), { code: 'ES_INVALID_EXPIRY' });
});

test('unknown option names are errors that list the accepted ones', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  // expires_in is Python's and Ruby's spelling: unknown here, as the message's list says.
  for (const name of ['expiresin', 'expires_in', 'issued_at']) {
    assert.throws(() => client.generateUserToken('x', { [name]: 600 }), {
      code: 'ES_UNKNOWN_OPTION',
      message: `unknown option "${name}": the accepted options are expiresIn, issuedAt, jti, includeIat`,
    });
  }
  // An option explicitly undefined is one not given, as with object spread.
  assert.equal(verify(client.generateUserToken('x', { expiresIn: undefined, issuedAt: 10 })).payload.exp, 3610);
});

test('errors: a TypeError for the type category, an Error otherwise; messages name the argument', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  const cases = [
    [() => client.generateUserToken(''), Error, 'ES_IDENTIFIER_EMPTY', 'user identifier is empty'],
    [() => client.generateUserToken('x'.repeat(1025)), Error, 'ES_IDENTIFIER_TOO_LONG', 'at most 1024 bytes'],
    [() => client.generateUserToken(null), TypeError, 'ES_NULL_ARGUMENT', 'user identifier is missing'],
    [() => client.generateUserToken({}), TypeError, 'ES_WRONG_TYPE', 'user identifier must be a string or an integer'],
    [() => client.generateUserToken('x', 'soon'), TypeError, 'ES_WRONG_TYPE', 'options must be'],
    [() => client.generateUserToken('x', { jti: 1 }), TypeError, 'ES_WRONG_TYPE', 'option jti must be true or false'],
    [() => client.generateUserToken('\uD800'), Error, 'ES_INVALID_UTF8', 'not valid Unicode'],
    [() => EngagespotClient(), TypeError, 'ES_WRONG_TYPE', 'config must be'],
    [() => EngagespotClient({ apiKey: 7, signingKey: PRIVATE }), TypeError, 'ES_WRONG_TYPE', 'API key must be a string'],
    [() => EngagespotClient({ apiKey, apiSecret: {}, signingKey: PRIVATE }), TypeError, 'ES_WRONG_TYPE', 'API secret must be'],
    [() => EngagespotClient({ apiKey, signingKey: key('ec-p256.pkcs8.pem') }), Error, 'ES_KEY_NOT_RSA', 'EC key'],
    [() => EngagespotClient({ apiKey, signingKey: key('rsa1024.pkcs8.pem') }), Error, 'ES_KEY_TOO_SMALL', '1024-bit'],
    [() => EngagespotClient({ apiKey, signingKey: PRIVATE.slice(0, 500) }), Error, 'ES_KEY_MALFORMED', 'signing key'],
  ];
  for (const [call, type, code, text] of cases) {
    assert.throws(call, (error) => {
      assert.equal(error.constructor, type, `${code}: ${error.constructor.name}`);
      assert.equal(error.code, code);
      assert.ok(error.message.includes(text), `${code}: ${error.message}`);
      assert.ok(!error.message.includes(PRIVATE.split('\n')[1].slice(0, 16)));
      return true;
    }, code);
  }
  // A method called on another object fails in V8's own receiver check.
  assert.throws(() => client.generateUserToken.call({}, 'x'), TypeError);
});

test('a copied client carries no native handle and cannot mint', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  for (const copy of [{ ...client }, Object.assign({}, client), structuredClone(client)]) {
    assert.equal(copy.generateUserToken, undefined);
  }
  assert.throws(() => EngagespotClient.prototype.generateUserToken.call(structuredClone(client), 'x'), TypeError);
});

test('async variant: 1,000 concurrent calls all verify', async () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  const ids = Array.from({ length: 1000 }, (_, i) => `async-${i}`);
  const tokens = await Promise.all(ids.map((id) => client.generateUserTokenAsync(id)));
  tokens.forEach((token, i) => assert.equal(verify(token).payload.sub, `user:${ids[i]}`));
  await assert.rejects(client.generateUserTokenAsync(''), { code: 'ES_IDENTIFIER_EMPTY' });
  await assert.rejects(client.generateUserTokenAsync({}), (e) => e instanceof TypeError && e.code === 'ES_WRONG_TYPE');
  await assert.rejects(client.generateUserTokenAsync('x', { nope: 1 }), { code: 'ES_UNKNOWN_OPTION' });
  assert.equal(verify(await client.generateUserTokenAsync(7)).payload.sub, 'user:7');
  assert.equal(verify(await client.generateUserTokenAsync('a', { expiresIn: null })).payload.exp, undefined);
});

test('RSS stays flat over 100,000 tokens', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  const rssAfter = (count) => {
    for (let i = 0; i < count; i++) client.generateUserToken(`user-${i}`);
    global.gc?.();
    return process.memoryUsage.rss();
  };
  const warm = rssAfter(10_000);
  const end = rssAfter(90_000);
  const growthMiB = (end - warm) / 2 ** 20;
  assert.ok(growthMiB < 8, `RSS grew ${growthMiB.toFixed(1)} MiB over 90,000 tokens`);
});
