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

test('a missing, null or empty signingKey falls back to ENGAGESPOT_PRIVATE_SIGNING_KEY', () => {
  const saved = process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY;
  try {
    process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY = PRIVATE.trim().replace(/\n/g, '\\n');
    verify(EngagespotClient({ apiKey, apiSecret }).generateUserToken('env-user'));
    verify(EngagespotClient({ apiKey, apiSecret, signingKey: '' }).generateUserToken('env-user'));
    verify(EngagespotClient({ apiKey, apiSecret, signingKey: null }).generateUserToken('env-user'));
    delete process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY;
    assert.throws(() => EngagespotClient({ apiKey, signingKey: '' }), { code: 'ES_KEY_MISSING' });
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
  // One fixed iat, so that the comparison cannot straddle a second boundary.
  assert.equal(verify(client.generateUserToken('o', { issuedAt: 5000 })).payload.exp, 5000 + 3600);
  assert.equal(verify(client.generateUserToken('o', { includeIat: false, expiresIn: null })).payloadText,
    '{"sub":"user:o","apiKey":"demo-api-key"}');
});

test('a file:// signing key is read from that file; a missing file names its path', () => {
  const file = require('node:path').resolve(__dirname, '..', '..', '..', 'tests', 'keys', 'rsa2048.pkcs8.pem');
  verify(EngagespotClient({ apiKey, signingKey: `file://${file}` }).generateUserToken('from-file'));
  assert.throws(() => EngagespotClient({ apiKey, signingKey: 'file:///nonexistent/engagespot/key.pem' }), (error) =>
    error.code === 'ES_KEY_FILE_UNREADABLE' && error.message.includes('/nonexistent/engagespot/key.pem'));
  assert.throws(() => EngagespotClient({ apiKey, signingKey: file }), { code: 'ES_KEY_IS_PATH' });
});

test('numbers and bigints are identifiers, formatted as `${id}` does', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  for (const id of [42, 0, -7, 1.5, 1e21, 2 ** 53 + 2, 12345678901234567890n]) {
    assert.equal(verify(client.generateUserToken(id)).payload.sub, `user:${id}`);
  }
});

test('lone surrogates are invalid text, not U+FFFD', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  for (const id of ['a\uD800', 'a\uDC00', '\uDC00\uD800']) {
    assert.throws(() => client.generateUserToken(id), { code: 'ES_INVALID_UTF8' });
  }
  assert.equal(verify(client.generateUserToken('a\uFFFD')).payload.sub, 'user:a\uFFFD');
  assert.equal(verify(client.generateUserToken('\uD83D\uDE00')).payload.sub, 'user:😀');
  assert.throws(() => EngagespotClient({ apiKey: 'k\uD800', signingKey: PRIVATE }), { code: 'ES_INVALID_UTF8' });
  assert.throws(() => EngagespotClient({ apiKey, apiSecret: '\uDFFF', signingKey: PRIVATE }), { code: 'ES_INVALID_UTF8' });
  assert.throws(() => EngagespotClient({ apiKey, signingKey: `${PRIVATE}\uD800` }), { code: 'ES_INVALID_UTF8' });
  // A Buffer that is not UTF-8 is invalid text too, not a malformed key.
  assert.throws(() => EngagespotClient({ apiKey, signingKey: Buffer.from([0xff, 0xfe, 0x2d]) }), { code: 'ES_INVALID_UTF8' });
});

test('unknown option names are errors that list the accepted ones', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  for (const name of ['expiresin', 'expires_in', 'issued_at']) {
    assert.throws(() => client.generateUserToken('x', { [name]: 600 }), {
      code: 'ES_UNKNOWN_OPTION',
      message: `unknown option "${name}": the accepted options are expiresIn, issuedAt, jti, includeIat`,
    });
  }
  // An option explicitly undefined is one not given, as with object spread.
  assert.equal(verify(client.generateUserToken('x', { expiresIn: undefined, issuedAt: 10 })).payload.exp, 3610);
});

test('awkward identifiers round-trip exactly', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  for (const id of ['a"b\\c', '\u0001\n\t', 'x\u2028y\u2029', '😀 </script>', '  spaced  ', 'é'.repeat(512)]) {
    assert.equal(verify(client.generateUserToken(id)).payload.sub, `user:${id}`);
  }
});

