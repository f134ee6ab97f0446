// Compiled by `npm run typecheck` (tsc --strict): the typings accept the
// documented calls and reject wrong ones.
import { EngagespotClient, type EngagespotTokenError } from 'engagespot-token';

const client = EngagespotClient({ apiKey: 'k', apiSecret: 's', signingKey: process.env.KEY });
const viaNew = new EngagespotClient({ apiKey: 'k', signingKey: Buffer.from('') });
const token: string = client.generateUserToken('identifier', { expiresIn: null, issuedAt: 1, jti: true, includeIat: false });
const numeric: string = client.generateUserToken(42) + client.generateUserToken(42n);
const later: Promise<string> = viaNew.generateUserTokenAsync('identifier', { expiresIn: 600 });
try {
  client.generateUserToken('');
} catch (e) {
  const code: string = (e as EngagespotTokenError).code;
  console.log(code, token, later, numeric);
}
// @ts-expect-error identifiers are strings, numbers or bigints
client.generateUserToken({ id: 42 });
// @ts-expect-error apiKey is required
EngagespotClient({ signingKey: '' });
// @ts-expect-error a misspelt option name (ES_UNKNOWN_OPTION at run time)
client.generateUserToken('identifier', { expiresin: 600 });

// The framework adapters (engagespot-token/express, engagespot-token/next).
import { engagespotToken, type TokenResponseBody } from 'engagespot-token/express';
import { engagespotTokenRoute, engagespotClient } from 'engagespot-token/next';
import * as http from 'node:http';

interface SignedInRequest extends http.IncomingMessage { user?: { id: string } }
const handler = engagespotToken<SignedInRequest>({ userId: (req) => req.user?.id });
http.createServer((req, res) => void handler(req, res));
const GET: (request: Request) => Promise<Response> = engagespotTokenRoute({ userId: async () => 42 });
const shared: string = engagespotClient().generateUserToken('a');
const body: TokenResponseBody = { token: shared, expiresAt: 1 };
console.log(GET, body);
// @ts-expect-error userId is required
engagespotToken({});
// @ts-expect-error userId returns an id, not a user object
engagespotTokenRoute({ userId: () => ({ id: 1 }) });
