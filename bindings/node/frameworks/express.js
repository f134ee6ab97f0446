'use strict';
/**
 * engagespot-token/express: the token endpoint as an Express (or plain
 * node:http) handler. It needs nothing from Express: it writes through
 * Node's ServerResponse.
 *
 *   app.get('/engagespot/token', requireLogin, engagespotToken({ userId: (req) => req.user?.id }));
 */

const { sharedClient, checkOptions, isAnonymous, tokenBody, NO_STORE, ANONYMOUS_BODY } = require('./token-endpoint.js');

function send(res, status, body) {
  res.statusCode = status;
  for (const [name, value] of Object.entries(NO_STORE)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/**
 * Returns the handler for GET /engagespot/token. `options.userId(req)` returns
 * the signed-in user's id (or a promise of it), or null/undefined for an
 * anonymous request, which gets 401. `options.client` defaults to the
 * process's shared client, built now: a configuration error throws here, at
 * boot. Errors while minting go to `next(error)`.
 */
function engagespotToken(options) {
  const { userId, client } = checkOptions('engagespotToken', options);
  return async function engagespotTokenHandler(req, res, next) {
    try {
      const id = await userId(req);
      if (isAnonymous(id)) send(res, 401, ANONYMOUS_BODY);
      else send(res, 200, await tokenBody(client, id));
    } catch (error) {
      if (typeof next === 'function') next(error);
      else send(res, 500, { error: 'token endpoint failed' });
    }
  };
}

module.exports = { engagespotToken, engagespotClient: sharedClient };
