"""The token endpoint's contract (issue 24), played against a framework's example
app started by its own `examples/frameworks/<name>/run` on a free 127.0.0.1 port.

A test module subclasses EndpointContract with the example's name and the
exception class its integration raises for a rejected key. Tokens are checked
with PyJWT and the demo public key only: nothing here uses engagespot-token.
"""

import base64
import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

import jwt
import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_KEY = ROOT / "examples" / "demo-key"
API_KEY = "framework-contract-api-key"
# Generous for a first run, which installs the example's own dependencies (npm ci
# and `next build`, or a venv from PyPI, take minutes on 2 busy cores).
START_TIMEOUT = 600
STOP_TIMEOUT = 10
REQUEST_TIMEOUT = 30

SIGNED_IN = "alice@example.com"
VICTIM = "mallory"

# Two accounts every example's sign-in stand-in knows, whose ids have the types of its framework's
# user models (issue 28, item 4n): a UUID primary key (uuid.UUID in Django, a Uid object in Symfony,
# a string where the framework keeps UUIDs as strings) and an integer one. Every other Basic username
# is its own string id. Only the example's user store knows these ids: a token for them shows that
# the integration's default id took the framework's type.
UUID_KEYED = ("uuid-keyed", "3f2c8b1e-9a4d-4c6b-8e7f-0a1b2c3d4e5f")
INTEGER_KEYED = ("integer-keyed", 4711)

# Every way a request might try to name another user. None may change the `sub`.
IMPERSONATION_ATTEMPTS = {
    "query ?id=": {"query": {"id": VICTIM}},
    "query ?user=": {"query": {"user": VICTIM}},
    "query ?userId=": {"query": {"userId": VICTIM}},
    "query ?user_id= and ?sub=": {"query": {"user_id": VICTIM, "sub": f"user:{VICTIM}"}},
    "JSON body": {"json": {"id": VICTIM, "user": VICTIM, "userId": VICTIM, "user_id": VICTIM}},
    "form body": {"form": {"id": VICTIM, "user": VICTIM, "userId": VICTIM, "user_id": VICTIM}},
    "headers": {"headers": {"X-User-Id": VICTIM, "X-User": VICTIM, "X-Forwarded-User": VICTIM, "X-Remote-User": VICTIM}},
    "cookies": {"headers": {"Cookie": f"id={VICTIM}; user={VICTIM}; userId={VICTIM}; user_id={VICTIM}; sub=user:{VICTIM}"}},
}


def free_port():
    """A port the OS says is free on 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def example_environment(port, **overrides):
    """The environment `run` gets: ours without any Engagespot setting, plus PORT and `overrides`."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("ENGAGESPOT_")}
    env.update(PORT=str(port), **overrides)
    return env


