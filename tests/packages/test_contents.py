"""Each package holds exactly what its source tree says it should (issue 29
item 1): the expected list of every wheel, the sdist, the gem, the Composer
archive, the npm main and platform packages and the C SDKs is derived here
from the tree and from the rules its own manifests state (git's file list,
package.json's "files" and "exports", composer.json's archive.exclude,
cargo's package lists, the packaging/ templates), never written out by hand;
only the per-target native files come from the platform table (platforms.py).
A file left out (engagespot_token/django/ was, from every wheel) or one that
slipped in fails, and so does a package without its registry README."""

from __future__ import annotations

import fnmatch
import io
import json
import os
import posixpath
import re
import subprocess
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path, PurePosixPath
from typing import Dict, Iterable, List, Set

import pytest
from conftest import ROOT, VERSION, Dist
from platforms import TARGETS, Target

IDS = [target.name for target in TARGETS]


def tree(prefix: str) -> List[str]:
    """The files of the source tree under prefix (tracked, or new and not
    ignored), relative to it."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", prefix],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode()
    base = PurePosixPath(prefix)
    return sorted({str(PurePosixPath(p).relative_to(base)) for p in out.split("\0") if p and (ROOT / p).is_file()})


def tar_names(archive: Path) -> Set[str]:
    with tarfile.open(archive) as tar:
        return {m.name for m in tar.getmembers() if not m.isdir()}


def tar_read(archive: Path, name: str) -> bytes:
    with tarfile.open(archive) as tar:
        member = tar.extractfile(name)
        assert member is not None, name
        return member.read()


def compare(found: Iterable[str], expected: Iterable[str], what: str) -> None:
    found, expected = set(found), set(expected)
    assert found == expected, f"{what}: missing {sorted(expected - found)}, unexpected {sorted(found - expected)}"


# ---- Python


def python_package_files() -> List[str]:
    """The package's Python half as the tree has it: engagespot_token/..., subpackages included."""
    return [f"engagespot_token/{p}" for p in tree("bindings/python/python/engagespot_token")]


def wheel_path(dist: Dist, target: Target) -> Path:
    return dist.path / f"engagespot_token-{VERSION}-cp38-abi3-{'.'.join(target.wheel_tags)}.whl"


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_wheel_holds_the_python_package_its_extension_and_nothing_else(target: Target, dist: Dist) -> None:
    info = f"engagespot_token-{VERSION}.dist-info"
    module = "engagespot_token/_native.pyd" if target.kind == "pe" else "engagespot_token/_native.abi3.so"
    expected = python_package_files() + [module, f"{info}/METADATA", f"{info}/WHEEL", f"{info}/RECORD"]
    assert "engagespot_token/django/apps.py" in expected, "the tree has the Django app"
    with zipfile.ZipFile(wheel_path(dist, target)) as wheel:
        compare(wheel.namelist(), expected, wheel_path(dist, target).name)
        for name in python_package_files():
            source = ROOT / "bindings/python/python" / name
            assert wheel.read(name) == source.read_bytes(), f"{name} differs from the tree"


def metadata_description(raw: str) -> tuple:
    """(Description-Content-Type, the body) of a METADATA or PKG-INFO file."""
    message = Parser().parsestr(raw)
    return message.get("Description-Content-Type"), message.get_payload()


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_wheel_metadata_carries_the_readme_as_its_long_description(target: Target, dist: Dist) -> None:
    readme = ROOT / "bindings/python/README.md"
    assert readme.is_file(), "bindings/python/README.md (the PyPI page, generated from docs/) is missing"
    with zipfile.ZipFile(wheel_path(dist, target)) as wheel:
        kind, body = metadata_description(wheel.read(f"engagespot_token-{VERSION}.dist-info/METADATA").decode())
    assert kind and kind.startswith("text/markdown"), kind
    assert body.strip() == readme.read_text().strip()


def cargo_package_list(package: str) -> List[str]:
    """The files cargo would publish for a package (what maturin copies of it into an sdist)."""
    listed = subprocess.run(
        ["cargo", "package", "--list", "--allow-dirty", "--quiet", "-p", package],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=300,
    ).stdout.split()
    return [name for name in listed if name not in (".cargo_vcs_info.json", "Cargo.toml.orig")]


