// A Vercel Edge Function, as a user writes it: the key comes from
// process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY; /bad passes a key that is not
// one. One client per isolate, built on the first request and kept.
import { EngagespotClient } from 'engagespot-token';

let client;

addEventListener('fetch', (event) => event.respondWith(handle(event.request)));

async function handle(request) {
  const { pathname } = new URL(request.url);
  try {
    if (pathname === '/bad') EngagespotClient({ apiKey: 'demo-api-key', signingKey: 'not a key' });
    client ??= EngagespotClient({ apiKey: 'demo-api-key', apiSecret: 'secret', signingKey: '' });
    let syncError = null;
    try {
      client.generateUserToken('edge-user');
    } catch (error) {
      syncError = error.code;
    }
    const token = await client.generateUserTokenAsync('edge-user');
    return Response.json({ token, backend: client.backend, syncError });
  } catch (error) {
    return Response.json({ error: error.code, message: error.message }, { status: 400 });
  }
}