def accepts_connections(port):
    """Whether something listens on 127.0.0.1:`port`."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class ExampleServer:
    """`examples/frameworks/<name>/run` in its own process group, so stopping it stops its children too."""

    def __init__(self, name, env, command=None, cwd=None):
        self.name = name
        self.port = int(env["PORT"])
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            command or [str(ROOT / "examples" / "frameworks" / name / "run")], cwd=cwd,
            env=env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    @classmethod
    def command(cls, command, cwd, env):
        """Another command than `run` (e.g. a bare web server), stopped the same way."""
        return cls(command[0], env, command=command, cwd=cwd)

    def output(self):
        """Everything the process printed so far (stdout and stderr)."""
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def wait_until_serving(self):
        """Returns once the port accepts connections; fails the test if the process exits first or START_TIMEOUT passes."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"{self.name}/run exited with {self.process.returncode} before serving:\n{self.output()}")
            if accepts_connections(self.port):
                return
            time.sleep(0.2)
        pytest.fail(f"{self.name}/run did not listen on 127.0.0.1:{self.port} in {START_TIMEOUT} s:\n{self.output()}")

    def wait_for_failed_boot(self):
        """The exit status of `run` stopping by itself; fails the test if it serves instead, or still runs after START_TIMEOUT."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return self.process.returncode
            if accepts_connections(self.port):
                pytest.fail(f"{self.name}/run listened on 127.0.0.1:{self.port}, though its boot should fail:\n{self.output()}")
            time.sleep(0.2)
        pytest.fail(f"{self.name}/run still running after {START_TIMEOUT} s:\n{self.output()}")

    def stop(self):
        """SIGTERM to the whole process group, then SIGKILL if it outlives STOP_TIMEOUT."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
                break
            except subprocess.TimeoutExpired:
                continue
        self.log.close()

    def get(self, path="/engagespot/token", user=None, query=None, headers=None, json_body=None, form=None):
        """GET `path` (HTTP Basic as `user`, any password): (status, headers, body bytes)."""
        headers = dict(headers or {})
        body = None
        if user is not None:
            headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:any-password".encode()).decode()
        if json_body is not None:
            body, headers["Content-Type"] = json.dumps(json_body), "application/json"
        if form is not None:
            body, headers["Content-Type"] = urllib.parse.urlencode(form), "application/x-www-form-urlencoded"
        if query:
            path += "?" + urllib.parse.urlencode(query)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request("GET", path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()


def verified_claims(token):
    """The token's claims, once PyJWT has checked its RS256 signature with the demo public key and its exp."""
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT"}
    return jwt.decode(token, (DEMO_KEY / "public.pem").read_text(), algorithms=["RS256"],
                      options={"require": ["sub", "iat", "exp"]})


class EndpointContract:
    """The contract; subclasses set `example` (the directory name) and `key_error` (the exception class name)."""

    example = None
    key_error = None
    # How the integration shows the core's ES_KEY_MALFORMED: the same exception class as key_error
    # except where key_error is a code (Node).
    broken_key_error = None

    @pytest.fixture(scope="class")
    def server(self):
        """The example, serving with the demo key, for every test of the class; always stopped."""
        env = example_environment(free_port(), ENGAGESPOT_API_KEY=API_KEY,
                                  ENGAGESPOT_PRIVATE_SIGNING_KEY=(DEMO_KEY / "private.pem").read_text())
        server = ExampleServer(self.example, env)
        try:
            server.wait_until_serving()
            yield server
        finally:
            server.stop()

    def token_response(self, server, **request):
        """(headers, parsed JSON) of a request that must succeed with JSON."""
        status, headers, body = server.get(**request)
        assert status == 200, f"{status}: {body[:500]!r}"
        assert headers.get_content_type() == "application/json"
        return headers, json.loads(body)

    def test_signed_in_user_gets_their_own_token_verified_by_pyjwt(self, server):
        _, answer = self.token_response(server, user=SIGNED_IN)
        claims = verified_claims(answer["token"])
        assert claims["sub"] == f"user:{SIGNED_IN}"
        assert claims["apiKey"] == API_KEY

    def test_each_signed_in_user_gets_a_token_for_themselves(self, server):
        for user in ("bob", "42"):
            _, answer = self.token_response(server, user=user)
            assert verified_claims(answer["token"])["sub"] == f"user:{user}"

    def test_uuid_keyed_user_gets_a_token_for_their_uuid(self, server):
        username, uuid = UUID_KEYED
        _, answer = self.token_response(server, user=username)
        assert verified_claims(answer["token"])["sub"] == f"user:{uuid}"

    def test_integer_keyed_user_gets_a_token_for_their_integer_id(self, server):
        username, number = INTEGER_KEYED
        _, answer = self.token_response(server, user=username)
        assert verified_claims(answer["token"])["sub"] == f"user:{number}"

    def test_anonymous_request_gets_401(self, server):
        status, _, body = server.get()
        assert status == 401, f"{status}: {body[:500]!r}"

    def test_anonymous_request_naming_a_user_still_gets_401(self, server):
        status, _, body = server.get(query={"id": VICTIM}, headers={"X-User-Id": VICTIM})
        assert status == 401, f"{status}: {body[:500]!r}"

    @pytest.mark.parametrize("attempt", IMPERSONATION_ATTEMPTS.values(), ids=IMPERSONATION_ATTEMPTS.keys())
    def test_request_naming_another_user_gets_the_signed_in_users_token(self, server, attempt):
        _, answer = self.token_response(server, user=SIGNED_IN, query=attempt.get("query"),
                                        headers=attempt.get("headers"), json_body=attempt.get("json"),
                                        form=attempt.get("form"))
        assert verified_claims(answer["token"])["sub"] == f"user:{SIGNED_IN}"

    def test_response_is_not_stored_and_expires_at_is_the_tokens_exp(self, server):
        headers, answer = self.token_response(server, user=SIGNED_IN)
        directives = {d.strip().lower() for d in headers.get("Cache-Control", "").split(",")}
        assert "no-store" in directives, headers.get("Cache-Control")
        assert set(answer) == {"token", "expiresAt"}
        assert type(answer["expiresAt"]) is int
        assert answer["expiresAt"] == verified_claims(answer["token"])["exp"]

    def failed_boot_output(self, **settings):
        """What the example printed when it stopped by itself with only `settings` set; fails the test if it
        exited with 0."""
        server = ExampleServer(self.example, example_environment(free_port(), **settings))
        try:
            status = server.wait_for_failed_boot()
            output = server.output()
        finally:
            server.stop()
        assert status != 0, output
        return output

    def test_missing_signing_key_fails_at_boot_naming_the_variable(self):
        output = self.failed_boot_output(ENGAGESPOT_API_KEY=API_KEY)
        # The core's ES_KEY_MISSING error, as the binding's exception for a rejected key.
        assert self.key_error in output, output
        assert "signing key is missing" in output and "ENGAGESPOT_PRIVATE_SIGNING_KEY" in output, output

    def test_broken_signing_key_fails_at_boot_without_logging_it(self):
        pem = (DEMO_KEY / "private.pem").read_text().strip().splitlines()
        body = pem[1:-1]
        # Half the key's base64 body: a PEM that parses as text but whose DER is cut short.
        broken = "\n".join([pem[0], *body[: len(body) // 2], pem[-1]]) + "\n"
        output = self.failed_boot_output(ENGAGESPOT_API_KEY=API_KEY, ENGAGESPOT_PRIVATE_SIGNING_KEY=broken)
        assert (self.broken_key_error or self.key_error) in output, output
        leaked = [line for line in body if line[:24] in output]
        assert leaked == [], f"key text in the output: {leaked}"
