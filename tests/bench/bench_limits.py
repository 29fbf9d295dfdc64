"""Compile-time rows for the inputs of the reliability issue ("no crash on
any input, bounded work"): each is a program bpfsh must compile, or refuse
with an error, in bounded time and memory. Part of --only compile.

bpftrace is measured on the same input where v0.17 takes it: it allows one
BEGIN probe, its clang would expand the 2^30-word #define, and with
--emit-elf it does not expand kprobe:*.
"""
from bench_runs import NA_FAILED, Row, median, run_measured, shuffled

SECTION = "compile: bounded work (bpfsh --dry-run, bpftrace --emit-elf)"


def _doubling_defines(levels):
    lines = ["#define D0 x"] + [f"#define D{i} D{i - 1} D{i - 1}" for i in range(1, levels + 1)]
    return "\n".join(lines) + f"\nBEGIN {{ print(D{levels}); }}\n"


def _cases():
    """(name, script text or None for argv alone, argv, the exit status expected of bpfsh and of bpftrace
    (a string: why bpftrace is not run), bpfsh's goal in ms)."""
    maps = "".join(f"BEGIN {{ @m{i} = {i}; }}\n" for i in range(1000))
    maps2k = "config = { max_probes = 3000; max_bpf_progs = 3000 }\n" + "".join(
        f"BEGIN {{ @m{i} = {i}; }}\n" for i in range(2000))
    variables = "BEGIN {\n" + "".join(f"  $v{i} = {i};\n" for i in range(4000)) + "  print($v3999);\n}\n"
    variables16k = "BEGIN {\n" + "".join(f"  $v{i} = {i};\n" for i in range(16000)) + "  print($v15999);\n}\n"
    macros = "macro m0() { 1 }\n" + "".join(
        f"macro m{i}() {{ m{i - 1}() + m{i - 1}() }}\n" for i in range(1, 31)) + "BEGIN { print(m30()); }\n"
    return [
        ("1000 BEGIN probes, each with its own map", maps, [], 0, "n/a (one BEGIN only)", 2000.0),
        ("2000 BEGIN probes, each with its own map", maps2k, [], 0, "n/a (one BEGIN only)", 4000.0),
        ("4000 variables in one probe", variables, [], 0, 0, 2000.0),
        ("16000 variables in one probe", variables16k, [], 0, 0, 4000.0),
        ("macro doubling 30 levels deep (an error)", macros, [], 1, "n/a (no macros in v0.17)", 1000.0),
        ("kprobe name of 70,000 stars (an error)", "kprobe:" + "*" * 70000 + "zzz_no_such { }\n", [], 1,
         "n/a (no kprobes here)", 1000.0),
        ("#define doubling 30 levels deep (an error)", _doubling_defines(30), [], 1, "n/a (not run: unbounded)", 1000.0),
        ("tracepoint name of 70 KB (an error)", "tracepoint:" + "a" * 70000 + ":b { }\n", [], 1, 1, 1000.0),
        ("kprobe:* past max_bpf_progs (an error)", "kprobe:* { @ = count(); }\n", [], 1, "n/a (not expanded)", 2000.0),
        ("-lv 'struct task_struct'", None, ["-lv", "struct task_struct"], 0, 0, 1000.0),
        ("-lv '*vfs_read'", None, ["-lv", "*vfs_read"], 0, 0, 1000.0),
    ]


def _argv(ctx, tool, path, extra, obj):
    if tool == "bpfsh":
        return [ctx.bpfsh, *extra] if path is None else [ctx.bpfsh, "--dry-run", str(path)]
    return [ctx.bpftrace, *extra] if path is None else [ctx.bpftrace, "--emit-elf", obj, str(path)]


def compile_limits(ctx):
    cases = _cases()
    obj = str(ctx.work / "limits.o")
    paths = {}
    for i, (name, text, *_rest) in enumerate(cases):
        if text is not None:
            paths[name] = ctx.work / f"limits{i}.bt"
            paths[name].write_text(text)
    tools = ("bpfsh", "bpftrace")
    walls = {c[0]: {t: [] for t in tools} for c in cases}
    rss = {c[0]: [] for c in cases}
    status = {c[0]: {"bpfsh": "ok", "bpftrace": c[4] if isinstance(c[4], str) else "ok"} for c in cases}
    for _ in range(1 if ctx.quick else max(1, min(ctx.reps, 3))):
        for name, _, extra, want_bpfsh, want_bpftrace, _ in cases:
            for tool in shuffled(ctx, tools):
                if status[name][tool] != "ok":
                    continue
                wall, peak, rc = run_measured(ctx, _argv(ctx, tool, paths.get(name), extra, obj), timeout=120)
                if rc != (want_bpfsh if tool == "bpfsh" else want_bpftrace):
                    status[name][tool] = NA_FAILED
                    continue
                walls[name][tool].append(wall * 1e3)
                if tool == "bpfsh":
                    rss[name].append(peak / 1024)
    rows = []
    for name, _, _, _, _, goal in cases:
        vals = {t: median(walls[name][t]) if status[name][t] == "ok" else status[name][t] for t in tools}
        vals["ref"] = "n/a"
        rows.append(Row(SECTION, name, "ms", vals, goal_abs=goal))
    for name in ("kprobe:* past max_bpf_progs (an error)", "1000 BEGIN probes, each with its own map"):
        peak = median(rss[name]) if status[name]["bpfsh"] == "ok" else status[name]["bpfsh"]
        rows.append(Row(SECTION, name + ": bpfsh peak RSS", "MB",
                        {"bpfsh": peak, "bpftrace": "n/a", "ref": "n/a"}, goal_abs=200.0))
    return rows
