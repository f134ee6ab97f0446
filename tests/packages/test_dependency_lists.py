"""Every shipped Rust binary carries its dependency list (issue 29 item 3):
cargo-auditable's .dep-v0 section, zlib-compressed JSON, read here with lief
from the copies inside the artefacts, for every target. The cdylibs are
checked one by one (the C SDK's library, and the copies the Composer archive
and the gem bundle), since a packager that relinks or rewrites a library can
lose the section; so are the Node addons, the Python extensions and the CLI.
Each list must name its own crate as the root and the crates it is built
from at the versions Cargo.lock pins, and never the rsa crate."""

from __future__ import annotations

import io
import json
import tarfile
import tomllib
import zipfile
import zlib
from pathlib import Path
from typing import Dict, List, Tuple

import lief
import pytest
from conftest import ROOT, VERSION, Dist
from platforms import TARGETS, Target

lief.logging.disable()
IDS = [target.name for target in TARGETS]
LOCKED: Dict[str, List[str]] = {}
for _package in tomllib.loads((ROOT / "Cargo.lock").read_text())["package"]:
    LOCKED.setdefault(_package["name"], []).append(_package["version"])


def dependency_list(data: bytes, name: str) -> dict:
    """The decoded .dep-v0 section of an ELF, Mach-O or PE file."""
    binary = lief.parse(data)
    assert binary is not None, f"{name}: not a native file"
    if isinstance(binary, lief.MachO.Binary):
        section = binary.get_section("__DATA", ".dep-v0")
    else:
        section = binary.get_section(".dep-v0")
    assert section is not None, f"{name} carries no .dep-v0 section (cargo-auditable's dependency list)"
    return json.loads(zlib.decompress(bytes(section.content)))


def shipped_binaries(target: Target, dist: Dist) -> List[Tuple[str, str, bytes]]:
    """(where, its crate, bytes) of every Rust binary the artefacts ship for target."""
    found = []
    sdk = dist.path / target.c_sdk.format(version=VERSION)
    top = sdk.name.removesuffix(".tar.gz").removesuffix(".zip")
    if target.kind == "pe":
        with zipfile.ZipFile(sdk) as z:
            found += [(f"{sdk.name}:bin/engagespot_token.dll", "engagespot-token", z.read(f"{top}/bin/engagespot_token.dll")),
                      (f"{sdk.name}:bin/engagespot-token.exe", "engagespot-token-cli",
                       z.read(f"{top}/bin/engagespot-token.exe"))]
    else:
        library = f"lib/libengagespot_token.so.{VERSION}" if target.kind == "elf" else "lib/libengagespot_token.dylib"
        with tarfile.open(sdk) as tar:
            for path, crate in ((library, "engagespot-token"), ("bin/engagespot-token", "engagespot-token-cli")):
                member = tar.extractfile(f"{top}/{path}")
                assert member is not None
                found.append((f"{sdk.name}:{path}", crate, member.read()))
    npm = dist.npm_platform(target.npm_platform)
    with tarfile.open(npm) as tar:
        member = tar.extractfile(f"package/engagespot_token.{target.npm_platform}.node")
        assert member is not None
        found.append((f"{npm.name}:.node", "engagespot-token-node", member.read()))
    wheel = dist.path / f"engagespot_token-{VERSION}-cp38-abi3-{'.'.join(target.wheel_tags)}.whl"
    module = "engagespot_token/_native.pyd" if target.kind == "pe" else "engagespot_token/_native.abi3.so"
    with zipfile.ZipFile(wheel) as z:
        found.append((f"{wheel.name}:{module}", "engagespot-token-python", z.read(module)))
    with zipfile.ZipFile(dist.composer_zip) as z:
        name = f"lib/{target.composer}/{target.library}"
        found.append((f"{dist.composer_zip.name}:{name}", "engagespot-token", z.read(name)))
    suffix = {"elf": "so", "macho": "dylib", "pe": "dll"}[target.kind]
    with tarfile.open(dist.gem) as outer:
        data = outer.extractfile("data.tar.gz")
        assert data is not None
        with tarfile.open(fileobj=io.BytesIO(data.read())) as inner:
            name = f"lib/engagespot_token/native/{target.gem}/libengagespot_token.{suffix}"
            member = inner.extractfile(name)
            assert member is not None
            found.append((f"{dist.gem.name}:{name}", "engagespot-token", member.read()))
    return found


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_every_shipped_binary_carries_its_dependency_list(target: Target, dist: Dist) -> None:
    binaries = shipped_binaries(target, dist)
    assert len(binaries) == 6
    for where, crate, data in binaries:
        packages = dependency_list(data, where)["packages"]
        roots = [p for p in packages if p.get("root")]
        assert [(p["name"], p["version"]) for p in roots] == [(crate, VERSION)], f"{where}: root {roots}"
        listed = {p["name"]: p["version"] for p in packages}
        # The core and the crypto it is built on, at the locked versions.
        for dependency in ("engagespot-token", "aws-lc-rs", "aws-lc-sys", "serde_json"):
            assert dependency in listed, f"{where}: {dependency} is not listed"
            assert listed[dependency] in LOCKED[dependency], f"{where}: {dependency} {listed[dependency]}"
        assert "rsa" not in listed, f"{where} lists the rsa crate"
        own = {"engagespot-token-node": "napi", "engagespot-token-python": "pyo3"}.get(crate)
        if own:
            assert own in listed, f"{where}: {own} is not listed"
