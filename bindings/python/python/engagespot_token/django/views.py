"""The token view: the signed-in user's token, or 401."""

from django.apps import apps
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from .._endpoint import ANONYMOUS_BODY, NO_STORE, signed_in, token_body
from .apps import EngagespotConfig


# login_not_required: LoginRequiredMiddleware (Django 5.1+) must let anonymous
# requests through to the view, which answers 401 rather than a redirect.
@login_not_required
@require_GET
def engagespot_token(request: HttpRequest) -> HttpResponse:
    """``GET``: ``{"token", "expiresAt"}`` for the signed-in user, 401 for an
    anonymous request (a page's ``fetch`` needs the status, not
    ``login_required``'s redirect to the login page). The user comes from
    ``USER_ID`` alone (``request.user`` by default); nothing in the query,
    body or headers is read. A safe method, so Django's CSRF check does not
    apply; same-origin policy keeps other sites from reading the answer."""
    config = apps.get_app_config(EngagespotConfig.label)
    if not isinstance(config, EngagespotConfig) or config.client is None:
        raise RuntimeError("engagespot_token.django is not in INSTALLED_APPS")
    user_id = signed_in(config.user_id(request))
    if user_id is None:
        response = JsonResponse(ANONYMOUS_BODY, status=401)
    else:
        response = JsonResponse(token_body(config.client.generate_user_token(user_id)))
    for name, value in NO_STORE.items():
        response[name] = value
    return response
