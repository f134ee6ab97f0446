"""The differential test's harness: plays generated inputs (generator.py) on
every backend through one long-lived player per backend (players/, protocol
in README.md), compares each backend's outcome with native's, and verifies
every minted token, with `cryptography` (not our code), against the public
half of the key the input was made from.

    outcome   = the error name and step (client or token), or the token
                (its exact bytes at the fixed `iat`; with a `jti`, or without
                a fixed `iat`, its header and claims with those normalised)
    reference = the first of REFERENCES that could express the input
    disagreement = a backend's outcome differs from the reference's
    wrong token  = a backend minted a token that the input's base key's
                   public half does not verify (reported apart)
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PLAYERS = HERE / "players"
RUNTIMES = ROOT / "tests" / "runtimes" / "node_modules" / ".bin"
# Whose outcome the others are compared with, in order: the Rust API (native
# core), then the native bindings for what the Rust API cannot express, Node
# last (its glue walks the options object itself).
REFERENCES = ["rust", "python", "ruby", "php-ffi", "node-native"]
# Seconds one input may take on one backend (an 8192-bit key on the pure-PHP path included).
INPUT_TIMEOUT = 60


def php_scan_dir_without(extensions: list[str]) -> str:
    """A copy of PHP's conf.d without the named extensions (as scripts/test-php does for FFI)."""
    scan = subprocess.run(["php", "-r", "echo PHP_CONFIG_FILE_SCAN_DIR;"], capture_output=True, text=True, check=True).stdout
    directory = tempfile.mkdtemp(prefix="differential-php-")
    for ini in Path(scan).glob("*.ini"):
        if not any(f"extension={name}" in ini.read_text().replace(" ", "") for name in extensions):
            shutil.copy(ini, directory)
    return directory


def backends() -> dict[str, dict]:
    """name -> {argv, env}: every backend that runs here. A JavaScript player reports
    its async call's outcome too, as the backend `<name>-async`."""
    js = str(PLAYERS / "js.mjs")
    return {
        "rust": {"argv": [str(ROOT / "target" / "release" / "examples" / "differential_player")]},
        "node-native": {"argv": ["node", js], "env": {"ENGAGESPOT_TOKEN_BACKEND": "native"}},
        "node-wasm": {"argv": ["node", js], "env": {"ENGAGESPOT_TOKEN_BACKEND": "wasm"}},
        "bun-wasm": {"argv": [str(RUNTIMES / "bun"), js], "env": {"ENGAGESPOT_TOKEN_BACKEND": "wasm"}},
        "deno-wasm": {"argv": [str(RUNTIMES / "deno"), "run", "--allow-all", "--quiet", js],
                      "env": {"ENGAGESPOT_TOKEN_BACKEND": "wasm"}},
        "python": {"argv": [sys.executable, str(PLAYERS / "python.py")],
                   "env": {"PYTHONPATH": str(ROOT / "target" / "python" / "module")}},
        "ruby": {"argv": ["ruby", "-I", str(ROOT / "bindings" / "ruby" / "lib"), str(PLAYERS / "ruby.rb")]},
        "php-ffi": {"argv": ["php", str(PLAYERS / "php.php")], "env": {"ENGAGESPOT_TOKEN_BACKEND": "ffi"}},
        # As on the official Docker images: no ext-ffi; then also without ext-gmp and bcmath (pure PHP).
        "php-openssl": {"argv": ["php", str(PLAYERS / "php.php")], "env": {"ENGAGESPOT_TOKEN_BACKEND": "openssl"},
                        "php_without": ["ffi"]},
        "php-openssl-pure": {"argv": ["php", str(PLAYERS / "php.php")], "env": {"ENGAGESPOT_TOKEN_BACKEND": "openssl"},
                             "php_without": ["ffi", "gmp", "bcmath"]},
    }


def prepare() -> list[str]:
    """Checks what the players need; returns the problems (each names its fix)."""
    problems = []
    if not (ROOT / "target" / "release" / "examples" / "differential_player").exists():
        problems.append("no target/release/examples/differential_player: cargo build --release --workspace --all-targets")
    for path, fix in [(ROOT / "bindings" / "node" / "engagespot_token.node", "cd bindings/node && npm run build"),
                      (ROOT / "bindings" / "node" / "engagespot_token.wasm", "scripts/build-wasm"),
                      (ROOT / "target" / "python" / "module" / "engagespot_token", "scripts/stage-python target/python/module"),
                      (RUNTIMES / "bun", "scripts/setup"), (RUNTIMES / "deno", "scripts/setup")]:
        if not path.exists():
            problems.append(f"no {path.relative_to(ROOT)}: {fix}")
    link = HERE / "node_modules" / "engagespot-token"
    if not link.exists():
        link.parent.mkdir(exist_ok=True)
        link.symlink_to(Path("..") / ".." / ".." / "bindings" / "node")
    return problems


