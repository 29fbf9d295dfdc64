// The memory family: is_err() and write_user(); kptr() and uptr() are
// lowered to their argument.
#include "codegen/emitters.h"

namespace bpfsh::codegen {

using namespace llvm;

// The kernel's IS_ERR(): the top 4095 values of the address space are error codes.
Value *ProbeEmitter::call_is_err(ast::Call *n) {
  Value *p = emit_expr(n->args[0]);
  return b_.CreateZExt(b_.CreateICmpUGE(p, b_.getInt64(static_cast<uint64_t>(-4095))), b_.getInt64Ty());
}

// write_user(dst, src, len): bpf_probe_write_user; true when it wrote. An
// integer is written from a stack slot of its own; a string from its buffer.
Value *ProbeEmitter::call_write_user(ast::Call *n) {
  Value *dst = b_.CreateIntToPtr(emit_expr(n->args[0]), b_.getPtrTy());
  Value *src = emit_expr(n->args[1]);
  if (!n->args[1]->type.is_str()) {
    Value *slot = local_alloca_i64("write_user.src");
    b_.CreateStore(src, slot);
    src = slot;
  }
  uint64_t len = static_cast<ast::IntLit *>(n->args[2])->value;
  Value *ret = b_.call_helper(Helper::ProbeWriteUser, {dst, src, b_.getInt64(len)}, "write_user");
  check_helper(ret, "probe_write_user");
  return b_.CreateZExt(b_.CreateICmpEQ(ret, b_.getInt64(0)), b_.getInt64Ty());
}

std::span<const Emitter> memory_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {EmitId::IsErr, &ProbeEmitter::call_is_err},
      {EmitId::WriteUser, &ProbeEmitter::call_write_user},
  };
  return table;
}

}  // namespace bpfsh::codegen
