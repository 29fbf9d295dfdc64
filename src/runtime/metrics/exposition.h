#pragma once
// The live maps in the Prometheus text exposition format (version 0.0.4,
// which OpenMetrics parsers read too), for --metrics. Pure, so tests check
// exact text from maps built by hand.
//
//   count, sum (unsigned)  -> counter  bpfsh_NAME_total
//   sum (signed), min, max, plain integers -> gauge bpfsh_NAME
//   avg, stats             -> summary  bpfsh_NAME_sum, bpfsh_NAME_count
//   hist, lhist            -> histogram bpfsh_NAME_bucket{le=...}, _sum, _count
//   tseries                -> gauge: the newest interval that has a value
// Map keys become labels: `key` for one value, key0, key1... for a tuple,
// the member names for a record. Values that are not numbers (strings,
// stacks) have no sample. bpfsh_lost_events_total and
// bpfsh_probe_hits_total{probe=...} follow the maps.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/value.h"

namespace bpfsh::runtime::metrics {

struct ProbeHits {
  std::string probe;  // as the script names it: "tracepoint:syscalls:sys_enter_read"
  uint64_t hits = 0;
};

// What one scrape read: every map, the lost events, each probe's runs.
struct Scrape {
  std::vector<MapView> maps;  // their specs outlive the Scrape
  uint64_t lost_events = 0;
  std::vector<ProbeHits> probes;
};

// "@" -> "bpfsh_map", "@rw" -> "bpfsh_rw"; a byte outside [a-zA-Z0-9_] -> '_'.
std::string metric_name(std::string_view map_name);
// A label value between double quotes: backslash, quote and newline escaped.
std::string escape_label(std::string_view s);

std::string render_exposition(const Scrape &s);

// The Content-Type of render_exposition's text.
inline constexpr char kExpositionType[] = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace bpfsh::runtime::metrics
