"""Configuration errors stop each example at boot, with the core's error,
before any request: here the signing key is missing from the environment."""

import pytest

from servers import NODE, PYTHON, example_env, free_port, start, wait_for_exit

# How each runtime shows the core's error kind: Node prints the error's code,
# Python the exception class the core's category selects.
CORE_ERROR = {**{name: "ES_KEY_MISSING" for name in NODE}, **{name: "InvalidSigningKeyError" for name in PYTHON}}


@pytest.mark.parametrize("name", NODE + PYTHON)
def test_missing_signing_key_fails_the_boot_naming_the_variable(name: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "server.log"
    status, output = wait_for_exit(start(name, example_env(free_port(), signing_key=False), log), log)
    assert status != 0, output
    assert "signing key is missing or blank" in output
    assert "ENGAGESPOT_PRIVATE_SIGNING_KEY" in output
    assert CORE_ERROR[name] in output
