#!/usr/bin/env python3
"""Seeds for the fuzz targets, from the project's own scripts: every .bt under
tests/ and stdlib/ for the parser and the front end, the printf-style format
strings in them for the format target, and a libFuzzer dictionary of the
words and operators they use. Nothing is checked in twice: the corpus is
rebuilt from the tests each run, beside what earlier runs found.

usage: seed_corpus.py OUTDIR   (writes OUTDIR/{parser,frontend,format}/ and OUTDIR/bpftrace.dict)
"""
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT_DIRS = ["tests/e2e/cases", "tests/language", "tests/errors", "tests/kernel", "stdlib"]
FORMAT_CALL = re.compile(r'\b(?:printf|errorf|warnf|fail|system|cat)\(\s*"((?:[^"\\]|\\.)*)"')
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[-+*/%<>=!&|^~]{1,3}|::?|\$\d")


# Scripts too slow for a fuzz input (over the 10 s a unit may take): the
# jump-range golden spends 12 s in the BPF backend to reach its limit.
TOO_SLOW = {"backend_branch_out_of_range.bt"}


def scripts():
    for d in SCRIPT_DIRS:
        yield from (p for p in sorted((ROOT / d).rglob("*.bt")) if p.name not in TOO_SLOW)


def put(folder: Path, data: bytes):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def dictionary(texts):
    seen = {}
    for t in texts:
        for w in WORD.findall(t):
            seen[w] = seen.get(w, 0) + 1
    words = sorted(seen, key=lambda w: -seen[w])[:600]
    return "".join('"%s"\n' % w.replace("\\", "\\\\").replace('"', '\\"') for w in words)


def main():
    out = Path(sys.argv[1])
    texts = []
    for path in scripts():
        data = path.read_bytes()
        texts.append(data.decode("utf-8", "replace"))
        put(out / "parser", data)
        put(out / "frontend", data)
        for fmt in FORMAT_CALL.findall(texts[-1]):
            # The escapes as the lexer would leave them, then 24 payload bytes.
            raw = fmt.encode().decode("unicode_escape", "replace").encode("utf-8", "replace")
            put(out / "format", raw + b"\0" + bytes(range(1, 25)))
    (out / "bpftrace.dict").write_text(dictionary(texts))
    print("seeds: %d scripts" % len(texts))


if __name__ == "__main__":
    main()
