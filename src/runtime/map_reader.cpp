#include "runtime/map_reader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <mutex>
#include <set>

#include "runtime/dw_key_spill.h"
#include "runtime/raw_read.h"
#include "runtime/symbol_resolver.h"
#include "runtime/tseries_collector.h"

namespace bpfsh::runtime {

namespace {

using artifact::AggKind;

int ncpus_for(const artifact::MapSpec &spec) {
  if (!spec.percpu) return 1;
  static const int n = libbpf_num_possible_cpus();
  return n > 0 ? n : 1;
}

size_t stride(const artifact::MapSpec &spec) {
  return spec.percpu ? (size_t(spec.value_size) + 7) / 8 * 8 : spec.value_size;
}

Value integer(const artifact::MapSpec &spec, uint64_t raw) {
  return spec.value_signed ? Value::of_int(int64_t(raw)) : Value::of_uint(raw);
}

// Min/Max over the CPUs whose is_set flag is non-zero.
bool combine_extreme(const artifact::MapSpec &spec, const uint8_t *value, int ncpus, AggValue &out) {
  bool any = false;
  uint64_t best = 0;
  for (int c = 0; c < ncpus; c++) {
    const uint8_t *v = value + size_t(c) * stride(spec);
    if (u64_at(v, 8) == 0) continue;
    uint64_t x = u64_at(v, 0);
    bool better = spec.value_signed ? (spec.agg == AggKind::Min ? int64_t(x) < int64_t(best)
                                                                : int64_t(x) > int64_t(best))
                                    : (spec.agg == AggKind::Min ? x < best : x > best);
    if (!any || better) best = x;
    any = true;
  }
  if (any) out.scalar = integer(spec, best);
  return any;
}

std::vector<std::vector<uint8_t>> all_keys(int fd, uint32_t key_size) {
  std::vector<std::vector<uint8_t>> keys;
  std::vector<uint8_t> next(key_size);
  const void *prev = nullptr;
  while (bpf_map_get_next_key(fd, prev, next.data()) == 0) {
    keys.push_back(next);
    prev = keys.back().data();
  }
  return keys;
}

// Every entry's key and (per-CPU) value, `count` of each back to back.
struct Entries {
  std::vector<uint8_t> keys, values;
  size_t count = 0;
};

// BPF_MAP_LOOKUP_BATCH: thousands of entries per system call, where a key at
// a time costs two system calls per entry (about 3 us each here, with page
// table isolation). Returns false when the kernel or map type has no batch
// lookup; the caller then reads key by key.
bool read_batched(int fd, size_t key_size, size_t value_size, Entries &out, int &err) {
  uint32_t chunk = 4096;
  std::vector<uint8_t> token_in(std::max<size_t>(key_size, 8)), token_out(token_in.size());
  bool first = true;
  for (;;) {
    size_t have = out.count;
    out.keys.resize((have + chunk) * key_size);
    out.values.resize((have + chunk) * value_size);
    uint32_t n = chunk;
    LIBBPF_OPTS(bpf_map_batch_opts, opts);
    int rc = bpf_map_lookup_batch(fd, first ? nullptr : token_in.data(), token_out.data(),
                                  out.keys.data() + have * key_size, out.values.data() + have * value_size, &n,
                                  &opts);
    int e = rc ? errno : 0;
    if (rc && e == ENOSPC && n == 0) {
      chunk *= 2;  // one hash bucket holds more entries than a chunk
      continue;
    }
    if (rc && e != ENOENT) {
      if (first && (e == EINVAL || e == ENOTSUP || e == EOPNOTSUPP || e == EPERM)) return false;
      err = e;
      return true;
    }
    out.count = have + n;
    if (rc) break;  // ENOENT: that was the last chunk
    first = false;
    token_in.swap(token_out);
  }
  out.keys.resize(out.count * key_size);
  out.values.resize(out.count * value_size);
  return true;
}

// The key-at-a-time path, for maps without batch lookup.
Result<Entries> read_one_by_one(const artifact::MapSpec &spec, int fd, size_t value_size) {
  Entries out;
  std::vector<uint8_t> value(value_size);
  for (const auto &key : all_keys(fd, spec.key_size)) {
    if (bpf_map_lookup_elem(fd, key.data(), value.data()) != 0) {
      if (errno == ENOENT) continue;  // deleted while we iterated
      return fail(errno_message("map '" + spec.name + "'", "failed to read", errno));
    }
    out.keys.insert(out.keys.end(), key.begin(), key.end());
    out.values.insert(out.values.end(), value.begin(), value.end());
    out.count++;
  }
  return out;
}

Result<Entries> read_entries(const artifact::MapSpec &spec, int fd, size_t value_size) {
  Entries out;
  int err = 0;
  if (!read_batched(fd, spec.key_size, value_size, out, err)) return read_one_by_one(spec, fd, value_size);
  if (err) return fail(errno_message("map '" + spec.name + "'", "failed to read", err));
  return out;
}

bool is_array(int fd) {
  bpf_map_info info{};
  uint32_t len = sizeof info;
  if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0) return false;
  return info.type == BPF_MAP_TYPE_ARRAY || info.type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

uint32_t map_id(int fd) {
  bpf_map_info info{};
  uint32_t len = sizeof info;
  return bpf_obj_get_info_by_fd(fd, &info, &len) == 0 ? info.id : 0;
}

// bpftrace keeps a hist's entries through zero() and prints them as empty
// histograms. A hist without a key is an array here, whose buckets are there
// filled or not, so the runtime remembers (by kernel map id) the ones zero()
// emptied, until clear(). Locked: --metrics reads maps on a thread of its own.
class ZeroedArrays {
 public:
  bool contains(uint32_t id) {
    std::lock_guard lock(mutex_);
    return ids_.contains(id);
  }
  void insert(uint32_t id) {
    std::lock_guard lock(mutex_);
    ids_.insert(id);
  }
  void erase(uint32_t id) {
    std::lock_guard lock(mutex_);
    ids_.erase(id);
  }

