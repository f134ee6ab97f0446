'use strict';
// engagespot-token/express and engagespot-token/next without the frameworks:
// the handlers over a real node:http server and web Requests, the shared
// client from the environment, and what fails at boot. The real Express and
// Next.js apps are tested over HTTP by tests/frameworks (pytest).
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { PRIVATE, verify } = require('./helpers');

const PACKAGE = path.resolve(__dirname, '..');

// The shared client reads the environment once per process: set it first.
process.env.ENGAGESPOT_API_KEY = 'framework-api-key';
process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY = PRIVATE;
const { engagespotToken, engagespotClient } = require('engagespot-token/express');
const { engagespotTokenRoute, engagespotClient: nextClient } = require('engagespot-token/next');

/** Serves `handler` on 127.0.0.1 (a free port), makes one GET, and closes. */
async function getOnce(handler, headers = {}) {
  const server = http.createServer((req, res) => handler(req, res, (error) => {
    res.statusCode = 599;
    res.end(JSON.stringify({ nextError: String(error?.message) }));
  }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${server.address().port}/engagespot/token?id=mallory`, {
      headers, signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Runs `code` in a new Node process with `env` (no inherited ENGAGESPOT_*); returns its output or failure. */
function runChild(code, env) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ENGAGESPOT_')));
  try {
    return { status: 0, output: execFileSync(process.execPath, ['-e', code], { cwd: PACKAGE, env: { ...clean, ...env }, encoding: 'utf8', stdio: 'pipe', timeout: 30_000 }) };
  } catch (error) {
    return { status: error.status, output: `${error.stdout}${error.stderr}` };
  }
}

test('express: the signed-in user gets a verified token, expiresAt = exp, no-store', async () => {
  const handler = engagespotToken({ userId: (req) => req.headers['x-test-signed-in'] });
  const answer = await getOnce(handler, { 'x-test-signed-in': 'alice' });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get('cache-control'), 'no-store');
  assert.match(answer.headers.get('content-type'), /^application\/json/);
  const { payload } = verify(answer.body.token);
  assert.equal(payload.sub, 'user:alice');
  assert.equal(payload.apiKey, 'framework-api-key');
  assert.equal(answer.body.expiresAt, payload.exp);
  assert.deepEqual(Object.keys(answer.body).sort(), ['expiresAt', 'token']);
});

test('express: userId may be async; nobody signed in (null, undefined, empty) is 401', async () => {
  const signedIn = await getOnce(engagespotToken({ userId: async () => 42 }));
  assert.equal(verify(signedIn.body.token).payload.sub, 'user:42');
  for (const nobody of [null, undefined, '']) {
    const answer = await getOnce(engagespotToken({ userId: async () => nobody }));
    assert.equal(answer.status, 401);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    assert.equal(answer.body.token, undefined);
  }
});

test('express: a failing userId goes to next(error)', async () => {
  const answer = await getOnce(engagespotToken({ userId: () => { throw new Error('session store down'); } }));
  assert.equal(answer.status, 599);
  assert.equal(answer.body.nextError, 'session store down');
});

test('next: the route handler answers web Requests the same way', async () => {
  const GET = engagespotTokenRoute({ userId: (request) => request.headers.get('x-test-signed-in') });
  const response = await GET(new Request('http://localhost/engagespot/token?id=mallory', { headers: { 'x-test-signed-in': 'alice' } }));
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const body = await response.json();
  assert.equal(verify(body.token).payload.sub, 'user:alice');
  assert.equal(body.expiresAt, verify(body.token).payload.exp);
  const anonymous = await GET(new Request('http://localhost/engagespot/token?id=mallory'));
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.headers.get('cache-control'), 'no-store');
});

test('one client per process, shared by both adapters', () => {
  assert.equal(engagespotClient(), engagespotClient());
  assert.equal(engagespotClient(), nextClient());
});

test('userId is required', () => {
  assert.throws(() => engagespotToken({}), TypeError);
  assert.throws(() => engagespotTokenRoute(), TypeError);
});

test('express: a missing signing key throws the core error at boot, naming the variable', () => {
  const { status, output } = runChild(
    "require('engagespot-token/express').engagespotToken({ userId: () => 'a' })", { ENGAGESPOT_API_KEY: 'k' });
  assert.notEqual(status, 0);
  assert.match(output, /code: 'ES_KEY_MISSING'/);
  assert.match(output, /ENGAGESPOT_PRIVATE_SIGNING_KEY/);
});

test('next: the route module needs no secrets (next build), the first request does', () => {
  const { status, output } = runChild(`
    const GET = require('engagespot-token/next').engagespotTokenRoute({ userId: () => 'a' });
    GET(new Request('http://localhost/')).then(() => console.log('minted'), (e) => console.log('rejected', e.code));`, {});
  assert.equal(status, 0, output);
  assert.equal(output.trim(), 'rejected ES_API_KEY_MISSING');
});

test('the adapters load only this package and node: modules (no express, no next)', () => {
  const { output } = runChild(`
    require('engagespot-token'); require('engagespot-token/express'); require('engagespot-token/next');
    console.log(JSON.stringify(Object.keys(require.cache)));`, {});
  for (const file of JSON.parse(output)) assert.ok(file.startsWith(PACKAGE + path.sep) && !file.includes('node_modules'), file);
});
