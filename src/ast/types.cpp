#include "ast/types.h"

namespace bpfsh::ast {

static uint32_t align8(uint32_t n) { return (n + 7) & ~7u; }

uint32_t Type::storage_size() const {
  switch (kind) {
    case TypeKind::Int: case TypeKind::Bool: return 8;
    case TypeKind::Str: return align8(str_size);
    case TypeKind::Tuple: {
      uint32_t n = 0;
      for (auto &e : elems) n += e.storage_size();
      return n;
    }
    case TypeKind::Inet: return 24;
    case TypeKind::Buffer: return 8 + align8(size);
    case TypeKind::MacAddr: case TypeKind::Username: case TypeKind::Lookup: return 8;
    case TypeKind::Ptr: return 8;
    case TypeKind::Record: case TypeKind::Array: return 8;  // held as an address
    case TypeKind::KStack: case TypeKind::KSym: case TypeKind::Timestamp: return 8;
    case TypeKind::UStack: case TypeKind::USym: return 16;
    case TypeKind::None: return 0;
    case TypeKind::Count: case TypeKind::Sum: return 8;
    case TypeKind::Min: case TypeKind::Max: case TypeKind::Avg: case TypeKind::Stats: return 16;
    case TypeKind::Hist: case TypeKind::Lhist: return 8;
  }
  return 0;
}

uint32_t Type::elem_offset(size_t i) const {
  uint32_t off = 0;
  for (size_t k = 0; k < i && k < elems.size(); k++) off += elems[k].storage_size();
  return off;
}

uint32_t Type::c_size() const {
  switch (kind) {
    case TypeKind::Int: return bits / 8;
    case TypeKind::Bool: return 1;
    case TypeKind::Str: return str_size;
    case TypeKind::Ptr: return 8;
    case TypeKind::Record: return size;
    case TypeKind::Array: return count * elems[0].c_size();
    default: return storage_size();
  }
}

bool Type::compatible(const Type &o) const {
  if (kind != o.kind) return false;
  if (kind == TypeKind::Record) return name == o.name;
  if (kind == TypeKind::Lookup) return lookup_table == o.lookup_table;
  if (is_stack()) return stack_mode == o.stack_mode && stack_limit == o.stack_limit;
  if (kind != TypeKind::Tuple) return true;
  if (elems.size() != o.elems.size() || field_names != o.field_names) return false;
  for (size_t i = 0; i < elems.size(); i++)
    if (!elems[i].compatible(o.elems[i])) return false;
  return true;
}

std::string Type::str() const {
  switch (kind) {
    case TypeKind::None: return "none";
    case TypeKind::Int: return (is_signed ? "int" : "uint") + std::to_string(bits);
    case TypeKind::Bool: return "bool";
    case TypeKind::Str: return "string";
    case TypeKind::Tuple: {
      std::string s = "(";
      for (size_t i = 0; i < elems.size(); i++)
        s += (i ? "," : "") + (field_names.empty() ? "" : field_names[i] + "=") + elems[i].str();
      return s + ")";
    }
    case TypeKind::Inet: return "inet";
    case TypeKind::Ptr: return (elems.empty() ? std::string("void") : elems[0].str()) + " *";
    case TypeKind::Record: return name;
    case TypeKind::Array: return elems[0].str() + "[" + std::to_string(count) + "]";
    case TypeKind::KStack: case TypeKind::UStack: {
      static const char *modes[] = {"bpftrace", "perf", "raw"};
      return std::string(kind == TypeKind::KStack ? "kstack" : "ustack") + "(" +
             modes[static_cast<int>(stack_mode)] + ", " + std::to_string(stack_limit) + ")";
    }
    case TypeKind::KSym: return "ksym_t";
    case TypeKind::Timestamp: return "timestamp";
    case TypeKind::Buffer: return "buffer[" + std::to_string(size) + "]";
    case TypeKind::MacAddr: return "macaddr_t";
    case TypeKind::Username: return "username";
    case TypeKind::Lookup: return lookup_table + "_t";
    case TypeKind::USym: return "usym_t";
    case TypeKind::Count: return "count_t";
    case TypeKind::Sum: return "sum_t";
    case TypeKind::Min: return "min_t";
    case TypeKind::Max: return "max_t";
    case TypeKind::Avg: return "avg_t";
    case TypeKind::Stats: return "stats_t";
    case TypeKind::Hist: return "hist_t";
    case TypeKind::Lhist: return "lhist_t";
  }
  return "?";
}

}  // namespace bpfsh::ast
