#pragma once
// Internal to codegen: the emitters of the registry's rows, one per emitter
// id, each family's in a table at the end of its codegen/calls_<family>.cpp.
#include <span>

#include "codegen/emitter.h"
#include "sema/registry/emit_id.h"

namespace bpfsh::codegen {

// What an id emits: a function call, a builtin variable's value, or an
// aggregation stored into its map. Rows of each kind use the one they need.
struct Emitter {
  sema::registry::EmitId id;
  llvm::Value *(ProbeEmitter::*call)(ast::Call *n) = nullptr;
  llvm::Value *(ProbeEmitter::*var)(ast::Builtin *n) = nullptr;
  void (ProbeEmitter::*agg)(ast::MapRef *m, ast::Call *n) = nullptr;
};

// nullptr for an id no family registered.
const Emitter *emitter_for(sema::registry::EmitId id);

std::span<const Emitter> output_emitters();
std::span<const Emitter> time_emitters();
std::span<const Emitter> aggregates_emitters();
std::span<const Emitter> maps_emitters();
std::span<const Emitter> strings_emitters();
std::span<const Emitter> bytes_emitters();
std::span<const Emitter> net_emitters();
std::span<const Emitter> packet_emitters();
std::span<const Emitter> capture_emitters();
std::span<const Emitter> skb_emitters();
std::span<const Emitter> symbols_emitters();
std::span<const Emitter> dw_stack_emitters();
std::span<const Emitter> task_emitters();
std::span<const Emitter> probe_emitters();
std::span<const Emitter> machine_emitters();
std::span<const Emitter> memory_emitters();
std::span<const Emitter> names_emitters();
std::span<const Emitter> path_emitters();

}  // namespace bpfsh::codegen
