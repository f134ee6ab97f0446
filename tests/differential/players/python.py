"""The differential test's player for Python: the engagespot_token package on
PYTHONPATH. Reads one input per line on stdin and writes one outcome per line
(protocol: tests/differential/README.md). The inputs are read as the
conformance runner reads them (bindings/python/tests/conformance_values.py);
every rule is the package's."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bindings" / "python" / "tests"))

from conformance_values import Inexpressible, inputs  # noqa: E402

from engagespot_token import EngagespotClient, EngagespotTokenError  # noqa: E402


def play(case):
    """The outcome of one input: token, or error and step, or why it is skipped."""
    try:
        config, args, options, _ = inputs(case)
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
