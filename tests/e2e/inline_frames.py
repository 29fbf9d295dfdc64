"""End-to-end checks of show_debug_info, run by run.py: user stacks through
tests/tools/inline_target (main -> outer -> middle, inlined into outer ->
leaf, built -O2 -g) name each frame's source line, and an inlined function
gets a line of its own before the frame it lies in: `[inlined] middle@FILE:N`
in bpftrace mode, `middle (inlined)` in perf mode. The expected lines are
read from the source by their `line:NAME` tags. A stack's limit counts
machine frames, not lines. usym() is the function's name alone. Off (the
default), nothing of this shows. bpfsh-run, which reads no DWARF, prints the
names alone.
"""
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "tools" / "inline_target.c"
ON = "config = { show_debug_info = true } "


def tagged_lines():
    lines = {}
    for n, text in enumerate(SOURCE.read_text().splitlines(), 1):
        m = re.search(r"// line:(\w+)$", text)
        if m:
            lines[m.group(1)] = n
    return lines


def at(name):
    return f"@{SOURCE}:{tagged_lines()[name]}"


def target(bpfsh):
    return Path(bpfsh).parent / "tests" / "tools" / "inline_target"


def same_source(out):
    """The file as DWARF names it (DIR/FILE: CMake compiles ../tests/...
    from build/) made SOURCE when it is that file."""
    def one(m):
        path = m.group(1)
        return "@" + (str(SOURCE) if os.path.realpath(path) == str(SOURCE) else path) + ":"
    return re.sub(r"@(/[^\s:]+):", one, out)


def run(tool, program, *opts, target_path):
    p = subprocess.run([tool, *opts, "-c", f"{target_path} 1", "-e", program], capture_output=True, text=True,
                       timeout=60, stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        raise RuntimeError(f"exit {p.returncode}: {p.stderr}")
    return same_source(p.stdout.rstrip("\n") + "\n")  # less the blank lines bpftrace ends a run with


def probe(t, body, debug=True):
    return (ON if debug else "") + f"uprobe:{t}:leaf {{ {body} }}"


def frames_match(out, patterns):
    """`out` must hold one stack whose lines are `patterns`, in order."""
    want = r"\n" + "".join(p + r"\n" for p in patterns)
    if not re.fullmatch(r"\n*" + want + r"\n*", out):
        return f"want a stack of lines\n{chr(10).join(patterns)}\ngot:\n{out}"
    return None


def bpftrace_lines(frames):
    out = [r"        leaf\+0" + re.escape(at("leaf")), r"        \[inlined\] middle" + re.escape(at("middle")),
           r"        outer\+\d+" + re.escape(at("outer")), r"        main\+\d+" + re.escape(at("main"))]
    return out[:frames + 1]  # one more line than frames: middle shares outer's


def bpftrace_mode(bpfsh):
    t = target(bpfsh)
    for call, frames in (("ustack(3)", 3), ("ustack(2)", 2), ("dw_ustack(3)", 3)):
        err = frames_match(run(bpfsh, probe(t, f"print({call});"), target_path=t), bpftrace_lines(frames))
        if err:
            return f"{call}: {err}"
    return None


def perf_mode(bpfsh):
    t = target(bpfsh)
    out = run(bpfsh, probe(t, "print(ustack(perf, 3));"), target_path=t)
    mod = re.escape(f" ({t})")
    err = frames_match(out, [r"\t[0-9a-f]+ leaf\+0" + mod, r"\t([0-9a-f]+) middle \(inlined\)",
                             r"\t\1 outer\+\d+" + mod, r"\t[0-9a-f]+ main\+\d+" + mod])
    return err


def off_by_default(bpfsh):
    t = target(bpfsh)
    out = run(bpfsh, probe(t, "print(ustack(3)); print(usym(reg(\"ip\")));", debug=False), target_path=t)
    want = r"\n        leaf\+0\n        outer\+\d+\n        main\+\d+\n\nleaf\n"
    if not re.fullmatch(want, out):
        return f"without show_debug_info, want names and offsets only, got:\n{out}"
    return None


def usym_name_alone(bpfsh):
    t = target(bpfsh)
    out = run(bpfsh, probe(t, 'printf("%s|\\n", usym(reg("ip")));'), target_path=t)
    if out != "leaf|\n":
        return f"want usym as leaf alone, as upstream, got {out!r}"
    return None


def other_printers(bpfsh):
    """printf's %s, a map key and JSON print the same stack as print()."""
    t = target(bpfsh)
    lines = bpftrace_lines(2)
    out = run(bpfsh, probe(t, 'printf("%s|\\n", ustack(2));'), target_path=t)
    if err := frames_match(out.removesuffix("|\n"), lines):
        return f"printf: {err}"
    out = run(bpfsh, probe(t, "@s[ustack(2)] = count();"), target_path=t)
    m = re.fullmatch(r"\n*@s\[(.*)\]: 1\n*", out, re.S)
    if not m or (err := frames_match(m.group(1), lines)):
        return f"map key: {err or out}"
    out = run(bpfsh, probe(t, "print(ustack(2));"), "-f", "json", target_path=t)
    values = [json.loads(line)["data"] for line in out.splitlines() if line.strip()]
    texts = [v for v in values if isinstance(v, str) and "[inlined]" in v]
    if len(texts) != 1 or (err := frames_match(texts[0], lines)):
        return f"json: {err or out}"
    return None


def bpfsh_run(bpfsh):
    """bpfsh-run has no DWARF reader: names and offsets, as without the key."""
    t = target(bpfsh)
    with tempfile.TemporaryDirectory(prefix="bpfsh-inline-") as d:
        obj = Path(d) / "inline.o"
        p = subprocess.run([bpfsh, "--emit-elf", str(obj), "-e", probe(t, "print(ustack(3));")],
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            return f"--emit-elf: exit {p.returncode}: {p.stderr}"
        p = subprocess.run([str(Path(bpfsh).parent / "bpfsh-run"), "-c", f"{t} 1", str(obj)], capture_output=True,
                           text=True, timeout=60, stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            return f"bpfsh-run: exit {p.returncode}: {p.stderr}"
        out = p.stdout
    if not re.fullmatch(r"\n*\n        leaf\+0\n        outer\+\d+\n        main\+\d+\n\n*", out):
        return f"bpfsh-run: want names and offsets only, got:\n{out}"
    return None


def inline_checks(bpfsh):
    results = []
    for name, fn in (("bpftrace_mode", bpftrace_mode), ("perf_mode", perf_mode), ("off_by_default", off_by_default),
                     ("usym_name_alone", usym_name_alone), ("other_printers", other_printers), ("bpfsh_run", bpfsh_run)):
        try:
            err = fn(bpfsh)
        except (RuntimeError, subprocess.SubprocessError, KeyError, ValueError) as e:
            err = str(e)
        results.append(("inline/" + name, err))
    return results
