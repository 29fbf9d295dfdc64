#include "runtime/value.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <numeric>

#include "runtime/byte_format.h"
#include "runtime/result.h"
#include "runtime/stack_format.h"
#include "runtime/symbol_resolver.h"
#include "runtime/name_tables.h"
#include "runtime/time_format.h"

namespace bpfsh::runtime {

Value Value::of_int(int64_t v) {
  Value r;
  r.kind = Kind::Int;
  r.i = v;
  return r;
}

Value Value::of_uint(uint64_t v) {
  Value r;
  r.kind = Kind::Uint;
  r.u = v;
  return r;
}

Value Value::of_bool(bool v) {
  Value r;
  r.kind = Kind::Bool;
  r.u = v ? 1 : 0;
  return r;
}

Value Value::of_str(std::string v) {
  Value r;
  r.kind = Kind::Str;
  r.s = std::move(v);
  return r;
}

Value Value::tuple(std::vector<Value> v) {
  Value r;
  r.kind = Kind::Tuple;
  r.elems = std::move(v);
  return r;
}

namespace {

// Bools order as 0 and 1, false first.
bool is_integer(const Value &v) {
  return v.kind == Value::Kind::Int || v.kind == Value::Kind::Uint || v.kind == Value::Kind::Bool;
}

int compare_integers(const Value &a, const Value &b) {
  bool an = a.kind == Value::Kind::Int && a.i < 0;
  bool bn = b.kind == Value::Kind::Int && b.i < 0;
  if (an != bn) return an ? -1 : 1;
  if (an) return a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
  uint64_t x = a.kind == Value::Kind::Int ? uint64_t(a.i) : a.u;
  uint64_t y = b.kind == Value::Kind::Int ? uint64_t(b.i) : b.u;
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace

int compare(const Value &a, const Value &b) {
  if (is_integer(a) && is_integer(b)) return compare_integers(a, b);
  if (a.kind != b.kind) return a.kind < b.kind ? -1 : 1;
  if (a.kind == Value::Kind::Str || a.kind == Value::Kind::Stack) return a.s < b.s ? -1 : (a.s > b.s ? 1 : 0);
  if (a.kind == Value::Kind::Tuple || a.kind == Value::Kind::Record || a.kind == Value::Kind::Array) {
    size_t n = std::min(a.elems.size(), b.elems.size());
    for (size_t k = 0; k < n; k++)
      if (int c = compare(a.elems[k], b.elems[k])) return c;
    return a.elems.size() < b.elems.size() ? -1 : (a.elems.size() > b.elems.size() ? 1 : 0);
  }
  return 0;
}

namespace {

// An integer `size` bytes wide (C widths inside records), sign-extended.
uint64_t read_int(const uint8_t *p, uint32_t size, bool is_signed) {
  uint64_t raw = 0;
  size = std::min<uint32_t>(size ? size : 8, 8);
  std::memcpy(&raw, p, size);
  if (is_signed && size < 8 && (raw >> (size * 8 - 1)) & 1) raw |= ~uint64_t(0) << (size * 8);
  return raw;
}

Value integer(const artifact::Layout &layout, uint64_t raw) {
  Value v = layout.is_signed ? Value::of_int(int64_t(raw)) : Value::of_uint(raw);
  if (layout.hex) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(raw));
    v.s = buf;
  } else if (!layout.enumerators.empty()) {
    // Enumerators are stored at the enum's width; compare at the value's.
    uint64_t mask = layout.size && layout.size < 8 ? (uint64_t(1) << (layout.size * 8)) - 1 : ~uint64_t(0);
    for (auto &[val, name] : layout.enumerators)
      if ((val & mask) == (raw & mask)) v.s = name;
    if (v.s.empty()) v.s = layout.is_signed ? std::to_string(int64_t(raw)) : std::to_string(raw);
  }
  return v;
}

uint64_t u64_at(const uint8_t *p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// A bitfield: the bytes that hold it, shifted and masked.
uint64_t read_bits(const artifact::Layout &m, const uint8_t *p, size_t avail) {
  uint64_t raw = 0;
  std::memcpy(&raw, p, std::min<size_t>(std::min<size_t>((m.bit_offset + m.bit_size + 7) / 8, 8), avail));
  raw >>= m.bit_offset;
  if (m.bit_size < 64) raw &= (uint64_t(1) << m.bit_size) - 1;
  return raw;
}

Value decode_record(const artifact::Layout &layout, const uint8_t *p, SymbolResolver *symbols) {
  Value r;
  r.kind = Value::Kind::Record;
  for (const auto &m : layout.elems) {
    r.frames.push_back(m.name);
    if (m.bit_size && m.offset < layout.size)
      r.elems.push_back(integer(m, read_bits(m, p + m.offset, layout.size - m.offset)));
    else
      r.elems.push_back(decode(m, p + m.offset, symbols));
  }
  return r;
}

Value decode_array(const artifact::Layout &layout, const uint8_t *p, SymbolResolver *symbols) {
  Value r;
  r.kind = Value::Kind::Array;
  for (uint32_t k = 0; k < layout.count; k++)
    r.elems.push_back(decode(layout.elems[0], p + size_t(k) * layout.elems[0].size, symbols));
  return r;
}

Value decode_tuple(const artifact::Layout &layout, const uint8_t *p, SymbolResolver *symbols) {
  std::vector<Value> elems;
  elems.reserve(layout.elems.size());
  for (size_t k = 0; k < layout.elems.size(); k++)
    elems.push_back(decode(layout.elems[k], p + layout.elem_offset(k), symbols));
  return Value::tuple(std::move(elems));
}

Value decode_str(const artifact::Layout &layout, const uint8_t *p) {
  const void *nul = std::memchr(p, 0, layout.size);
  size_t n = nul ? size_t(static_cast<const uint8_t *>(nul) - p) : layout.size;
  std::string str(reinterpret_cast<const char *>(p), n);
  if (layout.trunc_len && n == layout.trunc_len) str += layout.trailer;
  return Value::of_str(std::move(str));
}

Value decode_inet(const uint8_t *p) {
  uint64_t af = 0;
  std::memcpy(&af, p, 8);
  char text[INET6_ADDRSTRLEN] = "";
  if (!inet_ntop(int(af), p + 8, text, sizeof text)) return Value::of_str("");
  return Value::of_str(text);
}

// Stacks and symbols are named by the resolver; without one (tests), a
// symbol is its address and a stack is empty.
Value decode_symbolic(const artifact::Layout &layout, const uint8_t *p, SymbolResolver *symbols) {
  using K = artifact::Layout::Kind;
  if (symbols) return symbols->decode(layout, p);
  if (layout.kind == K::KSym || layout.kind == K::USym) return Value::of_str(hex_address(u64_at(p), true));
  Value v;
  v.kind = Value::Kind::Stack;
  v.user = layout.kind == K::UStack;
  v.s = "\n";
  return v;
}

}  // namespace

Value decode(const artifact::Layout &layout, const uint8_t *p, SymbolResolver *symbols) {
  using K = artifact::Layout::Kind;
  switch (layout.kind) {
    case K::Int: return integer(layout, read_int(p, layout.size, layout.is_signed));
    case K::Bool: return Value::of_bool(read_int(p, layout.size, false) != 0);
    case K::Record: return decode_record(layout, p, symbols);
    case K::Array: return decode_array(layout, p, symbols);
    case K::Str: return decode_str(layout, p);
    case K::Tuple: return decode_tuple(layout, p, symbols);
    case K::Inet: return decode_inet(p);
    case K::KStack:
    case K::UStack:
    case K::KSym:
    case K::USym: return decode_symbolic(layout, p, symbols);
    case K::Timestamp: return Value::of_str(format_time(layout.time_format, monotonic_to_wall(u64_at(p))));
    case K::Buffer: return Value::of_str(format_buffer_value(p, layout.size - 8, BufferStyle::Escaped));
    case K::MacAddr: return Value::of_str(format_macaddr(p));
    case K::Username: return Value::of_str(username_of(u64_at(p)));
    case K::Lookup: return Value::of_str(lookup_name(layout.lookup, int64_t(u64_at(p)), layout.lookup_arg));
    case K::None: break;
  }
  return Value{};
}

Value average(const artifact::MapSpec &spec, const AggValue &v) {
  if (v.count == 0) return spec.value_signed ? Value::of_int(0) : Value::of_uint(0);
  if (spec.value_signed) return Value::of_int(v.total / int64_t(v.count));
  return Value::of_uint(uint64_t(v.total) / v.count);
}

namespace {

// The number an entry is ordered by (count/sum/min/max by value, avg/stats by
// average, hists by total count); false when entries keep key order.
bool sort_number(const artifact::MapSpec &spec, const AggValue &v, __int128 &out) {
  using A = artifact::AggKind;
  const Value *x = &v.scalar;
  Value avg;
  switch (spec.agg) {
    case A::Avg:
    case A::Stats:
      avg = average(spec, v);
      x = &avg;
      break;
    case A::Hist:
    case A::Lhist:
      out = std::accumulate(v.buckets.begin(), v.buckets.end(), uint64_t(0));
      return true;
    default:
      break;
  }
  if (x->kind == Value::Kind::Int) out = x->i;
  else if (x->kind == Value::Kind::Uint) out = x->u;
  else return false;
  return true;
}

}  // namespace

// bpftrace sorts by key, then stably by value. Here that is one sort of an
// index by (number, key): entries are large (Values), the numbers are
// computed once, and each entry moves once, at the end. Integer keys (the
// common case: pids, tids, sizes) are compared as numbers held in the index.
void sort_for_print(MapView &m) {
  auto &es = m.entries;
  struct Item {
    __int128 num = 0, key = 0;
    uint32_t index = 0;
  };
  std::vector<Item> items(es.size());
  bool numeric = m.spec != nullptr, int_keys = true;
  for (size_t i = 0; i < es.size(); i++) {
    Item &it = items[i];
    it.index = uint32_t(i);
    if (numeric) numeric = sort_number(*m.spec, es[i].value, it.num);
    const Value &k = es[i].key;
    if (k.kind == Value::Kind::Int) it.key = k.i;
    else if (k.kind == Value::Kind::Uint) it.key = k.u;
    else int_keys = false;
  }
  std::stable_sort(items.begin(), items.end(), [&](const Item &a, const Item &b) {
    if (numeric && a.num != b.num) return a.num < b.num;
    if (int_keys) return a.key < b.key;
    return compare(es[a.index].key, es[b.index].key) < 0;
  });
  // Put entries in place by following the permutation's cycles: no second
  // array of entries (tens of MB for a big map, each page a fault).
  std::vector<uint32_t> from(es.size());
  for (size_t i = 0; i < items.size(); i++) from[i] = items[i].index;
  for (size_t start = 0; start < es.size(); start++) {
    if (from[start] == start) continue;
    MapEntry held = std::move(es[start]);
    size_t at = start;
    while (from[at] != start) {
      size_t next = from[at];
      es[at] = std::move(es[next]);
      from[at] = uint32_t(at);
      at = next;
    }
    es[at] = std::move(held);
    from[at] = uint32_t(at);
  }
}

void prepare_for_print(MapView &m, uint64_t top) {
  sort_for_print(m);
  if (top > 0 && top < m.entries.size())
    m.entries.erase(m.entries.begin(), m.entries.end() - std::ptrdiff_t(top));
}

}  // namespace bpfsh::runtime
