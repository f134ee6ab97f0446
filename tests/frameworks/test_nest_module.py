"""engagespot-token/nest beyond the example's forRoot: forRootAsync with a factory,
a custom path behind the app's guard, and the client injected into an app's own
provider. A script in the NestJS example's directory (its node_modules, its
compiled guard) serves on a port the OS picks and prints what it got; PyJWT
verifies the tokens."""

import json
import subprocess
import uuid

import jwt

from endpoint_contract import DEMO_KEY, ROOT, example_environment

EXAMPLES = ROOT / "examples" / "frameworks"
APP = EXAMPLES / "nest"

SCRIPT = """
import 'reflect-metadata';
import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ENGAGESPOT_CLIENT, EngagespotTokenModule } from 'engagespot-token/nest';
import { BasicSignInGuard } from './dist/basic-sign-in.guard.js';

/** An app's own provider, given the module's client. */
class Probe {
  constructor(client) { this.client = client; }
}
Inject(ENGAGESPOT_CLIENT)(Probe, undefined, 0);
Injectable()(Probe);

class AppModule {}
Module({
  imports: [EngagespotTokenModule.forRootAsync({
    useFactory: async () => ({ apiKey: 'async-api-key', signingKey: process.env.TEST_SIGNING_KEY }),
    guards: [BasicSignInGuard],
    path: 'custom/token',
  })],
  providers: [Probe],
})(AppModule);

const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
await app.listen(0, '127.0.0.1');
const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
const answers = [];
for (const headers of [{ Authorization: `Basic ${btoa('zoe:any')}` }, {}]) {
  const response = await fetch(`${url}/custom/token`, { headers });
  answers.push({ status: response.status, cacheControl: response.headers.get('cache-control'), body: await response.json() });
}
const injected = await app.get(Probe).client.generateUserTokenAsync('probe');
await app.close();
console.log(JSON.stringify({ answers, injected }));
"""


def claims(token):
    return jwt.decode(token, (DEMO_KEY / "public.pem").read_text(), algorithms=["RS256"])


def test_for_root_async_serves_its_path_behind_the_guard_and_injects_the_client():
    # The example's dependencies, as its run script installs them, and its guard compiled to dist/.
    subprocess.run(["bash", "-c", f'source "{EXAMPLES}/lib.sh"; node_example "{APP}"'], check=True,
                   capture_output=True, timeout=900)
    subprocess.run([str(APP / "node_modules" / ".bin" / "tsc"), "-p", str(APP)], check=True, capture_output=True,
                   timeout=600)
    script = APP / f".check-{uuid.uuid4().hex}.mjs"
    script.write_text(SCRIPT)
    try:
        # The in-tree addon, as node_example points the run scripts at it.
        env = example_environment(0, TEST_SIGNING_KEY=(DEMO_KEY / "private.pem").read_text(),
                                  ENGAGESPOT_TOKEN_NODE_ADDON=str(ROOT / "bindings" / "node" / "engagespot_token.node"))
        done = subprocess.run(["node", str(script)], cwd=APP, env=env, capture_output=True, text=True, timeout=120)
    finally:
        script.unlink()
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    signed_in, anonymous = result["answers"]
    assert signed_in["status"] == 200, signed_in
    assert claims(signed_in["body"]["token"])["sub"] == "user:zoe"
    assert claims(signed_in["body"]["token"])["apiKey"] == "async-api-key"
    assert "no-store" in signed_in["cacheControl"]
    assert anonymous["status"] == 401, anonymous
    assert "no-store" in (anonymous["cacheControl"] or "")
    assert claims(result["injected"])["sub"] == "user:probe"
