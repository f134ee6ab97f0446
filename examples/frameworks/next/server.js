'use strict';
/**
 * Serves the built app (`next build`) on 127.0.0.1:$PORT, as `next start`
 * does, but prepares Next first, which loads next.config.mjs and so builds
 * the Engagespot client: a missing or bad key stops the process before it
 * listens (`next start` listens first, then loads the configuration).
 */
const http = require('node:http');
const next = require('next');

async function main() {
  const app = next({ dev: false, dir: __dirname, hostname: '127.0.0.1', port: Number(process.env.PORT) });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => handle(req, res));
  server.listen(Number(process.env.PORT), '127.0.0.1', () => {
    console.log(`next example listening on http://127.0.0.1:${server.address().port}`);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
