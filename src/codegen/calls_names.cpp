// The names family: strerror(), signal_name(), syscall_name(),
// cgroup_path(). The number goes in the value; runtime/lookup_names.cpp
// names it when it is printed.
#include "codegen/emitters.h"

namespace bpfsh::codegen {

using namespace llvm;

// The number travels; user space finds its name when it prints the value.
Value *ProbeEmitter::call_named_number(ast::Call *n) {
  Value *buf = buffer(n->type, n->name);
  b_.CreateAlignedStore(emit_expr(n->args[0]), buf, MaybeAlign(8));
  return buf;
}

std::span<const Emitter> names_emitters() {
  static const Emitter table[] = {
      {sema::registry::EmitId::NamedNumber, &ProbeEmitter::call_named_number},
  };
  return table;
}

}  // namespace bpfsh::codegen
