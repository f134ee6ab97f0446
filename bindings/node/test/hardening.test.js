'use strict';
/**
 * Issue 20 (hardening, round 3) from Node: loading without network work,
 * options read as JavaScript reads properties, the original error kept as
 * `cause` in both calls, and API keys that hold key material.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { EngagespotClient } = require('..');
const { PRIVATE, verify } = require('./helpers');

const apiKey = 'demo-api-key';
const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
const issuedAt = 1_700_000_000;

test('loading the package asks process.report for nothing that does network work (item 1)', () => {
  const loader = require.resolve('../loader');
  const { report } = process;
  const original = report.getReport;
  const calls = [];
  report.getReport = function (...args) {
    calls.push({ excludeNetwork: report.excludeNetwork === true });
    return original.apply(this, args);
  };
  delete require.cache[loader];
  try {
    const native = require(loader);
    assert.equal(typeof native.NativeClient, 'function');
  } finally {
    report.getReport = original;
  }
  // getReport() resolves the peer of every open socket unless networking is excluded (nodejs/node#46060).
  assert.deepEqual(calls.filter((call) => !call.excludeNetwork), []);
});

/** Both calls, sync and async, with the same arguments: [what they returned, or the error]. */
async function both(options) {
  const outcomes = [];
  for (const call of [
    () => client.generateUserToken('opt', options),
    () => client.generateUserTokenAsync('opt', options),
  ]) {
    try {
      outcomes.push({ payload: verify(await call()).payload });
    } catch (error) {
      outcomes.push({ error });
    }
  }
  return outcomes;
}

test('options given through getters, non-enumerable or inherited properties are read (item 3)', async () => {
  class Options {
    get expiresIn() { return 600; }
    get issuedAt() { return issuedAt; }
  }
  const hidden = {};
  Object.defineProperty(hidden, 'expiresIn', { value: 600, enumerable: false });
  Object.defineProperty(hidden, 'issuedAt', { value: issuedAt, enumerable: false });
  const inherited = Object.create({ expiresIn: 600, issuedAt });
  for (const options of [new Options(), hidden, inherited]) {
    for (const { payload, error } of await both(options)) {
      assert.ifError(error);
      assert.equal(payload.exp - payload.iat, 600, options.constructor?.name);
      assert.equal(payload.iat, issuedAt);
    }
  }
  const noExp = { get expiresIn() { return null; } };
  for (const { payload, error } of await both(noExp)) {
    assert.ifError(error);
    assert.equal('exp' in payload, false, 'a getter returning null leaves exp out');
  }
});

test('a Map, a Set or an array as options is a type error, never the default lifetime (item 3)', async () => {
  for (const options of [new Map([['expiresIn', 600]]), new Set(['expiresIn']), [600]]) {
    for (const { error } of await both(options)) {
      assert.ok(error instanceof TypeError, `${options.constructor.name}: ${error}`);
      assert.equal(error.code, 'ES_WRONG_TYPE');
      assert.match(error.message, /^options must be/);
    }
  }
});

test('a throwing getter or Proxy trap keeps its error as cause, the same in both calls (item 6)', async () => {
  const boom = new RangeError('boom from the getter');
  const throwingGetter = { get expiresIn() { throw boom; } };
  const throwingProxy = new Proxy({}, { ownKeys() { throw boom; } });
  const throwingGet = new Proxy({ expiresIn: 1 }, { get() { throw boom; } });
  for (const [options, property] of [[throwingGetter, 'expiresIn'], [throwingProxy, 'its property names'], [throwingGet, 'expiresIn']]) {
    const [sync, async] = await both(options);
    for (const { error } of [sync, async]) {
      assert.ok(error instanceof TypeError, String(error));
      assert.equal(error.code, 'ES_WRONG_TYPE');
      assert.equal(error.cause, boom);
      assert.ok(error.message.startsWith(`options could not be read: reading ${property} threw`), error.message);
    }
    assert.equal(sync.error.message, async.error.message);
  }
});

test('a throwing getter in the config keeps its error as cause (item 6)', () => {
  const boom = new Error('vault unavailable');
  for (const name of ['apiKey', 'apiSecret', 'signingKey']) {
    const config = { apiKey, signingKey: PRIVATE };
    Object.defineProperty(config, name, { get() { throw boom; }, enumerable: true });
    assert.throws(() => EngagespotClient(config), (error) => {
      assert.ok(error instanceof TypeError, String(error));
      assert.equal(error.code, 'ES_WRONG_TYPE');
      assert.equal(error.cause, boom);
      assert.ok(error.message.startsWith(`config could not be read: reading ${name} threw`), error.message);
      return true;
    });
  }
});

test('the signing key passed as the API key is refused without quoting it (item 5)', () => {
  const body = PRIVATE.split('\n').filter((line) => line && !line.startsWith('-----')).join('');
  for (const wrong of [PRIVATE, PRIVATE.trim().replace(/\n/g, '\\n')]) {
    assert.throws(() => EngagespotClient({ apiKey: wrong, signingKey: PRIVATE }), (error) => {
      assert.equal(error.code, 'ES_API_KEY_HOLDS_PEM');
      assert.ok(!error.message.includes(body.slice(0, 16)), 'quotes the key');
      return true;
    });
  }
  for (const wrong of ['key\nline', 'k'.repeat(257)]) {
    assert.throws(() => EngagespotClient({ apiKey: wrong, signingKey: PRIVATE }), { code: 'ES_API_KEY_INVALID' });
  }
});
