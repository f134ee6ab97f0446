"""Boots the framework examples (examples/frameworks/<name>/run) on a free
127.0.0.1 port for tests/frameworks. Every wait is bounded, and every server
is killed with its whole process group (next dev and uvicorn start children)."""

import base64
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Optional, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_KEY = ROOT / "examples" / "demo-key"
API_KEY = "framework-test-api-key"

# The frameworks and the runtime each belongs to.
NODE = ("express", "next")
PYTHON = ("django", "flask", "fastapi")

# A first run installs the example's dependencies (npm ci, a venv from PyPI)
# before the server starts; later boots take seconds (next dev: ~30 s to compile).
BOOT_SECONDS = float(os.environ.get("ENGAGESPOT_FRAMEWORK_BOOT_SECONDS", "600"))
REQUEST_SECONDS = 120.0  # next dev compiles the route on its first request


def free_port() -> int:
    """A port the OS reports free on 127.0.0.1 (bound to 0, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def example_env(port: int, without: str = "") -> Dict[str, str]:
    """The environment of an example: the test API key and the demo signing
    key, except the variable `without`, and no inherited Engagespot settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENGAGESPOT_")}
    env.update(PORT=str(port), ENGAGESPOT_API_KEY=API_KEY)
    env["ENGAGESPOT_PRIVATE_SIGNING_KEY"] = (DEMO_KEY / "private.pem").read_text()
    env.pop(without, None)
    return env


def start(name: str, env: Dict[str, str], log: Path) -> subprocess.Popen:  # type: ignore[type-arg]
    """Starts examples/frameworks/<name>/run in its own process group."""
    with open(log, "wb") as out:
        return subprocess.Popen(
            [str(ROOT / "examples" / "frameworks" / name / "run")],
            env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )


def stop(process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    """Kills the run script's process group and reaps it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


def wait_for_exit(process: subprocess.Popen, log: Path, seconds: float = BOOT_SECONDS) -> Tuple[int, str]:  # type: ignore[type-arg]
    """Waits (bounded) for a process that should stop by itself; returns its
    exit status and output. Kills it if it does not stop in time."""
    try:
        status = process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        stop(process)
        pytest.fail(f"still running after {seconds:.0f} s; output:\n{log.read_text(errors='replace')[-4000:]}")
    finally:
        stop(process)
    return status, log.read_text(errors="replace")


@dataclass
class Answer:
    """An HTTP answer: status, headers (lower-case names) and parsed JSON body."""

    status: int
    headers: Dict[str, str]
    body: Dict[str, object]


@dataclass
class Server:
    """A running example."""

    name: str
    base: str
    process: subprocess.Popen  # type: ignore[type-arg]
    log: Path

    def get(
        self,
        query: str = "",
        user: Optional[str] = None,
        headers: Optional[Dict[str, str]] = None,
        body: Optional[bytes] = None,
    ) -> Answer:
        """GET /engagespot/token (with an optional body), signed in as
        `user` through HTTP Basic auth with an arbitrary password."""
        request = urllib.request.Request(self.base + "/engagespot/token" + query, data=body, method="GET")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        if user is not None:
            credentials = base64.b64encode(f"{user}:any-password".encode()).decode()
            request.add_header("Authorization", f"Basic {credentials}")
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_SECONDS) as response:
                status, raw_headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, raw_headers, raw = error.code, error.headers, error.read()
        return Answer(status, {k.lower(): v for k, v in raw_headers.items()}, json.loads(raw))


def boot(name: str, log: Path) -> Server:
    """Starts an example and waits (bounded) until it answers HTTP."""
    port = free_port()
    process = start(name, example_env(port), log)
    server = Server(name, f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + BOOT_SECONDS
    while True:
        if process.poll() is not None:
            pytest.fail(f"{name} exited with {process.returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            pass
        if time.monotonic() > deadline:
            stop(process)
            pytest.fail(f"{name} not listening after {BOOT_SECONDS:.0f} s:\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.25)
