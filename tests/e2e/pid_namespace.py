"""End-to-end checks of pid namespaces, run by run.py: bpfsh started in a pid
namespace of its own (unshare --pid --fork --mount-proc, as in a container)
sees the ids that namespace gives: pid and tid of its own BEGIN probe are 1,
`pid == cpid` matches the -c child, and pid(init) is the initial
namespace's, which differs; a process outside the namespace has no ids in
it, so its pid reads 0. A compiled object takes the namespace bpfsh-run
loads it in, not the one it was compiled in.
"""
import os
import subprocess
import tempfile

UNSHARE = ["unshare", "--pid", "--fork", "--mount-proc"]


def run(argv, timeout=60):
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def own_ids(bpfsh):
    p = run(UNSHARE + [bpfsh, "-e", 'BEGIN { printf("%d %d %d\\n", pid, tid, pid(init) != pid); exit(); }'])
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr}"
    if p.stdout.split("\n")[0] != "1 1 1":
        return f"want '1 1 1' (bpfsh is pid 1 there; pid(init) differs), got {p.stdout!r}"
    return None


def child_matches(bpfsh):
    p = run(UNSHARE + [bpfsh, "-c", "sleep 0.1", "-e",
                       'tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ '
                       '{ printf("child %d %d\\n", pid, tid); }'])
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr}"
    if "child 2 2" not in p.stdout.splitlines():
        return f"want the -c child as pid 2 of the namespace, got {p.stdout!r}"
    return None


def outside_is_zero(bpfsh):
    # A shell outside the namespace (the runner's) opens /dev/null over and
    # over, in one process: the namespace has no id for it.
    outside = subprocess.Popen(["sh", "-c", "while :; do : < /dev/null; done"])
    try:
        p = run(UNSHARE + [bpfsh, "-e",
                           f"tracepoint:syscalls:sys_enter_openat /pid(init) == {outside.pid}/ "
                           '{ printf("outside %d %d\\n", pid, pid(init) > 0); exit(); }'], timeout=30)
    finally:
        outside.kill()
        outside.wait()
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr}"
    if "outside 0 1" not in p.stdout.splitlines():
        return f"want pid 0 for a process outside the namespace, got {p.stdout!r}"
    return None


def compiled_object(bpfsh):
    run_tool = os.path.join(os.path.dirname(bpfsh), "bpfsh-run")
    with tempfile.TemporaryDirectory() as tmp:
        obj = os.path.join(tmp, "ids.o")
        p = run([bpfsh, "--emit-elf", obj, "-e", 'BEGIN { printf("%d %d\\n", pid, pid(init) != pid); exit(); }'])
        if p.returncode != 0:
            return f"--emit-elf: exit {p.returncode}: {p.stderr}"
        inside, outside = run(UNSHARE + [run_tool, obj]), run([run_tool, obj])
    if inside.returncode != 0 or outside.returncode != 0:
        return f"bpfsh-run: exit {inside.returncode}/{outside.returncode}: {inside.stderr}{outside.stderr}"
    if inside.stdout.split("\n")[0] != "1 1":
        return f"want '1 1' in a namespace of its own, got {inside.stdout!r}"
    if not outside.stdout.split("\n")[0].endswith(" 0"):
        return f"want pid == pid(init) outside one, got {outside.stdout!r}"
    return None


def pid_namespace_checks(bpfsh):
    return [("pidns/own_ids", own_ids(bpfsh)), ("pidns/child_matches_cpid", child_matches(bpfsh)),
            ("pidns/outside_is_zero", outside_is_zero(bpfsh)), ("pidns/compiled_object", compiled_object(bpfsh))]
