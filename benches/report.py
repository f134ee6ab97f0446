"""Turns scripts/bench's results into docs/BENCHMARKS.md and docs/benchmarks.svg.

Usage: python3 benches/report.py RESULTS_FILE "COMMAND THAT PRODUCED IT"
RESULTS_FILE lines: "<round> <metric> <value>".
"""

import datetime
import json
import platform
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load(path):
    """{group: {metric: mean of that group's measurements}}: a group is one ABBA
    quadruple or one forward-and-backward round."""
    samples = defaultdict(lambda: defaultdict(list))
    for line in Path(path).read_text().split("\n"):
        if line.strip():
            round_, name, value = line.split()
            samples[int(round_)][name].append(float(value))
    return {r: {name: statistics.fmean(v) for name, v in metrics.items()} for r, metrics in samples.items()}


def median(values):
    return statistics.median(values) if values else float("nan")


def metric(rounds, name):
    return median([r[name] for r in rounds.values() if name in r])


def ratio(rounds, num, den):
    """Median of per-round ratios: both sides measured in the same round."""
    return median([r[num] / r[den] for r in rounds.values() if num in r and den in r])


def run(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip().split("\n")[0]
    except OSError:
        return "not found"


def npm_version(name):
    try:
        return json.loads((ROOT / ".bench/node/node_modules" / name / "package.json").read_text())["version"]
    except OSError:
        return "?"


def lock_version(crate):
    match = re.search(rf'name = "{crate}"\nversion = "([^"]+)"', (ROOT / "Cargo.lock").read_text())
    return match.group(1) if match else "?"


def pyjwt_version():
    dist = sorted((ROOT / ".bench/python").glob("PyJWT-*.dist-info"))
    return dist[-1].name.removeprefix("PyJWT-").removesuffix(".dist-info") if dist else "?"


def svg_chart(bars, path):
    """A horizontal bar chart of tokens/s, one bar per implementation."""
    width, left, bar_h, gap = 860, 330, 22, 8
    top = 40
    height = top + len(bars) * (bar_h + gap) + 30
    peak = max(v for _, v, _ in bars)
    colors = {"ours": "#2f7d32", "ref": "#7a7a7a"}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="13">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        '<text x="10" y="24" font-size="15" font-weight="bold">Engagespot user tokens per second, one thread, RSA 2048 (higher is better)</text>',
    ]
    for i, (label, value, kind) in enumerate(bars):
        y = top + i * (bar_h + gap)
        w = (width - left - 90) * value / peak
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{label}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colors[kind]}"/>')
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 16}">{value:,.0f}</text>')
    parts.append(f'<text x="10" y="{height - 10}" fill="#555">green: engagespot-token; grey: references. Source: docs/BENCHMARKS.md</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n")


def main():
    results_file, command = sys.argv[1], sys.argv[2]
    rounds = load(results_file)
    m = lambda name: metric(rounds, name)  # noqa: E731
    r = lambda a, b: ratio(rounds, a, b)  # noqa: E731
    c2048 = "c_2048_1thread_tokens_per_s"

    rows = [
        ("openssl speed rsa2048 (sign/s, reference)", "openssl_sign_per_s_2048", "ref"),
        ("C ABI `es_generate_user_token`", c2048, "ours"),
        ("PHP binding, client kept", "php_binding_kept", "ours"),
        ("PHP binding, new client per token (php-fpm)", "php_binding_new_client", "ours"),
        ("PHP official way (openssl_sign, PEM each call)", "php_official_pem_each_call", "ref"),
        ("PHP openssl_sign, key parsed once", "php_openssl_parsed_once", "ref"),
        ("PHP fallback (ext-openssl), client kept", "php_fallback_kept", "ours"),
        ("PHP fallback (ext-openssl), per request (php-fpm without preload)", "php_fallback_per_request", "ours"),
        ("Node addon, sync", "node_addon_sync", "ours"),
        ("Node addon, async (one at a time)", "node_addon_async", "ours"),
        ("Node official way (jsonwebtoken, PEM each call)", "node_jsonwebtoken_pem_each_call", "ref"),
        ("Node jsonwebtoken, KeyObject", "node_jsonwebtoken_keyobject", "ref"),
        ("Node jose", "node_jose", "ref"),
        ("Ruby gem, client kept", "ruby_binding_kept", "ours"),
        ("Ruby gem, new client per token", "ruby_binding_new_client", "ours"),
        ("Ruby official way (ruby-jwt, PEM each call)", "ruby_jwt_pem_each_call", "ref"),
        ("Ruby ruby-jwt, key parsed once", "ruby_jwt_key_parsed_once", "ref"),
        ("Python binding", "python_binding", "ours"),
        ("Python PyJWT, PEM each call", "python_pyjwt_pem_each_call", "ref"),
        ("Python PyJWT, key loaded once", "python_pyjwt_key_loaded_once", "ref"),
    ]
    targets = [
        ("C ABI / openssl speed, RSA 2048", r(c2048, "openssl_sign_per_s_2048"), 0.97),
        ("C ABI / openssl speed, RSA 3072", r("c_3072_1thread_tokens_per_s", "openssl_sign_per_s_3072"), 2.2),
        ("C ABI / openssl speed, RSA 4096", r("c_4096_1thread_tokens_per_s", "openssl_sign_per_s_4096"), 2.2),
        ("PHP binding / PHP official way", r("php_binding_kept", "php_official_pem_each_call"), 3.5),
        ("PHP binding / C ABI", r("php_binding_kept", c2048), 0.95),
        ("Node addon / Node official way (jsonwebtoken, PEM)", r("node_addon_sync", "node_jsonwebtoken_pem_each_call"), 4.0),
        ("Node addon / C ABI", r("node_addon_sync", c2048), 0.95),
        ("Ruby gem / Ruby official way (ruby-jwt, PEM)", r("ruby_binding_kept", "ruby_jwt_pem_each_call"), 3.5),
        ("Ruby gem / C ABI", r("ruby_binding_kept", c2048), 0.95),
        ("PHP new client per token / client kept", r("php_binding_new_client", "php_binding_kept"), 0.85),
        ("PHP fallback per request / PHP official way (each: one key parse, one signature)",
         r("php_fallback_per_request", "php_official_pem_each_call"), 1.0),
        ("Python binding / C ABI", r("python_binding", c2048), 0.97),
        ("Python binding, 2 threads / 1 thread (one shared client)", r("python_binding_2threads", "python_binding"), 1.8),
        ("C ABI, 2 threads / 1 thread (one shared client)", r("c_2048_2threads_tokens_per_s", c2048), 1.85),
    ]
    php_version = run("php", "-r", "echo PHP_VERSION;")
    machine = run("sh", "-c", "lscpu | sed -n 's/^Model name: *//p'") or platform.processor()
    lines = [
        "# Benchmarks",
        "",
        "Tokens per second on one thread with a 2048-bit RSA key unless a line says",
        f"otherwise, all measured in one run of `{command}`",
        "(figures are medians; each ratio is the median of ratios of measurements taken side",
        "by side: ABBA groups for the C ABI against openssl speed, forward-and-backward rounds",
        "for the bindings, alternating 0.1 s slices inside the PHP and Node processes).",
        "",
        "`scripts/bench` (about 4 minutes, not part of the tests) installs its",
        "references into `.bench/` (jsonwebtoken and jose from npm, PyJWT from PyPI)",
        "and measures, in one run, `openssl speed`, the C ABI at 2048/3072/4096 bits and",
        "on two threads, the PHP binding against the official PHP way, the Node addon",
        "against jsonwebtoken and jose, the Ruby gem against ruby-jwt (Debian's), and",
        "the Python binding (one and two threads) against PyJWT, then rewrites",
        "this file and `docs/benchmarks.svg`. `cargo bench --bench mint` alone",
        "compares minting with the bare signature of the same held key.",
        "",
        f"- Machine: {machine}, {run('nproc')} cores, {platform.system()} {platform.release()}",
        f"- Date: {datetime.date.today().isoformat()}",
        f"- Versions: {run('rustc', '--version')}; aws-lc-rs {lock_version('aws-lc-rs')} (aws-lc-sys {lock_version('aws-lc-sys')});",
        f"  {run('openssl', 'version')}; PHP {php_version}; Node {run('node', '--version')};",
        f"  jsonwebtoken {npm_version('jsonwebtoken')}, jose {npm_version('jose')} (npm); Python {platform.python_version()}, PyJWT {pyjwt_version()}",
        f"  {run('ruby', '--version')}; ruby-jwt {run('ruby', '-rjwt', '-e', 'print JWT::VERSION::STRING')}, ffi {run('ruby', '-rffi', '-e', 'print FFI::VERSION')} (Debian)",
        "",
        "![tokens per second](benchmarks.svg)",
        "",
        "## Tokens per second",
        "",
        "| implementation | tokens/s | vs C ABI |",
        "| --- | ---: | ---: |",
    ]
    for label, name, _ in rows:
        lines.append(f"| {label} | {m(name):,.0f} | {r(name, c2048):.2f}× |")
    lines += [
        "",
        "Other sizes and threads (C ABI):",
        "",
        "| measurement | ours | openssl speed | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for bits in (2048, 3072, 4096):
        ours, ref = f"c_{bits}_1thread_tokens_per_s", f"openssl_sign_per_s_{bits}"
        lines.append(f"| RSA {bits}, 1 thread | {m(ours):,.0f} | {m(ref):,.0f} | {r(ours, ref):.2f}× |")
    lines.append(
        f"| RSA 2048, 2 threads sharing one client vs 2 openssl processes | {m('c_2048_2threads_tokens_per_s'):,.0f} "
        f"| {m('openssl_sign_per_s_2048_2procs'):,.0f} | {m('c_2048_2threads_tokens_per_s') / m('openssl_sign_per_s_2048_2procs'):.2f}× |"
    )
    lines += [
        "",
        f"Node addon, async with 64 calls in flight (libuv threadpool, all cores): {m('node_addon_async_64_in_flight'):,.0f} tokens/s.",
        "",
        "PHP fallback (ext-openssl) against the PHP binding (FFI), reported, not a target: per request "
        f"{r('php_fallback_per_request', 'php_binding_new_client'):.2f}×, client kept {r('php_fallback_kept', 'php_binding_kept'):.2f}×.",
        "",
        f"Python binding, 2 threads sharing one client (signing releases the GIL): {m('python_binding_2threads'):,.0f} tokens/s;",
        f"against PyJWT with the PEM each call {r('python_binding', 'python_pyjwt_pem_each_call'):,.0f}×, with the key loaded once {r('python_binding', 'python_pyjwt_key_loaded_once'):.2f}×.",
        "",
        "## Client creation and memory (C ABI)",
        "",
        f"- First `es_client_new` (parses and checks the key): {m('c_first_create_us'):,.0f} µs",
        f"- Later `es_client_new` + `es_client_free` with the same key (process-wide cache): {m('c_repeat_create_per_s'):,.0f} per second",
        f"- Heap per additional client sharing a cached key: {m('c_bytes_per_client'):,.0f} bytes",
        f"- Peak RSS of the C benchmark process after a 1-second mint loop: {m('c_peak_rss_kib'):,.0f} KiB",
        "",
        "## Targets",
        "",
        "| ratio | measured | target | |",
        "| --- | ---: | ---: | --- |",
    ]
    for label, value, target in targets:
        lines.append(f"| {label} | {value:.2f}× | ≥ {target}× | {'met' if value >= target else '**missed**'} |")
    cargo_bench = ROOT / ".bench" / "cargo-bench.txt"
    if cargo_bench.exists():
        lines += [
            "",
            "## Minting vs the bare signature with the same held key",
            "",
            "From `cargo bench --bench mint` in the same run: `RsaKeyPair::sign` over a signing input",
            "of a real token's length against `es_generate_user_token`, so the ratio is what the JWT",
            "work (claims, escaping, base64url, allocation) costs beyond the RSA operation; and",
            "`jsonwebtoken::encode`, which parses the key on every call.",
            "",
            "```text",
            cargo_bench.read_text().strip(),
            "```",
        ]
    extra = ROOT / "benches" / "NOTES.md"
    if extra.exists():
        lines += ["", extra.read_text().strip()]
    # Keep the sections written by other steps (between their marker comments): the musl
    # comparison (scripts/bench --musl, which this run has just rewritten) and scripts/loadtest's.
    doc = ROOT / "docs" / "BENCHMARKS.md"
    old = doc.read_text() if doc.exists() else ""
    for name in ("musl", "loadtest"):
        begin, end_mark = old.find(f"<!-- {name}:begin -->"), f"<!-- {name}:end -->"
        end = old.find(end_mark)
        if 0 <= begin < end:
            lines += ["", old[begin : end + len(end_mark)]]
    doc.write_text("\n".join(lines) + "\n")
    bars = [(label.replace("`", ""), m(name), kind) for label, name, kind in rows if m(name) == m(name)]
    svg_chart(sorted(bars, key=lambda b: -b[1]), ROOT / "docs" / "benchmarks.svg")
    print("\n".join(lines[lines.index("## Targets"):]))
    print("\nwrote docs/BENCHMARKS.md and docs/benchmarks.svg")


if __name__ == "__main__":
    main()