def path_dependencies(start: str) -> Dict[str, str]:
    """{package name: its folder relative to the root} of start and every
    package it reaches through path dependencies of any kind."""
    metadata = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps", "--offline"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=300,
    ).stdout)
    by_name = {p["name"]: p for p in metadata["packages"]}
    found: Dict[str, str] = {}
    todo = [start]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        package = by_name[name]
        found[name] = str(Path(package["manifest_path"]).parent.relative_to(ROOT))
        todo += [d["name"] for d in package["dependencies"] if d.get("path")]
    return found


def test_sdist_holds_what_maturin_and_cargo_select_from_the_tree(dist: Dist) -> None:
    """maturin's sdist: the Python crate's cargo package list (pyproject.toml and
    the python/ folder moved to the top), each path dependency's package list
    under its own folder, the workspace's Cargo.lock and PKG-INFO."""
    top = f"engagespot_token-{VERSION}"
    expected = {f"{top}/PKG-INFO", f"{top}/Cargo.lock"}
    for name, folder in path_dependencies("engagespot-token-python").items():
        for path in cargo_package_list(name):
            if name == "engagespot-token-python" and (path == "pyproject.toml" or path.startswith("python/")):
                expected.add(f"{top}/{path}")
            elif path != "Cargo.lock":
                expected.add(str(PurePosixPath(top, folder, path)))
    sdist = dist.path / f"engagespot_token-{VERSION}.tar.gz"
    compare(tar_names(sdist), expected, sdist.name)
    kind, body = metadata_description(tar_read(sdist, f"{top}/PKG-INFO").decode())
    assert kind and kind.startswith("text/markdown"), kind
    assert body.strip() == (ROOT / "bindings/python/README.md").read_text().strip()


# ---- Ruby


def gem_data(gem: Path) -> Dict[str, bytes]:
    with tarfile.open(gem) as outer:
        data = outer.extractfile("data.tar.gz")
        assert data is not None
        with tarfile.open(fileobj=io.BytesIO(data.read())) as inner:
            return {m.name: inner.extractfile(m).read() for m in inner.getmembers() if m.isfile()}  # type: ignore[union-attr]


def test_gem_holds_the_ruby_sources_every_library_its_readme_and_license(dist: Dist) -> None:
    """What the gemspec's s.files selects from bindings/ruby (lib/**/*.rb,
    README.md, LICENSE, which scripts/build-gem copies in) plus a library for
    every target, where the loader looks."""
    readme = ROOT / "bindings/ruby/README.md"
    assert readme.is_file(), "bindings/ruby/README.md (the rubygems.org page, generated from docs/) is missing"
    sources = [p for p in tree("bindings/ruby") if fnmatch.fnmatch(p, "lib/*.rb")]
    assert "lib/engagespot_token.rb" in sources
    suffix = {"elf": "so", "macho": "dylib", "pe": "dll"}
    libraries = [f"lib/engagespot_token/native/{t.gem}/libengagespot_token.{suffix[t.kind]}" for t in TARGETS]
    files = gem_data(dist.gem)
    compare(files, sources + libraries + ["README.md", "LICENSE"], dist.gem.name)
    for name in sources:
        assert files[name] == (ROOT / "bindings/ruby" / name).read_bytes(), name
    assert files["README.md"] == readme.read_bytes()
    assert files["LICENSE"] == (ROOT / "LICENSE").read_bytes()


# ---- PHP


def composer_archive_selection() -> List[str]:
    """bindings/php's files less composer.json's archive.exclude patterns (the
    rule `composer archive` applies; a leading / anchors at the package root)."""
    excludes = json.loads((ROOT / "bindings/php/composer.json").read_text())["archive"]["exclude"]
    kept = []
    for path in tree("bindings/php"):
        anchored = "/" + path
        if not any(anchored == p or anchored.startswith(p.rstrip("/") + "/") for p in excludes):
            kept.append(path)
    return kept


