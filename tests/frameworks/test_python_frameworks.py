"""The Python integrations, engagespot_token.django, .flask and .fastapi, in
examples/frameworks/{django,flask,fastapi} (runserver, Flask's server,
uvicorn): the endpoint's contract over HTTP."""

from contract_extras import ExtendedContract


class PythonContract(ExtendedContract):
    """Python shows the core's error as the exception class its category selects."""

    key_error = "InvalidSigningKeyError"
    api_key_error = "InvalidArgumentError"


class TestDjango(PythonContract):
    example = "django"


class TestFlask(PythonContract):
    example = "flask"


class TestFastAPI(PythonContract):
    example = "fastapi"
