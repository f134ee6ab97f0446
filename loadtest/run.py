#!/usr/bin/env python3
"""scripts/loadtest's driver: token endpoints under real load.

Starts nginx + php-fpm (our PHP binding with the README's preload recipe, and the
official PHP way) and Node `http` clusters (our addon, and @engagespot/node from
npm), all on 127.0.0.1 or unix sockets in a private temporary directory; drives
them with wrk; checks sampled tokens with the openssl CLI; kills workers, soaks,
and rotates the signing key under load. Every check is counted, the closing
line is `loadtest: N passed, M failed`, and the exit status is 1 if any failed.
Speed is reported, never asserted. Everything it starts is stopped on exit.

  loadtest/run.py [--short] [--pidfile FILE]
"""

import argparse
import base64
import http.client
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import chart  # noqa: E402  (loadtest/chart.py)
import report  # noqa: E402  (loadtest/report.py)

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "loadtest-api-key"
API_SECRET = "loadtest-api-secret"
POOL_USER = "www-data"
PORT_RANGE = range(38140, 38240)
RSS_GROWTH_LIMIT_KIB = 2048

# Phase lengths in seconds for --short and the full run.
PROFILE = {
    "short": dict(matrix=2, speed=1, soak=20, soak_baseline=5, soak_every=1, fault=6, rotate=8),
    "full": dict(matrix=10, speed=5, soak=600, soak_baseline=60, soak_every=5, fault=15, rotate=20),
}
CONNECTIONS = (1, 8, 64)


