#!/usr/bin/env python3
"""End-to-end tests: run build/bpfsh against the real kernel.

  cases/NAME.bt   a script; its first lines may hold directives:
                    // bpfsh: ARGS     arguments before the script ({workload} is replaced,
                                       and so are {probe_target}, the CMake-built
                                       tests/tools/probe_target, {watched}, the
                                       address of its `watched` variable,
                                       {tools}, the folder of the CMake-built
                                       test programs (dwarf_target and its
                                       variants; tools/debug their debug
                                       directory), and
                                       {cases}, this folder: the script runs
                                       from a copy elsewhere)
                    // after: ARGS     arguments after the script ($1, $2, ...)
                    // env: K=V ...     environment variables for bpfsh
                    // before: CMD      started first, in the background; {pid} in
                                        the other directives is its pid, {tmp} a
                                        directory of the case's own
                    // status: N        the exit status bpfsh must end with
                                        (without it, 0)
                    // ready: PATH      bpfsh starts once PATH exists (at most
                                        10 s): `before` made what the script
                                        names (a file in its own mount namespace)
                  cases/NAME.out is the exact expected standard output ({script}
                  stands for the script's path, as messages name it), or
                  cases/NAME.re a Python regular expression the whole standard
                  output must match (for stacks, sample counts and the like).
                  cases/NAME.stderr, if there, is the exact standard error
                  ({script} as above), or cases/NAME.stderr.re a regular
                  expression it must match (run-time warnings, lost events).
  ../language/NAME.bt  self-checking scripts: each BEGIN probe asserts
                  (stdlib's assert) and then prints "ok"; nothing else may show.
  ../errors/NAME.bt  must fail with exit status 1, print nothing on stdout, and
                  write exactly ../errors/NAME.err on stderr; `// bpfsh: ARGS`
                  and `// after: ARGS` first lines give arguments before and
                  after the script. probe_target is on PATH (a script names
                  it so), and {probe_target} in NAME.err is its path.
  Leak checks: normal exit, SIGINT and a failed attach leave no BPF program,
  link or map of ours behind (bpftool); SIGTERM ends a flood of system()
  events at once, and no process bpfsh started outlives it (processes.py);
  children inherit no descriptor but the standard streams; SIGHUP kills a
  run of 360 probes within 2 s.
  net/*: the network probes in network namespaces of their own, with
  traffic made there; nothing left attached after (net_tests.py).
  perfbuf/NAME: each case with printf() or print() and an exact NAME.out,
  run again with --no-feature ringbuf (events through a perf event array):
  the same output.
  inline/*: show_debug_info's source lines and inlined frames in user
  stacks and usym (inline_frames.py).
  lost/*: lost events and their total at exit (lost_events.py).
  pidns/*: bpfsh in a pid namespace of its own sees that namespace's ids
  (pid_namespace.py).
  lifecycle/*: -d lifecycle's stages, in json and text (lifecycle.py).
  tutorial/NN: docs/tutorial.md's commands, each with the output's shape
  (tutorial_tests.py).
  install/*: cmake --install, the man page, shell completion, scripts/package
  (install_tests.py).
  metrics/*: --metrics scraped by Debian's Prometheus, and its misuse
  (metrics.py).
  signals/*: SIGINT, SIGTERM, SIGHUP and SIGKILL at each stage of a run
  (signal_matrix.py; `signals/STAGE` runs one stage).
  repl/*: the interactive REPL, through a pseudo-terminal and through pipes
  (repl_tests.py).
  stacks/*: ustack(build_id)'s frames checked against readelf and nm
  (stack_tests.py).
  emit/*: programs compiled with --emit-elf and run by bpfsh-run print as
  bpfsh does; the object stays a normal BPF object; bpfsh-run has no LLVM;
  another format version is refused (emit.py).
  faults/*: every kernel call of a multi-probe run made to fail in turn
  (BPFSH_FAULT; fault_injection.py): each failure names its step, exits 1
  and leaves nothing behind.

usage: run.py BPFSH [NAME...]; the last line is 'N passed, N failed'.
"""
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from testlib import Tally  # noqa: E402

