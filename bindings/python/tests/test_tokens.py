"""Tokens as documented, checked by PyJWT and by `cryptography` directly."""

import enum
import json
import re
import time

import pytest
from conftest import API_KEY, KEYS, key_text, verify_with_cryptography, verify_with_pyjwt

from engagespot_token import EngagespotClient


def test_documented_header_and_payload_in_order(client):
    before = int(time.time())
    token = client.generate_user_token("alice@example.com")
    after = int(time.time())
    header, payload = verify_with_cryptography(token)
    assert header == b'{"alg":"RS256","typ":"JWT"}'
    claims = json.loads(payload)
    assert list(claims) == ["sub", "apiKey", "iat", "exp"]
    assert claims["sub"] == "user:alice@example.com"
    assert claims["apiKey"] == API_KEY
    assert before <= claims["iat"] <= after
    assert claims["exp"] == claims["iat"] + 3600
    assert verify_with_pyjwt(token) == claims


def test_api_secret_never_reaches_the_token(client):
    token = client.generate_user_token("bob")
    _, payload = verify_with_cryptography(token)
    assert b"test-api-secret" not in payload


class Plan(enum.IntEnum):
    GOLD = 7


@pytest.mark.parametrize(
    "identifier, sub",
    [
        (42, "user:42"),
        (-5, "user:-5"),
        (0, "user:0"),
        (2**64 + 1, f"user:{2**64 + 1}"),
        (Plan.GOLD, "user:7"),
        ("ünïcödé 用户 🎉", "user:ünïcödé 用户 🎉"),
        ('quote" back\\slash', 'user:quote" back\\slash'),
    ],
)
def test_identifiers_str_and_int_as_str_formats_them(client, identifier, sub):
    claims = verify_with_pyjwt(client.generate_user_token(identifier))
    assert claims["sub"] == sub


def test_expires_in_sets_exp(client):
    claims = verify_with_pyjwt(client.generate_user_token("a", expires_in=600))
    assert claims["exp"] == claims["iat"] + 600


def test_expires_in_none_leaves_exp_out(client):
    _, payload = verify_with_cryptography(client.generate_user_token("a", expires_in=None))
    assert list(json.loads(payload)) == ["sub", "apiKey", "iat"]


def test_issued_at_sets_iat_and_exp_follows(client):
    issued_at = int(time.time()) - 100
    claims = verify_with_pyjwt(client.generate_user_token("a", issued_at=issued_at))
    assert (claims["iat"], claims["exp"]) == (issued_at, issued_at + 3600)


def test_issued_at_none_means_now(client):
    claims = verify_with_pyjwt(client.generate_user_token("a", issued_at=None))
    assert abs(claims["iat"] - time.time()) < 5


def test_jti_true_adds_a_distinct_random_id(client):
    ids = set()
    for _ in range(20):
        _, payload = verify_with_cryptography(client.generate_user_token("a", jti=True))
        claims = json.loads(payload)
        assert list(claims) == ["sub", "apiKey", "iat", "exp", "jti"]
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", claims["jti"])
        ids.add(claims["jti"])
    assert len(ids) == 20


@pytest.mark.parametrize("jti", [False, None])
def test_jti_false_or_none_adds_none(client, jti):
    _, payload = verify_with_cryptography(client.generate_user_token("a", jti=jti))
    assert "jti" not in json.loads(payload)


def test_include_iat_false_leaves_iat_out(client):
    _, payload = verify_with_cryptography(client.generate_user_token("a", include_iat=False))
    claims = json.loads(payload)
    assert list(claims) == ["sub", "apiKey", "exp"]
    assert abs(claims["exp"] - 3600 - time.time()) < 5


@pytest.mark.parametrize("include_iat", [True, None])
def test_include_iat_true_or_none_keeps_iat(client, include_iat):
    _, payload = verify_with_cryptography(client.generate_user_token("a", include_iat=include_iat))
    assert list(json.loads(payload)) == ["sub", "apiKey", "iat", "exp"]


def test_all_options_together_reproducible(client):
    issued_at = int(time.time())
    token = client.generate_user_token(9, expires_in=120, issued_at=issued_at, jti=False)
    assert token == client.generate_user_token(9, expires_in=120, issued_at=issued_at, jti=False)
    claims = verify_with_pyjwt(token)
    assert claims == {"sub": "user:9", "apiKey": API_KEY, "iat": issued_at, "exp": issued_at + 120}


@pytest.mark.parametrize("name, bits", [("rsa2048.pkcs1.pem", 2048), ("rsa3072.pkcs8.pem", 3072), ("rsa4096.pkcs1.pem", 4096)])
def test_key_as_str_and_as_bytes(name, bits):
    for key in (key_text(name), (KEYS / name).read_bytes()):
        client = EngagespotClient(api_key="k", signing_key=key)
        assert client.key_bits == bits
        verify_with_pyjwt(client.generate_user_token("a"), bits)


@pytest.mark.parametrize("given", [None, "", b""])
def test_signing_key_defaults_to_the_environment(monkeypatch, pem, given):
    monkeypatch.setenv("ENGAGESPOT_PRIVATE_SIGNING_KEY", pem.strip().replace("\n", "\\n"))
    client = EngagespotClient(api_key="k", signing_key=given)
    verify_with_pyjwt(client.generate_user_token("env"))


def test_positional_arguments_in_the_official_sdks_order(pem):
    client = EngagespotClient("k", "secret", pem)
    assert verify_with_pyjwt(client.generate_user_token("a"))["apiKey"] == "k"


def test_async_variant_returns_a_valid_token(client):
    import asyncio

    async def main():
        return await asyncio.gather(*(client.generate_user_token_async(f"u{i}", expires_in=60) for i in range(8)))

    for i, token in enumerate(asyncio.run(main())):
        claims = verify_with_pyjwt(token)
        assert (claims["sub"], claims["exp"] - claims["iat"]) == (f"user:u{i}", 60)
