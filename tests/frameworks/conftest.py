"""Fixtures of tests/frameworks: each example booted once per module, and
the demo public key."""

from typing import Iterator

import pytest

from servers import DEMO_KEY, NODE, PYTHON, Server, boot, stop


@pytest.fixture(scope="module", params=NODE + PYTHON)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Each example, booted once for the module's tests, then killed."""
    name: str = request.param
    running = boot(name, tmp_path_factory.mktemp(name) / "server.log")
    try:
        yield running
    finally:
        stop(running.process)


@pytest.fixture(scope="session")
def public_key() -> str:
    """The demo key pair's public half, for PyJWT."""
    return (DEMO_KEY / "public.pem").read_text()

