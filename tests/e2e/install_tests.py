"""End-to-end tests of bpfsh as an installed tool, run by run.py (`install`):
`cmake --install` of the build under test into a temporary prefix puts every
file where it belongs; the installed man page renders with man and documents
every option, config key (as BPFTRACE_<KEY>) and REPL command the sources
define; the installed bash completion, typed into a real bash on a
pseudo-terminal, completes an option, a tracepoint and a binary's function;
the zsh completion parses; scripts/package builds a Debian package that
installs into and removes cleanly from a scratch dpkg root."""
import os
import pty
import re
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")

INSTALLED = ["bin/bpfsh", "bin/bpfsh-run", "bin/bpfsh-metrics", "share/man/man8/bpfsh.8",
             "share/bash-completion/completions/bpfsh", "share/zsh/vendor-completions/_bpfsh",
             "share/doc/bpfsh/README.md", "share/doc/bpfsh/language.md"]


def install(build: Path, prefix: Path):
    p = subprocess.run(["cmake", "--install", str(build), "--prefix", str(prefix)], capture_output=True,
                       text=True, timeout=120)
    if p.returncode != 0:
        return f"cmake --install exited {p.returncode}: {p.stderr[-500:]}"
    missing = [f for f in INSTALLED if not (prefix / f).is_file()]
    return f"not installed: {missing}" if missing else None


def documented_names():
    """What the man page must name: every option, config key and dot-command."""
    options = (ROOT / "src/cli/options.cpp").read_text()
    longs = ["--" + n for n in re.findall(r'\{"([a-z-]+)", (?:no|required)_argument', options)]
    shorts = ["-" + c for c in re.search(r'shortopts\[\] = "([^"]+)"', options).group(1).replace(":", "")]
    config = (ROOT / "src/sema/config.cpp").read_text()
    keys = re.findall(r'^\s*\{"([a-z_]+)", [a-z_]+\(', config, re.M)
    commands = re.findall(r'\{"(\.[a-z]+)", CommandKind::', (ROOT / "src/repl/command.cpp").read_text())
    return longs, shorts, keys, commands


def man_page(prefix: Path):
    page = prefix / "share/man/man8/bpfsh.8"
    p = subprocess.run(["man", "-l", str(page)], capture_output=True, text=True, timeout=30,
                       env=dict(os.environ, MANWIDTH="100", MANPAGER="cat", PAGER="cat"))
    if p.returncode != 0 or "LISTING PROBES" not in p.stdout or p.stderr.strip():
        return f"man -l exited {p.returncode}: {p.stderr[-300:]!r}"
    text = p.stdout.replace("\u2010\n", "").replace("-\n", "")
    sections = re.findall(r"^([A-Z][A-Z ]+)$", p.stdout, re.M)
    if len(sections) != len(set(sections)) or len(sections) < 8:
        return f"the man page's sections are {sections}"
    longs, shorts, keys, commands = documented_names()
    if len(keys) < 10 or len(commands) < 8 or len(longs) < 20:
        return f"read only {len(longs)} options, {len(keys)} keys, {len(commands)} commands from the sources"
    missing = [o for o in longs + shorts if not re.search(r"(^|[\s,(])" + re.escape(o) + r"\b", text, re.M)]
    missing += [k for k in keys if k not in text and not (k.startswith("unstable_") and "unstable_*" in text)]
    missing += [c for c in commands if not re.search(r"^\s+" + re.escape(c) + r"\b", text, re.M)]
    if "BPFTRACE_<KEY>" not in text:
        missing.append("BPFTRACE_<KEY>")
    return f"the man page does not mention {missing}" if missing else None


