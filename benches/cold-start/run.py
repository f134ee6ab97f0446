#!/usr/bin/env python3
"""Cold-start benchmark driver (issue 30): for each row, in a new process, the
time to load the package, to build the first client and to mint the first
token, next to the official SDK (Node, PHP) or the language's JWT library
(C: OpenSSL, Python: PyJWT, Ruby: ruby-jwt); and a php-fpm worker's first
request next to its second. Each row runs --runs times, a new process each
time, the rows in forward then backward order from round to round; the report
gives medians and the ratio of each median to its reference's. Timing only,
never asserted: the probes check that they got a token and the backend asked
for; the test suites check the tokens themselves.

Usage (scripts/bench-cold-start builds what it needs, then runs this):
  python3 benches/cold-start/run.py --runs 7 [--jitter-build DIR] [--write docs/BENCHMARKS.md]
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "benches" / "cold-start"
BENCH = ROOT / ".bench" / "cold-start"
KEY = ROOT / "tests" / "keys" / "rsa2048.pkcs8.pem"
OFFICIAL_SDK = ROOT / "loadtest" / "official-sdk"
HEADING = "## Cold start: the first token in a new process"


class Row:
    """One measured configuration: a command whose output has a COLD line."""

    def __init__(self, key, label, argv, env=None, reference=None):
        self.key, self.label, self.argv, self.env, self.reference = key, label, argv, env or {}, reference
        self.samples = []  # one dict of phases (ms) per run, plus "wall": the whole process, spawn to exit

    def run(self):
        # Only the row's own choices of backend and library: none from the caller's environment.
        env = {k: v for k, v in os.environ.items() if not k.startswith("ENGAGESPOT_TOKEN_")} | self.env
        start = time.perf_counter()
        proc = subprocess.run(self.argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        wall = (time.perf_counter() - start) * 1e3
        line = next((line for line in proc.stdout.splitlines() if line.startswith("COLD ")), None)
        if proc.returncode != 0 or line is None:
            raise SystemExit(f"cold-start: {self.label} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
        sample = json.loads(line[5:])
        sample["wall"] = wall
        self.samples.append(sample)


def rows(jitter):
    """The process rows, each with the key of the row it is compared with."""
    key, lib = str(KEY), str(ROOT / "target" / "release" / "libengagespot_token.so")
    node_probe, php_probe = str(HERE / "node.js"), str(HERE / "php.php")
    python_stage = str(BENCH / "python")
    ruby_lib = str(ROOT / "bindings" / "ruby" / "lib")
    result = [
        Row("c", "C ABI (dlopen, es_client_new, es_generate_user_token)", [str(BENCH / "cold_start"), "ours", lib, key], reference="c_openssl"),
        Row("c_openssl", "C with OpenSSL 3 (dlopen libcrypto, PEM parsed per token, EVP_DigestSign)",
            [str(BENCH / "cold_start"), "openssl", "libcrypto.so.3", key]),
        Row("node_native", "Node, native addon (require, client, token)", ["node", node_probe, "ours", key],
            {"ENGAGESPOT_TOKEN_BACKEND": "native"}, "node_official"),
        Row("node_wasm", "Node, WebAssembly backend", ["node", node_probe, "ours", key], {"ENGAGESPOT_TOKEN_BACKEND": "wasm"}, "node_official"),
        Row("node_official", "Node, official @engagespot/node", ["node", node_probe, "official", key, str(OFFICIAL_SDK)]),
        Row("php_ffi", "PHP CLI, FFI backend (autoload + FFI::cdef, client, token)", ["php", php_probe, "ours", key],
            {"ENGAGESPOT_TOKEN_BACKEND": "ffi"}, "php_official"),
        Row("php_openssl", "PHP CLI, ext-openssl fallback", ["php", php_probe, "ours", key], {"ENGAGESPOT_TOKEN_BACKEND": "openssl"}, "php_official"),
        Row("php_official", "PHP CLI, official SDK's way (openssl_sign, PEM per token)", ["php", php_probe, "official", key]),
        Row("python", "Python binding (import, client, token)", ["python3", str(HERE / "python.py"), "ours", key],
            {"PYTHONPATH": python_stage}, "python_pyjwt"),
        Row("python_pyjwt", "Python, PyJWT + cryptography (PEM per token)", ["python3", str(HERE / "python.py"), "pyjwt", key],
            {"PYTHONPATH": str(ROOT / ".bench" / "python")}),
        Row("ruby", "Ruby gem (require, client, token)", ["ruby", "-I", ruby_lib, str(HERE / "ruby.rb"), "ours", key], reference="ruby_jwt"),
        Row("ruby_jwt", "Ruby, ruby-jwt + openssl (PEM per token)", ["ruby", str(HERE / "ruby.rb"), "ruby-jwt", key]),
    ]
    if jitter:
        jitter_lib = str(Path(jitter) / "libengagespot_token.so")
        result += [
            Row("c_jitter", "C ABI, aws-lc WITH the jitter source (before)", [str(BENCH / "cold_start"), "ours", jitter_lib, key],
                reference="c_openssl"),
            Row("node_native_jitter", "Node, native addon WITH the jitter source (before)", ["node", node_probe, "ours", key],
                {"ENGAGESPOT_TOKEN_BACKEND": "native", "ENGAGESPOT_TOKEN_NODE_ADDON": str(Path(jitter) / "engagespot_token.node")},
                "node_official"),
            Row("php_ffi_jitter", "PHP CLI, FFI WITH the jitter source (before)", ["php", php_probe, "ours", key],
                {"ENGAGESPOT_TOKEN_BACKEND": "ffi", "ENGAGESPOT_TOKEN_LIB": jitter_lib}, "php_official"),
            Row("ruby_jitter", "Ruby gem WITH the jitter source (before)", ["ruby", "-I", ruby_lib, str(HERE / "ruby.rb"), "ours", key],
                {"ENGAGESPOT_TOKEN_LIB": jitter_lib}, "ruby_jwt"),
        ]
    return result


# ---- php-fpm: a worker's first request ----------------------------------------------------------

def fastcgi_get(sock_path, params):
    """One FastCGI responder request over a unix socket; returns (wall ms, body, what PHP logged)."""
    def record(kind, content=b""):
        return struct.pack(">BBHHBx", 1, kind, 1, len(content), 0) + content

    def pair(name, value):
        out = b""
        for text in (name.encode(), value.encode()):
            out += bytes([len(text)]) if len(text) < 128 else struct.pack(">I", len(text) | 0x80000000)
        return out + name.encode() + value.encode()

    payload = b"".join(pair(k, v) for k, v in params.items())
    request = record(1, struct.pack(">HB5x", 1, 0)) + record(4, payload) + record(4) + record(5)
    start = time.perf_counter()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(30)
        s.connect(str(sock_path))
        s.sendall(request)
        data = b""
        stdout = stderr = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                raise RuntimeError("php-fpm closed the connection before END_REQUEST")
            data += chunk
            done = False
            while len(data) >= 8:
                _, kind, _, length, padding = struct.unpack(">BBHHB", data[:7])
                if len(data) < 8 + length + padding:
                    break
                content, data = data[8:8 + length], data[8 + length + padding:]
                if kind == 6:
                    stdout += content
                elif kind == 7:
                    stderr += content
                elif kind == 3:
                    done = True
            if done:
                break
    wall = (time.perf_counter() - start) * 1e3
    return wall, stdout.split(b"\r\n\r\n", 1)[-1].decode(), stderr.decode(errors="replace")


def pool_pids(master, pool):
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == master and cmd.startswith(f"php-fpm: pool {pool}"):
            pids.append(int(entry.name))
    return pids


class Fpm:
    """php-fpm with one pool per contender: static, one worker that serves two requests and is
    replaced, so that each round's first request is a new worker's first. The README's preload
    recipe (ffi.preload, opcache.preload) as -d settings, as scripts/loadtest runs it. The
    before/after pool (the library built with the jitter source) needs its own php-fpm: the
    preloaded FFI scope names one library per server."""

    POOLS = {  # pool: (mode, backend, reference, label)
        "ffi": ("ours", "ffi", "official", "php-fpm, FFI backend (preloaded), new client per request"),
        "openssl": ("ours", "openssl", "official", "php-fpm, ext-openssl fallback, new client per request"),
        "official": ("official", None, None, "php-fpm, official SDK's way (openssl_sign, PEM per request)"),
    }

    def __init__(self, jitter):
        self.tmp = Path(tempfile.mkdtemp(prefix="engagespot-cold-start-fpm-"))
        self.pools = dict(self.POOLS)
        # server name: (library, its pools)
        self.servers = {"main": (ROOT / "target" / "release" / "libengagespot_token.so", ["ffi", "openssl", "official"])}
        if jitter:
            self.pools["ffi_jitter"] = ("ours", "ffi", "official", "php-fpm, FFI WITH the jitter source (before)")
            self.servers["jitter"] = (Path(jitter) / "libengagespot_token.so", ["ffi_jitter"])
        self.samples = {pool: [] for pool in self.pools}
        self.masters = {}  # pool: master pid
        self.procs = []
        self.user = "root" if os.geteuid() == 0 else os.environ.get("USER", "nobody")

    def start(self):
        for name, (library, pools) in self.servers.items():
            conf, header = self.tmp / f"{name}.conf", self.tmp / f"{name}.h"
            sections = [f"[global]\nerror_log = {self.tmp}/{name}.log\ndaemonize = no\n"]
            for pool in pools:
                backend = self.pools[pool][1]
                sections.append(f"[{pool}]\nuser = {self.user}\nlisten = {self.tmp}/{pool}.sock\npm = static\n"
                                f"pm.max_children = 1\npm.max_requests = 2\ncatch_workers_output = yes\n"
                                + (f"env[ENGAGESPOT_TOKEN_BACKEND] = {backend}\n" if backend else ""))
            conf.write_text("\n".join(sections))
            subprocess.run(["php", str(ROOT / "bindings/php/bin/engagespot-token-preload-header"), str(header)],
                           check=True, capture_output=True, env=dict(os.environ, ENGAGESPOT_TOKEN_LIB=str(library)))
            argv = ["php-fpm8.2", "-F", "-R", "-y", str(conf), "-d", "ffi.enable=preload", "-d", f"ffi.preload={header}",
                    "-d", "opcache.enable=1", "-d", f"opcache.preload={ROOT}/bindings/php/preload.php",
                    "-d", f"opcache.preload_user={self.user}"]
            env = {k: v for k, v in os.environ.items() if k not in ("PHP_INI_SCAN_DIR", "ENGAGESPOT_TOKEN_BACKEND")}
            with open(self.tmp / f"{name}.out", "wb") as out:
                proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
            self.procs.append(proc)
            deadline = time.time() + 30
            while not all((self.tmp / f"{pool}.sock").exists() and pool_pids(proc.pid, pool) for pool in pools):
                if time.time() > deadline or proc.poll() is not None:
                    raise SystemExit(f"cold-start: php-fpm ({name}) did not start:\n{(self.tmp / f'{name}.out').read_text()}")
                time.sleep(0.05)
            self.masters.update({pool: proc.pid for pool in pools})
        return self

    def server_of(self, pool):
        return next(name for name, (_, pools) in self.servers.items() if pool in pools)

    def round(self, order):
        for pool in order:
            mode, backend = self.pools[pool][:2]
            master = self.masters[pool]
            deadline = time.time() + 30
            while len(pool_pids(master, pool)) != 1:
                if time.time() > deadline:
                    raise SystemExit(f"cold-start: php-fpm pool {pool} has no worker")
                time.sleep(0.02)
            time.sleep(0.1)  # let the new worker reach accept(): its start is not the request's cost
            params = {"SCRIPT_FILENAME": str(HERE / "fpm.php"), "REQUEST_METHOD": "GET", "QUERY_STRING": "",
                      "COLD_START_MODE": mode, "COLD_START_KEY_FILE": str(KEY)}
            answers = [fastcgi_get(self.tmp / f"{pool}.sock", params) for _ in range(2)]
            bodies = []
            for _, body, logged in answers:
                try:
                    bodies.append(json.loads(body))
                except ValueError:
                    log = (self.tmp / f"{self.server_of(pool)}.log").read_text(errors="replace")[-2000:]
                    raise SystemExit(f"cold-start: php-fpm pool {pool} answered {body!r} {logged}\n{log}") from None
            first, second = bodies
            expected = backend or "official"
            if first["pid"] != second["pid"] or any(b["backend"] != expected or b["token"].count(".") != 2 for b in bodies):
                raise SystemExit(f"cold-start: php-fpm pool {pool}: not one worker's two tokens from {expected}: {bodies}")
            self.samples[pool].append({"first_wall": answers[0][0], "second_wall": answers[1][0], "first_cpu": first["cpu"],
                                       "first_inside": first["client"] + first["token_ms"],
                                       "second_inside": second["client"] + second["token_ms"]})
            # Its second request retired the worker: wait until the master has replaced it.
            deadline = time.time() + 30
            while first["pid"] in pool_pids(master, pool) or len(pool_pids(master, pool)) != 1:
                if time.time() > deadline:
                    raise SystemExit(f"cold-start: php-fpm pool {pool} did not replace its worker")
                time.sleep(0.02)

    def stop(self):
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


# ---- steady state: tokens/s with and without the jitter source ----------------------------------

def steady_state(bench_capi, jitter, groups, seconds=1):
    """The C ABI's tokens/s on one thread, this build against the jitter build, in ABBA groups
    (this, jitter, jitter, this) of benches/c/bench_capi.c linked without an rpath and pointed at
    each library's directory; returns the per-group ratios this / jitter and the median rates."""
    def rate(directory):
        proc = subprocess.run([bench_capi, "mint", str(KEY), str(seconds), "1"], capture_output=True, text=True, timeout=120,
                              env=dict(os.environ, LD_LIBRARY_PATH=str(directory)), check=True)
        return float(next(line.split()[2] for line in proc.stdout.splitlines() if line.startswith("RESULT tokens_per_s")))
    ours_dir, jitter_dir = ROOT / "target" / "release", Path(jitter)
    ratios, ours, theirs = [], [], []
    for _ in range(groups):
        a1, b1, b2, a2 = rate(ours_dir), rate(jitter_dir), rate(jitter_dir), rate(ours_dir)
        ratios.append((a1 + a2) / (b1 + b2))
        ours.append((a1 + a2) / 2)
        theirs.append((b1 + b2) / 2)
    return ratios, median(ours), median(theirs)


