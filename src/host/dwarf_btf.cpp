// DWARF types as BTF (dwarf_btf.h). Qualifiers and typedefs are kept, so a
// listing prints the prototype as written; records declared only (no
// members) become forward declarations.
#include "host/dwarf_btf.h"

#include <bpf/btf.h>
#include <llvm/BinaryFormat/Dwarf.h>
#include <llvm/DebugInfo/DWARF/DWARFFormValue.h>

#include <string>

namespace bpfsh::host {

using llvm::DWARFDie;
namespace dw = llvm::dwarf;

namespace {

std::string name_of(const DWARFDie &die) {
  const char *n = die.getShortName();
  return n ? n : "";
}

uint64_t udata(const DWARFDie &die, dw::Attribute a, uint64_t def = 0) {
  return dw::toUnsigned(die.find(a), def);
}

}  // namespace

std::vector<DWARFDie> parameters(const DWARFDie &subprogram) {
  std::vector<DWARFDie> out;
  for (DWARFDie c : subprogram.children())
    if (c.getTag() == dw::DW_TAG_formal_parameter) out.push_back(c);
  return out;
}

uint32_t DwarfBtf::type_of(const DWARFDie &die) {
  auto v = die.findRecursively(dw::DW_AT_type);
  if (!v) return 0;
  return type(die.getAttributeValueAsReferencedDie(*v));
}

uint32_t DwarfBtf::type(const DWARFDie &die) {
  if (!die.isValid()) return 0;
  std::pair<const llvm::DWARFUnit *, uint64_t> key{die.getDwarfUnit(), die.getOffset()};
  if (auto it = ids_.find(key); it != ids_.end()) return it->second;
  uint32_t id = convert(die);
  ids_[key] = id;
  return id;
}

uint32_t DwarfBtf::convert(const DWARFDie &die) {
  auto plain = [](int id) { return id < 0 ? 0u : static_cast<uint32_t>(id); };
  switch (die.getTag()) {
    case dw::DW_TAG_base_type: return base(die);
    case dw::DW_TAG_pointer_type:
    case dw::DW_TAG_reference_type:
    case dw::DW_TAG_rvalue_reference_type: {
      uint32_t id = plain(btf__add_ptr(b_, 0));
      auto v = die.find(dw::DW_AT_type);
      if (id && v) pointers_.push_back({id, die.getAttributeValueAsReferencedDie(*v)});
      return id;
    }
    case dw::DW_TAG_structure_type:
    case dw::DW_TAG_class_type:
    case dw::DW_TAG_union_type: return record(die);
    case dw::DW_TAG_enumeration_type: return enumeration(die);
    case dw::DW_TAG_array_type: return array(die);
    case dw::DW_TAG_typedef: {
      uint32_t target = type_of(die);
      return plain(btf__add_typedef(b_, name_of(die).c_str(), target));
    }
    case dw::DW_TAG_const_type: return plain(btf__add_const(b_, type_of(die)));
    case dw::DW_TAG_volatile_type: return plain(btf__add_volatile(b_, type_of(die)));
    case dw::DW_TAG_restrict_type: return plain(btf__add_restrict(b_, type_of(die)));
    default: return 0;  // function types and the rest: a pointer to one is a void *
  }
}

uint32_t DwarfBtf::base(const DWARFDie &die) {
  std::string name = name_of(die);
  uint64_t size = udata(die, dw::DW_AT_byte_size, 8);
  uint64_t enc = udata(die, dw::DW_AT_encoding);
  int id;
  if (enc == dw::DW_ATE_float)
    id = btf__add_float(b_, name.c_str(), size);
  else {
    int flags = enc == dw::DW_ATE_boolean ? BTF_INT_BOOL
                : (enc == dw::DW_ATE_signed || enc == dw::DW_ATE_signed_char) ? BTF_INT_SIGNED : 0;
    id = btf__add_int(b_, name.c_str(), size, flags);
  }
  return id < 0 ? 0 : static_cast<uint32_t>(id);
}

uint32_t DwarfBtf::record(const DWARFDie &die) {
  std::string name = name_of(die);
  bool is_union = die.getTag() == dw::DW_TAG_union_type;
  if (udata(die, dw::DW_AT_declaration)) {
    int id = btf__add_fwd(b_, name.c_str(), is_union ? BTF_FWD_UNION : BTF_FWD_STRUCT);
    return id < 0 ? 0 : static_cast<uint32_t>(id);
  }
  // Member types first: a record's fields must follow it directly.
  struct Field { std::string name; uint32_t type, bit_offset, bit_size; };
  std::vector<Field> fields;
  for (DWARFDie m : die.children()) {
    if (m.getTag() != dw::DW_TAG_member) continue;
    uint64_t bits = m.find(dw::DW_AT_data_bit_offset) ? udata(m, dw::DW_AT_data_bit_offset)
                                                       : udata(m, dw::DW_AT_data_member_location) * 8;
    fields.push_back({name_of(m), type_of(m), static_cast<uint32_t>(bits),
                      static_cast<uint32_t>(udata(m, dw::DW_AT_bit_size))});
  }
  uint32_t size = static_cast<uint32_t>(udata(die, dw::DW_AT_byte_size));
  int id = is_union ? btf__add_union(b_, name.c_str(), size) : btf__add_struct(b_, name.c_str(), size);
  if (id < 0) return 0;
  for (auto &f : fields)
    btf__add_field(b_, f.name.empty() ? nullptr : f.name.c_str(), f.type, f.bit_offset, f.bit_size);
  return static_cast<uint32_t>(id);
}

uint32_t DwarfBtf::enumeration(const DWARFDie &die) {
  uint32_t size = static_cast<uint32_t>(udata(die, dw::DW_AT_byte_size, 4));
  std::string name = name_of(die);
  bool wide = size > 4;
  int id = wide ? btf__add_enum64(b_, name.c_str(), size, false) : btf__add_enum(b_, name.c_str(), size);
  if (id < 0) return 0;
  for (DWARFDie e : die.children()) {
    if (e.getTag() != dw::DW_TAG_enumerator) continue;
    auto v = e.find(dw::DW_AT_const_value);
    int64_t value = v ? v->getAsSignedConstant().value_or(0) : 0;
    if (wide)
      btf__add_enum64_value(b_, name_of(e).c_str(), static_cast<uint64_t>(value));
    else
      btf__add_enum_value(b_, name_of(e).c_str(), value);
  }
  return static_cast<uint32_t>(id);
}

uint32_t DwarfBtf::index_type() {
  if (!index_) index_ = static_cast<uint32_t>(btf__add_int(b_, "__ARRAY_SIZE_TYPE__", 4, 0));
  return index_;
}

// int a[2][3]: one array DIE with two subranges, an array of 2 arrays of 3.
uint32_t DwarfBtf::array(const DWARFDie &die) {
  std::vector<uint32_t> dims;
  for (DWARFDie s : die.children()) {
    if (s.getTag() != dw::DW_TAG_subrange_type) continue;
    if (s.find(dw::DW_AT_count))
      dims.push_back(static_cast<uint32_t>(udata(s, dw::DW_AT_count)));
    else if (auto ub = s.find(dw::DW_AT_upper_bound))
      dims.push_back(static_cast<uint32_t>(ub->getAsUnsignedConstant().value_or(0) + 1));
    else
      dims.push_back(0);  // a flexible array member
  }
  uint32_t elem = type_of(die);
  uint32_t index = index_type();
  for (auto d = dims.rbegin(); d != dims.rend(); ++d) {
    int id = btf__add_array(b_, index, elem, *d);
    if (id < 0) return 0;
    elem = static_cast<uint32_t>(id);
  }
  return elem;
}

uint32_t DwarfBtf::function(const std::string &name, const DWARFDie &subprogram) {
  std::vector<std::pair<std::string, uint32_t>> params;
  for (DWARFDie p : parameters(subprogram)) {
    const char *n = p.getName(llvm::DINameKind::ShortName);
    params.push_back({n ? n : "", type_of(p)});
  }
  int proto = btf__add_func_proto(b_, type_of(subprogram));
  if (proto < 0) return 0;
  for (auto &[n, t] : params) btf__add_func_param(b_, n.c_str(), t);
  int id = btf__add_func(b_, name.c_str(), BTF_FUNC_GLOBAL, proto);
  return id < 0 ? 0 : static_cast<uint32_t>(id);
}

void DwarfBtf::finish() {
  // Converting a target may add pointers of its own: walk until none is left.
  for (size_t i = 0; i < pointers_.size(); i++) {
    auto [ptr, target] = pointers_[i];
    uint32_t t = type(target);
    // Written in place: libbpf has no setter, and the type was added here.
    auto *bt = const_cast<struct btf_type *>(btf__type_by_id(b_, ptr));
    if (bt) bt->type = t;
  }
}

}  // namespace bpfsh::host
