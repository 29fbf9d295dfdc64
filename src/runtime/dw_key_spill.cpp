#include "runtime/dw_key_spill.h"

#include <algorithm>

#include "runtime/raw_read.h"

namespace bpfsh::runtime {

using artifact::AggKind;

bool has_dwarf_stack(const artifact::Layout &l) {
  if (l.kind == artifact::Layout::Kind::UStack) return l.dwarf;
  return std::any_of(l.elems.begin(), l.elems.end(), [](const artifact::Layout &e) { return has_dwarf_stack(e); });
}

void dwarf_sample_ids(const artifact::Layout &l, const uint8_t *p, std::vector<uint64_t> &out) {
  if (l.kind == artifact::Layout::Kind::UStack && l.dwarf) out.push_back(u64_at(p, 0));
  if (l.kind != artifact::Layout::Kind::Tuple) return;
  for (size_t i = 0; i < l.elems.size(); i++) dwarf_sample_ids(l.elems[i], p + l.elem_offset(i), out);
}

void add_into(const artifact::MapSpec &spec, AggValue &to, const AggValue &from) {
  switch (spec.agg) {
    case AggKind::Count:
    case AggKind::Sum:
      to.scalar.i += from.scalar.i;
      to.scalar.u += from.scalar.u;
      break;
    case AggKind::Min:
    case AggKind::Max:
      if ((compare(from.scalar, to.scalar) < 0) == (spec.agg == AggKind::Min)) to.scalar = from.scalar;
      break;
    case AggKind::Avg:
    case AggKind::Stats:
      to.total += from.total;
      to.count += from.count;
      break;
    case AggKind::Hist:
    case AggKind::Lhist:
      if (to.buckets.size() < from.buckets.size()) to.buckets.resize(from.buckets.size(), 0);
      for (size_t i = 0; i < from.buckets.size(); i++) to.buckets[i] += from.buckets[i];
      break;
    default:
      to = from;  // a plain value: one of them
  }
}

namespace {

// A key as text that tells apart every key that prints differently.
void key_text(const Value &v, std::string &out) {
  out += char('0' + int(v.kind));
  out += v.s + '\x1f' + std::to_string(v.i) + '\x1f' + std::to_string(v.u) + '(';
  for (const Value &e : v.elems) key_text(e, out);
  out += ')';
}

}  // namespace

void merge_equal_keys(const artifact::MapSpec &spec, std::vector<MapEntry> &entries) {
  std::vector<MapEntry> merged;
  std::map<std::string, size_t> seen;  // the key's text -> its entry in merged
  for (auto &e : entries) {
    std::string text;
    key_text(e.key, text);
    auto [it, fresh] = seen.try_emplace(text, merged.size());
    if (fresh) merged.push_back(std::move(e));
    else add_into(spec, merged[it->second].value, e.value);
  }
  entries = std::move(merged);
}

SpilledEntries &SpilledEntries::instance() {
  static SpilledEntries store;
  return store;
}

void SpilledEntries::add(uint32_t id, const artifact::MapSpec &spec, std::vector<MapEntry> entries) {
  std::lock_guard lock(mutex_);
  auto &mine = entries_[id];
  mine.insert(mine.end(), std::make_move_iterator(entries.begin()), std::make_move_iterator(entries.end()));
  merge_equal_keys(spec, mine);
}

void SpilledEntries::append_to(uint32_t id, std::vector<MapEntry> &out) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it != entries_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
}

void SpilledEntries::drop(uint32_t id) {
  std::lock_guard lock(mutex_);
  entries_.erase(id);
}

// As zero() leaves a kernel entry: its key, with nothing counted. A min or
// max no CPU set does not print, so those entries go.
void SpilledEntries::zero(uint32_t id, const artifact::MapSpec &spec) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  if (spec.agg == AggKind::Min || spec.agg == AggKind::Max) {
    entries_.erase(it);
    return;
  }
  for (auto &e : it->second) {
    e.value.scalar.i = 0;
    e.value.scalar.u = 0;
    e.value.total = 0;
    e.value.count = 0;
    std::fill(e.value.buckets.begin(), e.value.buckets.end(), 0);
  }
}

std::map<std::string, int> &SpilledEntries::pending(uint32_t id) { return pending_[id]; }

}  // namespace bpfsh::runtime
