"""Issue 20 (hardening, round 3) from Python: numbers as identifiers and
options, the signing key passed as the API key, and client creation that
lets other threads run while a key file is read."""

import os
import subprocess
import sys

import pytest
from conftest import API_KEY, KEYS, key_text, verify_with_pyjwt

from engagespot_token import EngagespotClient, EngagespotTokenTypeError, InvalidArgumentError

TEST_BUILD = os.environ.get("ENGAGESPOT_TOKEN_TEST_BUILD")


@pytest.fixture(scope="module")
def client() -> EngagespotClient:
    return EngagespotClient(api_key=API_KEY, signing_key=key_text("rsa2048.pkcs8.pem"))


@pytest.mark.parametrize("number", [10**5000, -(10**5000), 10**1024], ids=["10**5000", "-10**5000", "10**1024"])
def test_an_integer_of_over_1024_digits_is_too_long(client, number):
    # Item 7: Python refuses to print such an int (sys.get_int_max_str_digits), which read as a wrong type.
    with pytest.raises(InvalidArgumentError) as raised:
        client.generate_user_token(number)
    assert raised.value.name == "ES_IDENTIFIER_TOO_LONG"
    assert "at most 1024 bytes" in str(raised.value)


def test_the_longest_integer_identifier_is_minted(client):
    number = 10**1023
    assert verify_with_pyjwt(client.generate_user_token(number))["sub"] == f"user:{number}"


@pytest.mark.parametrize("value", [1e300, 1e19, float(2**63)])
def test_a_huge_float_lifetime_is_not_called_a_fraction(client, value):
    # Item 7: it said "not a fraction, NaN or infinity". Options take integers
    # (tests/conformance/README.md): a float is the wrong type, whatever its value.
    with pytest.raises(EngagespotTokenTypeError) as raised:
        client.generate_user_token("u", expires_in=value)
    assert raised.value.name == "ES_WRONG_TYPE"
    assert "must be an integer number of seconds" in str(raised.value)
    assert "fraction" not in str(raised.value)


def test_a_huge_integer_lifetime_is_out_of_range(client):
    with pytest.raises(InvalidArgumentError) as raised:
        client.generate_user_token("u", expires_in=10**300)
    assert raised.value.name == "ES_INVALID_EXPIRY"
    assert "from 1 to" in str(raised.value)


class Disguised(int):
    """An int whose conversions disagree with the value it holds and prints."""

    def __int__(self) -> int:
        return 7

    def __index__(self) -> int:
        return 8


def test_an_int_subclass_mints_the_value_it_holds_and_prints(client):
    # Item 7: int(value) called the subclass's __int__ and minted user:7 for a value that prints as 5.
    value = Disguised(5)
    assert str(value) == "5"
    token = client.generate_user_token(value)
    assert verify_with_pyjwt(token)["sub"] == "user:5"


def test_the_signing_key_passed_as_the_api_key_is_refused():
    # Item 5: it would be copied into every token.
    pem = key_text("rsa2048.pkcs8.pem")
    with pytest.raises(InvalidArgumentError) as raised:
        EngagespotClient(api_key=pem, signing_key=pem)
    assert raised.value.name == "ES_API_KEY_HOLDS_PEM"
    body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
    assert body[:16] not in str(raised.value)


BLOCKING = """
import os, sys, threading, time
from engagespot_token import EngagespotClient
gate = sys.argv[2]
result = {}
def build():
    try:
        result["client"] = EngagespotClient(api_key="k", signing_key="file://" + sys.argv[1])
    except Exception as error:
        result["error"] = error
worker = threading.Thread(target=build)
worker.start()
# The core blocks reading the key file until the gate file appears; this
# thread can only create it if creation let go of the GIL.
for _ in range(2000):
    if os.path.exists(os.path.join(gate, "entered")):
        break
    time.sleep(0.01)
open(os.path.join(gate, "go"), "w").close()
worker.join()
print(repr(result.get("error", "built")), os.path.exists(os.path.join(gate, "entered")))
"""


@pytest.mark.skipif(not TEST_BUILD, reason="needs the test build (scripts/test-python)")
def test_other_threads_run_while_a_client_is_built(tmp_path):
    # Item 4: a key file on a hung mount blocks only the thread building the client.
    env = {**os.environ, "PYTHONPATH": TEST_BUILD, "ENGAGESPOT_TOKEN_FAULT": f"block:key_file:{tmp_path}"}
    done = subprocess.run(
        [sys.executable, "-c", BLOCKING, str(KEYS / "rsa2048.pkcs8.pem"), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    # Built, and only after the core had waited where the key file is read.
    assert done.stdout.strip() == "'built' True", done.stdout
