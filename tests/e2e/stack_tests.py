"""End-to-end tests of stacks whose expected text depends on the binaries
themselves, run by run.py: ustack(build_id) names each frame by its file's
build id and the offset in that file, which readelf and nm of the same
files must agree with."""
import re
import subprocess
from pathlib import Path

LIBC = "/lib/x86_64-linux-gnu/libc.so.6"


def build_id_of(path):
    notes = subprocess.run(["readelf", "-nW", path], capture_output=True, text=True).stdout
    m = re.search(r"Build ID: ([0-9a-f]+)", notes)
    return m.group(1) if m else None


def file_offset_of(path, symbol, dynamic=False):
    """The symbol's address as linked, turned into an offset in the file
    through the program header that loads it."""
    nm = subprocess.run(["nm", "-D" if dynamic else "--defined-only", path], capture_output=True, text=True).stdout
    addr = next((int(l.split()[0], 16) for l in nm.splitlines() if l.split()[-1].split("@")[0] == symbol), None)
    if addr is None:
        return None
    heads = subprocess.run(["readelf", "-lW", path], capture_output=True, text=True).stdout
    for l in heads.splitlines():
        f = l.split()
        if f and f[0] == "LOAD":
            off, vaddr, filesz = int(f[1], 16), int(f[2], 16), int(f[4], 16)
            if vaddr <= addr < vaddr + filesz:
                return addr - vaddr + off
    return None


def first_frames(bpfsh, script, command, n):
    p = subprocess.run([bpfsh, "-e", script, "-c", command], capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        return None, f"exit {p.returncode}, stderr {p.stderr!r}"
    frames = re.findall(r"^ {8}(\S+ \+ 0x[0-9a-f]+|0x[0-9a-f]+)$", p.stdout, re.M)
    return frames[:n], None if len(frames) >= n else f"fewer than {n} frames in {p.stdout!r}"


def build_id_frames_name_the_code(bpfsh):
    target = str(Path(bpfsh).parent / "tests" / "tools" / "stack_target")
    checks = [("uprobe:" + target + ":inner", target, "inner", False),
              ("uprobe:libc:malloc /pid == cpid/", LIBC, "malloc", True)]
    for probe, binary, symbol, dynamic in checks:
        frames, err = first_frames(bpfsh, probe + " { print(ustack(build_id, 4)); exit(); }", target + " 1", 1)
        if err:
            return f"{probe}: {err}"
        want = f"{build_id_of(binary)} + {hex(file_offset_of(binary, symbol, dynamic))}"
        if frames[0] != want:
            return f"{probe}: first frame {frames[0]!r}, readelf and nm say {want!r}"
    return None


def build_id_by_config_and_as_key(bpfsh):
    # The config key reaches ustack only (kstack prints its symbols), and
    # equal stacks are one key.
    target = str(Path(bpfsh).parent / "tests" / "tools" / "stack_target")
    script = ("config = { stack_mode = build_id } uprobe:" + target + ":inner { @[ustack(1)] = count(); } "
              "tracepoint:syscalls:sys_enter_clock_nanosleep /pid == cpid/ { @k[kstack(1)] = count(); }")
    p = subprocess.run([bpfsh, "-e", script, "-c", target + " 3"], capture_output=True, text=True, timeout=60)
    want = re.escape(f"{build_id_of(target)} + {hex(file_offset_of(target, 'inner'))}")
    if p.returncode != 0 or not re.search(r"^@\[\n {8}" + want + r"\n\]: 3$", p.stdout, re.M):
        return f"exit {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}"
    if not re.search(r"^@k\[\n {8}[A-Za-z_][\w.]*\+\d+\n\]: 1$", p.stdout, re.M):
        return f"kstack is not one kernel symbol: {p.stdout!r}"
    return None


def stack_checks(bpfsh):
    return [
        ("stacks/build_id_frames_name_the_code", build_id_frames_name_the_code(bpfsh)),
        ("stacks/build_id_by_config_and_as_key", build_id_by_config_and_as_key(bpfsh)),
    ]
