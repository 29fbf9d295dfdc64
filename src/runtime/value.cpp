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

// The value an entry is ordered by, or None when entries keep key order.
Value sort_value(const codegen::MapSpec &spec, const AggValue &v) {
  using A = codegen::AggKind;
  switch (spec.agg) {
    case A::Avg:
    case A::Stats:
      return average(spec, v);
    case A::Hist:
    case A::Lhist:
      return Value::of_uint(std::accumulate(v.buckets.begin(), v.buckets.end(), uint64_t(0)));
    default:
      return is_integer(v.scalar) ? v.scalar : Value{};
  }
}

}  // namespace

void sort_for_print(MapView &m) {
  auto &es = m.entries;
  std::stable_sort(es.begin(), es.end(),
                   [](const MapEntry &a, const MapEntry &b) { return compare(a.key, b.key) < 0; });
  if (!m.spec) return;
  const auto &spec = *m.spec;
  std::stable_sort(es.begin(), es.end(), [&spec](const MapEntry &a, const MapEntry &b) {
    Value x = sort_value(spec, a.value), y = sort_value(spec, b.value);
    if (!is_integer(x) || !is_integer(y)) return false;
    return compare(x, y) < 0;
  });
}

void prepare_for_print(MapView &m, uint64_t top) {
  sort_for_print(m);
  if (top > 0 && top < m.entries.size())
    m.entries.erase(m.entries.begin(), m.entries.end() - std::ptrdiff_t(top));
}

}  // namespace bpfsh::runtime
