// A Cloudflare Worker, as a user writes it: the key is the SIGNING_KEY
// binding; /bad passes a key that is not one.
import { EngagespotClient } from 'engagespot-token';

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    try {
      const client = EngagespotClient({ apiKey: 'demo-api-key', apiSecret: 'secret', signingKey: pathname === '/bad' ? 'not a key' : env.SIGNING_KEY });
      let syncError = null;
      try {
        client.generateUserToken('worker-user');
      } catch (error) {
        syncError = error.code;
      }
      const token = await client.generateUserTokenAsync('worker-user');
      return Response.json({ token, backend: client.backend, syncError });
    } catch (error) {
      return Response.json({ error: error.code, message: error.message }, { status: 400 });
    }
  },
};
