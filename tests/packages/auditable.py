"""The shipped binaries inside an artefact, and the dependency list that
cargo-auditable embeds in each (a zlib-compressed JSON document in the
`.dep-v0` section of ELF, PE and Mach-O files, the `dep-v0` custom section of
WebAssembly), read with lief and zlib, not with our build's tools."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
import zlib
from pathlib import Path
from typing import Dict, Optional

import lief

MAGICS = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"\0asm")


def _is_binary(data: bytes) -> bool:
    return data.startswith(MAGICS)


def binaries_in(artefact: Path) -> Dict[str, bytes]:
    """Every executable, shared library or WebAssembly module in an artefact
    (tarball, zip, wheel, npm package or gem), by its path inside it. Static
    libraries are left out: they are not linked programs."""
    found: Dict[str, bytes] = {}

    def from_tar(archive: tarfile.TarFile, prefix: str = "") -> None:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            handle = archive.extractfile(member)
            assert handle is not None
            data = handle.read()
            if member.name == "data.tar.gz" and not prefix:  # a gem: its files are in data.tar.gz
                with tarfile.open(fileobj=io.BytesIO(data)) as inner:
                    from_tar(inner, "data.tar.gz/")
            elif _is_binary(data):
                found[prefix + member.name] = data

    if artefact.suffix in (".zip", ".whl"):
        with zipfile.ZipFile(artefact) as archive:
            for name in archive.namelist():
                data = archive.read(name)
                if _is_binary(data):
                    found[name] = data
    else:
        with tarfile.open(artefact) as archive:
            from_tar(archive)
    return found


def _wasm_custom_section(data: bytes, wanted: str) -> Optional[bytes]:
    def leb128(at: int) -> tuple:
        value = shift = 0
        while True:
            byte = data[at]
            value |= (byte & 0x7F) << shift
            at += 1
            shift += 7
            if not byte & 0x80:
                return value, at

    at = 8  # magic and version
    while at < len(data):
        section_id = data[at]
        size, body = leb128(at + 1)
        if section_id == 0:
            name_length, name_at = leb128(body)
            if data[name_at:name_at + name_length].decode() == wanted:
                return data[name_at + name_length:body + size]
        at = body + size
    return None


def dependency_list(data: bytes) -> Optional[dict]:
    """The cargo-auditable document embedded in a binary, or None when it has none."""
    if data.startswith(b"\0asm"):
        section = _wasm_custom_section(data, ".dep-v0") or _wasm_custom_section(data, "dep-v0")
    else:
        binary = lief.parse(list(data))
        if binary is None:
            raise AssertionError("lief cannot read this binary")
        section = next((bytes(s.content) for s in binary.sections if s.name == ".dep-v0"), None)
    if section is None:
        return None
    return json.loads(zlib.decompress(section))


def runtime_crates(document: dict) -> set:
    """(name, version) of every package the binary links: cargo-auditable marks build-time ones kind "build"."""
    return {(p["name"], p["version"]) for p in document["packages"] if p.get("kind", "runtime") == "runtime"}