class Bash:
    """An interactive bash on a pseudo-terminal with the installed completion."""

    def __init__(self, prefix: Path, home: Path):
        env = {"PATH": f"{prefix}/bin:/usr/bin:/bin", "HOME": str(home), "TERM": "dumb", "PS1": "$ ",
               "INPUTRC": "/dev/null"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve("/bin/bash", ["bash", "--norc", "--noprofile", "-i"], env)
        self.seen = ""
        # `shown` is completed as bpfsh is and prints the line it was given.
        self.send(f"source {prefix}/share/bash-completion/completions/bpfsh; "
                  "shown() { printf 'LINE<%s>\\n' \"$*\"; }; complete -F _bpfsh shown; echo READY\r")
        self.wait_for("READY\r?\n")

    def send(self, text):
        os.write(self.fd, text.encode())

    def wait_for(self, pattern, timeout=20):
        end = time.monotonic() + timeout
        while not re.search(pattern, self.seen):
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                return False
            try:
                self.seen += ANSI.sub("", os.read(self.fd, 65536).decode(errors="replace"))
            except OSError:
                return False
        return True

    def complete(self, typed, after):
        """Types `typed`, Tab, then `after` and Enter on the command `shown`
        (completed as bpfsh is): the line as the shell ran it."""
        self.seen = ""
        self.send(typed + "\t")
        time.sleep(0.5)  # the completion runs bpfsh, which reads tracefs or ELF files
        self.send(after + "\r")
        if not self.wait_for(r"LINE<(.*)>\r?\n"):
            return None
        return re.search(r"LINE<(.*)>\r?\n", self.seen).group(1)

    def close(self):
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def bash_completion(prefix: Path, tmp: Path, build: Path):
    probe_target = build / "tests/tools/probe_target"
    # A word typed after the Tab shows whether the completion ended the word.
    cases = [("shown --unsa", "x", "--unsafe x"),
             ("shown -l tracepoint:sched:sched_process_fo", "x", "-l tracepoint:sched:sched_process_fork x"),
             ("shown -l tracepoint:", "sched:sched_process_fo\tx", "-l tracepoint:sched:sched_process_fork x"),
             (f"shown -l uprobe:{probe_target}:fi", "x", f"-l uprobe:{probe_target}:fire x"),
             # print( and printf( share "print"; a unique match inside
             # quotes would have readline close the quote too.
             ("shown -e 'BEGIN { pri", "f(1); }'", "-e BEGIN { printf(1); }")]
    sh = Bash(prefix, tmp)
    try:
        for typed, after, want in cases:
            got = sh.complete(typed, after)
            if got != want:
                return f"{typed!r} + Tab + {after!r}: ran {got!r}, want {want!r}; terminal {sh.seen[-300:]!r}"
    finally:
        sh.close()
    p = subprocess.run(["bash", "-c", f"source {prefix}/share/bash-completion/completions/bpfsh; complete -p bpfsh"],
                       capture_output=True, text=True, timeout=10)
    if p.stdout.strip() != "complete -F _bpfsh bpfsh":
        return f"complete -p bpfsh: {p.stdout!r} {p.stderr!r}"
    return None


def zsh_completion(prefix: Path):
    p = subprocess.run(["zsh", "-n", str(prefix / "share/zsh/vendor-completions/_bpfsh")], capture_output=True,
                       text=True, timeout=10)
    return None if p.returncode == 0 else f"zsh -n: {p.stderr!r}"


def package(build: Path, tmp: Path):
    """scripts/package's .deb installs into a scratch dpkg root and removes from it."""
    out = tmp / "deb"
    out.mkdir()
    p = subprocess.run([str(ROOT / "scripts/package"), str(build), str(out)], capture_output=True, text=True,
                       timeout=300)
    debs = list(out.glob("bpfsh_*.deb"))
    if p.returncode != 0 or len(debs) != 1:
        return f"scripts/package exited {p.returncode}, made {debs}: {p.stderr[-500:]}"
    info = subprocess.run(["dpkg-deb", "-f", str(debs[0]), "Package", "Depends"], capture_output=True, text=True)
    if "Package: bpfsh" not in info.stdout or "libmicrohttpd" not in info.stdout:
        return f"control fields: {info.stdout!r}"
    root = tmp / "root"
    for d in ("var/lib/dpkg/info", "var/lib/dpkg/updates"):
        (root / d).mkdir(parents=True)
    (root / "var/lib/dpkg/status").write_text("")
    dpkg = ["dpkg", f"--root={root}", "--force-depends", "--force-not-root", "--log=/dev/null"]
    p = subprocess.run(dpkg + ["-i", str(debs[0])], capture_output=True, text=True, timeout=60)
    files = ["usr/bin/bpfsh", "usr/bin/bpfsh-run", "usr/bin/bpfsh-metrics", "usr/share/man/man8/bpfsh.8.gz",
             "usr/share/bash-completion/completions/bpfsh"]
    missing = [f for f in files if not (root / f).exists()]
    if p.returncode != 0 or missing:
        return f"dpkg -i exited {p.returncode} ({p.stderr[-300:]!r}); missing {missing}"
    ran = subprocess.run([str(root / "usr/bin/bpfsh"), "-e", 'BEGIN { printf("ran\\n"); exit(); }'],
                         capture_output=True, text=True, timeout=30)
    if ran.returncode != 0 or not ran.stdout.startswith("ran\n"):
        return f"the installed bpfsh: exit {ran.returncode}, {ran.stdout!r} {ran.stderr!r}"
    obj = tmp / "ran.o"
    built = subprocess.run([str(root / "usr/bin/bpfsh"), "--emit-elf", str(obj), "-e",
                            'BEGIN { printf("ran compiled\\n"); exit(); }'], capture_output=True, text=True, timeout=30)
    ran = subprocess.run([str(root / "usr/bin/bpfsh-run"), str(obj)], capture_output=True, text=True, timeout=30)
    if built.returncode != 0 or ran.returncode != 0 or not ran.stdout.startswith("ran compiled\n"):
        return f"the installed bpfsh-run: exit {ran.returncode}, {ran.stdout!r} {ran.stderr!r} {built.stderr!r}"
    p = subprocess.run(dpkg + ["-r", "bpfsh"], capture_output=True, text=True, timeout=60)
    left = [str(f.relative_to(root)) for f in root.rglob("*") if f.is_file() and "var/lib/dpkg" not in str(f)]
    if p.returncode != 0 or left:
        return f"dpkg -r exited {p.returncode} ({p.stderr[-300:]!r}); left {left[:10]}"
    return None


def install_checks(bpfsh):
    build = Path(bpfsh).parent
    with tempfile.TemporaryDirectory(prefix="bpfsh-install-") as t:
        tmp = Path(t)
        prefix = tmp / "prefix"
        err = install(build, prefix)
        results = [("install/cmake_install", err)]
        if err:
            return results
        results += [("install/man_page", man_page(prefix)),
                    ("install/bash_completion", bash_completion(prefix, tmp, build)),
                    ("install/zsh_completion", zsh_completion(prefix)),
                    ("install/package", package(build, tmp))]
        shutil.rmtree(prefix, ignore_errors=True)
        return results
