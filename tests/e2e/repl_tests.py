"""End-to-end tests of the REPL (`bpfsh` with no program), run by run.py.

On a terminal: driven through a pseudo-terminal like a person would, with real
probes on syscalls:sys_*_getppid and tests/tools/workload as the workload.
Without one: the same input line by line through pipes. Each test also checks
that nothing of ours is left in the kernel afterwards (run.py's ours()).
"""
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import tempfile
import termios
import time
from pathlib import Path

from leftovers import leak_error

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PROMPT = "bpfsh> "
# Waits scale with the build under test (run.py's SLOWDOWN): the sanitizer
# build compiles, detaches and exits several times slower.
WAIT = 15 * float(os.environ.get("BPFSH_E2E_SLOWDOWN", "1"))
MORE = "   ... "


class Failure(Exception):
    pass


class Terminal:
    """bpfsh on a pseudo-terminal; expect() reads until a pattern shows up."""

    def __init__(self, argv, home):
        pid, fd = pty.fork()
        if pid == 0:
            env = dict(os.environ, HOME=str(home), TERM="xterm")
            os.execve(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        self.seen = ""     # everything so far, escapes removed
        self.pos = 0       # where the next expect() starts looking
        self.status = None

    def send(self, text):
        os.write(self.fd, text.encode())

    def _read(self, timeout):
        if not select.select([self.fd], [], [], timeout)[0]:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            data = b""
        if not data:
            raise Failure("bpfsh closed the terminal\n" + self.transcript())
        self.seen += ANSI.sub("", data.decode(errors="replace")).replace("\r", "")
        return True

    def expect(self, pattern, timeout=None):
        """The text up to and including the first match of pattern (a regex) after the last one."""
        rx = re.compile(pattern)
        end = time.monotonic() + (timeout or WAIT)
        while True:
            m = rx.search(self.seen, self.pos)
            if m:
                text = self.seen[self.pos:m.end()]
                self.pos = m.end()
                return text
            left = end - time.monotonic()
            if left <= 0:
                raise Failure(f"timed out waiting for {pattern!r}\n" + self.transcript())
            self._read(left)

    def enter(self, line, pattern=PROMPT, timeout=None):
        """Types a line and returns what came back up to the next match of pattern."""
        self.send(line + "\r")
        return self.expect(pattern, timeout)

    def wait(self, timeout=None):
        end = time.monotonic() + (timeout or 2 * WAIT)
        while time.monotonic() < end:
            try:
                self._read(0.1)
            except Failure:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                return self.status
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise Failure("bpfsh did not exit\n" + self.transcript())

    def kill(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)

    def transcript(self):
        return "--- terminal ---\n" + self.seen[-3000:]


def counter(tp):
    return f'tracepoint:syscalls:{tp} /comm == "workload"/ {{ @n = count(); }}'


def session_on_a_terminal(bpfsh, workload, tmp):
    """Add, share, detach, save; a type clash and Ctrl-C change nothing; Ctrl-D ends it."""
    saved = tmp / "repl_saved.bt"
    t = Terminal([bpfsh], tmp)
    try:
        t.expect(PROMPT)
        t.enter('printf("%d\\n", 1 + 2)', r"\n3\n" + PROMPT)
        t.enter(counter("sys_enter_getppid"), r"\[1\] attached tracepoint:syscalls:sys_enter_getppid\n" + PROMPT)
        subprocess.run([str(workload), "getppid", "25"], check=True)
        t.enter("@n", r"@n: 25\n")
        t.enter(counter("sys_exit_getppid"), r"\[2\] attached tracepoint:syscalls:sys_exit_getppid\n" + PROMPT)
        subprocess.run([str(workload), "getppid", "10"], check=True)
        t.enter("@n", r"@n: 45\n")  # both blocks count into the same map
        t.enter(".detach 1", r"\[1\] detached\n" + PROMPT)
        probes = t.enter(".probes", PROMPT)
        if not re.search(r"\n2 +tracepoint:syscalls:sys_exit_getppid +\d+\n", probes) or \
                re.search(r"\n1 +tracepoint", probes):
            raise Failure("after .detach 1, .probes shows:\n" + probes)
        t.enter(".clear @n", PROMPT)
        subprocess.run([str(workload), "getppid", "25"], check=True)
        t.enter("@n", r"@n: 25\n")
        t.enter(f".save {saved}", r"saved 1 probe block to .*\n" + PROMPT)
        clash = t.enter('BEGIN { @n = "text"; }', PROMPT)
        want = ("stdin:1:9-20: ERROR: Type mismatch for @n: trying to assign value of type 'string' when map "
                "already contains a value of type 'count_t'\n"
                'BEGIN { @n = "text"; }\n'
                "        ~~~~~~~~~~~\n")
        if want not in clash:
            raise Failure("type clash, want:\n" + want + "got:\n" + clash)
        t.send("@n = ")
        time.sleep(0.2)
        t.send("\x03")
        t.expect(r"\^C\n" + PROMPT)
        t.enter("@n", r"@n: 25\n")  # neither the clash nor Ctrl-C touched the session
        t.send("\x04")
        t.expect(r"@n: 25\n")
        if t.wait() != 0:
            raise Failure(f"exit status {t.status}\n" + t.transcript())
    finally:
        t.kill()
    rerun = subprocess.run([bpfsh, "-c", f"{workload} getppid 25", str(saved)], capture_output=True,
                           text=True, timeout=60)
    if rerun.returncode != 0 or rerun.stdout != "\n\n@n: 25\n":
        return f"the saved script gave exit {rerun.returncode}, stdout {rerun.stdout!r}, stderr {rerun.stderr!r}\n" \
               f"--- saved ---\n{saved.read_text()}"
    return None


def streaming_while_typing(bpfsh, workload, tmp):
    """Events print while a line is half typed, the line survives, Ctrl-C keeps the session."""
    t = Terminal([bpfsh], tmp)
    try:
        t.expect(PROMPT)
        t.enter('interval:ms:150 { printf("tick\\n"); }', r"\[1\] attached interval:ms:150\n")
        t.expect("tick\n")
        t.send(".pro")
        t.expect(r"tick\n" + PROMPT + r"\.pro")  # output above, prompt and half line redrawn
        t.expect(r"tick\n" + PROMPT + r"\.pro")
        t.send("\t\r")  # the line kept what was typed: Tab completes it to .probes
        t.expect(r"ID +PROBE +HITS\n1 +interval:ms:150 +\d+\n")
        t.send("\x03")
        t.expect(r"\^C\n" + PROMPT)
        t.expect("tick\n")  # the block still runs
        t.enter('interval:ms:100 { printf("no newline"); }', r"\[2\] attached")
        t.expect(r"no newline\n" + PROMPT)  # a line left open is ended before the prompt
        t.enter(".detach all", r"\[2\] detached\n")
        t.enter(".quit", r"\n")
        if t.wait() != 0:
            raise Failure(f"exit status {t.status}\n" + t.transcript())
    finally:
        t.kill()
    return None


def completion_and_continuation(bpfsh, workload, tmp):
    """Tab completes providers, tracepoints, functions, fields, maps, commands; open input continues."""
    t = Terminal([bpfsh], tmp)
    try:
        t.expect(PROMPT)
        # tracepoint category, then event, then a function inside the block, over a continuation line
        t.send("tracepoint:sysc\t")
        t.expect("tracepoint:syscalls:")
        t.send("sys_enter_getpp\t")
        t.expect("sys_enter_getppid ")
        t.send("{\r")
        t.expect(MORE)
        t.send("@calls = cou\t")
        t.expect(r"count\(")
        t.send(");\r")
        t.expect(MORE)
        t.enter("}", r"\[1\] attached tracepoint:syscalls:sys_enter_getppid\n" + PROMPT)
        # a function of the workload binary
        t.send(f"uprobe:{workload}:squ\t")
        t.expect("square ")
        t.enter("{ @sq = count(); }", rf"\[2\] attached uprobe:{re.escape(str(workload))}:square\n")
        # the tracepoint's fields after args.
        t.send('tracepoint:syscalls:sys_enter_openat /comm == "workload"/ { @f[str(args.filen\t')
        t.expect("filename")
        t.enter(")] = count(); }", r"\[3\] attached tracepoint:syscalls:sys_enter_openat\n")
        # struct members from the kernel's BTF, through a chain of members
        t.send("tracepoint:syscalls:sys_enter_getppid { @pp = curtask->real_par\t")
        t.expect("real_parent")
        t.send("->tg\t")
        t.expect("tgid")
        t.enter("; }", r"\[4\] attached tracepoint:syscalls:sys_enter_getppid\n")
        # map names and commands: two candidates are listed, one is completed
        t.send(".pr\t")
        t.expect(r"\.print +\.probes\n")
        t.send("int @ca\t")
        t.expect("@calls ")
        subprocess.run([str(workload), "getppid", "4"], check=True)
        t.send("\r")
        t.expect(r"@calls: \d+\n")
        # map names in statements at the prompt: at the start, and in a call
        t.send("@ca\t")
        t.expect(PROMPT + "@calls ")
        t.send("\r")
        t.expect(r"@calls: \d+\n")
        t.send("clear(@ca\t")
        t.expect(r"clear\(@calls ")
        t.enter(")", PROMPT)
        t.enter("@calls", PROMPT)  # cleared: prints nothing
        # a trailing operator continues; the statement runs once complete
        t.enter("@z = 1 +", MORE)
        t.enter("2", PROMPT)
        t.enter("@z", r"@z: 3\n")
        t.enter(".quit", r"@z: 3\n")
        if t.wait() != 0:
            raise Failure(f"exit status {t.status}\n" + t.transcript())
    finally:
        t.kill()
    # The history outlives the session: Up recalls the last line.
    history = tmp / ".bpfsh_history"
    if not history.exists() or ".quit" not in history.read_text():
        return f"no history in {history}"
    t = Terminal([bpfsh], tmp)
    try:
        t.expect(PROMPT)
        t.send("\x1b[A")
        t.expect(r"\.quit")
        t.send("\r")
        if t.wait() != 0:
            raise Failure(f"exit status {t.status}\n" + t.transcript())
    finally:
        t.kill()
    return None


def editing_to_empty_keeps_the_session(bpfsh, workload, tmp):
    """A line edited down to nothing (Backspace, Ctrl-U, Ctrl-W, Ctrl-D on its last character) and
    Ctrl-L at an empty prompt leave the session as it was; Ctrl-D on an empty line ends it."""
    keys = [("Backspace", "abc\x7f\x7f\x7f"), ("Ctrl-U", "abc\x15"), ("Ctrl-W", "abc\x17"),
            ("Ctrl-D deleting the last character", "a\x01\x04"), ("Ctrl-L", "\x0c")]
    t = Terminal([bpfsh], tmp)
    try:
        t.expect(PROMPT)
        t.enter("@kept = 7", PROMPT)
        for n, (name, typed) in enumerate(keys):
            t.send(typed)
            time.sleep(0.2)
            try:
                t.enter("", PROMPT)  # Enter on the emptied line: just a fresh prompt
                t.enter(f"{n} + 40", rf"\n{n + 40}\n" + PROMPT)
            except Failure as e:
                raise Failure(f"after {name} and Enter the session is gone: {e}")
        t.send("\x04")
        t.expect(r"@kept: 7\n")
        if t.wait() != 0:
            raise Failure(f"exit status {t.status}\n" + t.transcript())
    finally:
        t.kill()
    return None


HINT = "Type .help for commands, Ctrl-D to quit.\n"


def hint_on_a_terminal_only(bpfsh, workload, tmp):
    """On a terminal the first line says how to get help and leave; line by line nothing is added."""
    t = Terminal([bpfsh], tmp)
    try:
        first = t.expect(PROMPT)
        if first != HINT + PROMPT:
            raise Failure(f"the first screen, want {HINT + PROMPT!r}, got {first!r}")
        t.enter(".quit", r"\n")
        if t.wait() != 0:
            raise Failure(f"exit status {t.status}\n" + t.transcript())
    finally:
        t.kill()
    p = subprocess.run([bpfsh, "-i"], input='printf("%d\\n", 6 * 7)\n', capture_output=True, text=True,
                       timeout=30)
    if p.returncode != 0 or p.stdout != "42\n\n\n" or p.stderr != "":
        return f"line by line: exit {p.returncode}, stdout {p.stdout!r}, stderr {p.stderr!r}"
    return None


def line_by_line(bpfsh, workload, tmp):
    """Without a terminal, stdin is read line by line: no prompts, same commands and errors."""
    p = subprocess.Popen([bpfsh, "-i"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, bufsize=1)
    got = {p.stdout: "", p.stderr: ""}
    try:
        def read_until(stream, needle):
            """What the stream printed up to needle (raw reads: no hidden buffering)."""
            end = time.monotonic() + 15
            while needle not in got[stream]:
                left = end - time.monotonic()
                if left <= 0 or not select.select([stream], [], [], left)[0]:
                    raise Failure(f"waiting for {needle!r}, got {got[stream]!r}")
                data = os.read(stream.fileno(), 65536).decode()
                if not data:
                    raise Failure(f"bpfsh ended waiting for {needle!r}, got {got[stream]!r}")
                got[stream] += data
            cut = got[stream].index(needle) + len(needle)
            text, got[stream] = got[stream][:cut], got[stream][cut:]
            return text

        p.stdin.write(counter("sys_enter_getppid") + "\n")
        read_until(p.stderr, "[1] attached")
        subprocess.run([str(workload), "getppid", "12"], check=True)
        p.stdin.write("@n\n")
        read_until(p.stdout, "@n: 12")
        p.stdin.write("tracepoint:syscalls:sys_exit_getppid { @n = sum(1); }\n")
        err = read_until(p.stderr, "~\n")
        if "ERROR: Type mismatch for @n" not in err:
            raise Failure("no type clash error: " + err)
        p.stdin.write("1 +\n2 * 3\n")
        read_until(p.stdout, "7\n")
        p.stdin.write(".probes\n")
        read_until(p.stdout, "HITS\n")
        row = read_until(p.stdout, "\n")
        m = re.fullmatch(r"1 +tracepoint:syscalls:sys_enter_getppid +(\d+)\n", row)
        if not m or int(m.group(1)) < 12:  # hits: every run, before the predicate
            raise Failure(".probes row: " + row)
        p.stdin.close()  # end of input: like Ctrl-D
        p.wait(timeout=30)
        out = got[p.stdout] + p.stdout.read()
        err = got[p.stderr] + p.stderr.read()
        if p.returncode != 0 or out != "\n\n@n: 12\n":
            return f"at the end: exit {p.returncode}, stdout {out!r}, stderr {err!r}"
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    return None


def scratch_variables(bpfsh, workload, tmp):
    """A scratch variable set at the prompt is there for the lines after it, with its type kept;
    the maps that keep them are nobody's to see (.maps, the maps printed at the end)."""
    lines = ['$x = 5', '$x + 1', '$s = "kept"; printf("%d %s\\n", $x, $s)', '$x = "s"', '@m = $x * 2', '.maps',
             'if ($x > 1) { $inner = 1; }', '$inner', 'printf("%s\\n", $s)', '$t = *curtask', '$t']
    p = subprocess.run([bpfsh, "-i"], input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=60)
    want_out = "6\n5 kept\n@m: int64\nkept\n\n\n@m: 10\n"
    want_err = ("stdin:1:1-9: ERROR: Type mismatch for $x: trying to assign value of type 'string' when variable "
                "already contains a value of type 'int64'\n"
                '$x = "s"\n'
                "~~~~~~~~\n"
                "stdin:1:1-7: ERROR: Undefined or undeclared variable: $inner\n"
                "$inner\n"
                "~~~~~~\n"
                "stdin:1:1-14: WARNING: $t lasts only this line: a map can not hold a struct task_struct\n"
                "$t = *curtask\n"
                "~~~~~~~~~~~~~\n"
                "stdin:1:1-3: ERROR: Undefined or undeclared variable: $t\n"
                "$t\n"
                "~~\n")
    if p.returncode != 0 or p.stdout != want_out or p.stderr != want_err:
        return (f"exit {p.returncode}\n--- stdout\n{p.stdout}--- want\n{want_out}"
                f"--- stderr\n{p.stderr}--- want\n{want_err}")
    return None


def verifier_rejection(bpfsh, workload, tmp):
    """A probe the kernel's verifier refuses: the error points into the entry
    (not "ERROR: stdin:..."), nothing of it stays, and the session goes on."""
    entry = "tracepoint:syscalls:sys_enter_getppid { $i = 0; while ($i < 10) { @n = count(); } }"
    p = subprocess.run([bpfsh, "-i"], input=entry + "\nBEGIN { printf(\"still here\\n\"); }\n",
                       capture_output=True, text=True, timeout=30)
    want = ("stdin:1:49-82: ERROR: while loop that never ends in probe 'tracepoint:syscalls:sys_enter_getppid': "
            "the kernel's verifier found an iteration that ends as it began, with nothing changed\n"
            + entry + "\n" + " " * 48 + "~" * 33 + "\n")
    if not p.stderr.startswith(want) or "ERROR: stdin" in p.stderr:
        return f"stderr:\n{p.stderr}--- want it to start with\n{want}"
    if p.returncode != 0 or p.stdout != "still here\n\n\n":
        return f"exit {p.returncode}, stdout {p.stdout!r}"
    return None


def repl_checks(bpfsh, workload: Path, ours):
    results = []
    tests = [
        ("repl/session_on_a_terminal", session_on_a_terminal),
        ("repl/streaming_while_typing", streaming_while_typing),
        ("repl/completion_and_continuation", completion_and_continuation),
        ("repl/editing_to_empty_keeps_the_session", editing_to_empty_keeps_the_session),
        ("repl/hint_on_a_terminal_only", hint_on_a_terminal_only),
        ("repl/line_by_line", line_by_line),
        ("repl/scratch_variables", scratch_variables),
        ("repl/verifier_rejection", verifier_rejection),
    ]
    for name, fn in tests:
        before = ours()
        with tempfile.TemporaryDirectory(prefix="bpfsh-repl-") as d:
            try:
                err = fn(bpfsh, workload, Path(d))
            except Failure as e:
                err = str(e)
            except Exception as e:  # a broken test must fail, not stop the run
                err = f"{type(e).__name__}: {e}"
        err = err or leak_error(ours, before)
        results.append((name, err))
    return results
