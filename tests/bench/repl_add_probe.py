#!/usr/bin/env python3
"""How long adding a probe block to a live REPL session takes.

Drives `bpfsh -i` through pipes (line-by-line mode): for each of RUNS blocks
it writes one tracepoint block and times until the REPL reports it attached
("[N] attached" on stderr): parse, sema, LLVM codegen, load (verifier),
attach. Prints exactly one line: `repl_add_probe_ms <median>`.

usage: repl_add_probe.py [BPFSH] [RUNS]   (default build/bpfsh, 10)
"""
import os
import select
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def wait_for(proc, needle: bytes, timeout: float = 30.0) -> None:
    buf = b""
    end = time.monotonic() + timeout
    fd = proc.stderr.fileno()
    while needle not in buf:
        left = end - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise RuntimeError(f"timed out waiting for {needle!r}; stderr so far: {buf!r}")
        chunk = os.read(fd, 65536)
        if not chunk:
            raise RuntimeError(f"bpfsh exited; stderr: {buf!r}")
        buf += chunk
        if b"ERROR" in buf:
            raise RuntimeError(buf.decode(errors="replace"))


def main() -> int:
    bpfsh = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build" / "bpfsh")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    proc = subprocess.Popen([bpfsh, "-i"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    times = []
    try:
        for i in range(1, runs + 1):
            line = f"tracepoint:syscalls:sys_enter_getppid {{ @c{i} = count(); }}\n".encode()
            start = time.monotonic()
            proc.stdin.write(line)
            proc.stdin.flush()
            wait_for(proc, f"[{i}] attached".encode())
            times.append((time.monotonic() - start) * 1000.0)
        proc.stdin.write(b".quit\n")
        proc.stdin.flush()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    print(f"repl_add_probe_ms {statistics.median(times):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
