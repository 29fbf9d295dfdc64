#include "ast/types.h"

#include <algorithm>

namespace bpfsh::ast {

static uint32_t align8(uint32_t n) { return (n + 7) & ~7u; }
static uint32_t round_up(uint32_t n, uint32_t a) { return a > 1 ? (n + a - 1) / a * a : n; }

// The natural layout of a tuple's elements: their end, and the alignment.
static uint32_t tuple_end(const std::vector<Type> &elems, size_t count, uint32_t &align) {
  uint32_t off = 0;
  align = 1;
  for (size_t k = 0; k < count && k < elems.size(); k++) {
    uint32_t a = elems[k].field_align();
    off = round_up(off, a) + elems[k].field_size();
    align = std::max(align, a);
  }
  return off;
}

uint32_t Type::storage_size() const {
  switch (kind) {
    case TypeKind::Int: case TypeKind::Bool: return 8;
    case TypeKind::Str: return align8(str_size);
    case TypeKind::Tuple: {
      uint32_t align;
      uint32_t end = tuple_end(elems, elems.size(), align);
      return round_up(end, align);
    }
    case TypeKind::Inet: return 24;
    case TypeKind::Buffer: return 8 + align8(size);
    case TypeKind::MacAddr: case TypeKind::Username: case TypeKind::Lookup: return 8;
    case TypeKind::Ptr: return 8;
    case TypeKind::Record: case TypeKind::Array: return 8;  // held as an address
    case TypeKind::KStack: case TypeKind::KSym: case TypeKind::Timestamp: return 8;
    case TypeKind::USym: return 16;
    case TypeKind::UStack: return 24;  // stack id, pid, the caller at a function's entry (or 0)
    case TypeKind::None: return 0;
    case TypeKind::Count: case TypeKind::Sum: return 8;
    case TypeKind::Min: case TypeKind::Max: case TypeKind::Avg: case TypeKind::Stats: return 16;
    case TypeKind::Hist: case TypeKind::Lhist: return 8;
    case TypeKind::Tseries: return 32;  // value, count, epoch, stamp
  }
  return 0;
}

uint32_t Type::elem_offset(size_t i) const {
  uint32_t align;
  uint32_t end = tuple_end(elems, i, align);
  return i < elems.size() ? round_up(end, elems[i].field_align()) : end;
}

uint32_t Type::field_size() const {
  switch (kind) {
    case TypeKind::Int: case TypeKind::Bool: case TypeKind::Str: case TypeKind::Record: case TypeKind::Array:
      return c_size();
    default: return storage_size();
  }
}

uint32_t Type::field_align() const {
  switch (kind) {
    case TypeKind::Int: return std::max(1u, bits / 8);
    case TypeKind::Bool: case TypeKind::Str: return 1;
    case TypeKind::Array: return elems.empty() ? 1 : elems[0].field_align();
    case TypeKind::Record: case TypeKind::Tuple: {
      uint32_t a = 1;
      for (auto &e : elems) a = std::max(a, e.field_align());
      // A record whose members were not expanded: the largest power of two
      // (up to 8) its size is a multiple of.
      if (kind == TypeKind::Record && elems.empty())
        while (a < 8 && size % (a * 2) == 0 && size) a *= 2;
      return a;
    }
    default: return 8;
  }
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
  if (is_stack()) return stack_mode == o.stack_mode && stack_limit == o.stack_limit && dwarf_unwind == o.dwarf_unwind;
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
    case TypeKind::Array: {
      // As C writes it: int32[2][3] is 2 arrays of 3, outermost size first.
      std::string dims;
      const Type *t = this;
      for (; t->is_array() && !t->elems.empty(); t = &t->elems[0]) dims += "[" + std::to_string(t->count) + "]";
      return t->str() + dims;
    }
    case TypeKind::KStack: case TypeKind::UStack: {
      static const char *modes[] = {"bpftrace", "perf", "raw"};
      return std::string(kind == TypeKind::KStack ? "kstack" : dwarf_unwind ? "dw_ustack" : "ustack") + "(" +
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
    case TypeKind::Tseries: return "tseries_t";
  }
  return "?";
}

}  // namespace bpfsh::ast
