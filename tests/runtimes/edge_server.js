'use strict';
/**
 * Serves tests/runtimes/app-edge.mjs in Vercel's edge runtime (npm
 * edge-runtime) on 127.0.0.1, on a port the OS picks, and prints its URL.
 * The app is bundled as Vercel's bundler does for an Edge Function: esbuild
 * with the `edge-light` condition first, and `*.wasm?module` imports bound to
 * a WebAssembly.Module compiled outside the sandbox (which refuses to compile
 * wasm itself). Exits when stdin closes.
 *   node edge_server.js PACKAGE_DIR   (ENGAGESPOT_PRIVATE_SIGNING_KEY: the key)
 */
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const { EdgeRuntime, runServer } = require('edge-runtime');

async function main() {
  const app = process.argv[2];
  const modules = {};
  const bundle = await esbuild.build({
    entryPoints: [path.join(app, 'app-edge.mjs')],
    absWorkingDir: app,
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['edge-light', 'worker', 'browser'],
    plugins: [{
      name: 'wasm-module',
      setup(build) {
        build.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({
          path: path.join(args.resolveDir, args.path.replace(/\?module$/, '')),
          namespace: 'wasm-module',
        }));
        build.onLoad({ filter: /.*/, namespace: 'wasm-module' }, (args) => {
          const name = `__wasm_${Object.keys(modules).length}`;
          modules[name] = new WebAssembly.Module(fs.readFileSync(args.path));
          return { contents: `export default globalThis.${name};`, loader: 'js' };
        });
      },
    }],
  });
  const runtime = new EdgeRuntime({
    initialCode: bundle.outputFiles[0].text,
    extend: (context) => Object.assign(context, modules, {
      process: { env: { ENGAGESPOT_PRIVATE_SIGNING_KEY: process.env.ENGAGESPOT_PRIVATE_SIGNING_KEY } },
    }),
  });
  const server = await runServer({ runtime, port: 0, host: '127.0.0.1' });
  console.log(server.url);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await server.close();
    process.exit(0);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
