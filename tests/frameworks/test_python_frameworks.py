"""The Python integrations, engagespot_token.django, .flask and .fastapi, in
examples/frameworks/{django,flask,fastapi} (runserver, Flask's server,
uvicorn): the endpoint's contract over HTTP. Python shows the core's error
as the exception class its category selects."""

from contract_extras import ExtendedContract


class TestDjango(ExtendedContract):
    example = "django"
    key_error = "InvalidSigningKeyError"
    api_key_error = "InvalidArgumentError"


class TestFlask(ExtendedContract):
    example = "flask"
    key_error = "InvalidSigningKeyError"
    api_key_error = "InvalidArgumentError"


class TestFastAPI(ExtendedContract):
    example = "fastapi"
    key_error = "InvalidSigningKeyError"
    api_key_error = "InvalidArgumentError"
