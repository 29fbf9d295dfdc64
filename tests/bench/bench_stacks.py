"""Per-event cost of whole user stacks: ustack (the kernel's frame-pointer
walk), dw_ustack (a 12 KiB copy of the stack, unwound in user space) and
perf record --call-graph dwarf (8 KiB copies, unwound by perf report later),
each at uprobe:libc:malloc in tests/tools/stack_target, which calls malloc
through three frames built without frame pointers.

The time is stack_target's own: bpfsh probes on its main read the clock at
entry and return (less the 200 ms it sleeps), divided by its malloc calls;
the row is that minus the same run with no tracer on malloc."""
import statistics
import subprocess
from pathlib import Path

from bench_runs import NA_FAILED, Row, shuffled


def _main_probes(target: str, n: int) -> str:
    return (f'uprobe:{target}:main {{ @s[pid] = nsecs; }} '
            f'uretprobe:{target}:main {{ printf("per-call %d\\n", (nsecs - @s[pid] - 200000000) / {n}); '
            f'clear(@s); }} ')


def _per_call(ctx, target, n, malloc_body=None, wrap=()):
    script = _main_probes(target, n)
    if malloc_body:
        script += f'uprobe:libc:malloc /comm == "stack_target"/ {{ {malloc_body} }}'
    cmd = " ".join([*wrap, target, str(n)])
    p = subprocess.run([ctx.bpfsh, "-e", script, "-c", cmd], capture_output=True, text=True, timeout=300)
    for line in p.stdout.splitlines():
        if line.startswith("per-call "):
            return float(line.split()[1])
    return None


def _perf_works(work: Path):
    """perf's uprobe event on malloc, made for the run; None when linux-perf can not."""
    subprocess.run(["perf", "probe", "-q", "-d", "probe_libc:malloc"], capture_output=True)
    p = subprocess.run(["perf", "probe", "-q", "-x", "/lib/x86_64-linux-gnu/libc.so.6", "-a", "malloc"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return None
    return ("perf", "record", "-q", "-o", str(work / "stacks.perf.data"), "-e", "probe_libc:malloc",
            "--call-graph", "dwarf", "--")


def user_stacks(ctx, root: Path):
    target = str(root / "build" / "tests" / "tools" / "stack_target")
    if not Path(target).exists():
        return [Row("user stacks", "uprobe:libc:malloc", "ns", {"bpfsh": "n/a (stack_target not built)"})]
    n = 5000 if ctx.quick else 50000
    perf = _perf_works(ctx.work)
    kinds = {"ustack": ("@[ustack] = count();", ()), "dw_ustack": ("@ = dw_ustack;", ())}
    if perf:
        kinds["perf"] = (None, perf)
    added = {k: [] for k in kinds}
    try:
        for _ in range(ctx.reps):
            for kind in shuffled(ctx, list(kinds)):
                base = _per_call(ctx, target, n)
                body, wrap = kinds[kind]
                traced = _per_call(ctx, target, n, body, wrap)
                if base is not None and traced is not None:
                    added[kind].append(traced - base)
    finally:
        if perf:
            subprocess.run(["perf", "probe", "-q", "-d", "probe_libc:malloc"], capture_output=True)

    def value(kind):
        if kind not in added:
            return "n/a (linux-perf can not add a uprobe event here)"
        return statistics.median(added[kind]) if added[kind] else NA_FAILED
    return [
        Row("added ns per event", "uprobe:libc:malloc { @[ustack] = count(); } (frame pointers)", "ns",
            {"bpfsh": value("ustack"), "bpftrace": "n/a", "ref": "n/a"}),
        Row("added ns per event", "uprobe:libc:malloc { @ = dw_ustack; } vs perf --call-graph dwarf", "ns",
            {"bpfsh": value("dw_ustack"), "bpftrace": "n/a (no dw_ustack)", "ref": value("perf")},
            note="ref: perf record --call-graph dwarf of the same uprobe"),
    ]
