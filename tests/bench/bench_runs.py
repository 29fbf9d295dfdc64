"""The measurements behind scripts/bench. Each section returns table rows.

Tools: "bpfsh", "bpftrace" and "ref" (the hand-written libbpf C program in
ref/). Every section interleaves the tools, in an order shuffled per
repetition, and keeps medians.
"""
import dataclasses
import os
import pty
import random
import re
import select
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

TOOLS = ("bpfsh", "bpftrace", "ref")
NA_UNSUPPORTED = "n/a (unsupported)"
NA_FAILED = "n/a (failed)"
# Map sizes for the 100k-key row: bpftrace 0.17 reads BPFTRACE_MAP_KEYS_MAX,
# v0.26 (and bpfsh) BPFTRACE_MAX_MAP_KEYS.
BIG_MAPS = {"BPFTRACE_MAP_KEYS_MAX": "131072", "BPFTRACE_MAX_MAP_KEYS": "131072"}
# Pause before each start-up run and each untraced baseline: the kernel may
# still be closing the previous run's perf events (bpfsh leaves that to a
# helper process, see src/runtime/detach.h); a new attach would wait for it,
# and an open syscall tracepoint slows every syscall of the baseline.
SETTLE_S = 0.2
READY = 'BEGIN { printf("ready\\n"); } '
END = ' END { printf("bench-end\\n"); }'


@dataclasses.dataclass
class Context:
    bpfsh: str
    bpftrace: str
    work: Path
    loadgen: str
    runmeasured: str
    ref: str
    ref_obj: str
    ref_btf_obj: str
    reps: int
    quick: bool
    rng: random.Random


@dataclasses.dataclass
class Row:
    section: str
    name: str
    unit: str
    values: dict            # tool -> float, or a string such as "n/a (unsupported)"
    goal_bpftrace: float = None  # bpfsh/bpftrace must be <= this
    goal_ref: float = None       # bpfsh/ref must be <= this
    goal_abs: float = None       # bpfsh's own value must be <= this
    note: str = ""


def median(xs):
    return statistics.median(xs) if xs else None


def env_with(extra=None):
    env = dict(os.environ)
    env.update(extra or {})
    return env


def run_measured(ctx, argv, env=None, timeout=120):
    """Runs argv to completion through runmeasured (see runmeasured.c);
    returns (wall seconds, peak RSS in KiB, exit status)."""
    out = subprocess.run([ctx.runmeasured, str(int(timeout)), *argv], capture_output=True, text=True,
                         env=env, check=True, timeout=timeout + 30).stdout.split()
    return int(out[0]) / 1e9, int(out[1]), int(out[2])


def tool_argv(ctx, tool, script=None, path=None, mode=None, obj=None, extra=()):
    if tool == "ref":
        return [ctx.ref, obj or ctx.ref_obj, mode, *extra]
    exe = ctx.bpfsh if tool == "bpfsh" else ctx.bpftrace
    return [exe, path] if path else [exe, "-e", script]


def compiles(ctx, tool, script):
    """Whether the tool accepts the script at all (bpfsh may not support BTF yet)."""
    if tool == "bpfsh":
        argv = [ctx.bpfsh, "--dry-run", "-e", script]
    else:
        argv = [ctx.bpftrace, "--emit-elf", str(ctx.work / "probe.o"), "-e", script]
    return subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=60).returncode == 0


def shuffled(ctx, items):
    items = list(items)
    ctx.rng.shuffle(items)
    return items


# --- 1, 2: start -> exit, and peak RSS -------------------------------------

TP10_EVENTS = ["read", "write", "openat", "close", "mmap", "munmap", "brk", "ioctl", "lseek", "getpid"]


