"""The wheel as users get it: `pip install` into a new venv, with no Rust
toolchain on PATH and an empty HOME, then the Python quickstart of docs/python.md.
scripts/test-python builds the wheel and names it in $ENGAGESPOT_TOKEN_WHEEL."""

import email
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT, KEYS, verify_with_pyjwt

WHEEL = os.environ.get("ENGAGESPOT_TOKEN_WHEEL")
pytestmark = pytest.mark.skipif(not WHEEL, reason="needs a built wheel (scripts/test-python)")


def readme_quickstart():
    """The first ```python block of docs/python.md (its quickstart)."""
    page = (ROOT / "docs" / "python.md").read_text()
    return re.search(r"^```python\n(.*?)^```", page, re.S | re.M).group(1)


def test_wheel_installs_and_runs_the_readme_quickstart(tmp_path):
    venv, home, work = tmp_path / "venv", tmp_path / "home", tmp_path / "app"
    home.mkdir()
    work.mkdir()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    path = f"{venv}/bin:/usr/bin:/bin"
    env = {"PATH": path, "HOME": str(home), "LANG": "C.UTF-8"}
    assert shutil.which("cargo", path=path) is None and shutil.which("rustc", path=path) is None
    subprocess.run(
        [f"{venv}/bin/python", "-m", "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check", WHEEL],
        check=True,
        env=env,
    )
    shutil.copy(KEYS / "rsa2048.pkcs8.pem", work / "private.pem")
    (work / "quickstart.py").write_text(readme_quickstart())
    run_env = {**env, "ENGAGESPOT_API_KEY": "wheel-api-key", "ENGAGESPOT_API_SECRET": "wheel-secret"}
    done = subprocess.run(
        [f"{venv}/bin/python", "quickstart.py"], cwd=work, env=run_env, capture_output=True, text=True, check=True
    )
    token = done.stdout.strip().splitlines()[-1]
    claims = verify_with_pyjwt(token)
    assert (claims["sub"], claims["apiKey"]) == ("user:alice@example.com", "wheel-api-key")
    assert claims["exp"] == claims["iat"] + 3600
    # The installed package is the wheel's, not the source tree's.
    where = subprocess.run(
        [f"{venv}/bin/python", "-c", SHOW_INSTALLED], cwd=work, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert where[0].startswith(str(venv))
    # One version everywhere: the wheel's metadata is the core's.
    assert where[1] == where[2], where


SHOW_INSTALLED = """
import importlib.metadata, engagespot_token
print(engagespot_token.__file__, importlib.metadata.version("engagespot-token"), engagespot_token.__version__)
"""


def claimed_range(metadata):
    """(Requires-Python, the ">=3.FIRST,<3.LAST+1" span of the 3.N classifiers):
    what the package claims, twice; scripts/test-python tests each version."""
    versions = [c for c in metadata.get_all("Classifier") if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]
    minors = sorted(int(c.rsplit(".", 1)[1]) for c in versions)
    # maturin writes the specifiers comma-and-space separated.
    return metadata["Requires-Python"].replace(" ", ""), f">=3.{minors[0]},<3.{minors[-1] + 1}"


def test_the_wheels_requires_python_is_its_classifiers_span():
    with zipfile.ZipFile(WHEEL) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(archive.read(name))
    requires, span = claimed_range(metadata)
    assert requires == span


@pytest.mark.skipif(not os.environ.get("ENGAGESPOT_TOKEN_INSTALLED"), reason="the suite runs on the installed wheel (scripts/test-python)")
def test_this_cpython_is_claimed_and_the_package_is_the_installed_wheels():
    import engagespot_token

    requires, _ = claimed_range(importlib.metadata.metadata("engagespot-token"))
    first, last = (int(v) for v in re.fullmatch(r">=3\.(\d+),<3\.(\d+)", requires).groups())
    assert sys.implementation.name == "cpython" and first <= sys.version_info[1] < last, (sys.version, requires)
    assert engagespot_token.__file__.startswith(sys.prefix), engagespot_token.__file__
