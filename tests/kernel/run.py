#!/usr/bin/env python3
"""Kernel-function probe tests: kprobe, kretprobe, fentry, fexit, and the
hardware watchpoints this machine's own kernel no longer fires.

They need a kernel that has those probes, so scripts/test runs this inside
Debian's stock kernel under QEMU, all in one guest run:
    scripts/vmtest python3 tests/kernel/run.py build/bpfsh TARGET
TARGET is tests/kernel/target.c built static (scripts/kernel-tests builds it).

  NAME.bt   a script; `// bpfsh: ARGS` on its first line gives the arguments
            before it ({target} is replaced by TARGET, {watched} by the
            address of TARGET's `watched` variable)
            `// then: CMD` lines (any of the first comment lines) are run
            in order after bpfsh exits, in the directory bpfsh ran in, to
            read back what the script wrote (a pcap file); each must exit 0
  NAME.out  its exact standard output, then each `then` command's
  NAME.err  instead of NAME.out for a script that must fail at attach: its
            exact standard error, with exit status 1 and nothing on stdout
On this machine's own kernel the kernel-function scripts must fail fast with
one precise line: tests/errors/kfunc_NAME.bt links to each of them. (The
watchpoint ones attach there but never fire, so they have no such link.)

The last line is 'N passed, N failed'.
"""
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from testlib import Tally  # noqa: E402

HERE = Path(__file__).resolve().parent


def watched_address(target):
    """TARGET is static and not position independent: its symbol table
    gives the run-time address."""
    nm = subprocess.run(["nm", target], capture_output=True, text=True).stdout
    return next(("0x" + l.split()[0].lstrip("0") for l in nm.splitlines() if l.endswith(" watched")), "0")


def run_case(bpfsh, target, case, tmp):
    text = case.read_text().replace("{target}", target).replace("{watched}", watched_address(target))
    m = re.match(r"^//\s*bpfsh:\s*(.*)$", text.splitlines()[0])
    args = shlex.split(m.group(1)) if m else []
    # bpfsh reads the substituted copy, run beside it so that messages name
    # it as NAME.bt.
    (tmp / case.name).write_text(text)
    p = subprocess.run([bpfsh] + args + [case.name], capture_output=True, text=True, timeout=300,
                       stdin=subprocess.DEVNULL, cwd=tmp)
    err = case.with_suffix(".err")
    if err.exists():
        if p.returncode != 1 or p.stdout or p.stderr != err.read_text():
            return (f"exit status {p.returncode}, want 1\n--- want stderr\n{err.read_text()}"
                    f"--- got stderr\n{p.stderr}--- stdout\n{p.stdout}")
        return None
    if p.returncode != 0:
        return f"exit status {p.returncode}\n{p.stderr}"
    got = p.stdout
    for cmd in then_commands(text):
        t = subprocess.run(shlex.split(cmd), capture_output=True, text=True, timeout=60,
                           stdin=subprocess.DEVNULL, cwd=tmp)
        if t.returncode != 0:
            return f"then '{cmd}': exit status {t.returncode}\n{t.stderr}"
        got += t.stdout
    want = case.with_suffix(".out").read_text()
    if got != want:
        return f"stdout differs\n--- want\n{want}--- got\n{got}--- stderr\n{p.stderr}"
    return None


def then_commands(text):
    """The `// then: CMD` lines among the script's first comment lines."""
    cmds = []
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        m = re.match(r"^//\s*then:\s*(.*)$", line)
        if m:
            cmds.append(m.group(1))
    return cmds


def check_info(bpfsh):
    """--info finds by trying that this kernel has what the cases use."""
    p = subprocess.run([bpfsh, "--info"], capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return f"exit status {p.returncode}\n{p.stderr}"
    for want in ("kprobe: yes", "fentry: yes", "fexit: yes", "tracepoint: yes", "btf: yes", "ringbuf: yes"):
        if not re.search(r"^  " + re.escape(want) + r"$", p.stdout, re.M):
            return f"--info lacks '{want}':\n{p.stdout}"
    return None


def tc_netlink_checks(report, bpfsh):
    """tc probes through netlink, as this kernel (no tcx links) needs them
    (tests/e2e/net_tc_netlink.py; the same cases run on the host forced)."""
    sys.path.insert(0, str(HERE.parent / "e2e"))
    from net_tc_netlink import TESTS
    for name, fn in TESTS:
        try:
            report(name, fn(bpfsh, forced=False))
        except (RuntimeError, subprocess.SubprocessError, OSError) as e:
            report(name, f"{type(e).__name__}: {e}")


def main():
    bpfsh, target = str(Path(sys.argv[1]).resolve()), str(Path(sys.argv[2]).resolve())
    uname = subprocess.run(["uname", "-r"], capture_output=True, text=True).stdout.strip()
    print(f"kernel {uname}")
    tally = Tally()
    report = tally.report

    with tempfile.TemporaryDirectory() as tmp:
        for case in sorted(HERE.glob("*.bt")):
            try:
                report(case.stem, run_case(bpfsh, target, case, Path(tmp)))
            except subprocess.TimeoutExpired:
                report(case.stem, "timed out")
    report("info", check_info(bpfsh))
    tc_netlink_checks(report, bpfsh)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
