"""The npm package on JavaScript runtimes other than Node, from npm (pinned in
package.json here, installed by scripts/setup): Bun and Deno through
`require` and `import` on both backends, Cloudflare's workerd and Vercel's
edge-runtime serving a function on 127.0.0.1. The package is packed with
`npm pack` and installed into an empty directory, as users install it; the
native addon comes from the build in bindings/node. Tokens are verified with
PyJWT. Each server runs on a port the OS picks, and every request has a
timeout."""

import contextlib
import json
import os
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import jwt
import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = HERE / "node_modules" / ".bin"
PACKAGE = ROOT / "bindings" / "node"
ADDON = PACKAGE / "engagespot_token.node"
PRIVATE = (ROOT / "tests" / "keys" / "rsa2048.pkcs8.pem").read_text()
PUBLIC = (ROOT / "tests" / "keys" / "rsa2048.pub.pem").read_text()
API_KEY = "demo-api-key"

SNIPPET = """
const client = EngagespotClient({ apiKey: 'demo-api-key', apiSecret: 'secret', signingKey: process.env.TEST_SIGNING_KEY });
let badKey = null;
try { EngagespotClient({ apiKey: 'demo-api-key', signingKey: process.env.TEST_PUBLIC_KEY }); } catch (error) { badKey = error.code; }
const token = client.generateUserToken('identifier');
client.generateUserTokenAsync('async-identifier').then((later) =>
  console.log(JSON.stringify({ backend: client.backend, token, later, badKey })));
"""


def claims(token: str) -> dict:
    """PyJWT's check of an RS256 token against the test key's public half."""
    return jwt.decode(token, PUBLIC, algorithms=["RS256"])


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """An empty directory with the packed package installed and the test apps."""
    for tool in ("bun", "deno", "workerd", "esbuild"):
        if not (BIN / tool).exists():
            pytest.fail(f"{BIN / tool} is missing: run scripts/setup")
    if not (PACKAGE / "engagespot_token.wasm").exists() or not ADDON.exists():
        pytest.fail("build the addon and the .wasm first: scripts/test-node (or scripts/build-wasm and npm run build)")
    directory = tmp_path_factory.mktemp("app")
    tarball = subprocess.run(
        ["npm", "pack", "--silent", "--pack-destination", str(directory)],
        cwd=PACKAGE, check=True, capture_output=True, text=True, timeout=120,
    ).stdout.strip().splitlines()[-1]
    (directory / "package.json").write_text('{"private": true, "type": "commonjs"}\n')
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--offline", "--loglevel=error", str(directory / tarball)],
        cwd=directory, check=True, timeout=120,
    )
    (directory / "snippet.cjs").write_text("const { EngagespotClient } = require('engagespot-token');\n" + SNIPPET)
    (directory / "snippet.mjs").write_text("import { EngagespotClient } from 'engagespot-token';\n" + SNIPPET)
    for name in ("app-worker.mjs", "app-edge.mjs", "app-hono.mjs", "hono-request.mjs"):
        (directory / name).write_text((HERE / name).read_text())
    # The Hono app's framework, as the app's own dependency (pinned in package.json here).
    (directory / "node_modules" / "hono").symlink_to(HERE / "node_modules" / "hono")
    return directory


def backend_env(backend: str) -> dict:
    env = dict(os.environ, TEST_SIGNING_KEY=PRIVATE, TEST_PUBLIC_KEY=PUBLIC, ENGAGESPOT_TOKEN_BACKEND=backend)
    if backend == "native":
        env["ENGAGESPOT_TOKEN_NODE_ADDON"] = str(ADDON)
    return env


RUNNERS = {
    "bun": lambda script: [str(BIN / "bun"), "run", script],
    "deno": lambda script: [str(BIN / "deno"), "run", "--allow-all", "--quiet", script],
}


