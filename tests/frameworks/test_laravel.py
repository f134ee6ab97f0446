"""The Laravel integration (bindings/php/src/Laravel) in examples/frameworks/laravel,
on Debian's Laravel 8.83 behind `php artisan serve`: the token endpoint's contract,
the published config, and the facade.
"""

import json
import subprocess

from endpoint_contract import (API_KEY, DEMO_KEY, ROOT, EndpointContract, ExampleServer, example_environment, free_port,
                               verified_claims)

APP = ROOT / "examples" / "frameworks" / "laravel"
PACKAGE_CONFIG = ROOT / "bindings" / "php" / "config" / "engagespot.php"


def php(args, env, timeout=60):
    """`php ARGS` in the example app, bounded by `timeout`."""
    return subprocess.run(["php", *args], cwd=APP, env=env, capture_output=True, text=True, timeout=timeout)


class TestLaravel(EndpointContract):
    example = "laravel"
    key_error = "InvalidSigningKeyException"

    def test_vendor_publish_writes_the_config_without_any_key_set(self, server):
        published = APP / "config" / "engagespot.php"
        assert not published.exists(), "the example must not carry a published config of its own"
        try:
            result = php(["artisan", "vendor:publish", "--tag=engagespot-config"], example_environment(0))
            assert result.returncode == 0, result.stdout + result.stderr
            assert published.read_bytes() == PACKAGE_CONFIG.read_bytes()
        finally:
            published.unlink(missing_ok=True)

    def test_facade_and_container_share_one_client(self, server):
        script = """
            $app = require 'bootstrap/app.php';
            $app->make(Illuminate\\Contracts\\Console\\Kernel::class)->bootstrap();
            $client = $app->make(Engagespot\\EngagespotClient::class);
            echo json_encode([
                'shared' => $client === $app->make('engagespot') && $client === Engagespot::getFacadeRoot(),
                'token' => Engagespot::generateUserToken('carol'),
            ]);
        """
        env = example_environment(0, ENGAGESPOT_API_KEY=API_KEY,
                                  ENGAGESPOT_PRIVATE_SIGNING_KEY=(DEMO_KEY / "private.pem").read_text())
        result = php(["-r", script], env)
        assert result.returncode == 0, result.stdout + result.stderr
        answer = json.loads(result.stdout)
        assert answer["shared"] is True
        assert verified_claims(answer["token"])["sub"] == "user:carol"

    def test_without_signing_key_every_http_request_fails_at_boot(self, server):
        """Under a web server (here PHP's, without `artisan serve`), Laravel boots per request: the
        provider's client fails every request, not only the token route's, with the core's error."""
        port = free_port()
        env = example_environment(port, ENGAGESPOT_API_KEY=API_KEY, PHP_INI_SCAN_DIR=f":{APP / 'php.ini.d'}")
        web = ExampleServer.command(["php", "-S", f"127.0.0.1:{port}", "server.php"], APP, env)
        try:
            web.wait_until_serving()
            status, _, _ = web.get("/")
            assert status == 500
            assert "signing key is missing" in web.output() and "ENGAGESPOT_PRIVATE_SIGNING_KEY" in web.output()
        finally:
            web.stop()
