// A Hono app, as a user writes it for any runtime: the app's own auth (here
// HTTP Basic, any password, standing in) sets the user; the token handler
// reads it through c.get. Served by workerd as a module worker (`export
// default app`), and driven in-process on Deno and Bun by hono-request.mjs.
import { Hono } from 'hono';
import { engagespotToken } from 'engagespot-token/hono';

const app = new Hono();
app.use(async (c, next) => {
  const [scheme, encoded] = (c.req.header('authorization') ?? '').split(' ');
  if (scheme === 'Basic' && encoded) {
    const name = atob(encoded).split(':')[0];
    if (name) c.set('user', { id: name });
  }
  await next();
});
app.get('/engagespot/token', engagespotToken({ userId: (c) => c.get('user')?.id }));

export default app;