@pytest.mark.parametrize("runtime", sorted(RUNNERS))
@pytest.mark.parametrize("backend", ["native", "wasm"])
@pytest.mark.parametrize("script", ["snippet.cjs", "snippet.mjs"])
def test_official_snippet_mints_verifiable_tokens(app, runtime, backend, script):
    done = subprocess.run(
        RUNNERS[runtime](script), cwd=app, env=backend_env(backend), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["backend"] == backend
    assert result["badKey"] == "ES_KEY_IS_PUBLIC"
    assert claims(result["token"])["sub"] == "user:identifier"
    assert claims(result["token"])["apiKey"] == API_KEY
    assert claims(result["later"])["sub"] == "user:async-identifier"


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def check_served(base: str, user: str):
    status, body = get(base + "/token")
    assert status == 200, body
    assert body["backend"] == "wasm"
    assert body["syncError"] == "ES_SYNC_UNAVAILABLE"
    assert claims(body["token"])["sub"] == f"user:{user}"
    status, body = get(base + "/bad")
    assert status == 400
    assert body["error"] == "ES_KEY_MALFORMED"


@contextlib.contextmanager
def workerd_serving(app, tmp_path, entry, bindings):
    """`entry` bundled as wrangler does (esbuild, `workerd` and `worker` conditions,
    .wasm imported as a module), served by workerd on a socket this test bound,
    with text bindings `bindings` (name: file in tmp_path); yields its base URL."""
    subprocess.run(
        [str(BIN / "esbuild"), entry, "--bundle", "--format=esm", "--platform=neutral",
         "--main-fields=module,main", "--conditions=workerd,worker,browser", "--external:*.wasm",
         f"--outfile={tmp_path / 'worker.js'}", "--log-level=warning"],
        cwd=app, check=True, timeout=120,
    )
    wasm = app / "node_modules" / "engagespot-token" / "engagespot_token.wasm"
    (tmp_path / "engagespot_token.wasm").write_bytes(wasm.read_bytes())
    text_bindings = ", ".join(f'(name = "{name}", text = embed "{file}")' for name, file in bindings.items())
    (tmp_path / "config.capnp").write_text(f"""using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "engagespot_token.wasm", wasm = embed "engagespot_token.wasm"),
  ],
  bindings = [{text_bindings}],
  compatibilityDate = "2024-09-23",
);
""")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    server = subprocess.Popen(
        [str(BIN / "workerd"), "serve", str(tmp_path / "config.capnp"), f"--socket-fd=http={listener.fileno()}"],
        pass_fds=[listener.fileno()], stderr=subprocess.PIPE, text=True,
    )
    listener.close()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_cloudflare_workerd_serves_a_token(app, tmp_path):
    (tmp_path / "key.pem").write_text(PRIVATE)
    with workerd_serving(app, tmp_path, "app-worker.mjs", {"SIGNING_KEY": "key.pem"}) as base:
        check_served(base, "worker-user")


def check_hono_answers(signed_in, anonymous, user):
    """The Hono handler's answers: the signed-in user's token, `expiresAt` its exp, and
    a 401 for nobody, both with `Cache-Control: no-store`."""
    assert signed_in["status"] == 200, signed_in
    assert "no-store" in signed_in["cacheControl"]
    assert set(signed_in["body"]) == {"token", "expiresAt"}
    assert claims(signed_in["body"]["token"])["sub"] == f"user:{user}"
    assert claims(signed_in["body"]["token"])["apiKey"] == API_KEY
    assert signed_in["body"]["expiresAt"] == claims(signed_in["body"]["token"])["exp"]
    assert anonymous["status"] == 401, anonymous
    assert "no-store" in anonymous["cacheControl"]


def test_hono_on_workerd_takes_its_settings_from_the_bindings(app, tmp_path):
    """engagespot-token/hono in a module worker: the client is built at the first
    request from c.env (text bindings), on the WebAssembly core."""
    (tmp_path / "key.pem").write_text(PRIVATE)
    (tmp_path / "api-key.txt").write_text(API_KEY)
    bindings = {"ENGAGESPOT_API_KEY": "api-key.txt", "ENGAGESPOT_PRIVATE_SIGNING_KEY": "key.pem"}
    with workerd_serving(app, tmp_path, "app-hono.mjs", bindings) as base:
        answers = []
        for headers in ({"Authorization": "Basic aG9uby11c2VyOmFueQ=="}, {}):  # hono-user:any
            request = urllib.request.Request(base + "/engagespot/token", headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    status, cache, body = response.status, response.headers["Cache-Control"], json.loads(response.read())
            except urllib.error.HTTPError as error:
                status, cache, body = error.code, error.headers["Cache-Control"], json.loads(error.read())
            answers.append({"status": status, "cacheControl": cache or "", "body": body})
        check_hono_answers(*answers, "hono-user")


@pytest.mark.parametrize("runtime", ["bun", "deno", "node"])
def test_hono_app_on_the_webassembly_core(app, runtime):
    """The same app on Bun, Deno and Node with the WebAssembly backend, its settings
    from the process environment, played through app.request."""
    command = ["node", "hono-request.mjs"] if runtime == "node" else RUNNERS[runtime]("hono-request.mjs")
    env = dict(backend_env("wasm"), ENGAGESPOT_API_KEY=API_KEY, ENGAGESPOT_PRIVATE_SIGNING_KEY=PRIVATE)
    done = subprocess.run(command, cwd=app, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["backend"] == "wasm"
    check_hono_answers(*result["answers"], "hono-user")


def test_vercel_edge_runtime_serves_a_token(app):
    """Vercel's edge runtime (npm edge-runtime), the function bundled with the
    `edge-light` condition; the key comes from process.env."""
    server = subprocess.Popen(
        ["node", str(HERE / "edge_server.js"), str(app)],
        cwd=HERE, env=dict(os.environ, ENGAGESPOT_PRIVATE_SIGNING_KEY=PRIVATE),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        url = server.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        check_served(url.rstrip("/"), "edge-user")
    finally:
        server.stdin.close()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.mark.parametrize("conditions", [[], ["worker"], ["worker", "module"], ["import", "worker"]],
                         ids=["browser", "browser-web-worker", "browser-web-worker-module", "browser-import-worker"])
def test_browser_bundle_refuses_with_the_reason(app, tmp_path, conditions):
    """Bundled for a browser, a page or a web worker (esbuild adds `worker`
    for one), importing the package fails, saying why, and the bundle holds
    none of the signing code."""
    (app / "app-browser.mjs").write_text("import { EngagespotClient } from 'engagespot-token';\nconsole.log(EngagespotClient);\n")
    subprocess.run(
        [str(BIN / "esbuild"), "app-browser.mjs", "--bundle", "--format=esm", "--platform=browser",
         *([f"--conditions={','.join(conditions)}"] if conditions else []), "--loader:.wasm=file",
         "--out-extension:.js=.mjs", f"--outdir={tmp_path}", "--log-level=warning"],
        cwd=app, check=True, timeout=120,
    )
    bundle = tmp_path / "app-browser.mjs"
    assert "es_signing_input" not in bundle.read_text(), "the bundle carries the signing glue"
    assert not list(tmp_path.glob("*.wasm")), "the bundle carries the WebAssembly core"
    done = subprocess.run(["node", str(bundle)], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "a signing key never belongs in a browser" in done.stderr
