#pragma once
// The range a hist or lhist bucket index stands for; shared by the text and
// json printers.
//   hist(n, k):  0 -> (..., 0)   i in 1..2^(k+1) -> [i-1]   then 2^k buckets per
//                power of two (k = 0: i>=3 -> [2^(i-2), 2^(i-1)))
//   lhist: 0 -> (..., min)   b in 1..n -> [min+(b-1)*step, +step)   n+1 -> [max, ...)
#include <cstdint>
#include <string>
#include <vector>

#include "artifact/artifact.h"

namespace bpfsh::runtime::output {

struct BucketRange {
  bool has_lo = true, has_hi = true;
  __int128 lo = 0, hi = 0;  // [lo, hi); hi is exclusive
  bool single = false;      // holds exactly one value: lo
  std::string lo_label, hi_label;  // hist: how lo and hi print ("1K"); empty: as numbers
};

BucketRange bucket_range(const artifact::MapSpec &spec, size_t index);

// Index range [first, last] of non-zero buckets; first > last when all are zero.
std::pair<size_t, size_t> nonzero_span(const std::vector<uint64_t> &buckets);

// "512", "1K", "16E" for 2^exp.
std::string pow2_label(int exp);

std::string int128_str(__int128 v);

}  // namespace bpfsh::runtime::output
