#!/usr/bin/env python3
"""Size limits of the source tree (docs/architecture.md): no file over 600
lines, no function over 60 lines. A function is a top-level or class-level
definition whose body opens with '{' at the end of its signature line;
tables (an initializer `= {` or a `static const` table) are exempt.

usage: sizes.py SRC_DIR [--max-file N] [--max-function N]; prints each
offender and exits 1 when there is one.
"""
import re
import sys
from pathlib import Path

SIGNATURE = re.compile(r"^(\s*)(?!(?:if|for|while|switch|return|else|do|case|namespace|struct|class|enum|union|extern)\b)"
                       r"[\w:<>,*&~\s\[\]]+\([^;{}]*\)\s*(?:const\s*)?(?:noexcept\s*)?(?:override\s*)?"
                       r"(?:->\s*[\w:<>*&\s]+)?(?::[^;{]*)?\{\s*(?://.*)?$")


def strip(line):
    return re.sub(r'"(\\.|[^"\\])*"|\'(\\.|[^\'\\])*\'|//.*', "", line)


def logical_lines(lines):
    """(first line index, text) with a signature's continuation lines joined."""
    i = 0
    while i < len(lines):
        text, j = lines[i], i
        while strip(text).count("(") > strip(text).count(")") and j + 1 < len(lines) and j - i < 6:
            j += 1
            text += " " + lines[j].strip()
        yield i, j, text
        i = j + 1


def is_table(body):
    """Most of the body is one brace initializer: a table, which may be long."""
    inside, depth, start = 0, 0, None
    for k, line in enumerate(body):
        code = strip(line)
        if start is None and re.search(r"=\s*\{\s*$|\(\s*\{\s*$", code):
            start, depth = k, 0
        if start is not None:
            depth += code.count("{") - code.count("}")
            if depth <= 0:
                inside += k - start + 1
                start = None
    return inside * 2 > len(body)


def function_lengths(lines):
    """(line number, length) of each function body, by brace depth."""
    skip_to = -1
    for i, last, text in logical_lines(lines):
        if i <= skip_to:
            continue
        head = text.split("(")[0]
        if not SIGNATURE.match(text) or "=" in head or "[" in head:
            continue
        depth, j = 0, last
        for j in range(i, len(lines)):
            code = strip(lines[j])
            depth += code.count("{") - code.count("}")
            if j >= last and depth <= 0:
                break
        skip_to = j
        if not is_table(lines[last + 1:j]):
            yield i + 1, j - i + 1


def main(argv):
    root = Path(argv[1])
    max_file = int(argv[argv.index("--max-file") + 1]) if "--max-file" in argv else 600
    max_fn = int(argv[argv.index("--max-function") + 1]) if "--max-function" in argv else 60
    bad = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".cpp", ".h", ".cc", ".hpp", ".c", ".y", ".yy", ".l"):
            continue
        lines = path.read_text(errors="replace").splitlines()
        if len(lines) > max_file:
            bad.append(f"{path}: {len(lines)} lines (limit {max_file})")
        if path.suffix in (".y", ".yy", ".l"):
            continue
        for start, n in function_lengths(lines):
            if n > max_fn:
                bad.append(f"{path}:{start}: function of {n} lines (limit {max_fn})")
    for b in bad:
        print(b)
    print(f"{len(bad)} over the limits")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
