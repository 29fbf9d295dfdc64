#include "runtime/verifier_log.h"

#include <cctype>
#include <cerrno>
#include <vector>

namespace bpfsh::runtime {

namespace {

std::vector<std::string_view> lines(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty()) {
    size_t nl = s.find('\n');
    out.push_back(s.substr(0, nl));
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
  return out;
}

// "KIND 'NAME': REST" (kind "prog '" or "map '") -> NAME, REST; false if
// the line is not of that form.
bool named_line(std::string_view line, std::string_view kind, std::string_view &name, std::string_view &rest) {
  size_t at = line.find(kind);
  if (at == std::string_view::npos) return false;
  size_t start = at + kind.size(), end = line.find("': ", start);
  if (end == std::string_view::npos) return false;
  name = line.substr(start, end - start);
  rest = line.substr(end + 3);
  return true;
}

// The states an "infinite loop detected" line is followed by are detail.
bool bookkeeping(std::string_view l) {
  for (std::string_view p : {"processed ", "verification time", "stack depth", "max_states_per_insn",
                             "-- END PROG LOAD LOG", "Validating ", "libbpf: ", "cur state:", "old state:"})
    if (l.starts_with(p)) return true;
  return l.find_first_not_of(" \t") == std::string_view::npos;
}

// "N: (..." is the verifier printing instruction N; its N.
std::optional<uint32_t> insn_line(std::string_view l) {
  size_t digits = 0;
  while (digits < l.size() && std::isdigit(static_cast<unsigned char>(l[digits]))) digits++;
  if (!digits || digits > 9 || !l.substr(digits).starts_with(": (")) return std::nullopt;
  return uint32_t(std::stoul(std::string(l.substr(0, digits))));
}

// The number right after `word` in l: "at insn 12" -> 12.
std::optional<uint64_t> number_after(std::string_view l, std::string_view word) {
  size_t at = l.find(word);
  if (at == std::string_view::npos) return std::nullopt;
  size_t start = at + word.size(), end = start;
  while (end < l.size() && end - start < 18 && std::isdigit(static_cast<unsigned char>(l[end]))) end++;
  if (end == start) return std::nullopt;
  return std::stoull(std::string(l.substr(start, end - start)));
}

// What a line of the log says went wrong; Other for any other line.
// Instructions ("N: (...") and the script's lines the log quotes ("; ...")
// say nothing, whatever their text.
Rejection reason_of(std::string_view l) {
  if (l.empty() || l[0] == ';' || std::isdigit(static_cast<unsigned char>(l[0]))) return Rejection::Other;
  if (l.starts_with("BPF program is too large")) return Rejection::TooLarge;
  if (l.starts_with("The sequence of ") && l.find(" jumps is too complex") != std::string_view::npos)
    return Rejection::TooComplex;
  if (l.starts_with("infinite loop detected")) return Rejection::InfiniteLoop;
  if (l.starts_with("back-edge from insn")) return Rejection::BackEdge;
  if (l.starts_with("ldimm64 failed to find the address for kernel symbol '")) return Rejection::NoSymbolAddress;
  bool stack = l.find("stack") != std::string_view::npos;
  if (stack && (l.find("Too large") != std::string_view::npos || l.find("exceeds") != std::string_view::npos))
    return Rejection::StackLimit;  // "combined stack size of ..", "stack depth N exceeds .. limit"
  for (std::string_view p : {"invalid mem access", "invalid read from stack", "invalid write to stack",
                             "invalid indirect read from stack", "invalid access to", "invalid bpf_context access",
                             "invalid stack", "invalid size of register"})
    if (l.find(p) != std::string_view::npos) return Rejection::InvalidMemory;
  return Rejection::Other;
}

}  // namespace

Verdict classify_rejection(std::string_view log, int err) {
  Verdict v;
  auto ls = lines(log);
  size_t at = ls.size();
  for (size_t i = ls.size(); i-- > 0;) {
    if (ls[i].starts_with("processed ")) v.limit = number_after(ls[i], "(limit ").value_or(0);
    if (v.why == Rejection::Other && (v.why = reason_of(ls[i])) != Rejection::Other) {
      v.line = std::string(ls[i]);
      at = i;
    }
  }
  if (v.why == Rejection::Other) {
    v.line = verifier_summary(log);
    // Longer than the verifier takes at all: refused before it ran.
    if (log.find_first_not_of(" \t\n") == std::string_view::npos && err == E2BIG) v.why = Rejection::TooLarge;
    return v;
  }
  if (v.why == Rejection::InfiniteLoop) v.insn = number_after(v.line, "at insn ");
  if (v.why == Rejection::BackEdge) v.insn = number_after(v.line, "from insn ");
  for (size_t j = at; !v.insn && j-- > 0;) v.insn = insn_line(ls[j]);
  if (v.why == Rejection::TooLarge && !v.limit) v.limit = number_after(v.line, "Processed ").value_or(0);
  if (v.why == Rejection::TooComplex) v.limit = number_after(v.line, "sequence of ").value_or(0);
  if (v.why == Rejection::NoSymbolAddress) {
    size_t open = v.line.find('\''), close = v.line.rfind('\'');
    if (close > open) v.symbol = v.line.substr(open + 1, close - open - 1);
  }
  return v;
}

// bpf_probe_write_user (write_user()) is offered only to CAP_SYS_ADMIN and
// never by a locked-down kernel (kernel/trace/bpf_trace.c,
// bpf_get_probe_write_proto; LOCKDOWN_BPF_WRITE_USER).
// bpf_override_return (override()) exists only in a kernel built with
// CONFIG_BPF_KPROBE_OVERRIDE (kernel/trace/bpf_trace.c, kprobe_prog_func_proto).
std::string refused_helper_hint(std::string_view summary) {
  if (summary.find("cannot use helper bpf_probe_write_user") != std::string_view::npos)
    return "write_user() needs bpf_probe_write_user, which the kernel refuses when it is locked down "
           "(kernel_lockdown(7)) or the caller lacks CAP_SYS_ADMIN";
  // "unknown func" where the kernel has no such helper at all (Debian's).
  if (summary.find("cannot use helper bpf_override_return") != std::string_view::npos ||
      summary.find("unknown func bpf_override_return") != std::string_view::npos)
    return "override() needs bpf_override_return, which only a kernel built with CONFIG_BPF_KPROBE_OVERRIDE has";
  return "";
}

LoadFailure parse_load_failure(std::string_view msgs) {
  LoadFailure f;
  bool in_log = false;
  for (std::string_view l : lines(msgs)) {
    std::string_view name, rest;
    if (in_log) {
      if (l.starts_with("-- END PROG LOAD LOG --")) in_log = false;
      else f.log.append(l).append("\n");
      continue;
    }
    if (named_line(l, "map '", name, rest) && rest.starts_with("failed to create: ")) {
      f.map = std::string(name);
      rest.remove_prefix(18);
      f.map_reason = std::string(rest.substr(0, rest.rfind('(')));
      continue;
    }
    if (!named_line(l, "prog '", name, rest)) continue;
    if (rest.starts_with("BPF program load failed: ")) {
      f.prog = std::string(name);
      f.reason = std::string(rest.substr(25));
      f.log.clear();
    } else if (rest.starts_with("-- BEGIN PROG LOAD LOG --")) {
      in_log = true;
      f.prog = std::string(name);
    } else if (f.prog.empty() && rest.starts_with("failed to load")) {
      f.prog = std::string(name);
    }
  }
  return f;
}

std::string verifier_summary(std::string_view log) {
  auto ls = lines(log);
  for (auto it = ls.rbegin(); it != ls.rend(); ++it)
    if (!bookkeeping(*it)) return std::string(*it);
  return "";
}

}  // namespace bpfsh::runtime
