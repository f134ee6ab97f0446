"""The Engagespot token endpoint in Flask. Sign-in is HTTP Basic auth with
the username as the user id and any password: an example only, so that a
test can play a signed-in user. A real app returns Flask-Login's
current_user.get_id() (or its session's user) from user_id instead."""

import os
import uuid
from typing import Dict, Union

from flask import Flask, g, request

from engagespot_token.flask import Engagespot

app = Flask(__name__)

# Example only: two accounts whose ids have the types a user model gives them
# (SQLAlchemy's Uuid, an integer key); any other username is its own id.
USER_IDS: Dict[str, Union[uuid.UUID, int]] = {
    "uuid-keyed": uuid.UUID("3f2c8b1e-9a4d-4c6b-8e7f-0a1b2c3d4e5f"),
    "integer-keyed": 4711,
}


@app.before_request
def basic_sign_in() -> None:
    """Example only: the Basic auth username is the signed-in user's id."""
    username = request.authorization.username if request.authorization else None
    g.user_id = USER_IDS.get(username, username) if username else None


# Builds the client from ENGAGESPOT_API_KEY and ENGAGESPOT_PRIVATE_SIGNING_KEY:
# a missing or bad key stops the app here, at import.
engagespot = Engagespot(app, user_id=lambda: g.get("user_id"))

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
