"""The signal matrix, run by run.py: SIGINT, SIGTERM and SIGHUP at each stage
of a run (compiling, loading, attaching 70 tracepoints, running, printing the
maps at exit), plain, with -c CMD and with -p PID; and SIGKILL while
attaching and while running. A stage is found by watching bpfsh, not by
guessing times: its descriptors (BPF maps and programs while it loads, perf
events and links once it attaches), "Attached N probes" on stderr, the
first line on stdout.

What each must print is what bpftrace v0.26 prints:
  - SIGINT or SIGTERM before the probes are announced: nothing (bpftrace
    dies of a signal while it compiles, and returns from its run without
    output when one comes while it loads or attaches). bpfsh's status is 0.
  - SIGINT or SIGTERM while running: END runs and the maps print; status 0.
  - While the maps print: SIGINT ends bpfsh at once (bpftrace gives SIGINT
    back its default action before it prints them); SIGTERM is ignored,
    every line prints.
  - SIGHUP, at any stage: bpfsh dies of it (bpftrace does not catch it);
    nothing more prints.
  - SIGKILL: the kernel releases what bpfsh held.
After each, bpfsh is gone within 2 s of the signal, no BPF object of ours
remains, no process it started runs (the -c command, system()'s shells, the
detach helper), and the -p target still runs: it is not ours.
"""
import os
import re
import signal
import subprocess
import time

from leftovers import leak_error
from processes import Family, alive

ATTACH_MANY = ('tracepoint:syscalls:sys_enter_*at* { @[probe] = count(); } '
               'END { printf("end\\n"); }')
TICKS = 'interval:ms:10 { @ticks = count(); printf("tick\\n"); } END { printf("end\\n"); }'
BIG_MAP_LINES = 20000
BIG_MAP = ('config = { max_map_keys = 30000 } '
           f'BEGIN {{ for ($i : 0..{BIG_MAP_LINES}) {{ @m[$i] = $i; }} exit(); }}')


class Run:
    """bpfsh with its output read as it comes, without blocking."""

    def __init__(self, argv):
        self.p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        for f in (self.p.stdout, self.p.stderr):
            os.set_blocking(f.fileno(), False)
        self.out, self.err = b"", b""
        self.family = Family(self.p.pid).start()

    def pump(self, everything=False):
        """Reads what is there, one pipe's worth per stream unless
        `everything`: an unbounded read can drain a fast writer to its end
        within one call, so the test would see "printing" only after bpfsh
        had printed everything."""
        for name, f in (("out", self.p.stdout), ("err", self.p.stderr)):
            while True:
                try:
                    chunk = os.read(f.fileno(), 65536)
                except (BlockingIOError, ValueError, OSError):
                    chunk = None
                if chunk:
                    setattr(self, name, getattr(self, name) + chunk)
                if not chunk or not everything:
                    break

    def wait_for(self, ready, timeout=20):
        """Polls until ready(self) holds; False if bpfsh ended first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            if ready(self):
                return True
            if self.p.poll() is not None:
                return False
            time.sleep(0.001)
        return False

    def finish(self, timeout):
        """The exit status, or None when bpfsh still runs after `timeout`."""
        deadline = time.monotonic() + timeout
        while self.p.poll() is None and time.monotonic() < deadline:
            self.pump()
            time.sleep(0.002)
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()
            status = None
        else:
            status = self.p.returncode
        self.pump(everything=True)
        self.family.stop()
        return status


def newest_descriptors(pid, n=3):
    """What the `n` highest-numbered descriptors are: the newest, as the
    kernel gives out the lowest free number (cheap enough to poll often)."""
    try:
        numbers = sorted((int(x) for x in os.listdir(f"/proc/{pid}/fd")), reverse=True)[:n]
    except OSError:
        return set()
    found = set()
    for fd in numbers:
        try:
            found.add(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:
            pass
    return found


def attaching(run):
    return any("bpf_link" in d or "perf_event" in d for d in newest_descriptors(run.p.pid))


def loading(run):
    fds = newest_descriptors(run.p.pid)
    return (any("bpf-map" in d or "bpf-prog" in d for d in fds)
            and not any("bpf_link" in d or "perf_event" in d for d in fds))


def announced(run):
    return b"Attached" in run.err


# stage: (program, when to send the signal; None: 50 ms after the start)
STAGES = {
    "compile": (ATTACH_MANY, None),
    "load": (ATTACH_MANY, loading),
    "attach": (ATTACH_MANY, lambda r: attaching(r) and not announced(r)),
    "running": (TICKS, lambda r: announced(r) and b"tick\n" in r.out),
    "printing": (BIG_MAP, lambda r: b"@m[" in r.out),
}


def expect_output(stage, sig, status, out):
    """What is wrong with the status and standard output, or None."""
    lines = out.split("\n")
    if sig in (signal.SIGHUP, signal.SIGKILL) or (stage == "printing" and sig == signal.SIGINT):
        if status != -sig:
            return f"status {status}, want death by {signal.Signals(sig).name}"
        if stage in ("compile", "load", "attach") and out:
            return f"printed {out[:200]!r}"
        if stage == "running" and not re.fullmatch(r"(tick\n)*", out):
            return f"END ran or maps printed: {out[-200:]!r}"
        if stage == "printing" and len(lines) > BIG_MAP_LINES:
            return "every map line printed: the signal did not end bpfsh"
        return None
    if status != 0:
        return f"status {status}, want 0"
    if stage in ("compile", "load", "attach"):
        return f"printed {out[:200]!r}" if out else None
    if stage == "running":
        return None if re.fullmatch(r"(tick\n)+end\n\n\n@ticks: \d+\n", out) else f"stdout {out[-300:]!r}"
    want = "\n\n" + "".join(f"@m[{i}]: {i}\n" for i in range(BIG_MAP_LINES))
    return None if out == want else f"{len(lines)} lines, want all {BIG_MAP_LINES} map lines"


def wait_catching(pid, sig, timeout=10.0):
    """Waits until process `pid` has a handler for `sig` (SigCgt in its status)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = open(f"/proc/{pid}/status").read()
        except OSError:
            return
        caught = re.search(r"^SigCgt:\s*([0-9a-f]+)", status, re.M)
        if caught and int(caught.group(1), 16) & (1 << (sig - 1)):
            return
        time.sleep(0.001)


