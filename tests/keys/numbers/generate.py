#!/usr/bin/env python3
"""Writes the keys of this folder: tests/keys/rsa2048.pkcs1.pem with one of its
numbers changed (sound DER, numbers that do not fit together), and a key whose
p is not prime. PUBLIC, NOT SECRET: test keys only. The verdict each should
get is aws-lc's (RSA_check_key, aws-lc crypto/fipsmodule/rsa/rsa.c), written
by hand in the tests that use them, never computed by our code.

Usage: python3 tests/keys/numbers/generate.py   (needs the openssl command)
"""
import base64
import math
import pathlib
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
NAMES = ["n", "e", "d", "p", "q", "dp", "dq", "qi"]


def der_length(length):
    if length < 0x80:
        return bytes([length])
    raw = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def tlv(tag, contents):
    return bytes([tag]) + der_length(len(contents)) + contents


def integer(value):
    raw = value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big")
    return tlv(0x02, b"\0" + raw if raw[0] & 0x80 else raw)


def read_numbers(pem):
    der = base64.b64decode("".join(line for line in pem.splitlines() if not line.startswith("-----")))
    values, at = [], 0

    def header(at):
        tag, length = der[at], der[at + 1]
        at += 2
        if length & 0x80:
            count = length & 0x7F
            length = int.from_bytes(der[at:at + count], "big")
            at += count
        return tag, length, at

    _, _, at = header(0)  # the SEQUENCE
    for _ in range(9):  # version, then the eight numbers
        _, length, at = header(at)
        values.append(int.from_bytes(der[at:at + length], "big"))
        at += length
    return dict(zip(NAMES, values[1:]))


def write(name, numbers):
    der = tlv(0x30, integer(0) + b"".join(integer(numbers[k]) for k in NAMES))
    body = base64.b64encode(der).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    text = "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END RSA PRIVATE KEY-----\n"
    (HERE / f"{name}.pem").write_text(text)


def prime(bits):
    out = subprocess.run(["openssl", "prime", "-generate", "-bits", str(bits)], check=True, capture_output=True, text=True)
    return int(out.stdout)


sound = read_numbers((HERE.parent / "rsa2048.pkcs1.pem").read_text())
n, e, d, p, q = (sound[k] for k in ["n", "e", "d", "p", "q"])
variants = {
    "e-65539": {"e": 65539},  # issue 28 4a: the fallback minted tokens that verify with no key
    "e-3": {"e": 3},
    "e-even": {"e": 65536},
    "e-zero": {"e": 0},
    "d-plus-one": {"d": d + 1},  # CRT values sound: openssl signs with them, aws-lc refuses d
    "d-zero": {"d": 0},
    "d-unreduced": {"d": d + (p - 1) * (q - 1)},  # still d·e ≡ 1 and the CRT values match: sound
    "dp-plus-one": {"dp": sound["dp"] + 1},
    "dp-unreduced": {"dp": sound["dp"] + p - 1},
    "dq-plus-one": {"dq": sound["dq"] + 1},
    "qi-plus-one": {"qi": sound["qi"] + 1},
    "qi-plus-p": {"qi": sound["qi"] + p},  # issue 28 j: the fallback made a client whose every token failed
    "qi-zero": {"qi": 0},
    "n-plus-two": {"n": n + 2},
    "p-plus-two": {"p": p + 2},
    "p-is-n": {"p": n, "q": 1},
    "primes-swapped": {"p": q, "q": p},
    "primes-and-crt-swapped": {"p": q, "q": p, "dp": sound["dq"], "dq": sound["dp"], "qi": pow(p, -1, q)},  # sound
    "jca-stripped": {"e": 0, "p": 0, "q": 0, "dp": 0, "dq": 0, "qi": 0},
}
for name, change in variants.items():
    write(name, {**sound, **change})

# p = a·b, not prime; every number consistent with it, so that every check of
# the numbers passes (aws-lc does not test primality) and signatures are wrong.
while True:
    a, b, q2 = prime(1040), prime(1040), prime(1040)
    p2 = a * b
    if math.gcd(65537, (p2 - 1) * (q2 - 1)) == 1:
        break
d2 = pow(65537, -1, (p2 - 1) * (q2 - 1) // math.gcd(p2 - 1, q2 - 1))
write("p-composite", {"n": p2 * q2, "e": 65537, "d": d2, "p": p2, "q": q2,
                      "dp": d2 % (p2 - 1), "dq": d2 % (q2 - 1), "qi": pow(q2, -1, p2)})
