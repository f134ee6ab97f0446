"""Example-only sign-in: HTTP Basic auth whose username is the user id, with
any password, so that a test can play a signed-in user. A real project uses
django.contrib.auth's AuthenticationMiddleware and a login view instead; the
token view reads request.user either way."""

import uuid
from dataclasses import dataclass
from typing import Callable, Dict, Union

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse


# Example only: two accounts whose primary keys have the types a custom user
# model gives them (a UUIDField, an AutoField); any other username is its own pk.
PRIMARY_KEYS: Dict[str, Union[uuid.UUID, int]] = {
    "uuid-keyed": uuid.UUID("3f2c8b1e-9a4d-4c6b-8e7f-0a1b2c3d4e5f"),
    "integer-keyed": 4711,
}


@dataclass(frozen=True)
class BasicUser:
    """A signed-in user known only by its primary key."""

    pk: Union[str, int, uuid.UUID]
    is_authenticated = True


class BasicAuthMiddleware:
    """Sets request.user from the Authorization header, or to AnonymousUser."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import base64

        scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
        username = ""
        if scheme == "Basic" and encoded:
            username = base64.b64decode(encoded).decode("utf-8").partition(":")[0]
        request.user = BasicUser(PRIMARY_KEYS.get(username, username)) if username else AnonymousUser()  # type: ignore[assignment]
        return self.get_response(request)
