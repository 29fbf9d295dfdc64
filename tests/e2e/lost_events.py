"""End-to-end checks of lost events, run by run.py: a ring buffer of one page
per CPU (BPFTRACE_PERF_RB_PAGES=1) overflows in BEGIN and in every burst of
an interval probe, so the session reports several losses as they happen
("Lost N events" on stderr, or json "lost_events" records) and, at exit,
their total ("WARNING: Total lost event count: N", as bpftrace v0.26, and in
json a "total_lost_events" record too), which must be their sum; and so on
the perf buffer (--no-feature ringbuf) too.
"""
import json
import os
import re
import subprocess

BURST = ('{ $i = 0; while ($i < 300) { printf("%d %s\\n", $i, '
         '"a long line, so that few of them fit in the ring buffer: 0123456789abcdefghij"); $i++; } }')
PROGRAM = (f"BEGIN {BURST} interval:ms:100 {BURST} "
           "interval:ms:450 { exit(); }")
TOTAL = re.compile(r"^WARNING: Total lost event count: (\d+)$", re.M)


def run(bpfsh, *args):
    env = dict(os.environ, BPFTRACE_PERF_RB_PAGES="1")
    return subprocess.run([bpfsh, *args, "-e", PROGRAM], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL, env=env)


def text_total(bpfsh, *args):
    p = run(bpfsh, *args)
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr}"
    lost = [int(n) for n in re.findall(r"^Lost (\d+) events$", p.stderr, re.M)]
    totals = [int(n) for n in TOTAL.findall(p.stderr)]
    if len(lost) < 2:
        return f"want losses in BEGIN and in the bursts, got {lost}: {p.stderr}"
    if totals != [sum(lost)]:
        return f"want one total {sum(lost)} (the sum of {lost}), got {totals}: {p.stderr}"
    if not p.stderr.rstrip("\n").endswith(f"Total lost event count: {sum(lost)}"):
        return f"the total must come after every loss:\n{p.stderr}"
    return None


def json_total(bpfsh):
    p = run(bpfsh, "-f", "json")
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr}"
    records = [json.loads(line) for line in p.stdout.splitlines()]
    lost = [r["count"] for r in records if r["type"] == "lost_events"]
    totals = [r for r in records if r["type"] == "total_lost_events"]
    if len(lost) < 2:
        return f"want losses in BEGIN and in the bursts, got {lost}"
    want = {"type": "total_lost_events", "count": sum(lost), "data": {"events": sum(lost)}}
    if totals != [want] or records[-1] != want:
        return f"want the last record {want} (the sum of {lost}), got {totals}"
    if [int(n) for n in TOTAL.findall(p.stderr)] != [sum(lost)]:
        return f"want bpftrace's warning of the total on stderr too: {p.stderr}"
    return None


def lost_events_checks(bpfsh):
    # A perf buffer of one page per CPU fills as the ring buffer does; its
    # losses are counted and reported the same way.
    return [("lost/text_total", text_total(bpfsh)), ("lost/json_total", json_total(bpfsh)),
            ("lost/perf_buffer_total", text_total(bpfsh, "--no-feature", "ringbuf"))]