class Missed(Exception):
    """bpfsh went past the stage before it was seen: try again."""


def one(bpfsh, stage, sig, mode, ours, baseline):
    for _ in range(3):
        try:
            return attempt(bpfsh, stage, sig, mode, ours, baseline)
        except Missed as e:
            missed = str(e)
    return missed


def attempt(bpfsh, stage, sig, mode, ours, baseline):
    program, ready = STAGES[stage]
    target = None
    argv = [bpfsh]
    if mode == "-c":
        argv += ["-c", "sleep 30"]
    elif mode == "-p":
        target = subprocess.Popen(["sleep", "30"])
        argv += ["-p", str(target.pid)]
    run = Run(argv + ["-e", program])
    try:
        if ready is None:
            # The compile stage starts once bpfsh catches stop signals (its
            # first code does): before that (the dynamic loader, a
            # sanitizer's set-up) no program can, and a loaded machine
            # stretches that time.
            wait_catching(run.p.pid, signal.SIGTERM)
            time.sleep(0.05)
            if any("bpf-" in d or "bpf_link" in d for d in newest_descriptors(run.p.pid, 1000)):
                run.finish(5)
                raise Missed("loading already 50 ms after the start: the compile stage was missed")
        elif not run.wait_for(ready):
            run.finish(5)
            raise Missed(f"never reached the stage; stderr {run.err.decode(errors='replace')[-300:]!r}")
        run.p.send_signal(sig)
        # "Promptly" scales with the build under test (run.py's SLOWDOWN).
        # After SIGKILL no code of bpfsh's runs: the wait is the kernel's
        # teardown of the process and what it attached, slow on a busy machine.
        limit = (2 if sig != signal.SIGKILL else 15) * float(os.environ.get("BPFSH_E2E_SLOWDOWN", "1"))
        status = run.finish(limit)
        if status is None:
            return f"still running {limit:g} s after the signal"
        out = run.out.decode(errors="replace")
        if (stage in ("load", "attach") and sig in (signal.SIGINT, signal.SIGTERM) and out and announced(run)):
            # Seen attaching, then it finished before the signal landed (a
            # loaded machine delays the test between the two): try again.
            # A bpfsh that really runs on after a stop fails all three tries.
            raise Missed(f"attaching finished before the signal landed; printed {out[:100]!r}")
        wrong = expect_output(stage, sig, status, out)
        if wrong:
            return wrong + f"; stderr {run.err.decode(errors='replace')[-300:]!r}"
        left = run.family.wait_gone(2, keep={run.p.pid} | ({target.pid} if target else set()))
        if left:
            return "still running after bpfsh: " + "; ".join(left)
        if target and not alive(target.pid):
            return "the -p target was killed"
        return leak_error(ours, baseline)
    finally:
        if target:
            target.kill()
            target.wait()


def signal_matrix(bpfsh, ours, stages=None):
    """(name, error) per case; `stages` limits it to some stages."""
    baseline = ours()
    results = []
    for stage in stages or STAGES:
        sigs = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
        if stage in ("attach", "running"):
            sigs.append(signal.SIGKILL)
        for sig in sigs:
            for mode in ("plain", "-c", "-p"):
                name = f"signals/{stage}/{signal.Signals(sig).name}/{mode.lstrip('-')}"
                results.append((name, one(bpfsh, stage, sig, mode, ours, baseline)))
    return results
