"""The differential test's player for Python: the engagespot_token package on
PYTHONPATH. Reads one input per line on stdin and writes one outcome per line
(protocol: tests/differential/README.md). It only adapts the inputs to
Python's calling convention (camelCase names to snake_case by the generic
rule); every rule is the package's."""

import json
import os
import re
import struct
import sys
from pathlib import Path

from engagespot_token import EngagespotClient, EngagespotTokenError

ROOT = Path(__file__).resolve().parents[3]
ABSENT = object()


class Inexpressible(Exception):
    """A value Python has no way to write."""


def value(v):
    """A value of tests/conformance/README.md, "Values", as Python holds it."""
    if not isinstance(v, dict):
        return v
    kind = v["type"]
    if kind == "absent":
        return ABSENT
    if kind == "float":
        return float(v["value"])
    if kind == "bigint":
        return int(v["value"])
    if kind == "repeat":
        return v["value"] * v["count"]
    if kind == "file":
        return (ROOT / v["path"]).read_text()
    if kind == "file_uri":
        return f"file://{ROOT / v['path']}"
    if kind == "concat":
        return "".join(value(part) for part in v["parts"])
    if kind == "bytes":
        return bytes.fromhex(v["hex"]) if "hex" in v else (ROOT / v["file"]).read_bytes()
    if kind == "utf16":
        return struct.pack(f"<{len(v['units'])}H", *v["units"]).decode("utf-16-le", "surrogatepass")
    if kind == "object":
        return object()
    raise Inexpressible(f"{kind} values exist only in other languages")


def snake(name):
    """expiresIn -> expires_in: the generic rule, no table of names."""
    return re.sub(r"([A-Z])", r"_\1", name).lower()


def play(case):
    """The outcome of one input: token, or error and step, or why it is skipped."""
    try:
        config = {snake(f): value(case[f]) for f in ("apiKey", "apiSecret", "signingKey") if f in case}
        config = {name: v for name, v in config.items() if v is not ABSENT}
        identifier = value(case["identifier"])
        args = [] if identifier is ABSENT else [identifier]
        options = case.get("options", {})
        if not isinstance(options, dict) or "type" in options:
            raise Inexpressible("options are keyword arguments")
        options = {snake(name): value(v) for name, v in options.items()}
    except Inexpressible as why:
        return {"skip": str(why)}
    at = "client"
    try:
        client = EngagespotClient(**config)
        at = "token"
        return {"token": client.generate_user_token(*args, **options)}
    except EngagespotTokenError as error:
        return {"error": error.name, "at": at, "message": str(error)[:300]}
    except Exception as error:  # noqa: BLE001 - any other exception is an outcome to compare
        return {"error": f"no code: {type(error).__name__}", "at": at, "message": str(error)[:300]}


def main():
    os.environ.pop("ENGAGESPOT_PRIVATE_SIGNING_KEY", None)
    print(json.dumps({"ready": "python"}), flush=True)
    for line in sys.stdin:
        given = json.loads(line)
        print(json.dumps({**play(given["case"]), "id": given["id"]}), flush=True)


if __name__ == "__main__":
    main()
