// ast::Type views of kernel BTF types.
#include "sema/kernel_types.h"

#include <bpf/btf.h>

#include <cstring>
#include <sstream>

namespace bpfsh::sema {

using ast::Type;

namespace {

// C's integer spellings ("unsigned int", "long long", "u8", "__s32", ...).
std::optional<Type> c_integer(const std::string &name) {
  static const std::pair<const char *, Type> fixed[] = {
      {"u8", Type::integer(8, false)},   {"s8", Type::integer(8, true)},
      {"u16", Type::integer(16, false)}, {"s16", Type::integer(16, true)},
      {"u32", Type::integer(32, false)}, {"s32", Type::integer(32, true)},
      {"u64", Type::integer(64, false)}, {"s64", Type::integer(64, true)},
      {"bool", Type::integer(8, false)}, {"_Bool", Type::integer(8, false)},
  };
  std::string n = name.rfind("__", 0) == 0 ? name.substr(2) : name;
  for (auto &[k, t] : fixed)
    if (n == k) return t;
  std::istringstream words(name);
  int longs = 0;
  bool is_unsigned = false, is_char = false, is_short = false, any = false;
  for (std::string w; words >> w;) {
    if (w == "unsigned") is_unsigned = true;
    else if (w == "signed") is_unsigned = false;
    else if (w == "long") longs++;
    else if (w == "short") is_short = true;
    else if (w == "char") is_char = true;
    else if (w != "int") return std::nullopt;
    any = true;
  }
  if (!any) return std::nullopt;
  uint32_t bits = is_char ? 8 : is_short ? 16 : longs ? 64 : 32;
  return Type::integer(bits, !is_unsigned);
}

std::string trim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  size_t i = s.find_first_not_of(' ');
  return i == std::string::npos ? "" : s.substr(i);
}

}  // namespace

bool KernelTypes::available(std::string *why) {
  if (!tried_) {
    tried_ = true;
    if (binary_.empty()) {
      btf_ = host_.kernel_btf(&error_);
    } else if ((debug_ = host_.debug_info(binary_, &error_))) {
      btf_ = debug_->types;
    }
  }
  if (!btf_ && why) *why = error_;
  return btf_ != nullptr;
}

// Converts BTF type `id`; records stay by name so conversion never recurses
// into a record's members (task_struct alone reaches most of the kernel).
Type KernelTypes::convert(uint32_t id, int depth) {
  const struct btf_type *t = btf__type_by_id(btf_, id);
  if (!t || depth > 16) return Type::integer(64, false);
  switch (btf_kind(t)) {
    case BTF_KIND_INT: {
      uint32_t enc = btf_int_encoding(t);
      return Type::integer(t->size * 8 > 64 ? 64 : t->size * 8, (enc & BTF_INT_SIGNED) != 0);
    }
    case BTF_KIND_ENUM:
    case BTF_KIND_ENUM64: {
      Type r = Type::integer(t->size * 8, btf_kflag(t));
      r.enum_def = enum_def(id);
      return r;
    }
    case BTF_KIND_PTR: {
      const struct btf_type *p = btf__type_by_id(btf_, btf__resolve_type(btf_, t->type));
      if (t->type == 0 || !p || btf_kind(p) == BTF_KIND_FUNC_PROTO) return Type::pointer(std::nullopt);
      return Type::pointer(convert(t->type, depth + 1));
    }
    case BTF_KIND_STRUCT:
    case BTF_KIND_UNION: {
      std::string name = btf__name_by_offset(btf_, t->name_off);
      std::string prefix = btf_kind(t) == BTF_KIND_STRUCT ? "struct " : "union ";
      Type r = Type::record(prefix + (name.empty() ? "(anonymous)" : name), t->size, id);
      r.binary = binary_;
      return r;
    }
    case BTF_KIND_ARRAY: {
      const struct btf_array *a = btf_array(t);
      Type elem = convert(a->type, depth + 1);
      // char arrays are strings, as in bpftrace (comm, filenames, ...).
      if (elem.is_int() && elem.bits == 8) {
        const struct btf_type *e = btf__type_by_id(btf_, btf__resolve_type(btf_, a->type));
        if (e && std::strstr(btf__name_by_offset(btf_, e->name_off), "char")) return Type::string(a->nelems);
      }
      return Type::array(elem, a->nelems);
    }
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_CONST:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_TYPE_TAG:
      return convert(t->type, depth + 1);
    default:
      return Type::integer(64, false);
  }
}

std::optional<Type> KernelTypes::named(const std::string &raw) {
  std::string name = trim(raw);
  if (auto t = c_integer(name)) return t;
  if (!available()) return std::nullopt;
  if (auto it = named_.find(name); it != named_.end()) return it->second;
  return named_[name] = lookup_named(name);
}