from fault_injection import fault_checks
from lost_events import lost_events_checks
from pid_namespace import pid_namespace_checks
from metrics import metrics_checks
from lifecycle import lifecycle_checks
from processes import Family, named_exactly, running_exe
from repl_tests import repl_checks
from cli_tests import cli_checks
from stack_tests import stack_checks
from install_tests import install_checks
from tutorial_tests import tutorial_checks
from emit import emit_checks
from inline_frames import inline_checks
from leftovers import leak_error
from net_tests import net_checks
from signal_matrix import STAGES, signal_matrix

HERE = Path(__file__).resolve().parent
# How much slower the bpfsh under test is than the release build: the
# sanitizer build (scripts/test --sanitize) starts and detaches about ten
# times slower, and "promptly" scales with it.
SLOWDOWN = float(os.environ.get("BPFSH_E2E_SLOWDOWN", "1"))
ERRORS = HERE.parent / "errors"
LANGUAGE = HERE.parent / "language"


def build_workload(tmp: Path) -> Path:
    out = tmp / "workload"
    subprocess.run(["cc", "-O1", "-g", "-fno-omit-frame-pointer", "-fPIE", "-pie", "-o", str(out),
                    str(HERE.parent / "tools" / "workload.c")], check=True)
    return out


def probe_target(bpfsh: str):
    """build/tests/tools/probe_target (CMake builds it beside bpfsh) and the
    address of its `watched` variable, from its symbol table."""
    path = Path(bpfsh).parent / "tests" / "tools" / "probe_target"
    nm = subprocess.run(["nm", str(path)], capture_output=True, text=True).stdout
    watched = next((l.split()[0] for l in nm.splitlines() if l.endswith(" watched")), "0")
    return str(path), "0x" + watched.lstrip("0")


def substitute(text: str, bpfsh: str, workload: Path) -> str:
    target, watched = probe_target(bpfsh)
    return (text.replace("{workload}", str(workload)).replace("{probe_target}", target)
            .replace("{watched}", watched).replace("{tools}", str(Path(target).parent))
            .replace("{cases}", str(HERE / "cases")))


def directives(text: str):
    found = {}
    for line in text.splitlines():
        m = re.match(r"^//\s*(bpfsh|after|env|before|status|ready):\s*(.*)$", line)
        if not m:
            break
        found[m.group(1)] = m.group(2)
    return found


def run_case(bpfsh, case: Path, workload: Path, tmp: Path):
    own = tmp / (case.stem + ".d")
    own.mkdir(exist_ok=True)
    text = substitute(case.read_text(), bpfsh, workload).replace("{tmp}", str(own))
    d = directives(text)
    before = None
    if "before" in d:
        before = subprocess.Popen(shlex.split(d["before"]), stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        text = text.replace("{pid}", str(before.pid))
        d = directives(text)
        deadline = time.monotonic() + 10 * SLOWDOWN
        while "ready" in d and not Path(d["ready"]).exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    script = tmp / case.name
    script.write_text(text)
    argv = [bpfsh] + shlex.split(d.get("bpfsh", "")) + [str(script)] + shlex.split(d.get("after", ""))
    env = dict(os.environ)
    env.update(kv.split("=", 1) for kv in shlex.split(d.get("env", "")))
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, env=env)
    except subprocess.TimeoutExpired:
        return "still running after 60 s"
    finally:
        if before:
            before.kill()
            before.wait()
    if p.returncode != int(d.get("status", "0")):
        return f"exit status {p.returncode}, want {d.get('status', '0')}\n{p.stderr}"
    pattern = case.with_suffix(".re")
    if pattern.exists():
        want = pattern.read_text()
        if not re.fullmatch(want, p.stdout):
            return f"stdout does not match\n--- regex\n{want}--- got\n{p.stdout}--- stderr\n{p.stderr}"
    else:
        want = substitute(case.with_suffix(".out").read_text(), bpfsh, workload).replace("{script}", str(script))
        if p.stdout != want:
            return f"stdout differs\n--- want\n{want}--- got\n{p.stdout}--- stderr\n{p.stderr}"
    listing = "-l" in argv or "-lv" in argv
    script_help = "--help" in argv[argv.index("--"):] if "--" in argv else False
    if "Attached" not in p.stderr and "-q" not in argv and not listing and not script_help:
        return "no 'Attached N probes' on stderr"
    exact, pattern = case.with_suffix(".stderr"), case.with_name(case.stem + ".stderr.re")
    if exact.exists() and p.stderr != exact.read_text().replace("{script}", str(script)):
        return f"stderr differs\n--- want\n{exact.read_text()}--- got\n{p.stderr}"
    if pattern.exists() and not re.fullmatch(pattern.read_text(), p.stderr):
        return f"stderr does not match\n--- regex\n{pattern.read_text()}--- got\n{p.stderr}"
    return None


