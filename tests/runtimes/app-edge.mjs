// A Vercel Edge Function, as a user writes it: the key comes from
// process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY; /bad passes a key that is not one.
import { EngagespotClient } from 'engagespot-token';

addEventListener('fetch', (event) => event.respondWith(handle(event.request)));

async function handle(request) {
  const { pathname } = new URL(request.url);
  try {
    const client = EngagespotClient({ apiKey: 'demo-api-key', apiSecret: 'secret', signingKey: pathname === '/bad' ? 'not a key' : '' });
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
