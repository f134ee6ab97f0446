"""The values of tests/conformance/README.md ("Values") as Python holds them:
shared by the conformance runner (test_conformance.py) and the differential
test's Python player (tests/differential/players/python.py)."""

import re
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ABSENT = object()


class Inexpressible(Exception):
    """A value Python has no way to write."""


def value(v):
    """A value of the table as Python holds it."""
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
        # surrogatepass keeps a lone surrogate, as a Python str can hold one.
        return struct.pack(f"<{len(v['units'])}H", *v["units"]).decode("utf-16-le", "surrogatepass")
    if kind == "object":
        return object()
    if kind == "entries":
        names = [entry["name"] for entry in v["entries"]]
        if len(set(names)) != len(names):
            raise Inexpressible("keyword arguments cannot repeat a name")
        return {entry["name"]: value(entry["value"]) for entry in v["entries"]}
    raise Inexpressible(f"{kind} values exist only in other languages")


def snake(name):
    """expiresIn -> expires_in: the generic rule, no table of names."""
    return re.sub(r"([A-Z])", r"_\1", name).lower()


def inputs(case):
    """(constructor kwargs, mint args, mint kwargs, environment) for a case."""
    config = {}
    for field in ("apiKey", "apiSecret", "signingKey"):
        given = value(case[field]) if field in case else ABSENT
        if given is not ABSENT:
            config[snake(field)] = given
    identifier = value(case["identifier"])
    args = [] if identifier is ABSENT else [identifier]
    options = case.get("options", {})
    if not isinstance(options, dict) or options.get("type", "entries") != "entries":
        raise Inexpressible("options are keyword arguments")
    options = value(options) if "type" in options else {name: value(v) for name, v in options.items()}
    environment = value(case["environment"]) if "environment" in case else None
    return config, args, {snake(name): v for name, v in options.items()}, environment
