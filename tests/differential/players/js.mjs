/**
 * The differential test's player for JavaScript: the npm package as a user
 * imports it (`engagespot-token`, resolved by this runtime's export
 * conditions), on Node, Bun or Deno, on the backend ENGAGESPOT_TOKEN_BACKEND
 * picks. Reads one input per line on stdin and writes one outcome per line
 * (protocol: tests/differential/README.md), with the synchronous call's
 * outcome and, under `async`, generateUserTokenAsync's. It only adapts the
 * inputs to JavaScript's calling convention; every rule is the package's.
 */
import { EngagespotClient, backend } from 'engagespot-token';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ABSENT = Symbol('absent');

/** Thrown for a value JavaScript cannot express. */
class Inexpressible extends Error {}

/** A value of tests/conformance/README.md, "Values", as JavaScript holds it. */
function value(v) {
  if (v === null || typeof v !== 'object') return v;
  switch (v.type) {
    case 'absent': return ABSENT;
    case 'float': throw new Inexpressible('JavaScript has no float type apart from its integers');
    case 'bigint': return BigInt(v.value);
    case 'repeat': return v.value.repeat(v.count);
    case 'file': return fs.readFileSync(path.join(ROOT, v.path), 'utf8');
    case 'file_uri': return `file://${path.join(ROOT, v.path)}`;
    case 'concat': return v.parts.map(value).join('');
    case 'bytes': return v.hex !== undefined ? Buffer.from(v.hex, 'hex') : fs.readFileSync(path.join(ROOT, v.file));
    case 'utf16': return String.fromCharCode(...v.units);
    case 'object': return {};
    default: throw new Inexpressible(`${v.type} values exist only in other languages`);
  }
}

/** The constructor's config and the mint's arguments. */
function inputs(c) {
  const config = {};
  for (const field of ['apiKey', 'apiSecret', 'signingKey']) {
    const v = c[field] === undefined ? ABSENT : value(c[field]);
    if (v !== ABSENT) config[field] = v;
  }
  const args = [value(c.identifier)];
  if (args[0] === ABSENT) args.pop();
  else if (c.options !== undefined) {
    const o = c.options;
    args.push(o === null || typeof o !== 'object' || 'type' in o
      ? value(o) : Object.fromEntries(Object.entries(o).map(([name, v]) => [name, value(v)])));
  }
  return { config, args };
}

/** An error as the outcome names it: its `code`, or what it is when it has none. */
function failure(error, at) {
  const code = typeof error?.code === 'string' && error.code.startsWith('ES_') ? error.code : `no code: ${error?.name}`;
  return { error: code, at, message: String(error?.message ?? error).slice(0, 300) };
}

async function play(c) {
  let given;
  try {
    given = inputs(c);
  } catch (error) {
    if (error instanceof Inexpressible) return { skip: error.message };
    throw error;
  }
  let client;
  try {
    client = EngagespotClient(given.config);
  } catch (error) {
    const outcome = failure(error, 'client');
    return { ...outcome, async: outcome };
  }
  const outcome = {};
  try {
    outcome.token = client.generateUserToken(...given.args);
  } catch (error) {
    Object.assign(outcome, failure(error, 'token'));
  }
  try {
    outcome.async = { token: await client.generateUserTokenAsync(...given.args) };
  } catch (error) {
    outcome.async = failure(error, 'token');
  }
  try {
    client.free?.();
  } catch {
    // Freeing is the package's business; a failure here is no outcome of the input.
  }
  return outcome;
}

delete process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY;
process.stdout.write(`${JSON.stringify({ ready: backend() })}\n`);
for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const input = JSON.parse(line);
  const outcome = await play(input.case);
  process.stdout.write(`${JSON.stringify({ ...outcome, id: input.id })}\n`);
}