def startup(ctx):
    tp10 = " ".join(f"tracepoint:syscalls:sys_enter_{e} {{ @[comm] = count(); }}" for e in TP10_EVENTS)
    cases = [
        ("BEGIN { exit(); }", "BEGIN { exit(); }", "begin", ctx.ref_obj, 0.1),
        ("tracepoint one-liner, attach then exit",
         "tracepoint:syscalls:sys_enter_openat { @[comm] = count(); } BEGIN { exit(); }", "tp", ctx.ref_obj, 0.1),
        ("BTF struct access (curtask->pid)",
         'BEGIN { printf("%d\\n", ((struct task_struct *)curtask)->pid); exit(); }', "btf", ctx.ref_btf_obj, 0.1),
        ("10 tracepoint probes, attach then exit", tp10 + " BEGIN { exit(); }", "tp10", ctx.ref_obj, None),
    ]
    walls = {c[0]: {t: [] for t in TOOLS} for c in cases}
    rss = {c[0]: {t: [] for t in TOOLS} for c in cases}
    status = {c[0]: {t: "ok" for t in TOOLS} for c in cases}
    for name, script, _, _, _ in cases:
        for tool in ("bpfsh", "bpftrace"):
            if not compiles(ctx, tool, script):
                status[name][tool] = NA_UNSUPPORTED
    for _ in range(ctx.reps):
        for name, script, mode, obj, _ in cases:
            for tool in shuffled(ctx, TOOLS):
                if status[name][tool] != "ok":
                    continue
                time.sleep(SETTLE_S)
                wall, peak, rc = run_measured(ctx, tool_argv(ctx, tool, script=script, mode=mode, obj=obj))
                if rc != 0:
                    status[name][tool] = NA_FAILED
                    continue
                walls[name][tool].append(wall * 1e3)
                rss[name][tool].append(peak / 1024)
    rows = []
    for name, _, _, _, goal in cases:
        vals = {t: median(walls[name][t]) if status[name][t] == "ok" else status[name][t] for t in TOOLS}
        rows.append(Row("start -> exit (wall)", name, "ms", vals, goal_bpftrace=goal))
    for name, _, _, _, _ in cases:
        vals = {t: median(rss[name][t]) if status[name][t] == "ok" else status[name][t] for t in TOOLS}
        rows.append(Row("peak RSS", name, "MB", vals, goal_bpftrace=0.3))
    return rows


# --- 3: added nanoseconds per event ------------------------------------------

class Session:
    """A tracer running until stop(); started once its BEGIN printed "ready"."""

    def __init__(self, argv, env=None, use_pty=False):
        self.master = None
        if use_pty:
            self.master, slave = pty.openpty()
            self.p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=slave,
                                      stderr=subprocess.DEVNULL, env=env)
            os.close(slave)
            self.fd = self.master
        else:
            self.p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, env=env)
            self.fd = self.p.stdout.fileno()
        # A bytearray: appending to bytes copies everything read so far, and
        # a slow reader throttles the tool writing into the terminal.
        self.buf = bytearray()
        self.seen = 0  # where the next marker search starts

    def read_until(self, marker: bytes, timeout=60.0):
        """Reads output until `marker`; returns the time it arrived, or None."""
        deadline = time.monotonic() + timeout
        while True:
            i = self.buf.find(marker, self.seen)
            if i >= 0:
                self.seen = i + len(marker)
                return time.perf_counter()
            self.seen = max(self.seen, len(self.buf) - len(marker) + 1)
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                continue
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                return None
            self.buf += chunk

    def read_to_end(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
            if not r:
                break
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                break
            self.buf += chunk

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGINT)

    def wait(self, timeout=30.0):
        """Waits for exit; a tool that ignored one SIGINT (bpftrace 0.17 now
        and then does) gets another, then SIGKILL. Returns the exit status."""
        self.escalated = False
        for sig in (signal.SIGINT, signal.SIGKILL):
            try:
                self.p.wait(timeout=timeout)
                break
            except subprocess.TimeoutExpired:
                self.p.send_signal(sig)
                self.escalated = True
                timeout = 10.0
        else:
            self.p.wait()
        if self.master is not None:
            os.close(self.master)
        elif self.p.stdout:
            self.p.stdout.close()
        return self.p.returncode


def loadgen(ctx, mode, n):
    out = subprocess.run([ctx.loadgen, mode, str(n)], capture_output=True, text=True, check=True, timeout=120)
    return float(out.stdout.strip())


