/**
 * The package for runtimes with WebCrypto and no native addons (Cloudflare
 * Workers, Vercel Edge, Deno Deploy, web workers): the WebAssembly core,
 * signing with crypto.subtle. No Node-only import. Signing is asynchronous
 * only: `generateUserToken` throws ES_SYNC_UNAVAILABLE, naming
 * `generateUserTokenAsync`. A falsy `signingKey` falls back to
 * `process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY` where the runtime has one.
 *
 * The entries for each runtime (worker.mjs, edge-light.mjs, deno.mjs) only
 * load the .wasm the way their bundler or runtime does, and call this.
 */
import wasm from './wasm.js';

/** The package's API over a compiled module (a WebAssembly.Module). */
export function edgeApi(module) {
  return wasm.createApi({
    module,
    signer: wasm.webCryptoSigner(),
    host: { env: (name) => globalThis.process?.env?.[name] },
  });
}
