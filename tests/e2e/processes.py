"""The processes a bpfsh run leaves behind, for run.py's leak checks and
signal_matrix.py: a Family follows one bpfsh and every process it starts
(the -c command, system()'s shells, the detach helper) by sampling /proc, so
a test can ask, once bpfsh has exited, which of them are still alive.
"""
import os
import threading
import time
from pathlib import Path


def stat_fields(pid):
    """/proc/PID/stat after the command name: fields 3.. (state, ppid, ...)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def alive(pid):
    """Running (a zombie has exited: what it held is released)."""
    f = stat_fields(pid)
    return f is not None and f[0] not in ("Z", "X")


PF_EXITING = 0x4


def exiting(pid):
    """In its exit: it runs no code of its own any more, the kernel is
    closing what it held (the detach helper's perf events take 25-90 ms
    each, one after another)."""
    f = stat_fields(pid)
    return f is not None and int(f[6]) & PF_EXITING != 0


def comm(pid):
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def describe(pid):
    return f"{pid} {comm(pid)!r} ({cmdline(pid).replace(chr(0), ' ').strip()!r})"


class Family:
    """Every process descended from `root` seen while watching (every few ms
    from start() to stop()); re-parented ones stay in the family."""

    def __init__(self, root):
        self.root = root
        self.members = {root}
        self._ended = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join()
        self.sample()

    def sample(self):
        """Adds the children of every member still running (the kernel lists
        each thread's children: a poll costs little, and takes no time from
        the test that watches bpfsh meanwhile)."""
        for pid in list(self.members - self._ended):
            try:
                tasks = os.listdir(f"/proc/{pid}/task")
            except OSError:
                self._ended.add(pid)
                continue
            for tid in tasks:
                try:
                    self.members.update(int(c) for c in
                                        Path(f"/proc/{pid}/task/{tid}/children").read_text().split())
                except OSError:
                    pass

    def _watch(self):
        while not self._stop.is_set():
            self.sample()
            time.sleep(0.002)

    def survivors(self, keep=()):
        """Members other than `keep` that still run."""
        return [p for p in sorted(self.members) if p not in keep and alive(p)]

    def wait_gone(self, seconds, keep=(), exit_seconds=15):
        """Survivors, described: those not yet in their exit after up to
        `seconds`, or not done with it after `exit_seconds`; empty when all
        ended."""
        start = time.monotonic()
        while True:
            self.sample()
            left = self.survivors(keep)
            running = [p for p in left if not exiting(p)]
            waited = time.monotonic() - start
            if not left or (waited > seconds and running) or waited > exit_seconds:
                return [describe(p) + (" (exiting)" if exiting(p) else "") for p in left]
            time.sleep(0.02)


def running_exe(path):
    """Pids of the running processes whose executable is `path` (a forked
    helper keeps bpfsh's, whatever it calls itself)."""
    found = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if os.readlink(f"/proc/{entry.name}/exe") == path and alive(int(entry.name)):
                    found.add(int(entry.name))
            except OSError:
                pass
    return found


def named_exactly(name, pids):
    """Those of `pids` that run under the name `name`, described."""
    return [describe(p) for p in sorted(pids) if alive(p) and comm(p) == name]