test('every kind of error throws with the core code and class', () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  const cases = [
    [() => client.generateUserToken(''), Error, 'ES_IDENTIFIER_EMPTY', 'user identifier is empty'],
    [() => client.generateUserToken('x'.repeat(1025)), Error, 'ES_IDENTIFIER_TOO_LONG', 'at most 1024 bytes'],
    [() => client.generateUserToken('a\0b'), Error, 'ES_IDENTIFIER_INVALID', 'NUL character'],
    [() => client.generateUserToken(), TypeError, 'ES_NULL_ARGUMENT', 'user identifier is missing'],
    [() => client.generateUserToken(null), TypeError, 'ES_NULL_ARGUMENT', 'user identifier is missing'],
    [() => client.generateUserToken({}), TypeError, 'ES_WRONG_TYPE', 'user identifier must be a string or an integer'],
    [() => client.generateUserToken(true), TypeError, 'ES_WRONG_TYPE', 'user identifier must be'],
    [() => client.generateUserToken(NaN), TypeError, 'ES_WRONG_TYPE', 'user identifier must be'],
    [() => client.generateUserToken(Infinity), TypeError, 'ES_WRONG_TYPE', 'user identifier must be'],
    [() => client.generateUserToken('x', 'soon'), TypeError, 'ES_WRONG_TYPE', 'options must be'],
    [() => client.generateUserToken('x', { expiresIn: '600' }), TypeError, 'ES_WRONG_TYPE', 'option expiresIn must be'],
    [() => client.generateUserToken('x', { jti: 1 }), TypeError, 'ES_WRONG_TYPE', 'option jti must be true or false'],
    [() => client.generateUserToken('x', { typo: 1 }), Error, 'ES_UNKNOWN_OPTION', 'unknown option "typo"'],
    [() => client.generateUserToken('x', { expiresIn: 0 }), Error, 'ES_INVALID_EXPIRY', 'expires-in must be'],
    [() => client.generateUserToken('x', { expiresIn: 1.5 }), Error, 'ES_INVALID_EXPIRY', 'whole number of seconds'],
    [() => client.generateUserToken('x', { expiresIn: NaN }), Error, 'ES_INVALID_EXPIRY', 'whole number of seconds'],
    [() => client.generateUserToken('x', { issuedAt: -1 }), Error, 'ES_INVALID_ISSUED_AT', 'unix seconds'],
    [() => client.generateUserToken('\uD800'), Error, 'ES_INVALID_UTF8', 'not valid Unicode'],
    [() => EngagespotClient(), TypeError, 'ES_WRONG_TYPE', 'config must be'],
    [() => EngagespotClient({ signingKey: PRIVATE }), Error, 'ES_API_KEY_MISSING', 'API key is missing'],
    [() => EngagespotClient({ apiKey: 7, signingKey: PRIVATE }), TypeError, 'ES_WRONG_TYPE', 'API key must be a string'],
    [() => EngagespotClient({ apiKey, signingKey: 7 }), TypeError, 'ES_WRONG_TYPE', 'signing key must be'],
    [() => EngagespotClient({ apiKey, apiSecret: {}, signingKey: PRIVATE }), TypeError, 'ES_WRONG_TYPE', 'API secret must be'],
    [() => EngagespotClient({ apiKey: 'a\0b', signingKey: PRIVATE }), Error, 'ES_API_KEY_INVALID', 'NUL character'],
    [() => EngagespotClient({ apiKey, signingKey: '   ' }), Error, 'ES_KEY_MISSING', 'missing or blank'],
    [() => EngagespotClient({ apiKey, signingKey: './private.pem' }), Error, 'ES_KEY_IS_PATH', 'file path'],
    [() => EngagespotClient({ apiKey, signingKey: key('rsa2048.pub.pem') }), Error, 'ES_KEY_IS_PUBLIC', 'public key'],
    [() => EngagespotClient({ apiKey, signingKey: key('rsa2048.encrypted-pkcs8.pem') }), Error, 'ES_KEY_ENCRYPTED', 'encrypted'],
    [() => EngagespotClient({ apiKey, signingKey: key('ec-p256.pkcs8.pem') }), Error, 'ES_KEY_NOT_RSA', 'EC key'],
    [() => EngagespotClient({ apiKey, signingKey: key('ed25519.pkcs8.pem') }), Error, 'ES_KEY_NOT_RSA', 'Ed25519'],
    [() => EngagespotClient({ apiKey, signingKey: key('rsa1024.pkcs8.pem') }), Error, 'ES_KEY_TOO_SMALL', '1024-bit'],
    [() => EngagespotClient({ apiKey, signingKey: key('rsa8200.pkcs8.pem') }), Error, 'ES_KEY_TOO_LARGE', '8200-bit'],
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
