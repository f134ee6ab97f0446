'use strict';
/**
 * The token endpoint's runtime-neutral parts, shared by every framework
 * adapter (express, next, nest through token-endpoint.js; hono directly):
 * the names of the settings read from the environment, the answers, and the
 * test for "nobody signed in". No Node-only `require` or global here, so
 * that the Hono adapter runs on workerd, Deno, Bun and Vercel Edge.
 */

/**
 * The variables the adapters read the API key and secret from, and the
 * signing key's (which the client reads itself from the process environment;
 * the adapters need it only where the environment is a per-request record,
 * as Cloudflare Workers' bindings are): the core's names, from the generated
 * rules.js, which has no Node-only import either.
 */
const { API_KEY_VARIABLE, API_SECRET_VARIABLE, SIGNING_KEY_VARIABLE } = require('../rules.js');

/** The response headers of every answer: a token must not be cached anywhere. */
const NO_STORE = Object.freeze({ 'Cache-Control': 'no-store' });

/** The answer for an anonymous request (status 401). */
const ANONYMOUS_BODY = Object.freeze({ error: 'not signed in' });

/** Whether the app's `userId` reported no signed-in user. */
function isAnonymous(id) {
  return id === undefined || id === null || id === '' || id === false;
}

/**
 * The token's `exp`, read back from the token itself, so that `expiresAt` is
 * exactly what the inbox will check.
 */
function expiresAt(token) {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(payload)).exp;
}

/** The answer for a signed-in user: `{ token, expiresAt }`. */
async function tokenBody(client, id) {
  const token = await client.generateUserTokenAsync(id);
  return { token, expiresAt: expiresAt(token) };
}

module.exports = {
  API_KEY_VARIABLE, API_SECRET_VARIABLE, SIGNING_KEY_VARIABLE, NO_STORE, ANONYMOUS_BODY, isAnonymous, tokenBody,
};
