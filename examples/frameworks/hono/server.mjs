// @ts-check
/**
 * The Engagespot token endpoint in Hono, on Node through @hono/node-server.
 * Sign-in is HTTP Basic auth with the username naming the user and any
 * password: an example only, so that a test can play a signed-in user. A real
 * app puts its own auth middleware (hono/jwt, a session) where `basicSignIn`
 * is and reads its user in `userId`; the endpoint stays the same. On Workers,
 * Deno or Bun the app is the same, served by the runtime (see docs).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { engagespotClient, engagespotToken } from 'engagespot-token/hono';

/** @typedef {{ id: string | number }} User */
/** @typedef {{ Variables: { user: User } }} AppEnv  the variables the app's auth sets */

/**
 * Example only: two accounts whose ids have the types a user model gives them
 * (a UUID primary key, kept as a string; an integer key); any other username
 * is its own id.
 */
const USER_IDS = new Map(/** @type {[string, string | number][]} */ ([
  ['uuid-keyed', '3f2c8b1e-9a4d-4c6b-8e7f-0a1b2c3d4e5f'],
  ['integer-keyed', 4711],
]));

/** @type {Hono<AppEnv>} */
const app = new Hono();

// Example sign-in: `Authorization: Basic base64(name:anything)` signs `name` in.
app.use(async (c, next) => {
  const [scheme, encoded] = (c.req.header('authorization') ?? '').split(' ');
  if (scheme === 'Basic' && encoded) {
    const credentials = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = credentials.indexOf(':');
    const name = colon < 0 ? credentials : credentials.slice(0, colon);
    if (name) c.set('user', { id: USER_IDS.get(name) ?? name });
  }
  await next();
});

// Built now from ENGAGESPOT_API_KEY and ENGAGESPOT_PRIVATE_SIGNING_KEY: a
// missing or bad key stops the boot with the core's error.
const client = engagespotClient();
app.get('/engagespot/token', engagespotToken({
  userId: (/** @type {import('hono').Context<AppEnv>} */ c) => c.get('user')?.id,
  client,
}));

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) }, (info) => {
  console.log(`hono example listening on http://127.0.0.1:${info.port}`);
});
