'use strict';
/**
 * Cold start in this new Node process: the time to require the package (load),
 * to build the first client (client), and to mint the first and the second
 * token. Prints one line for benches/cold-start/run.py:
 *   COLD {"load": ms, "client": ms, "first": ms, "second": ms, "cpu_load": ms, ...}
 * (wall-clock time, and as cpu_* the process's CPU time, process.cpuUsage(): all its
 * threads, V8's compiler and GC threads included)
 *
 * Usage: ENGAGESPOT_TOKEN_BACKEND=native|wasm node node.js ours KEY_FILE
 *        node node.js official KEY_FILE SDK_DIR   (@engagespot/node, as loadtest/official-sdk installs it)
 */
const { performance } = require('node:perf_hooks');
const { readFileSync } = require('node:fs');
const path = require('node:path');

const [mode, keyFile, sdkDir] = process.argv.slice(2);
const options = { apiKey: 'cold-start-api-key', apiSecret: 'cold-start-secret', signingKey: readFileSync(keyFile, 'utf8') };
const mark = () => {
  const { user, system } = process.cpuUsage();
  return { wall: performance.now(), cpu: (user + system) / 1e3 };
};
const start = mark();
const sdk = mode === 'official'
  ? require(path.resolve(sdkDir, 'node_modules', '@engagespot', 'node'))
  : require(path.join(__dirname, '..', '..', 'bindings', 'node'));
const { EngagespotClient } = sdk;
const loaded = mark();
const client = EngagespotClient(options);
const created = mark();
const token = client.generateUserToken('first@example.com');
const first = mark();
const again = client.generateUserToken('second@example.com');
const second = mark();
if (typeof token !== 'string' || typeof again !== 'string' || token.split('.').length !== 3) {
  throw new Error(`cold-start: no token from ${mode}`);
}
if (mode !== 'official' && sdk.backend() !== process.env.ENGAGESPOT_TOKEN_BACKEND) {
  throw new Error(`cold-start: measured the ${sdk.backend()} backend, not ${process.env.ENGAGESPOT_TOKEN_BACKEND}`);
}
const marks = { load: [start, loaded], client: [loaded, created], first: [created, first], second: [first, second] };
const phases = {};
for (const [name, [from, to]] of Object.entries(marks)) {
  phases[name] = Number((to.wall - from.wall).toFixed(3));
  phases[`cpu_${name}`] = Number((to.cpu - from.cpu).toFixed(3));
}
console.log(`COLD ${JSON.stringify(phases)}`);
