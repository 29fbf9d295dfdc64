// Lookups in the generated table of header constants.
#include "sema/header_constants.h"

#include <unordered_map>

namespace bpfsh::sema {

std::optional<int64_t> header_constant(const std::string &name) {
  static const std::unordered_map<std::string, int64_t> index = [] {
    std::unordered_map<std::string, int64_t> m;
    for (auto &c : header_constants()) m.emplace(c.name, c.value);
    return m;
  }();
  auto it = index.find(name);
  if (it == index.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> header_constant_names() {
  std::vector<std::string> v;
  for (auto &c : header_constants()) v.emplace_back(c.name);
  return v;
}

}  // namespace bpfsh::sema