def run_error(bpfsh, case: Path):
    # Kernel-function scripts (tests/kernel) run a target program inside the
    # VM; here they fail before it would run, so any program stands in.
    d = directives(case.read_text().replace("{target}", "/bin/true"))
    argv = [bpfsh] + shlex.split(d.get("bpfsh", "")) + [case.name] + shlex.split(d.get("after", ""))
    # probe_target is on PATH, so a script names it without the build's
    # path (which would move its columns); messages show the path it
    # resolves to, {probe_target} in the .err.
    target, _ = probe_target(bpfsh)
    env = dict(os.environ, PATH=str(Path(target).parent) + os.pathsep + os.environ.get("PATH", ""))
    limit = 60 * SLOWDOWN
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=limit,
                           cwd=case.parent, stdin=subprocess.DEVNULL, env=env)
    except subprocess.TimeoutExpired:
        return f"still running after {limit:g} s"
    want = (case.with_suffix(".err").read_text().replace("{probe_target}", target)
            .replace("{tools}", str(Path(target).parent)))
    if p.returncode != 1:
        return f"exit status {p.returncode}, want 1\n{p.stderr}"
    if p.stdout:
        return f"unexpected stdout: {p.stdout}"
    if p.stderr != want:
        return f"stderr differs\n--- want\n{want}--- got\n{p.stderr}"
    return None


def held():
    """Ids of BPF programs, maps and links some running process has open
    (its /proc/PID/fdinfo names them)."""
    ids = {"prog": set(), "map": set(), "link": set()}
    # Listed by hand: a process that exits while Path.glob walks /proc
    # raises from inside the walk, where no try could catch it per file.
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            fds = os.listdir(f"/proc/{pid}/fdinfo")
        except OSError:
            continue
        for fd in fds:
            try:
                text = Path(f"/proc/{pid}/fdinfo/{fd}").read_text()
            except OSError:
                continue
            for kind, n in re.findall(r"^(prog|map|link)_id:\s*(\d+)", text, re.M):
                ids[kind].add(int(n))
    return ids


def ours():
    """Our BPF objects alive now that no running process holds: programs
    p<N>, maps m<N>, stack maps, the seen-pids map, the ring buffer and the
    scratch map. A leak outlives the bpfsh that made it; what a live process
    holds belongs to a run still going (another test suite on the machine)."""
    live = held()
    def show(kind):
        out = subprocess.run(["bpftool", "-j", kind, "show"], capture_output=True, text=True).stdout
        return [o for o in json.loads(out or "[]") if o.get("id") not in live[kind]]
    progs = [p["id"] for p in show("prog") if re.fullmatch(r"p\d+", p.get("name", ""))]
    maps = [m["id"] for m in show("map") if re.fullmatch(r"m\d+|stack\d+|seen_pids|events|events_perf|\.rodata\.bpfsh|\.rodata\.pidns|lost_events|map_full|join_buf|scratch", m.get("name", ""))]
    links = [l["id"] for l in show("link") if l.get("prog_id") in progs]
    return progs, maps, links


