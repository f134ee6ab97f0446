'use strict';
/**
 * The values of tests/conformance/README.md ("Values") as JavaScript holds
 * them: shared by the conformance runner (conformance.test.js) and the
 * differential test's player (tests/differential/players/js.mjs).
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..', '..');
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

module.exports = { ABSENT, Inexpressible, value, options, inputs };
