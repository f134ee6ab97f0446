"""macOS builds, checked by reading the Mach-O files with lief (no Mac is
reachable from these machines, so nothing here runs them): every shipped
file of both architectures (the C SDK's dylib and CLI, the npm addon, the
wheel's extension) is of its architecture, states the minimum macOS (not
zig's default, the build host's newest), links only system libraries, and on
arm64 carries an ad-hoc code signature whose page hashes match the file (a
strip after signing would break them). The dylib's install name is
@rpath/..., and it exports the es_* functions of the Linux build and nothing
else."""

from __future__ import annotations

import hashlib
import struct
import zipfile
from pathlib import Path

import lief
import pytest
from conftest import VERSION, Dist, extract
from platforms import BY_NAME, Target

MACS = [BY_NAME["x86_64-macos"], BY_NAME["aarch64-macos"]]
CPU = {"x86_64": lief.MachO.Header.CPU_TYPE.X86_64, "aarch64": lief.MachO.Header.CPU_TYPE.ARM64}
SYSTEM_PREFIXES = ("/usr/lib/", "/System/Library/")
CS_ADHOC = 0x2


def shipped_files(target: Target, dist: Dist, into: Path) -> dict:
    """The target's Mach-O files, by role, from the artefacts."""
    sdk = extract(dist.path / target.c_sdk.format(version=VERSION), into / "sdk", strip_top=True)
    npm = extract(dist.path / f"engagespot-token-{target.npm_platform}-{VERSION}.tgz", into / "npm")
    wheel = dist.path / f"engagespot_token-{VERSION}-cp38-abi3-{'.'.join(target.wheel_tags)}.whl"
    with zipfile.ZipFile(wheel) as archive:
        extension = Path(archive.extract("engagespot_token/_native.abi3.so", into / "wheel"))
    return {
        "dylib": sdk / "lib/libengagespot_token.dylib",
        "cli": sdk / "bin/engagespot-token",
        "node": npm / f"package/engagespot_token.{target.npm_platform}.node",
        "python": extension,
    }


@pytest.fixture(scope="module", params=MACS, ids=[t.name for t in MACS])
def mac(request, dist: Dist, tmp_path_factory) -> tuple:
    target = request.param
    return target, shipped_files(target, dist, tmp_path_factory.mktemp(target.name))


# The parsed files stay alive here: a lief.MachO.Binary is owned by its
# FatBinary, and reading it after the FatBinary is freed crashes.
_PARSED: list = []


def parse(path: Path) -> lief.MachO.Binary:
    fat = lief.MachO.parse(str(path))
    assert fat is not None and fat.size == 1, f"{path.name}: not a thin Mach-O"
    _PARSED.append(fat)
    return fat.at(0)


def minimum_os(binary: lief.MachO.Binary) -> str:
    if binary.has_build_version:
        major, minor, _ = binary.build_version.minos
    else:
        major, minor, _ = binary.version_min.version
    return f"{major}.{minor}"


def test_every_file_is_of_its_architecture_and_states_the_minimum_macos(mac):
    target, files = mac
    for role, path in files.items():
        binary = parse(path)
        assert binary.header.cpu_type == CPU[target.cpu], role
        assert minimum_os(binary) == target.macos_min, f"{role}: minos {minimum_os(binary)}"


def test_every_file_links_only_system_libraries(mac):
    _, files = mac
    for role, path in files.items():
        binary = parse(path)
        # lief lists the dylib's own LC_ID_DYLIB among its libraries: only the loaded ones count.
        libraries = [lib.name for lib in binary.libraries if lib.command != lief.MachO.LoadCommand.TYPE.ID_DYLIB]
        assert libraries, role
        assert all(name.startswith(SYSTEM_PREFIXES) for name in libraries), f"{role}: {libraries}"


def test_dylib_install_name_is_rpath_relative(mac):
    _, files = mac
    binary = parse(files["dylib"])
    id_dylib = next(cmd for cmd in binary.commands if cmd.command == lief.MachO.LoadCommand.TYPE.ID_DYLIB)
    assert id_dylib.name == "@rpath/libengagespot_token.dylib"


def linux_exports(dist: Dist, tmp_path: Path) -> set:
    """The es_* functions the Linux x86_64 library exports (read with lief)."""
    sdk = extract(dist.path / f"engagespot-token-{VERSION}-x86_64-linux-gnu.tar.gz", tmp_path / "linux", True)
    elf = lief.ELF.parse(str(sdk / f"lib/libengagespot_token.so.{VERSION}"))
    return {s.name for s in elf.exported_symbols if s.name.startswith("es_")}


def test_dylib_exports_the_es_functions_and_nothing_else(mac, dist: Dist, tmp_path: Path):
    _, files = mac
    binary = parse(files["dylib"])
    exported = {s.name for s in binary.exported_symbols}
    expected = {f"_{name}" for name in linux_exports(dist, tmp_path)}
    assert len(expected) > 20
    assert exported == expected, f"extra: {sorted(exported - expected)[:10]}, missing: {sorted(expected - exported)}"


def test_node_addon_and_python_extension_export_their_entry_points(mac):
    _, files = mac
    node, python = parse(files["node"]), parse(files["python"])
    assert "_napi_register_module_v1" in {s.name for s in node.exported_symbols}
    assert "_PyInit__native" in {s.name for s in python.exported_symbols}


def code_directory(path: Path) -> tuple:
    """(flags, whether every page hash matches) of the file's embedded
    signature's CodeDirectory, read by hand from the LC_CODE_SIGNATURE blob."""
    binary = parse(path)
    signature = binary.code_signature
    data = path.read_bytes()
    blob = data[signature.data_offset : signature.data_offset + signature.data_size]
    magic, _, count = struct.unpack_from(">III", blob, 0)
    assert magic == 0xFADE0CC0, "not an embedded signature"
    for index in range(count):
        slot, offset = struct.unpack_from(">II", blob, 12 + 8 * index)
        if slot != 0:  # the CodeDirectory is slot 0
            continue
        magic, _, _, flags, hash_offset, _, _, n_code, code_limit = struct.unpack_from(">9I", blob, offset)
        hash_size, hash_type, _, page_log2 = struct.unpack_from(">4B", blob, offset + 36)
        assert magic == 0xFADE0C02 and hash_type == 2 and hash_size == 32, "expected a SHA-256 CodeDirectory"
        page = 1 << page_log2
        stored = [blob[offset + hash_offset + 32 * i : offset + hash_offset + 32 * (i + 1)] for i in range(n_code)]
        actual = [hashlib.sha256(data[i : min(i + page, code_limit)]).digest() for i in range(0, code_limit, page)]
        return flags, stored == actual
    raise AssertionError("no CodeDirectory")


def test_arm64_files_carry_a_valid_ad_hoc_signature(dist: Dist, tmp_path: Path):
    """Apple silicon refuses to run or load unsigned arm64 code."""
    files = shipped_files(BY_NAME["aarch64-macos"], dist, tmp_path)
    for role, path in files.items():
        binary = parse(path)
        assert binary.has_code_signature, f"{role} is not signed"
        flags, hashes_match = code_directory(path)
        assert flags & CS_ADHOC, f"{role}: not an ad-hoc signature (flags {flags:#x})"
        assert hashes_match, f"{role}: the signature's page hashes do not match the file"
