"""Tokens from the C ABI (loaded with ctypes), checked by verifiers that share
no code with this library: PyJWT (with pyca/cryptography) and the openssl CLI.
"""

import base64
import ctypes
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

import jwt
import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "tests" / "keys"
LIB = Path(os.environ.get("ENGAGESPOT_TOKEN_LIB", ROOT / "target" / "release" / "libengagespot_token.so"))

AWKWARD_IDENTIFIERS = [
    "alice@example.com",
    'quote" and back\\slash',
    "control \x01\x1f\n\r\t chars",
    "line\u2028separator\u2029",
    "emoji \U0001F600 \U0001F469\u200d\U0001F469\u200d\U0001F467",
    "</script><script>alert(1)</script>",
    "  leading and trailing spaces  ",
    "e\u0301 NFD vs \u00e9 NFC",
    "\ufeffbom",
    "\u00e9" * 512,  # 1024 bytes of UTF-8
]


class Options(ctypes.Structure):
    _fields_ = [
        ("expires_in", ctypes.c_int64),
        ("issued_at", ctypes.c_int64),
        ("include_exp", ctypes.c_uint8),
        ("use_issued_at", ctypes.c_uint8),
        ("include_jti", ctypes.c_uint8),
    ]


@pytest.fixture(scope="module")
def lib():
    lib = ctypes.CDLL(str(LIB))
    lib.es_client_new.restype = ctypes.c_void_p
    lib.es_client_new.argtypes = [ctypes.c_char_p] * 3
    lib.es_generate_user_token_with_options.restype = ctypes.c_void_p
    lib.es_generate_user_token_with_options.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(Options)]
    lib.es_token_options_default.restype = Options
    lib.es_free_string.argtypes = [ctypes.c_void_p]
    lib.es_client_free.argtypes = [ctypes.c_void_p]
    lib.es_last_error_message.restype = ctypes.c_char_p
    return lib


def mint(lib, key_file, identifier, api_key="demo-api-key", **opts):
    client = lib.es_client_new(api_key.encode(), None, (KEYS / key_file).read_bytes())
    assert client, lib.es_last_error_message()
    options = lib.es_token_options_default()
    for name, value in opts.items():
        setattr(options, name, value)
    try:
        raw = lib.es_generate_user_token_with_options(client, identifier.encode(), ctypes.byref(options))
        assert raw, lib.es_last_error_message()
        token = ctypes.string_at(raw).decode()
        lib.es_free_string(raw)
        return token
    finally:
        lib.es_client_free(client)


def b64url_decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def openssl_verify(token, public_pem):
    signing_input, _, signature = token.rpartition(".")
    with tempfile.TemporaryDirectory() as tmp:
        sig = Path(tmp, "sig")
        sig.write_bytes(b64url_decode(signature))
        result = subprocess.run(
            ["openssl", "dgst", "-sha256", "-verify", str(KEYS / public_pem), "-signature", str(sig)],
            input=signing_input.encode(), capture_output=True,
        )
    return result.returncode == 0 and b"Verified OK" in result.stdout


@pytest.mark.parametrize("identifier", AWKWARD_IDENTIFIERS)
def test_awkward_identifiers_verify_with_pyjwt_and_openssl(lib, identifier):
    before = int(time.time())
    token = mint(lib, "rsa2048.pkcs8.pem", identifier)
    public = (KEYS / "rsa2048.pub.pem").read_text()
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT"}
    assert b64url_decode(token.split(".")[0]) == b'{"alg":"RS256","typ":"JWT"}'
    claims = jwt.decode(token, public, algorithms=["RS256"], options={"require": ["exp", "iat", "sub"]})
    assert list(claims) == ["sub", "apiKey", "iat", "exp"]
    assert claims["sub"] == "user:" + identifier
    assert claims["apiKey"] == "demo-api-key"
    assert before <= claims["iat"] <= int(time.time())
    assert claims["exp"] == claims["iat"] + 3600
    assert openssl_verify(token, "rsa2048.pub.pem")


@pytest.mark.parametrize("bits", [2048, 3072, 4096])
@pytest.mark.parametrize("fmt", ["pkcs1", "pkcs8"])
def test_every_key_size_verifies_with_openssl(lib, bits, fmt):
    token = mint(lib, f"rsa{bits}.{fmt}.pem", "sized")
    assert openssl_verify(token, f"rsa{bits}.pub.pem")
    assert not openssl_verify(token, "rsa2048.pub.pem" if bits != 2048 else "rsa3072.pub.pem")


def test_tampered_token_fails_both_verifiers(lib):
    token = mint(lib, "rsa2048.pkcs8.pem", "alice")
    header, payload, signature = token.split(".")
    forged = json.loads(b64url_decode(payload))
    forged["sub"] = "user:mallory"
    forged_payload = base64.urlsafe_b64encode(json.dumps(forged, separators=(",", ":")).encode()).rstrip(b"=").decode()
    tampered = f"{header}.{forged_payload}.{signature}"
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(tampered, (KEYS / "rsa2048.pub.pem").read_text(), algorithms=["RS256"])
    assert not openssl_verify(tampered, "rsa2048.pub.pem")


def test_options_with_pyjwt(lib):
    public = (KEYS / "rsa2048.pub.pem").read_text()
    no_exp = jwt.decode(mint(lib, "rsa2048.pkcs8.pem", "x", include_exp=0), public, algorithms=["RS256"])
    assert "exp" not in no_exp
    short = jwt.decode(mint(lib, "rsa2048.pkcs8.pem", "x", expires_in=60), public, algorithms=["RS256"])
    assert short["exp"] == short["iat"] + 60
    a = jwt.decode(mint(lib, "rsa2048.pkcs8.pem", "x", include_jti=1), public, algorithms=["RS256"])
    b = jwt.decode(mint(lib, "rsa2048.pkcs8.pem", "x", include_jti=1), public, algorithms=["RS256"])
    assert len(a["jti"]) == 22 and a["jti"] != b["jti"]
    assert list(a) == ["sub", "apiKey", "iat", "exp", "jti"]


def test_fixed_vector_made_by_openssl_now(lib):
    iat = 1_712_345_678
    expected = subprocess.run(
        [str(ROOT / "tests/vectors/make.sh"), str(KEYS / "rsa3072.pkcs1.pem"), "bob", "key-123", str(iat)],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert mint(lib, "rsa3072.pkcs1.pem", "bob", api_key="key-123", use_issued_at=1, issued_at=iat) == expected


def test_committed_fixed_vector(lib):
    expected = (ROOT / "tests/vectors/rsa2048-alice-1700000000.jwt").read_text().strip()
    token = mint(lib, "rsa2048.pkcs8.pem", "alice@example.com", use_issued_at=1, issued_at=1_700_000_000)
    assert token == expected
    # PyJWT, a third producer, mints the very same bytes: compact JSON in
    # insertion order, and RSASSA-PKCS1-v1_5 is deterministic.
    payload = {"sub": "user:alice@example.com", "apiKey": "demo-api-key", "iat": 1_700_000_000, "exp": 1_700_003_600}
    pyjwt_token = jwt.encode(payload, (KEYS / "rsa2048.pkcs8.pem").read_text(), algorithm="RS256", headers={"typ": "JWT"})
    assert pyjwt_token == token
