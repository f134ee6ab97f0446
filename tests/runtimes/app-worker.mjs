// A Cloudflare Worker, as a user writes it: the key is the SIGNING_KEY
// binding; /bad passes a key that is not one. One client per isolate, built
// on the first request (bindings exist only from then on) and kept: workerd
// has no FinalizationRegistry, so a client built per request and dropped
// would keep its key in the module's memory until the isolate ends.
import { EngagespotClient } from 'engagespot-token';

let client;

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    try {
      if (pathname === '/bad') EngagespotClient({ apiKey: 'demo-api-key', signingKey: 'not a key' });
      client ??= EngagespotClient({ apiKey: 'demo-api-key', apiSecret: 'secret', signingKey: env.SIGNING_KEY });
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