class Checks:
    """Counts real outcomes; the closing line is computed from these counters."""

    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            self.failures.append(name)
        print(f"  {'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)
        return ok


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def free_ports(count):
    """Ports in an unusual range that nothing listens on now."""
    ports = []
    for port in PORT_RANGE:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    raise SystemExit(f"loadtest: no {count} free ports in {PORT_RANGE.start}-{PORT_RANGE.stop - 1}")


def children(pid):
    """(pid, cmdline) of the live, non-zombie children of pid."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[1]) != pid or fields[0] == "Z":
                continue
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, ValueError):
            continue
        found.append((int(entry), cmdline))
    return sorted(found)


def rss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pids):
    """CPU time the threads of these processes have run so far (Node signs async tokens on libuv's pool
    threads): the scheduler's exact run time from /proc/PID/task/TID/schedstat (ns), not utime + stime,
    which are sampled at the timer tick and too coarse for requests of a few 100 µs."""
    total = 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pass
    return total / 1e9


def tcp_connections(pid, port):
    """Established TCP connections to 127.0.0.1:port that the process holds (its socket fds in /proc/net/tcp)."""
    inodes = set()
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        return 0
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[3] == "01" and int(fields[1].split(":")[1], 16) == port and fields[9] in inodes:
            count += 1
    return count


def wait_for(what, predicate, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise RuntimeError(f"timed out after {timeout}s waiting for {what}")


class Sampler(threading.Thread):
    """One extra client: GET path?user=<fresh id> on a new connection every `interval` s,
    recording the user, when the request was sent and the answer. Bounded by count and time."""

    def __init__(self, port, path, interval, seconds, max_count=2000):
        super().__init__(daemon=True)
        self.port, self.path, self.interval = port, path, interval
        self.deadline = time.monotonic() + seconds
        self.max_count = max_count
        self.stop_event = threading.Event()
        self.samples = []

    def run(self):
        seq = 0
        while seq < self.max_count and time.monotonic() < self.deadline and not self.stop_event.is_set():
            seq += 1
            user = f"s{seq}-{secrets.token_hex(4)}@example.com"
            sample = {"user": user, "sent": time.time(), "done": None, "status": None, "body": b""}
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("GET", f"{self.path}?user={urllib.parse.quote(user, safe='')}")
                answer = conn.getresponse()
                sample["status"], sample["body"] = answer.status, answer.read()
                conn.close()
            except (OSError, http.client.HTTPException) as error:  # counted: status is not 200
                sample["status"] = f"error: {error!r}"
            sample["done"] = time.time()
            self.samples.append(sample)
            self.stop_event.wait(self.interval)

    def finish(self):
        self.stop_event.set()
        self.join(timeout=15)
        return self.samples


def sample_now(port, path, count):
    """`count` requests one after the other, in this thread."""
    sampler = Sampler(port, path, 0, 30, max_count=count)
    sampler.run()
    return sampler.samples


class LoadTest:
    def __init__(self, args):
        self.t = PROFILE["short" if args.short else "full"]
        self.pidfile = Path(args.pidfile) if args.pidfile else None
        self.checks = Checks()
        self.procs = []
        self.results = {"mode": "short" if args.short else "full", "runs": {}}
        self.tmp = Path(tempfile.mkdtemp(prefix="engagespot-loadtest-"))
        self.tmp.chmod(0o755)  # the pool user and nginx's workers traverse it
        self.www = pwd.getpwnam(POOL_USER)
        self.nginx_port, self.node_ours_port, self.node_official_port = free_ports(3)

    # ---- processes -------------------------------------------------------------------------------

    def start(self, name, argv, env=None):
        out = open(self.tmp / f"{name}.out", "wb")
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=env, cwd=ROOT)
        self.procs.append((name, proc))
        if self.pidfile:
            with self.pidfile.open("a") as f:
                f.write(f"{proc.pid}\n")
        return proc

    def stop_all(self):
        for name, proc in reversed(self.procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=10)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    pass
            # Leftover workers share the group we created for this server.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            if proc.poll() is None:
                proc.wait(timeout=10)
        self.procs = []
        if self.pidfile:
            self.pidfile.write_text("")  # all stopped: nothing left for scripts/loadtest's backstop

    def tail(self, name):
        path = self.tmp / f"{name}.out"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    # ---- keys ------------------------------------------------------------------------------------

    def install_key(self, name, source=None):
        """A private key readable by the pool user (group www-data, 0640), and its public key."""
        key, pub = self.tmp / f"{name}.pem", self.tmp / f"{name}.pub.pem"
        if source:
            shutil.copyfile(source, key)
        else:
            subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(key)],
                           check=True, capture_output=True, timeout=60)
        os.chown(key, 0, self.www.pw_gid)
        key.chmod(0o640)
        subprocess.run(["openssl", "pkey", "-in", str(key), "-pubout", "-out", str(pub)], check=True, capture_output=True, timeout=30)
        return key, pub

    # ---- servers ---------------------------------------------------------------------------------

    def write_fpm_conf(self, key_file):
        pools = []
        for pool in ("ours", "official"):
            pools.append(f"""
[{pool}]
user = {POOL_USER}
group = {POOL_USER}
listen = {self.tmp}/{pool}.sock
listen.owner = {POOL_USER}
listen.group = {POOL_USER}
listen.mode = 0660
listen.backlog = 1024
pm = static
pm.max_children = 2
request_terminate_timeout = 30s
catch_workers_output = yes
env[LOADTEST_API_KEY] = {API_KEY}
env[LOADTEST_API_SECRET] = {API_SECRET}
env[LOADTEST_KEY_FILE] = {key_file}
; the native library, as preloaded: never the openssl fallback unannounced in a measurement
env[ENGAGESPOT_TOKEN_BACKEND] = ffi
""")
        # process_control_timeout: on reload (USR2) the master lets busy workers finish their request.
        (self.tmp / "php-fpm.conf").write_text(f"""[global]
pid = {self.tmp}/php-fpm.pid
error_log = {self.tmp}/php-fpm.log
process_control_timeout = 20s
{''.join(pools)}""")

    def start_php(self):
        header = self.tmp / "engagespot_token.h"
        subprocess.run(["php", str(ROOT / "bindings/php/bin/engagespot-token-preload-header"), str(header)],
                       check=True, capture_output=True, timeout=60)
        self.write_fpm_conf(self.key1)
        self.fpm = self.start("php-fpm", [
            "php-fpm8.2", "-F", "-y", str(self.tmp / "php-fpm.conf"),
            # The README's php-fpm recipe, as -d settings instead of a conf.d file.
            "-d", "ffi.enable=preload", "-d", f"ffi.preload={header}",
            "-d", "opcache.enable=1", "-d", f"opcache.preload={ROOT}/bindings/php/preload.php",
            "-d", f"opcache.preload_user={POOL_USER}",
        ])
        try:
            wait_for("php-fpm's pools", lambda: len(self.pool("ours")) == 2 and len(self.pool("official")) == 2, 30)
        except RuntimeError:
            log_file = self.tmp / "php-fpm.log"
            raise RuntimeError(f"php-fpm did not start:\n{self.tail('php-fpm')}"
                               f"{log_file.read_text()[-2000:] if log_file.exists() else ''}") from None
        scripts = ROOT / "loadtest" / "php"
        locations = "".join(f"""
    location = {path} {{
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME {scripts}/{script};
      fastcgi_pass unix:{self.tmp}/{pool}.sock;
    }}""" for path, script, pool in (("/constant", "constant.php", "ours"), ("/ours/token", "token_ours.php", "ours"),
                                     ("/official/token", "token_official.php", "official")))
        (self.tmp / "nginx").mkdir()
        (self.tmp / "nginx.conf").write_text(f"""user {POOL_USER};
worker_processes 1;
daemon off;
pid {self.tmp}/nginx.pid;
error_log {self.tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path {self.tmp}/nginx/body;
  fastcgi_temp_path {self.tmp}/nginx/fastcgi;
  proxy_temp_path {self.tmp}/nginx/proxy;
  uwsgi_temp_path {self.tmp}/nginx/uwsgi;
  scgi_temp_path {self.tmp}/nginx/scgi;
  server {{
    listen 127.0.0.1:{self.nginx_port} backlog=1024;{locations}
  }}
}}
""")
        self.nginx = self.start("nginx", ["nginx", "-p", f"{self.tmp}/nginx/", "-c", str(self.tmp / "nginx.conf"),
                             "-e", str(self.tmp / "nginx-error.log")])
        self.wait_http(self.nginx_port, "/constant", "nginx")

    def pool(self, name):
        return [pid for pid, cmd in children(self.fpm.pid) if cmd.startswith(f"php-fpm: pool {name}")]

    def start_node(self, stack, port):
        config = self.tmp / f"node-{stack}.keyfile"
        config.write_text(f"{self.key1}\n")
        env = dict(os.environ, LOADTEST_API_KEY=API_KEY, LOADTEST_API_SECRET=API_SECRET)
        proc = self.start(f"node-{stack}", ["node", str(ROOT / "loadtest/node/server.js"), stack, str(port), str(config), "2"], env)
        self.wait_http(port, "/constant", f"node {stack}")
        wait_for(f"node {stack}'s 2 workers", lambda: len(children(proc.pid)) == 2, 30)
        return proc

    def wait_http(self, port, path, name):
        def answers():
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", f"{path}?user=ready")
                status = conn.getresponse().status
                conn.close()
                return status == 200
            except OSError:
                return False
        try:
            wait_for(name, answers, 30, step=0.2)
        except RuntimeError:
            raise RuntimeError(f"{name} did not answer on 127.0.0.1:{port}:\n{self.tail(name.split()[0])}")

    # ---- load ------------------------------------------------------------------------------------

    def wrk(self, port, path, connections, seconds):
        """Starts wrk; returns the process (finish with wrk_result)."""
        argv = ["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
                "-s", str(ROOT / "loadtest/wrk.lua"), f"http://127.0.0.1:{port}{path}"]
        return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def wrk_result(self, proc, seconds):
        out, _ = proc.communicate(timeout=seconds + 60)
        line = next((l for l in out.splitlines() if l.startswith("LOADTEST ")), None)
        if line is None:
            raise RuntimeError(f"wrk printed no summary:\n{out}")
        r = json.loads(line[len("LOADTEST "):])
        r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
        r["failed"] = r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"] + r["non200"] + r["bad_body"]
        return r

    @staticmethod
    def failure_kinds(r):
        return (f"connect/read/write/timeout {r['connect_errors']}/{r['read_errors']}/{r['write_errors']}/{r['timeouts']}, "
                f"non-200 {r['non200']}, bad body {r['bad_body']}")

    def verify(self, message, signature, pub):
        """True if the openssl CLI verifies this RS256 signature (base64url) of message (bytes) with the public key."""
        signed, sig = self.tmp / "verify.in", self.tmp / "verify.sig"
        signed.write_bytes(message)
        sig.write_bytes(b64url_decode(signature))
        done = subprocess.run(["openssl", "dgst", "-sha256", "-verify", str(pub), "-signature", str(sig), str(signed)],
                              capture_output=True, timeout=30)
        return done.returncode == 0 and b"Verified OK" in done.stdout

    def verify_token(self, token, pub):
        head, payload, signature = token.split(".")
        return self.verify(f"{head}.{payload}".encode(), signature, pub)

    def token_of(self, sample):
        """(token, problem) from a sample: status 200, {"token": ...}, RS256 header, sub == user:<requested>."""
        if sample["status"] != 200:
            return None, f"status {sample['status']}"
        try:
            token = json.loads(sample["body"])["token"]
            head, payload, _ = token.split(".")
            header, claims = json.loads(b64url_decode(head)), json.loads(b64url_decode(payload))
        except (ValueError, KeyError, TypeError):
            return None, f"not a token answer: {sample['body'][:80]!r}"
        if header.get("alg") != "RS256":
            return None, f"header {header}"
        if claims.get("sub") != f"user:{sample['user']}":
            return None, f"sub {claims.get('sub')!r} for user {sample['user']!r}"
        return token, None

    def check_samples(self, name, samples, pub, limit, kind="token"):
        """Every sample answered 200; up to `limit` of them, spread over the run, verify with openssl.
        kind: "token", "constant" (the ceiling's fixed answer) or "signature" (a bare signature over the user)."""
        bad_status = [s for s in samples if s["status"] != 200]
        self.checks.check(f"{name}: every sampled request answered 200", samples and not bad_status,
                          f"{len(samples)} samples, {len(bad_status)} not 200" + (f" ({bad_status[0]['status']})" if bad_status else ""))
        if kind == "constant":
            bad = [s for s in samples if s["status"] == 200 and json.loads(s["body"]) != {"token": "constant"}]
            self.checks.check(f"{name}: constant answer", samples and not bad, f"{len(samples)} answers")
            return
        picked = samples[:: max(1, len(samples) // limit)][:limit]
        problems = []
        for sample in picked:
            if kind == "signature":  # the reference endpoint's answer: a bare signature over the user
                ok = sample["status"] == 200 and self.verify(sample["user"].encode(), json.loads(sample["body"])["token"], pub)
                problem = None if ok else "openssl does not verify the signature"
            else:
                token, problem = self.token_of(sample)
                if problem is None and not self.verify_token(token, pub):
                    problem = "openssl does not verify the signature"
            if problem:
                problems.append(problem)
        self.checks.check(f"{name}: sampled {'signatures' if kind == 'signature' else 'tokens'} verify with openssl"
                          f"{'' if kind == 'signature' else ' and carry the requested sub'}",
                          picked and not problems, f"{len(picked) - len(problems)} of {len(picked)} verified" +
                          (f"; first problem: {problems[0]}" if problems else ""))

    def openssl_speed(self):
        """RSA 2048 sign/s: {"elapsed": per wall-clock second, "cpu": per CPU second (openssl's default)}."""
        secs, rates = self.t["speed"], {}
        for mode, extra in (("elapsed", ["-elapsed"]), ("cpu", [])):
            out = subprocess.run(["openssl", "speed", *extra, "-seconds", str(secs), "rsa2048"], capture_output=True,
                                 text=True, timeout=secs * 4 + 60).stdout
            line = next(l for l in out.splitlines() if l.startswith("rsa 2048 bits"))
            rates[mode] = float(line.split()[5])
        return rates

    # ---- phases ----------------------------------------------------------------------------------

    def endpoints(self):
        """(key, label, port, path, worker pids, the stack's pids for CPU time, answer kind for check_samples)"""
        node = lambda proc: (lambda: [pid for pid, _ in children(proc.pid)])  # noqa: E731
        node_all = lambda proc: (lambda: [proc.pid] + [pid for pid, _ in children(proc.pid)])  # noqa: E731
        php_all = lambda pool: (lambda: self.pool(pool) + [self.nginx.pid] + [pid for pid, _ in children(self.nginx.pid)])  # noqa: E731
        return [
            ("php_constant", "php-fpm: constant (ceiling)", self.nginx_port, "/constant", lambda: self.pool("ours"),
             php_all("ours"), "constant"),
            ("php_ours", "php-fpm: engagespot-token, new client per request", self.nginx_port, "/ours/token",
             lambda: self.pool("ours"), php_all("ours"), "token"),
            ("php_official", "php-fpm: official way (openssl_sign, PEM each call)", self.nginx_port, "/official/token",
             lambda: self.pool("official"), php_all("official"), "token"),
            ("node_constant", "Node cluster: constant (ceiling)", self.node_ours_port, "/constant", node(self.node_ours),
             node_all(self.node_ours), "constant"),
            ("node_sync", "Node cluster: engagespot-token, sync", self.node_ours_port, "/token", node(self.node_ours),
             node_all(self.node_ours), "token"),
            ("node_async", "Node cluster: engagespot-token, async", self.node_ours_port, "/token-async",
             node(self.node_ours), node_all(self.node_ours), "token"),
            ("node_signature", "Node cluster: one bare RSA signature, key held (reference)", self.node_ours_port,
             "/signature", node(self.node_ours), node_all(self.node_ours), "signature"),
            ("node_official_constant", "Node cluster: constant, official SDK's server (ceiling)", self.node_official_port,
             "/constant", node(self.node_official), node_all(self.node_official), "constant"),
            ("node_official", "Node cluster: @engagespot/node 1.7.0", self.node_official_port, "/token",
             node(self.node_official), node_all(self.node_official), "token"),
        ]

    def matrix(self):
        secs = self.t["matrix"]
        for key, label, port, path, workers, stack, kind in self.endpoints():
            log(f"{label}: wrk at {', '.join(map(str, CONNECTIONS))} connections, {secs} s each")
            rss_start = {pid: rss_kib(pid) for pid in workers()}
            runs = {}
            for conns in CONNECTIONS:
                # At 1 connection the sampler runs after wrk, so the figure used in the ratio is wrk's alone.
                sampler = Sampler(port, path, 0.1, secs + 5) if conns > 1 else None
                if sampler:
                    sampler.start()
                cpu_before = cpu_seconds(stack())
                r = self.wrk_result(self.wrk(port, path, conns, secs), secs)
                r["cpu_ms_per_request"] = (cpu_seconds(stack()) - cpu_before) * 1000 / max(1, r["requests"])
                if sampler:
                    samples = sampler.finish()
                else:
                    samples = sample_now(port, path, 10)
                runs[conns] = r
                print(f"    {conns:>2} conns: {r['rps']:8,.0f} req/s  p50 {r['p50_us'] / 1000:6.2f} ms  "
                      f"p99 {r['p99_us'] / 1000:6.2f} ms  {r['requests']} requests, {r['failed']} failed, "
                      f"server CPU {r['cpu_ms_per_request']:.3f} ms/request", flush=True)
                self.checks.check(f"{key} @{conns}: no errors or non-200 answers under load", r["failed"] == 0 and r["requests"] > 0,
                                  f"{r['requests']} requests; {self.failure_kinds(r)}")
                self.check_samples(f"{key} @{conns}", samples, self.pub1, 8, kind)
            rss_end = {pid: rss_kib(pid) for pid in workers()}
            self.results["runs"][key] = {"label": label, "by_connections": {str(c): v for c, v in runs.items()},
                                         "rss_start_kib": rss_start, "rss_end_kib": rss_end}

    def soak(self):
        secs, baseline_at, every = self.t["soak"], self.t["soak_baseline"], self.t["soak_every"]
        log(f"soak: php-fpm engagespot-token endpoint, 8 connections, {secs} s; RSS baseline at {baseline_at} s")
        pids = self.pool("ours")
        sampler = Sampler(self.nginx_port, "/ours/token", max(0.2, secs / 200), secs + 5)
        sampler.start()
        started = time.monotonic()
        proc = self.wrk(self.nginx_port, "/ours/token", 8, secs)
        series = []  # (seconds, {pid: rss})
        while proc.poll() is None and time.monotonic() - started < secs + 60:
            series.append((round(time.monotonic() - started, 1), {pid: rss_kib(pid) for pid in pids}))
            time.sleep(every)
        r = self.wrk_result(proc, secs)
        samples = sampler.finish()
        base = next((rss for at, rss in series if at >= baseline_at), series[0][1])
        after = [rss for at, rss in series if at >= baseline_at]
        growth = {pid: max(s[pid] for s in after) - base[pid] for pid in pids}
        worst = max(growth.values())
        print(f"    {r['rps']:,.0f} req/s, p99 {r['p99_us'] / 1000:.2f} ms, {r['requests']} requests, {r['failed']} failed; "
              f"worker RSS {', '.join(f'{base[p]}→{series[-1][1][p]} KiB' for p in pids)}", flush=True)
        self.checks.check("soak: no errors or non-200 answers", r["failed"] == 0 and r["requests"] > 0,
                          f"{r['requests']} requests, {r['failed']} failed")
        self.checks.check("soak: the same workers served throughout (none died)", sorted(self.pool("ours")) == sorted(pids),
                          f"workers {pids}")
        self.checks.check(f"soak: worker RSS growth after {baseline_at} s under {RSS_GROWTH_LIMIT_KIB} KiB", worst < RSS_GROWTH_LIMIT_KIB,
                          f"largest growth {worst} KiB")
        self.check_samples("soak", samples, self.pub1, 20)
        self.results["soak"] = {"seconds": secs, "baseline_at": baseline_at, "wrk": r, "rss_series": series,
                                "growth_kib": growth}

    def kill_worker(self, name, port, path, workers, bound_text, bound=None):
        """kill -9 one worker mid-load. bound: the most requests that may fail; None means the client connections
        the worker held at the kill (its requests in flight: wrk sends one request at a time per connection)."""
        secs = self.t["fault"]
        log(f"fault: kill -9 one {name} worker under 8 connections")
        proc = self.wrk(port, path, 8, secs)
        time.sleep(secs / 2)
        before = workers()
        victim = before[0]
        held = tcp_connections(victim, port)
        os.kill(victim, signal.SIGKILL)
        held_text = f", which held {held} client connections" if bound is None else ""
        bound = held if bound is None else bound
        try:
            after = wait_for("a replacement worker", lambda: (lambda w: w if len(w) == 2 and victim not in w else None)(workers()), 15)
        except RuntimeError:
            after = workers()
        r = self.wrk_result(proc, secs)
        print(f"    killed {victim}{held_text}; workers {before} → {after}; {r['requests']} "
              f"requests, {r['failed']} failed ({self.failure_kinds(r)})", flush=True)
        self.checks.check(f"fault {name}: the killed worker was replaced", len(after) == 2 and victim not in after,
                          f"workers now {after}")
        self.checks.check(f"fault {name}: failed requests ≤ {bound} ({bound_text})", r["failed"] <= bound,
                          f"{r['failed']} failed of {r['requests']}")
        self.check_samples(f"fault {name}: after the respawn", sample_now(port, path, 10), self.pub1, 10)
        self.results.setdefault("faults", {})[name] = {"failed": r["failed"], "requests": r["requests"], "bound": bound,
                                                       "held_connections": held, "kinds": self.failure_kinds(r),
                                                       "bound_text": bound_text}

    def rotate(self, name, port, path, workers, reload):
        secs = self.t["rotate"]
        log(f"rotation: {name}, new key and graceful reload under 8 connections")
        sampler = Sampler(port, path, 0.03, secs + 5)
        sampler.start()
        proc = self.wrk(port, path, 8, secs)
        time.sleep(secs * 0.3)
        old = set(workers())
        signalled = time.time()
        reload()
        try:
            wait_for("the reload", lambda: (lambda w: len(w) == 2 and not old & set(w))(workers()), 30)
            reloaded = time.time()
        except RuntimeError:
            reloaded = None
        r = self.wrk_result(proc, secs)
        samples = sampler.finish()
        print(f"    reload took {((reloaded or time.time()) - signalled) * 1000:.0f} ms; {r['requests']} requests, "
              f"{r['failed']} failed; {len(samples)} samples", flush=True)
        self.checks.check(f"rotation {name}: the reload replaced every worker", reloaded is not None, f"old workers {sorted(old)}")
        self.checks.check(f"rotation {name}: no request failed during the reload", r["failed"] == 0 and r["requests"] > 0,
                          f"{r['requests']} requests; {self.failure_kinds(r)}")
        bad_status = [s for s in samples if s["status"] != 200]
        self.checks.check(f"rotation {name}: every sampled request answered 200", samples and not bad_status,
                          f"{len(samples)} samples, {len(bad_status)} not 200")
        # "Minted after the reload" = the request was sent after every old worker had exited, so only a
        # new worker (started with the new key) can have served it; "before" = answered before the reload
        # was signalled. A request sent before and answered after may have queued through the reload and
        # been served by a new worker, so it may carry either key and is not classified.
        counts = {"before": [0, 0], "during": [0, 0], "after": [0, 0]}  # [old key, new key]
        problems = []
        for sample in samples:
            token, problem = self.token_of(sample)
            if problem:
                problems.append(problem)
                continue
            when = "before" if sample["done"] < signalled else "after" if reloaded and sample["sent"] > reloaded else "during"
            if when == "during":
                continue  # either key is right here; not verified, to keep the run short
            by_old, by_new = self.verify_token(token, self.pub1), self.verify_token(token, self.pub2)
            counts[when][0] += by_old
            counts[when][1] += by_new
            expected = (True, False) if when == "before" else (False, True)
            if (by_old, by_new) != expected:
                problems.append(f"a token sent {when} the reload verifies with old={by_old} new={by_new}")
        after_total = counts["after"][1]
        print(f"    tokens verified with old/new key: before {counts['before']}, after {counts['after']}", flush=True)
        self.checks.check(f"rotation {name}: tokens sent before the reload verify with the old key only, and every token "
                          "sent after it with the new key only", not problems and counts["before"][0] > 0 and after_total >= 3,
                          f"{counts['before'][0]} before, {after_total} after" + (f"; first problem: {problems[0]}" if problems else ""))
        self.results.setdefault("rotation", {})[name] = {"reload_ms": ((reloaded or time.time()) - signalled) * 1000,
                                                         "requests": r["requests"], "failed": r["failed"], "counts": counts}

    def reload_php(self):
        self.write_fpm_conf(self.key2)
        os.kill(self.fpm.pid, signal.SIGUSR2)

    def reload_node(self):
        (self.tmp / "node-ours.keyfile").write_text(f"{self.key2}\n")
        os.kill(self.node_ours.pid, signal.SIGHUP)

    # ---- main ------------------------------------------------------------------------------------

    def run(self):
        self.results["uptime_before"] = Path("/proc/loadavg").read_text().split()[:3]
        self.results["date"] = time.strftime("%Y-%m-%d")
        self.results["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                                cwd=ROOT, timeout=30).stdout.strip() or "?"
        self.key1, self.pub1 = self.install_key("key1", ROOT / "examples/demo-key/private.pem")
        self.key2, self.pub2 = self.install_key("key2")  # generated now, before any load
        log(f"starting nginx + php-fpm on 127.0.0.1:{self.nginx_port}, Node clusters on {self.node_ours_port} (ours) "
            f"and {self.node_official_port} (official)")
        self.start_php()
        self.node_ours = self.start_node("ours", self.node_ours_port)
        self.node_official = self.start_node("official", self.node_official_port)

        log("openssl speed rsa2048 (before)")
        speed_before = self.openssl_speed()
        self.matrix()
        log("openssl speed rsa2048 (after)")
        speed_after = self.openssl_speed()
        self.results["openssl_sign_per_s"] = {mode: [speed_before[mode], speed_after[mode]] for mode in speed_before}
        self.report_ratios({mode: (speed_before[mode] + speed_after[mode]) / 2 for mode in speed_before})

        self.soak()
        self.kill_worker("php-fpm", self.nginx_port, "/ours/token", lambda: self.pool("ours"),
                         "a php-fpm worker serves one request at a time", bound=1)
        self.kill_worker("node", self.node_ours_port, "/token", lambda: [p for p, _ in children(self.node_ours.pid)],
                         "the client connections the worker held, each with at most one request in flight")
        self.rotate("php-fpm", self.nginx_port, "/ours/token", lambda: self.pool("ours"), self.reload_php)
        self.rotate("node", self.node_ours_port, "/token", lambda: [p for p, _ in children(self.node_ours.pid)], self.reload_node)
        self.results["uptime_after"] = Path("/proc/loadavg").read_text().split()[:3]

    def report_ratios(self, sign_rate):
        """Reported, never asserted. At 1 connection: (1/token_rps - 1/constant_rps) / (1/openssl_sign_rate), with
        openssl's wall-clock rate; and the same with the stack's CPU time per request and openssl's CPU-time rate."""
        self.results["ratios"], self.results["cpu_ratios"] = {}, {}
        print(f"\n  openssl speed rsa2048: {sign_rate['elapsed']:,.0f} sign/s per wall-clock second, "
              f"{sign_rate['cpu']:,.0f} per CPU second (means of before and after)")
        print("  a token's cost over the stack's constant answer, in bare signatures (1 connection, target ≤ 1.1):")
        for label, token, constant in report.RATIOS:
            t = self.results["runs"][token]["by_connections"]["1"]
            c = self.results["runs"][constant]["by_connections"]["1"]
            ratio = (1 / t["rps"] - 1 / c["rps"]) * sign_rate["elapsed"]
            cpu_ratio = (t["cpu_ms_per_request"] - c["cpu_ms_per_request"]) / 1000 * sign_rate["cpu"]
            self.results["ratios"][token], self.results["cpu_ratios"][token] = ratio, cpu_ratio
            print(f"    {label:32} {t['rps']:8,.0f} req/s vs constant {c['rps']:8,.0f}: {ratio:.2f}× wall clock, "
                  f"{cpu_ratio:.2f}× server CPU", flush=True)
        print(flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="short phases and a 20-second soak; writes nothing into docs/")
    parser.add_argument("--pidfile", help="append the pid (= process group) of every server started here")
    args = parser.parse_args()

    def terminate(signum, _frame):
        raise SystemExit(f"loadtest: stopped by signal {signum}")

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, terminate)

    test = LoadTest(args)
    error = None
    try:
        test.run()
    except (Exception, SystemExit) as exc:  # still count it, stop everything and print the closing line
        error = exc
    finally:
        test.stop_all()
    if error is not None:
        test.checks.check("the run completed", False, f"{type(error).__name__}: {error}")
    test.results["checks"] = {"passed": test.checks.passed, "failed": test.checks.failed}
    out = ROOT / "target" / "loadtest"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(test.results, indent=1, default=str))
    if not args.short and error is None:
        report.write(test.results, ROOT)
        chart.write(test.results, ROOT / "docs" / "loadtest.svg")
        print("wrote docs/BENCHMARKS.md's load test section and docs/loadtest.svg")
    shutil.rmtree(test.tmp, ignore_errors=True)
    for name in test.checks.failures:
        print(f"loadtest: FAILED {name}")
    print(f"loadtest: {test.checks.passed} passed, {test.checks.failed} failed")
    sys.exit(1 if test.checks.failed else 0)


if __name__ == "__main__":
    main()
