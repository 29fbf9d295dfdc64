"""scripts/bench's compiled-program rows: bpfsh-run (a program compiled once
by `bpfsh --emit-elf`) against bpfsh compiling the same script, start to
exit and peak RSS, interleaved in one run; the ratios are against the bpfsh
runs of that same run. And both binaries' sizes. Only bpfsh has compiled
programs of this kind; the other tools' cells say so.
"""
import os
import subprocess
import time
from pathlib import Path

from bench_runs import NA_FAILED, SETTLE_S, Row, median, run_measured, shuffled

CASES = [
    ("BEGIN { exit(); }", "BEGIN { exit(); }"),
    ("tracepoint one-liner, attach then exit",
     "tracepoint:syscalls:sys_enter_openat { @[comm] = count(); } BEGIN { exit(); }"),
    ("BTF struct access (curtask->pid)", 'BEGIN { printf("%d\\n", ((struct task_struct *)curtask)->pid); exit(); }'),
]
SECTION = "compiled programs: bpfsh-run vs bpfsh"
NA = {"bpftrace": "n/a", "ref": "n/a"}


def emit(ctx, i, script):
    obj = ctx.work / f"compiled{i}.o"
    subprocess.run([ctx.bpfsh, "--emit-elf", str(obj), "-e", script], check=True, capture_output=True, timeout=60)
    return obj


def measure(ctx, argvs):
    """Each tool's wall ms and peak RSS MB, medians over interleaved runs."""
    walls = {t: [] for t in argvs}
    rss = {t: [] for t in argvs}
    for _ in range(ctx.reps):
        for tool in shuffled(ctx, argvs):
            time.sleep(SETTLE_S)
            wall, peak, rc = run_measured(ctx, argvs[tool])
            if rc == 0:
                walls[tool].append(wall * 1e3)
                rss[tool].append(peak / 1024)
    return {t: median(walls[t]) for t in argvs}, {t: median(rss[t]) for t in argvs}


def rows_for(name, unit, what, vals):
    run, full = vals["run"], vals["bpfsh"]
    if run is None or full is None:
        return [Row(SECTION, f"{name}: {what}", unit, {"bpfsh": NA_FAILED, **NA})]
    return [Row(SECTION, f"{name}: bpfsh-run {what}", unit, {"bpfsh": run, **NA},
                note=f"bpfsh compiling the script: {full:.1f} {unit}"),
            Row(SECTION, f"{name}: bpfsh-run / bpfsh, {what}", "x", {"bpfsh": run / full, **NA})]


def compiled(ctx):
    runner = str(Path(ctx.bpfsh).parent / "bpfsh-run")
    rows = []
    for i, (name, script) in enumerate(CASES):
        obj = emit(ctx, i, script)
        walls, rss = measure(ctx, {"bpfsh": [ctx.bpfsh, "-e", script], "run": [runner, str(obj)]})
        rows += rows_for(name, "ms", "start -> exit (wall)", walls)
        rows += rows_for(name, "MB", "peak RSS", rss)
    for exe in (runner, ctx.bpfsh):
        rows.append(Row(SECTION, f"{Path(exe).name} binary size (static)", "MB",
                        {"bpfsh": os.path.getsize(exe) / 2**20, **NA}))
    return rows
