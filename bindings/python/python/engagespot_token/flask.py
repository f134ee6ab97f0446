"""The Engagespot token endpoint for Flask: an extension and a blueprint.

    engagespot = Engagespot(app, user_id=lambda: current_user.get_id() if current_user.is_authenticated else None)

serves ``GET /engagespot/token``. ``init_app`` builds the app's client from
``app.config`` (``ENGAGESPOT_API_KEY``, ``ENGAGESPOT_API_SECRET``,
``ENGAGESPOT_PRIVATE_SIGNING_KEY``), each falling back to the environment,
so a missing or bad key raises the core's error when the app is set up.
Importing ``engagespot_token`` alone never imports Flask.
"""

from typing import Callable, Optional

from flask import Blueprint, Flask, Response, current_app, jsonify

from . import KEY_VARIABLE, EngagespotClient
from ._endpoint import (
    ANONYMOUS_BODY,
    API_KEY_VARIABLE,
    API_SECRET_VARIABLE,
    NO_STORE,
    UserId,
    build_client,
    signed_in,
    token_body,
)

EXTENSION = "engagespot"
"""The key of ``app.extensions`` that holds the extension's state."""


class Engagespot:
    """The Flask extension. ``user_id`` returns the signed-in user's id from
    the current request (Flask-Login's ``current_user``, ``g.user``, the
    session), or ``None``; nothing else names the user. ``url_prefix`` is where
    the blueprint's ``/token`` goes."""

    def __init__(
        self,
        app: Optional[Flask] = None,
        *,
        user_id: Callable[[], UserId],
        url_prefix: str = "/engagespot",
    ) -> None:
        self.user_id = user_id
        self.url_prefix = url_prefix
        self.blueprint = Blueprint(EXTENSION, __name__)
        self.blueprint.add_url_rule("/token", "token", self._token_view, methods=["GET"])
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Builds the app's client (a configuration error raises here, at
        boot) and registers the blueprint."""
        config = app.config
        app.extensions[EXTENSION] = build_client(
            config.get(API_KEY_VARIABLE), config.get(API_SECRET_VARIABLE), config.get(KEY_VARIABLE)
        )
        app.register_blueprint(self.blueprint, url_prefix=self.url_prefix)

    @staticmethod
    def client(app: Optional[Flask] = None) -> EngagespotClient:
        """The client ``init_app`` built for ``app`` (default: the current app)."""
        client: EngagespotClient = (app or current_app).extensions[EXTENSION]
        return client

    def _token_view(self) -> Response:
        """``GET``: the signed-in user's ``{"token", "expiresAt"}``, or 401.
        A safe method: Flask-WTF's ``CSRFProtect`` does not check it."""
        user_id = signed_in(self.user_id())
        if user_id is None:
            response = jsonify(ANONYMOUS_BODY)
            response.status_code = 401
        else:
            response = jsonify(token_body(self.client().generate_user_token(user_id)))
        response.headers.update(NO_STORE)
        return response
