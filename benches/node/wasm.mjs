/**
 * The WebAssembly backend against the native addon, in one process, in
 * interleaved 0.1 s slices (rates.mjs): sync through node:crypto; async
 * through WebCrypto, one at a time and with 64 in flight; the official SDK's
 * way (jsonwebtoken with the PEM string) for reference. Runs under Node, Bun
 * and Deno. Prints "RESULT name tokens/s" lines and the ratios.
 *
 * Usage: node wasm.mjs KEY_FILE SECONDS   (jsonwebtoken from $BENCH_NODE_MODULES)
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rates } from './rates.mjs';

const [keyFile, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 1);
const pem = readFileSync(keyFile, 'utf8');
const here = path.dirname(new URL(import.meta.url).pathname);
const require = createRequire(import.meta.url);
const runtime = globalThis.Bun ? 'bun' : globalThis.Deno ? 'deno' : 'node';
const native = require(path.join(here, '../../bindings/node/index.js'));
const wasm = require(path.join(here, '../../bindings/node/wasm-node.js')).load();
const jwt = createRequire(path.join(process.env.BENCH_NODE_MODULES, 'x.js'))('jsonwebtoken');

const apiKey = 'bench-api-key';
const config = { apiKey, apiSecret: 's', signingKey: pem };
const nativeClient = native.EngagespotClient(config);
const wasmClient = wasm.EngagespotClient(config);
if (native.backend() !== 'native' || wasmClient.backend !== 'wasm') throw new Error('backends not as expected');
const id = 'user@example.com';
const contenders = {
  [`${runtime}_native_sync`]: () => nativeClient.generateUserToken(id),
  [`${runtime}_wasm_sync`]: () => wasmClient.generateUserToken(id),
  [`${runtime}_wasm_async`]: () => wasmClient.generateUserTokenAsync(id),
  [`${runtime}_wasm_async_64_in_flight`]: () => Promise.all(Array.from({ length: 64 }, () => wasmClient.generateUserTokenAsync(id))),
  [`${runtime}_official_jsonwebtoken_pem`]: () => {
    const iat = Math.floor(Date.now() / 1000);
    return jwt.sign({ sub: `user:${id}`, apiKey, iat, exp: iat + 3600 }, pem, { algorithm: 'RS256', noTimestamp: true });
  },
};
const measured = Object.fromEntries(await rates(contenders, seconds));
for (const [name, rate] of Object.entries(measured)) console.log(`RESULT ${name} ${rate.toFixed(1)} tokens/s`);
const base = measured[`${runtime}_native_sync`];
for (const [name, rate] of Object.entries(measured)) {
  console.log(`RATIO ${name} / ${runtime}_native_sync ${(rate / base).toFixed(3)}x`);
}
