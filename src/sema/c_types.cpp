#include "sema/c_types.h"

#include <algorithm>

#include "common/suggest.h"

namespace bpfsh::sema {

using ast::Type;

KernelTypes &CTypes::types_of(const Type &record) const {
  return record.binary.empty() || !binaries_ ? kernel_ : binaries_->of(record.binary);
}

std::optional<Type> CTypes::named(const std::string &name) const {
  if (script_)
    if (auto t = script_->named(name)) return t;
  if (binaries_ && !binary_.empty())
    if (auto t = binaries_->of(binary_).named(name)) return t;
  return kernel_.named(name);
}

std::optional<Member> CTypes::member(const Type &record, const std::string &name) const {
  if (!record.btf_id && script_) {
    if (auto *ms = script_->members(record.name)) {
      for (auto &m : *ms)
        if (m.name == name) return m;
      return std::nullopt;
    }
  }
  return types_of(record).member(record, name);
}

std::vector<Member> CTypes::all_members(const Type &record) const {
  if (!record.btf_id && script_)
    if (auto *ms = script_->members(record.name)) return *ms;
  return types_of(record).all_members(record);
}

std::vector<std::string> CTypes::member_names(const Type &record) const {
  std::vector<std::string> out;
  for (auto &m : all_members(record)) out.push_back(m.name);
  return out;
}

std::optional<std::pair<uint64_t, Type>> CTypes::enumerator(const std::string &name) const {
  if (script_)
    if (auto e = script_->enumerator(name)) return e;
  if (binaries_ && !binary_.empty())
    if (auto e = binaries_->of(binary_).enumerator(name)) return e;
  return kernel_.enumerator(name);
}

std::optional<Type> CTypes::expand(const Type &t, std::string &why, int depth) const {
  if (depth > 32) {
    why = "it nests too deeply";
    return std::nullopt;
  }
  if (t.is_array()) {
    Type r = t;
    auto e = expand(t.elems[0], why, depth + 1);
    if (!e) return std::nullopt;
    r.elems[0] = *e;
    return r;
  }
  if (!t.is_record()) return t;
  Type r = t;
  r.elems.clear();
  r.members.clear();
  for (auto &m : all_members(t)) {
    auto e = expand(m.type, why, depth + 1);
    if (!e) return std::nullopt;
    r.elems.push_back(*e);
    r.members.push_back({m.name, m.offset, m.bit_offset, m.bit_size});
  }
  if (r.members.empty() && t.size) {
    why = t.name + "'s members are not known";
    return std::nullopt;
  }
  return r;
}

// Member names are long and specific: allow a few more edits than elsewhere.
std::string CTypes::closest_member(const Type &record, const std::string &name) const {
  return closest_name(name, member_names(record), std::max<size_t>(2, name.size() / 3)).value_or("");
}

}  // namespace bpfsh::sema
