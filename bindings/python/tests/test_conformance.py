"""Plays tests/conformance/cases.json, one test per case, with tokens
verified by PyJWT. Cases Python cannot express are skipped, with the reason."""

import json
import re
import struct

import jwt
import pytest
from conftest import ROOT, header_status_codes

from engagespot_token import EngagespotClient, EngagespotTokenError

TABLE = json.loads((ROOT / "tests" / "conformance" / "cases.json").read_text())
CODES = dict(header_status_codes())
KEY_VARIABLE = "ENGAGESPOT_PRIVATE_SIGNING_KEY"
ABSENT = object()


class Inexpressible(Exception):
    """A value Python has no way to write."""


def value(v):
    """A value of the table (README.md, "Values") as Python holds it."""
    if not isinstance(v, dict):
        return v
    kind = v["type"]
    if kind == "absent":
        return ABSENT
    if kind == "float":
        return float(v["value"])
    if kind == "bigint":
        return int(v["value"])
    if kind == "repeat":
        return v["value"] * v["count"]
    if kind == "file":
        return (ROOT / v["path"]).read_text()
    if kind == "file_uri":
        return f"file://{ROOT / v['path']}"
    if kind == "concat":
        return "".join(value(part) for part in v["parts"])
    if kind == "bytes":
        return bytes.fromhex(v["hex"]) if "hex" in v else (ROOT / v["file"]).read_bytes()
    if kind == "utf16":
        # surrogatepass keeps a lone surrogate, as a Python str can hold one.
        return struct.pack(f"<{len(v['units'])}H", *v["units"]).decode("utf-16-le", "surrogatepass")
    if kind == "object":
        return object()
    if kind == "entries":
        names = [entry["name"] for entry in v["entries"]]
        if len(set(names)) != len(names):
            raise Inexpressible("keyword arguments cannot repeat a name")
        return {entry["name"]: value(entry["value"]) for entry in v["entries"]}
    raise Inexpressible(f"{kind} values exist only in other languages")


def snake(name):
    """expiresIn -> expires_in: the generic rule, no table of names."""
    return re.sub(r"([A-Z])", r"_\1", name).lower()


def inputs(case):
    """(constructor kwargs, mint args, mint kwargs, environment) for a case."""
    config = {}
    for field in ("apiKey", "apiSecret", "signingKey"):
        given = value(case[field]) if field in case else ABSENT
        if given is not ABSENT:
            config[snake(field)] = given
    identifier = value(case["identifier"])
    args = [] if identifier is ABSENT else [identifier]
    options = case.get("options", {})
    if not isinstance(options, dict) or options.get("type", "entries") != "entries":
        raise Inexpressible("options are keyword arguments")
    options = value(options) if "type" in options else {name: value(v) for name, v in options.items()}
    environment = value(case["environment"]) if "environment" in case else None
    return config, args, {snake(name): v for name, v in options.items()}, environment


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
