"""What dist/ holds, read without installing: every artefact present and
matching SHA256SUMS; every shipped Linux binary needs at most GLIBC_2.17, is
stripped, and carries no path of the machine that built it; the crates'
publish check and file list."""

from __future__ import annotations

import hashlib
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Dict, List

import lief
import pytest
from conftest import ARCHES, GLIBC_MAX, ROOT, Dist, elf_files, extract, need

CARGO_HOME_MARK = "/.cargo/registry/"


def test_dist_holds_every_artefact_matching_sha256sums(dist: Dist) -> None:
    expected = [dist.c_sdk(a) for a in ARCHES.values()]
    expected += [dist.npm_main, *(dist.npm_platform(a.npm_platform) for a in ARCHES.values())]
    expected += [dist.composer_zip, dist.gem, dist.wheel_for_this_machine()]
    missing = [p.name for p in expected if not p.is_file() or p.stat().st_size == 0]
    assert not missing, f"missing from dist/: {missing}"
    listed = {}
    for line in (dist.path / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.lstrip("*")] = digest
    for path in sorted(dist.path.iterdir()):
        if path.name == "SHA256SUMS":
            continue
        assert path.name in listed, f"{path.name} is not in SHA256SUMS"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[path.name], path.name


@pytest.fixture(scope="module")
def unpacked(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every Linux artefact in dist/ unpacked side by side (gem and wheel included)."""
    base = tmp_path_factory.mktemp("unpacked")
    for tarball in [*(dist.c_sdk(a) for a in ARCHES.values()), dist.npm_main, *dist.npm_platform_packages()]:
        extract(tarball, base / tarball.name)
    with zipfile.ZipFile(dist.composer_zip) as archive:
        archive.extractall(base / dist.composer_zip.name)
    gem_dir = base / dist.gem.name
    gem_dir.mkdir()
    subprocess.run(["tar", "-xf", dist.gem, "-C", gem_dir], check=True)
    extract(gem_dir / "data.tar.gz", gem_dir / "data")
    for wheel in dist.wheels():
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(base / wheel.name)
    return base


def linux_binaries(unpacked: Path) -> List[Path]:
    """The Linux glibc ELF files shipped (musl builds carry no GLIBC versions)."""
    return [p for p in elf_files(unpacked) if "musl" not in str(p.relative_to(unpacked))]


def newest_glibc(path: Path) -> tuple:
    out = subprocess.run(["readelf", "--dyn-syms", "--version-info", "-W", path], capture_output=True, text=True).stdout
    versions = {tuple(map(int, v.split("."))) for v in re.findall(r"GLIBC_([0-9][0-9.]*[0-9])", out)}
    assert versions, f"{path}: no GLIBC symbol versions read"
    return max(versions)


def test_every_shipped_binary_needs_at_most_glibc_2_17(unpacked: Path) -> None:
    need("readelf")
    found: Dict[str, tuple] = {str(p.relative_to(unpacked)): newest_glibc(p) for p in linux_binaries(unpacked)}
    too_new = {name: v for name, v in found.items() if v > GLIBC_MAX}
    assert not too_new, too_new
    # Per architecture: the .so and the CLI in the C SDK, the .node, the .so in the zip and in the gem;
    # and the wheel's module for x86_64.
    assert len(found) >= 5 * len(ARCHES) + 1, sorted(found)


def test_every_shipped_binary_is_stripped(unpacked: Path) -> None:
    for path in linux_binaries(unpacked):
        sections = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True, check=True).stdout
        # .debug_gdb_scripts is loaded data (Rust's pretty-printer hint), not debug information.
        debug = re.findall(r"\.symtab |\.debug_(?:info|line|abbrev|str|ranges|aranges|loc)", sections)
        assert not debug, f"{path} is not stripped: {debug}"


@pytest.fixture(scope="module")
def build_machine_paths(unpacked: Path) -> list:
    """Every line of `strings` output, in every shipped file (the wheel's SBOM and
    metadata included), that holds a cargo registry or rustup path or a path of this checkout."""
    need("strings")
    marks = [CARGO_HOME_MARK, "/.rustup/", str(ROOT)]
    offending = []
    for path in sorted(p for p in unpacked.rglob("*") if p.is_file() and not p.is_symlink()):
        text = subprocess.run(["strings", "-a", path], capture_output=True, text=True, check=True).stdout
        offending += [(path.relative_to(unpacked), line.strip()) for line in text.splitlines()
                      if any(mark in line for mark in marks)]
    return offending


def test_no_build_machine_path_in_any_shipped_file(build_machine_paths: list) -> None:
    """Issue 20 item 11."""
    rest = [f"{path}: {line[:160]}" for path, line in build_machine_paths]
    assert not rest, "\n".join(rest[:40])


def test_no_build_path_in_the_macos_modules_install_names(unpacked: Path) -> None:
    """The macOS Node addons and Python extensions name themselves (LC_ID_DYLIB)
    @rpath/ and the file name they ship under, as the dylib does, not the build
    machine's path that the linker writes by default (issue 29 item 5)."""
    modules = sorted(p for p in unpacked.rglob("*") if p.is_file() and p.name.endswith((".node", "_native.abi3.so"))
                     and any(os in p.relative_to(unpacked).parts[0] for os in ("darwin", "macosx")))
    names = {}
    for path in modules:
        fat = lief.MachO.parse(str(path))
        assert fat is not None, f"{path} is not a Mach-O file"
        binary = fat.at(0)
        id_dylib = next(c for c in binary.commands if c.command == lief.MachO.LoadCommand.TYPE.ID_DYLIB)
        names[str(path.relative_to(unpacked))] = (id_dylib.name, path.name)
    # Both macOS targets' addon and extension.
    assert len(names) == 4, sorted(names)
    wrong = {where: name for where, (name, file) in names.items() if name != f"@rpath/{file}"}
    assert not wrong, wrong


def test_cargo_publish_dry_run_of_the_core_and_the_cli() -> None:
    # --no-verify: verifying would build the packaged copies, aws-lc a second time for this target
    # (about 7 minutes here); the file list test below covers what build.rs needs instead.
    need("cargo")
    subprocess.run(
        ["cargo", "publish", "--dry-run", "--no-verify", "--allow-dirty", "--quiet",
         "-p", "engagespot-token", "-p", "engagespot-token-cli"],
        cwd=ROOT, check=True, timeout=600,
    )


def test_the_core_crate_ships_its_build_inputs_and_no_tests_or_bindings() -> None:
    listed = subprocess.run(
        ["cargo", "package", "--list", "--allow-dirty", "--quiet", "-p", "engagespot-token"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=600,
    ).stdout.splitlines()
    for name in ["build.rs", "cbindgen.toml", "src/lib.rs", "src/ffi/mod.rs", "include/engagespot_token.h",
                 "README.md", "LICENSE"]:
        assert name in listed, f"missing from the crate: {name}"
    extra = [name for name in listed if re.match(r"(tests|bindings|benches|fuzz|examples)/", name)]
    assert not extra, extra

