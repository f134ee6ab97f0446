"""Configuration errors stop each example at boot, with the core's error,
before any request: a missing signing key, a missing API key."""

import pytest

from servers import NODE, PYTHON, example_env, free_port, start, wait_for_exit

# How each runtime shows the core's error kind: Node prints the error's code,
# Python the exception class the core's category selects.
SIGNING_KEY_ERROR = {**{name: "ES_KEY_MISSING" for name in NODE}, **{name: "InvalidSigningKeyError" for name in PYTHON}}
API_KEY_ERROR = {**{name: "ES_API_KEY_MISSING" for name in NODE}, **{name: "InvalidArgumentError" for name in PYTHON}}


def boot_without(name: str, variable: str, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """Starts the example without `variable`; it must exit non-zero by itself. Returns its output."""
    log = tmp_path / "server.log"
    status, output = wait_for_exit(start(name, example_env(free_port(), without=variable), log), log)
    assert status != 0, output
    return output


@pytest.mark.parametrize("name", NODE + PYTHON)
def test_missing_signing_key_fails_the_boot_naming_the_variable(name: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    output = boot_without(name, "ENGAGESPOT_PRIVATE_SIGNING_KEY", tmp_path)
    assert "signing key is missing or blank" in output
    assert "ENGAGESPOT_PRIVATE_SIGNING_KEY" in output
    assert SIGNING_KEY_ERROR[name] in output


@pytest.mark.parametrize("name", NODE + PYTHON)
def test_missing_api_key_fails_the_boot(name: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    output = boot_without(name, "ENGAGESPOT_API_KEY", tmp_path)
    assert "API key is missing or empty" in output
    assert API_KEY_ERROR[name] in output
