"""Mint Engagespot secure-mode user tokens (RS256 JWTs) with a signing key
parsed once per client."""

from typing import Optional, Union

from ._errors import (
    EngagespotTokenError as EngagespotTokenError,
    EngagespotTokenTypeError as EngagespotTokenTypeError,
    InvalidArgumentError as InvalidArgumentError,
    InvalidSigningKeyError as InvalidSigningKeyError,
)
from ._native import NativeClient

__version__: str
"""The version of the Rust core inside this package."""

KEY_VARIABLE: str
"""``"ENGAGESPOT_PRIVATE_SIGNING_KEY"``: where the signing key is read from
when none is passed."""

class EngagespotClient(NativeClient):
    """Mints Engagespot secure-mode user tokens with a key parsed once.

    Immutable and thread-safe: share one per process. Cannot be pickled.
    """

    def __init__(
        self,
        api_key: Optional[str] = None,
        api_secret: Optional[str] = None,
        signing_key: Union[str, bytes, None] = None,
    ) -> None:
        """Parses ``signing_key`` (PEM text, ``str`` or ``bytes``; ``None`` or
        empty reads ``$ENGAGESPOT_PRIVATE_SIGNING_KEY``). Raises
        ``InvalidSigningKeyError`` for a bad key, ``InvalidArgumentError`` for a
        missing API key."""
    def generate_user_token(
        self,
        identifier: Union[str, int],
        *,
        expires_in: Optional[int] = ...,
        issued_at: Optional[int] = ...,
        jti: Optional[bool] = ...,
    ) -> str:
        """Mints a token with ``sub`` = ``user:<identifier>``. ``expires_in``:
        seconds until ``exp`` (3600 when not given; ``None`` leaves ``exp``
        out). ``issued_at``: ``iat`` in unix seconds (now when not given).
        ``jti``: ``True`` adds a random token id. Signs without the GIL."""
    async def generate_user_token_async(
        self,
        identifier: Union[str, int],
        *,
        expires_in: Optional[int] = ...,
        issued_at: Optional[int] = ...,
        jti: Optional[bool] = ...,
    ) -> str:
        """``generate_user_token`` in the event loop's default executor."""
