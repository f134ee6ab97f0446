"""Options of the reproducibility check: the two dist/ folders to compare.
scripts/check-reproducible builds the second one and runs these tests."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--first", help="dist/ of the first build (this checkout)")
    parser.addoption("--second", help="dist/ of the second build (another checkout, path, umask, TMPDIR, time)")


def _dist(config: pytest.Config, name: str) -> Path:
    value = config.getoption(name)
    if not value:
        pytest.fail(f"{name} is not given: run scripts/check-reproducible")
    path = Path(value)
    if not (path / "SHA256SUMS").is_file():
        pytest.fail(f"{path} holds no SHA256SUMS")
    return path


@pytest.fixture(scope="session")
def first(pytestconfig: pytest.Config) -> Path:
    return _dist(pytestconfig, "--first")


@pytest.fixture(scope="session")
def second(pytestconfig: pytest.Config) -> Path:
    return _dist(pytestconfig, "--second")
