"""End-to-end tests of the command line itself, run by run.py: -h names every
option the parser accepts (read from src/cli/options.cpp, so a new option
without help text fails here), a bad option says how bpfsh is called, and
bpftrace's long spellings work."""
import re
import subprocess
from pathlib import Path

OPTIONS_CPP = Path(__file__).resolve().parents[2] / "src" / "cli" / "options.cpp"


def accepted_options():
    src = OPTIONS_CPP.read_text()
    longs = re.findall(r'\{"([a-z-]+)", (?:no|required)_argument', src)
    shorts = re.search(r'shortopts\[\] = "([^"]+)"', src).group(1).replace(":", "")
    return ["--" + n for n in longs], ["-" + c for c in shorts]


def help_lists_every_option(bpfsh):
    p = subprocess.run([bpfsh, "-h"], capture_output=True, text=True, timeout=10)
    if p.returncode != 0:
        return f"-h exited {p.returncode}"
    longs, shorts = accepted_options()
    if len(longs) < 10 or len(shorts) < 10:
        return f"read only {len(longs)} long and {len(shorts)} short options from options.cpp"
    missing = [o for o in longs if not re.search(re.escape(o) + r"\b", p.stdout)]
    missing += [o for o in shorts if not re.search(r"(^|[\s,])" + re.escape(o) + r"\b", p.stdout, re.M)]
    return f"-h does not mention {missing}" if missing else None


def bad_option_shows_usage(bpfsh):
    p = subprocess.run([bpfsh, "--no-such-option", "-e", "BEGIN { exit(); }"], capture_output=True, text=True,
                       timeout=10)
    want = ["unrecognized option '--no-such-option'", "USAGE:", "-e 'program'", "-h' for every option"]
    if p.returncode != 1 or p.stdout or not all(w in p.stderr for w in want):
        return f"exit {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}"
    return None


def bpftrace_long_options(bpfsh, tmp: Path):
    out = tmp / "long-options.txt"
    p = subprocess.run([bpfsh, "--quiet", "--output", str(out), "--btf", "-I", "/usr/include",
                        "-e", 'BEGIN { printf("ran\\n"); exit(); }'], capture_output=True, text=True, timeout=30)
    if p.returncode != 0 or p.stderr or out.read_text() != "ran\n\n\n":
        return f"exit {p.returncode}, stderr {p.stderr!r}, output {out.read_text() if out.exists() else None!r}"
    return None


def missing_script_file(bpfsh, tmp: Path):
    # bpftrace's words, so a search for the message finds its answers.
    script = tmp / "no-such-script.bt"
    p = subprocess.run([bpfsh, str(script)], capture_output=True, text=True, timeout=10)
    want = f"ERROR: failed to open file '{script}': No such file or directory\n"
    if p.returncode != 1 or p.stdout or p.stderr != want:
        return f"exit {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}, want {want!r}"
    return None


def option_values_checked(bpfsh):
    # A --probe-filter that is no regular expression and a --no-feature name
    # bpftrace does not know are refused before anything is compiled.
    cases = [(["--probe-filter", "(tracepoint"], "ERROR: --probe-filter '(tracepoint' is not a regular expression: "),
             (["--no-feature", "uprobe_multi,fast"],
              "ERROR: USAGE: --no-feature can only have values 'kprobe_multi,kprobe_session,uprobe_multi,ringbuf'.\n")]
    for args, want in cases:
        p = subprocess.run([bpfsh] + args + ["-e", "BEGIN { exit(); }"], capture_output=True, text=True, timeout=10)
        if p.returncode != 1 or p.stdout or not p.stderr.startswith(want):
            return f"{args}: exit {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}, want {want!r}"
    p = subprocess.run([bpfsh, "--no-feature", "kprobe_multi,uprobe_multi", "--usdt-file-activation", "-e",
                        'BEGIN { printf("ran\\n"); exit(); }'], capture_output=True, text=True, timeout=30)
    if p.returncode != 0 or p.stdout != "ran\n\n\n":
        return f"accepted options: exit {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}"
    return None


def debug_stage_names(bpfsh):
    # bpftrace's -d names: types and codegen print a stage and do not run,
    # libbpf runs the program; a list is split on commas; a bad name is refused.
    prog = ["-e", 'BEGIN { printf("ran\\n"); exit(); }']
    p = subprocess.run([bpfsh, "-d", "types,codegen"] + prog, capture_output=True, text=True, timeout=30)
    if p.returncode != 0 or "-- after type-check" not in p.stdout or "define " not in p.stdout \
            or re.search("^ran$", p.stdout, re.M):
        return f"-d types,codegen: exit {p.returncode}, stdout {p.stdout[:300]!r}"
    p = subprocess.run([bpfsh, "-d", "libbpf"] + prog, capture_output=True, text=True, timeout=30)
    if p.returncode != 0 or not p.stdout.startswith("ran\n"):
        return f"-d libbpf: exit {p.returncode}, stdout {p.stdout!r}"
    p = subprocess.run([bpfsh, "-d", "ast,nope"] + prog, capture_output=True, text=True, timeout=10)
    if p.returncode != 1 or p.stdout or not p.stderr.startswith("ERROR: USAGE: invalid option for -d: nope"):
        return f"-d ast,nope: exit {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}"
    return None


def cli_checks(bpfsh, tmp: Path):
    return [
        ("cli/help_lists_every_option", help_lists_every_option(bpfsh)),
        ("cli/bad_option_shows_usage", bad_option_shows_usage(bpfsh)),
        ("cli/bpftrace_long_options", bpftrace_long_options(bpfsh, tmp)),
        ("cli/missing_script_file", missing_script_file(bpfsh, tmp)),
        ("cli/option_values_checked", option_values_checked(bpfsh)),
        ("cli/debug_stage_names", debug_stage_names(bpfsh)),
    ]
