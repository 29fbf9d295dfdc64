#pragma once
// Reads user maps from the kernel into the value model, and clears or zeroes
// them. Per-CPU values are combined here, as artifact.h's wire rules say.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "artifact/artifact.h"
#include "runtime/result.h"
#include "runtime/value.h"

namespace bpfsh::runtime {

// Bytes one lookup returns: value_size for a shared map, or
// roundup(value_size, 8) * possible CPUs for a per-CPU one.
size_t value_buffer_size(const artifact::MapSpec &spec, int ncpus);

// Combines one entry's values over `ncpus` CPUs (1 for a shared map).
// Returns false for a min/max entry that no CPU set (it is not printed).
bool combine(const artifact::MapSpec &spec, const uint8_t *value, int ncpus, AggValue &out,
             SymbolResolver *symbols = nullptr);

// Groups hist/lhist buckets by user key. A BPF key is the user key followed
// by a u64 bucket index.
class HistCollector {
 public:
  HistCollector(MapView &view, const artifact::MapSpec &spec, SymbolResolver *symbols = nullptr)
      : view_(view), spec_(spec), symbols_(symbols) {}
  void add(const uint8_t *key, uint64_t count);

 private:
  MapView &view_;
  const artifact::MapSpec &spec_;
  SymbolResolver *symbols_;
  std::map<std::string, size_t> index_;  // user key bytes -> entry
};

// Whole-map operations on the map with file descriptor `fd`. Stacks and
// symbols in keys and values are named through `symbols` (may be null).
Result<MapView> read_map(const artifact::MapSpec &spec, int fd, SymbolResolver *symbols = nullptr);
Result<void> clear_map(const artifact::MapSpec &spec, int fd);  // delete every key
// Moves the settled entries of a map keyed by a dw_ustack out of the kernel
// (runtime/dw_key_spill.h); the event loop's thread calls it about once a
// second.
Result<void> spill_dwarf_keys(const artifact::MapSpec &spec, int fd, SymbolResolver &symbols);
Result<void> zero_map(const artifact::MapSpec &spec, int fd);   // keep keys, zero values

}  // namespace bpfsh::runtime
