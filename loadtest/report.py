"""Writes scripts/loadtest's section of docs/BENCHMARKS.md, between marker comments
(benches/report.py keeps the section when it rewrites the rest of the file)."""

import datetime
import platform
import subprocess

BEGIN, END = "<!-- loadtest:begin -->", "<!-- loadtest:end -->"
RATIOS = [  # (label, token run, the same stack's constant run)
    ("php-fpm, engagespot-token", "php_ours", "php_constant"),
    ("php-fpm, official way", "php_official", "php_constant"),
    ("Node, engagespot-token sync", "node_sync", "node_constant"),
    ("Node, engagespot-token async", "node_async", "node_constant"),
    ("Node, one bare signature, key held (reference)", "node_signature", "node_constant"),
    ("Node, @engagespot/node", "node_official", "node_official_constant"),
]


def version(*argv):
    done = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    return (done.stdout or done.stderr).strip().splitlines()[0]


def machine():
    out = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=30).stdout
    names = [line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name:")]
    return names[0] if names else platform.processor()


def kib(pids):
    return max(pids.values()) if pids else 0


def section(results, root):
    runs, t = results["runs"], results
    lines = [
        BEGIN,
        "## Under load: nginx + php-fpm and Node `http`",
        "",
        "`scripts/loadtest` (about 17 minutes; `--short` is the 3-minute version in `scripts/test`, which writes nothing",
        "here) serves `GET /token?user=<id>` from php-fpm behind nginx and from a Node `http` cluster, each with our",
        "binding and the official way, plus each stack's constant answer (its ceiling), on 127.0.0.1, and drives them",
        "with wrk; a different user on every request. Two php-fpm workers (static pool, www-data) per endpoint and two",
        "Node cluster workers, on a 2-core machine that also runs wrk: the figures compare endpoints with each other",
        "and are not a capacity plan. Every wrk run must end with 0 errors and 0 non-200 answers; sampled tokens are",
        "verified with `openssl dgst -verify` and their `sub` compared with the requested user.",
        "",
        f"- Command: `scripts/loadtest` at commit {t.get('commit', '?')}; date {t.get('date', datetime.date.today().isoformat())}; "
        f"load average (1/5/15 min) {' '.join(t['uptime_before'])} before, {' '.join(t['uptime_after'])} after",
        f"- Machine: {machine()}, "
        f"{version('nproc')} cores shared by wrk, nginx and the workers (the load average above shows any other work)",
        f"- Versions: {version('nginx', '-v').split(': ')[-1]}; PHP-FPM {version('php-fpm8.2', '-v').split()[1]}; "
        f"Node {version('node', '--version')}; wrk {version('wrk', '-v').split()[1]}; {version('openssl', 'version').split(' (')[0]}; "
        "@engagespot/node 1.7.0 (npm, package-lock)",
        "",
        "![requests per second under load](loadtest.svg)",
        "",
        "| endpoint | connections | requests/s | p50 ms | p99 ms | failed | worker RSS before → after its 3 runs (KiB, largest) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs.values():
        for conns, r in run["by_connections"].items():
            rss = f"{kib(run['rss_start_kib']):,} → {kib(run['rss_end_kib']):,}" if conns == "64" else ""
            lines.append(f"| {run['label']} | {conns} | {r['rps']:,.0f} | {r['p50_us'] / 1000:.2f} | {r['p99_us'] / 1000:.2f} "
                         f"| {r['failed']} | {rss} |")
    speed = t["openssl_sign_per_s"]
    mean = {mode: sum(v) / len(v) for mode, v in speed.items()}
    lines += [
        "",
        "### What a token costs the server, in bare signatures",
        "",
        "At 1 connection, `(1/token_rps - 1/constant_rps) / (1/openssl_sign_rate)`: what a token adds to a request",
        "over the same stack's constant answer, in units of one bare RSA 2048 signature. The wall-clock column uses",
        f"`openssl speed -elapsed -seconds N rsa2048` ({speed['elapsed'][0]:,.0f} sign/s before the endpoints,",
        f"{speed['elapsed'][1]:,.0f} after; mean {mean['elapsed']:,.0f}), since requests/s are wall-clock too. The CPU column",
        "is the same formula over the CPU time the stack's processes (workers, nginx, the cluster master) spent per",
        f"request, read from /proc, against openssl's default CPU-time rate ({speed['cpu'][0]:,.0f} and {speed['cpu'][1]:,.0f};",
        f"mean {mean['cpu']:,.0f}): it does not count time spent waiting for a core, which the wall clock does on a",
        "shared machine. Target for ours: ≤ 1.1 (a token costs one RSA signature and nothing more). Reported, not asserted.",
        "",
        "| stack | token req/s | constant req/s | p99 ms | signatures per token, wall clock | signatures per token, server CPU "
        "| ≤ 1.1 (server CPU) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, token, constant in RATIOS:
        r, c = runs[token]["by_connections"]["1"], runs[constant]["by_connections"]["1"]
        verdict = ("met" if t["cpu_ratios"][token] <= 1.1 else "**missed**") if "engagespot-token" in label else "(reference)"
        lines.append(f"| {label} | {r['rps']:,.0f} | {c['rps']:,.0f} | {r['p99_us'] / 1000:.2f} | {t['ratios'][token]:.2f}× "
                     f"| {t['cpu_ratios'][token]:.2f}× | {verdict} |")
    lines += ["", "Ours next to the official way (requests/s, p99 ms):", "",
              "| connections | PHP ours | PHP official | Node ours (sync) | Node official |", "| ---: | ---: | ---: | ---: | ---: |"]
    for conns in ("1", "8", "64"):
        cells = [f"{runs[k]['by_connections'][conns]['rps']:,.0f} / {runs[k]['by_connections'][conns]['p99_us'] / 1000:.1f}"
                 for k in ("php_ours", "php_official", "node_sync", "node_official")]
        lines.append(f"| {conns} | {' | '.join(cells)} |")
    soak = t["soak"]
    growth = soak["growth_kib"]
    lines += [
        "",
        "### Soak, faults, key rotation",
        "",
        f"- Soak, php-fpm with our binding, 8 connections, {soak['seconds']} s: {soak['wrk']['rps']:,.0f} req/s, "
        f"p99 {soak['wrk']['p99_us'] / 1000:.2f} ms, {soak['wrk']['requests']:,} requests, {soak['wrk']['failed']} failed; "
        f"worker RSS growth after the first {soak['baseline_at']} s (largest RSS seen minus RSS at {soak['baseline_at']} s): "
        f"{', '.join(f'{g} KiB' for g in growth.values())} (limit < 2,048 KiB).",
    ]
    for name, f in t["faults"].items():
        lines.append(f"- `kill -9` of one {name} worker under 8 connections: {f['failed']} of {f['requests']:,} requests failed "
                     f"({f['kinds']}); allowed ≤ {f['bound']}: {f['bound_text']}; the worker was replaced.")
    for name, r in t["rotation"].items():
        lines.append(f"- Key rotation, {name}: new key file, graceful reload in {r['reload_ms']:,.0f} ms under 8 connections; "
                     f"{r['failed']} of {r['requests']:,} requests failed; sampled tokens answered before the reload verified with "
                     f"the old key only ({r['counts']['before'][0]}), sent after it with the new key only ({r['counts']['after'][1]}).")
    lines += ["", f"Checks: {t['checks']['passed']} passed, {t['checks']['failed']} failed."]
    notes = root / "loadtest" / "NOTES.md"
    if notes.exists():
        lines += ["", notes.read_text().strip()]
    return "\n".join(lines + [END])


def write(results, root):
    path = root / "docs" / "BENCHMARKS.md"
    text = path.read_text()
    new = section(results, root)
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + new + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + new + "\n"
    path.write_text(text)


if __name__ == "__main__":
    # Rewrites the section from the last full run's results (e.g. after editing loadtest/NOTES.md).
    import json
    import sys
    from pathlib import Path

    import chart

    ROOT = Path(__file__).resolve().parent.parent
    saved = json.loads((ROOT / "target" / "loadtest" / "results.json").read_text())
    if saved.get("mode") != "full":
        sys.exit("loadtest/report.py: target/loadtest/results.json is not from a full run")
    write(saved, ROOT)
    chart.write(saved, ROOT / "docs" / "loadtest.svg")
