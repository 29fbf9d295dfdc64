#include "runtime/value.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <numeric>

#include "runtime/result.h"
#include "runtime/stack_format.h"
#include "runtime/symbol_resolver.h"

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

bool is_integer(const Value &v) { return v.kind == Value::Kind::Int || v.kind == Value::Kind::Uint; }

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
  if (a.kind == Value::Kind::Tuple) {
    size_t n = std::min(a.elems.size(), b.elems.size());
    for (size_t k = 0; k < n; k++)
      if (int c = compare(a.elems[k], b.elems[k])) return c;
    return a.elems.size() < b.elems.size() ? -1 : (a.elems.size() > b.elems.size() ? 1 : 0);
  }
  return 0;
}

Value decode(const codegen::Layout &layout, const uint8_t *p, SymbolResolver *symbols) {
  using K = codegen::Layout::Kind;
  switch (layout.kind) {
    case K::Int: {
      uint64_t raw = 0;
      std::memcpy(&raw, p, std::min<uint32_t>(layout.size ? layout.size : 8, 8));
      return layout.is_signed ? Value::of_int(int64_t(raw)) : Value::of_uint(raw);
    }
    case K::Str: {
      const void *nul = std::memchr(p, 0, layout.size);
      size_t n = nul ? size_t(static_cast<const uint8_t *>(nul) - p) : layout.size;
      return Value::of_str(std::string(reinterpret_cast<const char *>(p), n));
    }
    case K::Tuple: {
      std::vector<Value> elems;
      elems.reserve(layout.elems.size());
      for (size_t k = 0; k < layout.elems.size(); k++)
        elems.push_back(decode(layout.elems[k], p + layout.elem_offset(k), symbols));
      return Value::tuple(std::move(elems));
    }
    case K::Inet: {
      uint64_t af = 0;
      std::memcpy(&af, p, 8);
      char text[INET6_ADDRSTRLEN] = "";
      if (!inet_ntop(int(af), p + 8, text, sizeof text)) return Value::of_str("");
      return Value::of_str(text);
    }
    case K::KStack:
    case K::UStack:
    case K::KSym:
    case K::USym: {
      if (symbols) return symbols->decode(layout, p);
      if (layout.kind == K::KSym || layout.kind == K::USym) {
        uint64_t addr;
        std::memcpy(&addr, p, 8);
        return Value::of_str(hex_address(addr, true));
      }
      Value v;
      v.kind = Value::Kind::Stack;
      v.user = layout.kind == K::UStack;
      v.s = "\n";
      return v;
    }
    case K::None:
      break;
  }
  return Value{};
}

Value average(const codegen::MapSpec &spec, const AggValue &v) {
  if (v.count == 0) return spec.value_signed ? Value::of_int(0) : Value::of_uint(0);
  if (spec.value_signed) return Value::of_int(v.total / int64_t(v.count));
  return Value::of_uint(uint64_t(v.total) / v.count);
}

namespace {

// The number an entry is ordered by (count/sum/min/max by value, avg/stats by
// average, hists by total count); false when entries keep key order.
bool sort_number(const codegen::MapSpec &spec, const AggValue &v, __int128 &out) {
  using A = codegen::AggKind;
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
// computed once, and each entry moves once, at the end.
void sort_for_print(MapView &m) {
  auto &es = m.entries;
  std::vector<__int128> num(es.size());
  bool numeric = m.spec != nullptr;
  for (size_t i = 0; i < es.size() && numeric; i++) numeric = sort_number(*m.spec, es[i].value, num[i]);
  std::vector<uint32_t> order(es.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    if (numeric && num[a] != num[b]) return num[a] < num[b];
    return compare(es[a].key, es[b].key) < 0;
  });
  std::vector<MapEntry> sorted;
  sorted.reserve(es.size());
  for (uint32_t i : order) sorted.push_back(std::move(es[i]));
  es = std::move(sorted);
}

void prepare_for_print(MapView &m, uint64_t top) {
  sort_for_print(m);
  if (top > 0 && top < m.entries.size())
    m.entries.erase(m.entries.begin(), m.entries.end() - std::ptrdiff_t(top));
}

}  // namespace bpfsh::runtime
