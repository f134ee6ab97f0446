"""The npm packages as a Node developer installs them: `npm init -y`, then
`npm install` of the main package and the platform package from dist/ in an
empty project; the README snippet from CommonJS and ESM; the framework
adapters; the WebAssembly fallback when no addon fits; and the loader's
errors when the native backend is forced (ENGAGESPOT_TOKEN_BACKEND=native). aarch64 runs an arm64 Node (and npm itself) under
qemu. PyJWT verifies every token."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ARCHES, PROGRAMS, VERSION, Arch, Dist, Runner, need, run_program, verify_token


@pytest.fixture(scope="module")
def projects(dist: Dist, run_in_empty_dir: Runner, workdir: Path) -> dict:
    """Per architecture, an npm project with the main and that platform's
    package installed. npm runs on this machine's Node (under qemu, npm itself
    took minutes, and each further optional dependency longer), with --force
    for the other architecture's package given by file: npm's choice of the
    platform package by os, cpu and libc is tested by test_registries.py and
    test_npm_platforms.py. The programs then run on that architecture's Node."""
    installed = {}

    def install(arch: Arch) -> str:
        if arch.name in installed:
            return installed[arch.name]
        name = f"npm-{arch.name}"
        if arch.emulator:
            need(arch.emulator[0], arch.node())
        run_in_empty_dir(name, "npm", "init", "-y")
        force = ["--force"] if arch.emulator else []
        run_in_empty_dir(name, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error", *force,
                         dist.npm_main, dist.npm_platform(arch.npm_platform))
        for program in ("quickstart.cjs", "quickstart.mjs", "loaded-addon.cjs", "load-error.cjs"):
            shutil.copy(PROGRAMS / "node" / program, workdir / name)
        installed[arch.name] = name
        return name

    return install  # type: ignore[return-value]


def test_install_puts_the_addon_in_the_platform_package(arch: Arch, projects, workdir: Path) -> None:
    name = projects(arch)
    package = workdir / name / "node_modules" / f"engagespot-token-{arch.npm_platform}"
    assert (package / f"engagespot_token.{arch.npm_platform}.node").is_file()
    assert json.loads((package / "package.json").read_text())["version"] == VERSION


def test_readme_snippet_as_commonjs(arch: Arch, projects, run_in_empty_dir: Runner) -> None:
    name = projects(arch)
    assert run_program(arch, run_in_empty_dir, name, [arch.node(), "-p", "process.arch"]).stdout.strip() == arch.npm_cpu
    token = run_program(arch, run_in_empty_dir, name, [arch.node(), "quickstart.cjs", "identifier"]).stdout
    verify_token(token, "identifier", api_key="demo-api-key")


def test_readme_snippet_as_esm(projects, run_in_empty_dir: Runner, x86_64: Arch) -> None:
    name = projects(x86_64)
    verify_token(run_in_empty_dir(name, "node", "quickstart.mjs", "esm-user").stdout, "esm-user")


def test_addon_comes_from_the_platform_package(arch: Arch, projects, run_in_empty_dir: Runner) -> None:
    name = projects(arch)
    loaded = run_program(arch, run_in_empty_dir, name, [arch.node(), "loaded-addon.cjs"]).stdout.split()
    suffix = f"node_modules/engagespot-token-{arch.npm_platform}/engagespot_token.{arch.npm_platform}.node"
    assert len(loaded) == 1 and loaded[0].endswith(suffix), loaded


@pytest.fixture(scope="module")
def x86_64() -> Arch:
    """The native architecture, for the checks of the loader's logic."""
    return ARCHES["x86_64"]


def load_error(run: Runner, project: str, env: dict | None = None) -> str:
    """What require('engagespot-token') threw with the native backend forced
    (else the WebAssembly fallback would load), as 'code: message'; node must not crash."""
    out = run(project, "node", "load-error.cjs", env={"ENGAGESPOT_TOKEN_BACKEND": "native", **(env or {})}).stdout.strip()
    assert out.startswith("ERR_ENGAGESPOT_TOKEN_LOAD: "), out
    return out


def copy_project(workdir: Path, source: str, target: str) -> Path:
    shutil.copytree(workdir / source, workdir / target, symlinks=True)
    return workdir / target


def test_framework_adapters_load_from_the_tarball(projects, run_in_empty_dir: Runner, x86_64: Arch) -> None:
    """engagespot-token/express and engagespot-token/next resolve through the package's exports."""
    out = run_in_empty_dir(projects(x86_64), "node", "-p",
                           "[require('engagespot-token/express').engagespotToken,"
                           " require('engagespot-token/next').engagespotTokenRoute].map((f) => typeof f).join()").stdout
    assert out.strip() == "function,function", out


