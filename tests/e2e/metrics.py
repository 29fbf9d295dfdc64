"""End-to-end checks of --metrics, run by run.py (metrics/*).

metrics/prometheus: Debian's Prometheus server, on loopback ports chosen
free, scrapes `bpfsh --metrics 127.0.0.1:0 --metrics-only` every second
while a child of this test makes writes of known sizes (200 of 10 bytes, 100
of 1000) that the program counts, sums and puts in a hist. After two
scrapes the test asks Prometheus's HTTP API for the series and for
histogram_quantile over the hist, and checks them against those writes.
metrics/misuse: a bad ADDR:PORT and a port in use end bpfsh with status 1
and say why. Every process started here is killed in `finally`.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

PROGRAM = ("tracepoint:syscalls:sys_enter_write /pid == $1/ { @writes[args.count] = count(); "
           "@size = hist(args.count); @bytes = sum(args.count); }")  # sum is signed: a gauge
SERVING = re.compile(r"Serving metrics on http://127\.0\.0\.1:(\d+)/metrics")
# The load: waits for a line on stdin, then writes, then closes its stdout
# to say so (a write would be counted too).
LOAD = ("import os, sys\n"
        "sys.stdin.readline()\n"
        "fd = os.open('/dev/null', os.O_WRONLY)\n"
        "for _ in range(200): os.write(fd, b'x' * 10)\n"
        "for _ in range(100): os.write(fd, b'y' * 1000)\n"
        "os.close(1)\n"
        "sys.stdin.readline()\n")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(p):
    if p and p.poll() is None:
        p.kill()
        p.wait(timeout=10)


def read_until(stream, pattern, deadline):
    """The match of `pattern` in the lines `stream` gives before `deadline`."""
    seen = ""
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        seen += line
        m = pattern.search(line)
        if m:
            return m, seen
    return None, seen


def query(port, expr):
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(url, timeout=5) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise RuntimeError(f"{expr}: {body}")
    return {json.dumps(s["metric"], sort_keys=True): float(s["value"][1]) for s in body["data"]["result"]}


def one(port, expr):
    values = list(query(port, expr).values())
    return values[0] if len(values) == 1 else None


def wait_scrapes(port, n, deadline):
    while time.monotonic() < deadline:
        try:
            if (one(port, 'count_over_time(up{job="bpfsh"}[5m])') or 0) >= n and one(port, 'up{job="bpfsh"}') == 1:
                return True
        except (OSError, RuntimeError):
            pass
        time.sleep(0.5)
    return False


def start_prometheus(tmp: Path, target_port):
    port = free_port()
    config = tmp / "prometheus.yml"
    config.write_text("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                      "scrape_configs:\n  - job_name: bpfsh\n    static_configs:\n"
                      f"      - targets: ['127.0.0.1:{target_port}']\n")
    log = open(tmp / "prometheus.log", "w")
    p = subprocess.Popen(["prometheus", f"--config.file={config}", f"--storage.tsdb.path={tmp / 'data'}",
                          f"--web.listen-address=127.0.0.1:{port}"], stdout=log, stderr=log,
                         stdin=subprocess.DEVNULL)
    return p, port


def checks_against_load(pport):
    want = {'bpfsh_writes_total{key="10"}': 200, 'bpfsh_writes_total{key="1000"}': 100,
            "bpfsh_bytes": 200 * 10 + 100 * 1000, "bpfsh_size_count": 300,
            'bpfsh_size_bucket{le="15"}': 200, 'bpfsh_size_bucket{le="+Inf"}': 300,
            "bpfsh_lost_events_total": 0}
    for expr, value in want.items():
        got = one(pport, expr)
        if got != value:
            return f"{expr}: want {value}, Prometheus has {got}"
    # Half the writes are 10 bytes, bucket [8, 16); the 90th percentile is a
    # 1000-byte write, bucket [512, 1024). Prometheus interpolates inside.
    for q, lo, hi in ((0.5, 8, 15), (0.9, 512, 1023)):
        got = one(pport, f"histogram_quantile({q}, bpfsh_size_bucket)")
        if got is None or not lo <= got <= hi:
            return f"histogram_quantile({q}) = {got}, want it in [{lo}, {hi}]"
    hits = one(pport, 'bpfsh_probe_hits_total{probe="tracepoint:syscalls:sys_enter_write"}')
    if hits is None or hits < 300:
        return f"bpfsh_probe_hits_total: want at least the 300 writes, got {hits}"
    return None


def prometheus(bpfsh):
    if not shutil.which("prometheus"):
        return "prometheus is not installed (scripts/setup installs it)"
    load = bpfsh_p = prom = None
    deadline = time.monotonic() + 60
    with tempfile.TemporaryDirectory(prefix="bpfsh-metrics-") as t:
        try:
            load = subprocess.Popen([sys.executable, "-c", LOAD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    text=True)
            bpfsh_p = subprocess.Popen([bpfsh, "--metrics", "127.0.0.1:0", "--metrics-only", "-e", PROGRAM,
                                        str(load.pid)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       stdin=subprocess.DEVNULL, text=True)
            m, seen = read_until(bpfsh_p.stderr, SERVING, deadline)
            if not m:
                return f"no 'Serving metrics on' line: {seen}"
            port = int(m.group(1))
            attached, seen = read_until(bpfsh_p.stderr, re.compile(r"^Attached"), deadline)
            if not attached:
                return f"bpfsh did not attach: {seen}"
            load.stdin.write("go\n")
            load.stdin.flush()
            if load.stdout.read() != "" or load.poll() not in (None, 0):
                return "the load did not run"
            prom, pport = start_prometheus(Path(t), port)
            if not wait_scrapes(pport, 2, deadline):
                return "Prometheus did not scrape bpfsh twice: " + (Path(t) / "prometheus.log").read_text()[-2000:]
            err = checks_against_load(pport)
            if err:
                return err
            bpfsh_p.send_signal(signal.SIGINT)
            out, _ = bpfsh_p.communicate(timeout=10)
            if bpfsh_p.returncode != 0 or out:
                return f"--metrics-only: want status 0 and nothing on stdout, got {bpfsh_p.returncode}: {out!r}"
            return None
        finally:
            for p in (prom, bpfsh_p, load):
                stop(p)


def misuse(bpfsh):
    for arg, want in (("localhost", "expected ADDR:PORT"), ("127.0.0.1:99999", "expected ADDR:PORT"),
                      ("1.2.3:80", "expected ADDR:PORT")):
        p = subprocess.run([bpfsh, "--metrics", arg, "-e", "BEGIN { exit(); }"], capture_output=True, text=True,
                           timeout=30)
        if p.returncode != 1 or want not in p.stderr:
            return f"--metrics {arg}: want status 1 and '{want}', got {p.returncode}: {p.stderr}"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        p = subprocess.run([bpfsh, "--metrics", f"127.0.0.1:{port}", "-e", "BEGIN { exit(); }"],
                           capture_output=True, text=True, timeout=30)
    want = f"ERROR: --metrics 127.0.0.1:{port}: failed to listen: Address already in use"
    if p.returncode != 1 or want not in p.stderr or p.stdout:
        return f"a port in use: want status 1 and '{want}', got {p.returncode}: {p.stderr}{p.stdout}"
    return None


def metrics_checks(bpfsh):
    return [("metrics/prometheus", prometheus(bpfsh)), ("metrics/misuse", misuse(bpfsh))]
