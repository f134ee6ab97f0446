'use strict';
/**
 * What the framework adapters (engagespot-token/express, engagespot-token/next)
 * share: the process's one client, configured from the environment, and the
 * token endpoint's answer. The adapters only translate to their framework's
 * request and response; identity always comes from the app's `userId`
 * function, never from the request's query, body or headers.
 */

const { EngagespotClient } = require('./index.js');
const { API_KEY_VARIABLE, API_SECRET_VARIABLE } = require('./rules.js');

/**
 * Where the shared client lives: a global symbol, so that one client serves
 * the process even when a bundler (Next.js) evaluates this file more than once.
 */
const SHARED = Symbol.for('engagespot-token.sharedClient');

/** The response headers of every answer: a token must not be cached anywhere. */
const NO_STORE = Object.freeze({ 'Cache-Control': 'no-store' });

/**
 * The process's client, built on first use from the core's API key, API
 * secret and signing-key variables (rules.js). A missing or bad
 * setting throws the core's error (ES_API_KEY_MISSING, ES_KEY_MISSING naming
 * the variable, ...), so calling this at boot fails the boot.
 */
function sharedClient() {
  if (!globalThis[SHARED]) {
    // No signingKey makes EngagespotClient read the core's variable.
    globalThis[SHARED] = EngagespotClient({
      apiKey: process.env[API_KEY_VARIABLE] ?? '',
      apiSecret: process.env[API_SECRET_VARIABLE],
    });
  }
  return globalThis[SHARED];
}

/**
 * The adapters' shared option check: `userId` is the only source of identity.
 * The client is the given one, else the shared one, built now unless `lazy`
 * (then `client` is undefined and the adapter calls sharedClient() per request).
 */
function checkOptions(adapter, options, { lazy = false } = {}) {
  if (typeof options?.userId !== 'function') {
    throw new TypeError(`${adapter}: options.userId must be a function returning the signed-in user's id`);
  }
  return { userId: options.userId, client: options.client ?? (lazy ? undefined : sharedClient()) };
}

/** Whether `userId` reported no signed-in user. */
function isAnonymous(id) {
  return id === undefined || id === null || id === '' || id === false;
}

/**
 * The answer for a signed-in user: the token and its `exp`, read back from
 * the token itself, so that `expiresAt` is exactly what the inbox will check.
 */
async function tokenBody(client, id) {
  const token = await client.generateUserTokenAsync(id);
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  return { token, expiresAt: payload.exp };
}

/** The answer for an anonymous request (status 401). */
const ANONYMOUS_BODY = Object.freeze({ error: 'not signed in' });

module.exports = { sharedClient, checkOptions, isAnonymous, tokenBody, NO_STORE, ANONYMOUS_BODY };
