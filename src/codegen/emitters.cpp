// The emitter tables of every family, indexed by emitter id.
#include "codegen/emitters.h"

#include <array>

#include "codegen/emitter_index.h"

namespace bpfsh::codegen {

namespace {

using sema::registry::kEmitIdCount;

constexpr std::span<const Emitter> (*kFamilies[])() = {
    output_emitters,  time_emitters,   aggregates_emitters, maps_emitters,     strings_emitters,
    bytes_emitters,   net_emitters,    packet_emitters,     capture_emitters,  skb_emitters,
    symbols_emitters, dw_stack_emitters, task_emitters,     probe_emitters,    machine_emitters,
    memory_emitters,  names_emitters,  path_emitters,
};

const std::array<const Emitter *, kEmitIdCount> &by_id() {
  static const auto table = [] {
    std::array<const Emitter *, kEmitIdCount> t{};
    for (auto family : kFamilies)
      for (const Emitter &e : family()) t[static_cast<unsigned>(e.id)] = &e;
    return t;
  }();
  return table;
}

}  // namespace

const Emitter *emitter_for(sema::registry::EmitId id) {
  auto i = static_cast<unsigned>(id);
  return i < kEmitIdCount ? by_id()[i] : nullptr;
}

std::array<EmitterKinds, kEmitIdCount> emitter_kinds() {
  std::array<EmitterKinds, kEmitIdCount> kinds{};
  for (auto family : kFamilies)
    for (const Emitter &e : family()) {
      EmitterKinds &k = kinds[static_cast<unsigned>(e.id)];
      k.registrations++;
      k.call |= e.call != nullptr;
      k.var |= e.var != nullptr;
      k.agg |= e.agg != nullptr;
    }
  return kinds;
}

}  // namespace bpfsh::codegen
