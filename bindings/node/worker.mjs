/**
 * Entry for Cloudflare Workers (`workerd` and `worker` export conditions):
 * wrangler and workerd import a .wasm file as a compiled WebAssembly.Module.
 * See edge.mjs.
 */
import module from './engagespot_token.wasm';
import { edgeApi } from './edge.mjs';

const api = edgeApi(module);
/** See index.d.ts; `generateUserToken` throws ES_SYNC_UNAVAILABLE here: use `generateUserTokenAsync`. */
export const { EngagespotClient, backend } = api;
export default api;
