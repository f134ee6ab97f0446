'use strict';
/**
 * Text past the core's bound (MAX_TEXT_BYTES, 64 KiB) on whichever backend
 * loads: the API key, the identifier and the signing key (a string or a
 * Buffer) are refused by their length with the core's error, at the point
 * where the core checks that argument, and a string is not copied or decoded
 * first (natively: the addon reads its UTF-16 length, not its text; on wasm:
 * the glue does not copy it into the module, wasm-memory.test.js). A lone
 * surrogate in such text is the invalid-text error, as for short text. The
 * API secret has no bound (it is never read).
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { EngagespotClient, backend } = require('..');
const { PRIVATE, verify } = require('./helpers');

const apiKey = 'demo-api-key';
/** Past the bound in UTF-16 code units, and so in UTF-8 bytes too. */
const LONG = 64 * 1024 + 1;
/** One string of 64 Mi ASCII characters, flat (64 MiB): a copy as UTF-16 and as UTF-8 would take 192 MiB more. */
const HUGE = 64 * 1024 * 1024;

function thrown(run) {
  try {
    run();
  } catch (error) {
    return error;
  }
  assert.fail('nothing was thrown');
}

function assertOverBound(error, code, label) {
  assert.equal(error.code, code, error.message);
  assert.equal(error.message.startsWith(`${label} is over 65536 bytes long, far too long to be one`), true, error.message);
}

test(`an API key past the bound is ES_API_KEY_INVALID by its length, whatever it holds (${backend()})`, () => {
  assertOverBound(thrown(() => EngagespotClient({ apiKey: 'k'.repeat(LONG), signingKey: PRIVATE })), 'ES_API_KEY_INVALID', 'API key');
  // Held PEM would be ES_API_KEY_HOLDS_PEM in a short key: the bound comes first.
  const pem = `-----BEGIN PRIVATE KEY-----${'a'.repeat(LONG)}`;
  assertOverBound(thrown(() => EngagespotClient({ apiKey: pem, signingKey: PRIVATE })), 'ES_API_KEY_INVALID', 'API key');
});

test(`a signing key past the bound is ES_KEY_MALFORMED by its length, as a string or a Buffer (${backend()})`, () => {
  const padded = PRIVATE + ' '.repeat(LONG);
  assertOverBound(thrown(() => EngagespotClient({ apiKey, signingKey: padded })), 'ES_KEY_MALFORMED', 'signing key');
  assertOverBound(thrown(() => EngagespotClient({ apiKey, signingKey: Buffer.from(padded) })), 'ES_KEY_MALFORMED', 'signing key');
  // Just within the bound it is read: the padding is trimmed and the key accepted.
  verify(EngagespotClient({ apiKey, signingKey: PRIVATE + ' '.repeat(64 * 1024 - PRIVATE.length) }).generateUserToken('u'));
});

test(`an identifier past the bound is ES_IDENTIFIER_TOO_LONG by its length (${backend()})`, () => {
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  assertOverBound(thrown(() => client.generateUserToken('u'.repeat(LONG))), 'ES_IDENTIFIER_TOO_LONG', 'user identifier');
  assert.equal(thrown(() => client.generateUserToken('u'.repeat(1025))).code, 'ES_IDENTIFIER_TOO_LONG');
});

test(`a lone surrogate past the bound is ES_INVALID_UTF8, as within it (${backend()})`, () => {
  const lone = `${'k'.repeat(LONG)}\uD800`;
  assert.equal(thrown(() => EngagespotClient({ apiKey: lone, signingKey: PRIVATE })).code, 'ES_INVALID_UTF8');
  assert.equal(thrown(() => EngagespotClient({ apiKey, signingKey: PRIVATE + lone })).code, 'ES_INVALID_UTF8');
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  assert.equal(thrown(() => client.generateUserToken(lone)).code, 'ES_INVALID_UTF8');
  // Bytes that are not UTF-8, past the bound.
  const bytes = Buffer.concat([Buffer.from(PRIVATE), Buffer.alloc(LONG, 0x20), Buffer.from([0xff])]);
  assert.equal(thrown(() => EngagespotClient({ apiKey, signingKey: bytes })).code, 'ES_INVALID_UTF8');
});

test(`the core's order holds: an oversized signing key does not hide a missing API key (${backend()})`, () => {
  assert.equal(thrown(() => EngagespotClient({ signingKey: PRIVATE + ' '.repeat(LONG) })).code, 'ES_API_KEY_MISSING');
  assert.equal(thrown(() => EngagespotClient({ apiKey: '', signingKey: 'x'.repeat(LONG) })).code, 'ES_API_KEY_MISSING');
});

test(`the API secret has no bound (${backend()})`, () => {
  verify(EngagespotClient({ apiKey, apiSecret: 's'.repeat(LONG), signingKey: PRIVATE }).generateUserToken('u'));
});

test(`a huge string is refused without being copied: peak memory does not grow by its copy (${backend()})`, () => {
  const huge = 'k'.repeat(HUGE);
  assert.equal(huge.isWellFormed(), true); // flattens the rope now, before the baseline
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  const cases = [
    () => EngagespotClient({ apiKey: huge, signingKey: PRIVATE }),
    () => EngagespotClient({ apiKey, signingKey: huge }),
    () => client.generateUserToken(huge),
  ];
  for (const run of cases) {
    const before = process.resourceUsage().maxRSS; // KiB, the process's peak
    assert.match(thrown(run).message, /is over 65536 bytes long/);
    const grew = (process.resourceUsage().maxRSS - before) * 1024;
    // A UTF-16 copy alone would be 128 MiB.
    assert.ok(grew < 32 * 1024 * 1024, `peak memory grew by ${grew} bytes`);
  }
});

test(`an unknown option name with a lone surrogate is ES_INVALID_UTF8, short or past the bound (${backend()})`, () => {
  // Natively the name used to be decoded by napi, which turns a lone surrogate into U+FFFD:
  // ES_UNKNOWN_OPTION quoting "\uFFFDx" there, ES_INVALID_UTF8 on WebAssembly.
  const client = EngagespotClient({ apiKey, signingKey: PRIVATE });
  for (const name of ['\uD800x', `${'y'.repeat(LONG)}\uDC00`]) {
    const error = thrown(() => client.generateUserToken('alice', { [name]: 1 }));
    assert.equal(error.code, 'ES_INVALID_UTF8', name.slice(0, 8));
  }
  // A well-formed name past the bound is quoted by its start on both backends.
  const error = thrown(() => client.generateUserToken('alice', { [`${'y'.repeat(LONG)}`]: 1 }));
  assert.equal(error.code, 'ES_UNKNOWN_OPTION');
  assert.ok(error.message.length < 200, error.message.length);
});
