"""The Engagespot token endpoint in FastAPI. Sign-in is HTTP Basic auth with
the username as the user id and any password: an example only, so that a
test can play a signed-in user. A real app passes its own current-user
dependency (OAuth2 bearer, session cookie) to engagespot_router."""

from typing import Optional

from fastapi import Depends, FastAPI
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from engagespot_token.fastapi import engagespot_router

basic = HTTPBasic(auto_error=False)


def current_user_id(credentials: Optional[HTTPBasicCredentials] = Depends(basic)) -> Optional[str]:
    """Example only: the Basic auth username is the signed-in user's id."""
    return credentials.username if credentials else None


app = FastAPI()
# Builds the shared client from ENGAGESPOT_API_KEY and ENGAGESPOT_PRIVATE_SIGNING_KEY:
# a missing or bad key stops the app here, at import.
app.include_router(engagespot_router(current_user_id))
