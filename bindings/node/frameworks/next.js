'use strict';
/**
 * engagespot-token/next: the token endpoint as a Next.js App Router route
 * handler, built on the web Response (nothing is imported from Next).
 *
 *   // app/engagespot/token/route.ts
 *   export const GET = engagespotTokenRoute({ userId: async () => (await auth())?.user?.id });
 *   export const dynamic = 'force-dynamic';
 */

const { sharedClient, checkOptions, isAnonymous, tokenBody, NO_STORE, ANONYMOUS_BODY } = require('./token-endpoint.js');

/**
 * Returns the GET route handler. `options.userId(request)` returns the
 * signed-in user's id (or a promise of it: Auth.js `auth()`, a session
 * lookup), or null/undefined for an anonymous request, which gets 401.
 * `options.client` defaults to the process's shared client, built at the
 * first request rather than here: `next build` evaluates route modules, and
 * a build needs no secrets. Call `engagespotClient()` from next.config's
 * server phases to fail the server's boot instead (see the README).
 */
function engagespotTokenRoute(options) {
  const { userId, client } = checkOptions('engagespotTokenRoute', options, { lazy: true });
  return async function GET(request) {
    const id = await userId(request);
    if (isAnonymous(id)) return Response.json(ANONYMOUS_BODY, { status: 401, headers: NO_STORE });
    return Response.json(await tokenBody(client ?? sharedClient(), id), { headers: NO_STORE });
  };
}

module.exports = { engagespotTokenRoute, engagespotClient: sharedClient };