# ---- report ---------------------------------------------------------------------------------------

def median(values):
    return statistics.median(values) if values else float("nan")


def total(sample, prefix=""):
    """Load + first client + first token: the targets' figure (prefix "cpu_" for CPU time)."""
    return sample[prefix + "load"] + sample[prefix + "client"] + sample[prefix + "first"]


def fmt(value):
    return f"{value:,.2f}" if value < 10 else f"{value:,.1f}"


def versions():
    def out(argv, **env):
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=30, env=dict(os.environ, **env)).stdout.strip()
        except OSError:
            return "?"
    sdk = json.loads((OFFICIAL_SDK / "node_modules/@engagespot/node/package.json").read_text())["version"]
    pyjwt = out(["python3", "-c", "import jwt, cryptography; print(jwt.__version__, 'with cryptography', cryptography.__version__)"],
                PYTHONPATH=str(ROOT / ".bench" / "python"))
    return (f"Node {out(['node', '--version'])}, @engagespot/node {sdk}; PHP {out(['php', '-r', 'echo PHP_VERSION;'])}; "
            f"{out(['python3', '--version'])}, PyJWT {pyjwt}; Ruby {out(['ruby', '-e', 'print RUBY_VERSION'])}, "
            f"ruby-jwt {out(['ruby', '-rjwt', '-e', 'print JWT::VERSION::STRING'])}; {out(['openssl', 'version'])}")


