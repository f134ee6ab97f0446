/**
 * Entry for Vercel Edge Functions and Next.js middleware (`edge-light` export
 * condition): their bundler imports `*.wasm?module` as a compiled
 * WebAssembly.Module (the edge runtime refuses to compile wasm from bytes).
 * See edge.mjs.
 */
import module from './engagespot_token.wasm?module';
import { edgeApi } from './edge.mjs';

const api = edgeApi(module);
/** See index.d.ts; `generateUserToken` throws ES_SYNC_UNAVAILABLE here: use `generateUserTokenAsync`. */
export const { EngagespotClient, backend } = api;
export default api;
