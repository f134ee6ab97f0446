"""The framework integrations are optional: the plain package imports no web
framework, and the integrations' shared part works without one. The
integrations themselves run against the real frameworks in tests/frameworks."""

import subprocess
import sys

from conftest import API_KEY, key_text, verify_with_pyjwt

FRAMEWORKS = ("django", "flask", "fastapi", "starlette", "werkzeug")


def test_the_package_and_the_shared_endpoint_code_import_no_framework() -> None:
    code = (
        "import sys, engagespot_token, engagespot_token._endpoint\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FRAMEWORKS!r}))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_token_body_carries_the_tokens_exp() -> None:
    from engagespot_token import EngagespotClient
    from engagespot_token._endpoint import token_body

    token = EngagespotClient(api_key=API_KEY, signing_key=key_text("rsa2048.pkcs8.pem")).generate_user_token("a", expires_in=77)
    body = token_body(token)
    assert body["token"] == token
    assert body["expiresAt"] == verify_with_pyjwt(token)["exp"]


def test_signed_in_reads_empty_as_nobody() -> None:
    from engagespot_token._endpoint import signed_in

    assert signed_in("") is None and signed_in(None) is None
    assert signed_in("alice") == "alice" and signed_in(0) == 0
