// strerror(), signal_name(), syscall_name(), cgroup_path(): the number goes
// in the value; runtime/lookup_names.cpp names it when it is printed.
#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

// The number travels; user space finds its name when it prints the value.
Value *ProbeEmitter::call_named_number(ast::Call *n) {
  Value *buf = buffer(n->type, n->name);
  b_.CreateAlignedStore(emit_expr(n->args[0]), buf, MaybeAlign(8));
  return buf;
}

}  // namespace bpfsh::codegen
