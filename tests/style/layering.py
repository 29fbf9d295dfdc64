#!/usr/bin/env python3
"""Layering: a stage includes only its own headers and those of the stages it
links (src/CMakeLists.txt), so data flows one way. The build enforces the same
through each stage's include path (bpfsh_layer); this test says which
#include broke it, in words, and catches a link list that points up.

usage: layering.py SRC_DIR; prints each offending #include, exits 1 if any.
"""
import re
import sys
from pathlib import Path

LINK = re.compile(r"target_link_libraries\(\s*(bpfsh[\w-]*)\s+([^)]*)\)", re.S)
STAGES = ["common", "host", "symbols", "artifact", "artifact_io", "ast", "parser", "sema", "codegen",
          "driver", "runtime", "run", "repl", "cli"]
# bpfsh-run runs compiled programs without the compiler: none of these may
# be in what it links, directly or not.
COMPILER = {"host", "symbols", "ast", "parser", "sema", "codegen", "driver"}
TARGETS = {"bpfsh": "cli", "bpfsh-run": "run"}


def graph(cmake: str):
    deps = {s: set() for s in STAGES}
    for target, args in LINK.findall(cmake):
        stage = TARGETS.get(target, target.removeprefix("bpfsh_"))
        if stage not in deps:
            continue
        for lib in re.findall(r"\bbpfsh_(\w+)", args):
            if lib in deps:
                deps[stage].add(lib)
    return deps


def closure(deps, stage, seen=None):
    seen = set() if seen is None else seen
    for d in deps[stage]:
        if d not in seen:
            seen.add(d)
            closure(deps, d, seen)
    return seen


def main(argv):
    src = Path(argv[1])
    deps = graph((src / "CMakeLists.txt").read_text())
    bad = []
    order = {s: i for i, s in enumerate(STAGES)}
    for stage, ds in deps.items():
        for d in ds:
            if order[d] >= order[stage] and not (stage == "cli"):
                bad.append(f"src/CMakeLists.txt: {stage} links {d}, which is not below it")
    for d in sorted(closure(deps, "run") & COMPILER):
        bad.append(f"src/CMakeLists.txt: bpfsh-run links {d}, a stage of the compiler")
    for stage in STAGES:
        allowed = closure(deps, stage) | {stage}
        for path in sorted((src / stage).rglob("*")):
            if path.suffix not in (".cpp", ".h", ".yy", ".l"):
                continue
            for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                m = re.match(r'\s*#\s*include\s+"(\w+)/', line)
                if m and m.group(1) in order and m.group(1) not in allowed:
                    bad.append(f"{path}:{n}: {stage} includes {m.group(1)}, which it does not link: {line.strip()}")
    for b in bad:
        print(b)
    print(f"{len(bad)} layering violations")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
