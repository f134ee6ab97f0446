"""The differential test's allow-list: disagreements and wrong tokens known
on main, each with the issue that tracks it and the helper fixing it. The CI
slice (test_differential.py) fails on any finding no entry here matches.
Once the fixes are merged this list must be EMPTY: delete each entry with
its fix, and move its cases from tests/conformance/pending-cases.json into
cases.json.

An entry matches a finding when every field matches (fnmatch patterns):
  kind      "disagreement" or "wrong token"
  backend   the backend that differs from the reference (native); a pattern or a list of them
  category  the generator's category of the input, e.g. key/number/e=65539/d-kept/pkcs8
  expected  the reference's outcome class, e.g. ES_KEY_MALFORMED@client, or token
  got       the backend's outcome class
"""

ALLOWED: list[dict] = [
    # --- Host runtimes: what the runtime's own crypto will not import, although the key is sound.
    # Bun's crypto refuses a sound key whose d is not reduced (d + lambda): the core hands the host the key as given.
    {"kind": "disagreement", "backend": "bun-wasm*", "category": "key/number/d-plus-lambda/*", "expected": "token",
     "got": "ES_KEY_UNSUPPORTED@client",
     "reason": "Bun's crypto refuses to import a key whose d is not reduced (d >= lambda(n)): a sound but unusual key "
               "that no key generator writes; ES_KEY_UNSUPPORTED names Bun's reason (docs/differential.md, residuals)"},
]