def test_nest_and_hono_adapters_resolve_in_the_tarball(projects, run_in_empty_dir: Runner, x86_64: Arch) -> None:
    """engagespot-token/nest and engagespot-token/hono (ES modules; their frameworks are the app's own)
    resolve through the package's exports to files the tarball carries, with their typings."""
    script = ("const path = require('node:path'), fs = require('node:fs');"
              "console.log(['nest', 'hono'].map((name) => { const file = require.resolve('engagespot-token/' + name);"
              " return path.basename(file) + ':' + fs.existsSync(file.replace(/\\.mjs$/, '.d.mts'))"
              " + ':' + fs.existsSync(path.join(path.dirname(file), 'endpoint-common.js')); }).join())")
    out = run_in_empty_dir(projects(x86_64), "node", "-e", script).stdout
    assert out.strip() == "nest.mjs:true:true,hono.mjs:true:true", out


def test_without_the_platform_package_the_webassembly_fallback_mints(projects, run_in_empty_dir: Runner,
                                                                     workdir: Path, x86_64: Arch) -> None:
    copy = copy_project(workdir, projects(x86_64), "npm-wasm")
    shutil.rmtree(copy / "node_modules" / "engagespot-token-linux-x64-gnu")
    assert run_in_empty_dir("npm-wasm", "node", "load-error.cjs").stdout.strip() == "LOADED wasm"
    verify_token(run_in_empty_dir("npm-wasm", "node", "quickstart.cjs", "wasm-user").stdout, "wasm-user")


def test_removed_platform_package_names_the_platform_and_a_way_out(projects, run_in_empty_dir: Runner,
                                                                   workdir: Path, x86_64: Arch) -> None:
    copy = copy_project(workdir, projects(x86_64), "npm-removed")
    shutil.rmtree(copy / "node_modules" / "engagespot-token-linux-x64-gnu")
    out = load_error(run_in_empty_dir, "npm-removed")
    for part in ["no native addon for linux-x64-gnu", "engagespot-token-linux-x64-gnu: not installed",
                 "build it from source", "npm run build"]:
        assert part in out, out


def test_platform_without_a_prebuilt_addon_gets_a_clear_error(projects, run_in_empty_dir: Runner,
                                                              x86_64: Arch) -> None:
    out = load_error(run_in_empty_dir, projects(x86_64), {"FAKE_ARCH": "riscv64"})
    for part in ["no native addon for linux-riscv64-gnu", "there is no prebuilt addon for linux-riscv64-gnu",
                 "build it from source"]:
        assert part in out, out
    # Only names the project publishes are required (issue 28 o): none for this platform.
    assert "engagespot-token-linux-riscv64-gnu" not in out, out


def test_on_musl_the_loader_looks_for_the_musl_package(projects, run_in_empty_dir: Runner, x86_64: Arch) -> None:
    out = load_error(run_in_empty_dir, projects(x86_64), {"FAKE_MUSL": "1"})
    assert "no native addon for linux-x64-musl" in out, out
    assert "engagespot-token-linux-x64-musl: not installed" in out, out


def test_addon_path_override_loads_an_addon_from_a_path(projects, run_in_empty_dir: Runner, workdir: Path,
                                                        x86_64: Arch) -> None:
    name = projects(x86_64)
    if not (workdir / "npm-removed").exists():
        shutil.rmtree(copy_project(workdir, name, "npm-removed") / "node_modules" / "engagespot-token-linux-x64-gnu")
    addon = workdir / name / "node_modules" / "engagespot-token-linux-x64-gnu" / "engagespot_token.linux-x64-gnu.node"
    token = run_in_empty_dir("npm-removed", "node", "quickstart.cjs", "override",
                             env={"ENGAGESPOT_TOKEN_NODE_ADDON": str(addon)}).stdout
    verify_token(token, "override")


def test_addon_of_another_version_is_refused_with_both_versions(projects, run_in_empty_dir: Runner,
                                                                workdir: Path, x86_64: Arch) -> None:
    copy = copy_project(workdir, projects(x86_64), "npm-mismatch")
    manifest = copy / "node_modules" / "engagespot-token" / "package.json"
    manifest.write_text(manifest.read_text().replace(f'"version": "{VERSION}"', '"version": "9.9.9"'))
    out = load_error(run_in_empty_dir, "npm-mismatch")
    assert f"is version {VERSION}, but this package is version 9.9.9" in out, out
