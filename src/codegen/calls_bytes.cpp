// buf(), macaddr() and bswap(): raw bytes copied for the runtime to print,
// and byte order.
#include <llvm/IR/Intrinsics.h>

#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

// The buffer: a u64 length, then up to n->type.size bytes.
Value *ProbeEmitter::call_buf(ast::Call *n) {
  uint32_t cap = n->type.size;
  Value *out = buffer(n->type, "buf");
  b_.zero(out, n->type.storage_size());
  ast::Expr *data = n->args[0];
  Value *src = emit_expr(data);
  Value *len = b_.getInt64(cap);
  if (n->args.size() == 2) {
    ast::Expr *l = n->args[1]->lowered ? n->args[1]->lowered : n->args[1];
    if (l->kind == ast::ExprKind::Int) {
      len = b_.getInt64(std::min<uint64_t>(static_cast<ast::IntLit *>(l)->value, cap));
    } else {
      // A run-time length, clamped so the verifier can bound the read.
      Value *want = emit_expr(n->args[1]);
      len = b_.CreateSelect(b_.CreateICmpULT(want, b_.getInt64(cap)), want, b_.getInt64(cap));
    }
  }
  b_.CreateAlignedStore(len, out, MaybeAlign(8));
  if (data->type.is_str()) {
    b_.copy(b_.offset(out, 8), src, std::min(cap, data->type.str_size));
  } else {
    Value *r = b_.call_helper(Helper::ProbeRead, {b_.offset(out, 8), len, b_.CreateIntToPtr(src, b_.getPtrTy())});
    check_helper(r, "probe_read");
  }
  return out;
}

Value *ProbeEmitter::call_macaddr(ast::Call *n) {
  Value *out = buffer(n->type, "macaddr");
  b_.zero(out, n->type.storage_size());
  ast::Expr *a = n->args[0];
  Value *src = emit_expr(a);
  if (a->type.is_str()) {
    b_.copy(out, src, 6);
  } else {
    Value *r = b_.call_helper(Helper::ProbeRead, {out, b_.getInt64(6), b_.CreateIntToPtr(src, b_.getPtrTy())});
    check_helper(r, "probe_read");
  }
  return out;
}

Value *ProbeEmitter::call_bswap(ast::Call *n) {
  Value *v = emit_expr(n->args[0]);
  uint32_t bits = n->type.bits;
  if (bits == 8) return v;
  Value *narrow = b_.CreateTrunc(v, b_.getIntNTy(bits));
  Value *swapped = b_.CreateUnaryIntrinsic(Intrinsic::bswap, narrow);
  return n->type.is_signed ? b_.CreateSExt(swapped, b_.getInt64Ty()) : b_.CreateZExt(swapped, b_.getInt64Ty());
}

}  // namespace bpfsh::codegen