def traced_run(ctx, argv, lg_mode, n, env=None):
    """Per-call time of the load generator while the tracer runs, or None."""
    s = Session(argv, env=env)
    if s.read_until(b"ready\n", timeout=60) is None:
        s.stop()
        s.wait()
        print(f"scripts/bench: {argv[0]} never printed ready", file=sys.stderr)
        return None
    ns = loadgen(ctx, lg_mode, n)
    s.stop()
    s.read_to_end()
    rc = s.wait()
    if rc != 0:
        print(f"scripts/bench: {argv[0]} exited with status {rc}", file=sys.stderr)
    return ns if rc == 0 else None


def per_event(ctx):
    n = 40000 if ctx.quick else 120000
    tp = "tracepoint:syscalls:sys_enter_getpgid"
    cases = [
        ("@[tid] = count()", f"{tp} {{ @[tid] = count(); }}", "count_tid", "syscall"),
        ("@h = hist(args->pid)", f"{tp} {{ @h = hist(args->pid); }}", "hist", "syscall"),
        ("@[comm, tid] = count()", f"{tp} {{ @[comm, tid] = count(); }}", "comm_tid", "syscall"),
        ("uprobe { @ = count(); }", f"uprobe:{ctx.loadgen}:bench_target {{ @ = count(); }}", "uprobe", "uprobe"),
    ]
    rows = []
    for name, body, mode, lg in cases:
        script = READY + body + END
        added = {t: [] for t in TOOLS}
        failures = {t: 0 for t in TOOLS}
        status = {t: "ok" for t in TOOLS}
        for tool in ("bpfsh", "bpftrace"):
            if not compiles(ctx, tool, script):
                status[tool] = NA_UNSUPPORTED
        bases = []
        # The noisiest rows: two more repetitions than the others.
        for _ in range(ctx.reps + (0 if ctx.quick else 2)):
            for tool in shuffled(ctx, TOOLS):
                if status[tool] != "ok":
                    continue
                time.sleep(SETTLE_S)  # no perf event of an earlier run still open
                base = loadgen(ctx, lg, n)
                bases.append(base)
                extra = (ctx.loadgen,) if mode == "uprobe" else ()
                traced = traced_run(ctx, tool_argv(ctx, tool, script=script, mode=mode, extra=extra), lg, n)
                if traced is None:
                    failures[tool] += 1  # one bad run is dropped; a tool that never works is n/a
                    continue
                added[tool].append(traced - base)  # paired with the run just before
        for t in TOOLS:
            if status[t] == "ok" and not added[t]:
                status[t] = NA_FAILED
        vals = {t: median(added[t]) if status[t] == "ok" else status[t] for t in TOOLS}
        note = f"untraced {median(bases):.0f} ns/call" if bases else ""
        dropped = [f"{t} {failures[t]}" for t in TOOLS if failures[t]]
        if dropped:
            note += "; failed runs dropped: " + ", ".join(dropped)
        rows.append(Row("added ns per event", name, "ns", vals, goal_bpftrace=1.0, goal_ref=1.05, note=note))
    return rows


# --- 4: printing a 100k-key map at exit --------------------------------------

def map_print(ctx):
    keys = 10000 if ctx.quick else 100000
    script = READY + "tracepoint:syscalls:sys_enter_getpgid { @[args->pid] = count(); }" + END
    reps = max(1, min(ctx.reps, 3))
    times = {t: [] for t in TOOLS}
    status = {t: "ok" for t in TOOLS}
    lines = {}
    for _ in range(reps):
        for tool in shuffled(ctx, TOOLS):
            if status[tool] != "ok":
                continue
            # A terminal, as a person would run it: output is line-buffered,
            # so "bench-end" (END, after detaching) shows when printing starts.
            s = Session(tool_argv(ctx, tool, script=script, mode="keys"), env=env_with(BIG_MAPS), use_pty=True)
            if s.read_until(b"ready", timeout=60) is None:
                status[tool] = NA_FAILED
                s.stop()
                s.wait()
                continue
            loadgen(ctx, "keys", keys)
            s.stop()
            t_mark = s.read_until(b"bench-end", timeout=60)
            s.read_to_end()
            rc = s.wait()
            t_exit = time.perf_counter()
            if t_mark is None or rc != 0 or s.escalated:
                continue  # a run that hung or failed is dropped
            times[tool].append((t_exit - t_mark) * 1e3)
            lines[tool] = len(re.findall(rb"^@\[", s.buf, re.M))
    vals = {t: median(times[t]) if status[t] == "ok" and times[t] else NA_FAILED for t in TOOLS}
    note = "keys printed: " + ", ".join(f"{t} {lines[t]}" for t in TOOLS if t in lines)
    return [Row("print a map at exit", f"{keys // 1000}k-key map, END to exit", "ms", vals,
                goal_bpftrace=0.5, note=note)]


