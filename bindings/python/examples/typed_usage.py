"""Uses the public API with types, for `mypy --strict` (scripts/test-python)."""

import asyncio
import os
from typing import List, Optional

from engagespot_token import (
    EngagespotClient,
    EngagespotTokenError,
    EngagespotTokenTypeError,
    InvalidArgumentError,
    InvalidSigningKeyError,
    __version__,
)


def make_client(pem: bytes) -> Optional[EngagespotClient]:
    try:
        return EngagespotClient(api_key=os.environ.get("ENGAGESPOT_API_KEY", "key"), api_secret=None, signing_key=pem)
    except InvalidSigningKeyError as error:
        code: int = error.code
        name: str = error.name
        print(f"bad key: {name} ({code}): {error}")
        return None


def tokens(client: EngagespotClient, user_ids: List[int]) -> List[str]:
    out = [client.generate_user_token(user_id) for user_id in user_ids]
    out.append(client.generate_user_token("alice", expires_in=600, issued_at=None, jti=True))
    out.append(client.generate_user_token("bob", expires_in=None))
    return out


async def token_async(client: EngagespotClient, user: str) -> str:
    try:
        return await client.generate_user_token_async(user, expires_in=300)
    except (InvalidArgumentError, EngagespotTokenTypeError) as error:
        raise RuntimeError(error.name) from error
    except EngagespotTokenError:
        raise


def main() -> None:
    with open(os.environ["KEY_FILE"], "rb") as file:
        client = make_client(file.read())
    if client is not None:
        print(__version__, client.key_bits, len(tokens(client, [1, 2])), asyncio.run(token_async(client, "carol"))[:10])


if __name__ == "__main__":
    main()
