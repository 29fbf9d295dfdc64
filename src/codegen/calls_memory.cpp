// The memory family: is_err(); kptr() and uptr() are lowered to their argument.
#include "codegen/emitters.h"

namespace bpfsh::codegen {

using namespace llvm;

// The kernel's IS_ERR(): the top 4095 values of the address space are error codes.
Value *ProbeEmitter::call_is_err(ast::Call *n) {
  Value *p = emit_expr(n->args[0]);
  return b_.CreateZExt(b_.CreateICmpUGE(p, b_.getInt64(static_cast<uint64_t>(-4095))), b_.getInt64Ty());
}

std::span<const Emitter> memory_emitters() {
  static const Emitter table[] = {
      {sema::registry::EmitId::IsErr, &ProbeEmitter::call_is_err},
  };
  return table;
}

}  // namespace bpfsh::codegen
