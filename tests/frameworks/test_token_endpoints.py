"""The token endpoint of every framework example (Express, Next.js, Django,
Flask, FastAPI), over HTTP against the real framework: the signed-in user's
token, verified by PyJWT with the demo public key; 401 for anonymous
requests; no query, body or header can name another user."""

import json
import time
from typing import Dict, Optional

import jwt
import pytest

from servers import API_KEY, Answer, Server

USER = "alice@example.com"
OTHER = "mallory"

# Every way a request might try to name the user, none of which may work.
QUERY = f"?id={OTHER}&user={OTHER}&userId={OTHER}&user_id={OTHER}&identifier={OTHER}&sub=user:{OTHER}"
BODY = json.dumps({"id": OTHER, "user": OTHER, "userId": OTHER, "user_id": OTHER, "identifier": OTHER}).encode()
HEADERS = {
    "X-User-Id": OTHER,
    "X-User": OTHER,
    "X-Engagespot-User": OTHER,
    "X-Forwarded-User": OTHER,
    "Remote-User": OTHER,
}
ATTEMPTS = {
    "query": dict(query=QUERY),
    "json body": dict(body=BODY, headers={"Content-Type": "application/json"}),
    "form body": dict(body=f"id={OTHER}&userId={OTHER}&user={OTHER}".encode(),
                      headers={"Content-Type": "application/x-www-form-urlencoded"}),
    "headers": dict(headers=HEADERS),
}


def verified_claims(answer: Answer, public_key: str) -> Dict[str, object]:
    """The token's claims, verified by PyJWT (RS256, signature and exp)."""
    assert answer.status == 200, answer.body
    token = answer.body["token"]
    assert isinstance(token, str)
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT"}
    claims: Dict[str, object] = jwt.decode(token, public_key, algorithms=["RS256"], options={"require": ["exp", "iat"]})
    return claims


def test_signed_in_user_gets_a_verified_token_for_themselves(server: Server, public_key: str) -> None:
    before = int(time.time())
    answer = server.get(user=USER)
    claims = verified_claims(answer, public_key)
    assert claims["sub"] == f"user:{USER}"
    assert claims["apiKey"] == API_KEY
    assert before - 5 <= claims["iat"] <= int(time.time()) + 5  # type: ignore[operator]
    assert answer.headers["content-type"].startswith("application/json")


def test_expires_at_is_the_tokens_exp(server: Server, public_key: str) -> None:
    answer = server.get(user=USER)
    claims = verified_claims(answer, public_key)
    assert isinstance(answer.body["expiresAt"], int)
    assert answer.body["expiresAt"] == claims["exp"]
    assert sorted(answer.body) == ["expiresAt", "token"]


def test_answers_are_not_cacheable(server: Server) -> None:
    assert server.get(user=USER).headers["cache-control"] == "no-store"
    assert server.get().headers["cache-control"] == "no-store"


def test_anonymous_request_gets_401(server: Server) -> None:
    answer = server.get()
    assert answer.status == 401
    assert "token" not in answer.body


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=list(ATTEMPTS))
def test_naming_another_user_still_gets_the_signed_in_users_token(
    server: Server, public_key: str, attempt: str
) -> None:
    claims = verified_claims(server.get(user=USER, **ATTEMPTS[attempt]), public_key)  # type: ignore[arg-type]
    assert claims["sub"] == f"user:{USER}"


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=list(ATTEMPTS))
def test_naming_a_user_without_signing_in_gets_401(server: Server, attempt: str) -> None:
    answer: Optional[Answer] = server.get(**ATTEMPTS[attempt])  # type: ignore[arg-type]
    assert answer is not None and answer.status == 401
    assert "token" not in answer.body
