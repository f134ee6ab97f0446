/**
 * The `browser` export condition: there is no browser build, on purpose. A
 * signing key mints a token for any user; in a browser, every visitor could
 * read it. Mint tokens on your server and send each user only their own.
 */
const error = new Error(
  'engagespot-token: there is no browser build, on purpose: a signing key never belongs in a browser, where ' +
    'every visitor can read it and mint a token for any user. Mint tokens on your server (Node, Bun, Deno, ' +
    'Cloudflare Workers, Vercel Edge) and send each user only their own token.',
);
error.code = 'ERR_ENGAGESPOT_TOKEN_BROWSER';
throw error;
