// Plays the Hono app on this runtime without a server (app.request): a
// signed-in request and an anonymous one, printed as one JSON line with the
// backend of the client the handler built from the process environment.
import { engagespotClient } from 'engagespot-token/hono';
import app from './app-hono.mjs';

const answers = [];
for (const headers of [{ Authorization: `Basic ${btoa('hono-user:any')}` }, {}]) {
  const response = await app.request('/engagespot/token', { headers });
  answers.push({ status: response.status, cacheControl: response.headers.get('cache-control'), body: await response.json() });
}
console.log(JSON.stringify({ backend: engagespotClient().backend, answers }));