 private:
  std::mutex mutex_;
  std::set<uint32_t> ids_;
};

ZeroedArrays &zeroed_arrays() {
  static ZeroedArrays ids;
  return ids;
}

bool is_bucketed(const artifact::MapSpec &spec) { return spec.agg == AggKind::Hist || spec.agg == AggKind::Lhist; }

}  // namespace

size_t value_buffer_size(const artifact::MapSpec &spec, int ncpus) {
  return spec.percpu ? stride(spec) * size_t(ncpus) : spec.value_size;
}

bool combine(const artifact::MapSpec &spec, const uint8_t *value, int ncpus, AggValue &out,
             SymbolResolver *symbols) {
  switch (spec.agg) {
    case AggKind::None:
      out.scalar = decode(spec.value, value, symbols);
      return true;
    case AggKind::Min:
    case AggKind::Max:
      return combine_extreme(spec, value, ncpus, out);
    default:
      break;
  }
  uint64_t first = 0, second = 0;
  for (int c = 0; c < ncpus; c++) {
    const uint8_t *v = value + size_t(c) * stride(spec);
    first += u64_at(v, 0);
    if (spec.agg == AggKind::Avg || spec.agg == AggKind::Stats) second += u64_at(v, 8);
  }
  if (spec.agg == AggKind::Avg || spec.agg == AggKind::Stats) {
    out.total = int64_t(first);
    out.count = second;
  } else if (spec.agg == AggKind::Count || spec.agg == AggKind::Hist || spec.agg == AggKind::Lhist) {
    out.scalar = Value::of_uint(first);
  } else {
    out.scalar = integer(spec, first);  // Sum
  }
  return true;
}

void HistCollector::add(const uint8_t *key, uint64_t count) {
  size_t user = spec_.array ? 0 : spec_.key_size >= 8 ? spec_.key_size - 8 : 0;
  uint64_t bucket;
  if (spec_.array) {
    uint32_t index;
    std::memcpy(&index, key, 4);
    bucket = index;
  } else {
    bucket = u64_at(key, user);
  }
  if (bucket > 4096) return;  // not a bucket codegen can produce
  auto [it, fresh] = index_.try_emplace(std::string(reinterpret_cast<const char *>(key), user), view_.entries.size());
  if (fresh) {
    Value k = spec_.key.kind == artifact::Layout::Kind::None ? Value{} : decode(spec_.key, key, symbols_);
    view_.entries.push_back(MapEntry{std::move(k), {}});
  }
  auto &buckets = view_.entries[it->second].value.buckets;
  if (buckets.size() <= bucket) buckets.resize(bucket + 1, 0);
  buckets[bucket] += count;
}

namespace {

// Decodes the entries `take` chooses (all, without one) into view.entries.
void collect(const artifact::MapSpec &spec, const Entries &entries, int ncpus, SymbolResolver *symbols,
             MapView &view, const std::function<bool(size_t)> &take = {}) {
  size_t vsize = value_buffer_size(spec, ncpus);
  bool hist = is_bucketed(spec);
  HistCollector buckets(view, spec, symbols);
  if (!hist) view.entries.reserve(view.entries.size() + entries.count);
  for (size_t i = 0; i < entries.count; i++) {
    if (take && !take(i)) continue;
    const uint8_t *key = entries.keys.data() + i * spec.key_size;
    AggValue agg;
    if (!combine(spec, entries.values.data() + i * vsize, ncpus, agg, symbols)) continue;
    if (hist) {
      // A zeroed bucket of a hash keeps its key: an empty histogram.
      if (agg.scalar.u || !spec.array) buckets.add(key, agg.scalar.u);
      continue;
    }
    Value k = spec.key.kind == artifact::Layout::Kind::None ? Value{} : decode(spec.key, key, symbols);
    view.entries.push_back(MapEntry{std::move(k), std::move(agg)});
  }
}

}  // namespace

Result<MapView> read_map(const artifact::MapSpec &spec, int fd, SymbolResolver *symbols) {
  MapView view;
  view.spec = &spec;
  int ncpus = ncpus_for(spec);
  size_t vsize = value_buffer_size(spec, ncpus);
  bool dwarf = has_dwarf_stack(spec.key);
  // Against a spilling pass on another thread: never an entry in both
  // places, or in neither.
  std::unique_lock<std::mutex> moving;
  if (dwarf) moving = SpilledEntries::instance().hold();
  auto entries = read_entries(spec, fd, vsize);
  if (!entries) return fail(entries.error());
  if (spec.agg == AggKind::Tseries) {
    TseriesCollector series(spec, symbols);
    for (size_t i = 0; i < entries->count; i++)
      series.add(entries->keys.data() + i * spec.key_size, entries->values.data() + i * vsize, ncpus, stride(spec));
    series.finish(view.entries);
    return view;
  }
  collect(spec, *entries, ncpus, symbols, view);
  if (is_bucketed(spec) && spec.array && view.entries.empty() && zeroed_arrays().contains(map_id(fd)))
    view.entries.push_back(MapEntry{Value{}, {}});
  if (dwarf) {
    SpilledEntries::instance().append_to(map_id(fd), view.entries);
    merge_equal_keys(spec, view.entries);
  }
  return view;
}

// A key seen by an earlier pass (a second or more ago) was written by a
// program that has long finished; once its samples are unwound (or three
// passes have not brought them: they were lost) it prints as it will from
// now on, and moves out of the kernel map.
Result<void> spill_dwarf_keys(const artifact::MapSpec &spec, int fd, SymbolResolver &symbols) {
  if (spec.agg == AggKind::Tseries || spec.array || !has_dwarf_stack(spec.key)) return {};
  int ncpus = ncpus_for(spec);
  auto entries = read_entries(spec, fd, value_buffer_size(spec, ncpus));
  if (!entries) return fail(entries.error());
  uint32_t id = map_id(fd);
  auto &pending = SpilledEntries::instance().pending(id);
  std::map<std::string, int> still;
  std::vector<size_t> settled;
  for (size_t i = 0; i < entries->count; i++) {
    const uint8_t *key = entries->keys.data() + i * spec.key_size;
    std::string k(reinterpret_cast<const char *>(key), spec.key_size);
    auto it = pending.find(k);
    int passes = it == pending.end() ? 0 : it->second;
    std::vector<uint64_t> ids;
    dwarf_sample_ids(spec.key, key, ids);
    bool unwound = std::all_of(ids.begin(), ids.end(), [&](uint64_t s) { return symbols.has_sample(s); });
    if (passes > 0 && (unwound || passes >= 3)) settled.push_back(i);
    else still.emplace(std::move(k), passes + 1);
  }
  pending = std::move(still);
  if (settled.empty()) return {};
  MapView moved;
  moved.spec = &spec;
  size_t next = 0;
  collect(spec, *entries, ncpus, &symbols, moved, [&](size_t i) {
    if (next < settled.size() && settled[next] == i) return ++next, true;
    return false;
  });
  auto moving = SpilledEntries::instance().hold();
  for (size_t i : settled) bpf_map_delete_elem(fd, entries->keys.data() + i * spec.key_size);
  SpilledEntries::instance().add(id, spec, std::move(moved.entries));
  return {};
}

Result<void> zero_map(const artifact::MapSpec &spec, int fd) {
  if (spec.array && is_bucketed(spec)) {
    auto before = read_map(spec, fd, nullptr);
    if (before && !before->entries.empty()) zeroed_arrays().insert(map_id(fd));
  }
  SpilledEntries::instance().zero(map_id(fd), spec);
  std::vector<uint8_t> zeros(value_buffer_size(spec, ncpus_for(spec)), 0);
  for (const auto &key : all_keys(fd, spec.key_size)) {
    if (bpf_map_update_elem(fd, key.data(), zeros.data(), BPF_EXIST) != 0 && errno != ENOENT)
      return fail(errno_message("map '" + spec.name + "'", "failed to zero", errno));
  }
  return {};
}

Result<void> clear_map(const artifact::MapSpec &spec, int fd) {
  SpilledEntries::instance().drop(map_id(fd));
  if (is_array(fd)) {  // array slots cannot be deleted
    auto zeroed = zero_map(spec, fd);
    zeroed_arrays().erase(map_id(fd));
    return zeroed;
  }
  for (const auto &key : all_keys(fd, spec.key_size)) {
    if (bpf_map_delete_elem(fd, key.data()) != 0 && errno != ENOENT)
      return fail(errno_message("map '" + spec.name + "'", "failed to clear", errno));
  }
  return {};
}

}  // namespace bpfsh::runtime
