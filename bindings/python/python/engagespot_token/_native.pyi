"""The compiled half of engagespot_token (PyO3). Use ``engagespot_token``."""

from typing import Any, NoReturn, Optional, Union

from typing_extensions import Self, disjoint_base

__all__ = [
    "NativeClient",
    "__version__",
    "KEY_VARIABLE",
    "API_KEY_VARIABLE",
    "API_SECRET_VARIABLE",
    "takes_environment_value",
]

__version__: str
KEY_VARIABLE: str
API_KEY_VARIABLE: str
API_SECRET_VARIABLE: str

def takes_environment_value(value: object = None) -> bool:
    """Whether ``value`` means "read the environment variable" by the core's
    rule: ``None``, or an empty ``str`` or ``bytes``; nothing else."""

@disjoint_base
class NativeClient:
    """The client type ``engagespot_token.EngagespotClient`` extends."""

    def __new__(
        cls,
        api_key: Optional[str] = None,
        api_secret: Optional[str] = None,
        signing_key: Union[str, bytes, None] = None,
    ) -> Self:
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
        include_iat: Optional[bool] = ...,
    ) -> str:
        """Mints a token with ``sub`` = ``user:<identifier>``. ``expires_in``:
        seconds until ``exp`` (3600 when not given; ``None`` leaves ``exp``
        out). ``issued_at``: ``iat`` in unix seconds (now when not given).
        ``jti``: ``True`` adds a random token id. ``include_iat``: ``False``
        leaves ``iat`` out, as the official PHP SDK does. Signs without the GIL."""
    @property
    def key_bits(self) -> int:
        """Size of the signing key's modulus in bits."""
    def __reduce__(self) -> NoReturn:
        """Refuses pickling: the client holds a parsed private key."""
    def __copy__(self) -> "NativeClient":
        """Returns the client itself (it is immutable)."""
    def __deepcopy__(self, memo: Any) -> "NativeClient":
        """Returns the client itself (it is immutable)."""
