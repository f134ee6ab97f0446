"""Every target's files in every artefact (issue 21): the C SDK, the npm
platform packages (os, cpu and libc so that exactly one installs, pinned in
the main package), the Composer package and the gem (a library per
platform, where their loaders look), the Python wheels (tags in the file
name and in WHEEL, RECORD hashes, the extension's format) and the sdist.
Each native file is read with lief: it must be of its target's format,
architecture and C library."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import VERSION, Dist, extract
from platforms import TARGETS, Target, binary_format, expected_format

IDS = [target.name for target in TARGETS]


def npm_json(tarball: Path) -> dict:
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/package.json")
        assert member is not None
        return json.load(member)


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_c_sdk_holds_the_libraries_and_cli_of_its_target(target: Target, dist: Dist, tmp_path: Path):
    archive = dist.path / target.c_sdk.format(version=VERSION)
    assert archive.is_file(), f"missing {archive.name}"
    if target.kind == "pe":
        with zipfile.ZipFile(archive) as z:
            z.extractall(tmp_path)
        (top,) = tmp_path.iterdir()
        files = {
            "bin/engagespot_token.dll": True,
            "bin/engagespot-token.exe": True,
            "lib/libengagespot_token.dll.a": False,
            "lib/libengagespot_token.a": False,
        }
    else:
        extract(archive, tmp_path)
        (top,) = tmp_path.iterdir()
        shared = f"lib/libengagespot_token.so.{VERSION}" if target.kind == "elf" else "lib/libengagespot_token.dylib"
        files = {shared: True, "bin/engagespot-token": True, "lib/libengagespot_token.a": False}
    assert (top / "include/engagespot_token.h").is_file()
    for name, native in files.items():
        assert (top / name).is_file(), f"{archive.name} lacks {name}"
        if native:
            assert binary_format(top / name) == expected_format(target), name


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_npm_platform_package_declares_os_cpu_libc_and_holds_its_addon(target: Target, dist: Dist, tmp_path: Path):
    tarball = dist.path / f"engagespot-token-{target.npm_platform}-{VERSION}.tgz"
    pkg = npm_json(tarball)
    os_, cpu, libc = target.npm
    assert (pkg["name"], pkg["version"], pkg["os"], pkg["cpu"]) == (
        f"engagespot-token-{target.npm_platform}", VERSION, [os_], [cpu])
    # libc only on Linux: npm would refuse a darwin or win32 package that names one.
    assert pkg.get("libc") == ([libc] if libc else None)
    extract(tarball, tmp_path)
    addon = tmp_path / "package" / pkg["main"]
    assert binary_format(addon) == expected_format(target)


def test_npm_main_package_pins_every_platform_package_exactly(dist: Dist):
    pkg = npm_json(dist.path / f"engagespot-token-{VERSION}.tgz")
    assert pkg["optionalDependencies"] == {f"engagespot-token-{t.npm_platform}": VERSION for t in TARGETS}


def test_npm_platform_packages_are_mutually_exclusive():
    """No two targets share os, cpu and libc, so that npm picks exactly one."""
    assert len({t.npm for t in TARGETS}) == len(TARGETS)


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_composer_package_bundles_the_library_where_library_php_looks(target: Target, dist: Dist, tmp_path: Path):
    with zipfile.ZipFile(dist.path / f"engagespot-engagespot-token-{VERSION}.zip") as z:
        name = f"lib/{target.composer}/{target.library}"
        assert name in z.namelist(), f"the Composer archive lacks {name}"
        info = z.getinfo(name)
        assert (info.external_attr >> 16) & 0o170000 == 0o100000, f"{name} is not a plain file"
        path = Path(z.extract(name, tmp_path))
    assert binary_format(path) == expected_format(target)


def gem_files(gem: Path) -> dict:
    """The gem's data.tar.gz members, by name."""
    with tarfile.open(gem) as outer:
        data = outer.extractfile("data.tar.gz")
        assert data is not None
        with tarfile.open(fileobj=io.BytesIO(data.read())) as inner:
            return {m.name: inner.extractfile(m).read() for m in inner.getmembers() if m.isfile()}


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_gem_bundles_the_library_where_its_loader_looks(target: Target, dist: Dist, tmp_path: Path):
    files = gem_files(dist.path / f"engagespot-token-{VERSION}.gem")
    suffix = {"elf": "so", "macho": "dylib", "pe": "dll"}[target.kind]
    name = f"lib/engagespot_token/native/{target.gem}/libengagespot_token.{suffix}"
    assert name in files, f"the gem lacks {name}"
    (tmp_path / "lib").write_bytes(files[name])
    assert binary_format(tmp_path / "lib") == expected_format(target)


def record_is_valid(archive: zipfile.ZipFile, record: str) -> None:
    """Every file but RECORD itself is listed with its sha256 and size."""
    listed = {}
    for line in archive.read(record).decode().splitlines():
        name, digest, size = line.rsplit(",", 2)
        listed[name] = (digest, size)
    assert set(listed) == set(archive.namelist())
    for name, (digest, size) in listed.items():
        if name == record:
            continue
        data = archive.read(name)
        expected = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert (digest, size) == (expected, str(len(data))), name


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_wheel_tags_metadata_and_extension(target: Target, dist: Dist, tmp_path: Path):
    wheel = dist.path / f"engagespot_token-{VERSION}-cp38-abi3-{'.'.join(target.wheel_tags)}.whl"
    assert wheel.is_file(), f"missing {wheel.name}; have {[w.name for w in dist.path.glob('*.whl')]}"
    info = f"engagespot_token-{VERSION}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        wheel_meta = archive.read(f"{info}/WHEEL").decode()
        assert re.findall(r"^Tag: (.*)$", wheel_meta, re.M) == [f"cp38-abi3-{tag}" for tag in target.wheel_tags]
        assert "Root-Is-Purelib: false" in wheel_meta
        metadata = archive.read(f"{info}/METADATA").decode()
        assert re.search(r"^Name: engagespot-token$", metadata, re.M) and f"\nVersion: {VERSION}\n" in metadata
        assert re.search(r"^Requires-Python: >=3\.10, ?<3\.14$", metadata, re.M)  # bindings/python/pyproject.toml
        record_is_valid(archive, f"{info}/RECORD")
        module = "engagespot_token/_native.pyd" if target.kind == "pe" else "engagespot_token/_native.abi3.so"
        assert {"engagespot_token/__init__.py", "engagespot_token/py.typed", module} <= set(archive.namelist())
        path = Path(archive.extract(module, tmp_path))
    assert binary_format(path) == expected_format(target)


def test_there_is_one_wheel_per_target(dist: Dist):
    assert len(list(dist.path.glob(f"engagespot_token-{VERSION}-*.whl"))) == len(TARGETS)


def test_sdist_holds_what_a_source_build_needs(dist: Dist):
    """pip builds the sdist where no wheel fits: it must carry the pyproject,
    the extension crate and the core crate it depends on."""
    with tarfile.open(dist.path / f"engagespot_token-{VERSION}.tar.gz") as sdist:
        names = set(sdist.getnames())
    top = f"engagespot_token-{VERSION}"
    for needed in ("pyproject.toml", "PKG-INFO", "python/engagespot_token/__init__.py"):
        assert f"{top}/{needed}" in names, needed
    assert any(n.endswith("/src/ffi/mod.rs") for n in names), "the core crate's sources"
    assert any(n.endswith("bindings/python/Cargo.toml") or n == f"{top}/Cargo.toml" for n in names)
