"""Renders scripts/bench's rows as a plain-text or Markdown table."""


def fmt(v, unit):
    if isinstance(v, str):
        return v
    if v is None:
        return "n/a"
    if unit == "x":
        return f"{v:.2f}x"
    if abs(v) >= 100:
        return f"{v:.0f} {unit}"
    return f"{v:.1f} {unit}"


def ratio(a, b):
    if isinstance(a, float) and isinstance(b, float) and b > 0 and a >= 0:
        return a / b
    return None


def verdict(row):
    """(goal text, "yes"/"NO"/"") for bpfsh against the row's goals."""
    v = row.values
    parts, oks = [], []
    if row.goal_bpftrace is not None:
        parts.append(f"<= {row.goal_bpftrace:g}x bpftrace")
        r = ratio(v.get("bpfsh"), v.get("bpftrace"))
        oks.append(None if r is None else r <= row.goal_bpftrace)
    if row.goal_ref is not None:
        parts.append(f"<= {row.goal_ref:g}x ref")
        r = ratio(v.get("bpfsh"), v.get("ref"))
        oks.append(None if r is None else r <= row.goal_ref)
    if row.goal_abs is not None:
        parts.append(f"<= {fmt(row.goal_abs, row.unit)}")
        b = v.get("bpfsh")
        oks.append(b <= row.goal_abs if isinstance(b, float) else None)
    if not parts:
        return "", ""
    if any(o is None for o in oks):
        met = "n/a"
    else:
        met = "yes" if all(oks) else "NO"
    return "; ".join(parts), met


def cells(row):
    v = row.values
    goal, met = verdict(row)
    rb = ratio(v.get("bpfsh"), v.get("bpftrace")) if row.unit != "x" else None
    rr = ratio(v.get("bpfsh"), v.get("ref")) if row.unit != "x" else None
    return [row.name, fmt(v.get("bpfsh"), row.unit), fmt(v.get("bpftrace"), row.unit), fmt(v.get("ref"), row.unit),
            f"{rb:.2f}x" if rb is not None else "", f"{rr:.2f}x" if rr is not None else "", goal, met]


HEAD = ["measurement", "bpfsh", "bpftrace", "reference", "bpfsh/bpftrace", "bpfsh/ref", "goal", "met"]


def render(rows, info, took, markdown=False):
    out = []
    if markdown:
        out.append(f"Measured {info}. The whole bench took {took:.0f} s.\n")
        section = None
        for row in rows:
            if row.section != section:
                section = row.section
                out.append(f"\n**{section}**\n")
                out.append("| " + " | ".join(HEAD) + " |")
                out.append("|" + "|".join(["---"] + ["---:"] * 5 + ["---", "---"]) + "|")
            c = cells(row)
            out.append("| " + " | ".join(x.replace("|", "\\|") for x in c) + " |")
            if row.note:
                out.append(f"| _{row.note}_ |" + " |" * 7)
        return "\n".join(out) + "\n"
    table = [HEAD]
    notes = []
    section = None
    for row in rows:
        if row.section != section:
            section = row.section
            table.append([f"[{section}]"] + [""] * 7)
        table.append(cells(row))
        if row.note:
            table.append(["    " + row.note] + [""] * 7)
    widths = [max(len(r[i]) for r in table if not r[0].startswith(("[", "    "))) for i in range(8)]
    for r in table:
        if r[0].startswith(("[", "    ")):
            out.append(r[0])
            continue
        out.append("  ".join(r[i].ljust(widths[i]) if i == 0 or i >= 6 else r[i].rjust(widths[i])
                             for i in range(8)).rstrip())
    out.append("")
    out.append(f"{info}")
    out.append(f"bench took {took:.0f} s; medians of interleaved runs. reference = hand-written libbpf C "
               "(tests/bench/ref), clang for compile rows.")
    return "\n".join(out) + "\n" + "\n".join(notes)
