"""scripts/bench's event-stream sections: printf throughput on a hot
tracepoint, and a soak run of a per-second print-and-clear under load.
bpfsh and bpftrace run in the same session, so the numbers share the
machine's state; the reference C program prints no printf stream, so its
column is n/a."""
import os
import re
import signal
import subprocess
import time

import bench_runs as runs
from bench_runs import NA_FAILED, NA_UNSUPPORTED, Row

LOST = re.compile(rb"Lost (\d+) events")


def lost_total(stderr: bytes) -> int:
    # The per-occurrence lines only: a total at exit would count twice.
    return sum(int(n) for n in LOST.findall(stderr))


def stream_once(ctx, tool, script, n):
    """One run: (events delivered per second, delivered, lost) or None."""
    out_path = ctx.work / f"stream-{tool}.out"
    err_path = ctx.work / f"stream-{tool}.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        exe = ctx.bpfsh if tool == "bpfsh" else ctx.bpftrace
        p = subprocess.Popen([exe, "-e", script], stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        deadline = time.monotonic() + 60
        while b"ready" not in out_path.read_bytes()[:4096] and time.monotonic() < deadline:
            time.sleep(0.02)
        t0 = time.perf_counter()
        runs.loadgen(ctx, "syscall", n)
        # Delivery ends when the output stops growing: a tool that lags
        # behind the load is still printing after the load is done.
        size, t_last = -1, time.perf_counter()
        while time.perf_counter() - t_last < 0.5:
            now = out_path.stat().st_size
            if now != size:
                size, t_last = now, time.perf_counter()
            time.sleep(0.05)
        took = t_last - t0
        if not runs.interrupt(p):
            return None
    if p.returncode != 0:
        return None
    delivered = out_path.read_bytes().count(b" ev\n")
    lost = lost_total(err_path.read_bytes())
    out_path.unlink()
    return delivered / took, delivered, lost


def printf_stream(ctx):
    n = 200000 if ctx.quick else 2000000
    script = (runs.READY + 'tracepoint:syscalls:sys_enter_getpgid { printf("%d %s %llu ev\\n", tid, comm, nsecs); }')
    rate = {t: [] for t in runs.TOOLS}
    got = {t: [] for t in runs.TOOLS}
    lost = {t: [] for t in runs.TOOLS}
    status = {t: "ok" for t in runs.TOOLS}
    status["ref"] = "n/a"
    for tool in ("bpfsh", "bpftrace"):
        if not runs.compiles(ctx, tool, script):
            status[tool] = NA_UNSUPPORTED
    for _ in range(max(1, min(ctx.reps, 3))):
        for tool in runs.shuffled(ctx, ("bpfsh", "bpftrace")):
            if status[tool] != "ok":
                continue
            time.sleep(runs.SETTLE_S)
            r = stream_once(ctx, tool, script, n)
            if r is None:
                continue
            rate[tool].append(r[0] / 1e3)
            got[tool].append(r[1])
            lost[tool].append(r[2])

    def column(xs, t):
        return runs.median(xs[t]) if status[t] == "ok" and xs[t] else (status[t] if status[t] != "ok" else NA_FAILED)

    section = f"printf stream: tid, comm, nsecs on a hot tracepoint ({n // 1000}k events)"
    unseen = {}
    for t in runs.TOOLS:
        d, l = column(got, t), column(lost, t)
        unseen[t] = (n - d - l) if isinstance(d, (int, float)) and isinstance(l, (int, float)) else "n/a"
    return [
        Row(section, "events delivered per second", "k/s", {t: column(rate, t) for t in runs.TOOLS},
            note="higher is better; the bpfsh/bpftrace ratio is a speed-up here"),
        Row(section, "events printed", "", {t: column(got, t) for t in runs.TOOLS}),
        Row(section, "events reported lost", "", {t: column(lost, t) for t in runs.TOOLS}),
        Row(section, "events neither printed nor reported lost", "", unseen,
            note="should be 0: a loss nobody reported is a wrong answer that looks right"),
    ]


def rss_kib(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def soak(ctx):
    seconds = 10 if ctx.quick else 180
    script = "tracepoint:raw_syscalls:sys_enter { @[tid, comm] = count(); } interval:s:1 { print(@); clear(@); }"
    tools = [t for t in ("bpfsh", "bpftrace") if runs.compiles(ctx, t, script)]
    # Both tracers at once under one load: the same minutes for both.
    procs, outs = {}, {}
    for t in tools:
        outs[t] = open(ctx.work / f"soak-{t}.out", "wb")
        exe = ctx.bpfsh if t == "bpfsh" else ctx.bpftrace
        # JSON: one line per print(@), in every version of both tools.
        procs[t] = subprocess.Popen([exe, "-f", "json", "-e", script], stdin=subprocess.DEVNULL, stdout=outs[t],
                                    stderr=subprocess.DEVNULL)
    started = time.monotonic()
    load = subprocess.Popen(["sh", "-c", f"while :; do {ctx.loadgen} syscall 200000 >/dev/null; /bin/true; done"])
    samples = {t: [] for t in tools}
    t_end = time.monotonic() + seconds
    time.sleep(min(5, seconds / 2))  # past start-up: the first sample is the steady state's start
    while time.monotonic() < t_end:
        for t in tools:
            kib = rss_kib(procs[t].pid)
            if kib:
                samples[t].append(kib / 1024)
        time.sleep(1)
    load.kill()
    load.wait()
    ran = time.monotonic() - started
    intervals = {}
    for t in tools:
        procs[t].send_signal(signal.SIGINT)
        try:
            procs[t].wait(timeout=60)
        except subprocess.TimeoutExpired:
            procs[t].kill()
            procs[t].wait()
        outs[t].close()
        text = (ctx.work / f"soak-{t}.out").read_bytes()
        intervals[t] = len(re.findall(rb'^\{"type": ?"map"', text, re.M))
    section = f"soak: per-second print and clear under load ({seconds} s)"

    def col(f):
        return {t: (f(t) if t in tools and samples[t] else NA_UNSUPPORTED if t not in tools else NA_FAILED)
                if t != "ref" else "n/a" for t in runs.TOOLS}

    return [
        Row(section, "RSS after start-up", "MB", col(lambda t: samples[t][0])),
        Row(section, "RSS at the end", "MB", col(lambda t: samples[t][-1])),
        Row(section, "RSS growth, end over start", "x", col(lambda t: samples[t][-1] / samples[t][0]),
            goal_abs=1.1, note="flat is 1.00x"),
        Row(section, "intervals printed", "", col(lambda t: float(intervals[t])),
            note=f"the tracers ran {ran:.0f} s after starting: one print per second, none lost"),
    ]
