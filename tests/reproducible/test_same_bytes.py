"""Two builds of one commit, from different checkout paths, at different
times, with different umasks, TMPDIRs and HOMEs, give the same bytes for every
artefact and the same SHA256SUMS (issue 29 item 2). A difference is reported
by archive member (and, inside a gem, by member of data.tar.gz), so that the
cause can be found without diffoscope."""

from __future__ import annotations

import hashlib
import io
import tarfile
import zipfile
from pathlib import Path
from typing import Dict, List



def sums(dist: Path) -> Dict[str, str]:
    """SHA256SUMS as {file name: digest}."""
    listed = {}
    for line in (dist / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.lstrip("*")] = digest
    return listed


def members(data: bytes, name: str) -> Dict[str, bytes]:
    """An archive's members as {name: bytes plus the metadata that ends up in the file}."""
    found: Dict[str, bytes] = {}
    if name.endswith((".zip", ".whl")):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                meta = f"{info.date_time} {info.external_attr:o} {info.compress_type}".encode()
                found[info.filename] = meta + b"\0" + archive.read(info)
        return found
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        for info in archive.getmembers():
            meta = f"{info.mtime} {info.mode:o} {info.uid}:{info.gid} {info.uname}:{info.gname} {info.type!r} {info.linkname}"
            content = archive.extractfile(info).read() if info.isfile() else b""  # type: ignore[union-attr]
            found[info.name] = meta.encode() + b"\0" + content
            if name.endswith(".gem") and info.name == "data.tar.gz":
                for inner, value in members(content, "data.tar.gz").items():
                    found[f"data.tar.gz/{inner}"] = value
    return found


def describe_difference(a: bytes, b: bytes, name: str) -> str:
    """Which members of two versions of an archive differ (or that the outer bytes do)."""
    try:
        ma, mb = members(a, name), members(b, name)
    except (tarfile.TarError, zipfile.BadZipFile):
        return f"{name}: {len(a)} and {len(b)} bytes"
    differing: List[str] = sorted(k for k in ma.keys() | mb.keys() if ma.get(k) != mb.get(k))
    if not differing:
        return f"{name}: the members are the same; the archive's own bytes (order, headers, compression) differ"
    return f"{name}: members differ: {differing[:20]}"


def test_the_second_build_made_artefacts(second: Path) -> None:
    names = sums(second)
    assert any(n.endswith((".tar.gz", ".zip")) and n.startswith("engagespot-token-") for n in names), names
    assert any(n.endswith(".whl") for n in names), names


def test_sha256sums_are_the_same(first: Path, second: Path) -> None:
    """A build of every target gives the same SHA256SUMS file; a build of some
    targets, the same lines for the artefacts it made."""
    a, b = sums(first), sums(second)
    missing = sorted(set(b) - set(a))
    assert not missing, f"the first build lacks {missing}"
    if set(a) == set(b):
        assert (first / "SHA256SUMS").read_bytes() == (second / "SHA256SUMS").read_bytes()
    differing = sorted(name for name in b if a[name] != b[name])
    assert not differing, differing


def test_every_artefact_has_the_same_bytes(first: Path, second: Path) -> None:
    reports = []
    for name in sorted(sums(second)):
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        assert hashlib.sha256(b).hexdigest() == sums(second)[name], f"{name} does not match the second SHA256SUMS"
        if a != b:
            reports.append(describe_difference(a, b, name))
    assert not reports, "\n".join(reports)
