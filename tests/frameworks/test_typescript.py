"""tsc --strict over the TypeScript-facing integrations, each in its example
with the framework's own types installed (the example's node_modules, as its
run script installs them): engagespot-token/nest with the NestJS example's
TypeScript sources, engagespot-token/hono with the Hono example's server.mjs
(checkJs). The examples' tsconfig.json set `strict`; tsc is each example's own."""

import subprocess
from pathlib import Path

import pytest

from endpoint_contract import ROOT

EXAMPLES = ROOT / "examples" / "frameworks"


def installed_example(name: str) -> Path:
    """The example's directory once the run scripts' helper has installed its npm dependencies."""
    directory = EXAMPLES / name
    script = f'source "{EXAMPLES}/lib.sh"; node_example "{directory}"'
    subprocess.run(["bash", "-c", script], check=True, capture_output=True, text=True, timeout=900)
    return directory


@pytest.mark.parametrize("name", ["hono", "nest"])
def test_tsc_strict_passes(name: str) -> None:
    directory = installed_example(name)
    config = (directory / "tsconfig.json").read_text()
    assert '"strict": true' in config
    result = subprocess.run([str(directory / "node_modules" / ".bin" / "tsc"), "-p", str(directory), "--noEmit"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
