// Values in kernel memory: struct members, tracepoint and raw tracepoint
// arguments, dereference and indexing. Every read of memory the program does
// not own goes through bpf_probe_read, which fails safely on a bad address
// (the destination is zeroed first, so a failed read yields 0).
#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;

// Widens a value loaded at its C width to the 64 bits everything computes in.
Value *ProbeEmitter::narrow(Value *v, const Type &t) {
  if (!t.is_int() || t.bits >= 64) return v;
  Value *n = b_.CreateTrunc(v, b_.getIntNTy(t.bits));
  return t.is_signed ? b_.CreateSExt(n, b_.getInt64Ty()) : b_.CreateZExt(n, b_.getInt64Ty());
}

Value *ProbeEmitter::read_kernel(Value *addr, const Type &t, uint32_t bit_offset, uint32_t bit_size,
                                 const Twine &name) {
  if (t.is_record() || t.is_array()) return addr;
  Value *src = b_.CreateIntToPtr(addr, b_.getPtrTy());
  if (t.is_str() || t.is_tuple()) {
    // Held whole in a buffer: a string's bytes, a tuple's (what *&$t reads).
    Value *buf = buffer(t, name);
    zero_bytes(buf, t.storage_size());
    uint32_t size = t.is_str() ? t.str_size : t.storage_size();
    check_helper(b_.call_helper(Helper::ProbeRead, {buf, b_.getInt64(size), src}), "probe_read");
    return buf;
  }
  Value *slot = local_alloca_i64(name);
  b_.CreateStore(b_.getInt64(0), slot);
  uint32_t size = bit_size ? 8 : std::min<uint32_t>(t.c_size(), 8);
  check_helper(b_.call_helper(Helper::ProbeRead, {slot, b_.getInt64(size), src}), "probe_read");
  Value *v = b_.CreateLoad(b_.getInt64Ty(), slot);
  if (!bit_size) return narrow(v, t);
  v = b_.CreateLShr(v, bit_offset);
  return bit_size >= 64 ? v : b_.CreateAnd(v, (uint64_t(1) << bit_size) - 1);
}

// args.NAME: a tracepoint's record is the context itself; a raw tracepoint's
// context is its arguments as an array of u64.
Value *ProbeEmitter::args_field(ast::Field *n) {
  const Type &t = n->type;
  if (pi_.type == sema::ProbeType::RawTracepoint) return narrow(ctx_load(n->offset, 8, false, n->field), t);
  // fentry/fexit: the same u64 array; a struct passed by value spans slots.
  if (pi_.type == sema::ProbeType::Fentry || pi_.type == sema::ProbeType::Fexit) {
    if (t.is_record() || t.is_array()) return b_.CreatePtrToInt(b_.offset(ctx_, n->offset), b_.getInt64Ty());
    return narrow(ctx_load(n->offset, 8, false, n->field), t);
  }
  if (pi_.type == sema::ProbeType::Uprobe) return uprobe_arg(n);
  if (n->data_loc) {
    Value *loc = ctx_load(n->offset, 4, false, n->field);
    Value *ctx = b_.CreatePtrToInt(ctx_, b_.getInt64Ty());
    return b_.CreateAdd(ctx, b_.CreateAnd(loc, b_.getInt64(0xffff)), n->field);
  }
  if (t.is_str()) {
    Value *buf = buffer(t, n->field);
    zero_bytes(buf, t.storage_size());
    b_.call_helper(Helper::ProbeRead, {buf, b_.getInt64(t.str_size), b_.offset(ctx_, n->offset)});
    return buf;
  }
  if (t.is_record() || t.is_array()) return b_.CreatePtrToInt(b_.offset(ctx_, n->offset), b_.getInt64Ty());
  uint32_t size = t.is_ptr() ? 8 : std::min<uint32_t>(t.c_size(), 8);
  return ctx_load(n->offset, size, t.is_signed, n->field);
}