# --- 5: compile time ---------------------------------------------------------

def tracepoints(n):
    """n distinct tracepoints: syscalls first, then the other categories."""
    events = Path("/sys/kernel/tracing/available_events").read_text().split()
    pairs = [tuple(e.split(":", 1)) for e in events if re.fullmatch(r"[a-z0-9_]+:[a-z0-9_]+", e)]
    pairs.sort(key=lambda p: (p[0] != "syscalls", p))
    return pairs[:n]


def gen_script(n):
    return "".join(f"tracepoint:{c}:{e} /pid != {i}/ {{ @c[comm] = count(); @s = sum(tid); }}\n"
                   for i, (c, e) in enumerate(tracepoints(n)))


def gen_c(n):
    head = """#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
struct key { char comm[16]; };
struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __uint(max_entries, 4096);
         __type(key, struct key); __type(value, unsigned long long); } c SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 1);
         __type(key, unsigned int); __type(value, unsigned long long); } s SEC(".maps");
static __always_inline int body(unsigned long long skip) {
  unsigned long long id = bpf_get_current_pid_tgid();
  if ((id >> 32) == skip) return 0;
  struct key k = {};
  bpf_get_current_comm(k.comm, sizeof k.comm);
  unsigned long long *v = bpf_map_lookup_elem(&c, &k);
  if (v) (*v)++; else { unsigned long long one = 1; bpf_map_update_elem(&c, &k, &one, BPF_NOEXIST); }
  unsigned int z = 0;
  unsigned long long *t = bpf_map_lookup_elem(&s, &z);
  if (t) *t += (unsigned int)id;
  return 0;
}
"""
    progs = "".join(f'SEC("tracepoint/{c}/{e}") int p{i}(void *ctx) {{ return body({i}); }}\n'
                    for i, (c, e) in enumerate(tracepoints(n)))
    return head + progs


def compile_time(ctx):
    sizes = [10, 100] if ctx.quick else [10, 100, 1000]
    reps = max(1, min(ctx.reps, 3))
    files = {}
    for n in sizes:
        bt = ctx.work / f"probes{n}.bt"
        bt.write_text(gen_script(n))
        c = ctx.work / f"probes{n}.bpf.c"
        c.write_text(gen_c(n))
        files[n] = (bt, c)
    obj = str(ctx.work / "probes.o")
    argv = {
        "bpfsh": lambda n: [ctx.bpfsh, "--dry-run", str(files[n][0])],
        "bpftrace": lambda n: [ctx.bpftrace, "--emit-elf", obj, str(files[n][0])],
        "ref": lambda n: ["clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/x86_64-linux-gnu",
                          "-c", str(files[n][1]), "-o", obj],
    }
    times = {n: {t: [] for t in TOOLS} for n in sizes}
    status = {n: {t: "ok" for t in TOOLS} for n in sizes}
    for _ in range(reps):
        for n in sizes:
            for tool in shuffled(ctx, TOOLS):
                if status[n][tool] != "ok":
                    continue
                wall, _, rc = run_measured(ctx, argv[tool](n), timeout=300)
                if rc != 0:
                    status[n][tool] = NA_FAILED
                    continue
                times[n][tool].append(wall * 1e3)
    med = {n: {t: median(times[n][t]) if status[n][t] == "ok" else status[n][t] for t in TOOLS} for n in sizes}
    rows = []
    for n in sizes:
        rows.append(Row("compile (bpfsh --dry-run, bpftrace --emit-elf, clang -c)", f"{n} probes", "ms", med[n],
                        goal_abs=1000.0 if n == 1000 else None))
    # Linear means each added probe costs the same whatever the size: the
    # cost per probe from 100 to 1000 over the cost per probe from 10 to 100.
    if len(sizes) == 3:
        vals = {}
        for t in TOOLS:
            a, b, c = (med[n][t] for n in sizes)
            if all(isinstance(x, float) for x in (a, b, c)) and b > a:
                vals[t] = ((c - b) / 900) / ((b - a) / 90)
            else:
                vals[t] = "n/a"
        rows.append(Row("compile (bpfsh --dry-run, bpftrace --emit-elf, clang -c)",
                        "per-probe cost 100->1000 / 10->100 (1.0 = linear)", "x", vals, goal_abs=1.5,
                        note="a ratio, not a time: the bpfsh/bpftrace columns compare growth"))
    from bench_limits import compile_limits  # it imports this module
    return rows + compile_limits(ctx)


