'use strict';
/**
 * scripts/loadtest's Node endpoint: `http` with `cluster` over the cores.
 *
 *   node server.js <ours|official> <port> <key-path-file> <workers>
 *
 * ours:     GET /token (the docs' snippet, one client per worker, sync),
 *           GET /token-async (generateUserTokenAsync), GET /constant
 * official: GET /token (@engagespot/node's generateUserToken), GET /constant
 *
 * Each answers {"token":"..."}. Workers read the key file named in
 * <key-path-file> once, at start, as an app reads its config at boot. SIGHUP
 * rotates: the master re-reads <key-path-file> and replaces the workers one at a
 * time (the new one listens before the old one drains), so no request fails.
 * A worker that dies unplanned is forked again. Listens on 127.0.0.1 only.
 */

const cluster = require('node:cluster');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const [stack, port, keyPathFile, workerCount] = process.argv.slice(2);
const REPO = path.resolve(__dirname, '..', '..');
const DRAIN_TIMEOUT_MS = 10_000;

if (cluster.isPrimary) {
  runPrimary();
} else {
  runWorker();
}

function runPrimary() {
  const planned = new Set(); // workers we are retiring: their exit is not a fault
  const currentKeyFile = () => fs.readFileSync(keyPathFile, 'utf8').trim();
  const fork = () => cluster.fork({ LOADTEST_KEY_FILE: currentKeyFile() });

  cluster.on('exit', (worker) => {
    if (planned.delete(worker.id) || shuttingDown) return;
    fork(); // unplanned death (kill -9): respawn, as php-fpm's master does
  });

  let shuttingDown = false;
  let rotating = false;
  process.on('SIGHUP', async () => {
    if (rotating) return;
    rotating = true;
    for (const old of Object.values(cluster.workers)) {
      const fresh = fork();
      await new Promise((resolve) => fresh.once('listening', resolve));
      planned.add(old.id);
      const exited = new Promise((resolve) => old.once('exit', resolve));
      old.send('drain');
      const timer = setTimeout(() => old.process.kill('SIGKILL'), DRAIN_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    rotating = false;
    console.log(`rotated: workers ${Object.values(cluster.workers).map((w) => w.process.pid).join(' ')}`);
  });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      shuttingDown = true;
      for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGKILL');
      process.exit(0);
    });
  }
  // Exit with the driver: never outlive scripts/loadtest.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
  }, 1000).unref();
  for (let i = 0; i < Number(workerCount); i++) fork();
}

function runWorker() {
  const signingKey = fs.readFileSync(process.env.LOADTEST_KEY_FILE, 'utf8');
  const options = { apiKey: process.env.LOADTEST_API_KEY, apiSecret: process.env.LOADTEST_API_SECRET, signingKey };
  const routes = { '/constant': () => 'constant' };
  if (stack === 'ours') {
    const { EngagespotClient } = require(path.join(REPO, 'bindings', 'node'));
    const client = EngagespotClient(options);
    routes['/token'] = (user) => client.generateUserToken(user);
    routes['/token-async'] = (user) => client.generateUserTokenAsync(user);
  } else {
    const { EngagespotClient } = require(path.join(REPO, 'loadtest', 'official-sdk', 'node_modules', '@engagespot', 'node'));
    const client = EngagespotClient(options);
    routes['/token'] = (user) => client.generateUserToken(user);
  }

  let draining = false;
  const reply = (res, status, body) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    // While draining, every answer closes its connection, so clients reconnect to a new worker.
    if (draining) headers.connection = 'close';
    res.writeHead(status, headers);
    res.end(body);
  };
  const server = http.createServer(async (req, res) => {
    const query = req.url.indexOf('?');
    const route = routes[query < 0 ? req.url : req.url.slice(0, query)];
    const user = query < 0 ? null : new URLSearchParams(req.url.slice(query + 1)).get('user');
    if (!route) return reply(res, 404, '{}');
    if (!user) return reply(res, 400, '{}');
    try {
      reply(res, 200, JSON.stringify({ token: await route(user) }));
    } catch (error) {
      reply(res, 500, JSON.stringify({ error: error.code || 'error' }));
    }
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(port), '127.0.0.1');

  process.on('message', (message) => {
    if (message !== 'drain') return;
    draining = true;
    // net.Server's close stops new connections but, unlike http.Server's, leaves idle keep-alive
    // connections open: closing one could race with a request the client is sending on it.
    net.Server.prototype.close.call(server, () => process.exit(0));
  });
}
