"""The differential test's input generator: seeded and deterministic (input
`i` of seed `s` is the same on every machine, from the base keys alone).

Each input is a conformance case (tests/conformance/README.md: apiKey,
apiSecret, signingKey, identifier, options, as "Values") plus what the harness
needs to judge a token: `publics`, the base keys (by name) or public numbers
({"n": hex, "e": int}) one of which must verify any token minted for it
(empty: no token is right), and
`category`, the kind of mutation, for the reports.

The mutations are made on the key's numbers and bytes with a DER writer of our
own (a few lines below), so that keys can be written that no library would
write: inconsistent numbers, swapped primes, odd exponents, non-minimal or
trailing encodings, and the wrappers users paste keys in.
"""

from __future__ import annotations

import base64
import math
import random
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
KEYS = ROOT / "tests" / "keys"
# Sound RSA keys shipped in tests/keys that the inputs are made from: the
# sizes the core takes up to its largest (test_differential.py checks them
# against the core's limits), both sides of the smallest one, and e = 3.
# Names are file names without ".pkcs8.pem".
SHIPPED_BASES = ["rsa2048", "rsa2047", "rsa2049", "rsa3072", "rsa4096", "rsa8192", "rsa2048.e3"]
# Keys that are no sound RSA key for RS256 at all: no token is right for them.
OTHER_KEYS = [
    "ec-p256.pkcs8.pem", "ec-p256.sec1.pem", "ed25519.pkcs8.pem", "rsa1024.pkcs8.pem", "rsa8200.pkcs8.pem",
    "rsa2048.pub.pem", "rsa2048.pkcs1-pub.pem", "rsa2048.cert.pem", "rsa2048.encrypted-pkcs8.pem",
    "rsa2048.encrypted-pkcs1.pem", "rsa2048.3prime.pkcs8.pem", "rsa2048.e65bit.pkcs8.pem",
    "rsa2048.inconsistent.pkcs1.pem",
]
FIXED_IAT = 1_700_000_000
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
NUMBER_FIELDS = ["n", "e", "d", "p", "q", "dP", "dQ", "qInv"]


# ---- DER: just what an RSA private key needs -------------------------------

def der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def der(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + der_length(len(content)) + content


def integer_content(v: int) -> bytes:
    """The minimal two's-complement content of an INTEGER (negative values included)."""
    return v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big", signed=True)


def der_integer(v: int) -> bytes:
    return der(0x02, integer_content(v))


def der_sequence(*parts: bytes) -> bytes:
    return der(0x30, b"".join(parts))


RSA_ALGORITHM = der_sequence(der(0x06, bytes.fromhex("2a864886f70d010101")), der(0x05, b""))


def pkcs1(numbers: dict, version: int = 0, encode=der_integer) -> bytes:
    return der_sequence(der_integer(version), *(encode(numbers[name]) for name in NUMBER_FIELDS))


def pkcs8(inner: bytes, algorithm: bytes = RSA_ALGORITHM, version: int = 0) -> bytes:
    return der_sequence(der_integer(version), algorithm, der(0x04, inner))


def pem(label: str, body: bytes, width: int = 64) -> str:
    text = base64.b64encode(body).decode()
    lines = [text[i:i + width] for i in range(0, len(text), width)] or [""]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


# ---- base keys ---------------------------------------------------------------

@dataclass
class BaseKey:
    """A sound RSA key the inputs are made from."""

    name: str
    numbers: dict
    pkcs8_pem: str
    pkcs1_pem: str
    public_pem: str
    bits: int = field(init=False)

    def __post_init__(self) -> None:
        self.bits = self.numbers["n"].bit_length()


def load_base(name: str, text: str) -> BaseKey:
    key = serialization.load_pem_private_key(text.encode(), password=None, unsafe_skip_rsa_key_validation=True)
    assert isinstance(key, rsa.RSAPrivateKey), name
    priv = key.private_numbers()
    numbers = {"n": priv.public_numbers.n, "e": priv.public_numbers.e, "d": priv.d, "p": priv.p, "q": priv.q,
               "dP": priv.dmp1, "dQ": priv.dmq1, "qInv": priv.iqmp}
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return BaseKey(name, numbers, pem("PRIVATE KEY", pkcs8(pkcs1(numbers))), pem("RSA PRIVATE KEY", pkcs1(numbers)),
                   public.decode())


def shipped_bases() -> list[BaseKey]:
    return [load_base(name, (KEYS / f"{name}.pkcs8.pem").read_text()) for name in SHIPPED_BASES]


def fresh_bases(seed: int, per_size: int, directory: Path) -> list[BaseKey]:
    """Keys generated once for `seed` and cached in `directory` (a run's inputs
    then hold the full key text, so that a disagreement replays without them)."""
    bases = []
    directory.mkdir(parents=True, exist_ok=True)
    for bits in (2048, 3072, 4096):
        for i in range(per_size):
            path = directory / f"seed{seed}-rsa{bits}-{i}.pem"
            if not path.exists():
                key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
                path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                   serialization.NoEncryption()))
            bases.append(load_base(path.stem, path.read_text()))
    return bases


