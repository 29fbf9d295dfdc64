#include "runtime/verifier_message.h"

#include "common/diag.h"

namespace bpfsh::runtime {

namespace {

using artifact::InsnSource;
using artifact::SourceSpan;

// Where the instruction `insn` comes from; null when the probe has no
// sources or it comes before the first.
const InsnSource *source_of(const artifact::ProbeSpec &p, uint32_t insn) {
  const InsnSource *found = nullptr;
  for (const InsnSource &s : p.insn_sources) {
    if (s.insn > insn) break;
    found = &s;
  }
  return found;
}

std::string loop_name(const std::string &kind) {
  if (kind == "for") return "for loop";
  if (kind == "unroll") return "unroll";
  return "while loop";
}

// A rejection explained: located, "<what> in probe 'X'<why>"; without the
// script, "probe 'X': <what><why>".
struct Explained {
  SourceSpan at;  // line 0: the probe's attach point
  std::string what, why, hint;
};

// Loops: the verifier follows a while loop one iteration after another (an
// unroll is as many copies of its body), but checks the body of a for loop
// (bpf_loop, bpf_for_each_map_elem) once.
// A loop too long is either: the verifier follows at most 1M instructions
// (TooLarge), and keeps at most 8192 branches to come back to (TooComplex).
Explained too_large(const InsnSource *src, const Verdict &v) {
  bool jumps = v.why == Rejection::TooComplex;
  std::string limit = v.limit ? std::to_string(v.limit) : std::string(jumps ? "8192" : "1000000");
  std::string after = jumps ? "a sequence of " + limit + " jumps" : limit + " instructions";
  if (v.line.empty())  // E2BIG before the verifier ran
    return {{}, "program too large for the kernel",
            ": it loads programs of at most " + limit + " instructions (Argument list too long)",
            "split the work over several probes"};
  if (!src || !src->loop.line)
    return {{}, jumps ? "program too complex for the kernel's verifier" : "program too large for the kernel's verifier",
            ": it gave up after " + after, "split the work over several probes"};
  std::string hint = "bound it with a smaller count, or count with for ($i : 0..N), whose body the kernel checks "
                     "once, not per iteration";
  if (src->loop_kind == "unroll")
    hint = "unroll copies its body once per iteration: unroll fewer times, or count with for ($i : 0..N), whose "
           "body the kernel checks once";
  if (src->loop_kind == "for") hint = "make the body smaller, or bound the loops inside it with smaller counts";
  return {src->loop, loop_name(src->loop_kind) + " too long for the kernel's verifier",
          ": it checks every iteration and gave up after " + after, hint};
}

Explained explain(const InsnSource *src, const Verdict &v) {
  SourceSpan stmt = src ? src->stmt : SourceSpan{};
  SourceSpan loop = src && src->loop.line ? src->loop : stmt;
  std::string kind = src && src->loop.line ? loop_name(src->loop_kind) : "loop";
  switch (v.why) {
    case Rejection::TooLarge:
    case Rejection::TooComplex: return too_large(src, v);
    case Rejection::InfiniteLoop:
      return {loop, kind + " that never ends",
              ": the kernel's verifier found an iteration that ends as it began, with nothing changed",
              "make each iteration change what the condition tests, or leave the loop with break"};
    case Rejection::BackEdge:
      return {loop, "loops are not allowed", " by this kernel's verifier (" + v.line + ")",
              "repeat the body with unroll (N) { ... }, or count with for ($i : 0..N) (bpf_loop, Linux 5.17)"};
    case Rejection::InvalidMemory:
      return {stmt, "memory access the kernel's verifier refused", ": " + v.line,
              "bpfsh should not have let this through: please report it, with the log -v prints"};
    case Rejection::StackLimit:
      return {{}, "stack larger than the kernel allows", ": " + v.line,
              "the probe and the bodies of its for loops share 512 bytes of stack: use fewer strings and "
              "tuples at once, or make strings smaller (config max_strlen)"};
    // The verifier finds a typed ksym's address (percpu_kaddr()'s
    // variables) with kallsyms_lookup_name, which knows data symbols only
    // with CONFIG_KALLSYMS_ALL.
    case Rejection::NoSymbolAddress:
      return {{}, "the kernel can not give the address of '" + v.symbol + "'",
              ": its /proc/kallsyms lists no data symbols (built without CONFIG_KALLSYMS_ALL), and the verifier "
              "finds kernel variables there",
              "percpu_kaddr() needs a kernel built with CONFIG_KALLSYMS_ALL"};
    case Rejection::Other: break;
  }
  return {};
}

}  // namespace

std::optional<std::string> rejection_message(const artifact::Artifact &a, const artifact::ProbeSpec &p,
                                             const Verdict &v) {
  if (v.why == Rejection::Other) return std::nullopt;
  std::string probe = "probe '" + (p.display.empty() ? p.prog_name : p.display) + "'";
  Explained e = explain(v.insn ? source_of(p, *v.insn) : nullptr, v);
  SourceSpan at = e.at.line ? e.at : p.place;
  if (!at.line || a.source_text.empty()) return probe + ": " + e.what + e.why + "\nHINT: " + e.hint;
  Diagnostic d;
  d.range = SourceRange{{at.line, at.col}, {at.end_line, at.end_col}};
  d.message = e.what + " in " + probe + e.why;
  d.hints.push_back(e.hint);
  return render_diagnostic(d, SourceFile{a.source_name, a.source_text});
}

}  // namespace bpfsh::runtime