def report(process_rows, fpm, runs, command, conditions, steady=None):
    by_key = {row.key: row for row in process_rows}
    lines = [
        "<!-- coldstart:begin -->",
        f"`{command}` (not part of `scripts/test`): each row runs {runs} times, a new process each time, the rows in",
        "forward then backward order from round to round. Figures are medians in milliseconds, measured inside the",
        "process: **load** (dlopen, require, import, autoload), the **first client** (the key parsed and checked),",
        "the **first token**, their **sum** (the median of each run's sum, which the targets compare) and the",
        "**second token**, in wall-clock time; the sum also in the **CPU time** the process spent (all its",
        "threads), which other work on a shared machine does not inflate: read that one when the load average is",
        "high. The references parse the PEM on every token, as the official SDKs do, so their client column is",
        "empty and their first token carries the key parse. **Process** is the whole process, spawn to exit, from",
        "the driver (interpreter start-up included). RSA 2048 (`tests/keys/rsa2048.pkcs8.pem`).",
        "",
        f"- Conditions: {conditions}",
        f"- Versions: {versions()}",
        "",
        "| row | load | first client | first token | sum | vs reference | sum, CPU time | vs reference | second token | process |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    ratios = {}
    for row in process_rows:
        ref = by_key.get(row.reference)
        cells = [row.label] + [fmt(median([s[p] for s in row.samples])) for p in ("load", "client", "first")]
        for prefix in ("", "cpu_"):
            mine = median([total(s, prefix) for s in row.samples])
            ratio = mine / median([total(s, prefix) for s in ref.samples]) if ref else None
            ratios[prefix + row.key] = ratio
            cells += [fmt(mine), "%.2f×" % ratio if ratio is not None else "(reference)"]
        cells += [fmt(median([s["second"] for s in row.samples])), fmt(median([s["wall"] for s in row.samples]))]
        lines.append("| " + " | ".join(cells) + " |")
    if fpm:
        lines += [
            "",
            "php-fpm: one static pool per row, one worker that serves two requests and is then replaced by the master",
            "(`pm.max_requests = 2`), so each round's first request is a new worker's first; the library and classes",
            "preloaded as the README's php-fpm recipe says. Request: the FastCGI round trip on a unix socket, timed by",
            "the driver; inside: client and token as PHP timed them, in wall-clock and in the worker's CPU time.",
            "",
            "| row | first request | inside it | CPU inside it | second request | inside it | first request vs reference | CPU inside vs reference |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for pool, samples in fpm.samples.items():
            _, _, reference, label = fpm.pools[pool]
            first = median([s["first_wall"] for s in samples])
            cpu = median([s["first_cpu"] for s in samples])
            ratio = first / median([s["first_wall"] for s in fpm.samples[reference]]) if reference else None
            cpu_ratio = cpu / median([s["first_cpu"] for s in fpm.samples[reference]]) if reference else None
            ratios[f"fpm_{pool}"], ratios[f"cpu_fpm_{pool}"] = ratio, cpu_ratio
            lines.append(f"| {label} | {fmt(first)} | {fmt(median([s['first_inside'] for s in samples]))} | {fmt(cpu)} | "
                         f"{fmt(median([s['second_wall'] for s in samples]))} | {fmt(median([s['second_inside'] for s in samples]))} | "
                         + (f"{ratio:.2f}× | {cpu_ratio:.2f}× |" if reference else "(reference) | (reference) |"))

    def first_vs_second(key, prefix=""):
        return median([s[prefix + "first"] / s[prefix + "second"] for s in by_key[key].samples])

    def verdict(value, limit):
        return "met" if value <= limit else "MISSED"

    lines += ["", "Targets (medians; reported, never asserted), wall-clock / CPU time:", ""]
    targets = [
        ("C: first token after es_client_new / second token", first_vs_second("c"), first_vs_second("c", "cpu_"), 5.0, "≤ 5×"),
        ("Node native, new process (require + client + first token) / official @engagespot/node",
         ratios["node_native"], ratios["cpu_node_native"], 0.25, "≤ 0.25×"),
        ("PHP CLI, FFI (autoload + client + first token) / official SDK's way", ratios["php_ffi"], ratios["cpu_php_ffi"], 1.0, "≤ 1×"),
        ("PHP CLI, ext-openssl fallback / official SDK's way (no target; for comparison)",
         ratios["php_openssl"], ratios["cpu_php_openssl"], None, None),
    ]
    for name, wall, cpu, limit, text in targets:
        result = f" (target {text}: {verdict(wall, limit)} / {verdict(cpu, limit)})" if limit else ""
        lines.append(f"- {name}: **{wall:.2f}× / {cpu:.2f}×**{result}")
    if "c_jitter" in by_key:
        lines.append(f"- Before, in the same run (aws-lc with its jitter source): C first / second token "
                     f"{first_vs_second('c_jitter'):.0f}× / {first_vs_second('c_jitter', 'cpu_'):.0f}×; Node native "
                     f"{ratios['node_native_jitter']:.2f}× / {ratios['cpu_node_native_jitter']:.2f}× the official SDK; PHP CLI FFI "
                     f"{ratios['php_ffi_jitter']:.2f}× / {ratios['cpu_php_ffi_jitter']:.2f}× the official way; Ruby "
                     f"{ratios['ruby_jitter']:.2f}× / {ratios['cpu_ruby_jitter']:.2f}× ruby-jwt"
                     + (f"; php-fpm FFI first request {ratios['fpm_ffi_jitter']:.2f}× / {ratios['cpu_fpm_ffi_jitter']:.2f}× the official way."
                        if "fpm_ffi_jitter" in ratios else "."))
    if steady:
        ratios_s, ours, theirs = steady
        lines.append(f"- Steady state, C ABI tokens/s on one thread (benches/c/bench_capi.c, 1 s each, ABBA groups): "
                     f"{ours:,.0f} without the jitter source, {theirs:,.0f} with it: **{median(ratios_s):.3f}×** (median of "
                     f"{len(ratios_s)} groups: {', '.join('%.3f' % r for r in ratios_s)}; target: no regression, ≥ 0.97×: "
                     f"{'met' if median(ratios_s) >= 0.97 else 'MISSED'})")
    lines.append("<!-- coldstart:end -->")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--jitter-build", help="a directory with libengagespot_token.so and engagespot_token.node "
                        "built with AWS_LC_SYS_NO_JITTER_ENTROPY=0, for before/after rows")
    parser.add_argument("--no-fpm", action="store_true", help="leave out the php-fpm rows")
    parser.add_argument("--steady-bench", help="benches/c/bench_capi.c built without an rpath: with --jitter-build, "
                        "also compare steady-state tokens/s of the two libraries")
    parser.add_argument("--steady-groups", type=int, default=4)
    parser.add_argument("--write", help="replace the cold-start section of this markdown file")
    parser.add_argument("--command", default="scripts/bench-cold-start")
    args = parser.parse_args()

    if args.jitter_build:
        args.jitter_build = str(Path(args.jitter_build).resolve())
    process_rows = rows(args.jitter_build)
    fpm = None if args.no_fpm else Fpm(args.jitter_build)
    load_before = os.getloadavg()
    try:
        if fpm:
            fpm.start()
        for round_no in range(args.runs):
            order = process_rows if round_no % 2 == 0 else process_rows[::-1]
            for row in order:
                row.run()
            if fpm:
                pools = list(fpm.pools)
                fpm.round(pools if round_no % 2 == 0 else pools[::-1])
            print(f"cold-start: round {round_no + 1} of {args.runs} done", file=sys.stderr)
    finally:
        if fpm:
            fpm.stop()
    steady = None
    if args.steady_bench and args.jitter_build:
        print("cold-start: steady state, this build against the jitter build", file=sys.stderr)
        steady = steady_state(args.steady_bench, args.jitter_build, args.steady_groups)
    load_after = os.getloadavg()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.machine())
    conditions = (f"{time.strftime('%Y-%m-%d')}, {cpu}, {os.cpu_count()} cores, Linux {platform.release()}; load average "
                  f"(1/5/15 min) {' '.join('%.2f' % v for v in load_before)} before, {' '.join('%.2f' % v for v in load_after)} after")
    text = report(process_rows, fpm, args.runs, args.command, conditions, steady)
    print(HEADING + "\n\n" + text)
    if args.write:
        doc = Path(args.write)
        old = doc.read_text()
        # The heading stays outside the markers: scripts/bench-wasm's report replaces its own section up to
        # the next "## " heading, which must be this one, not a marker it would take with it.
        if "<!-- coldstart:begin -->" in old:
            new = re.sub(r"<!-- coldstart:begin -->.*?<!-- coldstart:end -->", lambda _: text, old, flags=re.S)
        else:
            new = old.rstrip("\n") + "\n\n" + HEADING + "\n\n" + text + "\n"
        doc.write_text(new)


if __name__ == "__main__":
    main()
