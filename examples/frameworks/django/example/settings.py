"""Settings of the Django example: no database, HTTP Basic sign-in (example
only), and the engagespot_token.django app, configured from the environment
(ENGAGESPOT_API_KEY, ENGAGESPOT_PRIVATE_SIGNING_KEY)."""

SECRET_KEY = "example-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "example.urls"
# Sessions in signed cookies: the example has no database.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
USE_TZ = True
TIME_ZONE = "UTC"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    # Builds the client when Django starts: a missing key stops the boot.
    "engagespot_token.django",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Stands in for a login form: sets request.user from HTTP Basic auth (example only).
    "example.basic_auth.BasicAuthMiddleware",
    # Every view needs a signed-in user; the token view answers 401 itself.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]

# Everything is optional: API_KEY, API_SECRET and SIGNING_KEY default to the
# environment, USER_ID to request.user.pk.
ENGAGESPOT: dict[str, object] = {}
