#include "runtime/tseries_collector.h"

#include <algorithm>
#include <cstring>

#include "runtime/raw_read.h"

namespace bpfsh::runtime {

void TseriesCollector::merge(Interval &into, uint64_t value, uint64_t count, uint64_t stamp) const {
  using A = artifact::TseriesAgg;
  bool s = spec_.value_signed;
  bool first = into.count == 0;
  switch (spec_.tseries_agg) {
    case A::Last:
      if (first || stamp > into.stamp) into.value = value;
      break;
    case A::Sum: case A::Avg:
      into.value += value;
      break;
    case A::Min:
      if (first || (s ? int64_t(value) < int64_t(into.value) : value < into.value)) into.value = value;
      break;
    case A::Max:
      if (first || (s ? int64_t(value) > int64_t(into.value) : value > into.value)) into.value = value;
      break;
  }
  into.count += count;
  into.stamp = std::max(into.stamp, stamp);
}

void TseriesCollector::add(const uint8_t *key, const uint8_t *values, int ncpus, size_t stride) {
  size_t user = spec_.key_size >= 8 ? spec_.key_size - 8 : 0;
  auto [it, fresh] = series_.try_emplace(std::vector<uint8_t>(key, key + user));
  if (fresh && spec_.key.kind != artifact::Layout::Kind::None) it->second.key = decode(spec_.key, key, symbols_);
  for (int c = 0; c < ncpus; c++) {
    const uint8_t *v = values + size_t(c) * stride;
    uint64_t count = u64_at(v, 8);
    if (count == 0) continue;  // a zeroed slot, or a CPU that never wrote it
    merge(it->second.intervals[u64_at(v, 16)], u64_at(v, 0), count, u64_at(v, 24));
  }
}

Value TseriesCollector::result(const Interval &i) const {
  if (spec_.tseries_agg == artifact::TseriesAgg::Avg) {
    if (spec_.value_signed) return Value::of_int(int64_t(i.value) / int64_t(i.count));
    return Value::of_uint(i.value / i.count);
  }
  return spec_.value_signed ? Value::of_int(int64_t(i.value)) : Value::of_uint(i.value);
}

// As bpftrace: the window is the map's last `num` intervals, up to the
// newest of any key; each key starts at its first interval in the window
// with data, so a key that went quiet ends in '-' rows. Keys are ordered
// from least to most recently updated.
void TseriesCollector::finish(std::vector<MapEntry> &out) {
  uint64_t newest = 0;
  for (auto &[bytes, s] : series_)
    if (!s.intervals.empty()) newest = std::max(newest, s.intervals.rbegin()->first);
  uint64_t num = spec_.tseries_num ? spec_.tseries_num : 1;
  uint64_t from = newest >= num - 1 ? newest - (num - 1) : 0;
  std::vector<std::pair<uint64_t, MapEntry>> entries;
  for (auto &[bytes, s] : series_) {
    auto first = s.intervals.lower_bound(from);
    if (first == s.intervals.end()) continue;
    MapEntry e{std::move(s.key), {}};
    for (uint64_t epoch = first->first; epoch <= newest; epoch++) {
      TsPoint p{.epoch = epoch};
      if (auto it = s.intervals.find(epoch); it != s.intervals.end()) {
        p.set = true;
        p.value = result(it->second);
      }
      e.value.series.push_back(std::move(p));
    }
    entries.emplace_back(s.intervals.rbegin()->first, std::move(e));
  }
  std::stable_sort(entries.begin(), entries.end(), [](auto &a, auto &b) { return a.first < b.first; });
  for (auto &[latest, e] : entries) out.push_back(std::move(e));
}

}  // namespace bpfsh::runtime
