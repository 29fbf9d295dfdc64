#pragma once
// Turns the stack ids and addresses of kstack/ustack/ksym/usym values into
// text, when they are printed and not before. Each address is named once per
// session (SymbolCache); a SymbolResolver reads one loaded unit's stack maps.
// The cache is locked per address: --metrics' server thread reads maps
// through it while events are handled (an entry, once made, never moves).
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "artifact/artifact.h"
#include "runtime/symbolizer.h"
#include "runtime/value.h"

namespace bpfsh::runtime {

class SymbolCache {
 public:
  explicit SymbolCache(Symbolizer *impl) : impl_(impl) {}  // impl may be null: no names

  const std::optional<Symbol> &kernel(uint64_t addr);
  const std::optional<Symbol> &user(int32_t pid, uint64_t addr);
  // Symbolizer::user_with_lines, cached apart: the same address prints
  // without lines in a program that did not ask for them.
  const std::optional<Symbol> &user_with_lines(int32_t pid, uint64_t addr, bool return_address);
  void process_seen(int32_t pid, const std::string &binary, uint64_t bias);
  // A dw_ustack's sample (EventType::StackSample's payload), unwound now,
  // while its process and mappings are still there; its frames are named
  // by its id when the value prints.
  void add_sample(const uint8_t *payload, size_t size);
  std::vector<uint64_t> sample_frames(uint64_t id);
  bool has_sample(uint64_t id);

  // Samples kept by id, the oldest forgotten past it. A sample is wanted
  // while its printf event is handled (at once) and until its map key moves
  // out of the kernel (a second or two, runtime/dw_key_spill.h): this many
  // is minutes of a busy probe, and a few MiB, where keeping every one
  // grows without end on a long run.
  static constexpr size_t kMaxSamples = size_t(1) << 18;

 private:
  Symbolizer *impl_;
  std::mutex mutex_;  // guards the tables and impl_, which is not thread-safe
  std::unordered_map<uint64_t, std::optional<Symbol>> kernel_;
  std::map<std::pair<int32_t, uint64_t>, std::optional<Symbol>> user_;
  std::map<std::tuple<int32_t, uint64_t, bool>, std::optional<Symbol>> user_lines_;
  // Samples by id: the index of their frames in stacks_, each distinct
  // stack kept once.
  std::unordered_map<uint64_t, uint32_t> samples_;
  std::deque<uint64_t> sample_order_;  // ids, oldest first
  std::map<std::vector<uint64_t>, uint32_t> stack_ids_;
  std::vector<const std::vector<uint64_t> *> stacks_;
};

class SymbolResolver {
 public:
  // The unit's stack maps, by frame limit and whether they hold build ids.
  // `debug_info` (show_debug_info): user frames and usym() print their
  // source lines and inlined functions.
  using StackMapFds = std::map<std::pair<uint32_t, bool>, int>;
  SymbolResolver(SymbolCache &cache, StackMapFds stack_map_fds, bool debug_info = false)
      : cache_(cache), stack_map_fds_(std::move(stack_map_fds)), debug_info_(debug_info) {}

  // A KStack/UStack/KSym/USym value at `p`: stacks become Kind::Stack, symbols Kind::Str.
  Value decode(const artifact::Layout &layout, const uint8_t *p);
  void process_seen(int32_t pid, const std::string &binary, uint64_t bias) {
    cache_.process_seen(pid, binary, bias);
  }
  void add_sample(const uint8_t *payload, size_t size) { cache_.add_sample(payload, size); }
  bool has_sample(uint64_t id) { return cache_.has_sample(id); }

 private:
  std::vector<uint64_t> frames(uint32_t limit, int64_t stack_id);
  Value build_id_stack(const artifact::Layout &layout, int64_t stack_id);
  // `caller`, when not 0, is the return address a uprobe read at a
  // function's entry: the frame after the first.
  Value stack(const artifact::Layout &layout, int64_t stack_id, int32_t pid, uint64_t caller = 0);
  // `index`: the frame's place in its stack; every frame after the first is a return address.
  const std::optional<Symbol> &user_frame(int32_t pid, uint64_t addr, size_t index);

  SymbolCache &cache_;
  StackMapFds stack_map_fds_;
  bool debug_info_;
};

}  // namespace bpfsh::runtime
