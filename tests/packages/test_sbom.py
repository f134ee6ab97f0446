"""The SBOMs (scripts/sbom, called by scripts/package): one CycloneDX 1.6
document per artefact in dist/, listed in SHA256SUMS, naming its artefact by
SHA-256, valid against the CycloneDX schema (cyclonedx-python-lib's
validator), listing every Rust crate with version and purl as Cargo.lock has
it, exactly the crates whose code the artefact's binaries carry (their
cargo-auditable lists), and aws-lc's C sources at the version of the sources
aws-lc-sys bundles; the same bytes when written again."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from auditable import binaries_in, dependency_list, runtime_crates
from conftest import ROOT, TIMEOUT, VERSION, Dist

LOCK = tomllib.loads((ROOT / "Cargo.lock").read_text())
LOCKED = {(p["name"], p["version"]): p for p in LOCK["package"]}
AWS_LC_PREFIX = re.compile(rb"\baws_lc_([0-9]+_[0-9]+_[0-9]+)_[A-Za-z]")


def artefacts(dist: Dist) -> list:
    return sorted(p for p in dist.path.iterdir() if p.name != "SHA256SUMS" and not p.name.endswith(".cdx.json"))


def sbom_of(artefact: Path) -> dict:
    return json.loads(artefact.with_name(artefact.name + ".cdx.json").read_text())


def crates(sbom: dict, scope: str = "") -> set:
    return {(c["name"], c["version"]) for c in sbom["components"]
            if c["purl"].startswith("pkg:cargo/") and (not scope or c["scope"] == scope)}


def test_every_artefact_has_one_sbom_listed_in_sha256sums(dist: Dist) -> None:
    listed = {line.split(maxsplit=1)[1].lstrip("*") for line in (dist.path / "SHA256SUMS").read_text().splitlines()}
    sboms = sorted(p for p in dist.path.iterdir() if p.name.endswith(".cdx.json"))
    assert len(artefacts(dist)) >= 7, "dist/ holds fewer artefacts than one build of one target gives"
    for artefact in artefacts(dist):
        assert artefact.with_name(artefact.name + ".cdx.json").is_file(), f"no SBOM for {artefact.name}"
    assert [s.name.removesuffix(".cdx.json") for s in sboms] == [a.name for a in artefacts(dist)]
    assert {s.name for s in sboms} <= listed, "an SBOM missing from SHA256SUMS"


def test_each_sbom_names_its_artefact_by_sha256(dist: Dist) -> None:
    for artefact in artefacts(dist):
        component = sbom_of(artefact)["metadata"]["component"]
        assert component["hashes"] == [{"alg": "SHA-256", "content": hashlib.sha256(artefact.read_bytes()).hexdigest()}]
        ecosystem = {".tgz": "pkg:npm/", ".whl": "pkg:pypi/", ".gem": "pkg:gem/"}.get(artefact.suffix)
        if ecosystem:
            assert component["purl"].startswith(ecosystem), component["purl"]


def test_sboms_are_valid_cyclonedx_1_6(dist: Dist) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    validator = JsonStrictValidator(SchemaVersion.V1_6)
    for artefact in artefacts(dist):
        text = artefact.with_name(artefact.name + ".cdx.json").read_text()
        assert json.loads(text)["specVersion"] == "1.6"
        error = validator.validate_str(text)
        assert error is None, f"{artefact.name}.cdx.json: {error}"


def test_every_crate_is_named_as_cargo_lock_names_it(dist: Dist) -> None:
    for artefact in artefacts(dist):
        for component in sbom_of(artefact)["components"]:
            if not component["purl"].startswith("pkg:cargo/"):
                continue
            key = (component["name"], component["version"])
            assert key in LOCKED, f"{artefact.name}: {key} is not in Cargo.lock"
            assert component["purl"] == f"pkg:cargo/{key[0]}@{key[1]}"
            checksum = LOCKED[key].get("checksum")
            if checksum:  # registry crates; the workspace's own crates have none
                assert component["hashes"] == [{"alg": "SHA-256", "content": checksum}]
            assert component["scope"] in ("required", "excluded")
        assert not any(name == "rsa" for name, _ in crates(sbom_of(artefact))), "the rsa crate (RUSTSEC-2023-0071)"


def lock_closure(roots: set) -> set:
    """Every (name, version) Cargo.lock reaches from ROOTS, for any platform and feature."""
    by_name: dict = {}
    for package in LOCK["package"]:
        by_name.setdefault(package["name"], []).append(package)
    seen, todo = set(), [key for key in LOCKED if key[0] in roots]
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        for dependency in LOCKED[key].get("dependencies", []):
            name, _, version = dependency.partition(" ")
            candidates = by_name[name] if not version else [p for p in by_name[name] if p["version"] == version]
            todo += [(p["name"], p["version"]) for p in candidates]
    return seen


def test_crates_are_the_cargo_lock_subgraph_of_the_artefact(dist: Dist) -> None:
    """Each SBOM's crates lie in the Cargo.lock subgraph of the crates its
    artefact ships (the workspace crates it says the artefact depends on);
    the npm main package (the WebAssembly core) has no aws-lc, the others have it."""
    workspace = {name for name, _ in LOCKED if name.startswith("engagespot-token")}
    for artefact in artefacts(dist):
        sbom = sbom_of(artefact)
        (top,) = [d for d in sbom["dependencies"] if d["ref"] == sbom["metadata"]["component"]["bom-ref"]]
        roots = {ref.split("/")[1].split("@")[0] for ref in top["dependsOn"]}
        assert roots and roots <= workspace, f"{artefact.name}: {roots}"
        listed = crates(sbom)
        assert listed <= lock_closure(roots), f"{artefact.name}: {sorted(listed - lock_closure(roots))}"
        names = {name for name, _ in crates(sbom, "required")}
        if artefact == dist.npm_main:
            assert roots == {"engagespot-token-wasm"}
            assert not names & {"aws-lc-rs", "aws-lc-sys"}
            assert "aws-lc" not in {c["name"] for c in sbom["components"]}
        else:
            assert {"aws-lc-rs", "aws-lc-sys", "engagespot-token"} <= names, artefact.name


def aws_lc_build_version(aws_lc_sys_version: str) -> str:
    """The version aws-lc's own build (its CMakeLists.txt) gives the sources aws-lc-sys bundles."""
    registry = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo")) / "registry" / "src"
    (cmake,) = set(registry.glob(f"*/aws-lc-sys-{aws_lc_sys_version}/aws-lc/CMakeLists.txt"))
    match = re.search(r'set\(SOFTWARE_VERSION "([^"]+)"\)', cmake.read_text())
    assert match, cmake
    return match[1]


