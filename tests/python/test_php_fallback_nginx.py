"""The PHP package's ext-openssl fallback as a new user meets it: php-fpm (Debian's
php8.2-fpm, its own configuration, so the default ffi.enable=preload) behind nginx,
without the preload recipe. The fallback serves tokens, PyJWT verifies them, and the
fallback is announced once in nginx's error log ("FastCGI sent in stderr").
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import jwt
import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "tests" / "keys"
REQUESTS = 12

SCRIPT = """<?php
require {bootstrap!r};
use Engagespot\\EngagespotClient;
$engagespot = new EngagespotClient(['apiKey' => 'nginx-api-key', 'apiSecret' => 's',
    'signingKey' => file_get_contents({key!r})]);
header('X-Engagespot-Backend: ' . EngagespotClient::backend());
echo $engagespot->generateUserToken($_GET['user'] ?? 'nobody');
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, what, log):
    for _ in range(100):
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"{what} did not start: {log.read_text() if log.exists() else ''}")


@pytest.fixture
def server():
    missing = [tool for tool in ("nginx", "php-fpm8.2") if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run scripts/setup")
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="engagespot-nginx-") as tmp:
        tmp = Path(tmp)
        fpm_socket, port = tmp / "fpm.sock", free_port()
        (tmp / "token.php").write_text(
            SCRIPT.format(bootstrap=str(ROOT / "bindings/php/tests/bootstrap.php"), key=str(KEYS / "rsa2048.pkcs8.pem"))
        )
        (tmp / "fpm.conf").write_text(
            f"[global]\nerror_log = {tmp}/fpm.log\ndaemonize = no\n[www]\nlisten = {fpm_socket}\n"
            f"listen.mode = 0666\nuser = {user}\npm = static\npm.max_children = 2\n"
        )
        (tmp / "nginx.conf").write_text(
            f"""{"user root;" if os.geteuid() == 0 else ""}
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log notice;
worker_processes 1;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body; fastcgi_temp_path {tmp}/fastcgi; proxy_temp_path {tmp}/proxy;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location = /token {{
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME {tmp}/token.php;
      fastcgi_pass unix:{fpm_socket};
    }}
  }}
}}
"""
        )
        # Debian's php-fpm configuration (ffi.enable=preload, no ffi.preload); markers in tmp.
        env = {k: v for k, v in os.environ.items() if k not in ("PHP_INI_SCAN_DIR", "ENGAGESPOT_TOKEN_BACKEND")}
        fpm = subprocess.Popen(
            ["php-fpm8.2", "-F", "-R", "-y", str(tmp / "fpm.conf"), "-d", f"sys_temp_dir={tmp}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
        nginx = subprocess.Popen(
            ["nginx", "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            wait_for(fpm_socket.exists, "php-fpm", tmp / "fpm.log")
            wait_for(lambda: socket.socket().connect_ex(("127.0.0.1", port)) == 0, "nginx", tmp / "nginx-error.log")
            yield f"http://127.0.0.1:{port}/token", tmp / "nginx-error.log"
        finally:
            for process in (nginx, fpm):
                process.send_signal(signal.SIGTERM)
            for process in (nginx, fpm):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


def test_fallback_under_php_fpm_without_preload_serves_tokens_pyjwt_verifies(server):
    url, error_log = server
    public_key = (KEYS / "rsa2048.pub.pem").read_text()
    for i in range(REQUESTS):
        with urllib.request.urlopen(f"{url}?user=user-{i}%40example.com", timeout=10) as response:
            assert response.status == 200
            assert response.headers["X-Engagespot-Backend"] == "openssl"
            token = response.read().decode()
        claims = jwt.decode(token, public_key, algorithms=["RS256"])
        assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT"}
        assert list(claims) == ["sub", "apiKey", "iat", "exp"]
        assert claims["sub"] == f"user:user-{i}@example.com"
        assert claims["apiKey"] == "nginx-api-key"
        assert claims["exp"] - claims["iat"] == 3600
        assert abs(claims["iat"] - time.time()) < 60
    log = error_log.read_text()
    assert log.count("ext-openssl fallback") == 1, log
    assert "FastCGI sent in stderr" in log and "ffi.preload=" in log, log
