"""Cold start in this new Python process: the time to import the package
(load), to build the first client (client), and to mint the first and the
second token. Prints one line for benches/cold-start/run.py:
  COLD {"load": ms, "client": ms, "first": ms, "second": ms, "cpu_load": ms, ...}
(wall-clock time, and as cpu_* the process's CPU time, time.process_time())

Usage: python3 python.py ours KEY_FILE      (engagespot_token on PYTHONPATH)
       python3 python.py pyjwt KEY_FILE     (PyJWT with cryptography on PYTHONPATH: the
                                             PEM given to jwt.encode, parsed on every call)
"""

import json
import sys
import time

mode, key_file = sys.argv[1:3]
with open(key_file, encoding="ascii") as f:
    pem = f.read()


def mark() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


start = mark()
if mode == "pyjwt":
    import jwt

    loaded = created = mark()

    def mint(user: str) -> str:
        now = int(time.time())
        claims = {"sub": f"user:{user}", "apiKey": "cold-start-api-key", "iat": now, "exp": now + 3600}
        return jwt.encode(claims, pem, algorithm="RS256")

else:
    import engagespot_token

    loaded = mark()
    client = engagespot_token.EngagespotClient(api_key="cold-start-api-key", api_secret="cold-start-secret", signing_key=pem)
    created = mark()
    mint = client.generate_user_token
token = mint("first@example.com")
first = mark()
again = mint("second@example.com")
second = mark()
if token.count(".") != 2 or again.count(".") != 2:
    raise SystemExit(f"cold-start: no token from {mode}")
phases = {}
for name, (since, until) in {"load": (start, loaded), "client": (loaded, created), "first": (created, first), "second": (first, second)}.items():
    phases[name] = round((until[0] - since[0]) * 1e3, 3)
    phases[f"cpu_{name}"] = round((until[1] - since[1]) * 1e3, 3)
print("COLD", json.dumps(phases))
