'use strict';
/**
 * The Engagespot token endpoint in Express. Sign-in is HTTP Basic auth with
 * the username as the user id and any password: an example only, so that a
 * test can play a signed-in user. A real app puts its session or passport
 * login where `basicSignIn` is; the endpoint stays the same.
 */
const express = require('express');
const { engagespotToken } = require('engagespot-token/express');

/** Example sign-in: `Authorization: Basic base64(id:anything)` makes `req.user = { id }`. */
function basicSignIn(req, _res, next) {
  const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
  if (scheme === 'Basic' && encoded) {
    const credentials = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = credentials.indexOf(':');
    const id = colon < 0 ? credentials : credentials.slice(0, colon);
    if (id) req.user = { id };
  }
  next();
}

const app = express();
// Bodies are parsed so that the tests can show a body naming a user is ignored.
app.use(express.json(), express.urlencoded({ extended: false }), basicSignIn);
// The client is built here, from ENGAGESPOT_API_KEY and ENGAGESPOT_PRIVATE_SIGNING_KEY:
// a missing or bad key stops the boot with the core's error.
app.get('/engagespot/token', engagespotToken({ userId: (req) => req.user?.id }));

const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`express example listening on http://127.0.0.1:${server.address().port}`);
});
