#include "sema/builtins.h"

#include <algorithm>
#include <map>

#include "sema/registry/registry.h"

namespace bpfsh::sema {

std::optional<ast::Type> int_type_named(const std::string &name) {
  using ast::Type;
  static const std::map<std::string, Type> names = {
      {"int8", Type::integer(8, true)},    {"uint8", Type::integer(8, false)},
      {"int16", Type::integer(16, true)},  {"uint16", Type::integer(16, false)},
      {"int32", Type::integer(32, true)},  {"uint32", Type::integer(32, false)},
      {"int64", Type::integer(64, true)},  {"uint64", Type::integer(64, false)},
      {"char", Type::integer(8, true)},    {"short", Type::integer(16, true)},
      {"int", Type::integer(32, true)},    {"long", Type::integer(64, true)},
      {"bool", Type::integer(8, false)},
      // C's names, as kernel BTF defines them on the 64-bit machines bpfsh runs on.
      {"int8_t", Type::integer(8, true)},    {"uint8_t", Type::integer(8, false)},
      {"int16_t", Type::integer(16, true)},  {"uint16_t", Type::integer(16, false)},
      {"int32_t", Type::integer(32, true)},  {"uint32_t", Type::integer(32, false)},
      {"int64_t", Type::integer(64, true)},  {"uint64_t", Type::integer(64, false)},
      {"size_t", Type::integer(64, false)},  {"ssize_t", Type::integer(64, true)},
      {"intptr_t", Type::integer(64, true)}, {"uintptr_t", Type::integer(64, false)},
  };
  auto it = names.find(name);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

int arg_index(const std::string &name) {
  if (name.size() < 4 || name.compare(0, 3, "arg") != 0) return -1;
  int n = 0;
  for (size_t i = 3; i < name.size(); i++) {
    if (!isdigit(static_cast<unsigned char>(name[i]))) return -1;
    n = n * 10 + (name[i] - '0');
  }
  return n;
}

// The registry's row, with argN above arg5 only in USDT probes. A part of
// another construct (args) is not a value of its own.
std::optional<BuiltinInfo> lookup_builtin(const std::string &name, uint32_t strlen) {
  const registry::Row *row = registry::variable(name);
  if (!row || row->lowering == registry::Lowering::Part) return std::nullopt;
  BuiltinInfo b{row->type, row->probes};
  if (b.type.is_str() && b.type.str_size == 0) b.type.str_size = strlen;
  if (arg_index(name) >= registry::kMaxRegisterArgs) b.probes = probe_bit(ProbeType::Usdt);
  return b;
}

std::optional<uint32_t> register_offset(const std::string &name) {
  static const std::map<std::string, uint32_t> offsets = {
      {"r15", 0},   {"r14", 8},    {"r13", 16},     {"r12", 24},  {"bp", 32},     {"bx", 40},
      {"r11", 48},  {"r10", 56},   {"r9", 64},      {"r8", 72},   {"ax", 80},     {"cx", 88},
      {"dx", 96},   {"si", 104},   {"di", 112},     {"orig_ax", 120}, {"ip", 128}, {"cs", 136},
      {"flags", 144}, {"sp", 152}, {"ss", 160},
  };
  auto it = offsets.find(name);
  if (it == offsets.end()) return std::nullopt;
  return it->second;
}

}  // namespace bpfsh::sema

namespace bpfsh::sema {

std::vector<std::string> builtin_names() { return registry::variable_names(); }

std::vector<std::string> function_names() { return registry::function_names(); }

}  // namespace bpfsh::sema