# --- 6: REPL and symbolizer, when their parts exist ---------------------------

def extras(ctx, root: Path):
    rows = []
    repl = root / "tests" / "bench" / "repl_add_probe.py"
    value = "n/a (REPL not built yet)"
    if repl.exists():
        p = subprocess.run(["python3", str(repl), ctx.bpfsh], capture_output=True, text=True, timeout=240)
        m = re.search(r"^repl_add_probe_ms\s+([0-9.]+)", p.stdout, re.M)
        value = float(m.group(1)) if m else NA_FAILED
    rows.append(Row("REPL", "add one probe to a live session", "ms",
                    {"bpfsh": value, "bpftrace": "n/a (no REPL)", "ref": "n/a"}))
    found = [p for p in (root / "build").rglob("symbolize_bench") if p.is_file() and os.access(p, os.X_OK)]
    value = "n/a (not built)"
    if found:
        p = subprocess.run([str(found[0])], capture_output=True, text=True, timeout=240)
        m = re.search(r"symbolize_10k_ms\s+([0-9.]+)", p.stdout)
        value = float(m.group(1)) if m else NA_FAILED
    rows.append(Row("symbolizer", "symbolize 10k addresses", "ms",
                    {"bpfsh": value, "bpftrace": "n/a", "ref": "n/a"}))
    rows.append(xdp_per_packet(ctx))
    return rows


# xdp: the kernel's own mean time per run of the program over one TCP SYN
# (BPF_PROG_TEST_RUN, xdp_run.c): bpfsh's program, from --emit-elf, against
# the hand-written C one (ref/xdp_count.bpf.c) counting the same.
XDP_SCRIPT = "xdp:lo /has(pkt.tcp) && (pkt.tcp.flags & 0x12) == 0x02/ { @syn[pkt.tcp.dport] = count(); }"


def xdp_per_packet(ctx):
    def run(obj):
        times = []
        for _ in range(ctx.reps):
            p = subprocess.run([str(ctx.work / "xdp_run"), str(obj), "100000" if ctx.quick else "2000000"],
                               capture_output=True, text=True, timeout=120)
            m = re.search(r"^ns_per_packet (\d+)", p.stdout, re.M)
            if not m:
                return NA_FAILED
            times.append(float(m.group(1)))
        return statistics.median(times)
    obj = ctx.work / "xdp_bpfsh.o"
    made = subprocess.run([ctx.bpfsh, "--emit-elf", str(obj), "-e", XDP_SCRIPT], capture_output=True, timeout=60)
    value = run(obj) if made.returncode == 0 else NA_FAILED
    return Row("xdp", "per packet: count TCP SYNs by port (BPF_PROG_TEST_RUN)", "ns",
               {"bpfsh": value, "bpftrace": "n/a (no xdp probes)", "ref": run(ctx.work / "ref_xdp.bpf.o")})


def interrupt(p, timeout=60) -> bool:
    """Ends a tool as a user does, with Ctrl-C; kills it if it does not end
    within `timeout` s. True when it ended by itself."""
    p.send_signal(signal.SIGINT)
    try:
        p.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        return False