std::optional<Type> KernelTypes::lookup_named(const std::string &name) {
  auto lookup = [&](const std::string &n, int kind) -> std::optional<Type> {
    int id = btf__find_by_name_kind(btf_, n.c_str(), kind);
    if (id <= 0) return std::nullopt;
    return convert(uint32_t(id));
  };
  for (auto [prefix, kind] : {std::pair{"struct ", BTF_KIND_STRUCT}, {"union ", BTF_KIND_UNION},
                              {"enum ", BTF_KIND_ENUM}}) {
    if (name.rfind(prefix, 0) == 0) return lookup(trim(name.substr(std::strlen(prefix))), kind);
  }
  for (int kind : {BTF_KIND_TYPEDEF, BTF_KIND_STRUCT, BTF_KIND_UNION})
    if (auto t = lookup(name, kind)) return t;
  return std::nullopt;
}

std::optional<Type> KernelTypes::parse(const std::string &c_type) {
  std::string s = c_type;
  std::vector<uint32_t> dims;  // "int[2][3]": {2, 3}
  if (auto lb = s.find('['); lb != std::string::npos) {
    for (auto b = lb; b != std::string::npos; b = s.find('[', b + 1))
      dims.push_back(uint32_t(std::strtoul(s.c_str() + b + 1, nullptr, 0)));
    s = s.substr(0, lb);
  }
  int stars = 0;
  s = trim(s);
  while (!s.empty() && s.back() == '*') {
    stars++;
    s = trim(s.substr(0, s.size() - 1));
  }
  for (const char *q : {"const ", "volatile ", "__user ", "__rcu "}) {
    for (size_t p; (p = s.find(q)) != std::string::npos;) s.erase(p, std::strlen(q));
  }
  s = trim(s);
  std::optional<Type> t = s == "void" ? std::optional<Type>() : named(s);
  if (!t && !(s == "void" && stars)) return std::nullopt;
  for (int i = 0; i < stars; i++) t = Type::pointer(t);
  // The innermost char[N] is a string: char[2][16] holds 2 of them.
  for (auto d = dims.rbegin(); d != dims.rend(); ++d)
    t = d == dims.rbegin() && t->is_int() && t->bits == 8 && s.find("char") != std::string::npos
            ? Type::string(*d) : Type::array(*t, *d);
  return t;
}

std::optional<Member> KernelTypes::find_member(uint32_t record_id, const std::string &name, uint32_t base_bits) {
  const struct btf_type *t = btf__type_by_id(btf_, record_id);
  if (!t || (!btf_is_struct(t) && !btf_is_union(t))) return std::nullopt;
  const struct btf_member *m = btf_members(t);
  for (uint16_t i = 0; i < btf_vlen(t); i++, m++) {
    uint32_t bits = base_bits + btf_member_bit_offset(t, i);
    const char *mname = btf__name_by_offset(btf_, m->name_off);
    ast::CoreHop hop;
    hop.record_id = record_id;
    hop.record_name = btf__name_by_offset(btf_, t->name_off);
    hop.is_union = btf_is_union(t);
    hop.record_size = t->size;
    hop.member = mname ? mname : "";
    hop.member_offset = btf_member_bit_offset(t, i) / 8;
    if (mname && *mname) {
      if (name != mname) continue;
      Member r;
      r.name = name;
      r.type = convert(m->type);
      hop.member_type = std::make_shared<Type>(r.type);
      if (binary_.empty()) r.path.push_back(std::move(hop));  // CO-RE is for the kernel's types
      r.bit_size = btf_member_bitfield_size(t, i);
      r.offset = bits / 8;
      if (r.bit_size) {
        // Read the bitfield through the 8 bytes that hold it.
        r.offset = (bits / 64) * 8;
        r.bit_offset = bits % 64;
      }
      return r;
    }
    // Anonymous struct/union: its members belong to this record.
    int inner = btf__resolve_type(btf_, m->type);
    if (inner > 0) {
      if (auto r = find_member(uint32_t(inner), name, bits)) {
        hop.member_type = std::make_shared<Type>(convert(uint32_t(inner)));
        if (binary_.empty()) r->path.insert(r->path.begin(), std::move(hop));
        return r;
      }
    }
  }
  return std::nullopt;
}

std::optional<Member> KernelTypes::member(const Type &record, const std::string &name) {
  if (!record.is_record() || !available()) return std::nullopt;
  return find_member(record.btf_id, name, 0);
}

std::vector<std::string> KernelTypes::member_names(const Type &record) {
  std::vector<std::string> out;
  if (!record.is_record() || !available()) return out;
  const struct btf_type *t = btf__type_by_id(btf_, record.btf_id);
  const struct btf_member *m = btf_members(t);
  for (uint16_t i = 0; i < btf_vlen(t); i++, m++) {
    const char *n = btf__name_by_offset(btf_, m->name_off);
    if (n && *n) out.push_back(n);
  }
  return out;
}

