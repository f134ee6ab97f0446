"""The advisory audit (scripts/audit: cargo audit, no network, against the
RustSec snapshot in ../shared/advisory-db): Cargo.lock has no advisory that
.cargo/audit.toml does not ignore, every ignore has its written reason and
names an advisory of the snapshot, the output states the snapshot's date, and
the audit fails on a lock file, and on a binary whose cargo-auditable list,
names a crate version with an advisory. The shipped binaries are audited in
tests/packages/test_audit_binaries.py, where dist/ is built."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AUDIT = ROOT / "scripts" / "audit"
CONFIG = ROOT / ".cargo" / "audit.toml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# rsa 0.9.6: RUSTSEC-2023-0071, the Marvin attack (no patched version).
VULNERABLE = ("rsa", "0.9.6", "RUSTSEC-2023-0071")
TIMEOUT = 300


def audit(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([AUDIT, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)


def snapshot_date(output: str) -> str:
    match = re.search(r"advisory-db snapshot of (\d{4}-\d{2}-\d{2})", output)
    assert match, f"the audit does not state the snapshot's date:\n{output}"
    return match[1]


@pytest.fixture(scope="module")
def lock_audit() -> subprocess.CompletedProcess:
    """scripts/audit over the repository's Cargo.lock."""
    return audit()


def test_cargo_lock_has_no_advisory_left_unignored(lock_audit: subprocess.CompletedProcess):
    done = lock_audit
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    print(f"Cargo.lock audited against the RustSec snapshot of {snapshot_date(output)}")
    assert re.search(r"Loaded \d+ security advisories", output), output
    assert re.search(r"Scanning Cargo\.lock for vulnerabilities \(\d+ crate dependencies\)", output), output


def test_the_audit_fails_on_a_lock_file_naming_a_vulnerable_crate():
    done = audit("--file", FIXTURES / "rsa-0.9.6.Cargo.lock")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    snapshot_date(output)
    assert VULNERABLE[2] in output and "rsa" in output, output


def binary_with_dependency_list(tmp_path: Path, packages: list) -> Path:
    """A small ELF program carrying a cargo-auditable list of PACKAGES in its .dep-v0 section."""
    source = tmp_path / "main.c"
    source.write_text("int main(void) { return 0; }\n")
    program = tmp_path / "program"
    subprocess.run(["cc", "-o", program, source], check=True, timeout=TIMEOUT)
    document = {"packages": [{"name": "program", "version": "0.1.0", "source": "local",
                              "dependencies": list(range(1, len(packages) + 1)), "root": True}]
                + [{"name": name, "version": version, "source": "crates.io"} for name, version in packages]}
    section = tmp_path / "dep-v0"
    section.write_bytes(zlib.compress(json.dumps(document).encode()))
    subprocess.run(["objcopy", "--add-section", f".dep-v0={section}", program], check=True, timeout=TIMEOUT)
    return program


def test_the_audit_fails_on_a_binary_whose_dependency_list_names_a_vulnerable_crate(tmp_path: Path):
    for tool in ("cc", "objcopy"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: run scripts/setup")
    (tmp_path / "a").mkdir()
    vulnerable = binary_with_dependency_list(tmp_path / "a", [VULNERABLE[:2]])
    done = audit("bin", vulnerable)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "Found 'cargo auditable' data" in output and VULNERABLE[2] in output, output
    # The same program listing a crate with no advisory passes: the list is read, not guessed.
    (tmp_path / "b").mkdir()
    clean = binary_with_dependency_list(tmp_path / "b", [("serde_json", "1.0.140")])
    done = audit("bin", clean)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_ignored_advisory_has_a_reason_and_is_in_the_snapshot(lock_audit: subprocess.CompletedProcess):
    """An ignore is a decision: a comment on or above its line says why, and it names an advisory the snapshot has."""
    config = tomllib.loads(CONFIG.read_text())
    ignored = config.get("advisories", {}).get("ignore", [])
    lines = CONFIG.read_text().splitlines()
    found = re.search(r"advisory-db snapshot of [^,]*, (\S+); no network", lock_audit.stdout)
    assert found, lock_audit.stdout
    database = Path(found[1])
    for advisory in ignored:
        (at,) = [i for i, line in enumerate(lines) if f'"{advisory}"' in line]
        above = lines[at - 1].lstrip()
        reason = lines[at].partition("#")[2].strip() or (above[1:].strip() if above.startswith("#") else "")
        assert len(reason) >= 20, f"{advisory}: no written reason in {CONFIG.name}"
        assert list(database.glob(f"crates/*/{advisory}.md")), \
            f"{advisory} is not an advisory of the snapshot"