def test_native_sboms_name_aws_lc_at_the_version_of_the_bundled_sources(dist: Dist) -> None:
    """aws-lc's C sources are a component, at the version aws-lc's build
    gives the sources of the aws-lc-sys the SBOM names; where a shipped
    binary keeps aws-lc-sys's symbol prefix (aws_lc_<version>_), it is that aws-lc-sys."""
    checked = 0
    for artefact in artefacts(dist):
        sbom = sbom_of(artefact)
        aws_lc_sys = {ver for name, ver in crates(sbom, "required") if name == "aws-lc-sys"}
        if not aws_lc_sys:
            continue
        (sys_version,) = aws_lc_sys
        (aws_lc,) = [c for c in sbom["components"] if c["name"] == "aws-lc"]
        assert aws_lc["version"] == aws_lc_build_version(sys_version), artefact.name
        assert aws_lc["purl"] == f"pkg:github/aws/aws-lc@v{aws_lc['version']}"
        assert aws_lc["scope"] == "required"
        prefixes = {m.decode() for data in binaries_in(artefact).values() for m in AWS_LC_PREFIX.findall(data)}
        assert prefixes <= {sys_version.replace(".", "_")}, f"{artefact.name}: binaries carry aws-lc-sys {prefixes}"
        checked += 1
    assert checked, "no SBOM names aws-lc-sys"


