/**
 * Cold start of one backend in a fresh process: the time to import the
 * package (or jsonwebtoken, for the official way), then to build the first
 * client and mint the first token. Prints "COLD runtime backend import_ms first_ms".
 *
 * Usage: ENGAGESPOT_TOKEN_BACKEND=native|wasm node coldstart.mjs KEY_FILE
 *        node coldstart.mjs KEY_FILE official   (jsonwebtoken from $BENCH_NODE_MODULES)
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [keyFile, mode] = process.argv.slice(2);
const pem = readFileSync(keyFile, 'utf8');
const here = path.dirname(new URL(import.meta.url).pathname);
const runtime = globalThis.Bun ? 'bun' : globalThis.Deno ? 'deno' : 'node';
const start = performance.now();
let mint;
if (mode === 'official') {
  const jwt = createRequire(path.join(process.env.BENCH_NODE_MODULES, 'x.js'))('jsonwebtoken');
  mint = () => jwt.sign({ sub: 'user:u', apiKey: 'k', iat: 0 }, pem, { algorithm: 'RS256', noTimestamp: true });
} else {
  const { EngagespotClient } = createRequire(import.meta.url)(path.join(here, '../../bindings/node/index.js'));
  mint = () => EngagespotClient({ apiKey: 'k', signingKey: pem }).generateUserToken('u');
}
const imported = performance.now();
mint();
const first = performance.now();
const backend = mode === 'official' ? 'official' : process.env.ENGAGESPOT_TOKEN_BACKEND;
console.log(`COLD ${runtime} ${backend} ${(imported - start).toFixed(2)} ${(first - imported).toFixed(2)}`);
