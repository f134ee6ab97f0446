'use strict';
/**
 * A client's life on either backend (scripts/test-node runs this file on
 * both): free() and `using`, and a use after free, which is ES_CLIENT_FREED
 * everywhere (issue 28 g, l); option names counted the same way on both
 * backends (issue 28 h); and the loader requiring only names the project
 * publishes (issue 28 o).
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { EngagespotClient, backend } = require('..');
const { PRIVATE, verify } = require('./helpers');

const apiKey = 'demo-api-key';
const FREED = { code: 'ES_CLIENT_FREED', message: /was freed .* create a new client/ };

test(`a freed client (${backend()}) throws ES_CLIENT_FREED from both calls, not another error`, async () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  verify(client.generateUserToken('before'));
  client.free();
  assert.throws(() => client.generateUserToken('after'), FREED);
  await assert.rejects(client.generateUserTokenAsync('after'), FREED);
  // Checked before the arguments: the client, not the identifier, is what is wrong.
  assert.throws(() => client.generateUserToken(''), FREED);
  client.free(); // a second free() does nothing
  assert.throws(() => client.generateUserToken('again'), FREED);
});

test(`Symbol.dispose frees the client (${backend()}), as a using block's end does`, () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  assert.equal(typeof client[Symbol.dispose], 'function');
  client[Symbol.dispose]();
  assert.throws(() => client.generateUserToken('after'), FREED);
});

test(`an asynchronous call in flight when free() runs still resolves (${backend()}), and later calls fail`, async () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  const inFlight = Array.from({ length: 8 }, (_, i) => client.generateUserTokenAsync(`flight-${i}`));
  client.free();
  const tokens = await Promise.all(inFlight);
  tokens.forEach((token, i) => assert.equal(verify(token).payload.sub, `user:flight-${i}`));
  await assert.rejects(client.generateUserTokenAsync('after'), FREED);
});

test(`freeing one client leaves the others working (${backend()})`, () => {
  const first = EngagespotClient({ apiKey, signingKey: PRIVATE });
  const second = EngagespotClient({ apiKey, signingKey: PRIVATE });
  first.free();
  const third = EngagespotClient({ apiKey, signingKey: PRIVATE });
  assert.equal(verify(second.generateUserToken('second')).payload.sub, 'user:second');
  assert.equal(verify(third.generateUserToken('third')).payload.sub, 'user:third');
  assert.throws(() => first.generateUserToken('first'), FREED);
});

test(`inherited enumerable names are not option names (${backend()}); inherited values are still read`, () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  const issuedAt = 1_700_000_000;
  // `source` is not an option, but it is not the object's own name: not an error.
  const withInheritedName = Object.create({ source: 1 });
  const token = client.generateUserToken('u', Object.assign(withInheritedName, { issuedAt }));
  assert.equal(verify(token).payload.iat, issuedAt);
  const inheritedValue = Object.create({ issuedAt });
  assert.equal(verify(client.generateUserToken('u', inheritedValue)).payload.iat, issuedAt);
  // An own misspelt name is still refused.
  assert.throws(() => client.generateUserToken('u', { issuedat: issuedAt }), { code: 'ES_UNKNOWN_OPTION' });
});

test('on a platform with no prebuilt package, the loader requires no engagespot-token-<platform> package', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'loader-'));
  const marker = path.join(directory, 'loaded');
  const squatter = path.join(directory, 'node_modules', 'engagespot-token-freebsd-x64');
  fs.mkdirSync(squatter, { recursive: true });
  fs.writeFileSync(path.join(squatter, 'package.json'), '{"name":"engagespot-token-freebsd-x64","main":"index.js"}');
  fs.writeFileSync(path.join(squatter, 'index.js'), `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x');`);
  const code = `Object.defineProperty(process, 'platform', { value: 'freebsd' });
try { require('./loader'); } catch (error) { if (error.code !== 'ERR_ENGAGESPOT_TOKEN_LOAD') throw error; }`;
  execFileSync(process.execPath, ['-e', code], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, NODE_PATH: path.join(directory, 'node_modules'), ENGAGESPOT_TOKEN_NODE_ADDON: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    assert.ok(!fs.existsSync(marker), 'the loader required engagespot-token-freebsd-x64, a name the project does not publish');
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
});

test(`the first bad option in the object's order is the error (${backend()}), as in every other binding`, () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  assert.throws(() => client.generateUserToken('u', { expiresIn: 'soon', bogus: 1 }), { code: 'ES_WRONG_TYPE' });
  assert.throws(() => client.generateUserToken('u', { bogus: 1, expiresIn: 'soon' }), { code: 'ES_UNKNOWN_OPTION' });
  // Own names first, then inherited options: the own unknown name comes before an inherited bad value.
  const inheritedBad = Object.assign(Object.create({ expiresIn: 'soon' }), { bogus: 1 });
  assert.throws(() => client.generateUserToken('u', inheritedBad), { code: 'ES_UNKNOWN_OPTION' });
});
