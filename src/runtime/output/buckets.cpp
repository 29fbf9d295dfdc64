#include "runtime/output/buckets.h"

#include <algorithm>

namespace bpfsh::runtime::output {

std::string int128_str(__int128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  unsigned __int128 u = neg ? (unsigned __int128)(-(v + 1)) + 1 : (unsigned __int128)v;
  std::string s;
  while (u) {
    s.insert(s.begin(), char('0' + int(u % 10)));
    u /= 10;
  }
  return neg ? "-" + s : s;
}

std::string pow2_label(int exp) {
  static const char kSuffix[] = {0, 'K', 'M', 'G', 'T', 'P', 'E'};
  int k = exp / 10 > 6 ? 6 : exp / 10;
  std::string s = int128_str(__int128(1) << (exp - 10 * k));
  if (k) s += kSuffix[k];
  return s;
}

namespace {

// Bucket j's exclusive upper bound for hist(n, k), n = 2^k: j itself up to
// 2n (single values), then 2^((j >> k) - 1) * (n + (j & (n-1))).
__int128 hist_upper(size_t j, uint32_t k) {
  size_t n = size_t(1) << k;
  if (j <= 2 * n) return __int128(j);
  return (__int128(1) << ((j >> k) - 1)) * __int128(n + (j & (n - 1)));
}

// bpftrace's label of a bound past the single values: its mantissa in the
// largest power of 1024 it reaches (K, M, G, ...), "1152", "9K".
std::string hist_label(size_t j, uint32_t k) {
  static const char kSuffix[] = {0, 'K', 'M', 'G', 'T', 'P', 'E'};
  size_t n = size_t(1) << k;
  if (j <= 2 * n) return int128_str(__int128(j));
  uint32_t power = uint32_t(j >> k) - 1;
  uint32_t decade = std::min<uint32_t>(power / 10, 6);
  std::string s = int128_str((__int128(1) << (power - 10 * decade)) * __int128(n + (j & (n - 1))));
  if (decade) s += kSuffix[decade];
  return s;
}

BucketRange hist_range(size_t i, uint32_t k) {
  BucketRange r;
  size_t n = size_t(1) << k;
  if (i == 0) {
    r.has_lo = false;
    r.hi = 0;
  } else if (i <= 2 * n) {
    r.lo = __int128(i - 1);
    r.hi = r.lo + 1;
    r.single = true;
  } else {
    r.lo = hist_upper(i - 1, k);
    r.hi = hist_upper(i, k);
    r.lo_label = hist_label(i - 1, k);
    r.hi_label = hist_label(i, k);
  }
  return r;
}

BucketRange lhist_range(const artifact::MapSpec &spec, size_t b) {
  BucketRange r;
  int64_t step = spec.lhist_step > 0 ? spec.lhist_step : 1;
  __int128 n = (__int128(spec.lhist_max) - spec.lhist_min) / step;
  if (b == 0) {
    r.has_lo = false;
    r.hi = spec.lhist_min;
  } else if (__int128(b) > n) {
    r.has_hi = false;
    r.lo = spec.lhist_max;
  } else {
    r.lo = spec.lhist_min + __int128(b - 1) * step;
    r.hi = r.lo + step;
  }
  return r;
}

}  // namespace

BucketRange bucket_range(const artifact::MapSpec &spec, size_t index) {
  return spec.agg == artifact::AggKind::Lhist ? lhist_range(spec, index) : hist_range(index, spec.hist_bits);
}

std::pair<size_t, size_t> nonzero_span(const std::vector<uint64_t> &buckets) {
  size_t first = 0, last = 0;
  bool any = false;
  for (size_t i = 0; i < buckets.size(); i++) {
    if (!buckets[i]) continue;
    if (!any) first = i;
    last = i;
    any = true;
  }
  if (!any) return {1, 0};
  return {first, last};
}

}  // namespace bpfsh::runtime::output
