"""What the framework integrations (``engagespot_token.django``, ``.flask``,
``.fastapi``) share: a client configured from settings or the environment,
and the token endpoint's answer. The integrations only translate to their
framework; identity always comes from the framework's signed-in user, never
from the request's query, body or headers.

Importing this module imports no web framework.
"""

import base64
import json
import os
import threading
import uuid
from typing import Dict, Optional, TypedDict, Union

from . import EngagespotClient

API_KEY_VARIABLE = "ENGAGESPOT_API_KEY"
"""The environment variable the integrations read the API key from."""

API_SECRET_VARIABLE = "ENGAGESPOT_API_SECRET"
"""The environment variable the integrations read the API secret from."""

NO_STORE: Dict[str, str] = {"Cache-Control": "no-store"}
"""The headers of every answer: a token must not be cached anywhere."""

ANONYMOUS_BODY: Dict[str, str] = {"error": "not signed in"}
"""The JSON answer to an anonymous request (status 401)."""

UserId = Union[str, int, uuid.UUID, None]
"""What an integration's user-id function returns: the signed-in user's id
(a user model's primary key: a string, an integer or a ``uuid.UUID``), or
``None`` (or ``""``) when nobody is signed in."""


class TokenBody(TypedDict):
    """The endpoint's JSON answer for a signed-in user."""

    token: str
    """The user's token, for the inbox's ``userToken``."""
    expiresAt: int
    """The token's ``exp`` in unix seconds: fetch a new token before then."""


def build_client(
    api_key: Optional[str] = None,
    api_secret: Optional[str] = None,
    signing_key: Union[str, bytes, None] = None,
) -> EngagespotClient:
    """A client from the given settings, each falling back to the environment
    when empty: ``ENGAGESPOT_API_KEY``, ``ENGAGESPOT_API_SECRET`` and (in the
    client itself) ``ENGAGESPOT_PRIVATE_SIGNING_KEY``. A missing or bad
    setting raises the core's error (``InvalidArgumentError``,
    ``InvalidSigningKeyError`` naming the variable): call this at boot."""
    return EngagespotClient(
        api_key=api_key or os.environ.get(API_KEY_VARIABLE, ""),
        api_secret=api_secret or os.environ.get(API_SECRET_VARIABLE),
        signing_key=signing_key or None,
    )


_shared_lock = threading.Lock()
_shared: Optional[EngagespotClient] = None


def shared_client() -> EngagespotClient:
    """The process's one client from the environment (``build_client()``),
    built on the first call; raises the core's error on a missing or bad
    setting, and then again on the next call."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = build_client()
        return _shared


def signed_in(user_id: UserId) -> Optional[Union[str, int]]:
    """A user-id function's answer as the id to mint for, or ``None`` for an
    anonymous request (which gets 401; ``""`` is nobody too). A ``uuid.UUID``
    primary key (Django's ``UUIDField``, SQLAlchemy's ``Uuid``) becomes its
    canonical text, as its string column holds it; any other type is left
    to the core, which refuses it with ``ES_WRONG_TYPE``."""
    if isinstance(user_id, uuid.UUID):
        return str(user_id)
    return None if user_id == "" else user_id


def expires_at(token: str) -> int:
    """The token's ``exp``, read back from the token itself, so that the
    page's ``expiresAt`` is exactly what the inbox checks."""
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    exp: int = claims["exp"]
    return exp


def token_body(token: str) -> TokenBody:
    """The endpoint's JSON answer for a minted token."""
    return {"token": token, "expiresAt": expires_at(token)}
