#include "sema/script_types.h"

#include "sema/builtins.h"

namespace bpfsh::sema {

using ast::Type;

namespace {

uint32_t round_up(uint32_t n, uint32_t a) { return a ? (n + a - 1) / a * a : n; }

const char *keyword(ast::CDefinition::Kind k) {
  return k == ast::CDefinition::Kind::Struct ? "struct " : k == ast::CDefinition::Kind::Union ? "union " : "enum ";
}

}  // namespace

uint32_t ScriptTypes::align_of(const Type &t) const {
  switch (t.kind) {
    case ast::TypeKind::Int: return t.bits / 8;
    case ast::TypeKind::Ptr: return 8;
    case ast::TypeKind::Str: return 1;
    case ast::TypeKind::Array: return align_of(t.elems[0]);
    case ast::TypeKind::Record: {
      if (auto it = records_.find(t.name); it != records_.end() && !t.btf_id) return it->second.align;
      // A kernel record: BTF does not say; its size's largest power of two
      // up to 8 is what its members need on every architecture bpfsh runs on.
      for (uint32_t a = 8; a > 1; a /= 2)
        if (t.size % a == 0) return a;
      return 1;
    }
    default: return 8;
  }
}

std::optional<Type> ScriptTypes::member_type(const ast::CMember &m) const {
  const std::string &n = m.type.name;
  std::optional<Type> base;
  if (auto it = records_.find(n); it != records_.end()) base = it->second.type;
  else if (auto e = named(n)) base = e;
  else if (auto i = int_type_named(n)) base = i;
  else if (n != "void") base = kernel_->named(n);
  if (!base && !(n == "void" && m.type.pointer_depth)) return std::nullopt;
  for (int i = 0; i < m.type.pointer_depth; i++) base = Type::pointer(base);
  if (m.dims.empty()) return base;
  // char arrays are strings, as kernel ones are: char a[2][16] is 2 strings.
  auto d = m.dims.rbegin();
  Type t = base->is_int() && base->bits == 8 && n.find("char") != std::string::npos ? Type::string(*d++) : *base;
  for (; d != m.dims.rend(); ++d) t = Type::array(t, *d);
  return t;
}

// Lays out one record; with diags null a failure is silent (the first of
// the two passes, before later records are known).
bool ScriptTypes::layout(const ast::CDefinition &d, Diagnostics *diags) {
  bool is_union = d.kind == ast::CDefinition::Kind::Union;
  std::string name = keyword(d.kind) + d.name;
  Record r;
  uint32_t bits = 0, size = 0;
  for (const auto &cm : d.members) {
    auto t = member_type(cm);
    if (!t) {
      if (diags) diags->error(cm.type.range, "Unknown type: " + cm.type.name + " (in " + name + ")");
      return false;
    }
    if (t->is_record() && t->size == 0) {
      if (diags) diags->error(cm.type.range, "Incomplete type " + t->name + " can not be a member of " + name);
      return false;
    }
    Member m;
    m.name = cm.name;
    m.type = *t;
    uint32_t align = align_of(*t);
    r.align = std::max(r.align, align);
    if (is_union) bits = 0;
    if (cm.bit_width) {
      uint32_t unit = t->c_size() * 8;
      if (!t->is_int() || cm.bit_width > unit) {
        if (diags) diags->error(cm.range, "Invalid bitfield '" + cm.name + "' in " + name);
        return false;
      }
      // A bitfield never straddles an aligned unit of its declared type.
      if (bits / unit != (bits + cm.bit_width - 1) / unit) bits = round_up(bits, unit);
      m.offset = bits / 8;
      m.bit_offset = bits % 8;
      m.bit_size = cm.bit_width;
      bits += cm.bit_width;
    } else {
      bits = round_up(bits, align * 8);
      m.offset = bits / 8;
      bits += t->c_size() * 8;
    }
    size = std::max(size, round_up(bits, 8) / 8);
    r.members.push_back(std::move(m));
  }
  r.type = Type::record(name, round_up(size, r.align), 0);
  records_[name] = std::move(r);
  return true;
}

void ScriptTypes::define(const std::vector<ast::CDefinition *> &defs, Diagnostics &diags) {
  for (auto *d : defs) {
    if (d->kind != ast::CDefinition::Kind::Enum) continue;
    auto def = std::make_shared<ast::EnumDef>();
    def->name = d->name.empty() ? "enum (anonymous)" : "enum " + d->name;
    for (auto &[n, v] : d->enumerators) {
      if (enumerators_.count(n)) {
        diags.error(d->range, "Redefinition of enumerator '" + n + "'");
        continue;
      }
      def->values.emplace_back(uint64_t(v), n);
      enumerators_[n] = {uint64_t(v), def->name};
    }
    enums_[def->name] = def;
  }
  // Pointers may name records defined further down: the first pass learns
  // every record's size, the second lays them out with all of them known.
  for (auto *d : defs)
    if (d->kind != ast::CDefinition::Kind::Enum && !records_.count(keyword(d->kind) + d->name))
      records_[keyword(d->kind) + d->name].type = Type::record(keyword(d->kind) + d->name, 0, 0);
  for (auto *d : defs)
    if (d->kind != ast::CDefinition::Kind::Enum) layout(*d, nullptr);
  for (auto *d : defs)
    if (d->kind != ast::CDefinition::Kind::Enum && layout(*d, &diags)) check_against_kernel(*d, diags);
}

// A script may restate a kernel type (bpftrace's tools do, for old kernels),
// but one that disagrees with the kernel's BTF would read the wrong bytes:
// refused, as bpftrace's C parser refuses a redefinition.
void ScriptTypes::check_against_kernel(const ast::CDefinition &d, Diagnostics &diags) {
  const std::string name = keyword(d.kind) + d.name;
  auto kernel = kernel_->named(name);
  if (d.name.empty() || !kernel || !kernel->is_record() || kernel->size == 0) return;
  const Record &mine = records_.at(name);
  std::string why;
  if (mine.type.size != kernel->size) {
    why = "it is " + std::to_string(mine.type.size) + " bytes, the kernel's " + std::to_string(kernel->size);
  } else {
    for (const Member &m : mine.members) {
      auto k = kernel_->member(*kernel, m.name);
      if (!k) why = "the kernel's has no member '" + m.name + "'";
      else if (k->offset != m.offset || k->bit_offset != m.bit_offset || k->type.c_size() != m.type.c_size())
        why = "its member '" + m.name + "' is not where, or as large as, the kernel's";
      if (!why.empty()) break;
    }
  }
  if (why.empty()) return;
  auto &e = diags.error(d.range, "Redefinition of " + name + " differs from the kernel's BTF: " + why);
  e.hints.push_back("rename it, or leave it out and the kernel's definition is used");
}

std::optional<Type> ScriptTypes::named(const std::string &name) const {
  if (auto it = records_.find(name); it != records_.end()) return it->second.type;
  if (auto it = enums_.find(name); it != enums_.end()) {
    Type t = Type::integer(32, true);  // C's enums are ints
    t.enum_def = it->second;
    return t;
  }
  return std::nullopt;
}

const std::vector<Member> *ScriptTypes::members(const std::string &record_name) const {
  auto it = records_.find(record_name);
  return it == records_.end() ? nullptr : &it->second.members;
}

std::optional<std::pair<uint64_t, Type>> ScriptTypes::enumerator(const std::string &name) const {
  auto it = enumerators_.find(name);
  if (it == enumerators_.end()) return std::nullopt;
  Type t = Type::integer(64, true);
  t.enum_def = enums_.at(it->second.second);
  return std::pair{it->second.first, t};
}

}  // namespace bpfsh::sema
