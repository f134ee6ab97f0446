"""The exceptions engagespot_token raises. The native module picks the class
from the core's error category; code, name and message are the core's."""

from typing import Tuple, Type


class EngagespotTokenError(Exception):
    """Base of every error this package raises.

    ``code`` is the stable number (the C ABI's ``es_status``) and ``name`` the
    stable name (``ES_KEY_IS_PUBLIC``), the same in every language binding.
    Raised as is for failures that are not the caller's doing (``ES_PANIC``).
    """

    code: int
    name: str

    def __init__(self, message: str, code: int, name: str) -> None:
        super().__init__(message)
        self.code = code
        self.name = name

    def __reduce__(self) -> Tuple[Type["EngagespotTokenError"], Tuple[str, int, str]]:
        # Keeps code and name through pickling (multiprocessing, logging handlers).
        return (type(self), (str(self), self.code, self.name))


class InvalidArgumentError(EngagespotTokenError, ValueError):
    """An argument had a bad value: an empty identifier, an out-of-range
    ``expires_in``, an unknown option. A ``ValueError``."""


class InvalidSigningKeyError(InvalidArgumentError):
    """The signing key was rejected when the client was built: missing, a
    public key, encrypted, not RSA, too small, a file path, or corrupt."""


class EngagespotTokenTypeError(EngagespotTokenError, TypeError):
    """An argument had the wrong type, or a required one was missing. A
    ``TypeError``."""
