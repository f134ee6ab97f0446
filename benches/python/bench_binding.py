"""Python contenders, each for SECONDS, in interleaved 0.1 s slices (all
forward, then all backward) so that every one sees the same machine: this
package on one thread and on two threads sharing one client (signing
releases the GIL), and PyJWT with the PEM string (parsed on every call, what
Python backends write today) and with a key object loaded once.
Prints "RESULT name tokens/s" lines for scripts/bench.

Usage: python3 bench_binding.py KEY_FILE SECONDS
       (engagespot_token and PyJWT from PYTHONPATH)
"""

import sys
import threading
import time

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from engagespot_token import EngagespotClient

key_file, seconds = sys.argv[1], float(sys.argv[2])
pem = open(key_file, "rb").read()
loaded = load_pem_private_key(pem, password=None)
client = EngagespotClient(api_key="bench-api-key", signing_key=pem)
SLICE = 0.1


def claims():
    iat = int(time.time())
    return {"sub": "user:user@example.com", "apiKey": "bench-api-key", "iat": iat, "exp": iat + 3600}


def loop(mint, until):
    """Mints until `until`; returns (tokens, seconds spent)."""
    n, start = 0, time.perf_counter()
    while True:
        mint()
        n += 1
        now = time.perf_counter()
        if now >= until:
            return n, now - start


def on_threads(count, mint):
    def slice_(until):
        results = [(0, 0.0)] * count

        def work(i):
            results[i] = loop(mint, until)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(n for n, _ in results), max(t for _, t in results)

    return slice_


def one_thread(mint):
    return lambda until: loop(mint, until)


mint = lambda: client.generate_user_token("user@example.com")  # noqa: E731
contenders = {
    "python_binding": one_thread(mint),
    "python_binding_2threads": on_threads(2, mint),
    "python_pyjwt_pem_each_call": one_thread(lambda: jwt.encode(claims(), pem, algorithm="RS256")),
    "python_pyjwt_key_loaded_once": one_thread(lambda: jwt.encode(claims(), loaded, algorithm="RS256")),
}
names = list(contenders)
counts = dict.fromkeys(names, 0)
times = dict.fromkeys(names, 0.0)
for name in names:  # warm-up
    contenders[name](time.perf_counter() + SLICE)
spent = 0.0
while spent < seconds:
    for name in names:
        n, t = contenders[name](time.perf_counter() + SLICE)
        counts[name] += n
        times[name] += t
    spent += SLICE
    names.reverse()
for name in contenders:
    print(f"RESULT {name} {counts[name] / times[name]:.1f} tokens/s")
