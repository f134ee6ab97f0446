'use strict';
/**
 * What the Node framework adapters (engagespot-token/express, /next, /nest)
 * share: the process's one client, configured from the environment, and the
 * token endpoint's answer (from endpoint-common.js, which /hono uses too). The adapters only translate to their framework's
 * request and response; identity always comes from the app's `userId`
 * function, never from the request's query, body or headers.
 */

const { EngagespotClient } = require('../index.js');
const {
  API_KEY_VARIABLE, API_SECRET_VARIABLE, NO_STORE, ANONYMOUS_BODY, isAnonymous, tokenBody,
} = require('./endpoint-common.js');

/**
 * Where the shared client lives: a global symbol, so that one client serves
 * the process even when a bundler (Next.js) evaluates this file more than once.
 */
const SHARED = Symbol.for('engagespot-token.sharedClient');

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

module.exports = { sharedClient, checkOptions, isAnonymous, tokenBody, NO_STORE, ANONYMOUS_BODY };
