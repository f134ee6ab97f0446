/**
 * The differential test's player for JavaScript: the npm package as a user
 * imports it (`engagespot-token`, resolved by this runtime's export
 * conditions), on Node, Bun or Deno, on the backend ENGAGESPOT_TOKEN_BACKEND
 * picks. Reads one input per line on stdin and writes one outcome per line
 * (protocol: tests/differential/README.md), with the synchronous call's
 * outcome and, under `async`, generateUserTokenAsync's. Every rule is the
 * package's.
 */
import { EngagespotClient, backend } from 'engagespot-token';
import { createRequire } from 'node:module';
import readline from 'node:readline';

// The inputs are read as the conformance runner reads them.
const { Inexpressible, inputs } = createRequire(import.meta.url)('../../../bindings/node/test/conformance-values.js');

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