def wait_exec(pid, path, timeout=5.0):
    """Waits until process `pid` runs the executable `path` (has exec'd it)."""
    real = os.path.realpath(path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if os.readlink(f"/proc/{pid}/exe") == real:
                return
        except OSError:
            return  # gone already
        time.sleep(0.0005)


def leak_checks(bpfsh, workload: Path):
    results = []
    def check(name, fn):
        before = ours()
        err = fn()
        err = err or leak_error(ours, before)
        results.append((name, err))

    def normal_exit():
        p = subprocess.run([bpfsh, "-e", "tracepoint:syscalls:sys_enter_getppid { @n = count(); } "
                            "profile:hz:99 { @s[kstack, ustack] = count(); } "
                            "interval:ms:50 { exit(); }"], capture_output=True, text=True, timeout=30)
        return None if p.returncode == 0 else f"exit {p.returncode}: {p.stderr}"

    def sigint():
        p = subprocess.Popen([bpfsh, "-e", "tracepoint:syscalls:sys_enter_getppid { @n = count(); } "
                              "profile:hz:99 { @s[ustack(perf, 4)] = count(); } "
                              "END { printf(\"end\\n\"); }"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        line = p.stderr.readline()
        if "Attached" not in line:
            p.kill()
            return f"did not attach: {line}"
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
        if p.returncode != 0 or not out.startswith("end\n"):
            return f"exit {p.returncode}, stdout {out!r}, stderr {err!r}"
        return None

    def sigint_at_start():
        # A background job of a non-interactive shell starts with SIGINT
        # ignored; a SIGINT at any moment of start-up (compiling, loading,
        # attaching 300+ probes, running) still ends the run promptly.
        prog = ("tracepoint:syscalls:sys_enter_* { @[probe] = count(); } "
                "tracepoint:sched:sched_switch { @s = count(); }")
        for delay in (0.005, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8, 1.5):
            p = subprocess.Popen([bpfsh, "-e", prog], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
            # The clock starts at bpfsh's exec: before it, the ignored
            # SIGINT is discarded by the kernel, whatever bpfsh would do.
            wait_exec(p.pid, bpfsh)
            time.sleep(delay * SLOWDOWN)
            p.send_signal(signal.SIGINT)
            try:
                _, err = p.communicate(timeout=5 * SLOWDOWN)
            except subprocess.TimeoutExpired:
                p.kill()
                p.communicate()
                return f"SIGINT {delay}s after start: still running 5s later"
            if p.returncode != 0:
                return f"SIGINT {delay}s after start: exit {p.returncode}: {err}"
        return None

    def failed_attach():
        p = subprocess.run([bpfsh, "-e", "tracepoint:syscalls:sys_enter_getppid { @n = count(); } "
                            f"uprobe:{workload}:no_such_function {{ exit(); }}"],
                           capture_output=True, text=True, timeout=30)
        if p.returncode != 1 or "no_such_function" not in p.stderr:
            return f"exit {p.returncode}, want 1 naming the probe: {p.stderr}"
        return None

    def sigterm_system_flood():
        # Every system() shell switches tasks, which runs sched_switch again:
        # the events never stop coming. SIGTERM still ends bpfsh within 2 s,
        # and nothing it started (shells, the detach helper) outlives it.
        before = running_exe(bpfsh)
        p = subprocess.Popen([bpfsh, "--unsafe", "-e", 'tracepoint:sched:sched_switch { system("echo foo"); }'],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        family = Family(p.pid).start()
        line = p.stderr.readline()
        if "Attached" not in line:
            p.kill()
            family.stop()
            return f"did not attach: {line}"
        time.sleep(1)
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=2)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            family.stop()
            return "still running 2 s after SIGTERM"
        family.stop()
        strays = named_exactly("bpfsh", (family.members | running_exe(bpfsh)) - before - {p.pid})
        left = family.wait_gone(2, keep={p.pid})
        err = p.stderr.read()
        if p.returncode != 0:
            return f"exit {p.returncode}: {err}"
        if strays:
            return "a process named bpfsh outlives bpfsh: " + "; ".join(strays)
        if left:
            return "still running 2 s after bpfsh exited: " + "; ".join(left)
        return None

    def sighup_with_many_probes():
        # bpfsh dies of SIGHUP, as bpftrace, but detaches its 360 probes
        # first: left to the kernel as the process dies, they go one by one
        # (25-90 ms each here), their programs running meanwhile.
        p = subprocess.Popen([bpfsh, "-e", "tracepoint:syscalls:sys_enter_* { @[probe] = count(); }"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = p.stderr.readline()
        if "Attached" not in line:
            p.kill()
            p.communicate()
            return f"did not attach: {line}"
        p.send_signal(signal.SIGHUP)
        try:
            out, _ = p.communicate(timeout=2 * SLOWDOWN)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            return f"still dying {2 * SLOWDOWN:g} s after SIGHUP"
        if p.returncode != -signal.SIGHUP or out:
            return f"status {p.returncode}, want death by SIGHUP, and nothing printed: {out[:200]!r}"
        return None

    def children_inherit_nothing():
        # -c's command and system()'s shells get our standard streams (the
        # shell's stdout a pipe to us) and nothing else: not the -o file.
        # The interval probe makes the run last until the command ends.
        with tempfile.TemporaryDirectory() as d:
            out = Path(d) / "out"
            p = subprocess.run([bpfsh, "--unsafe", "-o", str(out), "-c", "/bin/ls /proc/self/fd",
                                "-e", 'BEGIN { system("ls /proc/self/fd"); } interval:s:30 { exit(); }'],
                               capture_output=True, text=True, timeout=30)
            shell = out.read_text() if out.exists() else ""
        want = "0\n1\n2\n3\n"  # 3: ls reading /proc/self/fd
        # The -o file ends with the two newlines bpftrace prints at exit.
        if p.returncode != 0 or p.stdout != want or shell != want + "\n\n":
            return f"exit {p.returncode}; -c command has {p.stdout!r}, system() {shell!r}, want {want!r}: {p.stderr}"
        return None

    check("leaks/normal_exit", normal_exit)
    check("leaks/sigint", sigint)
    check("leaks/sigint_at_start", sigint_at_start)
    check("leaks/failed_attach", failed_attach)
    check("leaks/sigterm_system_flood", sigterm_system_flood)
    check("leaks/children_inherit_nothing", children_inherit_nothing)
    check("leaks/sighup_with_many_probes", sighup_with_many_probes)
    return results


def run_language(bpfsh, case: Path):
    """A self-checking script: its asserts stop it with an error, and each of
    its probes prints "ok" once it has checked everything."""
    p = subprocess.run([bpfsh, "-q", str(case)], capture_output=True, text=True, timeout=30,
                       stdin=subprocess.DEVNULL)
    probes = len(re.findall(r"^BEGIN\b", case.read_text(), re.M))
    # Then the two newlines bpftrace prints at exit, before the maps.
    if p.returncode != 0 or p.stderr or p.stdout != "ok\n" * probes + "\n\n":
        return f"exit status {p.returncode}\n--- stdout\n{p.stdout}--- stderr\n{p.stderr}"
    return None


def perf_buffer_cases(bpfsh, workload: Path, tmp: Path):
    """Every case with printf() or print() and an exact .out again, its events
    forced through the perf buffer (--no-feature ringbuf): the same output."""
    bin_dir = tmp / "perfbuf-bin"
    (bin_dir / "tests" / "tools").mkdir(parents=True, exist_ok=True)
    # probe_target and the other CMake-built tools ({tools}) are found
    # beside the bpfsh under test (probe_target()).
    for tool in Path(probe_target(bpfsh)[0]).parent.iterdir():
        (bin_dir / "tests" / "tools" / tool.name).symlink_to(tool)
    wrapper = bin_dir / "bpfsh"
    wrapper.write_text(f'#!/bin/sh\nexec {shlex.quote(bpfsh)} --no-feature ringbuf "$@"\n')
    wrapper.chmod(0o755)
    for case in sorted((HERE / "cases").glob("*.bt")):
        if case.with_suffix(".out").exists() and re.search(r"\bprintf?\(", case.read_text()):
            own = tmp / "perfbuf"
            own.mkdir(exist_ok=True)
            try:
                yield case.stem, run_case(str(wrapper), case, workload, own)
            except subprocess.TimeoutExpired:
                yield case.stem, "timed out"


def main():
    # bpfsh keeps SIGHUP ignored when it starts so (under nohup), as it
    # should; the SIGHUP tests want it started as from a terminal, so a
    # nohup'ed test run must not hand its children an ignored SIGHUP.
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    bpfsh = str(Path(sys.argv[1]).resolve())
    names = set(sys.argv[2:])
    tally = Tally()
    report = tally.report

    with tempfile.TemporaryDirectory(prefix="bpfsh-e2e-") as t:
        tmp = Path(t)
        workload = build_workload(tmp)
        for case in sorted((HERE / "cases").glob("*.bt")):
            if not names or case.stem in names:
                try:
                    report(case.stem, run_case(bpfsh, case, workload, tmp))
                except subprocess.TimeoutExpired:
                    report(case.stem, "timed out")
        if not names or "perfbuf" in names:
            for case, err in perf_buffer_cases(bpfsh, workload, tmp):
                report("perfbuf/" + case, err)
        for case in sorted(ERRORS.glob("*.bt")):
            if not names or "errors/" + case.stem in names:
                report("errors/" + case.stem, run_error(bpfsh, case))
        for case in sorted(LANGUAGE.glob("*.bt")):
            if not names or "language/" + case.stem in names:
                report("language/" + case.stem, run_language(bpfsh, case))
        if not names or "leaks" in names:
            for name, err in leak_checks(bpfsh, workload):
                report(name, err)
        if not names or "cli" in names:
            for name, err in cli_checks(bpfsh, tmp):
                report(name, err)
        if not names or "stacks" in names:
            for name, err in stack_checks(bpfsh):
                report(name, err)
        if not names or "tutorial" in names:
            for name, err in tutorial_checks(bpfsh):
                report(name, err)
        if not names or "install" in names:
            for name, err in install_checks(bpfsh):
                report(name, err)
        if not names or "net" in names:
            for name, err in net_checks(bpfsh, ours):
                report(name, err)
        if not names or "emit" in names:
            for name, err in emit_checks(bpfsh, ours, workload):
                report(name, err)
        if not names or "inline" in names:
            for name, err in inline_checks(bpfsh):
                report(name, err)
        if not names or "lost" in names:
            for name, err in lost_events_checks(bpfsh):
                report(name, err)
        if not names or "pidns" in names:
            for name, err in pid_namespace_checks(bpfsh):
                report(name, err)
        if not names or "lifecycle" in names:
            for name, err in lifecycle_checks(bpfsh):
                report(name, err)
        if not names or "metrics" in names:
            for name, err in metrics_checks(bpfsh):
                report(name, err)
        stages = [s for s in STAGES if "signals/" + s in names]
        if not names or "signals" in names or stages:
            for name, err in signal_matrix(bpfsh, ours, stages):
                report(name, err)
        if not names or "faults" in names:
            for name, err in fault_checks(bpfsh, ours):
                report(name, err)
        if not names or "repl" in names:
            for name, err in repl_checks(bpfsh, workload, ours):
                report(name, err)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
