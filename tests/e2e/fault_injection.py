"""Fault injection, run by run.py: every kernel call a run makes fails once.

BPFSH_FAULT=list names the fault points of one run of a program; then
BPFSH_FAULT=N makes the N-th fail, for every N until the run succeeds. The
programs have probes of every kind that attaches here (BEGIN, uprobe, usdt,
tracepoint, interval, raw tracepoint, profile, software, iter, END), maps and
printf(); the first traces a -c child. Each failing run must exit 1 with one error
naming the step that failed (the fault point's subject) and why, and leave no
BPF program, map or link of ours (run.py's ours()) and no child process.
"""
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from leftovers import leak_error

# name: (program, -c command or None, the standard output of a clean run,
#        the kinds of fault point it must have)
PROGRAMS = {
    "multi": ("""\
BEGIN { printf("begin\\n"); @phase = 1; }
uprobe:{target}:fire { @fires = count(); }
usdt:{target}:demo:args { @sum = sum(arg0); }
tracepoint:sched:sched_process_exit /pid == cpid/ { @exits = count(); }
interval:ms:10 { @ticks = count(); }
END { printf("end fires=%d\\n", (int64)@fires); clear(@ticks); }
""", "{target} usdt 3", "begin\nend fires=3\n\n\n@exits: 1\n@fires: 3\n@phase: 1\n@sum: 6\n",
              {"map", "prog", "ring_buffer", "run", "perf_event", "attach"}),
    # Events on every CPU: a failure on the second CPU unwinds the first.
    "perf": ("""\
rawtracepoint:sched_switch { @sw = count(); }
profile:hz:49 { @p = count(); }
software:cpu-clock:1000000 { @c = count(); }
interval:ms:100 { exit(); }
END { printf("end\\n"); clear(@sw); clear(@p); clear(@c); }
""", None, "end\n\n\n", {"map", "prog", "ring_buffer", "run", "perf_event", "attach"}),
    "iter": ("""\
BEGIN { printf("begin\\n"); }
iter:task { @tasks = count(); }
END { printf("end %d\\n", @tasks > 0 ? 1 : 0); clear(@tasks); }
""", None, "begin\nend 1\n\n\n", {"map", "prog", "ring_buffer", "run", "attach", "iter"}),
}
POINT = re.compile(r"^bpfsh: fault point (\d+) \((\w+)\): (.*)$", re.M)


def children_of(path: str):
    """Processes running the copy of probe_target only this test uses."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            argv0 = cmdline.read_bytes().split(b"\0")[0].decode()
        except OSError:
            continue
        if argv0 == path:
            found.append(cmdline.parent.name)
    return found


def run(bpfsh, script: Path, command, fault: str):
    env = dict(os.environ, BPFSH_FAULT=fault)
    argv = [bpfsh] + (["-c", command] if command else []) + [str(script)]
    return subprocess.run(argv, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL, env=env)


def check_failure(p, subject):
    if p.returncode != 1:
        return f"exit status {p.returncode}, want 1\n{p.stderr}"
    errors = [l for l in p.stderr.splitlines() if l.startswith("ERROR: ")]
    if len(errors) != 1:
        return f"want one error, got:\n{p.stderr}"
    if not errors[0].startswith(f"ERROR: {subject}: ") or "Cannot allocate memory" not in errors[0]:
        return f"the error does not name {subject} and why:\n{p.stderr}"
    return None


def walk(bpfsh, ours, name, script: Path, command, want, kinds, target):
    """Lists the fault points of a run, then fails each in turn."""
    results = []
    listed = run(bpfsh, script, command, "list")
    points = [(int(n), k, s) for n, k, s in POINT.findall(listed.stderr)]
    if listed.returncode != 0 or listed.stdout != want:
        return [(f"faults/{name}/list", f"exit {listed.returncode}, stdout {listed.stdout!r}\n{listed.stderr}")]
    missing = kinds - {k for _, k, _ in points}
    if missing or [n for n, _, _ in points] != list(range(1, len(points) + 1)):
        return [(f"faults/{name}/list", f"fault points miss {sorted(missing)}:\n{listed.stderr}")]
    results.append((f"faults/{name}/list", None))
    for n, kind, subject in points + [(len(points) + 1, None, None)]:
        before = ours()
        p = run(bpfsh, script, command, str(n))
        if kind is None:
            err = None if p.returncode == 0 and p.stdout == want else \
                f"past the last fault point: exit {p.returncode}, stdout {p.stdout!r}\n{p.stderr}"
        else:
            err = check_failure(p, subject)
        err = err or leak_error(ours, before)
        if not err and children_of(target):
            err = f"child processes left running: {children_of(target)}"
        label = f"faults/{name}/{n:02d} {kind} {subject}" if kind else f"faults/{name}/{n:02d} none"
        results.append((label, err))
    return results


def fault_checks(bpfsh, ours):
    results = []
    with tempfile.TemporaryDirectory(prefix="bpfsh-faults-") as d:
        # A copy of its own, so the check for children finds only this run's.
        target = str(Path(d) / "fault_target")
        shutil.copy(Path(bpfsh).parent / "tests" / "tools" / "probe_target", target)
        for name, (program, command, want, kinds) in PROGRAMS.items():
            script = Path(d) / f"{name}.bt"
            script.write_text(program.replace("{target}", target))
            command = command.replace("{target}", target) if command else None
            results += walk(bpfsh, ours, name, script, command, want, kinds, target)
    return results
