#!/usr/bin/env python3
"""Kernel-function probe tests: kprobe, kretprobe, fentry, fexit.

They need a kernel that has those probes, so scripts/test runs this inside
Debian's stock kernel under QEMU, all in one guest run:
    scripts/vmtest python3 tests/kernel/run.py build/bpfsh TARGET
TARGET is tests/kernel/target.c built static (scripts/kernel-tests builds it).

  NAME.bt   a script; `// bpfsh: ARGS` on its first line gives the arguments
            before it ({target} is replaced by TARGET)
  NAME.out  its exact standard output
On this machine's own kernel the same scripts must fail fast with one
precise line: tests/errors/kfunc_NAME.bt links to each of them.

The last line is 'N passed, N failed'.
"""
import re
import shlex
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_case(bpfsh, target, case):
    text = case.read_text()
    m = re.match(r"^//\s*bpfsh:\s*(.*)$", text.splitlines()[0])
    args = shlex.split(m.group(1).replace("{target}", target)) if m else []
    p = subprocess.run([bpfsh] + args + [str(case)], capture_output=True, text=True, timeout=300,
                       stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        return f"exit status {p.returncode}\n{p.stderr}"
    want = case.with_suffix(".out").read_text()
    if p.stdout != want:
        return f"stdout differs\n--- want\n{want}--- got\n{p.stdout}--- stderr\n{p.stderr}"
    return None


def check_info(bpfsh):
    """--info finds by trying that this kernel has what the cases use."""
    p = subprocess.run([bpfsh, "--info"], capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return f"exit status {p.returncode}\n{p.stderr}"
    for want in ("kprobe: yes", "fentry: yes", "fexit: yes", "tracepoint: yes", "btf: yes", "ringbuf: yes"):
        if not re.search(r"^  " + re.escape(want) + r"$", p.stdout, re.M):
            return f"--info lacks '{want}':\n{p.stdout}"
    return None


def main():
    bpfsh, target = str(Path(sys.argv[1]).resolve()), str(Path(sys.argv[2]).resolve())
    uname = subprocess.run(["uname", "-r"], capture_output=True, text=True).stdout.strip()
    print(f"kernel {uname}")
    passed = failed = 0

    def report(name, err):
        nonlocal passed, failed
        if err:
            failed += 1
            print(f"FAIL {name}\n" + "\n".join("    " + l for l in err.splitlines()))
        else:
            passed += 1
            print(f"PASS {name}")
        sys.stdout.flush()

    for case in sorted(HERE.glob("*.bt")):
        try:
            report(case.stem, run_case(bpfsh, target, case))
        except subprocess.TimeoutExpired:
            report(case.stem, "timed out")
    report("info", check_info(bpfsh))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
