"""No panic reaches Python: with the core's fault-injection feature (the test
build that scripts/test-python names in $ENGAGESPOT_TOKEN_TEST_BUILD), each
export panics where $ENGAGESPOT_TOKEN_FAULT says, and Python gets an
EngagespotTokenError named ES_PANIC, not a crash or a PanicException."""

import os
import subprocess
import sys

import pytest
from conftest import KEYS, header_status_codes

TEST_BUILD = os.environ.get("ENGAGESPOT_TOKEN_TEST_BUILD")
pytestmark = pytest.mark.skipif(not TEST_BUILD, reason="needs the test build (scripts/test-python)")

SCRIPT = """
import sys
from engagespot_token import EngagespotClient, EngagespotTokenError
pem = open(sys.argv[1]).read()
try:
    EngagespotClient(api_key="k", signing_key=pem).generate_user_token("alice")
except EngagespotTokenError as error:
    print(type(error).__name__, error.code, error.name, isinstance(error, (ValueError, TypeError)))
    print(error)
"""


@pytest.mark.parametrize("site", ["client_new", "mint"])
def test_a_panic_at_each_export_is_an_es_panic_error(site):
    env = {**os.environ, "PYTHONPATH": TEST_BUILD, "ENGAGESPOT_TOKEN_FAULT": site}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(KEYS / "rsa2048.pkcs8.pem")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    first, message = done.stdout.splitlines()
    code = dict(header_status_codes())["ES_PANIC"]
    assert first == f"EngagespotTokenError {code} ES_PANIC False"
    assert "panicked" in message and "injected" not in message


def test_the_test_build_mints_normally_without_a_fault():
    env = {k: v for k, v in os.environ.items() if k != "ENGAGESPOT_TOKEN_FAULT"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(KEYS / "rsa2048.pkcs8.pem")],
        env={**env, "PYTHONPATH": TEST_BUILD},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stdout == "", done.stdout + done.stderr
