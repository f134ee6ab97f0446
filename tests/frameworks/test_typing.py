"""mypy --strict over each Python integration and its example, with the
framework installed (the example's venv, as its run script makes it) and the
in-tree engagespot_token staged on MYPYPATH."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from endpoint_contract import ROOT

EXAMPLES = ROOT / "examples" / "frameworks"
# Per framework: the files of engagespot_token (staged) and of its example that mypy checks.
CHECKED: Dict[str, Tuple[List[str], List[Path]]] = {
    "django": (["_endpoint.py", "django/__init__.py", "django/apps.py", "django/views.py", "django/urls.py"],
               sorted((EXAMPLES / "django" / "example").glob("*.py"))),
    "flask": (["_endpoint.py", "flask.py"], [EXAMPLES / "flask" / "app.py"]),
    "fastapi": (["_endpoint.py", "fastapi.py"], [EXAMPLES / "fastapi" / "app.py"]),
}


def example_python(name: str) -> Tuple[str, str]:
    """The example's venv python and the staged module's directory, from the
    run scripts' own helper (which installs the venv if needed)."""
    script = f'source "{EXAMPLES}/lib.sh"; python_example "{EXAMPLES}/{name}"; echo "$python"; echo "$PYTHONPATH"'
    out = subprocess.run(["bash", "-c", script], check=True, capture_output=True, text=True, timeout=900).stdout
    python, pythonpath = out.strip().splitlines()[-2:]
    return python, pythonpath.split(os.pathsep)[0]


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_mypy_strict_passes(name: str, tmp_path: Path) -> None:
    python, stage = example_python(name)
    package, examples = CHECKED[name]
    files = [str(Path(stage) / "engagespot_token" / f) for f in package] + [str(f) for f in examples]
    command = [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--python-executable", python,
               "--cache-dir", str(tmp_path / "cache"), *files]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "MYPYPATH": stage}, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