def test_composer_archive_holds_the_php_package_headers_and_every_library(dist: Dist) -> None:
    php = composer_archive_selection()
    assert "src/Library.php" in php and not any(p.startswith("tests/") for p in php)
    headers = [f"include/{h}" for h in tree("include") if h.endswith(".h")]
    libraries = [f"lib/{t.composer}/{t.library}" for t in TARGETS]
    with zipfile.ZipFile(dist.composer_zip) as archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        compare(names, php + headers + libraries + ["README.md", "LICENSE"], dist.composer_zip.name)
        for name in php:
            if name != "composer.json":
                assert archive.read(name) == (ROOT / "bindings/php" / name).read_bytes(), name
        composer = json.loads(archive.read("composer.json"))
        readme = archive.read("README.md")
    source = json.loads((ROOT / "bindings/php/composer.json").read_text())
    assert composer == {"name": source["name"], "version": VERSION, **source}
    generated = ROOT / "bindings/php/README.md"
    if generated.is_file():
        assert readme == generated.read_bytes()
    # A Markdown page: after the generator's comment (tests/docs/readmes.py), a title.
    assert b"\n# " in b"\n" + readme, "the Composer archive's README.md is empty or not Markdown"


# ---- npm


def export_targets(exports: object) -> List[str]:
    """Every file an exports map names, through nested conditions."""
    if isinstance(exports, str):
        return [exports]
    if isinstance(exports, dict):
        return [t for value in exports.values() for t in export_targets(value)]
    return []


RELATIVE_IMPORT = re.compile(r"""(?:require\(|import\(|from\s+|import\s+)['"](\.\.?/[^'"]+)['"]""")


def relative_imports(source: str) -> List[str]:
    # A bundler's query (`./engagespot_token.wasm?module`, Vercel's form) names the same file.
    return [name.split("?", 1)[0] for name in RELATIVE_IMPORT.findall(source)]


def npm_files(files: List[str]) -> List[str]:
    """package.json's "files" as the files they name: a folder (ending in /)
    stands for every file the tree has in it."""
    out: List[str] = []
    for name in files:
        if name.endswith("/"):
            out += [f"{name}{p}" for p in tree(f"bindings/node/{name.rstrip('/')}")]
        else:
            out.append(name)
    return out


def test_npm_main_package_holds_its_files_list_and_every_file_its_entry_points_reach(dist: Dist) -> None:
    source = json.loads((ROOT / "bindings/node/package.json").read_text())
    names = {n.removeprefix("package/") for n in tar_names(dist.npm_main)}
    compare(names, [*npm_files(source["files"]), "package.json", "README.md", "LICENSE"], dist.npm_main.name)
    entry_points = {source["main"], source["types"], *export_targets(source["exports"])}
    missing = sorted(p for p in entry_points if str(PurePosixPath(p)) not in names)
    assert not missing, f"exports, main or types name files the package lacks: {missing}"
    # Every relative require/import of a shipped module resolves inside the package.
    for name in sorted(n for n in names if n.endswith((".js", ".mjs", ".cjs", ".d.ts"))):
        text = tar_read(dist.npm_main, f"package/{name}").decode()
        for target in relative_imports(text):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(name), target))
            candidates = [resolved, f"{resolved}.js", f"{resolved}.d.ts", f"{resolved}/index.js"]
            assert any(c in names for c in candidates), f"{name} imports {target}, which the package lacks"
    for name in npm_files(source["files"]):
        if (ROOT / "bindings/node" / name).is_file() and name != "engagespot_token.wasm":
            assert tar_read(dist.npm_main, f"package/{name}") == (ROOT / "bindings/node" / name).read_bytes(), name
    generated = ROOT / "bindings/node/README.md"
    if generated.is_file():
        assert tar_read(dist.npm_main, "package/README.md") == generated.read_bytes()


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_npm_platform_package_holds_its_addon_readme_and_license_only(target: Target, dist: Dist) -> None:
    """The template's "files" (the addon named by "main") and what npm always adds."""
    template = (ROOT / "packaging/npm/platform-package.json.in").read_text()
    files = [f.replace("@PLATFORM@", target.npm_platform) for f in re.findall(r'"files":\s*\[\s*"([^"]+)"', template)]
    assert files == [f"engagespot_token.{target.npm_platform}.node"]
    tarball = dist.npm_platform(target.npm_platform)
    names = {n.removeprefix("package/") for n in tar_names(tarball)}
    compare(names, [*files, "package.json", "README.md", "LICENSE"], tarball.name)
    assert json.loads(tar_read(tarball, "package/package.json"))["main"] in names


