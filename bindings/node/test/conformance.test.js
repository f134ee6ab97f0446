'use strict';
/**
 * Plays tests/conformance/cases.json against the package as loaded
 * (`require('..')`, whichever backend it picked), one test per case. Cases
 * JavaScript cannot express are skipped, with the reason.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { EngagespotClient } = require('..');
const { verify } = require('./helpers');
const { Inexpressible, inputs } = require('./conformance-values');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TABLE = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'conformance', 'cases.json'), 'utf8'));
const KEY_VARIABLE = 'ENGAGESPOT_PRIVATE_SIGNING_KEY';

/** Runs `body` with the signing-key variable set to `text`, or unset. */
function withEnvironment(text, body) {
  const saved = process.env[KEY_VARIABLE];
  if (text === undefined) delete process.env[KEY_VARIABLE];
  else process.env[KEY_VARIABLE] = text;
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env[KEY_VARIABLE];
    else process.env[KEY_VARIABLE] = saved;
  }
}

/** The outcome: { token } or { error: name, at: 'client' | 'token' }. */
function play({ config, args, environment }) {
  return withEnvironment(environment, () => {
    let client;
    try {
      client = EngagespotClient(config);
    } catch (error) {
      return { error: error.code, at: 'client', message: error.message };
    }
    try {
      return { token: client.generateUserToken(...args) };
    } catch (error) {
      return { error: error.code, at: 'token', message: error.message };
    }
  });
}

for (const c of TABLE.cases.map((c) => ({ ...TABLE.defaults, ...c }))) {
  let given;
  try {
    given = inputs(c);
  } catch (error) {
    if (!(error instanceof Inexpressible)) throw error;
    test(c.name, { skip: `not expressible in JavaScript: ${error.message}` }, () => {});
    continue;
  }
  test(c.name, () => {
    const outcome = play(given);
    if (c.error !== undefined) {
      assert.deepEqual({ error: outcome.error, at: outcome.at }, { error: c.error, at: c.at }, outcome.message);
    } else {
      assert.equal(outcome.error, undefined, `${outcome.error}: ${outcome.message}`);
      const publicKey = fs.readFileSync(path.join(ROOT, c.publicKey), 'utf8');
      // Order matters too: the claims are compared as JSON text.
      assert.equal(JSON.stringify(verify(outcome.token, publicKey).payload), JSON.stringify(c.claims));
    }
  });
}
