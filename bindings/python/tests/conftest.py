"""Shared fixtures: the repository's test keys, a client, and verifiers that
do not use this package (PyJWT, and the `cryptography` package directly)."""

import base64
import json
import re
from pathlib import Path
from typing import Dict, List, Tuple

import jwt
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from engagespot_token import EngagespotClient

ROOT = Path(__file__).resolve().parents[3]
KEYS = ROOT / "tests" / "keys"
API_KEY = "test-api-key"


def key_text(name: str) -> str:
    return (KEYS / name).read_text()


def public_pem(bits: int = 2048) -> bytes:
    return (KEYS / f"rsa{bits}.pub.pem").read_bytes()


def b64url_json(segment: str) -> Tuple[bytes, Dict[str, object]]:
    raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    return raw, json.loads(raw)


def verify_with_pyjwt(token: str, bits: int = 2048) -> Dict[str, object]:
    """PyJWT's own RS256 check (exp is checked when present)."""
    return jwt.decode(token, public_pem(bits), algorithms=["RS256"], options={"verify_aud": False})


def verify_with_cryptography(token: str, bits: int = 2048) -> Tuple[bytes, bytes]:
    """RSASSA-PKCS1-v1_5 with SHA-256 over `header.payload`, as RFC 7518 3.3
    defines RS256; returns the raw header and payload JSON."""
    header, payload, signature = token.split(".")
    public_key = load_pem_public_key(public_pem(bits))
    sig = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    public_key.verify(sig, f"{header}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr]
    return b64url_json(header)[0], b64url_json(payload)[0]


def header_status_codes() -> List[Tuple[str, int]]:
    """(name, code) of every error in the C header's `es_status` enum."""
    header = (ROOT / "include" / "engagespot_token.h").read_text()
    body = re.search(r"typedef enum es_status \{(.*?)\} es_status;", header, re.S)
    assert body, "es_status enum not found in include/engagespot_token.h"
    pairs = re.findall(r"^\s*(ES_[A-Z0-9_]+) = (\d+),", body.group(1), re.M)
    return [(name, int(code)) for name, code in pairs if name != "ES_OK"]


@pytest.fixture(scope="session")
def pem() -> str:
    return key_text("rsa2048.pkcs8.pem")


@pytest.fixture(scope="session")
def client(pem: str) -> EngagespotClient:
    return EngagespotClient(api_key=API_KEY, api_secret="test-api-secret", signing_key=pem)
