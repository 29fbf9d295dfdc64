// BTF names and prototypes as bpfsh -l prints them.
#include "sema/btf_catalog.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/btf.h>

#include <set>

namespace bpfsh::sema::btf_catalog {
namespace {

std::string name_of(const struct btf *b, const btf_type *t) { return btf__name_by_offset(b, t->name_off); }

// C spelling of a type as bpftrace lists it: "struct file *", "u32".
std::string type_name(const struct btf *b, uint32_t id, int depth = 0) {
  if (id == 0) return "void";
  const btf_type *t = btf__type_by_id(b, id);
  if (!t || depth > 16) return "?";
  switch (btf_kind(t)) {
    case BTF_KIND_PTR: {
      const btf_type *to = btf__type_by_id(b, t->type);
      if (to && btf_kind(to) == BTF_KIND_FUNC_PROTO) return "void *";
      return type_name(b, t->type, depth + 1) + " *";
    }
    case BTF_KIND_CONST: return "const " + type_name(b, t->type, depth + 1);
    case BTF_KIND_VOLATILE: return "volatile " + type_name(b, t->type, depth + 1);
    case BTF_KIND_RESTRICT:
    case BTF_KIND_TYPE_TAG: return type_name(b, t->type, depth + 1);
    case BTF_KIND_STRUCT: return "struct " + name_of(b, t);
    case BTF_KIND_UNION: return "union " + name_of(b, t);
    case BTF_KIND_ENUM:
    case BTF_KIND_ENUM64: return "enum " + name_of(b, t);
    case BTF_KIND_FWD: return (btf_kflag(t) ? "union " : "struct ") + name_of(b, t);
    case BTF_KIND_ARRAY: {
      const struct btf_array *a = btf_array(t);
      return type_name(b, a->type, depth + 1) + "[" + std::to_string(a->nelems) + "]";
    }
    default: return name_of(b, t);
  }
}

std::vector<std::string> proto_params(const struct btf *b, uint32_t proto_id, size_t skip) {
  std::vector<std::string> out;
  const btf_type *proto = btf__type_by_id(b, proto_id);
  if (!proto || btf_kind(proto) != BTF_KIND_FUNC_PROTO) return out;
  const btf_param *p = btf_params(proto);
  for (size_t i = skip; i < btf_vlen(proto); i++) {
    std::string name = btf__name_by_offset(b, p[i].name_off);
    out.push_back(type_name(b, p[i].type) + (name.empty() ? "" : " " + name));
  }
  return out;
}

template <typename Fn>
void each_type(const struct btf *b, Fn fn) {
  if (!b) return;
  for (uint32_t id = 1; id < btf__type_cnt(b); id++) fn(b, id, btf__type_by_id(b, id));
}

}  // namespace

std::vector<std::string> functions(const struct btf *b) {
  std::set<std::string> out;
  each_type(b, [&](const struct btf *b, uint32_t, const btf_type *t) {
    if (btf_is_func(t)) out.insert(name_of(b, t));
  });
  return {out.begin(), out.end()};
}

std::vector<std::string> raw_tracepoints(const struct btf *b) {
  const std::string prefix = "btf_trace_";
  std::set<std::string> out;
  each_type(b, [&](const struct btf *b, uint32_t, const btf_type *t) {
    if (!btf_is_typedef(t)) return;
    std::string n = name_of(b, t);
    if (n.rfind(prefix, 0) == 0) out.insert(n.substr(prefix.size()));
  });
  return {out.begin(), out.end()};
}

std::vector<std::string> iterators(const struct btf *b) {
  std::set<std::string> structs, funcs;
  each_type(b, [&](const struct btf *b, uint32_t, const btf_type *t) {
    std::string n = name_of(b, t);
    if (btf_is_struct(t) && n.rfind("bpf_iter__", 0) == 0) structs.insert(n.substr(10));
    if (btf_is_func(t) && n.rfind("bpf_iter_", 0) == 0) funcs.insert(n.substr(9));
  });
  std::vector<std::string> out;
  for (const auto &s : structs)
    if (funcs.count(s)) out.push_back(s);
  return out;
}

Functions::Functions(const struct btf *b) : b_(b) {
  each_type(b, [&](const struct btf *b, uint32_t id, const btf_type *t) {
    if (btf_is_func(t)) ids_.emplace(name_of(b, t), id);
  });
}

const btf_type *Functions::proto(const std::string &name) const {
  auto it = ids_.find(name);
  if (it == ids_.end()) return nullptr;
  const btf_type *p = btf__type_by_id(b_, btf__type_by_id(b_, it->second)->type);
  return p && btf_kind(p) == BTF_KIND_FUNC_PROTO ? p : nullptr;
}

std::optional<std::vector<std::string>> Functions::params(const std::string &name) const {
  auto it = ids_.find(name);
  if (it == ids_.end()) return std::nullopt;
  return proto_params(b_, btf__type_by_id(b_, it->second)->type, 0);
}

// btf_trace_EVENT's prototype has no parameter names; __bpf_trace_EVENT,
// the function the kernel calls the programs from, has the same parameters
// with names, after the tracepoint's void *__data.
std::optional<std::vector<std::string>> Functions::raw_tracepoint_params(const std::string &event) const {
  auto p = params("__bpf_trace_" + event);
  if (p && !p->empty()) p->erase(p->begin());
  return p;
}

std::optional<std::string> Functions::return_type(const std::string &name) const {
  const btf_type *p = proto(name);
  if (!p) return std::nullopt;
  return type_name(b_, p->type);
}

}  // namespace bpfsh::sema::btf_catalog
