#pragma once
// The value model: what maps and events decode into before any printing.
// Collecting results is separate from printing them (output/).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "artifact/artifact.h"

namespace bpfsh::runtime {

class SymbolResolver;

// One decoded value: an integer, a string, a tuple of values, a stack, or a
// C struct or array print() copied.
struct Value {
  enum class Kind : uint8_t { None, Int, Uint, Str, Tuple, Stack, Record, Array, Bool };
  Kind kind = Kind::None;
  int64_t i = 0;             // Int
  uint64_t u = 0;            // Uint; Bool: 0 or 1
  // Str; Stack: the text as its mode prints it; Int/Uint: when not empty,
  // the text it prints as (an enumerator's name, a pointer in hex) where
  // json prints the number.
  std::string s;
  std::vector<Value> elems;  // Tuple, Record (members), Array
  // Stack: frame names, innermost first; Record: the members' names (kept
  // here rather than in a member of their own: map entries hold Values by
  // the hundred thousand).
  std::vector<std::string> frames;
  bool user = false;                // Stack: a ustack

  static Value of_int(int64_t v);
  static Value of_uint(uint64_t v);
  static Value of_str(std::string v);
  static Value of_bool(bool v);
  static Value tuple(std::vector<Value> v);
};

// Total order: integers numerically, strings bytewise, tuples element-wise.
int compare(const Value &a, const Value &b);

// Decodes `layout` from `p` (which holds at least layout.size bytes).
// Stacks and symbols are named through `symbols`; without one a symbol reads
// as its address and a stack as no frames.
Value decode(const artifact::Layout &layout, const uint8_t *p, SymbolResolver *symbols = nullptr);

// One tseries interval: its epoch (CLOCK_TAI ns / the interval) and
// its value, when an event fell in it.
struct TsPoint {
  uint64_t epoch = 0;
  bool set = false;
  Value value;
};

// One map entry's value after combining CPUs.
struct AggValue {
  Value scalar;                  // AggKind None/Count/Sum/Min/Max
  int64_t total = 0;             // Avg, Stats
  uint64_t count = 0;            // Avg, Stats
  std::vector<uint64_t> buckets; // Hist, Lhist: count per bucket index
  std::vector<TsPoint> series;   // Tseries: oldest interval first
};

struct MapEntry {
  Value key;  // Kind::None for a scalar map
  AggValue value;
};

// A whole map as read at one moment. `spec` outlives the view.
struct MapView {
  const artifact::MapSpec *spec = nullptr;
  std::vector<MapEntry> entries;
};

// avg: total / count, signed when the map's input was signed.
Value average(const artifact::MapSpec &spec, const AggValue &v);

// bpftrace's order for printing: by key first, then stably by value ascending
// (count/sum/min/max by value, avg/stats by average, hists by total count).
void sort_for_print(MapView &m);

// Sorts for printing, then keeps only the last `top` entries when top > 0.
void prepare_for_print(MapView &m, uint64_t top);

}  // namespace bpfsh::runtime
