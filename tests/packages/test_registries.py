"""Install by name, as from the registries (issue 21): scripts/release
publishes dist/ into a local npm registry (verdaccio) and a local Python
package index (pypiserver), each started here on a free 127.0.0.1 port and
stopped at the end. Then `npm install engagespot-token` and `pip install
engagespot-token` by name pick the platform package and the wheel the way
they would from npmjs.com and PyPI. The parameters come from what dist/
holds, so a new platform package or wheel is tested once it is built."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List

import pytest
from conftest import PROGRAMS, ROOT, TOOLS, VERSION, Dist, Runner, npm_package_json, need, stop_process_group, verify_token

DIST = Path(os.environ.get("ENGAGESPOT_TOKEN_DIST", ROOT / "dist"))
VERDACCIO = TOOLS / "verdaccio" / "node_modules" / ".bin" / "verdaccio"
STARTUP_SECONDS = 60


def free_port() -> int:
    """A port the OS says is free on 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    """Polls url for at most STARTUP_SECONDS; fails with the server's log."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"{url}: the server exited with {server.returncode}\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    pytest.fail(f"{url}: not up after {STARTUP_SECONDS} s\n{log.read_text()}")


@dataclass(frozen=True)
class Registries:
    """The local registries, with dist/ published into them."""

    npm_url: str
    pypi_url: str


VERDACCIO_CONFIG = """\
storage: {storage}
auth:
  htpasswd:
    file: {storage}/htpasswd
    max_users: 1
# No uplinks: nothing is fetched from npmjs.com, so every package installed comes from dist/.
uplinks: {{}}
packages:
  '**':
    access: $all
    publish: $authenticated
