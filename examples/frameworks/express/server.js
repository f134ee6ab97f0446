'use strict';
/**
 * The Engagespot token endpoint in Express. Sign-in is HTTP Basic auth with
 * the username as the user id and any password: an example only, so that a
 * test can play a signed-in user. A real app puts its session or passport
 * login where `basicSignIn` is; the endpoint stays the same.
 */
const express = require('express');
const { engagespotToken } = require('engagespot-token/express');

/**
 * Example only: two accounts whose ids have the types a user model gives them
 * (a UUID primary key, kept as a string; an integer key); any other username
 * is its own id.
 */
const USER_IDS = new Map([['uuid-keyed', '3f2c8b1e-9a4d-4c6b-8e7f-0a1b2c3d4e5f'], ['integer-keyed', 4711]]);

/** Example sign-in: `Authorization: Basic base64(name:anything)` makes `req.user = { id }`. */
function basicSignIn(req, _res, next) {
  const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
  if (scheme === 'Basic' && encoded) {
    const credentials = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = credentials.indexOf(':');
    const id = colon < 0 ? credentials : credentials.slice(0, colon);
    if (id) req.user = { id: USER_IDS.get(id) ?? id };
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
