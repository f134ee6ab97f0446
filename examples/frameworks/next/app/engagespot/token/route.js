/**
 * GET /engagespot/token. Sign-in here is HTTP Basic auth (the username is the
 * user id, any password): an example only, so that a test can play a
 * signed-in user. With Auth.js the whole file is
 *   export const GET = engagespotTokenRoute({ userId: async () => (await auth())?.user?.id });
 */
import { engagespotTokenRoute } from 'engagespot-token/next';

/** The example's sign-in: the username of `Authorization: Basic base64(id:anything)`. */
function basicSignIn(request) {
  const [scheme, encoded] = (request.headers.get('authorization') ?? '').split(' ');
  if (scheme !== 'Basic' || !encoded) return null;
  const credentials = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return (colon < 0 ? credentials : credentials.slice(0, colon)) || null;
}

export const GET = engagespotTokenRoute({ userId: basicSignIn });
// A token is per user and per request: never prerender or cache this route.
export const dynamic = 'force-dynamic';
