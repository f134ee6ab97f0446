"""What each release target must ship, as the issue states it (the
expectations of the platform tests, written independently of scripts/package),
and how to read a native file's format with lief."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Tuple

import lief

lief.logging.disable()


@dataclass(frozen=True)
class Target:
    """One release target."""

    name: str  # in the C SDK's file name
    kind: str  # elf, macho or pe
    cpu: str  # x86_64 or aarch64
    libc: Optional[str]  # glibc or musl on Linux
    npm: Tuple[str, str, Optional[str]]  # npm os, cpu, libc
    composer: str  # lib/<this>/<file> in the Composer package
    gem: str  # lib/engagespot_token/native/<this>/ in the gem
    wheel_tags: Tuple[str, ...]  # the wheel's platform tags
    macos_min: Optional[str] = None

    @property
    def npm_platform(self) -> str:
        os_, cpu, libc = self.npm
        return f"{os_}-{cpu}" + {"glibc": "-gnu", "musl": "-musl", None: ""}[libc]

    @property
    def library(self) -> str:
        return {"elf": "libengagespot_token.so", "macho": "libengagespot_token.dylib", "pe": "engagespot_token.dll"}[
            self.kind
        ]

    @property
    def c_sdk(self) -> str:
        return f"engagespot-token-{{version}}-{self.name}" + (".zip" if self.kind == "pe" else ".tar.gz")


TARGETS = [
    Target("x86_64-linux-gnu", "elf", "x86_64", "glibc", ("linux", "x64", "glibc"), "linux-x86_64", "x86_64-linux",
           ("manylinux2014_x86_64", "manylinux_2_17_x86_64")),
    Target("aarch64-linux-gnu", "elf", "aarch64", "glibc", ("linux", "arm64", "glibc"), "linux-aarch64",
           "aarch64-linux", ("manylinux2014_aarch64", "manylinux_2_17_aarch64")),
    Target("x86_64-linux-musl", "elf", "x86_64", "musl", ("linux", "x64", "musl"), "linux-musl-x86_64",
           "x86_64-linux-musl", ("musllinux_1_2_x86_64",)),
    Target("aarch64-linux-musl", "elf", "aarch64", "musl", ("linux", "arm64", "musl"), "linux-musl-aarch64",
           "aarch64-linux-musl", ("musllinux_1_2_aarch64",)),
    Target("x86_64-macos", "macho", "x86_64", None, ("darwin", "x64", None), "darwin-x86_64", "x86_64-darwin",
           ("macosx_11_0_x86_64",), "11.0"),
    Target("aarch64-macos", "macho", "aarch64", None, ("darwin", "arm64", None), "darwin-aarch64", "aarch64-darwin",
           ("macosx_11_0_arm64",), "11.0"),
    Target("x86_64-windows", "pe", "x86_64", None, ("win32", "x64", None), "windows-x86_64", "x86_64-windows",
           ("win_amd64",)),
]
BY_NAME = {target.name: target for target in TARGETS}


def binary_format(path: Path) -> Tuple[str, str, Optional[str]]:
    """(kind, cpu, libc) of a native file: kind elf/macho/pe, cpu x86_64 or
    aarch64, libc glibc or musl for ELF (glibc: it asks for GLIBC_ symbol
    versions or names libc.so.6; musl: it names libc.so and no GLIBC_)."""
    data = path.read_bytes()
    if data[:4] == b"\x7fELF":
        elf = lief.ELF.parse(str(path))
        cpu = {lief.ELF.ARCH.X86_64: "x86_64", lief.ELF.ARCH.AARCH64: "aarch64"}.get(elf.header.machine_type, "?")
        needed = {lib for lib in elf.libraries}
        glibc = "libc.so.6" in needed or any(
            v.symbol_version_auxiliary is not None and v.symbol_version_auxiliary.name.startswith("GLIBC_")
            for v in [s.symbol_version for s in elf.dynamic_symbols if s.has_version]
        )
        return "elf", cpu, "glibc" if glibc else "musl"
    if data[:4] in (b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"):
        fat = lief.MachO.parse(str(path))
        assert fat is not None and fat.size == 1, f"{path}: expected one architecture"
        cputype = fat.at(0).header.cpu_type
        return "macho", {lief.MachO.Header.CPU_TYPE.X86_64: "x86_64", lief.MachO.Header.CPU_TYPE.ARM64: "aarch64"}.get(
            cputype, "?"
        ), None
    if data[:2] == b"MZ":
        pe = lief.PE.parse(str(path))
        machine = pe.header.machine
        return "pe", {lief.PE.Header.MACHINE_TYPES.AMD64: "x86_64", lief.PE.Header.MACHINE_TYPES.ARM64: "aarch64"}.get(
            machine, "?"
        ), None
    return "?", "?", None


def expected_format(target: Target) -> Tuple[str, str, Optional[str]]:
    """The binary_format() every native file of the target must have."""
    return target.kind, target.cpu, target.libc
