"""scripts/package assembles the wheels by hand (scripts/assemble-wheel) from
the extension it has already built for each target, rather than letting
maturin rebuild every target's aws-lc. This compares that hand assembly with
maturin's own wheel for the same target, Linux x86_64 (scripts/build-wheel:
maturin build --zig --compatibility manylinux2014): the same files at the
same paths, the same METADATA, the same tags, the same Python files byte for
byte. Two differences are expected and named: WHEEL's Generator line, and
maturin's SBOM in .dist-info/sboms/ (dist/ carries an SBOM per artefact
instead). The extension's bytes differ (two builds); each is checked elsewhere."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, VERSION, Dist, need
from platforms import BY_NAME

LINUX_X64 = BY_NAME["x86_64-linux-gnu"]
INFO = f"engagespot_token-{VERSION}.dist-info"


@pytest.fixture(scope="module")
def maturin_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """maturin's wheel for Linux x86_64 (incremental in target/wheel, which scripts/test-python builds)."""
    need("maturin")
    out = tmp_path_factory.mktemp("maturin")
    subprocess.run([ROOT / "scripts/build-wheel"], cwd=ROOT, env={**os.environ, "WHEEL_OUT_DIR": str(out)},
                   check=True, capture_output=True, timeout=1800)
    (wheel,) = out.glob("*.whl")
    return wheel


def wheel_fields(text: str) -> dict:
    """WHEEL's fields; Tag may repeat, so it is a sorted list."""
    fields: dict = {}
    for line in text.splitlines():
        key, _, value = line.partition(": ")
        fields.setdefault(key, []).append(value)
    return {key: sorted(values) for key, values in fields.items()}


def test_assembled_wheel_matches_maturins_for_the_same_target(maturin_wheel: Path, dist: Dist) -> None:
    ours = dist.path / f"engagespot_token-{VERSION}-cp38-abi3-{'.'.join(LINUX_X64.wheel_tags)}.whl"
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(maturin_wheel) as m:
        sboms = {n for n in m.namelist() if n.startswith(f"{INFO}/sboms/")}
        assert set(a.namelist()) == set(m.namelist()) - sboms, (
            f"only ours: {sorted(set(a.namelist()) - set(m.namelist()))}, "
            f"only maturin's: {sorted(set(m.namelist()) - sboms - set(a.namelist()))}")
        assert a.read(f"{INFO}/METADATA") == m.read(f"{INFO}/METADATA")
        ours_wheel, maturins = (wheel_fields(z.read(f"{INFO}/WHEEL").decode()) for z in (a, m))
        assert ours_wheel.pop("Generator") != maturins.pop("Generator")
        assert ours_wheel == maturins
        assert sorted(re.sub(r"^cp38-abi3-", "", t) for t in ours_wheel["Tag"]) == sorted(LINUX_X64.wheel_tags)
        for name in a.namelist():
            if name.endswith(".py") or name.endswith((".pyi", "py.typed")):
                assert a.read(name) == m.read(name), name
            info_a, info_m = a.getinfo(name), m.getinfo(name)
            assert (info_a.external_attr >> 16) & 0o111 == (info_m.external_attr >> 16) & 0o111, f"{name}: mode"
