"""The Ruby gem and the Python wheel from dist/ as users install them: the
gem with `gem install --local` into an empty GEM_HOME, the wheel with pip into
a new venv, both with no Rust toolchain on PATH; then each quickstart (the
first block of the language's docs page, which its package README carries)
mints a token that PyJWT verifies, from the bundled library."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import KEYS, ROOT, VERSION, Dist, Runner, need, verify_token


def readme_block(section: str, language: str) -> str:
    """The first ```language block of docs/<section>.md, the quickstart."""
    page = (ROOT / "docs" / f"{section.lower()}.md").read_text()
    match = re.search(rf"^```{language}\n(.*?)^```", page, re.S | re.M)
    assert match, f"no {language} block in docs/{section.lower()}.md"
    return match.group(1)


def test_gem_installs_offline_and_runs_the_readme_quickstart(dist: Dist, run_in_empty_dir: Runner,
                                                             workdir: Path, clean_path: str) -> None:
    need("gem", "ruby")
    gem_home = workdir / "gems"
    env = {"GEM_HOME": str(gem_home)}
    assert shutil.which("cargo", path=clean_path) is None and shutil.which("rustc", path=clean_path) is None
    run_in_empty_dir("gem", "gem", "install", "--local", "--no-document", dist.gem, env=env)
    (workdir / "gem" / "quickstart.rb").write_text(readme_block("Ruby", "ruby"))
    env["ENGAGESPOT_API_KEY"] = "gem-api-key"
    token = run_in_empty_dir("gem", "ruby", "quickstart.rb", env=env).stdout.splitlines()[-1]
    verify_token(token, "alice@example.com", api_key="gem-api-key")
    library = run_in_empty_dir("gem", "ruby", "-rengagespot_token", "-e", "print EngagespotToken.library_path",
                               env=env).stdout
    assert library == str(gem_home / "gems" / f"engagespot-token-{VERSION}" / "lib" / "engagespot_token" / "native"
                          / "x86_64-linux" / "libengagespot_token.so")


def test_gem_bundles_a_library_for_each_architecture(dist: Dist, workdir: Path) -> None:
    listed = subprocess.run(["gem", "specification", dist.gem, "files"], capture_output=True, text=True,
                            check=True).stdout
    for arch in ("x86_64-linux", "aarch64-linux"):
        assert f"lib/engagespot_token/native/{arch}/libengagespot_token.so" in listed, listed


def test_wheel_installs_into_a_new_venv_and_runs_the_readme_quickstart(dist: Dist, run_in_empty_dir: Runner,
                                                                       workdir: Path, clean_path: str) -> None:
    venv = workdir / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    env = {"PATH": f"{venv}/bin:{clean_path}"}
    assert shutil.which("cargo", path=env["PATH"]) is None and shutil.which("rustc", path=env["PATH"]) is None
    run_in_empty_dir("wheel", "python", "-m", "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check",
                     dist.wheel_for_this_machine(), env=env)
    shutil.copy(KEYS / "rsa2048.pkcs8.pem", workdir / "wheel" / "private.pem")
    (workdir / "wheel" / "quickstart.py").write_text(readme_block("Python", "python"))
    env |= {"ENGAGESPOT_API_KEY": "wheel-api-key", "ENGAGESPOT_API_SECRET": "wheel-secret"}
    token = run_in_empty_dir("wheel", "python", "quickstart.py", env=env).stdout.splitlines()[-1]
    verify_token(token, "alice@example.com", api_key="wheel-api-key")
    where, version = run_in_empty_dir("wheel", "python", "-c", "import importlib.metadata, engagespot_token; "
                                      "print(engagespot_token.__file__, importlib.metadata.version('engagespot-token'))",
                                      env=env).stdout.split()
    assert where.startswith(str(venv)), where
    assert version == VERSION
