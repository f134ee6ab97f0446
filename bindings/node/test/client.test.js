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

test('signingKey falls back to ENGAGESPOT_PRIVATE_SIGNING_KEY', () => {
  const saved = process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY;
  try {
    process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY = PRIVATE.trim().replace(/\n/g, '\\n');
    verify(EngagespotClient({ apiKey, apiSecret }).generateUserToken('env-user'));
    delete process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY;
    assert.throws(() => EngagespotClient({ apiKey, apiSecret }), { code: 'ES_KEY_MISSING' });
  } finally {
    if (saved === undefined) delete process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY;
    else process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY = saved;
  }
});

test('a Buffer key, as from fs.readFileSync(path), is accepted', () => {
  verify(EngagespotClient({ apiKey, signingKey: Buffer.from(PRIVATE) }).generateUserToken('buf'));
});

test('options: expiresIn, expiresIn null, issuedAt, jti', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  assert.equal(verify(client.generateUserToken('o', { expiresIn: 600, issuedAt: 1000 })).payloadText,
    '{"sub":"user:o","apiKey":"demo-api-key","iat":1000,"exp":1600}');
  assert.equal(verify(client.generateUserToken('o', { expiresIn: null, issuedAt: 1000 })).payloadText,
    '{"sub":"user:o","apiKey":"demo-api-key","iat":1000}');
  const a = verify(client.generateUserToken('o', { jti: true })).payload;
  const b = verify(client.generateUserToken('o', { jti: true })).payload;
  assert.equal(a.jti.length, 22);
  assert.notEqual(a.jti, b.jti);
  assert.deepEqual(Object.keys(a), ['sub', 'apiKey', 'iat', 'exp', 'jti']);
  assert.equal(verify(client.generateUserToken('o', {})).payload.exp - 3600, verify(client.generateUserToken('o')).payload.iat);
});

test('awkward identifiers round-trip exactly', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  for (const id of ['a"b\\c', '\u0001\n\t', 'x\u2028y\u2029', '😀 </script>', '  spaced  ', 'é'.repeat(512)]) {
    assert.equal(verify(client.generateUserToken(id)).payload.sub, `user:${id}`);
  }
});

test('every kind of error throws with the core code', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  const cases = [
    [() => client.generateUserToken(''), Error, 'ES_IDENTIFIER_EMPTY'],
    [() => client.generateUserToken('x'.repeat(1025)), Error, 'ES_IDENTIFIER_TOO_LONG'],
    [() => client.generateUserToken('a\0b'), Error, 'ES_IDENTIFIER_INVALID'],
    [() => client.generateUserToken(), TypeError, 'ES_NULL_ARGUMENT'],
    [() => client.generateUserToken(42), TypeError, 'ES_WRONG_TYPE'],
    [() => client.generateUserToken('x', 'soon'), TypeError, 'ES_WRONG_TYPE'],
    [() => client.generateUserToken('x', { expiresIn: '600' }), TypeError, 'ES_WRONG_TYPE'],
    [() => client.generateUserToken('x', { jti: 1 }), TypeError, 'ES_WRONG_TYPE'],
    [() => client.generateUserToken('x', { expiresIn: 0 }), Error, 'ES_INVALID_EXPIRY'],
    [() => client.generateUserToken('x', { expiresIn: 1.5 }), Error, 'ES_INVALID_EXPIRY'],
    [() => client.generateUserToken('x', { expiresIn: NaN }), Error, 'ES_INVALID_EXPIRY'],
    [() => client.generateUserToken('x', { issuedAt: -1 }), Error, 'ES_INVALID_ISSUED_AT'],
    [() => client.generateUserToken.call({}, 'x'), TypeError, 'ES_WRONG_TYPE'],
    [() => EngagespotClient(), TypeError, 'ES_WRONG_TYPE'],
    [() => EngagespotClient({ signingKey: PRIVATE }), Error, 'ES_API_KEY_MISSING'],
    [() => EngagespotClient({ apiKey: 7, signingKey: PRIVATE }), TypeError, 'ES_WRONG_TYPE'],
    [() => EngagespotClient({ apiKey, signingKey: '   ' }), Error, 'ES_KEY_MISSING'],
    [() => EngagespotClient({ apiKey, signingKey: './private.pem' }), Error, 'ES_KEY_IS_PATH'],
    [() => EngagespotClient({ apiKey, signingKey: key('rsa2048.pub.pem') }), Error, 'ES_KEY_IS_PUBLIC'],
    [() => EngagespotClient({ apiKey, signingKey: key('rsa2048.encrypted-pkcs8.pem') }), Error, 'ES_KEY_ENCRYPTED'],
    [() => EngagespotClient({ apiKey, signingKey: key('ec-p256.pkcs8.pem') }), Error, 'ES_KEY_NOT_RSA'],
    [() => EngagespotClient({ apiKey, signingKey: key('ed25519.pkcs8.pem') }), Error, 'ES_KEY_NOT_RSA'],
    [() => EngagespotClient({ apiKey, signingKey: key('rsa1024.pkcs8.pem') }), Error, 'ES_KEY_TOO_SMALL'],
    [() => EngagespotClient({ apiKey, signingKey: key('rsa8200.pkcs8.pem') }), Error, 'ES_KEY_TOO_LARGE'],
    [() => EngagespotClient({ apiKey, signingKey: PRIVATE.slice(0, 500) }), Error, 'ES_KEY_MALFORMED'],
  ];
  for (const [call, type, code] of cases) {
    assert.throws(call, (error) => {
      assert.ok(error instanceof type, `${code}: ${error.constructor.name}`);
      assert.equal(error.code, code);
      assert.ok(error.message.length > 15, error.message);
      assert.ok(!error.message.includes(PRIVATE.split('\n')[1].slice(0, 16)));
      return true;
    }, code);
  }
});

test('async variant: 1,000 concurrent calls all verify', async () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  const ids = Array.from({ length: 1000 }, (_, i) => `async-${i}`);
  const tokens = await Promise.all(ids.map((id) => client.generateUserTokenAsync(id)));
  tokens.forEach((token, i) => assert.equal(verify(token).payload.sub, `user:${ids[i]}`));
  await assert.rejects(client.generateUserTokenAsync(''), { code: 'ES_IDENTIFIER_EMPTY' });
  await assert.rejects(client.generateUserTokenAsync(5), (e) => e instanceof TypeError && e.code === 'ES_WRONG_TYPE');
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
