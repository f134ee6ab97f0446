"""The Engagespot token endpoint in FastAPI. Sign-in is HTTP Basic auth with
the username as the user id and any password: an example only, so that a
test can play a signed-in user. A real app passes its own current-user
dependency (OAuth2 bearer, session cookie) to engagespot_router."""

import uuid
from typing import Dict, Optional, Union

from fastapi import Depends, FastAPI
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from engagespot_token.fastapi import engagespot_router

basic = HTTPBasic(auto_error=False)

# Example only: two accounts whose ids have the types a user model gives them
# (SQLAlchemy's Uuid, an integer key); any other username is its own id.
USER_IDS: Dict[str, Union[uuid.UUID, int]] = {
    "uuid-keyed": uuid.UUID("3f2c8b1e-9a4d-4c6b-8e7f-0a1b2c3d4e5f"),
    "integer-keyed": 4711,
}


def current_user_id(credentials: Optional[HTTPBasicCredentials] = Depends(basic)) -> Union[str, int, uuid.UUID, None]:
    """Example only: the Basic auth username names the signed-in user."""
    return USER_IDS.get(credentials.username, credentials.username) if credentials else None


app = FastAPI()
# Builds the shared client from ENGAGESPOT_API_KEY and ENGAGESPOT_PRIVATE_SIGNING_KEY:
# a missing or bad key stops the app here, at import.
app.include_router(engagespot_router(current_user_id))
