/**
 * Node contenders, each for SECONDS: our addon (sync; async one at a time;
 * async with 64 in flight, which spreads over the libuv threadpool), the
 * official SDK's way (jsonwebtoken with the PEM string, parsed on every
 * call), jsonwebtoken with a KeyObject parsed once, and jose.
 * Prints "RESULT name tokens/s" lines for scripts/bench.
 *
 * Usage: node bench.mjs KEY_FILE SECONDS   (jsonwebtoken and jose from $BENCH_NODE_MODULES)
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import path from 'node:path';
import { rates } from './rates.mjs';

const [keyFile, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 2);
const pem = readFileSync(keyFile, 'utf8');
const here = path.dirname(new URL(import.meta.url).pathname);
const ours = createRequire(import.meta.url)(path.join(here, '../../bindings/node'));
const peers = createRequire(path.join(process.env.BENCH_NODE_MODULES, 'x.js'));
const jwt = peers('jsonwebtoken');
const jose = peers('jose');

const apiKey = 'bench-api-key';
const claims = () => {
  const iat = Math.floor(Date.now() / 1000);
  return { sub: 'user:user@example.com', apiKey, iat, exp: iat + 3600 };
};

const client = ours.EngagespotClient({ apiKey, apiSecret: 's', signingKey: pem });
const keyObject = createPrivateKey(pem);
const joseKey = await jose.importPKCS8(pem, 'RS256');
const contenders = {
  node_addon_sync: () => client.generateUserToken('user@example.com'),
  node_addon_async: () => client.generateUserTokenAsync('user@example.com'),
  node_addon_async_64_in_flight: () => Promise.all(Array.from({ length: 64 }, () => client.generateUserTokenAsync('user@example.com'))),
  node_jsonwebtoken_pem_each_call: () => jwt.sign(claims(), pem, { algorithm: 'RS256', noTimestamp: true }),
  node_jsonwebtoken_keyobject: () => jwt.sign(claims(), keyObject, { algorithm: 'RS256', noTimestamp: true }),
  node_jose: () => new jose.SignJWT(claims()).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(joseKey),
};
for (const [name, rate] of await rates(contenders, seconds)) {
  console.log(`RESULT ${name} ${rate.toFixed(1)} tokens/s`);
}