def test_sbom_crates_are_the_binaries_dependency_lists(dist: Dist) -> None:
    """The crates an SBOM says an artefact links are among the ones the
    cargo-auditable lists in its native binaries name (cargo's own record of
    the build). Not the .wasm's: cargo-auditable reads the workspace-wide
    `cargo metadata` resolve, where the core's default aws-lc feature is on,
    so a list in the .wasm would name aws-lc-rs, which the WebAssembly build
    does not contain (scripts/check-deps)."""
    compared, without = [], []
    for artefact in artefacts(dist):
        linked: set = set()
        lists = 0
        for name, data in binaries_in(artefact).items():
            if data.startswith(b"\0asm"):
                continue
            document = dependency_list(data)
            if document is None:
                without.append(f"{artefact.name}:{name}")
                continue
            lists += 1
            linked |= runtime_crates(document)
        if lists:
            # Every crate the SBOM says is linked is in cargo's own record of
            # the build. The record may name more: cargo-auditable takes `cargo
            # metadata`'s resolve, which also lists optional dependencies that
            # this build does not enable (crypto-bigint's serdect and base16ct:
            # `cargo tree -e features -i crypto-bigint` shows only alloc and
            # zeroize on); the SBOM comes from `cargo tree` of the build itself.
            required = crates(sbom_of(artefact), "required")
            assert required <= linked, f"{artefact.name}: only in the SBOM {sorted(required - linked)}"
            compared.append(artefact.name)
    if not compared:
        pytest.skip(f"no shipped binary carries a cargo-auditable list yet ({len(without)} without)")


def package_table() -> str:
    match = re.search(r"^TARGET_TABLE='\n(.*?)^'", (ROOT / "scripts/package").read_text(), re.S | re.M)
    assert match
    return match[1]


def test_sboms_are_reproducible(dist: Dist, tmp_path: Path) -> None:
    """scripts/sbom, run again over the same artefacts from elsewhere, writes the same bytes."""
    copy = tmp_path / "dist"
    copy.mkdir()
    for artefact in artefacts(dist):
        shutil.copy2(artefact, copy)
    # The targets this dist/ was built for: those with a C SDK.
    targets = [row.split()[0] for row in package_table().splitlines() if row.strip()
               and any((dist.path / f"engagespot-token-{VERSION}-{row.split()[0]}{ext}").exists()
                       for ext in (".tar.gz", ".zip"))]
    env = dict(os.environ, TMPDIR=str(tmp_path), SOURCE_DATE_EPOCH=str(
        json_epoch(sbom_of(artefacts(dist)[0]))))
    subprocess.run([ROOT / "scripts/sbom", copy, package_table(), *targets], cwd=tmp_path, env=env,
                   check=True, capture_output=True, timeout=TIMEOUT)
    for artefact in artefacts(dist):
        name = artefact.name + ".cdx.json"
        assert (copy / name).read_bytes() == (dist.path / name).read_bytes(), name


def json_epoch(sbom: dict) -> int:
    import calendar
    import time

    return calendar.timegm(time.strptime(sbom["metadata"]["timestamp"], "%Y-%m-%dT%H:%M:%SZ"))


def test_sbom_refuses_an_artefact_it_has_no_rule_for(tmp_path: Path) -> None:
    (tmp_path / "engagespot-token-0.1.0-mystery.bin").write_bytes(b"?")
    done = subprocess.run([ROOT / "scripts/sbom", tmp_path, package_table(), "x86_64-linux-gnu"],
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode != 0 and "no rule for engagespot-token-0.1.0-mystery.bin" in done.stderr