max_body_size: 200mb
log: {{ type: stdout, format: pretty, level: warn }}
"""


@pytest.fixture(scope="module")
def registries(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registries]:
    need(str(VERDACCIO), "node")
    base = tmp_path_factory.mktemp("registries")
    clean = {"PATH": os.environ["PATH"], "HOME": str(base), "LANG": "C.UTF-8"}
    servers: List[subprocess.Popen] = []
    try:
        storage = base / "verdaccio"
        storage.mkdir()
        (base / "verdaccio.yaml").write_text(VERDACCIO_CONFIG.format(storage=storage))
        npm_port = free_port()
        npm_url = f"http://127.0.0.1:{npm_port}/"
        npm_log = base / "verdaccio.log"
        servers.append(subprocess.Popen(
            [VERDACCIO, "--config", base / "verdaccio.yaml", "--listen", f"127.0.0.1:{npm_port}"],
            env=clean, stdout=npm_log.open("w"), stderr=subprocess.STDOUT, start_new_session=True))
        wait_until_up(f"{npm_url}-/ping", servers[-1], npm_log)

        packages = base / "pypi"
        packages.mkdir()
        pypi_port = free_port()
        pypi_url = f"http://127.0.0.1:{pypi_port}/"
        pypi_log = base / "pypiserver.log"
        # -a . -P .: no authentication, for uploads too (a local index for one test run).
        servers.append(subprocess.Popen(
            [sys.executable, "-m", "pypiserver", "run", "-i", "127.0.0.1", "-p", str(pypi_port), "-a", ".", "-P", ".",
             packages], env=clean, stdout=pypi_log.open("w"), stderr=subprocess.STDOUT, start_new_session=True))
        wait_until_up(f"{pypi_url}simple/", servers[-1], pypi_log)

        # A publishing user in verdaccio (its htpasswd sign-up), whose token scripts/release uses.
        request = urllib.request.Request(
            f"{npm_url}-/user/org.couchdb.user:release", method="PUT",
            data=json.dumps({"name": "release", "password": "release-password"}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            npm_token = json.load(answer)["token"]
        release_env = {**clean, "NPM_REGISTRY_URL": npm_url, "NPM_TOKEN": npm_token,
                       "PYPI_REPOSITORY_URL": pypi_url, "PYPI_USERNAME": "release", "PYPI_PASSWORD": "unused"}
        done = subprocess.run([ROOT / "scripts" / "release", dist.path], env=release_env, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
        yield Registries(npm_url, pypi_url)
    finally:
        for server in servers:
            stop_process_group(server)


def test_release_published_every_npm_package_and_wheel(dist: Dist, registries: Registries) -> None:
    for tarball in [dist.npm_main, *dist.npm_platform_packages()]:
        name = npm_package_json(tarball)["name"]
        with urllib.request.urlopen(f"{registries.npm_url}{name}", timeout=10) as answer:
            assert VERSION in json.load(answer)["versions"], name
    with urllib.request.urlopen(f"{registries.pypi_url}simple/engagespot-token/", timeout=10) as answer:
        index = answer.read().decode()
    for wheel in dist.wheels():
        assert wheel.name in index, wheel.name


def installed_packages(project: Path) -> List[str]:
    """The engagespot-token packages npm put in node_modules."""
    return sorted(p.name for p in (project / "node_modules").iterdir() if p.name.startswith("engagespot-token"))


def npm_install_by_name(run: Runner, registries: Registries, project: str, *flags: str) -> Path:
    run(project, "npm", "init", "-y")
    run(project, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error", f"--registry={registries.npm_url}",
        *flags, "engagespot-token")
    return Path(run.base) / project  # type: ignore[attr-defined]


def test_npm_install_by_name_installs_this_machines_platform_package(registries: Registries, run_in_empty_dir: Runner) -> None:
    project = npm_install_by_name(run_in_empty_dir, registries, "npm-native")
    assert installed_packages(project) == ["engagespot-token", "engagespot-token-linux-x64-gnu"]
    shutil.copy(PROGRAMS / "node" / "quickstart.cjs", project)
    verify_token(run_in_empty_dir("npm-native", "node", "quickstart.cjs", "by-name").stdout, "by-name")


def platform_packages_in_dist() -> List[dict]:
    """os, cpu, libc and name of every npm platform package in dist/ (read at collection)."""
    found = []
    for tarball in sorted(DIST.glob(f"engagespot-token-*-{VERSION}.tgz")):
        manifest = npm_package_json(tarball)
        found.append({key: manifest.get(key) for key in ("name", "os", "cpu", "libc")})
    return found


PLATFORM_PACKAGES = platform_packages_in_dist()


@pytest.mark.parametrize("package", PLATFORM_PACKAGES, ids=[p["name"] for p in PLATFORM_PACKAGES])
def test_npm_install_with_os_cpu_libc_installs_exactly_the_matching_package(
        package: dict, registries: Registries, run_in_empty_dir: Runner) -> None:
    flags = [f"--os={package['os'][0]}", f"--cpu={package['cpu'][0]}"]
    if package.get("libc"):
        flags.append(f"--libc={package['libc'][0]}")
    project = npm_install_by_name(run_in_empty_dir, registries, f"npm-{package['name']}", *flags)
    assert installed_packages(project) == ["engagespot-token", package["name"]]


def test_npm_install_on_an_unsupported_os_installs_and_runs_on_webassembly(
        registries: Registries, run_in_empty_dir: Runner) -> None:
    """No platform package fits freebsd: the main package alone installs; require
    falls back to WebAssembly, and forcing the native backend names the platform."""
    project = npm_install_by_name(run_in_empty_dir, registries, "npm-freebsd", "--os=freebsd", "--cpu=x64")
    assert installed_packages(project) == ["engagespot-token"]
    shutil.copy(PROGRAMS / "node" / "load-error.cjs", project)
    out = run_in_empty_dir("npm-freebsd", "node", "load-error.cjs", env={"FAKE_PLATFORM": "freebsd"}).stdout.strip()
    assert out == "LOADED wasm", out
    out = run_in_empty_dir("npm-freebsd", "node", "load-error.cjs",
                           env={"FAKE_PLATFORM": "freebsd", "ENGAGESPOT_TOKEN_BACKEND": "native"}).stdout.strip()
    assert out.startswith("ERR_ENGAGESPOT_TOKEN_LOAD: "), out
    assert "no native addon for freebsd-x64" in out and "there is no prebuilt addon for freebsd-x64" in out, out


@pytest.fixture(scope="module")
def venv(workdir: Path) -> Path:
    path = workdir / "registry-venv"
    subprocess.run([sys.executable, "-m", "venv", path], check=True, timeout=120)
    return path


def pip(run: Runner, venv: Path, registries: Registries, project: str, *args: str) -> str:
    return run(project, venv / "bin" / "python", "-m", "pip", *args, "--disable-pip-version-check",
               f"--index-url={registries.pypi_url}simple/", env={"PATH": f"{venv}/bin:/usr/bin:/bin"}).stdout


def test_pip_install_by_name_picks_this_machines_wheel(dist: Dist, registries: Registries, run_in_empty_dir: Runner,
                                                       venv: Path) -> None:
    pip(run_in_empty_dir, venv, registries, "pip", "install", "--quiet", "engagespot-token")
    (dist_info,) = venv.glob(f"lib/python*/site-packages/engagespot_token-{VERSION}.dist-info")
    tags = re.findall(r"^Tag: (.*)$", (dist_info / "WHEEL").read_text(), re.M)
    wheel = dist.wheel_for_this_machine().name
    assert all(tag.split("-")[-1] in wheel for tag in tags), (tags, wheel)
    token = run_in_empty_dir("pip", venv / "bin" / "python", "-c",
                             "import engagespot_token as e; print(e.EngagespotClient(api_key='k').generate_user_token('pip'))",
                             env={"PATH": f"{venv}/bin:/usr/bin:/bin"}).stdout
    verify_token(token, "pip", api_key="k")


def wheels_in_dist() -> List[str]:
    return sorted(p.name for p in DIST.glob(f"engagespot_token-{VERSION}-*.whl"))


def oldest_claimed_python() -> str:
    """The oldest CPython requires-python claims (pyproject.toml): the abi3
    wheels are tagged cp38, but the claim, which pip checks, starts later."""
    import tomllib
    claim = tomllib.loads((ROOT / "bindings" / "python" / "pyproject.toml").read_text())["project"]["requires-python"]
    return re.search(r">=\s*(3\.\d+)", claim).group(1)


OLDEST_CLAIMED_PYTHON = oldest_claimed_python()


@pytest.mark.parametrize("wheel", wheels_in_dist())
def test_pip_download_for_each_platform_finds_its_wheel(wheel: str, registries: Registries, run_in_empty_dir: Runner,
                                                        venv: Path, workdir: Path) -> None:
    _, _, python_tag, abi, platforms = wheel[: -len(".whl")].split("-")
    into = workdir / "downloads" / platforms
    platform_flags = [f"--platform={tag}" for tag in platforms.split(".")]
    pip(run_in_empty_dir, venv, registries, "pip-download", "download", "--quiet", "--only-binary=:all:",
        "--no-deps", *platform_flags, "--implementation=cp", f"--abi={abi}",
        f"--python-version={OLDEST_CLAIMED_PYTHON}",
        "--dest", str(into), f"engagespot-token=={VERSION}")
    assert [p.name for p in into.iterdir()] == [wheel]