std::shared_ptr<const ast::EnumDef> KernelTypes::enum_def(uint32_t id) {
  if (auto it = enums_.find(id); it != enums_.end()) return it->second;
  const struct btf_type *t = btf__type_by_id(btf_, id);
  auto def = std::make_shared<ast::EnumDef>();
  std::string name = btf__name_by_offset(btf_, t->name_off);
  def->name = "enum " + (name.empty() ? std::string("(anonymous)") : name);
  for (uint16_t i = 0; i < btf_vlen(t); i++) {
    if (btf_is_enum(t)) {
      const struct btf_enum *e = btf_enum(t) + i;
      // 32-bit values widen as the enum's sign says, so they compare equal
      // to the value a read of the field yields.
      uint64_t v = btf_kflag(t) ? uint64_t(int64_t(e->val)) : uint64_t(uint32_t(e->val));
      def->values.emplace_back(v, btf__name_by_offset(btf_, e->name_off));
    } else {
      const struct btf_enum64 *e = btf_enum64(t) + i;
      def->values.emplace_back(btf_enum64_value(e), btf__name_by_offset(btf_, e->name_off));
    }
  }
  return enums_[id] = def;
}

std::optional<std::pair<uint64_t, Type>> KernelTypes::enumerator(const std::string &name) {
  if (!available()) return std::nullopt;
  if (!indexed_) {
    indexed_ = true;
    uint32_t n = btf__type_cnt(btf_);
    for (uint32_t id = 1; id < n; id++) {
      const struct btf_type *t = btf__type_by_id(btf_, id);
      if (!btf_is_any_enum(t)) continue;
      for (uint16_t i = 0; i < btf_vlen(t); i++) {
        uint32_t off = btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;
        enumerator_index_.emplace(btf__name_by_offset(btf_, off), id);
      }
    }
  }
  auto it = enumerator_index_.find(name);
  if (it == enumerator_index_.end()) return std::nullopt;
  Type t = convert(it->second);
  for (auto &[v, n] : t.enum_def->values)
    if (n == name) return std::pair{v, t};
  return std::nullopt;
}

void KernelTypes::collect_members(uint32_t record_id, uint32_t base_bits, std::vector<Member> &out) {
  const struct btf_type *t = btf__type_by_id(btf_, record_id);
  if (!t || (!btf_is_struct(t) && !btf_is_union(t))) return;
  const struct btf_member *m = btf_members(t);
  for (uint16_t i = 0; i < btf_vlen(t); i++, m++) {
    uint32_t bits = base_bits + btf_member_bit_offset(t, i);
    const char *mname = btf__name_by_offset(btf_, m->name_off);
    if (!mname || !*mname) {
      int inner = btf__resolve_type(btf_, m->type);
      if (inner > 0) collect_members(uint32_t(inner), bits, out);
      continue;
    }
    Member r;
    r.name = mname;
    r.type = convert(m->type);
    r.bit_size = btf_member_bitfield_size(t, i);
    r.offset = bits / 8;
    r.bit_offset = r.bit_size ? bits % 8 : 0;
    out.push_back(std::move(r));
  }
}

std::vector<Member> KernelTypes::all_members(const Type &record) {
  std::vector<Member> out;
  if (record.is_record() && record.btf_id && available()) collect_members(record.btf_id, 0, out);
  return out;
}

const std::vector<host::KernelFunc> &KernelTypes::functions() {
  if (!functions_) functions_ = host::btf_functions(btf());
  return *functions_;
}

std::optional<std::vector<Member>> KernelTypes::raw_tracepoint_params(const std::string &event) {
  if (!available()) return std::nullopt;
  // The tracepoint's glue function names its parameters (the btf_trace_
  // typedef does not): void __bpf_trace_x(void *__data, args...).
  int id = btf__find_by_name_kind(btf_, ("__bpf_trace_" + event).c_str(), BTF_KIND_FUNC);
  if (id <= 0) return std::nullopt;
  const struct btf_type *proto = btf__type_by_id(btf_, btf__type_by_id(btf_, id)->type);
  if (!proto || !btf_is_func_proto(proto)) return std::nullopt;
  std::vector<Member> out;
  const struct btf_param *p = btf_params(proto);
  for (uint16_t i = 1; i < btf_vlen(proto); i++) {
    Member m;
    m.name = btf__name_by_offset(btf_, p[i].name_off);
    m.offset = (i - 1) * 8;
    m.type = convert(p[i].type);
    out.push_back(m);
  }
  return out;
}

}  // namespace bpfsh::sema
