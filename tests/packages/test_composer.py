"""The Composer archive as a PHP developer installs it: `composer require`
from an artifact repository holding dist/ (Packagist off), the README snippet
with vendor/autoload.php, the library override and version check (the FFI
backend forced), the ext-openssl fallback without ext-ffi and without a
library that loads, and the README's php-fpm preload recipe with paths under
vendor/. PyJWT verifies every token."""

from __future__ import annotations

import getpass
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import PROGRAMS, ROOT, VERSION, Dist, Runner, need, stop_process_group, verify_token

PACKAGE = "engagespot/engagespot-token"


def composer_project(workdir: Path, name: str, dist: Dist) -> str:
    """A new project whose only repository is dist/ (an artifact repository)."""
    (workdir / name).mkdir()
    repositories = [{"type": "artifact", "url": str(dist.path)}, {"packagist.org": False}]
    (workdir / name / "composer.json").write_text(json.dumps({"repositories": repositories}, indent=4))
    return name


@pytest.fixture(scope="module")
def project(dist: Dist, run_in_empty_dir: Runner, workdir: Path) -> Path:
    need("composer", "php")
    name = composer_project(workdir, "php", dist)
    run_in_empty_dir(name, "composer", "require", "--no-interaction", "--no-progress", PACKAGE)
    for program in ("quickstart.php", "load-error.php", "fpm-token.php"):
        shutil.copy(PROGRAMS / "php" / program, workdir / name)
    return workdir / name


def test_composer_require_installs_this_version(project: Path) -> None:
    installed = json.loads((project / "vendor" / "composer" / "installed.json").read_text())
    (package,) = [p for p in installed["packages"] if p["name"] == PACKAGE]
    assert package["version"] == VERSION


def test_composer_validate(project: Path, run_in_empty_dir: Runner) -> None:
    run_in_empty_dir("validate", "composer", "validate", "--strict", ROOT / "bindings" / "php" / "composer.json")
    run_in_empty_dir("validate", "composer", "validate", project / "vendor" / PACKAGE / "composer.json")


def test_archive_carries_the_laravel_integration(project: Path) -> None:
    """Laravel discovers the provider that installed.json names; it publishes config/engagespot.php."""
    installed = (project / "vendor" / "composer" / "installed.json").read_text()
    assert '"Engagespot\\\\Laravel\\\\EngagespotServiceProvider"' in installed
    package = project / "vendor" / PACKAGE
    assert (package / "src" / "Laravel" / "EngagespotServiceProvider.php").is_file()
    assert (package / "config" / "engagespot.php").is_file()


def test_archive_carries_the_symfony_bundle(project: Path) -> None:
    """The bundle's class, its services' classes and the route file its users import."""
    symfony = project / "vendor" / PACKAGE / "src" / "Symfony"
    for name in ("EngagespotTokenBundle.php", "TokenController.php", "CheckCommand.php",
                 "DependencyInjection/Configuration.php", "DependencyInjection/EngagespotTokenExtension.php",
                 "Resources/config/routes.php"):
        assert (symfony / name).is_file(), name


def test_readme_snippet_finds_the_bundled_library(project: Path, run_in_empty_dir: Runner) -> None:
    token, library = run_in_empty_dir(project.name, "php", "quickstart.php").stdout.split()
    verify_token(token, "identifier", api_key="demo-api-key")
    assert library == str(project / "vendor" / PACKAGE / "lib" / "linux-x86_64" / "libengagespot_token.so")


def load_error(run: Runner, project: str, env: dict | None = None) -> str:
    # ENGAGESPOT_TOKEN_BACKEND=ffi: without it, a library that cannot be loaded means the openssl fallback.
    out = run(project, "php", "load-error.php", env={"ENGAGESPOT_TOKEN_BACKEND": "ffi", **(env or {})}).stdout.strip()
    assert out.startswith("ERR_ENGAGESPOT_TOKEN_LOAD 0: "), out
    return out


def test_library_override_with_a_wrong_path_is_a_load_error(project: Path, run_in_empty_dir: Runner) -> None:
    out = load_error(run_in_empty_dir, project.name, {"ENGAGESPOT_TOKEN_LIB": "/nonexistent/libengagespot_token.so"})
    assert "looked in: /nonexistent/libengagespot_token.so." in out, out


def test_library_of_another_version_is_refused_with_both_versions(project: Path, run_in_empty_dir: Runner) -> None:
    copy = project.parent / "php-mismatch"
    shutil.copytree(project, copy, symlinks=True)
    library = copy / "vendor" / PACKAGE / "src" / "Library.php"
    library.write_text(library.read_text().replace(f"public const VERSION = '{VERSION}';",
                                                   "public const VERSION = '9.9.9';"))
    out = load_error(run_in_empty_dir, copy.name)
    assert f"is version {VERSION}, but this package is version 9.9.9" in out, out