// A uprobe's argument where the function's entry has it: a register of the
// context, or a slot of the user stack (read as user memory, a record or
// array there standing for its address).
Value *ProbeEmitter::uprobe_arg(ast::Field *n) {
  if (!n->on_stack) return narrow(ctx_load(n->offset, 8, false, n->field), n->type);
  constexpr uint32_t kPtRegsSp = 152;  // offsetof(struct pt_regs, sp), x86-64
  Value *sp = ctx_load(kPtRegsSp, 8, false, "sp");
  return read_kernel(b_.CreateAdd(sp, b_.getInt64(n->offset)), n->type, 0, 0, n->field);
}

// Members of kernel records are relocatable (core_relocs.h); the script's
// own records and bitfields use the offsets sema computed.
Value *ProbeEmitter::member_address(ast::Field *n) {
  Value *base = emit_expr(n->base);
  if (n->core_path.empty()) return b_.CreateAdd(base, b_.getInt64(n->offset));
  uses_core_ = true;
  Value *p = ms_.core->member_address(b_, b_.CreateIntToPtr(base, b_.getPtrTy()), n->core_path);
  return b_.CreatePtrToInt(p, b_.getInt64Ty());
}

Value *ProbeEmitter::visit(ast::Field *n) {
  if (is_net_field(n)) return net_field(n);
  if (n->base->kind == ast::ExprKind::Builtin && static_cast<ast::Builtin *>(n->base)->name == "args")
    return args_field(n);
  const ast::Type &bt = n->base->type;
  // A record's field, at its width in the record: an int32 there is
  // followed by its neighbour's bytes, not by padding.
  if (bt.is_tuple()) return load_elem(b_.offset(emit_expr(n->base), n->offset), n->type);
  return read_kernel(member_address(n), n->type, n->bit_offset, n->bit_size, n->field);
}

Value *ProbeEmitter::visit(ast::Index *n) {
  Value *base = emit_expr(n->base);
  Value *idx = emit_expr(n->index);
  if (n->base->type.is_str()) {
    // A string's byte, from wherever the string is held. An index past its
    // end gives 0, never a neighbour's bytes: the read is of byte 0 then,
    // so the verifier sees the offset bounded.
    // A GEP, not integer arithmetic: LLVM turns an add to an aligned
    // address into an or, which the verifier refuses on a pointer.
    Value *inside = b_.CreateICmpULT(idx, b_.getInt64(n->base->type.str_size));
    Value *at = b_.CreateSelect(inside, idx, b_.getInt64(0));
    Value *ptr = base->getType()->isPointerTy() ? base : b_.CreateIntToPtr(base, b_.getPtrTy());
    Value *addr = b_.CreatePtrToInt(b_.CreateGEP(b_.getInt8Ty(), ptr, at), b_.getInt64Ty());
    Value *c = read_kernel(addr, n->type, 0, 0, "char");
    return b_.CreateSelect(inside, c, ConstantInt::get(c->getType(), 0));
  }
  Value *step = b_.getInt64(std::max<uint32_t>(n->type.c_size(), 1));
  const ast::Type &bt = n->base->type;
  if (!bt.is_array() || bt.count == 0 || n->index->kind == ast::ExprKind::Int)
    return read_kernel(b_.CreateAdd(base, b_.CreateMul(idx, step)), n->type, 0, 0, "elem");
  // A run-time index past the end reads element 0 instead (a zero for an
  // integer) and the place reports it once, as bpftrace warns.
  Value *inside = b_.CreateICmpULT(idx, b_.getInt64(bt.count));
  report_unless(inside, EventType::ArrayOutOfBounds);
  Value *at = b_.CreateMul(b_.CreateSelect(inside, idx, b_.getInt64(0)), step);
  // A GEP, as for a string's byte: a bounded add to an aligned stack
  // address would become an or, which the verifier refuses on a pointer.
  Value *ptr = base->getType()->isPointerTy() ? base : b_.CreateIntToPtr(base, b_.getPtrTy());
  Value *addr = b_.CreatePtrToInt(b_.CreateGEP(b_.getInt8Ty(), ptr, at), b_.getInt64Ty());
  Value *v = read_kernel(addr, n->type, 0, 0, "elem");
  if (n->type.is_record() || n->type.is_array()) return v;
  return b_.CreateSelect(inside, v, ConstantInt::get(v->getType(), 0));
}

}  // namespace bpfsh::codegen
