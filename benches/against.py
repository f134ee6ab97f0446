"""Compares this tree's bindings with another checkout's (an earlier commit),
in one run: each binding's benchmark program from each tree, in ABBA groups
(reference, this tree, this tree, reference), so that the machine's drift
falls on both sides. Prints, for each contender of ours, this tree's rate
over the reference's (the median of the groups' ratios, with the groups);
the contenders that are not ours (jsonwebtoken, PyJWT, the official PHP way)
run in the same programs and should come out near 1.00x, which says how far
the machine itself moved.

    python3 benches/against.py REF_TREE [--groups N] [--seconds S] [--steps c,node,...]

REF_TREE is a checkout with its own release build (cargo build --release
--workspace, scripts/build-wasm, and in bindings/node npm run build), e.g.
`git worktree add ../ref <commit>`. Used for issue 27 (docs/BENCHMARKS.md,
"Before and after").
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
KEY = "tests/keys/rsa2048.pkcs8.pem"
STEPS = ("c", "node", "node-wasm", "python", "php", "ruby")


def c_program(tree: Path, out: Path) -> Path:
    """The C benchmark program linked to the tree's release library."""
    program = out / f"bench_capi_{abs(hash(str(tree)))}"
    lib = tree / "target/release"
    subprocess.run(["gcc", "-O2", "-std=c11", f"-I{tree / 'include'}", str(tree / "benches/c/bench_capi.c"),
                    "-o", str(program), f"-L{lib}", "-lengagespot_token", f"-Wl,-rpath,{lib}", "-lpthread"],
                   check=True)
    return program


def python_stage(tree: Path, out: Path) -> Path:
    """The tree's Python package with the extension cargo built, as scripts/bench
    stages it; returns the folder to put on PYTHONPATH."""
    folder = out / f"python_{abs(hash(str(tree)))}"
    folder.mkdir()
    subprocess.run(["cp", "-r", str(tree / "bindings/python/python/engagespot_token"), str(folder)], check=True)
    subprocess.run(["cp", str(tree / "target/release/lib_native.so"),
                    str(folder / "engagespot_token/_native.abi3.so")], check=True)
    return folder


def command(step: str, tree: Path, seconds: float, built: dict) -> tuple[list[str], dict]:
    """The command that runs `step`'s benchmark program of `tree`, and its environment."""
    key = str(tree / KEY)
    env = dict(os.environ)
    bench = HERE / ".bench"
    if step == "c":
        return [str(built[("c", tree)]), "mint", key, str(seconds), "1"], env
    if step in ("node", "node-wasm"):
        env["BENCH_NODE_MODULES"] = str(bench / "node/node_modules")
        if step == "node-wasm":
            # Both vocabularies: `wasm` is the old word and an alias of `fallback` since issue 27.
            env["ENGAGESPOT_TOKEN_BACKEND"] = "wasm"
        return ["node", str(tree / "benches/node/bench.mjs"), key, str(seconds)], env
    if step == "python":
        env["PYTHONPATH"] = f"{built[('python', tree)]}:{bench / 'python'}"
        return [sys.executable, str(tree / "benches/python/bench_binding.py"), key, str(seconds)], env
    if step == "php":
        return ["php", str(tree / "benches/php/bench.php"), key, str(seconds)], env
    if step == "ruby":
        return ["ruby", f"-I{tree / 'bindings/ruby/lib'}", str(tree / "benches/ruby/bench.rb"), key, str(seconds)], env
    raise ValueError(step)


def rates(step: str, tree: Path, seconds: float, built: dict) -> dict[str, float]:
    """RESULT lines of one run: contender => tokens per second."""
    argv, env = command(step, tree, seconds, built)
    out = subprocess.run(argv, env=env, cwd=tree, capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0] == "RESULT":
            found[f"{step}:{parts[1]}"] = float(parts[2])
    if not found:
        raise SystemExit(f"against: {step} in {tree} printed no RESULT line")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", type=Path)
    parser.add_argument("--groups", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--steps", default=",".join(STEPS))
    args = parser.parse_args()
    reference, head = args.reference.resolve(), HERE
    steps = args.steps.split(",")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        built: dict = {}
        for tree in (reference, head):
            if "c" in steps:
                built[("c", tree)] = c_program(tree, out)
            if "python" in steps:
                built[("python", tree)] = python_stage(tree, out)
        ratios: dict[str, list[float]] = {}
        for group in range(1, args.groups + 1):
            print(f"== group {group} of {args.groups}", flush=True)
            for step in steps:
                a1 = rates(step, reference, args.seconds, built)
                b1 = rates(step, head, args.seconds, built)
                b2 = rates(step, head, args.seconds, built)
                a2 = rates(step, reference, args.seconds, built)
                for name in sorted(set(a1) & set(b1)):
                    ratios.setdefault(name, []).append((b1[name] + b2[name]) / (a1[name] + a2[name]))
    print(f"== this tree ({head}) over the reference ({reference}), RSA 2048, "
          f"{args.groups} ABBA groups of {args.seconds:g} s runs")
    for name, values in ratios.items():
        listed = ", ".join(f"{v:.3f}" for v in values)
        print(f"{name:<52} {statistics.median(values):.3f}x  ({listed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