def fallback_token(done: subprocess.CompletedProcess) -> str:
    """fallback.php's output: a token for 'fallback' (PyJWT verifies it) minted by
    the openssl backend; the fallback announced once on stderr."""
    token, backend = done.stdout.split()
    assert backend == "openssl", done.stdout
    verify_token(token, "fallback", api_key="demo-api-key")
    assert done.stderr.count("ext-openssl fallback") == 1, done.stderr
    return done.stderr


def test_without_ext_ffi_composer_installs_and_the_openssl_fallback_mints(dist: Dist, run_in_empty_dir: Runner,
                                                                          workdir: Path) -> None:
    need("composer", "php")
    name = composer_project(workdir, "php-noffi", dist)
    # The same PHP with every extension but FFI: -n drops php.ini, -d loads the rest back.
    modules = subprocess.run(["php", "-m"], capture_output=True, text=True, check=True).stdout
    extension_dir = subprocess.run(["php", "-r", 'echo ini_get("extension_dir");'],
                                   capture_output=True, text=True, check=True).stdout
    names = modules.split("[PHP Modules]")[1].split("[")[0].split()
    flags = [f"-dextension={n.lower()}" for n in names
             if n.lower() not in ("ffi", "opcache") and os.path.exists(f"{extension_dir}/{n.lower()}.so")]
    php = ["php", "-n", *flags]
    assert run_in_empty_dir(name, *php, "-r", 'echo extension_loaded("ffi") ? "ffi" : "no ffi";').stdout == "no ffi"
    run_in_empty_dir(name, *php, shutil.which("composer"), "require", "--no-interaction", "--no-progress", PACKAGE)
    shutil.copy(PROGRAMS / "php" / "fallback.php", workdir / name)
    stderr = fallback_token(run_in_empty_dir(name, *php, "fallback.php"))
    assert "FFI extension is not loaded" in stderr, stderr


def test_with_ffi_but_no_library_that_loads_the_fallback_mints_and_names_where_it_looked(
        project: Path, run_in_empty_dir: Runner) -> None:
    shutil.copy(PROGRAMS / "php" / "fallback.php", project)
    done = run_in_empty_dir(project.name, "php", "fallback.php",
                            env={"ENGAGESPOT_TOKEN_LIB": "/nonexistent/libengagespot_token.so"})
    stderr = fallback_token(done)
    assert "/nonexistent/libengagespot_token.so" in stderr, stderr


def test_php_fpm_preload_recipe_from_vendor(project: Path, run_in_empty_dir: Runner, private_pem: str) -> None:
    """The README recipe: the preload header written by vendor/bin, php-fpm
    with ffi.preload and opcache.preload; two requests over FastCGI."""
    need("php-fpm8.2", "cgi-fcgi")
    vendor = project / "vendor"
    header = project / "engagespot_token.h"
    run_in_empty_dir(project.name, "vendor/bin/engagespot-token-preload-header", header)
    library = vendor / PACKAGE / "lib" / "linux-x86_64" / "libengagespot_token.so"
    assert f'#define FFI_LIB "{library}"' in header.read_text()
    user = getpass.getuser()
    config = (PROGRAMS / "php" / "fpm.conf").read_text().replace("@DIR@", str(project)).replace("@USER@", user)
    (project / "fpm.conf").write_text(config)
    socket = project / "fpm.sock"
    env = {"PATH": os.environ["PATH"], "HOME": str(project), "ENGAGESPOT_PRIVATE_SIGNING_KEY": private_pem}
    server = subprocess.Popen(
        ["php-fpm8.2", "-F", "-R", "-y", project / "fpm.conf", "-d", "ffi.enable=preload",
         "-d", f"ffi.preload={header}", "-d", "opcache.enable=1",
         "-d", f"opcache.preload={vendor / PACKAGE / 'preload.php'}", "-d", f"opcache.preload_user={user}"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        for _ in range(100):
            if socket.exists() or server.poll() is not None:
                break
            time.sleep(0.1)
        assert socket.exists(), f"php-fpm did not start: {server.poll()}"
        for user_id in ["fpm-one@example.com", "fpm-two@example.com"]:
            request = {"SCRIPT_FILENAME": str(project / "fpm-token.php"), "REQUEST_METHOD": "GET",
                       "QUERY_STRING": f"user={user_id}"}
            response = subprocess.run(["cgi-fcgi", "-bind", "-connect", socket], env=request,
                                      capture_output=True, text=True, timeout=20, check=True).stdout
            body = response.replace("\r", "").split("\n\n", 1)[1]
            assert body.startswith("token="), body
            verify_token(body.removeprefix("token="), user_id, api_key="fpm-api-key")
    finally:
        stop_process_group(server)
