"""Cold start in this new Python process: the time to import the package
(load), to build the first client (client), and to mint the first and the
second token. Prints one line for benches/cold-start/run.py:
  COLD {"load": ms, "client": ms, "first": ms, "second": ms}

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
start = time.perf_counter()
if mode == "pyjwt":
    import jwt

    loaded = created = time.perf_counter()

    def mint(user: str) -> str:
        now = int(time.time())
        claims = {"sub": f"user:{user}", "apiKey": "cold-start-api-key", "iat": now, "exp": now + 3600}
        return jwt.encode(claims, pem, algorithm="RS256")

else:
    import engagespot_token

    loaded = time.perf_counter()
    client = engagespot_token.EngagespotClient(api_key="cold-start-api-key", api_secret="cold-start-secret", signing_key=pem)
    created = time.perf_counter()
    mint = client.generate_user_token
token = mint("first@example.com")
first = time.perf_counter()
again = mint("second@example.com")
second = time.perf_counter()
if token.count(".") != 2 or again.count(".") != 2:
    raise SystemExit(f"cold-start: no token from {mode}")
phases = {"load": loaded - start, "client": created - loaded, "first": first - created, "second": second - first}
print("COLD", json.dumps({name: round(seconds * 1e3, 3) for name, seconds in phases.items()}))
