"""Writes the "WebAssembly backend" section of docs/BENCHMARKS.md (replacing
it if present) from the RESULT, RATIO and COLD lines of scripts/bench's
WebAssembly block. Usage: wasm_report.py RESULTS_FILE WASM_FILE COMMAND"""

import gzip
import re
import statistics
import sys
from pathlib import Path

results_file, wasm_file, command = sys.argv[1:4]
lines = Path(results_file).read_text().splitlines()
rates = {}
ratios = {}
cold = {}
for line in lines:
    parts = line.split()
    if parts[:1] == ["RESULT"]:
        rates[parts[1]] = float(parts[2])
    elif parts[:1] == ["RATIO"]:
        ratios[parts[1]] = float(parts[4].rstrip("x"))
    elif parts[:1] == ["COLD"]:
        cold.setdefault((parts[1], parts[2]), []).append((float(parts[3]), float(parts[4])))

wasm = Path(wasm_file).read_bytes()
out = ["## WebAssembly backend", ""]
out.append(f"Measured with `{command}` (also run by `scripts/bench`), RSA 2048. Compare the ratios, taken side by side")
out.append("in one process, rather than the absolute figures: other work may share the machine.")
out.append("")
out.append(
    f"The module `engagespot_token.wasm` (wasm32-unknown-unknown, profile `wasm`): {len(wasm):,} bytes raw, "
    f"{len(gzip.compress(wasm, 9)):,} bytes gzip -9 ({len(gzip.compress(wasm, 9)) / 1024:.1f} KiB; target at most 300 KiB)."
)
out.append("")
out.append("Tokens per second, each runtime in one process, contenders in interleaved 0.1 s slices, and the ratio to")
out.append("the native addon in the same process (`benches/node/wasm.mjs`):")
out.append("")
out.append("| runtime | contender | tokens/s | vs native sync |")
out.append("| --- | --- | ---: | ---: |")
labels = {
    "native_sync": "native addon, sync",
    "wasm_sync": "WebAssembly, sync (node:crypto)",
    "wasm_async": "WebAssembly, async (WebCrypto), one at a time",
    "wasm_async_64_in_flight": "WebAssembly, async (WebCrypto), 64 in flight",
    "official_jsonwebtoken_pem": "official way (jsonwebtoken, PEM each call)",
}
for name, rate in rates.items():
    runtime, contender = name.split("_", 1)
    out.append(f"| {runtime} | {labels.get(contender, contender)} | {rate:,.0f} | {ratios.get(name, 0):.2f}× |")
node_ratio = ratios.get("node_wasm_sync")
if node_ratio is not None:
    verdict = "met" if node_ratio >= 0.85 else "**missed**"
    out.append("")
    out.append(f"Target: WebAssembly sync on Node ≥ 0.85× the native addon: {node_ratio:.2f}×, {verdict}.")
out.append("")
out.append("Cold start: a new process imports the package (or jsonwebtoken), then builds the first client and mints")
out.append("the first token (`benches/node/coldstart.mjs`); medians of 5 processes, in milliseconds:")
out.append("")
out.append("| runtime | backend | import (ms) | first client and token (ms) |")
out.append("| --- | --- | ---: | ---: |")
for (runtime, backend), runs in cold.items():
    out.append(
        f"| {runtime} | {backend} | {statistics.median(r[0] for r in runs):.1f} | {statistics.median(r[1] for r in runs):.1f} |"
    )
section = "\n".join(out) + "\n"

doc = Path("docs/BENCHMARKS.md")
text = doc.read_text()
text = re.sub(r"\n## WebAssembly backend\n.*?(?=\n## |\Z)", "\n", text, flags=re.S).rstrip("\n") + "\n"
doc.write_text(text + "\n" + section)
print(section)
