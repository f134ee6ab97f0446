"""Linux musl (Alpine) builds. x86_64 runs natively under Debian's musl
loader (musl-tools): the C test program and the quickstart, built with
musl-gcc against the SDK's shared library, and the SDK's command line; PyJWT
verifies the tokens. No musl JavaScript or Python runtime runs on this
machine (a musl Node and a musl Bun both crash at start on Debian's musl
1.2.3), so the npm addon and the wheel's extension, and everything aarch64,
are checked, not run: NEEDED entries (musl's libc.so, no glibc library), no
GLIBC_ symbol versions, and a command line linked statically with musl."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import lief
import pytest
from conftest import ROOT, VERSION, Dist, Runner, extract, need, verify_token
from platforms import BY_NAME, Target

MUSLS = [BY_NAME["x86_64-linux-musl"], BY_NAME["aarch64-linux-musl"]]
LOADER = {"x86_64": "/lib/ld-musl-x86_64.so.1", "aarch64": "/lib/ld-musl-aarch64.so.1"}
# What musl's own libc.so provides (its loader maps these names to itself).
MUSL_LIBC = {"libc.so"}


def sdk(target: Target, dist: Dist, into: Path) -> Path:
    return extract(dist.path / target.c_sdk.format(version=VERSION), into, strip_top=True)


def elf_files(target: Target, dist: Dist, into: Path) -> dict:
    """The target's shipped ELF files, by role."""
    prefix = sdk(target, dist, into / "sdk")
    npm = extract(dist.path / f"engagespot-token-{target.npm_platform}-{VERSION}.tgz", into / "npm")
    wheel = dist.path / f"engagespot_token-{VERSION}-cp38-abi3-{target.wheel_tags[0]}.whl"
    with zipfile.ZipFile(wheel) as archive:
        extension = Path(archive.extract("engagespot_token/_native.abi3.so", into / "wheel"))
    return {
        "library": prefix / f"lib/libengagespot_token.so.{VERSION}",
        "cli": prefix / "bin/engagespot-token",
        "node": npm / f"package/engagespot_token.{target.npm_platform}.node",
        "python": extension,
    }


@pytest.mark.parametrize("target", MUSLS, ids=[t.name for t in MUSLS])
def test_musl_files_need_only_musl(target: Target, dist: Dist, tmp_path: Path):
    for role, path in elf_files(target, dist, tmp_path).items():
        elf = lief.ELF.parse(str(path))
        assert set(elf.libraries) <= MUSL_LIBC, f"{role} needs {elf.libraries}"
        versions = {
            s.symbol_version.symbol_version_auxiliary.name
            for s in elf.dynamic_symbols
            if s.has_version and s.symbol_version.symbol_version_auxiliary is not None
        }
        assert not {v for v in versions if v.startswith("GLIBC_")}, f"{role} asks for {versions}"
        if role == "cli":
            # zig links musl statically into executables: the CLI runs on any Linux, no loader needed.
            assert not elf.has_interpreter and not elf.libraries, (elf.interpreter, elf.libraries)
        if role == "library":
            assert elf.get(lief.ELF.DynamicEntry.TAG.SONAME).name == "libengagespot_token.so.0"


@pytest.fixture(scope="module")
def musl_prefix(dist: Dist, tmp_path_factory) -> Path:
    need("musl-gcc", LOADER["x86_64"])
    return sdk(BY_NAME["x86_64-linux-musl"], dist, tmp_path_factory.mktemp("musl-sdk"))


def musl_program(prefix: Path, source: Path, out: Path) -> Path:
    """SOURCE built with musl-gcc against the SDK's shared library (rpath to it)."""
    subprocess.run(
        ["musl-gcc", "-std=c99", "-O1", f"-I{prefix}/include", f"-I{ROOT}/tests/c",
         f'-DES_EXPECTED_VERSION="{VERSION}"', str(source), "-o", str(out),
         f"-L{prefix}/lib", "-lengagespot_token", f"-Wl,-rpath,{prefix}/lib"],
        check=True, capture_output=True, text=True, timeout=300,
    )
    assert lief.ELF.parse(str(out)).interpreter == LOADER["x86_64"], "not a musl program"
    return out


def test_c_test_program_passes_against_the_musl_library(musl_prefix: Path, run_in_empty_dir: Runner, workdir: Path):
    program = musl_program(musl_prefix, ROOT / "tests/c/test_capi.c", workdir / "test_capi_musl")
    done = run_in_empty_dir("capi", program, ROOT / "tests/keys", "200")
    assert done.stdout.strip().endswith(" passed, 0 failed"), done.stdout + done.stderr
    assert int(done.stdout.split()[-4]) > 50


def test_quickstart_mints_a_token_pyjwt_verifies(musl_prefix: Path, run_in_empty_dir: Runner, workdir: Path):
    program = musl_program(musl_prefix, musl_prefix / "share/engagespot-token/examples/quickstart.c",
                           workdir / "quickstart_musl")
    env = {"ENGAGESPOT_API_KEY": "musl-key",
           "ENGAGESPOT_PRIVATE_SIGNING_KEY": (ROOT / "tests/keys/rsa2048.pkcs8.pem").read_text()}
    done = run_in_empty_dir("quickstart", program, "musl-user", env=env)
    # The token is the last line (it prints it once minted).
    verify_token(done.stdout.strip().splitlines()[-1], "musl-user", "musl-key")
    # The library the program loaded is the SDK's musl build.
    maps = run_in_empty_dir("quickstart", LOADER["x86_64"], "--list", program).stdout
    assert f"{musl_prefix}/lib/libengagespot_token.so.0" in maps, maps


def test_cli_signs_natively_under_musl(musl_prefix: Path, run_in_empty_dir: Runner):
    done = run_in_empty_dir("cli", musl_prefix / "bin/engagespot-token", "sign", "--key",
                            ROOT / "tests/keys/rsa2048.pkcs8.pem", "--api-key", "cli-key", "musl-cli")
    verify_token(done.stdout, "musl-cli", "cli-key")
