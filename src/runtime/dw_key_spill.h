#pragma once
// Maps keyed by a dw_ustack. Such a key names one sample, that is one event
// (the kernel can not tell two samples of one stack apart), so the map gets
// a key per event and would fill at max_map_keys. Once a key's samples are
// unwound and the program that wrote it is long done, the runtime moves the
// entry out of the kernel map into the store here, merged with the entries
// that print the same; reading the map adds them back, clear() drops them,
// zero() zeroes them.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "artifact/artifact.h"
#include "runtime/value.h"

namespace bpfsh::runtime {

// Whether a key's layout holds a dw_ustack (in a tuple too).
bool has_dwarf_stack(const artifact::Layout &l);

// The sample ids of the dw_ustacks in the key at `p`.
void dwarf_sample_ids(const artifact::Layout &l, const uint8_t *p, std::vector<uint64_t> &out);

// Adds `from` into `to`, as the map's aggregation combines two entries.
void add_into(const artifact::MapSpec &spec, AggValue &to, const AggValue &from);

// Entries whose keys print the same, added together.
void merge_equal_keys(const artifact::MapSpec &spec, std::vector<MapEntry> &entries);

// The entries moved out of kernel maps, by kernel map id. Locked: --metrics
// reads maps on a thread of its own. `pending` is the spilling pass's alone
// (the event loop's thread).
class SpilledEntries {
 public:
  static SpilledEntries &instance();

  void add(uint32_t id, const artifact::MapSpec &spec, std::vector<MapEntry> entries);
  void append_to(uint32_t id, std::vector<MapEntry> &out);
  void drop(uint32_t id);
  void zero(uint32_t id, const artifact::MapSpec &spec);
  // Keys (their bytes) the last pass saw in kernel map `id` and left
  // there, with how many passes have seen each.
  std::map<std::string, int> &pending(uint32_t id);
  // Held while a reader reads a kernel map and this store, and while a pass
  // moves entries from one to the other.
  std::unique_lock<std::mutex> hold() { return std::unique_lock(moving_); }

 private:
  std::mutex mutex_, moving_;
  std::map<uint32_t, std::vector<MapEntry>> entries_;
  std::map<uint32_t, std::map<std::string, int>> pending_;
};

}  // namespace bpfsh::runtime