# ---- C


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_c_sdk_holds_the_headers_templates_example_and_its_targets_files(target: Target, dist: Dist) -> None:
    """Headers from include/, the C example from examples/, the pkg-config
    (and, on Linux, CMake) files from packaging/'s templates, README and
    LICENSE, and the target's libraries and CLI."""
    headers = [f"include/{h}" for h in tree("include") if h.endswith(".h")]
    examples = [f"share/engagespot-token/examples/{e}" for e in tree("examples") if "/" not in e and e.endswith(".c")]
    pkgconfig = [f"lib/pkgconfig/{p.removesuffix('.in')}" for p in tree("packaging/pkgconfig")]
    cmake = [f"lib/cmake/engagespot_token/{p.removesuffix('.in')}" for p in tree("packaging/cmake")]
    if target.kind == "elf":
        native = [f"lib/libengagespot_token.so.{VERSION}", "lib/libengagespot_token.so.0", "lib/libengagespot_token.so",
                  "lib/libengagespot_token.a", "bin/engagespot-token"]
        generated = pkgconfig + cmake
    elif target.kind == "macho":
        native = ["lib/libengagespot_token.dylib", "lib/libengagespot_token.a", "bin/engagespot-token"]
        # The macOS SDK ships the shared library's pkg-config file only.
        generated = [p for p in pkgconfig if "static" not in p]
    else:
        native = ["bin/engagespot_token.dll", "bin/engagespot-token.exe", "lib/libengagespot_token.dll.a",
                  "lib/libengagespot_token.a"]
        generated = []
    expected = headers + examples + generated + native + ["README.md", "LICENSE"]
    archive = dist.path / target.c_sdk.format(version=VERSION)
    top = archive.name.removesuffix(".tar.gz").removesuffix(".zip")
    if target.kind == "pe":
        with zipfile.ZipFile(archive) as z:
            names = [n for n in z.namelist() if not n.endswith("/")]
    else:
        names = list(tar_names(archive))
    assert all(n.startswith(f"{top}/") for n in names), names
    compare([n.removeprefix(f"{top}/") for n in names], expected, archive.name)


def test_composer_archive_php_files_are_what_composer_archive_selects(dist: Dist, tmp_path: Path) -> None:
    """scripts/package zips the Composer package itself (fixed times and modes);
    its PHP files must be the ones `composer archive` puts in its own archive of
    bindings/php, byte for byte (composer.json aside: the zip's gains "version")."""
    subprocess.run(["composer", "archive", "--quiet", "--no-interaction", "--working-dir", ROOT / "bindings/php",
                    "--format=tar", f"--dir={tmp_path}", "--file=composer"],
                   env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "COMPOSER_HOME": str(tmp_path / "home")},
                   check=True, timeout=300)
    with tarfile.open(tmp_path / "composer.tar") as tar:
        composers = {m.name.removeprefix("./"): tar.extractfile(m).read()  # type: ignore[union-attr]
                     for m in tar.getmembers() if m.isfile()}
    with zipfile.ZipFile(dist.composer_zip) as archive:
        ours = {name: archive.read(name) for name in archive.namelist()
                if not name.endswith("/") and not name.startswith(("lib/", "include/")) and name not in ("LICENSE",)}
    if "README.md" not in composers:
        ours.pop("README.md")  # from packaging/composer/README.md.in until bindings/php/README.md exists
    assert set(ours) == set(composers), f"only ours: {sorted(set(ours) - set(composers))}, " \
        f"only Composer's: {sorted(set(composers) - set(ours))}"
    differing = sorted(n for n in ours if n != "composer.json" and ours[n] != composers[n])
    assert not differing, differing
