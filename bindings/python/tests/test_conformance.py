"""Plays tests/conformance/cases.json, one test per case, with tokens
verified by PyJWT. Cases Python cannot express are skipped, with the reason."""

import json

import jwt
import pytest
from conformance_values import Inexpressible, inputs
from conftest import ROOT, header_status_codes

from engagespot_token import EngagespotClient, EngagespotTokenError

TABLE = json.loads((ROOT / "tests" / "conformance" / "cases.json").read_text())
CODES = dict(header_status_codes())
KEY_VARIABLE = "ENGAGESPOT_PRIVATE_SIGNING_KEY"


def expressed(case):
    full = {**TABLE["defaults"], **case}
    try:
        return pytest.param(full, inputs(full), id=case["name"])
    except Inexpressible as why:
        return pytest.param(full, None, id=case["name"], marks=pytest.mark.skip(f"not expressible in Python: {why}"))


@pytest.mark.parametrize("case, given", [expressed(case) for case in TABLE["cases"]])
def test_case(monkeypatch, case, given):
    config, args, options, environment = given
    if environment is None:
        monkeypatch.delenv(KEY_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(KEY_VARIABLE, environment)
    at = "client"
    try:
        client = EngagespotClient(**config)
        at = "token"
        token = client.generate_user_token(*args, **options)
    except EngagespotTokenError as error:
        assert (error.name, at) == (case.get("error"), case.get("at")), str(error)
        assert error.code == CODES[error.name]
        return
    assert "error" not in case, f"minted a token, expected {case.get('error')}"
    public_key = (ROOT / case["publicKey"]).read_bytes()
    claims = jwt.decode(token, public_key, algorithms=["RS256"], options={"verify_exp": False, "verify_iat": False})
    assert list(claims.items()) == list(case["claims"].items())
