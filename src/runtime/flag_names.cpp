#include "runtime/flag_names.h"

#include <cstdio>

namespace bpfsh::runtime {

std::string flag_names_text(uint64_t flags, const std::vector<artifact::FlagName> &names) {
  if (flags == 0) return "none";
  std::string out;
  for (const auto &n : names) {
    if (n.mask == 0 || (flags & n.mask) != n.mask) continue;
    out += (out.empty() ? "" : "|") + n.name;
    flags &= ~n.mask;
  }
  if (flags) {
    char rest[24];
    std::snprintf(rest, sizeof rest, "0x%llx", static_cast<unsigned long long>(flags));
    out += (out.empty() ? "" : "|") + std::string(rest);
  }
  return out;
}

}  // namespace bpfsh::runtime
