// The maps family: clear, zero (events for user space), delete, has_key,
// len and find.
#include "codegen/emitters.h"

namespace bpfsh::codegen {

using namespace llvm;

Value *ProbeEmitter::call_clear(ast::Call *n) {
  emit_event(EventType::ClearMap, map_id(static_cast<ast::MapRef *>(n->args[0])->name), nullptr, 0);
  return b_.getInt64(0);
}

Value *ProbeEmitter::call_zero(ast::Call *n) {
  emit_event(EventType::ZeroMap, map_id(static_cast<ast::MapRef *>(n->args[0])->name), nullptr, 0);
  return b_.getInt64(0);
}

Value *ProbeEmitter::call_delete(ast::Call *n) {
  auto *m = static_cast<ast::MapRef *>(n->args[0]);
  Value *key = map_key(m);
  Value *ret = b_.call_helper(Helper::MapDelete, {map_global(m), key});
  check_helper(ret, "map_delete_elem");
  return b_.CreateZExt(b_.CreateICmpEQ(ret, b_.getInt64(0)), b_.getInt64Ty(), "deleted");
}

Value *ProbeEmitter::call_has_key(ast::Call *n) {
  auto *m = static_cast<ast::MapRef *>(n->args[0]);
  Value *found = b_.map_lookup(map_global(m), map_key(m), "has_key");
  return b_.CreateZExt(b_.CreateIsNotNull(found), b_.getInt64Ty());
}

// bpf_for_each_map_elem with a callback that only counts: works on every
// kernel with BPF loops, where bpf_map_sum_elem_count (6.6) may be missing.
// The frame is the one loop callbacks expect: ctx, stop flag, then the count.
Value *ProbeEmitter::call_len(ast::Call *n) {
  if (n->args[0]->kind != ast::ExprKind::Map) return stack_len(n->args[0]->type);
  auto *m = static_cast<ast::MapRef *>(n->args[0]);
  Value *frame = local_alloca(24, "len.frame");
  Value *stop = local_alloca_i64("len.stop");
  b_.CreateStore(b_.getInt64(0), stop);
  b_.CreateStore(ctx_, frame);
  b_.CreateStore(stop, b_.offset(frame, 8));
  b_.CreateStore(b_.getInt64(0), b_.offset(frame, 16));
  Function *cb = emit_callback(callback_name("len"), {b_.getPtrTy(), b_.getPtrTy(), b_.getPtrTy(), b_.getPtrTy()},
                               {}, [&](Function *f) {
                                 Value *count = b_.offset(f->getArg(3), 16);
                                 Value *v = b_.CreateLoad(b_.getInt64Ty(), count);
                                 b_.CreateStore(b_.CreateAdd(v, b_.getInt64(1)), count);
                               });
  b_.call_helper(Helper::ForEachMapElem, {map_global(m), cb, frame, b_.getInt64(0)});
  return b_.CreateLoad(b_.getInt64Ty(), b_.offset(frame, 16), "len");
}

// find(@m[key], $out): one lookup; the value is copied into $out when found.
Value *ProbeEmitter::call_find(ast::Call *n) {
  auto *m = static_cast<ast::MapRef *>(n->args[0]);
  auto *out = static_cast<ast::Var *>(n->args[1]);
  const ast::Type &vt = out->type;
  Value *slot = var_slot(out->name, vt);
  Value *ptr = b_.map_lookup(map_global(m), map_key(m), "find");
  Value *found = b_.CreateIsNotNull(ptr);
  BasicBlock *copy = BasicBlock::Create(b_.getContext(), "find.copy", fn_);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "find.done", fn_);
  b_.CreateCondBr(found, copy, done);
  b_.SetInsertPoint(copy);
  if (vt.is_scalar())
    b_.CreateStore(b_.CreateLoad(b_.getInt64Ty(), ptr), slot);
  else
    copy_bytes(slot, ptr, vt.storage_size());
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.CreateZExt(found, b_.getInt64Ty());
}

std::span<const Emitter> maps_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {EmitId::Clear, &ProbeEmitter::call_clear},   {EmitId::Zero, &ProbeEmitter::call_zero},
      {EmitId::Delete, &ProbeEmitter::call_delete}, {EmitId::HasKey, &ProbeEmitter::call_has_key},
      {EmitId::Len, &ProbeEmitter::call_len},       {EmitId::Find, &ProbeEmitter::call_find},
  };
  return table;
}

}  // namespace bpfsh::codegen
