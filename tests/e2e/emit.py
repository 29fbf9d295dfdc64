"""End-to-end checks of compiled programs, run by run.py (emit/*): each
program in emit/ is compiled with `bpfsh --emit-elf` and run by bpfsh-run
against the same workload as `bpfsh` runs the script; stdout and stderr must
be the same, in text and in JSON, through either event channel bpfsh-run
picks at load, and no BPF object may stay behind. The
object stays a normal BPF object (bpftool loads it and dumps its BTF);
bpfsh-run has no LLVM in it; and an object of another format version, or a
plain BPF object, is refused with the error in emit/*.err.
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from leftovers import leak_error

HERE = Path(__file__).resolve().parent / "emit"
# Each program, the options both tools get, and the workload -c runs.
PROGRAMS = [
    ("counts", [], "getppid 7"),
    ("counts", ["-f", "json"], "dup 3"),
    ("btf_struct", [], "getppid 3"),
    ("printf_hist", [], "square 12"),
    ("printf_hist", ["-f", "json"], "square 6"),
    ("stacks", [], "square 4"),
    ("stacks", ["--stack-format", "folded"], "getppid 2"),
]


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, **kw)


def compiled(bpfsh, name, tmp: Path, work: Path):
    script = tmp / (name + ".bt")
    script.write_text((HERE / (name + ".bt")).read_text().replace("{work}", str(work)))
    obj = tmp / (name + ".o")
    if not obj.exists():
        p = run([bpfsh, "--emit-elf", str(obj), str(script)])
        if p.returncode != 0:
            raise RuntimeError(f"--emit-elf: exit {p.returncode}: {p.stderr}")
    return script, obj


def same_output(bpfsh, runner, name, opts, workload, tmp, work, runner_only=()):
    script, obj = compiled(bpfsh, name, tmp, work)
    cmd = ["-c", f"{work} {workload}"]
    want = run([bpfsh, *opts, *cmd, str(script)])
    got = run([runner, *opts, *runner_only, *cmd, str(obj)])
    if want.returncode != 0 or "Attached" not in want.stderr:
        return f"bpfsh itself: exit {want.returncode}: {want.stderr}"
    if (got.returncode, got.stdout, got.stderr) != (want.returncode, want.stdout, want.stderr):
        return (f"bpfsh-run differs from bpfsh\n--- bpfsh (exit {want.returncode})\n{want.stdout}{want.stderr}"
                f"--- bpfsh-run (exit {got.returncode})\n{got.stdout}{got.stderr}")
    return None


def ring_buffer_sizes(pid):
    """max_entries of each ring buffer process `pid` holds (fdinfo)."""
    sizes = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            info = Path(f"/proc/{pid}/fdinfo/{fd}").read_text()
        except OSError:
            continue
        if re.search(r"^map_type:\s+27$", info, re.M):  # BPF_MAP_TYPE_RINGBUF
            sizes.append(int(re.search(r"^max_entries:\s+(\d+)$", info, re.M).group(1)))
    return sizes


def channel_at_load(bpfsh, runner, tmp, work):
    """The object carries both channels; bpfsh-run picks at load: the ring
    buffer here, the perf buffer with --no-feature ringbuf (its ring buffer
    then one page), and prints the same either way."""
    err = same_output(bpfsh, runner, "printf_hist", [], "square 9", tmp, work, ["--no-feature", "ringbuf"])
    if err:
        return err
    _, obj = compiled(bpfsh, "printf_hist", tmp, work)
    for extra, small in (([], False), (["--no-feature", "ringbuf"], True)):
        p = subprocess.Popen([runner, *extra, "-c", f"{work} square 1 1500", str(obj)], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            if "Attached" not in p.stderr.readline():
                return f"{extra}: did not attach"
            sizes = ring_buffer_sizes(p.pid)
        finally:
            p.communicate(timeout=30)
        if len(sizes) != 1 or (sizes[0] == os.sysconf("SC_PAGE_SIZE")) != small:
            return f"{extra}: ring buffer sizes {sizes}, want {'one page' if small else 'the full ring'}"
    return None


def output_file_and_quiet(bpfsh, runner, tmp, work):
    _, obj = compiled(bpfsh, "counts", tmp, work)
    out = tmp / "counts.txt"
    p = run([runner, "-q", "-o", str(out), "-c", f"{work} getppid 2", str(obj)])
    if p.returncode != 0 or p.stdout or p.stderr:
        return f"exit {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}"
    text = out.read_text()
    if "@calls: 2\n" not in text:
        return f"-o's file: {text!r}"
    return None


def arguments(bpfsh, runner, tmp):
    """Positional parameters and getopt() options are constants in the code:
    bpfsh-run runs with those the object was compiled with, lists its
    options, and refuses others."""
    script = tmp / "args.bt"
    script.write_text('BEGIN { printf("%d %s %d\\n", $1, str($2), getopt("n", 3)); exit(); }\n')
    obj = tmp / "args.o"
    p = run([bpfsh, "--emit-elf", str(obj), str(script), "5", "five", "--", "--n=9"])
    if p.returncode != 0:
        return f"--emit-elf with arguments: {p.stderr}"
    want = run([bpfsh, "-q", str(script), "5", "five", "--", "--n=9"])
    if want.returncode != 0 or not want.stdout.startswith("5 five 9\n"):
        return f"bpfsh itself: exit {want.returncode}: {want.stdout!r} {want.stderr!r}"
    for args in ([], ["5", "five", "--", "--n=9"]):
        got = run([runner, "-q", str(obj), *args])
        if (got.returncode, got.stdout) != (0, want.stdout):
            return f"bpfsh-run {args}: exit {got.returncode}: {got.stdout!r} {got.stderr!r}"
    bad = run([runner, str(obj), "6"])
    want = (f"ERROR: {obj}: its arguments are compiled in (5 five --n=9), not 6: "
            "compile it again with bpfsh --emit-elf\n")
    if (bad.returncode, bad.stderr) != (1, want):
        return f"other arguments: exit {bad.returncode}: {bad.stderr!r}"
    listed = run([runner, str(obj), "--", "--help"])
    if listed.returncode != 0 or "--n=INT" not in listed.stdout:
        return f"-- --help: exit {listed.returncode}: {listed.stdout!r} {listed.stderr!r}"
    return None


def metrics(bpfsh, runner, tmp, work):
    """--metrics serves the compiled program's maps, with the counts the
    workload made."""
    _, obj = compiled(bpfsh, "counts", tmp, work)
    p = subprocess.Popen([runner, "--metrics", "127.0.0.1:0", "--metrics-only", str(obj)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        seen = ""
        while "Attached" not in seen:
            line = p.stderr.readline()
            if not line:
                return f"ended before attaching: {seen}"
            seen += line
        port = re.search(r"Serving metrics on http://127\.0\.0\.1:(\d+)/metrics", seen)
        if not port:
            return f"no 'Serving metrics' line: {seen}"
        subprocess.run([str(work), "getppid", "4"], check=True, timeout=30)
        with urllib.request.urlopen(f"http://127.0.0.1:{port.group(1)}/metrics", timeout=30) as r:
            body = r.read().decode()
        if not re.search(r"^bpfsh_calls_total 4$", body, re.M):
            return f"no bpfsh_calls_total 4 in the scrape:\n{body}"
    finally:
        p.send_signal(signal.SIGINT)
        out, _ = p.communicate(timeout=30)
    if p.returncode != 0 or out:
        return f"exit {p.returncode}, stdout {out!r} (--metrics-only)"
    return None


def normal_object(bpfsh, tmp, work):
    """bpftool reads and loads the object like any other."""
    _, obj = compiled(bpfsh, "btf_struct", tmp, work)
    btf = run(["bpftool", "btf", "dump", "file", str(obj)])
    if btf.returncode != 0 or "task_struct" not in btf.stdout and "FUNC " not in btf.stdout:
        return f"bpftool btf dump: exit {btf.returncode}: {btf.stderr}"
    pin = Path("/sys/fs/bpf") / f"bpfsh-emit-{os.getpid()}"
    try:
        load = run(["bpftool", "prog", "loadall", str(obj), str(pin)])
        if load.returncode != 0:
            return f"bpftool prog loadall: exit {load.returncode}: {load.stderr}"
        if not any(pin.iterdir()):
            return "bpftool prog loadall pinned no program"
    finally:
        shutil.rmtree(pin, ignore_errors=True)
    return None


def no_llvm(runner, bpfsh):
    """A static binary: its symbol table names what was linked in."""
    def llvm_symbols(path):
        nm = run(["nm", "-C", path])
        return nm.returncode, sum(1 for l in nm.stdout.splitlines() if "llvm" in l.lower())
    ldd = run(["ldd", runner])
    if "libLLVM" in ldd.stdout:
        return f"ldd names LLVM: {ldd.stdout}"
    rc, n = llvm_symbols(runner)
    if rc != 0 or n:
        return f"nm: exit {rc}, {n} LLVM symbols in bpfsh-run"
    rc, n = llvm_symbols(bpfsh)
    if rc != 0 or n == 0:
        return f"the check sees no LLVM in bpfsh either (nm exit {rc}): it proves nothing"
    return None


def refused(bpfsh, runner, tmp, work):
    """Another format version and a plain BPF object: emit/*.err exactly."""
    _, obj = compiled(bpfsh, "counts", tmp, work)
    data = obj.read_bytes()
    tail = b'"version":2}'
    if data.count(tail) != 1:
        return "the object's description has no version to change"
    other = tmp / "other_version.o"
    other.write_bytes(data.replace(tail, b'"version":9}'))
    plain = tmp / "plain.o"
    subprocess.run(["objcopy", "-I", "elf64-little", "--remove-section=.bpfsh.artifact", str(obj), str(plain)],
                   check=True, capture_output=True)
    for name, path in (("version_mismatch", other), ("plain_object", plain)):
        p = run([runner, str(path)])
        want = (HERE / (name + ".err")).read_text().replace("{object}", str(path))
        if (p.returncode, p.stdout, p.stderr) != (1, "", want):
            return f"{name}: exit {p.returncode}, stdout {p.stdout!r}\n--- want\n{want}--- got\n{p.stderr}"
    return None


def emit_checks(bpfsh, ours, workload: Path):
    runner = str(Path(bpfsh).parent / "bpfsh-run")
    results = []
    with tempfile.TemporaryDirectory(prefix="bpfsh-emit-") as t:
        tmp = Path(t)
        work = tmp / "emit_work"  # its own comm: other runs on the machine do not count
        shutil.copy(workload, work)

        def check(name, fn):
            before = ours()
            try:
                err = fn()
            except (RuntimeError, subprocess.SubprocessError) as e:
                err = str(e)
            err = err or leak_error(ours, before)
            results.append(("emit/" + name, err))

        for name, opts, load in PROGRAMS:
            label = name + ("_" + opts[-1] if opts else "")
            check(label, lambda: same_output(bpfsh, runner, name, opts, load, tmp, work))
        check("channel_at_load", lambda: channel_at_load(bpfsh, runner, tmp, work))
        check("output_file_and_quiet", lambda: output_file_and_quiet(bpfsh, runner, tmp, work))
        check("arguments", lambda: arguments(bpfsh, runner, tmp))
        check("metrics", lambda: metrics(bpfsh, runner, tmp, work))
        check("normal_object", lambda: normal_object(bpfsh, tmp, work))
        check("refused", lambda: refused(bpfsh, runner, tmp, work))
        results.append(("emit/no_llvm", no_llvm(runner, bpfsh)))
    return results
