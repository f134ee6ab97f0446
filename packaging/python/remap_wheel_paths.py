"""Renames the build machine's checkout in a wheel's metadata, as
scripts/remap-paths renames it in the binaries (issue 20 item 11).

maturin writes a CycloneDX SBOM into <dist-info>/sboms/ that names the
workspace's path dependencies by their absolute path (file:///<checkout>/...).
This rewrites the checkout's path to /engagespot-token in every .dist-info
file and updates RECORD's hashes and sizes, keeping the entries' order and
timestamps.

    python3 packaging/python/remap_wheel_paths.py WHEEL CHECKOUT
"""

import base64
import hashlib
import os
import sys
import zipfile

REPLACEMENT = b"/engagespot-token"


def record_entry(name: str, data: bytes) -> str:
    """A RECORD line (PEP 376/427): path, urlsafe-base64 sha256 without padding, size."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def main(wheel: str, checkout: str) -> None:
    root = os.path.realpath(checkout).encode()
    with zipfile.ZipFile(wheel) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    changed = {}
    for info, data in entries:
        if ".dist-info/" in info.filename and not info.filename.endswith("/RECORD") and root in data:
            changed[info.filename] = data.replace(root, REPLACEMENT)
    if not changed:
        return
    rewritten = []
    for info, data in entries:
        data = changed.get(info.filename, data)
        if info.filename.endswith(".dist-info/RECORD"):
            lines = []
            for line in data.decode().splitlines():
                name = line.split(",", 1)[0]
                lines.append(record_entry(name, changed[name]) if name in changed else line)
            data = ("\n".join(lines) + "\n").encode()
        rewritten.append((info, data))
    temporary = wheel + ".tmp"
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in rewritten:
            archive.writestr(info, data)
    os.replace(temporary, wheel)
    print(f"remap_wheel_paths: {', '.join(sorted(changed))}: {root.decode()} -> {REPLACEMENT.decode()}")


if __name__ == "__main__":
    main(*sys.argv[1:])
