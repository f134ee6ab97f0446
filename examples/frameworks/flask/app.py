"""The Engagespot token endpoint in Flask. Sign-in is HTTP Basic auth with
the username as the user id and any password: an example only, so that a
test can play a signed-in user. A real app returns Flask-Login's
current_user.get_id() (or its session's user) from user_id instead."""

import os

from flask import Flask, g, request

from engagespot_token.flask import Engagespot

app = Flask(__name__)


@app.before_request
def basic_sign_in() -> None:
    """Example only: the Basic auth username is the signed-in user's id."""
    g.user_id = request.authorization.username if request.authorization else None


# Builds the client from ENGAGESPOT_API_KEY and ENGAGESPOT_PRIVATE_SIGNING_KEY:
# a missing or bad key stops the app here, at import.
engagespot = Engagespot(app, user_id=lambda: g.get("user_id"))

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]))
