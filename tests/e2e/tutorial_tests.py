"""docs/tutorial.md, run by run.py (`tutorial`): every command of its
```console blocks runs, in order, in one scratch folder, with the bpfsh under
test first on PATH, and its output (standard output and error together) must
have the shape the tutorial shows:
  - `# ` starts a command; a command with `<<'EOF'` takes the lines up to
    `EOF` with it; every other line is output;
  - numbers match any number, a histogram's bar any bar, and a run of
    spaces any run (columns widen with their numbers);
  - a line `...` matches any lines, none included;
  - trailing blanks and blank lines at the end do not count.
A command that prints nothing in the tutorial must print nothing here."""
import os
import re
import subprocess
import tempfile
from pathlib import Path

TUTORIAL = Path(__file__).resolve().parents[2] / "docs" / "tutorial.md"


def commands(text):
    """(first line, command, expected output lines) in the order of the text."""
    out = []
    for block in re.findall(r"^( *)```console\n(.*?)^\1```", text, re.M | re.S):
        indent, body = block
        lines = [line[len(indent):] for line in body.split("\n")]
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            if not line.startswith("# "):
                if not out:
                    raise ValueError(f"a console block's output before its first command: {line!r}")
                out[-1][2].append(line if line.strip() else "")
                continue
            cmd = line[2:]
            if "<<'EOF'" in cmd:
                while i < len(lines) and lines[i] != "EOF":
                    cmd += "\n" + lines[i]
                    i += 1
                cmd += "\nEOF"
                i += 1
            out.append((line[2:], cmd, []))
    return out


def shape(line):
    line = re.sub(r"\|[@ ]*\|", "|BAR|", line.rstrip())
    return re.sub(r" +", " ", re.sub(r"\d+(\.\d+)?", "N", line))


def matches(want, got):
    """Whether output lines `got` have the shape of `want` (with `...`)."""
    def trim(lines):
        lines = [shape(x) for x in lines]
        while lines and not lines[-1]:
            lines.pop()
        return lines
    want, got = trim(want), trim(got)
    pattern = "".join(".*?" if w == "..." else re.escape(w + "\n") for w in want)
    return re.fullmatch(pattern, "".join(g + "\n" for g in got), re.S) is not None


def tutorial_checks(bpfsh):
    results = []
    env = dict(os.environ, PATH=f"{Path(bpfsh).parent}:{os.environ['PATH']}", LANG="C")
    env.pop("LC_ALL", None)
    steps = commands(TUTORIAL.read_text())
    if len(steps) < 15:
        return [("tutorial/commands", f"found only {len(steps)} commands in {TUTORIAL}")]
    with tempfile.TemporaryDirectory(prefix="bpfsh-tutorial-") as t:
        for n, (first, cmd, want) in enumerate(steps, 1):
            try:
                # One pipe for both streams: their lines interleave as on a terminal.
                p = subprocess.run(["bash", "-c", cmd], cwd=t, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, timeout=60, stdin=subprocess.DEVNULL)
                got = p.stdout.split("\n")
                err = None if matches(want, got) else (
                    f"{first!r} printed:\n" + "\n".join(got[:40]) + "\nwant the shape of:\n" + "\n".join(want))
            except subprocess.TimeoutExpired:
                err = f"{first!r} timed out"
            results.append((f"tutorial/{n:02d}", err))
    return results
