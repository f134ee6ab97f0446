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

__all__ = [
    "EngagespotClient",
    "EngagespotTokenError",
    "EngagespotTokenTypeError",
    "InvalidArgumentError",
    "InvalidSigningKeyError",
    "KEY_VARIABLE",
    "__version__",
]

__version__: str
"""The version of the Rust core inside this package."""

KEY_VARIABLE: str
"""``"ENGAGESPOT_PRIVATE_SIGNING_KEY"``: where the signing key is read from
when none is passed."""

class EngagespotClient(NativeClient):
    """Mints Engagespot secure-mode user tokens with a key parsed once.

    Immutable and thread-safe: share one per process. Cannot be pickled.
    The constructor and ``generate_user_token`` are ``NativeClient``'s.
    """

    async def generate_user_token_async(
        self,
        identifier: Union[str, int],
        *,
        expires_in: Optional[int] = ...,
        issued_at: Optional[int] = ...,
        jti: Optional[bool] = ...,
        include_iat: Optional[bool] = ...,
    ) -> str:
        """``generate_user_token`` in the event loop's default executor."""
