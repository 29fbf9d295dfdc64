#include "runtime/symbol_resolver.h"

#include <bpf/bpf.h>

#include <algorithm>
#include <cstring>

#include "runtime/build_id_stack.h"
#include "runtime/raw_read.h"
#include "runtime/stack_format.h"

namespace bpfsh::runtime {

namespace {
// Frames a sample is unwound to; a value prints at most its own limit.
constexpr uint32_t kMaxUserFrames = 1024;
}  // namespace

const std::optional<Symbol> &SymbolCache::kernel(uint64_t addr) {
  std::lock_guard lock(mutex_);
  auto [it, fresh] = kernel_.try_emplace(addr);
  if (fresh && impl_) it->second = impl_->kernel(addr);
  return it->second;
}

const std::optional<Symbol> &SymbolCache::user(int32_t pid, uint64_t addr) {
  std::lock_guard lock(mutex_);
  auto [it, fresh] = user_.try_emplace({pid, addr});
  if (fresh && impl_) it->second = impl_->user(pid, addr);
  return it->second;
}

const std::optional<Symbol> &SymbolCache::user_with_lines(int32_t pid, uint64_t addr, bool return_address) {
  std::lock_guard lock(mutex_);
  auto [it, fresh] = user_lines_.try_emplace({pid, addr, return_address});
  if (fresh && impl_) it->second = impl_->user_with_lines(pid, addr, return_address);
  return it->second;
}

void SymbolCache::process_seen(int32_t pid, const std::string &binary, uint64_t bias) {
  std::lock_guard lock(mutex_);
  if (impl_) impl_->process_seen(pid, binary, bias);
}

void SymbolCache::add_sample(const uint8_t *payload, size_t size) {
  using artifact::kStackSampleHead;
  if (size < kStackSampleHead) return;
  uint64_t id = u64_at(payload, 0), pid = u64_at(payload, 8), bytes = u64_at(payload, 40);
  bytes = std::min<uint64_t>(bytes, size - kStackSampleHead);
  std::span<const uint8_t> stack(payload + kStackSampleHead, bytes);
  std::lock_guard lock(mutex_);
  std::vector<uint64_t> frames;
  if (impl_)
    frames = impl_->unwind_user(int32_t(pid), u64_at(payload, 16), u64_at(payload, 24), u64_at(payload, 32), stack,
                                kMaxUserFrames);
  auto [it, fresh] = stack_ids_.try_emplace(std::move(frames), uint32_t(stacks_.size()));
  if (fresh) stacks_.push_back(&it->first);
  if (samples_.insert_or_assign(id, it->second).second) sample_order_.push_back(id);
  if (sample_order_.size() > kMaxSamples) {
    samples_.erase(sample_order_.front());
    sample_order_.pop_front();
  }
}

std::vector<uint64_t> SymbolCache::sample_frames(uint64_t id) {
  std::lock_guard lock(mutex_);
  auto it = samples_.find(id);
  if (it == samples_.end()) return {};
  return *stacks_[it->second];
}

bool SymbolCache::has_sample(uint64_t id) {
  std::lock_guard lock(mutex_);
  return samples_.contains(id);
}

// A stack id the kernel could not record (negative) reads as no frames.
std::vector<uint64_t> SymbolResolver::frames(uint32_t limit, int64_t stack_id) {
  auto fd = stack_map_fds_.find({limit, false});
  if (stack_id < 0 || fd == stack_map_fds_.end()) return {};
  std::vector<uint64_t> addrs(limit);
  uint32_t key = uint32_t(stack_id);
  if (bpf_map_lookup_elem(fd->second, &key, addrs.data()) != 0) return {};
  size_t n = 0;
  while (n < addrs.size() && addrs[n] != 0) n++;
  addrs.resize(n);
  return addrs;
}

Value SymbolResolver::build_id_stack(const artifact::Layout &layout, int64_t stack_id) {
  std::vector<BuildIdFrame> fs;
  auto fd = stack_map_fds_.find({layout.stack_limit, true});
  if (stack_id >= 0 && fd != stack_map_fds_.end()) {
    std::vector<uint8_t> entry(size_t(layout.stack_limit) * 32);
    uint32_t key = uint32_t(stack_id);
    if (bpf_map_lookup_elem(fd->second, &key, entry.data()) == 0) fs = parse_build_id_frames(entry);
  }
  Value v;
  v.kind = Value::Kind::Stack;
  v.user = true;
  v.s = format_build_id_stack(fs);
  for (const auto &f : fs) v.frames.push_back(build_id_frame_name(f));
  return v;
}

const std::optional<Symbol> &SymbolResolver::user_frame(int32_t pid, uint64_t addr, size_t index) {
  return debug_info_ ? cache_.user_with_lines(pid, addr, index > 0) : cache_.user(pid, addr);
}

Value SymbolResolver::stack(const artifact::Layout &layout, int64_t stack_id, int32_t pid, uint64_t caller) {
  if (layout.stack_mode == artifact::StackMode::BuildId) return build_id_stack(layout, stack_id);
  bool user = layout.kind == artifact::Layout::Kind::UStack;
  std::vector<Frame> fs;
  std::vector<uint64_t> addrs = layout.dwarf ? cache_.sample_frames(uint64_t(stack_id))
                                             : frames(layout.stack_limit, stack_id);
  if (layout.dwarf && layout.stack_limit && addrs.size() > layout.stack_limit) addrs.resize(layout.stack_limit);
  if (caller && !addrs.empty() && (addrs.size() < 2 || addrs[1] != caller)) {
    addrs.insert(addrs.begin() + 1, caller);
    if (addrs.size() > layout.stack_limit && layout.stack_limit) addrs.pop_back();
  }
  for (size_t i = 0; i < addrs.size(); i++) {
    // Raw stacks print addresses only: no symbol is looked up for them.
    const std::optional<Symbol> *sym = nullptr;
    if (layout.stack_mode != artifact::StackMode::Raw)
      sym = user ? &user_frame(pid, addrs[i], i) : &cache_.kernel(addrs[i]);
    fs.push_back(Frame{addrs[i], sym});
  }
  Value v;
  v.kind = Value::Kind::Stack;
  v.user = user;
  v.s = format_stack(fs, layout.stack_mode, user);
  for (const Frame &f : fs)
    for (std::string &name : frame_names(f)) v.frames.push_back(std::move(name));
  return v;
}

Value SymbolResolver::decode(const artifact::Layout &layout, const uint8_t *p) {
  using K = artifact::Layout::Kind;
  uint64_t first = u64_at(p, 0);
  int32_t pid = layout.size >= 16 ? int32_t(u64_at(p, 8)) : -1;
  switch (layout.kind) {
    case K::KStack:
    case K::UStack:
      return stack(layout, int64_t(first), pid, layout.size >= 24 ? u64_at(p, 16) : 0);
    case K::KSym:
      return Value::of_str(frame_name(Frame{first, &cache_.kernel(first)}));
    case K::USym:
      // As upstream, a usym is the function's name alone, show_debug_info or not.
      return Value::of_str(frame_name(Frame{first, &cache_.user(pid, first)}));
    default:
      return Value{};
  }
}

}  // namespace bpfsh::runtime
