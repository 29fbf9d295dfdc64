// The aggregates family: count, sum, min, max, avg, stats, hist, lhist and tseries,
// stored into per-CPU maps (so no atomics). One emitter serves them all: the
// map's value type says which it is.
#include "codegen/emitters.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;
using ast::TypeKind;

namespace {

// bpftrace's power-of-two buckets, each power split in n = 2^k: 0 for
// negatives, 1 + v for v below 2n (one value each), else for 2^p <= v <
// 2^(p+1): 1 + n*(p-k) + (v >> (p-k)), the top k+1 bits of v past the
// leading one picking the sub-bucket (k = 0: 2 + log2(v)).
Value *log2_bucket(IRBuilderBPF &b, Value *v, uint32_t k) {
  Value *p = b.getInt64(0);
  Value *x = v;
  for (uint64_t s : {32, 16, 8, 4, 2, 1}) {
    Value *big = b.CreateICmpUGE(x, b.getInt64(1ull << s));
    Value *shift = b.CreateSelect(big, b.getInt64(s), b.getInt64(0));
    x = b.CreateLShr(x, shift);
    p = b.CreateAdd(p, shift);
  }
  uint64_t n = 1ull << k;
  // Below 2n the shift is not used, but must not be out of range.
  Value *drop = b.CreateSelect(b.CreateICmpUGE(p, b.getInt64(k)), b.CreateSub(p, b.getInt64(k)), b.getInt64(0));
  Value *log = b.CreateAdd(b.CreateAdd(b.getInt64(1), b.CreateMul(b.getInt64(n), drop)), b.CreateLShr(v, drop));
  Value *bucket = b.CreateSelect(b.CreateICmpULT(v, b.getInt64(2 * n)), b.CreateAdd(v, b.getInt64(1)), log);
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
  Value *key = local_alloca(4, m->name + ".bucket");
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

// A tseries slot holds one interval: a slot last written in an older
// interval starts afresh, so user space sees at most `num` intervals per key.
// Intervals are of CLOCK_TAI, as bpftrace's, so they start on wall-clock
// boundaries (a 100ms series has rows at .100, .200, ...).
void ProbeEmitter::record_in_tseries(ast::MapRef *m, Value *v) {
  const sema::MapInfo &mi = map_info(m);
  Value *now = b_.call_helper(Helper::KtimeGetTaiNs, {});
  Value *epoch = b_.CreateUDiv(now, b_.getInt64(mi.tseries_interval));
  Value *key = map_key(m, b_.CreateURem(epoch, b_.getInt64(mi.tseries_num)));
  Value *ptr = b_.map_lookup(map_global(m), key, "ts");
  Value *missing = b_.CreateICmpEQ(ptr, ConstantPointerNull::get(PointerType::get(b_.getContext(), 0)));
  BasicBlock *check_bb = BasicBlock::Create(b_.getContext(), "ts.check", fn_);
  BasicBlock *fresh_bb = BasicBlock::Create(b_.getContext(), "ts.fresh", fn_);
  BasicBlock *upd_bb = BasicBlock::Create(b_.getContext(), "ts.update", fn_);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "ts.done", fn_);
  b_.CreateCondBr(missing, fresh_bb, check_bb);

  b_.SetInsertPoint(check_bb);
  Value *slot_epoch = b_.CreateAlignedLoad(b_.getInt64Ty(), b_.offset(ptr, 16), MaybeAlign(8));
  b_.CreateCondBr(b_.CreateICmpEQ(slot_epoch, epoch), upd_bb, fresh_bb);

  b_.SetInsertPoint(fresh_bb);
  Value *init = local_alloca(32, "ts.first");
  b_.CreateAlignedStore(v, init, MaybeAlign(8));
  b_.CreateAlignedStore(b_.getInt64(1), b_.offset(init, 8), MaybeAlign(8));
  b_.CreateAlignedStore(epoch, b_.offset(init, 16), MaybeAlign(8));
  b_.CreateAlignedStore(now, b_.offset(init, 24), MaybeAlign(8));
  count_map_full(b_.call_helper(Helper::MapUpdate, {map_global(m), key, init, b_.getInt64(0)}));
  b_.CreateBr(done);

  b_.SetInsertPoint(upd_bb);
  Value *cur = b_.CreateAlignedLoad(b_.getInt64Ty(), ptr, MaybeAlign(8));
  bool s = mi.value.is_signed;
  Value *next = v;
  if (mi.tseries_agg == "sum" || mi.tseries_agg == "avg") next = b_.CreateAdd(cur, v);
  if (mi.tseries_agg == "min") next = b_.CreateSelect(s ? b_.CreateICmpSLT(v, cur) : b_.CreateICmpULT(v, cur), v, cur);
  if (mi.tseries_agg == "max") next = b_.CreateSelect(s ? b_.CreateICmpSGT(v, cur) : b_.CreateICmpUGT(v, cur), v, cur);
  b_.CreateAlignedStore(next, ptr, MaybeAlign(8));
  Value *cnt_ptr = b_.offset(ptr, 8);
  Value *cnt = b_.CreateAlignedLoad(b_.getInt64Ty(), cnt_ptr, MaybeAlign(8));
  b_.CreateAlignedStore(b_.CreateAdd(cnt, b_.getInt64(1)), cnt_ptr, MaybeAlign(8));
  b_.CreateAlignedStore(now, b_.offset(ptr, 24), MaybeAlign(8));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

void ProbeEmitter::assign_aggregation(ast::MapRef *m, ast::Call *agg) {
  const sema::MapInfo &mi = map_info(m);
  TypeKind kind = mi.value.kind;
  Value *v = agg->args.empty() ? b_.getInt64(1) : emit_expr(agg->args[0]);
  if (kind == TypeKind::Tseries) return record_in_tseries(m, v);
  Value *bucket = nullptr;
  if (kind == TypeKind::Hist) bucket = log2_bucket(b_, v, mi.hist_bits);
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
  Value *init = local_alloca(vsize, "agg.first");
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
