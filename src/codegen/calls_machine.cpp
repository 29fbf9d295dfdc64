// The machine family: cpu, numaid, ncpus and rand.
#include <unistd.h>

#include "codegen/emitters.h"

namespace bpfsh::codegen {

using namespace llvm;

Value *ProbeEmitter::var_cpu(ast::Builtin *n) { return low32(Helper::GetSmpProcessorId); }
Value *ProbeEmitter::var_numaid(ast::Builtin *n) { return low32(Helper::GetNumaNodeId); }
Value *ProbeEmitter::var_rand(ast::Builtin *n) { return low32(Helper::GetPrandomU32); }

// Counted now: the program runs on this machine.
Value *ProbeEmitter::var_ncpus(ast::Builtin *n) {
  return b_.getInt64(static_cast<uint64_t>(sysconf(_SC_NPROCESSORS_ONLN)));
}

std::span<const Emitter> machine_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {.id = EmitId::Cpu, .var = &ProbeEmitter::var_cpu},
      {.id = EmitId::Numaid, .var = &ProbeEmitter::var_numaid},
      {.id = EmitId::Ncpus, .var = &ProbeEmitter::var_ncpus},
      {.id = EmitId::Rand, .var = &ProbeEmitter::var_rand},
  };
  return table;
}

}  // namespace bpfsh::codegen
