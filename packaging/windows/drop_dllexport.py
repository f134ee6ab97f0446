#!/usr/bin/env python3
"""Copies a mingw-w64 static library (GNU ar of x86_64 COFF objects) with every
`-export:` directive blanked out of its members' .drectve sections, and prints
the names it dropped, one a line.

A member compiled with __declspec(dllexport) asks the linker, through its
.drectve section, to export that symbol from any DLL it is linked into; ld
honours the request whatever the .def file says, and none of --exclude-symbols,
--exclude-all-symbols or --exclude-libs removes it. aws-lc marks its jitter
entropy functions that way (aws_lc_*_jent_*). scripts/package links the
shipped DLL from this copy with a .def that names the es_* functions, so the
DLL exports exactly those. The directives are overwritten with spaces in
place: every offset, size and other directive (-aligncomm, ...) stays.

    drop_dllexport.py IN.a OUT.a
"""

import re
import struct
import sys

AMD64 = 0x8664
EXPORT = re.compile(rb'-export:(?:"[^"]*"|[^ \x00]+)')


def members(data: bytes):
    """(offset of the member's data, its size) of each member of a GNU ar archive."""
    if not data.startswith(b"!<arch>\n"):
        sys.exit("drop_dllexport: not an ar archive")
    offset = 8
    while offset < len(data):
        header = data[offset : offset + 60]
        size = int(header[48:58].decode().strip())
        yield offset + 60, size
        offset += 60 + size + (size & 1)


def blank_exports(data: bytearray, start: int, size: int) -> list:
    """Blanks the -export: directives of the COFF object at data[start:start+size]; returns the names."""
    if size < 20 or struct.unpack_from("<H", data, start)[0] != AMD64:
        return []
    sections, optional = struct.unpack_from("<H", data, start + 2)[0], struct.unpack_from("<H", data, start + 16)[0]
    dropped = []
    for index in range(sections):
        header = start + 20 + optional + 40 * index
        if bytes(data[header : header + 8]) != b".drectve":
            continue
        raw_size, raw_offset = struct.unpack_from("<II", data, header + 16)
        begin, end = start + raw_offset, start + raw_offset + raw_size
        text = bytes(data[begin:end])
        for match in EXPORT.finditer(text):
            dropped.append(match.group().split(b":", 1)[1].strip(b'"').split(b",")[0].decode())
            data[begin + match.start() : begin + match.end()] = b" " * (match.end() - match.start())
    return dropped


def main() -> None:
    source, target = sys.argv[1:]
    data = bytearray(open(source, "rb").read())
    dropped = []
    for start, size in members(bytes(data)):
        dropped += blank_exports(data, start, size)
    open(target, "wb").write(data)
    for name in sorted(set(dropped)):
        print(name)


if __name__ == "__main__":
    main()
