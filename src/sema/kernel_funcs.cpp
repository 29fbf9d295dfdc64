#include "sema/kernel_funcs.h"

#include <bpf/btf.h>
#include <fnmatch.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "sema/kernel_types.h"
#include "sema/tracefs.h"

namespace bpfsh::sema::kernel_funcs {

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

std::optional<std::string> read_file(const std::string &path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
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

const std::vector<KernelFunc> &traceable() {
  static const std::vector<KernelFunc> all = [] {
    std::vector<KernelFunc> v;
    if (auto text = read_file(tracefs::root() + "/available_filter_functions"); text && !text->empty())
      v = parse_filter_functions(*text);
    else if (auto syms = read_file("/proc/kallsyms"))
      v = parse_kallsyms(*syms);
    sort_unique(v);
    return v;
  }();
  return all;
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

const std::vector<KernelFunc> &btf_functions() {
  static const std::vector<KernelFunc> all = [] {
    std::vector<KernelFunc> v;
    const struct btf *b = KernelTypes::vmlinux().btf();
    if (!b) return v;
    for (uint32_t id = 1; id < btf__type_cnt(b); id++) {
      const struct btf_type *t = btf__type_by_id(b, id);
      if (btf_is_func(t)) v.push_back({btf__name_by_offset(b, t->name_off), ""});
    }
    sort_unique(v);
    return v;
  }();
  return all;
}

std::optional<Signature> signature(const std::string &name) {
  KernelTypes &kt = KernelTypes::vmlinux();
  const struct btf *b = kt.btf();
  if (!b) return std::nullopt;
  int id = btf__find_by_name_kind(b, name.c_str(), BTF_KIND_FUNC);
  if (id <= 0) return std::nullopt;
  const struct btf_type *proto = btf__type_by_id(b, btf__type_by_id(b, uint32_t(id))->type);
  if (!proto || !btf_is_func_proto(proto)) return std::nullopt;
  Signature sig;
  const struct btf_param *p = btf_params(proto);
  for (uint16_t i = 0; i < btf_vlen(proto); i++) {
    if (p[i].type == 0) break;  // "..." of a variadic function
    Param param;
    param.name = btf__name_by_offset(b, p[i].name_off);
    param.type = kt.type_of(p[i].type);
    param.offset = sig.slots * 8;
    // A struct passed by value takes as many slots as it has 8-byte words.
    long size = btf__resolve_size(b, p[i].type);
    sig.slots += size > 8 ? uint32_t((size + 7) / 8) : 1;
    sig.params.push_back(std::move(param));
  }
  if (proto->type != 0) sig.ret = kt.type_of(proto->type);
  return sig;
}

}  // namespace bpfsh::sema::kernel_funcs
