"""PyJWT, as one more reference: with the PEM string (parsed on every call)
and with a key object loaded once. Prints "RESULT name tokens/s" lines.

Usage: python3 bench_pyjwt.py KEY_FILE SECONDS   (PyJWT from PYTHONPATH)
"""

import sys
import time

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_private_key

key_file, seconds = sys.argv[1], float(sys.argv[2])
pem = open(key_file, "rb").read()
loaded = load_pem_private_key(pem, password=None)


def claims():
    iat = int(time.time())
    return {"sub": "user:user@example.com", "apiKey": "bench-api-key", "iat": iat, "exp": iat + 3600}


def rate(mint):
    end = time.perf_counter() + 0.2
    while time.perf_counter() < end:
        mint()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(8):
            mint()
        n += 8
    return n / (time.perf_counter() - start)


for name, key in [("python_pyjwt_pem_each_call", pem), ("python_pyjwt_key_loaded_once", loaded)]:
    print(f"RESULT {name} {rate(lambda: jwt.encode(claims(), key, algorithm='RS256')):.1f} tokens/s")
