"""The Django app: builds the process's client when Django starts."""

from typing import Any, Callable, Mapping, Optional

from django.apps import AppConfig
from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string

from .. import EngagespotClient
from .._endpoint import UserId, build_client

UserIdFunction = Callable[[HttpRequest], UserId]
"""The type of ``settings.ENGAGESPOT["USER_ID"]``."""


def authenticated_user_pk(request: HttpRequest) -> UserId:
    """The default ``USER_ID``: ``request.user.pk`` when the user is
    authenticated (by ``AuthenticationMiddleware``), else ``None``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    pk: UserId = user.pk
    return pk


class EngagespotConfig(AppConfig):
    """``engagespot_token.django``: holds the client and the user-id function,
    both set up in ``ready()``."""

    name = "engagespot_token.django"
    label = "engagespot_token"
    verbose_name = "Engagespot token"

    client: Optional[EngagespotClient] = None
    """The process's client, built from settings or the environment at boot."""

    user_id: UserIdFunction
    """Returns the signed-in user's id from a request (``USER_ID``)."""

    def ready(self) -> None:
        """Builds the client now, so that a configuration error stops the boot."""
        config: Mapping[str, Any] = getattr(settings, "ENGAGESPOT", {})
        user_id = config.get("USER_ID") or authenticated_user_pk
        self.user_id = import_string(user_id) if isinstance(user_id, str) else user_id
        self.client = build_client(config.get("API_KEY"), config.get("API_SECRET"), config.get("SIGNING_KEY"))
