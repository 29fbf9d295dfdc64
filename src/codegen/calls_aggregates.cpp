// The aggregates family: count, sum, min, max, avg, stats, hist and lhist,
// stored into per-CPU maps (so no atomics). One emitter serves them all: the
// map's value type says which it is.
#include "codegen/emitters.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;
using ast::TypeKind;

namespace {

// bpftrace's power-of-two buckets: 0 for negatives, 1 for zero, else 2 + log2(v).
Value *log2_bucket(IRBuilderBPF &b, Value *v) {
  Value *r = b.getInt64(0);
  Value *x = v;
  for (uint64_t s : {32, 16, 8, 4, 2, 1}) {
    Value *big = b.CreateICmpUGE(x, b.getInt64(1ull << s));
    Value *shift = b.CreateSelect(big, b.getInt64(s), b.getInt64(0));
    x = b.CreateLShr(x, shift);
    r = b.CreateAdd(r, shift);
  }
  Value *pos = b.CreateAdd(r, b.getInt64(2));
  Value *bucket = b.CreateSelect(b.CreateICmpEQ(v, b.getInt64(0)), b.getInt64(1), pos);
  return b.CreateSelect(b.CreateICmpSLT(v, b.getInt64(0)), b.getInt64(0), bucket);
}

// Linear buckets: 0 below min, 1..n inside, n+1 at or above max.
Value *linear_bucket(IRBuilderBPF &b, Value *v, int64_t min, int64_t max, int64_t step) {
  uint64_t n = static_cast<uint64_t>((max - min) / step);
  Value *inside = b.CreateAdd(b.CreateUDiv(b.CreateSub(v, b.getInt64(min)), b.getInt64(step)), b.getInt64(1));
  Value *r = b.CreateSelect(b.CreateICmpSGE(v, b.getInt64(max)), b.getInt64(n + 1), inside);
  return b.CreateSelect(b.CreateICmpSLT(v, b.getInt64(min)), b.getInt64(0), r);
}

}  // namespace

// A keyless histogram's slot in its per-CPU array: every bucket exists, so
// the count goes up in place and nothing is ever inserted.
void ProbeEmitter::count_in_bucket_array(ast::MapRef *m, Value *bucket) {
  Value *key = b_.entry_alloca(4, m->name + ".bucket");
  b_.CreateAlignedStore(b_.CreateTrunc(bucket, b_.getInt32Ty()), key, MaybeAlign(4));
  Value *ptr = b_.map_lookup(map_global(m), key, "slot");
  Value *found = b_.CreateICmpNE(ptr, ConstantPointerNull::get(PointerType::get(b_.getContext(), 0)));
  BasicBlock *inc_bb = BasicBlock::Create(b_.getContext(), "slot.inc", fn_);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "slot.done", fn_);
  b_.CreateCondBr(found, inc_bb, done);
  b_.SetInsertPoint(inc_bb);
  Value *cur = b_.CreateAlignedLoad(b_.getInt64Ty(), ptr, MaybeAlign(8));
  b_.CreateAlignedStore(b_.CreateAdd(cur, b_.getInt64(1)), ptr, MaybeAlign(8));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

void ProbeEmitter::assign_aggregation(ast::MapRef *m, ast::Call *agg) {
  const sema::MapInfo &mi = map_info(m);
  TypeKind kind = mi.value.kind;
  Value *v = agg->args.empty() ? b_.getInt64(1) : emit_expr(agg->args[0]);
  Value *bucket = nullptr;
  if (kind == TypeKind::Hist) bucket = log2_bucket(b_, v);
  if (kind == TypeKind::Lhist) bucket = linear_bucket(b_, v, mi.lhist_min, mi.lhist_max, mi.lhist_step);
  if (bucket && mi.key.is_none()) return count_in_bucket_array(m, bucket);
  Value *key = map_key(m, bucket);
  Value *ptr = b_.map_lookup(map_global(m), key, "agg");
  Value *missing = b_.CreateICmpEQ(ptr, ConstantPointerNull::get(PointerType::get(b_.getContext(), 0)));
  BasicBlock *init_bb = BasicBlock::Create(b_.getContext(), "agg.init", fn_);
  BasicBlock *upd_bb = BasicBlock::Create(b_.getContext(), "agg.update", fn_);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "agg.done", fn_);
  b_.CreateCondBr(missing, init_bb, upd_bb);

  // First value on this CPU: write the whole slot.
  b_.SetInsertPoint(init_bb);
  uint32_t vsize = mi.value.storage_size();
  Value *init = b_.entry_alloca(vsize, "agg.first");
  bool two_words = vsize == 16;
  Value *first = (kind == TypeKind::Count || kind == TypeKind::Hist || kind == TypeKind::Lhist) ? b_.getInt64(1) : v;
  b_.CreateAlignedStore(first, init, MaybeAlign(8));
  if (two_words) b_.CreateAlignedStore(b_.getInt64(1), b_.offset(init, 8), MaybeAlign(8));
  count_map_full(b_.call_helper(Helper::MapUpdate, {map_global(m), key, init, b_.getInt64(0)}));
  b_.CreateBr(done);

  // Later values: update in place through the looked-up pointer.
  b_.SetInsertPoint(upd_bb);
  Value *cur = b_.CreateAlignedLoad(b_.getInt64Ty(), ptr, MaybeAlign(8));
  switch (kind) {
    case TypeKind::Count: case TypeKind::Hist: case TypeKind::Lhist:
      b_.CreateAlignedStore(b_.CreateAdd(cur, b_.getInt64(1)), ptr, MaybeAlign(8));
      break;
    case TypeKind::Sum:
      b_.CreateAlignedStore(b_.CreateAdd(cur, v), ptr, MaybeAlign(8));
      break;
    case TypeKind::Avg: case TypeKind::Stats: {
      b_.CreateAlignedStore(b_.CreateAdd(cur, v), ptr, MaybeAlign(8));
      Value *cnt_ptr = b_.offset(ptr, 8);
      Value *cnt = b_.CreateAlignedLoad(b_.getInt64Ty(), cnt_ptr, MaybeAlign(8));
      b_.CreateAlignedStore(b_.CreateAdd(cnt, b_.getInt64(1)), cnt_ptr, MaybeAlign(8));
      break;
    }
    case TypeKind::Min: case TypeKind::Max: {
      bool s = mi.value.is_signed;
      Value *better = kind == TypeKind::Min ? (s ? b_.CreateICmpSLT(v, cur) : b_.CreateICmpULT(v, cur))
                                            : (s ? b_.CreateICmpSGT(v, cur) : b_.CreateICmpUGT(v, cur));
      Value *set_ptr = b_.offset(ptr, 8);
      Value *unset = b_.CreateICmpEQ(b_.CreateAlignedLoad(b_.getInt64Ty(), set_ptr, MaybeAlign(8)), b_.getInt64(0));
      b_.CreateAlignedStore(b_.CreateSelect(b_.CreateOr(better, unset), v, cur), ptr, MaybeAlign(8));
      b_.CreateAlignedStore(b_.getInt64(1), set_ptr, MaybeAlign(8));
      break;
    }
    default:
      break;
  }
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

std::span<const Emitter> aggregates_emitters() {
  static const Emitter table[] = {
      {.id = sema::registry::EmitId::Aggregate, .agg = &ProbeEmitter::assign_aggregation},
  };
  return table;
}

}  // namespace bpfsh::codegen
