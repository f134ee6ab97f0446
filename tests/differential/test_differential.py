"""The differential test's CI slice: a fixed seed, a few thousand inputs, on
every backend (tests/differential/README.md). Fails on any disagreement with
native, and any wrong token, that allowed.py does not list. Longer runs with
any seed: scripts/differential. Needs the builds scripts/test makes first
(the release workspace with --all-targets, the Node addon and .wasm, the
staged Python module); says which one is missing."""

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generator  # noqa: E402
import run  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402

CI_SEED = 28
CI_COUNT = 2000


def test_fixed_seed_agrees_with_native_and_every_token_verifies(tmp_path, capsys):
    findings = tmp_path / "findings.jsonl"
    status = run.main(["--seed", str(CI_SEED), "--count", str(CI_COUNT), "--findings", str(findings)])
    with capsys.disabled():
        print()
        print(capsys.readouterr().out)
    assert status != 2, "the players cannot run: see the message above"
    # The base keys reach both ends of the sizes the core takes (its limits, from the Rust player).
    limits = run.LAST_RUN[0].players["rust"].ready["limits"]
    sizes = {base.bits for base in generator.shipped_bases()}
    assert {limits["minKeyBits"] - 1, limits["minKeyBits"], limits["maxKeyBits"]} <= sizes, sizes
    # A player that skipped what it should play would agree with everything.
    for name, tally in run.LAST_RUN[0].tallies.items():
        assert tally.played >= 0.75 * CI_COUNT, f"{name} played only {tally.played} of {CI_COUNT} inputs"
    unexpected = [json.loads(line) for line in findings.read_text().splitlines() if json.loads(line)["allowed_by"] is None]
    assert status == 0 and not unexpected, f"{len(unexpected)} findings not on tests/differential/allowed.py (above)"


def test_the_conformance_table_holds_on_every_backend(tmp_path, capsys):
    """tests/conformance/cases.json played on every backend the players reach, Bun's and Deno's
    WebAssembly backends included (their runners have no table of their own): each case's outcome,
    each token verified with the case's public key, or an outcome allowed.py lists for that case."""
    cases = HERE.parent / "conformance" / "cases.json"
    status = run.main(["--cases", str(cases), "--findings", str(tmp_path / "findings.jsonl")])
    with capsys.disabled():
        print()
        print(capsys.readouterr().out)
    assert status != 2, "the players cannot run: see the message above"
    assert status == 0, "a conformance case fails on some backend (above)"


def test_generator_is_deterministic_for_a_seed():
    bases = generator.shipped_bases()
    limits = {"maxIdentifierBytes": 1024, "maxApiKeyBytes": 256, "maxTimestamp": 2**53 - 1}
    first, again = generator.Generator(7, bases, limits), generator.Generator(7, bases, limits)
    indices = random.Random(0).sample(range(10**6), 50)
    assert [first.generate(i) for i in indices] == [again.generate(i) for i in indices]
    other = generator.Generator(8, bases, limits)
    assert [first.generate(i) for i in indices] != [other.generate(i) for i in indices]


def test_der_writer_writes_what_cryptography_writes():
    """The mutations rest on the DER writer: on sound numbers it must give the
    bytes of an independent encoder (cryptography's, i.e. OpenSSL's)."""
    for name in generator.SHIPPED_BASES:
        text = (generator.KEYS / f"{name}.pkcs8.pem").read_bytes()
        key = serialization.load_pem_private_key(text, password=None)
        base = generator.load_base(name, text.decode())
        for fmt, ours in [(serialization.PrivateFormat.PKCS8, base.pkcs8_pem),
                          (serialization.PrivateFormat.TraditionalOpenSSL, base.pkcs1_pem)]:
            theirs = key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption()).decode()
            assert ours == theirs, f"{name} {fmt}"