class Player:
    """One long-lived player process: one JSON line in, one JSON line out."""

    def __init__(self, name: str, spec: dict, log_dir: Path) -> None:
        self.name, self.spec, self.log_dir = name, spec, log_dir
        self.php_dir = php_scan_dir_without(spec["php_without"]) if "php_without" in spec else None
        self.proc = None
        self.buffer = b""
        self.restarts = 0

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("ENGAGESPOT_PRIVATE_SIGNING_KEY", "ENGAGESPOT_TOKEN_LIB")}
        env.update(self.spec.get("env", {}))
        if self.php_dir:
            env["PHP_INI_SCAN_DIR"] = self.php_dir
        log = open(self.log_dir / f"{self.name}.stderr", "ab")
        self.proc = subprocess.Popen(self.spec["argv"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                     env=env, cwd=ROOT)
        log.close()
        self.buffer = b""
        ready = self.read_line(120)
        if ready is None or "ready" not in ready:
            raise RuntimeError(f"{self.name}: the player did not start ({ready}); see {self.log_dir / self.name}.stderr")
        self.ready = ready

    def read_line(self, timeout: float):
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return {"eof": True}
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def play(self, index: int, case: dict) -> dict:
        if self.proc is None:
            self.start()
        try:
            # The option names in order too, for readers of JSON that sort an object's names.
            options = case.get("options")
            names = list(options) if isinstance(options, dict) and "type" not in options else []
            self.proc.stdin.write((json.dumps({"id": index, "case": case, "optionNames": names}) + "\n").encode())
            self.proc.stdin.flush()
            out = self.read_line(INPUT_TIMEOUT)
        except (BrokenPipeError, OSError):
            out = {"eof": True}
        if out is None or "eof" in out:
            kind = "HANG" if out is None else f"CRASH (exit {self.proc.poll()})"
            self.stop()
            self.restarts += 1
            return {"error": kind, "at": "-"}
        assert out.get("id") == index, (self.name, out, index)
        return out

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def close(self) -> None:
        self.stop()
        if self.php_dir:
            shutil.rmtree(self.php_dir, ignore_errors=True)


# ---- judging ---------------------------------------------------------------------

def b64url(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class Verifier:
    """Verifies RS256 signatures with `cryptography`, against public halves loaded once."""

    def __init__(self, bases) -> None:
        self.keys = {base.name: serialization.load_pem_public_key(base.public_pem.encode()) for base in bases}
        self.cache: dict[tuple[str, str], bool] = {}

    def verifies_with_own_numbers(self, token: str, key_text) -> bool | None:
        """Whether the mutated key's own public numbers (n, e), where cryptography can read them, verify the token."""
        try:
            numbers = serialization.load_pem_private_key(key_text.encode(), password=None,
                                                         unsafe_skip_rsa_key_validation=True).public_key().public_numbers()
        except (ValueError, TypeError, AttributeError, UnsupportedAlgorithm):
            return None
        # By hand (RFC 8017 RSASSA-PKCS1-v1_5), as cryptography refuses e < 3, and e = 1 is the case to see.
        header, payload, signature = token.split(".")
        size = (numbers.n.bit_length() + 7) // 8
        digest_info = bytes.fromhex("3031300d060960864801650304020105000420") + hashlib.sha256(f"{header}.{payload}".encode()).digest()
        expected = b"\x00\x01" + b"\xff" * (size - len(digest_info) - 3) + b"\x00" + digest_info
        return pow(int.from_bytes(b64url(signature), "big"), numbers.e, numbers.n) == int.from_bytes(expected, "big")

    def verifies(self, token: str, public) -> bool:
        """Whether `public` (a base key's name, or {"n": hex, "e": int}) verifies the token's RS256 signature."""
        if isinstance(public, dict) and "pem" in public:
            base = public["pem"]
            if base not in self.keys:
                self.keys[base] = serialization.load_pem_public_key((ROOT / base).read_bytes())
        elif isinstance(public, dict):
            base = f"{public['n']}/{public['e']}"
            if base not in self.keys:
                try:
                    self.keys[base] = rsa.RSAPublicNumbers(public["e"], int(public["n"], 16)).public_key()
                except ValueError:  # numbers cryptography refuses verify nothing
                    self.keys[base] = None
        else:
            base = public
        if (token, base) not in self.cache:
            try:
                header, payload, signature = token.split(".")
                self.keys[base].verify(b64url(signature), f"{header}.{payload}".encode(), padding.PKCS1v15(),
                                       hashes.SHA256())
                self.cache[(token, base)] = True
            except (ValueError, InvalidSignature, KeyError, AttributeError):
                self.cache[(token, base)] = False
        return self.cache[(token, base)]


def fixed_iat(case: dict) -> bool:
    options = case.get("options")
    return isinstance(options, dict) and isinstance(options.get("issuedAt"), int) and not isinstance(
        options.get("issuedAt"), bool)


def canonical(outcome: dict, case: dict) -> str:
    """What is compared: the error and step, or the token (normalised where it cannot be exact)."""
    if "error" in outcome:
        return f"{outcome['error']}@{outcome['at']}"
    token = outcome["token"]
    try:
        header, payload, _ = token.split(".")
        claims = json.loads(b64url(payload))
        header_json = json.loads(b64url(header))
    except ValueError:
        return f"token (undecodable): {token[:60]}"
    if "jti" not in claims and fixed_iat(case):
        return f"token {token}"
    if "jti" in claims:
        claims["jti"] = "<jti>" if isinstance(claims["jti"], str) and claims["jti"] else f"<bad jti {claims['jti']!r}>"
    if not fixed_iat(case):
        # Minted "now", on backends that run minutes apart at most.
        now = time.time()
        if isinstance(claims.get("iat"), int):
            if isinstance(claims.get("exp"), int):
                claims["exp"] = f"iat+{claims['exp'] - claims['iat']}"
            claims["iat"] = "<now>" if abs(claims["iat"] - now) < 600 else f"<not now: {claims['iat']}>"
        elif isinstance(claims.get("exp"), int):
            claims["exp"] = f"<now+{round((claims['exp'] - now) / 1200) * 1200}>"
    return "token " + json.dumps([header_json, claims])


def outcome_class(text: str) -> str:
    return "token" if text.startswith("token") else text


@dataclass
class Tally:
    played: int = 0
    skipped: int = 0
    agree: int = 0
    disagree: int = 0
    allowed: int = 0
    wrong_tokens: int = 0
    wrong_allowed: int = 0
    failures: int = 0  # hangs, crashes, errors without a code


@dataclass
class Finding:
    """A disagreement or a wrong token, with everything needed to replay it."""

    kind: str  # "disagreement" | "wrong token"
    backend: str
    reference: str
    expected: str
    got: str
    item: dict
    outcomes: dict
    allowed_by: str | None = None
    own_public: bool | None = None  # wrong tokens: does the mutated key's own (n, e) verify it (None: unreadable)

    def key(self) -> tuple:
        category = "/".join(self.item["category"].split("@")[0].split("/")[:3])
        return (self.kind, self.backend, self.reference, outcome_class(self.expected), outcome_class(self.got), category)


def load_allowed() -> list[dict]:
    sys.path.insert(0, str(HERE))
    from allowed import ALLOWED  # noqa: PLC0415 - next to this file

    return ALLOWED


def allowed_by(finding: Finding, allowed: list[dict]) -> str | None:
    for entry in allowed:
        backends = entry["backend"] if isinstance(entry["backend"], list) else [entry["backend"]]
        if (entry["kind"] == finding.kind and any(fnmatch.fnmatchcase(finding.backend, b) for b in backends)
                and fnmatch.fnmatchcase(finding.item["category"], entry["category"])
                and fnmatch.fnmatchcase(outcome_class(finding.expected), entry["expected"])
                and fnmatch.fnmatchcase(outcome_class(finding.got), entry["got"])):
            return entry["reason"]
    return None


@dataclass
class Run:
    """Plays inputs on the backends and keeps the tallies and findings."""

    names: list[str]
    bases: list
    log_dir: Path
    allowed: list[dict] = field(default_factory=load_allowed)
    tallies: dict = field(default_factory=lambda: defaultdict(Tally))
    findings: list = field(default_factory=list)
    inputs: int = 0
    keep: bool = False  # keep every input and its outcomes in `played` (for --cases)
    played: list = field(default_factory=list)

    def __post_init__(self) -> None:
        specs = backends()
        self.players = {name: Player(name, specs[name], self.log_dir) for name in self.names}
        self.verifier = Verifier(self.bases)

    def start(self) -> dict:
        """Starts every player (in parallel); returns the native player's limits."""
        threads = [threading.Thread(target=player.start) for player in self.players.values()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for player in self.players.values():
            if player.proc is None:
                raise RuntimeError(f"{player.name} did not start; see {self.log_dir}")
        return self.players["rust"].ready["limits"] if "rust" in self.players else {}

    def close(self) -> None:
        for player in self.players.values():
            player.close()

    def play_batch(self, items: list[dict]) -> None:
        results: dict[str, list] = {}

        def work(name: str) -> None:
            results[name] = [self.players[name].play(item["index"], item["case"]) for item in items]

        threads = [threading.Thread(target=work, args=(name,)) for name in self.players]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for i, item in enumerate(items):
            outcomes = {}
            for name in self.players:
                raw = results[name][i]
                outcomes[name] = raw
                if "async" in raw:
                    outcomes[f"{name}-async"] = raw["async"]
            self.judge(item, outcomes)
            if self.keep:
                self.played.append({**item, "outcomes": outcomes})
        self.inputs += len(items)

    def judge(self, item: dict, outcomes: dict) -> None:
        case = item["case"]
        texts = {name: canonical(o, case) for name, o in outcomes.items() if "skip" not in o}
        reference = next((name for name in REFERENCES if name in texts), None)
        for name, outcome in outcomes.items():
            tally = self.tallies[name]
            if "skip" in outcome:
                tally.skipped += 1
                continue
            tally.played += 1
            text = texts[name]
            if "error" in outcome and not str(outcome["error"]).startswith("ES_"):
                tally.failures += 1
            if "token" in outcome and not any(self.verifier.verifies(outcome["token"], b) for b in item["publics"]):
                finding = Finding("wrong token", name, reference or "-", texts.get(reference, "-"), text, item, outcomes)
                finding.own_public = self.verifier.verifies_with_own_numbers(outcome["token"], case.get("signingKey"))
                finding.allowed_by = allowed_by(finding, self.allowed)
                tally.wrong_tokens += 1
                tally.wrong_allowed += finding.allowed_by is not None
                self.findings.append(finding)
            if reference is None or name == reference:
                tally.agree += name == reference
                continue
            if text == texts[reference]:
                tally.agree += 1
                continue
            finding = Finding("disagreement", name, reference, texts[reference], text, item, outcomes)
            finding.allowed_by = allowed_by(finding, self.allowed)
            tally.disagree += 1
            tally.allowed += finding.allowed_by is not None
            self.findings.append(finding)

    # -- reports

    def summary_lines(self) -> list[str]:
        lines = []
        for name in sorted(self.tallies):
            t = self.tallies[name]
            lines.append(f"differential: {name:18} played {t.played:6}  skipped {t.skipped:5}  agree {t.agree:6}  "
                         f"disagree {t.disagree:5} (allowed {t.allowed})  wrong tokens {t.wrong_tokens} "
                         f"(allowed {t.wrong_allowed})  hangs/crashes/uncoded {t.failures}")
        return lines

    def unexpected(self) -> list[Finding]:
        return [f for f in self.findings if f.allowed_by is None]

    def grouped(self, findings=None) -> list[tuple[tuple, list[Finding]]]:
        groups = defaultdict(list)
        for finding in self.findings if findings is None else findings:
            groups[finding.key()].append(finding)
        return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def describe(finding: Finding, seed) -> str:
    """A disagreement report: the backends, their outcomes, and the input (replayable)."""
    case = dict(finding.item["case"])
    shown = {k: (v if not (isinstance(v, str) and len(v) > 200) else f"<{len(v)} characters, see the JSON file>")
             for k, v in case.items()}
    outcomes = defaultdict(list)
    for name, o in finding.outcomes.items():
        outcomes["skipped" if "skip" in o else f"{o['error']}@{o['at']}" if "error" in o else "token"].append(name)
    own = "" if finding.kind != "wrong token" else (
        f" (the mutated key's own public numbers {'verify' if finding.own_public else 'do not verify'} it)"
        if finding.own_public is not None else " (its own numbers unreadable)")
    return (f"{finding.kind}: {finding.backend} says {finding.got[:90]!r}, {finding.reference} says "
            f"{finding.expected[:90]!r}{own}\n  seed {seed} index {finding.item['index']} category {finding.item['category']}"
            f"\n  input {json.dumps(shown)[:600]}\n  outcomes {json.dumps(outcomes)}")


def finding_record(finding: Finding, seed) -> dict:
    return {"seed": seed, "kind": finding.kind, "backend": finding.backend, "reference": finding.reference,
            "expected": finding.expected, "got": finding.got, "allowed_by": finding.allowed_by,
            "index": finding.item["index"], "category": finding.item["category"], "publics": finding.item["publics"],
            "case": finding.item["case"], "outcomes": finding.outcomes, "own_public_verifies": finding.own_public}


def counts_table(run: Run) -> list[str]:
    lines = []
    for key, group in run.grouped():
        kind, backend, reference, expected, got, category = key
        allowed = sum(f.allowed_by is not None for f in group)
        lines.append(f"{len(group):6}  {kind:12} {backend:20} vs {reference:12} {expected:28} -> {got:28} {category}"
                     f"  [allowed {allowed}] e.g. index {group[0].item['index']}")
    return lines
