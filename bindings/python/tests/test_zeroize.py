"""Secret hygiene on the Rust heap: with the test-only `zeroize-audit` build
(scripts/test-python builds it and names it in $ENGAGESPOT_TOKEN_TEST_BUILD),
a global allocator searches every freed Rust block for the API secret and for
bytes of the key's text and DER. Python's own objects are not searched."""

import base64
import importlib
import os
import sys

import pytest
from conftest import KEYS

AUDIT_PATH = os.environ.get("ENGAGESPOT_TOKEN_TEST_BUILD")
pytestmark = pytest.mark.skipif(not AUDIT_PATH, reason="needs the test build (scripts/test-python)")
SECRET = "zeroize-me-api-secret-" + os.urandom(6).hex()


@pytest.fixture(scope="module")
def audit():
    """The audit build of the package, imported instead of the normal one."""
    saved = {name: module for name, module in sys.modules.items() if name.startswith("engagespot_token")}
    for name in saved:
        del sys.modules[name]
    sys.path.insert(0, AUDIT_PATH)
    try:
        package = importlib.import_module("engagespot_token")
        assert package.__file__.startswith(AUDIT_PATH)
        yield package
    finally:
        sys.path.remove(AUDIT_PATH)
        for name in [n for n in sys.modules if n.startswith("engagespot_token")]:
            del sys.modules[name]
        sys.modules.update(saved)


def needles():
    pem = (KEYS / "rsa3072.pkcs8.pem").read_text()
    body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
    der = base64.b64decode(body)
    # From deep inside the key: base64 text and raw DER (private exponent region).
    return pem, [SECRET.encode(), body[1200:1232].encode(), der[900:932]]


def test_the_allocator_sees_an_unwiped_copy(audit):
    """The control: PyO3's default `String` extraction leaves a copy."""
    native = audit._native
    native.audit_watch([SECRET.encode()])
    native.audit_leak_control(SECRET)
    assert native.audit_stop()[0] >= 1


def test_secret_and_key_copies_are_wiped_before_they_are_freed(audit, monkeypatch):
    native = audit._native
    pem, watched = needles()
    # Every accepted form, each parsed afresh (distinct texts miss the key cache),
    # passed as str, as bytes, and through the environment.
    forms = [pem, pem.strip().replace("\n", "\\n"), pem.replace("\n", "\r\n"), base64.b64encode(pem.encode()).decode(), f'  "{pem.strip()}"  ']
    native.audit_watch(watched)
    for i, text in enumerate(forms):
        for variant in ("str", "bytes", "environment"):
            text = text + " " * (1 + ("str", "bytes", "environment").index(variant))  # a new text for the cache
            if variant == "environment":
                monkeypatch.setenv("ENGAGESPOT_PRIVATE_SIGNING_KEY", text)
                key = None
            else:
                key = text if variant == "str" else text.encode()
            client = audit.EngagespotClient(api_key="k", api_secret=SECRET, signing_key=key)
            client.generate_user_token(f"user-{i}")
            del client
    found = native.audit_stop()
    assert found == [0, 0, 0], f"freed Rust blocks holding: secret {found[0]}, key text {found[1]}, key DER {found[2]}"
