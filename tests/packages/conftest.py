"""Shared fixtures of the package tests (a subset of the package test
helpers, with the same names: `dist`, `verify_token`, `need`, `extract`,
`run_in_empty_dir`), for the platform modules: the built dist/, PyJWT as the
verifier, and commands run in new empty directories with no Rust toolchain
on PATH and an empty HOME."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Optional

import jwt
import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "tests" / "keys"
VERSION: str = tomllib.loads((ROOT / "Cargo.toml").read_text())["package"]["version"]
# Every subprocess is bounded: a hung program fails its test, never the run.
TIMEOUT = 300


@dataclass(frozen=True)
class Dist:
    """dist/ as scripts/package leaves it."""

    path: Path


@pytest.fixture(scope="session")
def dist() -> Dist:
    """The built artefacts; $ENGAGESPOT_TOKEN_DIST or the repository's dist/."""
    path = Path(os.environ.get("ENGAGESPOT_TOKEN_DIST", ROOT / "dist")).resolve()
    if not (path / "SHA256SUMS").is_file():
        pytest.fail(f"{path} holds no built packages: run scripts/package first")
    return Dist(path)


def verify_token(token: str, sub: str, api_key: Optional[str] = None) -> dict:
    """PyJWT checks the RS256 signature against the test key's public half
    and exp; the header must be exactly the documented one, sub `user:<sub>`,
    and exp one hour after iat. Returns the claims."""
    token = token.strip()
    assert token.count(".") == 2, f"not a JWT: {token!r}"
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT"}
    claims = jwt.decode(token, (KEYS / "rsa2048.pub.pem").read_bytes(), algorithms=["RS256"])
    assert claims["sub"] == f"user:{sub}", claims
    assert claims["exp"] == claims["iat"] + 3600, claims
    if api_key is not None:
        assert claims["apiKey"] == api_key, claims
    return claims


def need(*commands: str) -> None:
    """Fails (never skips) when a tool that scripts/setup installs is missing."""
    missing = [c for c in commands if shutil.which(c) is None and not Path(c).exists()]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run scripts/setup")


def extract(archive: Path, into: Path, strip_top: bool = False) -> Path:
    """Unpacks a .tar.gz (or an npm .tgz) into `into`; strip_top drops the top folder."""
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        members = tar.getmembers()
        if strip_top:
            for member in members:
                member.name = member.name.split("/", 1)[1] if "/" in member.name else "."
        tar.extractall(into, members=members, filter="tar")
    return into


def path_without_rust() -> str:
    """This PATH without cargo, rustc, rustup or ~/.cargo/bin."""
    kept = []
    for entry in os.environ["PATH"].split(os.pathsep):
        if ".cargo" in entry or "rustup" in entry:
            continue
        if any(os.path.exists(os.path.join(entry, tool)) for tool in ("cargo", "rustc", "rustup")):
            continue
        kept.append(entry)
    return os.pathsep.join(kept)


Runner = Callable[..., subprocess.CompletedProcess]


@pytest.fixture(scope="module")
def run_in_empty_dir(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """run(dir_name, *command, env=None, check=True): runs the command in the
    directory dir_name (created empty under this module's temporary directory
    the first time it is named), with only PATH (no Rust toolchain), an empty
    HOME, LANG and TMPDIR; env adds variables. Output is captured as text; a
    non-zero exit fails the test when check is set, showing it."""
    base = tmp_path_factory.mktemp("install")
    clean_path = path_without_rust()

    def run(dir_name: str, *command: object, env: Optional[Dict[str, str]] = None, check: bool = True):
        work = base / dir_name
        home = base / f"home-{dir_name.replace('/', '-')}"
        work.mkdir(parents=True, exist_ok=True)
        home.mkdir(exist_ok=True)
        full_env = {"PATH": clean_path, "HOME": str(home), "LANG": "C.UTF-8", "TMPDIR": str(base), **(env or {})}
        args = [str(part) for part in command]
        done = subprocess.run(args, cwd=work, env=full_env, capture_output=True, text=True, timeout=TIMEOUT)
        if check and done.returncode != 0:
            pytest.fail(f"{' '.join(args)} exited {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done

    run.base = base  # type: ignore[attr-defined]
    return run


@pytest.fixture(scope="module")
def workdir(run_in_empty_dir: Runner) -> Path:
    """The directory under which run_in_empty_dir creates its directories."""
    return run_in_empty_dir.base  # type: ignore[attr-defined]
