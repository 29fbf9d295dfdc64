#include "runtime/output/buckets.h"

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

BucketRange hist_range(size_t i) {
  BucketRange r;
  if (i == 0) {
    r.has_lo = false;
    r.hi = 0;
  } else if (i <= 2) {
    r.lo = __int128(i - 1);
    r.hi = r.lo + 1;
    r.single = true;
  } else {
    r.pow2_lo = int(i) - 2;
    r.pow2_hi = int(i) - 1;
    r.lo = __int128(1) << r.pow2_lo;
    r.hi = __int128(1) << r.pow2_hi;
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
  return spec.agg == artifact::AggKind::Lhist ? lhist_range(spec, index) : hist_range(index);
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
