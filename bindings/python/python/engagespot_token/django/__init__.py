"""The Engagespot token endpoint for Django.

Add ``"engagespot_token.django"`` to ``INSTALLED_APPS`` and
``path("engagespot/", include("engagespot_token.django.urls"))`` to the URLconf:
``GET /engagespot/token`` then answers the signed-in user's token. Settings,
all optional, in ``settings.ENGAGESPOT`` (a dict):

- ``API_KEY``, ``API_SECRET``, ``SIGNING_KEY``: default to the environment
  (``ENGAGESPOT_API_KEY``, ``ENGAGESPOT_API_SECRET``,
  ``ENGAGESPOT_PRIVATE_SIGNING_KEY``);
- ``USER_ID``: a function ``(request) -> id or None`` (or its dotted path);
  defaults to ``request.user.pk`` for an authenticated user.

The client is built when Django starts (the app's ``ready()``), so a missing
or bad key stops ``runserver``, ``migrate`` or the WSGI/ASGI server at boot
with the core's error.
"""
