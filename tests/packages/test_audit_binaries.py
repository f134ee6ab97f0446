"""The advisory audit of the shipped binaries: scripts/audit bin (cargo
audit, no network, against the RustSec snapshot) over every executable,
shared library, Node addon, Python extension and .wasm in dist/'s artefacts
that carries its cargo-auditable dependency list. It fails on any advisory
.cargo/audit.toml does not ignore; the output states the snapshot's date.
Binaries without a list are named (cargo audit would only guess their crates
from panic messages)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from auditable import binaries_in, dependency_list
from conftest import ROOT, TIMEOUT, Dist


def test_shipped_binaries_have_no_advisory(dist: Dist, tmp_path: Path) -> None:
    carrying, without = [], []
    for artefact in sorted(p for p in dist.path.iterdir() if p.name != "SHA256SUMS" and not p.name.endswith(".cdx.json")):
        for name, data in binaries_in(artefact).items():
            if dependency_list(data) is None:
                without.append(f"{artefact.name}:{name}")
                continue
            path = tmp_path / f"{len(carrying):03d}-{Path(name).name}"
            path.write_bytes(data)
            carrying.append(path)
    print(f"{len(carrying)} shipped binaries carry their dependency list; without one: {without or 'none'}")
    if not carrying:
        pytest.skip(f"no shipped binary carries a cargo-auditable list yet ({len(without)} binaries)")
    done = subprocess.run([ROOT / "scripts/audit", "bin", *carrying], cwd=ROOT, capture_output=True, text=True,
                          timeout=TIMEOUT)
    output = done.stdout + done.stderr
    print(output)
    assert re.search(r"advisory-db snapshot of \d{4}-\d{2}-\d{2}", output), output
    # cargo audit read each binary's list, not a guess from its panic messages.
    assert output.count("Found 'cargo auditable' data") == len(carrying), output
    assert done.returncode == 0, output
