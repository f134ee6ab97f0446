"""npm's platform selection and the loader's answers on the wrong platform
(issue 21). npm itself picks among the seven platform packages by their os,
cpu and libc fields (--os/--cpu/--libc stand in for each machine); and a
node_modules that holds another platform's addon (copied from a Mac into a
Linux image, a glibc package on musl, a darwin file under a Linux name) gets
ERR_ENGAGESPOT_TOKEN_LOAD naming both platforms and the way out, never a
crash or "invalid ELF header" alone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import VERSION, Dist, extract
from platforms import TARGETS, Target

NPM = ["npm", "--offline", "--no-audit", "--no-fund", "--loglevel=error"]


def npm(project: Path, *args: object) -> None:
    subprocess.run([*NPM, *map(str, args)], cwd=project, check=True, capture_output=True, text=True, timeout=300)


def new_project(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "package.json").write_text('{"name": "app", "version": "1.0.0", "private": true}\n')
    return path


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_npm_installs_exactly_the_matching_platform_package(target: Target, dist: Dist, tmp_path: Path):
    """Every platform package as an optional dependency (file: specs, so no
    registry): npm, told the machine's os, cpu and libc, installs one."""
    project = new_project(tmp_path / "app")
    manifest = json.loads((project / "package.json").read_text())
    manifest["optionalDependencies"] = {
        f"engagespot-token-{t.npm_platform}": f"file:{dist.path}/engagespot-token-{t.npm_platform}-{VERSION}.tgz"
        for t in TARGETS
    }
    (project / "package.json").write_text(json.dumps(manifest))
    os_, cpu, libc = target.npm
    npm(project, "install", f"--os={os_}", f"--cpu={cpu}", *([f"--libc={libc}"] if libc else []))
    installed = sorted(p.name for p in (project / "node_modules").iterdir() if p.name.startswith("engagespot"))
    assert installed == [f"engagespot-token-{target.npm_platform}"]


def node_error(project: Path, prelude: str = "", env: dict | None = None) -> str:
    """The code and message require('engagespot-token') throws in PROJECT."""
    script = f"{prelude}\ntry {{ require('engagespot-token'); console.log('LOADED'); }}\n" \
             "catch (e) { console.log(e.code + ': ' + e.message); }"
    # ENGAGESPOT_TOKEN_BACKEND=native: the loader's answer, not the WebAssembly fallback.
    done = subprocess.run(["node", "-e", script], cwd=project, capture_output=True, text=True, timeout=300,
                          env={"PATH": os.environ["PATH"], "ENGAGESPOT_TOKEN_BACKEND": "native", **(env or {})})
    assert done.returncode == 0, f"node crashed: {done.stdout}{done.stderr}"
    assert done.stdout.startswith("ERR_ENGAGESPOT_TOKEN_LOAD: "), done.stdout
    return done.stdout


def install(dist: Dist, project: Path, *platforms: str, flags: tuple = ()) -> Path:
    new_project(project)
    npm(project, "install", "--force", *flags, dist.path / f"engagespot-token-{VERSION}.tgz",
        *(dist.path / f"engagespot-token-{p}-{VERSION}.tgz" for p in platforms))
    return project


def test_node_modules_from_a_mac_in_a_linux_image(dist: Dist, tmp_path: Path):
    project = install(dist, tmp_path / "app", "darwin-arm64", flags=("--os=darwin", "--cpu=arm64"))
    message = node_error(project)
    for part in ("no native addon for linux-x64-gnu", "engagespot-token-darwin-arm64 (for darwin-arm64)",
                 "installed on another machine", ".dockerignore", "npm ci"):
        assert part in message, f"missing {part!r}: {message}"


# What the loader sees on Alpine: /usr/bin/ldd runs musl's loader, and the
# process report has no glibcVersionRuntime.
MUSL_PRELUDE = """
const fs = require('node:fs');
const read = fs.readFileSync;
fs.readFileSync = (file, ...rest) =>
  file === '/usr/bin/ldd' ? '#!/bin/sh\\nexec /lib/ld-musl-x86_64.so.1 --list "$@"\\n' : read(file, ...rest);
process.report.getReport = () => ({ header: {} });
"""


def test_glibc_package_on_musl(dist: Dist, tmp_path: Path):
    """A node_modules installed on Debian, run on Alpine (musl stood in for:
    the report without glibcVersionRuntime that musl's Node gives)."""
    project = install(dist, tmp_path / "app", "linux-x64-gnu")
    message = node_error(project, MUSL_PRELUDE)
    for part in ("no native addon for linux-x64-musl", "engagespot-token-linux-x64-gnu (for linux-x64-gnu)",
                 ".dockerignore"):
        assert part in message, f"missing {part!r}: {message}"


def test_darwin_file_in_the_linux_package_names_both_platforms(dist: Dist, tmp_path: Path):
    project = install(dist, tmp_path / "app", "linux-x64-gnu")
    darwin = extract(dist.path / f"engagespot-token-darwin-arm64-{VERSION}.tgz", tmp_path / "darwin")
    shutil.copy(darwin / "package/engagespot_token.darwin-arm64.node",
                project / "node_modules/engagespot-token-linux-x64-gnu/engagespot_token.linux-x64-gnu.node")
    message = node_error(project)
    assert "it is built for darwin-arm64, but this machine is linux-x64-gnu" in message, message


def test_wrong_platform_addon_by_path(dist: Dist, tmp_path: Path):
    project = install(dist, tmp_path / "app", "linux-x64-gnu")
    windows = extract(dist.path / f"engagespot-token-win32-x64-{VERSION}.tgz", tmp_path / "win")
    addon = windows / "package/engagespot_token.win32-x64.node"
    message = node_error(project, env={"ENGAGESPOT_TOKEN_NODE_ADDON": str(addon)})
    assert "it is built for win32-x64, but this machine is linux-x64-gnu" in message, message


def test_omit_optional_is_named(dist: Dist, tmp_path: Path):
    project = new_project(tmp_path / "app")
    npm(project, "install", "--omit=optional", dist.path / f"engagespot-token-{VERSION}.tgz")
    message = node_error(project)
    assert "engagespot-token-linux-x64-gnu: not installed" in message and "--omit=optional" in message, message


def test_platform_without_a_prebuilt_addon(dist: Dist, tmp_path: Path):
    project = install(dist, tmp_path / "app", "linux-x64-gnu")
    message = node_error(project, "Object.defineProperty(process, 'platform', { value: 'freebsd' });")
    assert "no prebuilt addon for freebsd-x64" in message and "win32-x64" in message, message
    assert "build it from source" in message, message
