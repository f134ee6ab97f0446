/**
 * GET /engagespot/token. Sign-in here is HTTP Basic auth (the username is the
 * user id, any password): an example only, so that a test can play a
 * signed-in user. With Auth.js the whole file is
 *   export const GET = engagespotTokenRoute({ userId: async () => (await auth())?.user?.id });
 */
import { engagespotTokenRoute } from 'engagespot-token/next';

/**
 * Example only: two accounts whose ids have the types a user model gives them
 * (a UUID primary key, kept as a string; an integer key); any other username
 * is its own id.
 */
const USER_IDS = new Map([['uuid-keyed', '3f2c8b1e-9a4d-4c6b-8e7f-0a1b2c3d4e5f'], ['integer-keyed', 4711]]);

/** The example's sign-in: the id of the username of `Authorization: Basic base64(name:anything)`. */
function basicSignIn(request) {
  const [scheme, encoded] = (request.headers.get('authorization') ?? '').split(' ');
  if (scheme !== 'Basic' || !encoded) return null;
  const credentials = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  const username = colon < 0 ? credentials : credentials.slice(0, colon);
  return username ? (USER_IDS.get(username) ?? username) : null;
}

export const GET = engagespotTokenRoute({ userId: basicSignIn });
// A token is per user and per request: never prerender or cache this route.
export const dynamic = 'force-dynamic';
