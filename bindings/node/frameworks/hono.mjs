/**
 * engagespot-token/hono: the token endpoint as a Hono handler, for Node
 * (`@hono/node-server`) and, through the package's WebAssembly backend, for
 * Cloudflare Workers, Deno, Bun and Vercel Edge. Imports nothing from Hono
 * and nothing Node-only: it answers through the handler's `c.json`.
 *
 *   app.use('/engagespot/*', yourAuth);   // sets c.set('user', ...)
 *   app.get('/engagespot/token', engagespotToken({ userId: (c) => c.get('user')?.id }));
 */
import { EngagespotClient } from 'engagespot-token';
import common from './endpoint-common.js';

const { API_KEY_VARIABLE, API_SECRET_VARIABLE, SIGNING_KEY_VARIABLE, NO_STORE, ANONYMOUS_BODY, isAnonymous, tokenBody } =
  common;

/**
 * Where the shared client lives: one per process or isolate (a Worker must
 * not build one per request: see docs), under a global symbol so that two
 * copies of this module still share it.
 */
const SHARED = Symbol.for('engagespot-token.honoClient');

/** A setting from `env` (Workers' bindings: `c.env`) when it holds a string there, else from the process environment. */
function setting(env, name) {
  const bound = env?.[name];
  return typeof bound === 'string' ? bound : globalThis.process?.env?.[name];
}

/**
 * The shared client, built on the first call from ENGAGESPOT_API_KEY,
 * ENGAGESPOT_API_SECRET and ENGAGESPOT_PRIVATE_SIGNING_KEY, looked up in
 * `env` (pass `c.env` on Workers) and then in the process environment. A
 * missing or bad setting throws the core's error (ES_API_KEY_MISSING,
 * ES_KEY_MISSING naming the variable, ...) and nothing is kept, so calling
 * this before serving fails the boot.
 */
export function engagespotClient(env) {
  if (!globalThis[SHARED]) {
    globalThis[SHARED] = EngagespotClient({
      apiKey: setting(env, API_KEY_VARIABLE) ?? '',
      apiSecret: setting(env, API_SECRET_VARIABLE),
      // Absent: the client reads the core's variable from the process environment itself.
      signingKey: setting(env, SIGNING_KEY_VARIABLE) || undefined,
    });
  }
  return globalThis[SHARED];
}

/**
 * Returns the GET /engagespot/token handler. `options.userId(c)` returns the
 * signed-in user's id as the app's own auth set it (`c.get('user')?.id`,
 * `c.get('jwtPayload')?.sub`), or a promise of it, or null/undefined for an
 * anonymous request, which gets 401. Nothing in the query, headers, cookies
 * or body is read. `options.client` defaults to engagespotClient(c.env),
 * built at the first request. Every answer carries `Cache-Control: no-store`.
 */
export function engagespotToken(options) {
  if (typeof options?.userId !== 'function') {
    throw new TypeError("engagespotToken: options.userId must be a function returning the signed-in user's id");
  }
  const { userId, client } = options;
  return async function engagespotTokenHandler(c) {
    const id = await userId(c);
    if (isAnonymous(id)) return c.json(ANONYMOUS_BODY, 401, NO_STORE);
    return c.json(await tokenBody(client ?? engagespotClient(c.env), id), 200, NO_STORE);
  };
}
