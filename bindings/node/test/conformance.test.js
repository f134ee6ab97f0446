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

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TABLE = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'conformance', 'cases.json'), 'utf8'));
const KEY_VARIABLE = 'ENGAGESPOT_PRIVATE_SIGNING_KEY';
const ABSENT = Symbol('absent');

/** Thrown for a value JavaScript cannot express. */
class Inexpressible extends Error {}

/** A value of the table (README.md, "Values") as JavaScript holds it. */
function value(v) {
  if (v === null || typeof v !== 'object') return v;
  switch (v.type) {
    case 'absent': return ABSENT;
    // 600.0 is 600: JavaScript's numbers are not a float type apart from its integers.
    case 'float': throw new Inexpressible('JavaScript has no float type apart from its integers');
    case 'bigint': return BigInt(v.value);
    case 'repeat': return v.value.repeat(v.count);
    case 'file': return fs.readFileSync(path.join(ROOT, v.path), 'utf8');
    case 'file_uri': return `file://${path.join(ROOT, v.path)}`;
    case 'concat': return v.parts.map(value).join('');
    case 'bytes': return v.hex !== undefined ? Buffer.from(v.hex, 'hex') : fs.readFileSync(path.join(ROOT, v.file));
    case 'utf16': return String.fromCharCode(...v.units);
    case 'object': return {};
    case 'entries': {
      const names = v.entries.map((entry) => entry.name);
      if (new Set(names).size !== names.length) throw new Inexpressible('an object cannot hold a key twice');
      return Object.fromEntries(v.entries.map((entry) => [entry.name, value(entry.value)]));
    }
    default: throw new Inexpressible(`${v.type} values exist only in other languages`);
  }
}

/** The options argument: a map of camelCase names to values, or another value. */
function options(v) {
  if (v === null || typeof v !== 'object' || 'type' in v) return value(v);
  return Object.fromEntries(Object.entries(v).map(([name, option]) => [name, value(option)]));
}

/** The case's inputs as JavaScript arguments (throws Inexpressible). */
function inputs(c) {
  const config = {};
  for (const [field, given] of [['apiKey', c.apiKey], ['apiSecret', c.apiSecret], ['signingKey', c.signingKey]]) {
    const v = given === undefined ? ABSENT : value(given);
    if (v !== ABSENT) config[field] = v;
  }
  const args = [value(c.identifier)];
  if (args[0] === ABSENT) args.pop();
  else if (c.options !== undefined) args.push(options(c.options));
  return { config, args, environment: c.environment === undefined ? undefined : value(c.environment) };
}

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
