#pragma once
// The maps of a compiled program: user maps (aggregations or plain values)
// and stack-trace maps.
#include <cstdint>
#include <string>
#include <vector>

#include "artifact/layout.h"

namespace bpfsh::artifact {

enum class AggKind : uint8_t { None, Count, Sum, Min, Max, Avg, Stats, Hist, Lhist, Tseries };

// How values in one tseries interval combine: the last one, or avg/min/max/sum.
enum class TseriesAgg : uint8_t { Last, Avg, Min, Max, Sum };

struct MapSpec {
  std::string name;       // as the user wrote it: "@", "@x"
  std::string elf_name;   // the BPF map's name in the ELF: "m0", "m1", ...
  Layout key;             // Kind::None for a scalar map (the BPF key is then a u64 0)
  Layout value;           // for AggKind::None: the stored value
  AggKind agg = AggKind::None;
  bool percpu = false;    // value is per CPU: read all CPUs and combine
  bool array = false;     // a per-CPU array indexed by bucket (keyless hist/lhist)
  uint32_t key_size = 0;  // BPF key size (includes the bucket for Hist/Lhist)
  uint32_t value_size = 0;  // BPF value size for one CPU
  uint32_t max_entries = 0;
  bool value_signed = false;  // Sum/Min/Max/Avg/Stats over signed input
  int64_t lhist_min = 0, lhist_max = 0, lhist_step = 0;  // Lhist only
  uint32_t hist_bits = 0;  // Hist: each power of two is split in 2^hist_bits buckets
  uint64_t tseries_interval = 0;  // Tseries: ns per interval
  uint32_t tseries_num = 0;       // Tseries: intervals kept (the slots per key)
  TseriesAgg tseries_agg = TseriesAgg::Last;
};

// A BPF_MAP_TYPE_STACK_TRACE map: u32 stack id -> `limit` u64 frame
// addresses, innermost first, zero after the last one. A build_id map
// (BPF_F_STACK_BUILD_ID) holds `limit` struct bpf_stack_build_id instead.
struct StackMapSpec {
  std::string elf_name;
  uint32_t limit = 0;
  bool build_id = false;
};

}  // namespace bpfsh::artifact
