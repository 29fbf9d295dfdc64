// The bytes family: buf(), macaddr() and bswap() (raw bytes copied for the
// runtime to print, and byte order), and memcmp(), a bounded byte loop over
// two buffers on the stack or in scratch; kernel memory (arrays, pointers)
// is read into one first.
#include <llvm/IR/Intrinsics.h>

#include <algorithm>

#include "codegen/emitters.h"

namespace bpfsh::codegen {

using namespace llvm;

// The buffer: a u64 length, then up to n->type.size bytes.
Value *ProbeEmitter::call_buf(ast::Call *n) {
  uint32_t cap = n->type.size;
  Value *out = buffer(n->type, "buf");
  zero_bytes(out, n->type.storage_size());
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
    copy_bytes(b_.offset(out, 8), src, std::min(cap, data->type.str_size));
  } else {
    Value *r = b_.call_helper(Helper::ProbeRead, {b_.offset(out, 8), len, b_.CreateIntToPtr(src, b_.getPtrTy())});
    check_helper(r, "probe_read");
  }
  return out;
}

// Two buffers are equal when their lengths are and so are their first
// `length` bytes; the bytes after (a string's rest, copied whole) do not
// count. Compared a word at a time, each masked to the bytes under the
// length, without branches.
Value *ProbeEmitter::buffer_compare(ast::Binary *n, Value *l, Value *r) {
  uint32_t size = std::min(n->lhs->type.size, n->rhs->type.size);
  Value *len = b_.CreateAlignedLoad(b_.getInt64Ty(), l, MaybeAlign(8));
  Value *diff = b_.CreateXor(len, b_.CreateAlignedLoad(b_.getInt64Ty(), r, MaybeAlign(8)));
  for (uint32_t off = 0; off < size; off += 8) {
    Value *x = b_.CreateAlignedLoad(b_.getInt64Ty(), b_.offset(l, 8 + off), MaybeAlign(8));
    Value *y = b_.CreateAlignedLoad(b_.getInt64Ty(), b_.offset(r, 8 + off), MaybeAlign(8));
    // Bytes of this word under the length: 0..8 (little-endian, low first).
    Value *left = b_.CreateSelect(b_.CreateICmpUGT(len, b_.getInt64(off)), b_.CreateSub(len, b_.getInt64(off)),
                                  b_.getInt64(0));
    Value *full = b_.CreateICmpUGE(left, b_.getInt64(8));
    Value *part = b_.CreateSub(b_.CreateShl(b_.getInt64(1), b_.CreateMul(b_.CreateAnd(left, b_.getInt64(7)), b_.getInt64(8))),
                               b_.getInt64(1));
    Value *mask = b_.CreateSelect(full, b_.getInt64(UINT64_MAX), part);
    diff = b_.CreateOr(diff, b_.CreateAnd(b_.CreateXor(x, y), mask));
  }
  Value *eq = b_.CreateICmpEQ(diff, b_.getInt64(0));
  return b_.CreateZExt(n->op == ast::BinOp::Ne ? b_.CreateNot(eq) : eq, b_.getInt64Ty());
}

Value *ProbeEmitter::call_macaddr(ast::Call *n) {
  Value *out = buffer(n->type, "macaddr");
  zero_bytes(out, n->type.storage_size());
  ast::Expr *a = n->args[0];
  Value *src = emit_expr(a);
  if (a->type.is_str()) {
    copy_bytes(out, src, 6);
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

namespace {

// Bytes an operand can offer: a string's buffer, an array's size; 0 for a
// pointer (any count).
uint32_t capacity(const ast::Type &t) {
  if (t.is_str()) return t.str_size;
  if (t.is_array()) return t.c_size();
  return 0;
}

}  // namespace

// A string is its buffer; an array or a pointer is an address whose first
// `bytes` are read.
Value *ProbeEmitter::memcmp_operand(ast::Expr *e, uint32_t bytes) {
  Value *v = emit_expr(e);
  if (e->type.is_str()) return v;
  Value *buf = temp(std::max<uint32_t>(bytes, 1), "memcmp.buf");
  zero_bytes(buf, std::max<uint32_t>(bytes, 1));
  b_.call_helper(Helper::ProbeRead, {buf, b_.getInt64(bytes), b_.CreateIntToPtr(v, b_.getPtrTy())});
  return buf;
}

Value *ProbeEmitter::call_memcmp(ast::Call *n) {
  uint32_t ca = capacity(n->args[0]->type), cb = capacity(n->args[1]->type);
  uint32_t bound = ca && cb ? std::min(ca, cb) : std::max(ca, cb);
  if (n->args[2]->kind == ast::ExprKind::Int)
    bound = std::min<uint64_t>(bound ? bound : UINT32_MAX, static_cast<ast::IntLit *>(n->args[2])->value);
  Value *a = memcmp_operand(n->args[0], bound);
  Value *b = memcmp_operand(n->args[1], bound);
  Value *count = emit_expr(n->args[2]);
  LLVMContext &c = b_.getContext();
  BasicBlock *pre = b_.GetInsertBlock();
  BasicBlock *head = BasicBlock::Create(c, "memcmp.head", fn_);
  BasicBlock *step = BasicBlock::Create(c, "memcmp.step", fn_);
  BasicBlock *next = BasicBlock::Create(c, "memcmp.next", fn_);
  BasicBlock *done = BasicBlock::Create(c, "memcmp.done", fn_);
  b_.CreateBr(head);
  b_.SetInsertPoint(head);
  PHINode *i = b_.CreatePHI(b_.getInt64Ty(), 2, "i");
  i->addIncoming(b_.getInt64(0), pre);
  Value *more = b_.CreateAnd(b_.CreateICmpULT(i, b_.getInt64(bound)), b_.CreateICmpULT(i, count));
  b_.CreateCondBr(more, step, done);
  b_.SetInsertPoint(step);
  // Volatile loads: left free, LLVM turns the loop into a bcmp call.
  Value *x = b_.CreateZExt(b_.CreateLoad(b_.getInt8Ty(), b_.CreateGEP(b_.getInt8Ty(), a, i), true), b_.getInt64Ty());
  Value *y = b_.CreateZExt(b_.CreateLoad(b_.getInt8Ty(), b_.CreateGEP(b_.getInt8Ty(), b, i), true), b_.getInt64Ty());
  Value *diff = b_.CreateSub(x, y, "diff");
  b_.CreateCondBr(b_.CreateICmpNE(diff, b_.getInt64(0)), done, next);
  b_.SetInsertPoint(next);
  i->addIncoming(b_.CreateAdd(i, b_.getInt64(1)), next);
  b_.CreateBr(head);
  b_.SetInsertPoint(done);
  PHINode *r = b_.CreatePHI(b_.getInt64Ty(), 2, "memcmp");
  r->addIncoming(b_.getInt64(0), head);
  r->addIncoming(diff, step);
  return r;
}

std::span<const Emitter> bytes_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {EmitId::Buf, &ProbeEmitter::call_buf},     {EmitId::Macaddr, &ProbeEmitter::call_macaddr},
      {EmitId::Bswap, &ProbeEmitter::call_bswap}, {EmitId::Memcmp, &ProbeEmitter::call_memcmp},
  };
  return table;
}

}  // namespace bpfsh::codegen