# ---- the generator -------------------------------------------------------------

def lam(numbers: dict) -> int:
    p, q = numbers["p"], numbers["q"]
    return (p - 1) * (q - 1) // math.gcd(p - 1, q - 1)


def with_exponent(numbers: dict, e: int) -> dict | None:
    """The same primes with public exponent e and a consistent d, dP, dQ (None when e has no inverse)."""
    try:
        d = pow(e, -1, lam(numbers))
    except ValueError:
        return None
    p, q = numbers["p"], numbers["q"]
    return {**numbers, "e": e, "d": d, "dP": d % (p - 1), "dQ": d % (q - 1)}


class Generator:
    """Input `index` of `seed`: `generate(index)` always gives the same input for the same bases."""

    def __init__(self, seed: int, bases: list[BaseKey], limits: dict) -> None:
        self.seed = seed
        self.bases = bases
        self.limits = limits
        self.by_name = {base.name: base for base in bases}
        self.cert = (KEYS / "rsa2048.cert.pem").read_text()
        # Large keys cost every backend the most: they are the rarer inputs.
        self.weights = [1 if base.bits > 4096 else 12 if base.bits == 2048 else 4 for base in bases]

    def generate(self, index: int) -> dict:
        rng = random.Random(f"{self.seed}/{index}")
        kinds = [(self.b64_substitution, 30), (self.number_corruption, 26), (self.structure, 7), (self.wrapper, 10),
                 (self.sound_key, 3), (self.other_key, 2), (self.identifier, 10), (self.options, 8), (self.config, 4)]
        make = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        item = make(rng)
        case = {"apiKey": "demo-api-key", "identifier": "alice", "options": {"issuedAt": FIXED_IAT}}
        case.update(item["case"])
        return {"index": index, "category": item["category"], "publics": item["publics"], "case": case}

    def base(self, rng: random.Random) -> BaseKey:
        return rng.choices(self.bases, self.weights)[0]

    def default_base(self) -> BaseKey:
        return self.bases[0]

    @staticmethod
    def key_case(text, category: str, publics: list, base: BaseKey | None = None) -> dict:
        """A key input; its category ends with @<base key> (e.g. key/number/n/+1/pkcs8@rsa4096)."""
        return {"case": {"signingKey": text}, "category": category + (f"@{base.name}" if base else ""),
                "publics": publics}

    # -- keys

    def b64_substitution(self, rng):
        base = self.base(rng)
        form = rng.choice(["pkcs8", "pkcs1"])
        text = base.pkcs8_pem if form == "pkcs8" else base.pkcs1_pem
        lines = text.split("\n")
        body = [i for i in range(1, len(lines) - 2)]
        row = rng.choice(body)
        col = rng.randrange(len(lines[row]))
        old = lines[row][col]
        new = rng.choice([c for c in B64 if c != old]) if rng.random() < 0.95 else rng.choice("=-_ .\t*é\x00")
        lines[row] = lines[row][:col] + new + lines[row][col + 1:]
        return self.key_case("\n".join(lines), f"key/base64-substitution/{form}", [base.name], base)

    def number_corruption(self, rng):
        base = self.base(rng)
        n = dict(base.numbers)
        which = rng.random()
        publics = [base.name]
        if which < 0.55:
            name = rng.choice(NUMBER_FIELDS)
            v = n[name]
            op = rng.choice(["+1", "-1", "flip-random-bit", "flip-top-bit", "flip-low-bit", "zero", "one", "negate",
                             "random-same-size", "double"])
            bit = rng.randrange(max(1, v.bit_length()))
            n[name] = {"+1": v + 1, "-1": v - 1, "flip-random-bit": v ^ (1 << bit),
                       "flip-top-bit": v ^ (1 << max(0, v.bit_length() - 1)), "flip-low-bit": v ^ 1, "zero": 0,
                       "one": 1, "negate": -v, "random-same-size": rng.getrandbits(max(1, v.bit_length())),
                       "double": 2 * v}[op]
            category = f"key/number/{name}/{op}"
        elif which < 0.65:
            n.update(p=n["q"], q=n["p"], dP=n["dQ"], dQ=n["dP"])
            fixed = rng.random() < 0.5
            if fixed:
                n["qInv"] = pow(n["q"], -1, n["p"])
            category = "key/number/swapped-primes/" + ("qinv-fixed" if fixed else "qinv-kept")
        elif which < 0.85:
            e = rng.choice([65539, 3, 1, 65536, 65538, 2, 0, 17, 257, (1 << 32) + 15, (1 << 33) + 17, (1 << 33) - 1])
            consistent = rng.random() < 0.5 and with_exponent(n, e)
            if consistent:
                n = consistent
                # A sound key of its own (same primes): its own public half verifies its tokens.
                # Unless e makes no RSA key (1, even): then no token is right.
                publics = [{"n": format(n["n"], "x"), "e": e}] if e >= 3 and e % 2 else []
            else:
                n["e"] = e
            category = f"key/number/e={e}/" + ("d-consistent" if consistent else "d-kept")
        else:
            choice = rng.choice(["d-mod-phi", "d-plus-lambda", "d-corrupt-crt-sound", "crt-all-zero", "qinv-and-p"])
            p, q = n["p"], n["q"]
            if choice == "d-mod-phi":
                n["d"] = pow(n["e"], -1, (p - 1) * (q - 1))
            elif choice == "d-plus-lambda":
                n["d"] = n["d"] + lam(n)
            elif choice == "d-corrupt-crt-sound":
                n["d"] = n["d"] ^ (1 << rng.randrange(n["d"].bit_length()))
            elif choice == "crt-all-zero":
                n.update(dP=0, dQ=0, qInv=0)
            else:
                n["qInv"] += 1
                n["p"] += 2
            category = f"key/number/{choice}"
        form = rng.choice(["pkcs8", "pkcs1"])
        body = pkcs1(n)
        text = pem("PRIVATE KEY", pkcs8(body)) if form == "pkcs8" else pem("RSA PRIVATE KEY", body)
        return self.key_case(text, f"{category}/{form}", publics, base)

    def structure(self, rng):
        base = self.base(rng)
        n = base.numbers
        body = pkcs1(n)
        choice = rng.choice(["version-1", "version-2", "trailing-inside", "trailing-after", "non-minimal-integer",
                             "long-form-length", "indefinite-length", "pkcs8-rsassa-pss-oid", "pkcs8-no-null",
                             "pkcs8-version-1", "pkcs8-attributes", "pkcs8-in-rsa-label", "pkcs1-in-private-label",
                             "truncated", "public-label", "missing-field"])
        label, out = "PRIVATE KEY", None
        if choice == "version-1":
            out = pkcs8(pkcs1(n, version=1))
        elif choice == "version-2":
            out = pkcs8(pkcs1(n, version=2))
        elif choice == "trailing-inside":
            out = pkcs8(der_sequence(der_integer(0), *(der_integer(n[k]) for k in NUMBER_FIELDS), der_integer(0)))
        elif choice == "trailing-after":
            out = pkcs8(body) + b"\x00\x00"
        elif choice == "non-minimal-integer":
            which = rng.choice(NUMBER_FIELDS)
            padded = n[which]
            out = pkcs8(pkcs1(n, encode=lambda v: der(0x02, b"\x00" + integer_content(v)) if v == padded else der_integer(v)))
            choice += f"/{which}"
        elif choice == "long-form-length":
            out = pkcs8(pkcs1(n, encode=lambda v: b"\x02\x81" + bytes([len(integer_content(v))]) + integer_content(v)
                              if v < 1 << 1000 else der_integer(v)))
        elif choice == "indefinite-length":
            inner = b"".join(der_integer(x) for x in [0] + [n[k] for k in NUMBER_FIELDS])
            out = pkcs8(b"\x30\x80" + inner + b"\x00\x00")
        elif choice == "pkcs8-rsassa-pss-oid":
            out = pkcs8(body, algorithm=der_sequence(der(0x06, bytes.fromhex("2a864886f70d01010a"))))
        elif choice == "pkcs8-no-null":
            out = pkcs8(body, algorithm=der_sequence(der(0x06, bytes.fromhex("2a864886f70d010101"))))
        elif choice == "pkcs8-version-1":
            out = pkcs8(body, version=1)
        elif choice == "pkcs8-attributes":
            out = der_sequence(der_integer(0), RSA_ALGORITHM, der(0x04, body), der(0xA0, b""))
        elif choice == "pkcs8-in-rsa-label":
            label, out = "RSA PRIVATE KEY", pkcs8(body)
        elif choice == "pkcs1-in-private-label":
            out = body
        elif choice == "truncated":
            out = pkcs8(body)[:rng.randrange(1, len(body))]
        elif choice == "public-label":
            label, out = "RSA PUBLIC KEY", body
        else:
            fields = [k for k in NUMBER_FIELDS if k != rng.choice(NUMBER_FIELDS)]
            out = pkcs8(der_sequence(der_integer(0), *(der_integer(n[k]) for k in fields)))
        return self.key_case(pem(label, out), f"key/structure/{choice}", [base.name], base)

    def wrapper(self, rng):
        base = self.base(rng)
        text = rng.choice([base.pkcs8_pem, base.pkcs1_pem])
        other = rng.choice(self.bases)
        publics = [base.name]
        variants = {
            "bom": lambda: "\ufeff" + text,
            "two-boms": lambda: "\ufeff\ufeff" + text,
            "bom-at-end": lambda: text + "\ufeff",
            "crlf": lambda: text.replace("\n", "\r\n"),
            "cr": lambda: text.replace("\n", "\r"),
            "escaped-newlines": lambda: text.replace("\n", "\\n"),
            "escaped-crlf": lambda: text.replace("\n", "\\r\\n"),
            "double-quotes": lambda: f'"{text}"',
            "single-quotes": lambda: f"'{text}'",
            "quoted-escaped": lambda: '"' + text.replace("\n", "\\n") + '"',
            "surrounding-whitespace": lambda: "  \n\t" + text + "\n\n  ",
            "indented": lambda: "\n".join("    " + line for line in text.split("\n")),
            "no-final-newline": lambda: text.rstrip("\n"),
            "one-line-body": lambda: text.split("\n")[0] + "\n" + "".join(text.split("\n")[1:-2]) + "\n" + text.split("\n")[-2] + "\n",
            "76-column-body": lambda: self.rewrap(text, 76),
            "explanatory-text-before": lambda: "Bag Attributes\n    localKeyID: 01\n" + text,
            "text-after": lambda: text + "trailing words\n",
            "missing-end": lambda: text.rsplit("-----END", 1)[0],
            "missing-begin": lambda: text.split("\n", 1)[1],
            "lowercase-label": lambda: text.replace("PRIVATE KEY", "private key"),
            "proc-type-header": lambda: text.replace("-----\n", "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\n", 1),
            "same-key-twice": lambda: text + text,
            "two-keys": lambda: text + other.pkcs8_pem,
            "key-then-cert": lambda: text + self.cert,
            "cert-then-key": lambda: self.cert + text,
            "base64-of-pem": lambda: base64.b64encode(text.encode()).decode(),
            "base64-of-der": lambda: base64.b64encode(base64.b64decode("".join(text.split("\n")[1:-2]))).decode(),
            "nul-after": lambda: text + "\x00",
            "nbsp-in-body": lambda: text.replace("\n", "\n\u00a0", 3),
            "zero-width-space": lambda: text.replace("\n", "\u200b\n", 2),
            "bytes": lambda: {"type": "bytes", "hex": text.encode().hex()},
            "bytes-with-bom": lambda: {"type": "bytes", "hex": ("\ufeff" + text).encode().hex()},
            "raw-latin1-byte": lambda: {"type": "raw", "hex": (text + "\xe9").encode("latin-1").hex()},
        }
        name = rng.choice(sorted(variants))
        if name == "two-keys" and other.name != base.name:
            publics = [base.name, other.name]
        return self.key_case(variants[name](), f"key/wrapper/{name}", publics, base)

    @staticmethod
    def rewrap(text: str, width: int) -> str:
        lines = text.split("\n")
        body = "".join(lines[1:-2])
        return lines[0] + "\n" + "\n".join(body[i:i + width] for i in range(0, len(body), width)) + "\n" + lines[-2] + "\n"

    def sound_key(self, rng):
        base = self.base(rng)
        form = rng.choice(["pkcs8", "pkcs1"])
        return self.key_case(base.pkcs8_pem if form == "pkcs8" else base.pkcs1_pem, f"key/sound/{form}", [base.name], base)

    def other_key(self, rng):
        name = rng.choice(OTHER_KEYS)
        return self.key_case({"type": "file", "path": f"tests/keys/{name}"}, f"key/other/{name}", [])

    # -- identifiers, options, configurations (with a sound key)

    def sound(self, category: str, case: dict) -> dict:
        base = self.default_base()
        return {"case": {"signingKey": base.pkcs8_pem, **case}, "category": category, "publics": [base.name]}

    def identifier(self, rng):
        limit = self.limits["maxIdentifierBytes"]
        choices = {
            "ascii": lambda: "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789@._-+ ") for _ in range(rng.randint(1, 40))),
            "unicode": lambda: "".join(chr(rng.choice([rng.randint(0xA0, 0x2FF), rng.randint(0x4E00, 0x9FFF),
                                                       rng.randint(0x1F300, 0x1FAFF), rng.randint(0x0590, 0x06FF),
                                                       0x200D, 0x2028, 0x2029, 0xFEFF, 0x0301, 0xFFFD]))
                                       for _ in range(rng.randint(1, 20))),
            "control": lambda: rng.choice(["a\x00b", "\x00", "a\nb", "\t", "\x7f", "a\x1bb", "\r\n"]),
            "json-special": lambda: rng.choice(['"', "\\", '"},"x":"', "</script>", "user:bob", "\u2028", "'"]),
            "at-limit": lambda: "a" * limit,
            "over-limit": lambda: "a" * (limit + 1),
            "multibyte-over-limit": lambda: "a" * (limit - 1) + "é",
            "multibyte-at-limit": lambda: "a" * (limit - 2) + "é",
            "emoji-over-limit": lambda: "a" * (limit - 3) + "😀",
            "empty": lambda: "",
            "whitespace": lambda: rng.choice([" ", "  ", "\u3000"]),
            "integer": lambda: rng.choice([0, 1, -1, 42, 2**31, -(2**31), 2**53 - 1, -(2**53 - 1)]),
            "bigint": lambda: {"type": "bigint", "value": str(rng.choice([2**53, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**100]))},
            "bigint-digits-at-limit": lambda: {"type": "bigint", "value": str(10 ** (limit - 1))},
            "bigint-digits-over-limit": lambda: {"type": "bigint", "value": str(10 ** limit)},
            "float": lambda: {"type": "float", "value": rng.choice([1.0, 1.5, -0.0, "NaN", "Infinity"])},
            "bool": lambda: rng.choice([True, False]),
            "null": lambda: None,
            "object": lambda: {"type": "object"},
            "absent": lambda: {"type": "absent"},
            "lone-surrogate": lambda: {"type": "utf16", "units": [0x61, rng.choice([0xD800, 0xDFFF, 0xDBFF])]},
            "surrogate-pair": lambda: {"type": "utf16", "units": [0xD83D, 0xDE00]},
            "invalid-utf8": lambda: {"type": "raw", "hex": rng.choice(["61ff62", "c0af", "eda080", "f4908080"])},
            "bytes": lambda: {"type": "bytes", "hex": "616c696365"},
        }
        name = rng.choice(sorted(choices))
        return self.sound(f"identifier/{name}", {"identifier": choices[name]()})

    def options(self, rng):
        top = self.limits["maxTimestamp"]
        edge = lambda: rng.choice([0, 1, -1, 600, 3600, top, -top, {"type": "bigint", "value": str(top + 1)},
                                   {"type": "bigint", "value": str(2**63)}, {"type": "bigint", "value": str(2**64)},
                                   {"type": "bigint", "value": str(-(2**63) - 1)}, None, True, False, "600",
                                   {"type": "float", "value": 600.0}, {"type": "float", "value": 0.5},
                                   {"type": "object"}])
        flag = lambda: rng.choice([True, False, None, 0, 1, "true", {"type": "object"}, {"type": "float", "value": 1.0}])
        if rng.random() < 0.12:
            # Not {"type": "object"}: an object is a map of options in JavaScript.
            value = rng.choice([None, "options", 5, True, {"type": "float", "value": 1.0}])
            return self.sound("options/not-a-map", {"options": value})
        options = {}
        names = []
        if rng.random() < 0.8:
            options["issuedAt"] = FIXED_IAT if rng.random() < 0.6 else edge()
        for name, make in [("expiresIn", edge), ("jti", flag), ("includeIat", flag)]:
            if rng.random() < 0.45:
                options[name] = make()
                names.append(name)
        if rng.random() < 0.1:
            # Unknown in every spelling (expires_in would be Python's and Ruby's name for expiresIn).
            options[rng.choice(["foo", "", "ExpiresIn", "constructor", "jti ", "expiresin"])] = 1
            names.append("unknown")
        if "issuedAt" in options and options["issuedAt"] == FIXED_IAT and "expiresIn" in options and rng.random() < 0.3:
            options["expiresIn"] = rng.choice([top - FIXED_IAT, top - FIXED_IAT + 1])
            names.append("expiry-at-limit")
        return self.sound("options/" + ("+".join(names) or "issuedAt"), {"options": options})

    def config(self, rng):
        base = self.default_base()
        limit = self.limits["maxApiKeyBytes"]
        api_keys = {
            "empty": "", "space": " ", "nul": "k\x00y", "newline": "key\n", "tab": "a\tb", "unicode": "clé-ключ-鍵",
            "at-limit": "k" * limit, "over-limit": "k" * (limit + 1), "multibyte-over-limit": "k" * (limit - 1) + "é",
            "pem": base.pkcs8_pem, "pem-begin": "-----BEGIN PRIVATE KEY-----", "null": None, "absent": {"type": "absent"},
            "integer": 5, "object": {"type": "object"}, "bytes": {"type": "bytes", "hex": "6b6579"},
            "invalid-utf8": {"type": "raw", "hex": "6bff"}, "lone-surrogate": {"type": "utf16", "units": [0xD800]},
            "control": "\x01\x02", "quote": 'a"b', "long-unicode": "é" * (limit // 2 + 1),
        }
        secrets = {
            "absent": {"type": "absent"}, "null": None, "empty": "", "short": "s", "long": "s" * 10_000,
            "control": "s\x00\x1b", "pem": base.pkcs8_pem, "integer": 7, "object": {"type": "object"},
            "bytes": {"type": "bytes", "hex": "73"}, "invalid-utf8": {"type": "raw", "hex": "73ff"},
        }
        keys = {
            "null": None, "absent": {"type": "absent"}, "empty": "", "integer": 1, "object": {"type": "object"},
            "file-uri": {"type": "file_uri", "path": "tests/keys/rsa2048.pkcs8.pem"},
            "file-uri-missing": {"type": "file_uri", "path": "tests/keys/no-such-key.pem"},
            "relative-file-uri": "file://tests/keys/rsa2048.pkcs8.pem", "path": "/etc/hostname",
            "whitespace": "   ", "invalid-utf8": {"type": "raw", "hex": "ff"},
        }
        part = rng.choice(["apiKey", "apiSecret", "signingKey"])
        table = {"apiKey": api_keys, "apiSecret": secrets, "signingKey": keys}[part]
        name = rng.choice(sorted(table))
        case = {part: table[name]}
        if part != "signingKey":
            case["signingKey"] = base.pkcs8_pem
        publics = [base.name] if part != "signingKey" or name == "file-uri" else []
        return {"case": case, "category": f"config/{part}/{name}", "publics": publics}


def derived_keys(bases: dict) -> dict[str, str]:
    """The keys of the conformance cases the differential test found (tests/keys/<name>: text),
    made from the sound keys by the mutations above; tests/keys/generate.sh writes them."""
    n = bases["rsa2048"].numbers
    q = n["q"]
    lines = bases["rsa2048"].pkcs8_pem.split("\n")
    lines[12] = lines[12][:30] + ("A" if lines[12][30] != "A" else "B") + lines[12][31:]
    return {
        "rsa2048.e1-d1.pkcs8.pem": pem("PRIVATE KEY", pkcs8(pkcs1(with_exponent(n, 1)))),
        "rsa2048.primes-swapped-qinv-kept.pkcs1.pem":
            pem("RSA PRIVATE KEY", pkcs1({**n, "p": n["q"], "q": n["p"], "dP": n["dQ"], "dQ": n["dP"]})),
        "rsa2048.n-low-bit-flipped.pkcs8.pem": pem("PRIVATE KEY", pkcs8(pkcs1({**n, "n": n["n"] ^ 1}))),
        "rsa2048.qinv-and-p-off.pkcs1.pem": pem("RSA PRIVATE KEY", pkcs1({**n, "qInv": n["qInv"] + 1, "p": n["p"] + 2})),
        "rsa2048.pkcs8-version-1.pem": pem("PRIVATE KEY", pkcs8(pkcs1(n), version=1)),
        "rsa2047.pkcs8-version-1.pem": pem("PRIVATE KEY", pkcs8(pkcs1(bases["rsa2047"].numbers), version=1)),
        "rsa2048.q-non-minimal-der.pkcs8.pem": pem("PRIVATE KEY", pkcs8(pkcs1(
            n, encode=lambda v: der(0x02, b"\x00" + integer_content(v)) if v == q else der_integer(v)))),
        "rsa2048.one-base64-character-changed.pkcs8.pem": "\n".join(lines),
        # The rsaEncryption OID's last arc cut off (0x81 promises another byte): found by a base64 substitution.
        "rsa2048.algorithm-oid-cut-off.pkcs8.pem": pem("PRIVATE KEY", pkcs8(pkcs1(n), algorithm=der_sequence(
            der(0x06, bytes.fromhex("2a864886f70d010281")), der(0x05, b"")))),
        # The algorithm's parameters an empty [9] where NULL belongs: found by a base64 substitution.
        "rsa2048.algorithm-parameters-not-null.pkcs8.pem": pem("PRIVATE KEY", pkcs8(pkcs1(n), algorithm=der_sequence(
            der(0x06, bytes.fromhex("2a864886f70d010101")), der(0x29, b"")))),
    }
