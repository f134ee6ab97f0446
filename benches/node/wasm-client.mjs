// What a WebAssembly client costs to make, and how much of it is the
// pairwise-consistency test (the host signs the core's probe; the core
// verifies it with n and e in crypto-bigint), against node:crypto's own
// verification of the same signature in the same run (docs/key-checks.md).
//   node benches/node/wasm-client.mjs KEY.pem [SECONDS]
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const crypto = require('node:crypto');
const fs = require('node:fs');
const { createApi } = require('../../bindings/node/wasm.js');
const { nodeSigner, WASM_PATH } = require('../../bindings/node/wasm-node.js');

const [keyPath, seconds = '1'] = process.argv.slice(2);
const pem = fs.readFileSync(keyPath, 'utf8');
const module = new WebAssembly.Module(fs.readFileSync(WASM_PATH));
const { exports } = new WebAssembly.Instance(module, {});
const api = createApi({ module: exports, signer: nodeSigner(), host: {} });
api.EngagespotClient({ apiKey: 'k', signingKey: pem }); // handle 1, kept for the probe check below

exports.es_key_probe();
const probe = new Uint8Array(exports.memory.buffer, exports.es_outbox_ptr(), exports.es_outbox_len()).slice();
const privateKey = crypto.createPrivateKey(pem);
const publicKey = crypto.createPublicKey(privateKey);
const signature = crypto.sign('sha256', probe, privateKey);

/** Microseconds per call of `fn`, over `seconds`. */
function micros(fn) {
  let calls = 0;
  const start = performance.now();
  const end = start + Number(seconds) * 1000;
  while (performance.now() < end) {
    fn();
    calls += 1;
  }
  return ((performance.now() - start) * 1000) / calls;
}

const coreCheck = micros(() => {
  const at = exports.es_inbox(signature.length);
  new Uint8Array(exports.memory.buffer).set(signature, at);
  if (exports.es_client_check_probe(1) !== 0) throw new Error('the probe did not verify');
});
const nodeVerify = micros(() => crypto.verify('sha256', probe, publicKey, signature));
const hostSign = micros(() => crypto.sign('sha256', probe, privateKey));
const client = micros(() => api.EngagespotClient({ apiKey: 'k', signingKey: pem }).free());
const bits = publicKey.asymmetricKeyDetails.modulusLength;
const f = (x) => x.toFixed(1);
console.log(`RSA-${bits} wasm client: ${f(client)} µs per client (import, number checks, probe)`);
console.log(`  probe: host signs ${f(hostSign)} µs + core verifies ${f(coreCheck)} µs = ${f(hostSign + coreCheck)} µs, ${f((100 * (hostSign + coreCheck)) / client)}% of the client`);
console.log(`  core verification / node:crypto verify of the same signature: ${f(coreCheck)} / ${f(nodeVerify)} µs = ${(coreCheck / nodeVerify).toFixed(2)}x`);
