"""The Engagespot token endpoint for FastAPI: a dependency and a router.

    app.include_router(engagespot_router(current_user_id))

serves ``GET /engagespot/token``, where ``current_user_id`` is your
dependency that returns the signed-in user's id (or ``None``, or raises 401
itself). The router's client defaults to the process's shared client from
the environment, built when the router is, so a missing or bad key raises
the core's error at import. ``Depends(engagespot_client)`` gives that client
to your own routes. Importing ``engagespot_token`` alone never imports
FastAPI.
"""

from typing import Any, Callable, Optional

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from . import EngagespotClient
from ._endpoint import ANONYMOUS_BODY, NO_STORE, UserId, shared_client, signed_in, token_body


def engagespot_client() -> EngagespotClient:
    """A dependency: the process's shared client (``ENGAGESPOT_API_KEY``,
    ``ENGAGESPOT_API_SECRET``, ``ENGAGESPOT_PRIVATE_SIGNING_KEY``)."""
    return shared_client()


def engagespot_router(
    current_user_id: Callable[..., Any],
    *,
    client: Optional[EngagespotClient] = None,
    path: str = "/engagespot/token",
) -> APIRouter:
    """A router with ``GET path``: the signed-in user's ``{"token",
    "expiresAt"}``, or 401 when ``current_user_id`` gives ``None``. The user
    comes from that dependency alone; the route declares no query, body or
    header parameter. Signs off the event loop
    (``generate_user_token_async``)."""
    engagespot = client or shared_client()
    router = APIRouter()

    @router.get(path, response_class=JSONResponse)
    async def engagespot_token(user_id: UserId = Depends(current_user_id)) -> JSONResponse:
        """The signed-in user's token, or 401."""
        signed_in_id = signed_in(user_id)
        if signed_in_id is None:
            return JSONResponse(ANONYMOUS_BODY, status_code=401, headers=NO_STORE)
        token = await engagespot.generate_user_token_async(signed_in_id)
        return JSONResponse(dict(token_body(token)), headers=NO_STORE)

    return router
