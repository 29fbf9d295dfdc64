// has_key() and len(): a lookup, and a count of entries.
#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

Value *ProbeEmitter::call_has_key(ast::Call *n) {
  auto *m = static_cast<ast::MapRef *>(n->args[0]);
  Value *found = b_.map_lookup(map_global(m), map_key(m), "has_key");
  return b_.CreateZExt(b_.CreateIsNotNull(found), b_.getInt64Ty());
}

// bpf_for_each_map_elem with a callback that only counts: works on every
// kernel with BPF loops, where bpf_map_sum_elem_count (6.6) may be missing.
// The frame is the one loop callbacks expect: ctx, stop flag, then the count.
Value *ProbeEmitter::call_len(ast::Call *n) {
  auto *m = static_cast<ast::MapRef *>(n->args[0]);
  Value *frame = b_.entry_alloca(24, "len.frame");
  Value *stop = b_.entry_alloca_i64("len.stop");
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

}  // namespace bpfsh::codegen
