#pragma once
// Gathers a tseries map's slots into one series per user key. A BPF key is
// the user key followed by a u64 slot; each CPU's slot holds the interval it
// was last written in (artifact.h), so slots are combined by interval.
#include <cstdint>
#include <map>
#include <vector>

#include "artifact/artifact.h"
#include "runtime/value.h"

namespace bpfsh::runtime {

class SymbolResolver;

class TseriesCollector {
 public:
  TseriesCollector(const artifact::MapSpec &spec, SymbolResolver *symbols) : spec_(spec), symbols_(symbols) {}
  // One BPF entry: its key and its per-CPU values, `stride` bytes apart.
  void add(const uint8_t *key, const uint8_t *values, int ncpus, size_t stride);
  // Appends one entry per user key with data in the map's last
  // `tseries_num` intervals (see the .cpp).
  void finish(std::vector<MapEntry> &out);

 private:
  struct Interval {
    uint64_t value = 0, count = 0, stamp = 0;
  };
  struct Series {
    Value key;
    std::map<uint64_t, Interval> intervals;  // by epoch
  };
  void merge(Interval &into, uint64_t value, uint64_t count, uint64_t stamp) const;
  Value result(const Interval &i) const;

  const artifact::MapSpec &spec_;
  SymbolResolver *symbols_;
  std::map<std::vector<uint8_t>, Series> series_;  // user key bytes -> series
};

}  // namespace bpfsh::runtime
