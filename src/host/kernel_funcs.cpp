// Lists of kernel functions from their text and BTF sources.
#include "host/kernel_funcs.h"

#include <bpf/btf.h>
#include <fnmatch.h>

#include <algorithm>
#include <sstream>

namespace bpfsh::host {

namespace {

void sort_unique(std::vector<KernelFunc> &v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// "[nf_tables]" -> "nf_tables"
std::string module_of(const std::string &word) {
  if (word.size() >= 2 && word.front() == '[' && word.back() == ']') return word.substr(1, word.size() - 2);
  return "";
}

}  // namespace

std::vector<KernelFunc> parse_filter_functions(const std::string &text) {
  std::vector<KernelFunc> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    KernelFunc f;
    std::string mod;
    if (!(words >> f.name)) continue;
    if (f.name.rfind("__ftrace_invalid_address__", 0) == 0) continue;
    if (words >> mod) f.module = module_of(mod);
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<KernelFunc> parse_kallsyms(const std::string &text) {
  std::vector<KernelFunc> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string addr, kind, mod;
    KernelFunc f;
    if (!(words >> addr >> kind >> f.name)) continue;
    if (kind != "t" && kind != "T") continue;
    if (words >> mod) f.module = module_of(mod);
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<KernelFunc> traceable_from(const std::string &filter_functions, const std::string &kallsyms) {
  std::vector<KernelFunc> v = filter_functions.empty() ? parse_kallsyms(kallsyms) : parse_filter_functions(filter_functions);
  sort_unique(v);
  return v;
}

std::vector<KernelFunc> match(const std::vector<KernelFunc> &funcs, const std::string &module_pattern,
                              const std::string &name_pattern) {
  std::vector<KernelFunc> out;
  for (const auto &f : funcs) {
    const char *mod = f.module.empty() ? "vmlinux" : f.module.c_str();
    bool mod_ok = module_pattern.empty() || fnmatch(module_pattern.c_str(), mod, 0) == 0;
    if (mod_ok && fnmatch(name_pattern.c_str(), f.name.c_str(), 0) == 0) out.push_back(f);
  }
  return out;
}

std::vector<KernelFunc> btf_functions(const struct btf *b) {
  std::vector<KernelFunc> v;
  if (!b) return v;
  for (uint32_t id = 1; id < btf__type_cnt(b); id++) {
    const struct btf_type *t = btf__type_by_id(b, id);
    if (btf_is_func(t)) v.push_back({btf__name_by_offset(b, t->name_off), ""});
  }
  sort_unique(v);
  return v;
}

}  // namespace bpfsh::host
