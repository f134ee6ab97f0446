"""Mint Engagespot secure-mode user tokens (RS256 JWTs) with a signing key
parsed once per client.

    from engagespot_token import EngagespotClient
    client = EngagespotClient(api_key=API_KEY, api_secret=API_SECRET, signing_key=pem)
    token = client.generate_user_token(user.id)

Every rule, error code and message comes from the Rust core that the PHP and
Node bindings share; this package adapts Python's calling conventions.
"""

import asyncio
import functools
from typing import Optional, Union

from ._errors import (
    EngagespotTokenError,
    EngagespotTokenTypeError,
    InvalidArgumentError,
    InvalidSigningKeyError,
)
from ._native import KEY_VARIABLE, NativeClient, __version__

__all__ = [
    "EngagespotClient",
    "EngagespotTokenError",
    "EngagespotTokenTypeError",
    "InvalidArgumentError",
    "InvalidSigningKeyError",
    "KEY_VARIABLE",
    "__version__",
]


class EngagespotClient(NativeClient):
    """Mints Engagespot secure-mode user tokens.

    ``EngagespotClient(api_key=..., api_secret=..., signing_key=pem)`` parses
    the signing key once, so a bad key raises ``InvalidSigningKeyError`` here
    and each token then costs one RSA signature, made without the GIL.
    ``signing_key`` is PEM text as ``str`` or ``bytes``; ``None`` or empty
    reads ``$ENGAGESPOT_PRIVATE_SIGNING_KEY``. ``api_secret`` is accepted for
    parity with the official SDK and never used.

    The client is immutable and thread-safe: share one per process. It
    cannot be pickled; ``copy.copy`` returns the client itself.
    """

    __slots__ = ()

    async def generate_user_token_async(
        self, identifier: Union[str, int], **options: Optional[Union[int, bool]]
    ) -> str:
        """``generate_user_token`` run in the event loop's default executor,
        for async frameworks (FastAPI, Starlette): the loop keeps serving
        while the token is signed."""
        loop = asyncio.get_running_loop()
        call = functools.partial(self.generate_user_token, identifier, **options)
        return await loop.run_in_executor(None, call)
