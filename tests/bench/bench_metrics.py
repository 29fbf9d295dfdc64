"""scripts/bench's --metrics rows: one scrape of a 10k-key and of a 100k-key
map (bpfsh --metrics, the map filled by loadgen's getpgid keys), timed from
the HTTP request to the last byte of the answer, the median of a few. Only
bpfsh exports metrics; the other tools' cells say so.
"""
import re
import subprocess
import time
import urllib.request

from bench_runs import BIG_MAPS, NA_FAILED, Row, env_with, interrupt, loadgen, median

SCRIPT = "tracepoint:syscalls:sys_enter_getpgid { @[args->pid] = count(); }"
SERVING = re.compile(rb"Serving metrics on http://127\.0\.0\.1:(\d+)/metrics")


def serving_port(p, timeout=60):
    deadline = time.monotonic() + timeout
    seen = b""
    while time.monotonic() < deadline:
        line = p.stderr.readline()
        if not line:
            return None
        seen += line
        if line.startswith(b"Attached"):
            m = SERVING.search(seen)
            return int(m.group(1)) if m else None
    return None


def one_size(ctx, keys):
    p = subprocess.Popen([ctx.bpfsh, "--metrics", "127.0.0.1:0", "--metrics-only", "-e", SCRIPT],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env_with(BIG_MAPS))
    try:
        port = serving_port(p)
        if port is None:
            return NA_FAILED, ""
        loadgen(ctx, "keys", keys)
        times, series = [], 0
        for _ in range(max(3, ctx.reps)):
            t0 = time.perf_counter()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as r:
                body = r.read()
            times.append((time.perf_counter() - t0) * 1e3)
            series = body.count(b"\nbpfsh_map_total{")
        return median(times), f"{series} series"
    finally:
        interrupt(p)


def scrape(ctx):
    rows = []
    for keys in (1000, 10000) if ctx.quick else (10000, 100000):
        value, note = one_size(ctx, keys)
        rows.append(Row("--metrics scrape", f"{keys // 1000}k-key map, one GET /metrics", "ms",
                        {"bpfsh": value, "bpftrace": "n/a (no metrics)", "ref": "n/a"},
                        goal_abs=200 if keys >= 100000 else None, note=note))
    return rows
