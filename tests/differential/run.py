"""Runs the differential test: `scripts/differential` (long runs, any seed) and
test_differential.py (CI's fixed seed) both call `main`.

    scripts/differential [--seed N] [--count N | --seconds S] [--backends a,b] [--fresh-keys N]
                         [--index I ...] [--replay FINDINGS.jsonl] [--findings PATH]

Without --seed a random seed is drawn and printed. Every disagreement and
wrong token is printed with its seed, index and input, and written in full to
the findings file (JSON lines), which --replay plays again.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generator  # noqa: E402
import harness  # noqa: E402

BATCH = 200
LAST_RUN: list = []  # the last Run of main(), for test_differential.py


def parse(argv):
    parser = argparse.ArgumentParser(prog="scripts/differential", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, help="the seed (default: a random one, printed)")
    parser.add_argument("--count", type=int, help="how many inputs (default 2000 without --seconds)")
    parser.add_argument("--seconds", type=float, help="play inputs until this many seconds have passed")
    parser.add_argument("--start", type=int, default=0, help="the first input's index")
    parser.add_argument("--index", type=int, action="append", help="play only this input (repeatable)")
    parser.add_argument("--backends", help="comma-separated backends (default: all; see harness.backends)")
    parser.add_argument("--fresh-keys", type=int, default=0,
                        help="also make inputs from N keys per size (2048, 3072, 4096) generated for this seed")
    parser.add_argument("--replay", type=Path, help="play the inputs of a findings file again")
    parser.add_argument("--cases", type=Path,
                        help="play a conformance table (cases.json, pending-cases.json) and name the backends that fail each case")
    parser.add_argument("--findings", type=Path, help="where to write the findings (default target/differential/)")
    parser.add_argument("--show", type=int, default=1, help="examples printed per kind of finding")
    return parser.parse_args(argv)


CASE_OUTCOME = ("claims", "publicKey", "error", "at", "name")


def conformance_item(index: int, case: dict) -> dict:
    """A conformance case as an input: its outcome fields left out, its public key the one to verify with."""
    return {"index": index, "category": f"case/{case['name']}", "publics": [{"pem": case["publicKey"]}],
            "case": {k: v for k, v in case.items() if k not in CASE_OUTCOME}}


def report_cases(run: harness.Run, cases: list[dict]) -> int:
    """Each case's expected outcome against every backend's (tokens: verified, then their claims compared).
    A backend's outcome that tests/differential/allowed.py lists for the case (category case/<name>) is
    printed with its reason and does not fail the run."""
    failing = 0
    for item, case in zip(run.played, cases):
        wrong, allowed = [], []
        expected = f"{case['error']}@{case['at']}" if "error" in case else "claims"
        for name, outcome in item["outcomes"].items():
            if "skip" in outcome:
                continue
            if "error" in case:
                ok = outcome.get("error") == case["error"] and outcome.get("at") == case["at"]
            else:
                ok = ("token" in outcome and run.verifier.verifies(outcome["token"], {"pem": case["publicKey"]})
                      and json.loads(harness.b64url(outcome["token"].split(".")[1])) == case["claims"])
            if ok:
                continue
            got = harness.canonical(outcome, item["case"])
            finding = harness.Finding("disagreement", name, "the case", "token" if expected == "claims" else expected,
                                      got, item, item["outcomes"])
            reason = harness.allowed_by(finding, run.allowed)
            (allowed if reason else wrong).append(f"{name} ({got[:40]})" + (f" [allowed: {reason}]" if reason else ""))
        failing += bool(wrong)
        verdict = f"FAILED on {', '.join(wrong)}" if wrong else "every backend"
        print(f"case {case['name']}: expected {expected}; {verdict}" + "".join(f"; {a}" for a in allowed))
    print(f"differential: {failing} of {len(cases)} cases fail on some backend (outcomes allowed.py lists excepted)")
    return 1 if failing else 0


def main(argv=None) -> int:
    args = parse(argv)
    problems = harness.prepare()
    if problems:
        print("differential: cannot run:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 32)
    out_dir = harness.ROOT / "target" / "differential"
    out_dir.mkdir(parents=True, exist_ok=True)
    bases = generator.shipped_bases()
    if args.fresh_keys:
        bases += generator.fresh_bases(seed, args.fresh_keys, out_dir / "keys")
    names = args.backends.split(",") if args.backends else list(harness.backends())
    log_dir = Path(tempfile.mkdtemp(prefix="differential-logs-"))
    run = harness.Run(names, bases, log_dir, keep=bool(args.cases))
    LAST_RUN[:] = [run]
    findings_path = args.findings or out_dir / f"findings-seed{seed}.jsonl"
    findings_path.write_text("")
    streamed = not (args.cases or args.replay or args.index)
    shown_kinds: set = set()
    began = time.monotonic()
    print(f"differential: seed {seed}; backends {', '.join(names)}; player logs in {log_dir}", flush=True)
    try:
        limits = run.start()
        gen = generator.Generator(seed, bases, limits)
        if args.cases:
            table = json.loads(args.cases.read_text())
            # The players keep the signing-key variable unset: the environment cases are the runners' own.
            cases = [{**table["defaults"], **case} for case in table["cases"] if "environment" not in case]
            print(f"differential: {len(table['cases']) - len(cases)} cases that set the environment left out")
            batches = [[conformance_item(i, case) for i, case in enumerate(cases)]]
        elif args.replay:
            items = [json.loads(line) for line in args.replay.read_text().splitlines() if line.strip()]
            unique = {(item["seed"], item["index"]): item for item in items}
            batches = [[{k: item[k] for k in ("index", "category", "publics", "case")} for item in unique.values()]]
        elif args.index:
            batches = [[gen.generate(i) for i in args.index]]
        else:
            batches = None
        if batches is not None:
            for batch in batches:
                run.play_batch(batch)
        else:
            count = args.count if args.count is not None else (None if args.seconds else 2000)
            index = args.start
            while True:
                if count is not None and index >= args.start + count:
                    break
                if args.seconds is not None and time.monotonic() - began >= args.seconds:
                    break
                size = BATCH if count is None else min(BATCH, args.start + count - index)
                before = len(run.findings)
                run.play_batch([gen.generate(i) for i in range(index, index + size)])
                index += size
                # Long runs: each finding is written as it comes, and each new kind not allowed is shown at once.
                with findings_path.open("a") as out:
                    for finding in run.findings[before:]:
                        out.write(json.dumps(harness.finding_record(finding, seed)) + "\n")
                        if finding.allowed_by is None and finding.key() not in shown_kinds:
                            shown_kinds.add(finding.key())
                            print(harness.describe(finding, seed), flush=True)
                if run.inputs % 2000 == 0:
                    print(f"differential: {run.inputs} inputs, {time.monotonic() - began:.0f} s, "
                          f"{len(run.findings)} findings ({len(run.unexpected())} not allowed)", flush=True)
    finally:
        run.close()
    elapsed = time.monotonic() - began
    if not streamed:
        with findings_path.open("w") as out:
            for finding in run.findings:
                out.write(json.dumps(harness.finding_record(finding, seed)) + "\n")
    print(f"differential: seed {seed}: {run.inputs} inputs on {len(names)} players in {elapsed:.0f} s")
    for line in run.summary_lines():
        print(line)
    if run.findings:
        print(f"differential: findings by kind (count, kind, backend vs reference, outcomes, input category), "
              f"all in {findings_path}:")
        for line in harness.counts_table(run):
            print("  " + line)
    if args.cases:
        return report_cases(run, cases)
    unexpected = run.unexpected()
    shown = 0
    for key, group in run.grouped(unexpected):
        for finding in group[:0 if key in shown_kinds else args.show]:
            print(harness.describe(finding, seed))
            shown += 1
    used = {f.allowed_by for f in run.findings}
    for entry in run.allowed:
        if entry["reason"] not in used:
            print(f"differential: allow-list entry not needed by this run (delete it once fixed for good): {entry['reason']}")
    wrong = sum(f.kind == "wrong token" for f in unexpected)
    print(f"differential: {len(unexpected)} findings not on the allow-list ({wrong} wrong tokens); "
          f"replay: scripts/differential --replay {findings_path}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
