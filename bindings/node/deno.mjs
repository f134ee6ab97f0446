/**
 * Entry for Deno (`deno` export condition), with no static Node-only import.
 * Where Deno offers its Node compatibility (`process.getBuiltinModule`, Deno
 * 2), this is the Node package: the native addon when it loads (it needs
 * --allow-ffi), else the WebAssembly core signing with node:crypto, so that
 * the synchronous call works. Without it, the WebAssembly core signing with
 * WebCrypto (see edge.mjs).
 */
const getBuiltinModule = globalThis.process?.getBuiltinModule;
const api = getBuiltinModule
  ? getBuiltinModule('node:module').createRequire(import.meta.url)('./index.js')
  : (await import('./edge.mjs')).edgeApi(
      await WebAssembly.compile(await Deno.readFile(new URL('./engagespot_token.wasm', import.meta.url))),
    );
/** See index.d.ts. */
export const { EngagespotClient, backend } = api;
export default api;
