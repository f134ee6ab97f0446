"""examples/frameworks/symfony, on Debian's Symfony 5.4 behind PHP's built-in
server: the token endpoint's contract, and the bundle's boot-time check on
every web request."""

import hashlib

from contract_extras import ExtendedContract
from endpoint_contract import API_KEY, ROOT, ExampleServer, example_environment, free_port

APP = ROOT / "examples" / "frameworks" / "symfony"


class TestSymfony(ExtendedContract):
    example = "symfony"
    key_error = "InvalidSigningKeyException"
    api_key_error = "InvalidArgumentException"

    def test_without_signing_key_every_web_request_fails_at_kernel_boot(self, server):
        """Served without `run`'s engagespot:check (the `server` fixture has installed the app): the
        bundle builds the client as the kernel boots, so any route fails with the core's error."""
        port = free_port()
        env = example_environment(port, ENGAGESPOT_API_KEY=API_KEY, PHP_INI_SCAN_DIR=f":{APP / 'php.ini.d'}",
                                  EXAMPLE_CACHE_KEY="contract-" + hashlib.sha256(str(port).encode()).hexdigest()[:8])
        web = ExampleServer.command(["php", "-S", f"127.0.0.1:{port}", "-t", "public", "public/index.php"], APP, env)
        try:
            web.wait_until_serving()
            status, _, _ = web.get("/no-such-page")
            assert status == 500
            assert "InvalidSigningKeyException" in web.output()
            assert "signing key is missing" in web.output() and "ENGAGESPOT_PRIVATE_SIGNING_KEY" in web.output()
        finally:
            web.stop()
