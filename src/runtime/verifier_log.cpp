#include "runtime/verifier_log.h"

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

bool bookkeeping(std::string_view l) {
  for (std::string_view p : {"processed ", "verification time", "stack depth", "max_states_per_insn",
                             "-- END PROG LOAD LOG", "Validating ", "libbpf: "})
    if (l.starts_with(p)) return true;
  return l.find_first_not_of(" \t") == std::string_view::npos;
}

}  // namespace

// bpf_probe_write_user (write_user()) is offered only to CAP_SYS_ADMIN and
// never by a locked-down kernel (kernel/trace/bpf_trace.c,
// bpf_get_probe_write_proto; LOCKDOWN_BPF_WRITE_USER).
std::string refused_helper_hint(std::string_view summary) {
  if (summary.find("cannot use helper bpf_probe_write_user") == std::string_view::npos) return "";
  return "write_user() needs bpf_probe_write_user, which the kernel refuses when it is locked down "
         "(kernel_lockdown(7)) or the caller lacks CAP_SYS_ADMIN";
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
