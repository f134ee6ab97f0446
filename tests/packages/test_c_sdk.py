"""The C SDK tarballs as a C developer uses them: extracted into a prefix, the
quickstart built through pkg-config (shared and static) and CMake, and the
bundled CLI. x86_64 programs run natively; aarch64 programs are cross-built
with Zig's C compiler for glibc 2.17 and run under qemu. PyJWT verifies every
token."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ARCHES, KEYS, PROGRAMS, VERSION, Arch, Dist, Runner, extract, need, run_program, verify_token


ARM64_LIBC = Path("/usr/aarch64-linux-gnu/lib/libc.so.6")


@pytest.fixture(scope="module")
def prefixes(dist: Dist, workdir: Path) -> dict:
    """Each architecture's SDK extracted into its own prefix, as a user would."""
    return {name: extract(dist.c_sdk(arch), workdir / f"prefix-{name}", strip_top=True) for name, arch in ARCHES.items()}


def app_dir(workdir: Path, arch: Arch, prefix: Path) -> str:
    """A new project directory holding the SDK's own copy of the quickstart."""
    name = f"app-{arch.name}"
    (workdir / name).mkdir(exist_ok=True)
    shutil.copy(prefix / "share" / "engagespot-token" / "examples" / "quickstart.c", workdir / name)
    return name


def needs_for(arch: Arch) -> None:
    need("pkg-config", "readelf", *(arch.emulator[:1] or ["cc"]))
    if arch.emulator:
        need(str(ARM64_LIBC))


def test_shared_library_has_soname_and_symlinks(prefixes: dict) -> None:
    for prefix in prefixes.values():
        lib = prefix / "lib"
        dynamic = subprocess.run(["readelf", "-d", lib / f"libengagespot_token.so.{VERSION}"],
                                 capture_output=True, text=True, check=True).stdout
        assert "(SONAME)" in dynamic and "[libengagespot_token.so.0]" in dynamic, dynamic
        assert os.readlink(lib / "libengagespot_token.so.0") == f"libengagespot_token.so.{VERSION}"
        assert os.readlink(lib / "libengagespot_token.so") == "libengagespot_token.so.0"


def test_header_defines_the_version(prefixes: dict) -> None:
    for prefix in prefixes.values():
        header = (prefix / "include" / "engagespot_token.h").read_text()
        assert f'#define ENGAGESPOT_TOKEN_VERSION "{VERSION}"' in header


def pkg_config_flags(prefix: Path, module: str) -> list:
    return subprocess.run(["pkg-config", "--cflags", "--libs", module], env={**os.environ,
                          "PKG_CONFIG_PATH": str(prefix / "lib" / "pkgconfig")},
                          capture_output=True, text=True, check=True).stdout.split()


def build_with_pkg_config(arch: Arch, prefix: Path, run: Runner, workdir: Path, module: str, output: str,
                          *extra: str) -> tuple:
    """Builds the SDK's quickstart with `pkg-config --cflags --libs module` in a
    new project; returns the project's name and `readelf -d` of the program."""
    needs_for(arch)
    app = app_dir(workdir, arch, prefix)
    run(app, *arch.c_compiler, "quickstart.c", *pkg_config_flags(prefix, module), *extra, "-o", output)
    dynamic = subprocess.run(["readelf", "-d", workdir / app / output], capture_output=True, text=True,
                             check=True).stdout
    return app, dynamic


def test_quickstart_built_with_pkg_config_shared_runs(arch: Arch, prefixes: dict, run_in_empty_dir: Runner,
                                                      workdir: Path) -> None:
    prefix = prefixes[arch.name]
    app, dynamic = build_with_pkg_config(arch, prefix, run_in_empty_dir, workdir, "engagespot_token",
                                         "quickstart-shared", f"-Wl,-rpath,{prefix / 'lib'}")
    assert "NEEDED" in dynamic and "[libengagespot_token.so.0]" in dynamic, dynamic
    for user in ["alice@example.com", "ünïcode@example.com"] if arch.emulator else ["alice@example.com"]:
        token = run_program(arch, run_in_empty_dir, app, ["./quickstart-shared", user]).stdout
        verify_token(token, user, api_key="demo-api-key")


def test_quickstart_built_with_pkg_config_static_runs(arch: Arch, prefixes: dict, run_in_empty_dir: Runner,
                                                      workdir: Path) -> None:
    app, dynamic = build_with_pkg_config(arch, prefixes[arch.name], run_in_empty_dir, workdir,
                                         "engagespot_token-static", "quickstart-static")
    assert "engagespot_token" not in dynamic, "linked dynamically"
    token = run_program(arch, run_in_empty_dir, app, ["./quickstart-static", "bob@example.com"]).stdout
    verify_token(token, "bob@example.com")


def test_cmake_find_package_shared_and_static(prefixes: dict, run_in_empty_dir: Runner, workdir: Path) -> None:
    need("cmake", "make", "cc")
    prefix = prefixes["x86_64"]
    app = app_dir(workdir, ARCHES["x86_64"], prefix)
    shutil.copy(PROGRAMS / "c" / "CMakeLists.txt", workdir / app)
    run_in_empty_dir(app, "cmake", "-S", ".", "-B", "build", f"-DCMAKE_PREFIX_PATH={prefix}")
    run_in_empty_dir(app, "cmake", "--build", "build")
    dynamic = subprocess.run(["readelf", "-d", workdir / app / "build" / "quickstart-cmake"],
                             capture_output=True, text=True, check=True).stdout
    assert "[libengagespot_token.so.0]" in dynamic
    verify_token(run_in_empty_dir(app, "./build/quickstart-cmake", "carol@example.com").stdout, "carol@example.com")
    verify_token(run_in_empty_dir(app, "./build/quickstart-cmake-static", "dave@example.com").stdout,
                 "dave@example.com")


def test_cmake_refuses_a_newer_version_than_installed(prefixes: dict, run_in_empty_dir: Runner,
                                                      workdir: Path) -> None:
    need("cmake")
    (workdir / "newer").mkdir()
    shutil.copy(PROGRAMS / "c" / "newer" / "CMakeLists.txt", workdir / "newer")
    done = run_in_empty_dir("newer", "cmake", "-S", ".", "-B", "build",
                            f"-DCMAKE_PREFIX_PATH={prefixes['x86_64']}", check=False)
    assert done.returncode != 0
    assert "engagespot_token" in done.stdout + done.stderr and VERSION in done.stdout + done.stderr


def test_cli_signs_a_token(arch: Arch, prefixes: dict, run_in_empty_dir: Runner) -> None:
    needs_for(arch)
    cli = prefixes[arch.name] / "bin" / "engagespot-token"
    version = run_program(arch, run_in_empty_dir, "cli", [cli, "--version"]).stdout
    assert VERSION in version
    token = run_program(arch, run_in_empty_dir, "cli",
                        [cli, "sign", "--key", KEYS / "rsa2048.pkcs8.pem", "--api-key", "k", "erin@example.com"]).stdout
    verify_token(token, "erin@example.com", api_key="k")
