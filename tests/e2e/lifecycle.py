"""End-to-end checks of -d lifecycle, run by run.py (lifecycle/*): a
tracepoint program's stages, each named with its time, in json (-f json,
the last record) and in text (stderr); the verifier's instruction count of
the tracepoint's program is above zero and its attach names the mechanism.
"""
import json
import re
import subprocess

# The shell -c runs calls getppid (for $PPID); the run ends when it exits.
PROGRAM = "tracepoint:syscalls:sys_enter_getppid { @calls = count(); }"
STAGES = ["parse", "checks", "codegen", "object", "load", "event channel", "attach", "run", "detach",
          "map reads at exit"]


def run(bpfsh, *args):
    return subprocess.run([bpfsh, *args, "-c", "/bin/sh -c true", "-e", PROGRAM], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def json_form(bpfsh):
    p = run(bpfsh, "-d", "lifecycle", "-f", "json")
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr}"
    last = json.loads(p.stdout.splitlines()[-1])
    if last.get("type") != "lifecycle":
        return f"the last record is not the lifecycle: {last}"
    stages = last["data"]["stages"]
    names = [s["stage"] for s in stages]
    if names != STAGES:
        return f"want the stages {STAGES}, got {names}"
    for s in stages:
        if not isinstance(s.get("ms"), float) or s["ms"] < 0:
            return f"stage {s['stage']} has no time: {s}"
    by = {s["stage"]: s for s in stages}
    if by["codegen"]["ir_instructions"] <= 0 or by["object"]["elf_bytes"] <= 0 or by["object"]["btf_bytes"] <= 0:
        return f"codegen and object sizes: {by['codegen']} {by['object']}"
    tp = [q for q in by["load"]["programs"] if q["probe"] == "tracepoint:syscalls:sys_enter_getppid"]
    if len(tp) != 1 or tp[0]["verified_insns"] <= 0 or tp[0]["jited_bytes"] <= 0:
        return f"want the tracepoint's program with verifier and JIT counts: {by['load']}"
    how = [q["how"] for q in by["attach"]["probes"] if q["probe"] == "tracepoint:syscalls:sys_enter_getppid"]
    if how != ["perf_event link to tracepoint syscalls:sys_enter_getppid"]:
        return f"the tracepoint's attach: {how}"
    if by["event channel"]["kind"] != "ring buffer" or by["event channel"]["bytes"] <= 0:
        return f"event channel: {by['event channel']}"
    return None


def text_form(bpfsh):
    p = run(bpfsh, "--timings")
    if p.returncode != 0:
        return f"exit {p.returncode}: {p.stderr}"
    for name in STAGES:
        if not re.search(rf"^lifecycle: {re.escape(name)} +\d+\.\d{{3}} ms", p.stderr, re.M):
            return f"no '{name}' stage with a time on stderr:\n{p.stderr}"
    if not re.search(r"^lifecycle:   probe=tracepoint:syscalls:sys_enter_getppid .*verified_insns=[1-9]", p.stderr, re.M):
        return f"no verifier count for the tracepoint:\n{p.stderr}"
    if not re.search(r"^@calls: [1-9]", p.stdout, re.M):
        return f"the program's maps must still print: {p.stdout}"
    return None


def lifecycle_checks(bpfsh):
    return [("lifecycle/json", json_form(bpfsh)), ("lifecycle/text", text_form(bpfsh))]
