// Reading an aggregation inside a program: count/sum/min/max/avg live in
// per-CPU maps, so a read combines every CPU's slot, as the printed value
// does (avg: the totals over the counts).
#include <unistd.h>

#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

Value *ProbeEmitter::percpu_total(ast::MapRef *m, Value *key) {
  const sema::MapInfo &mi = map_info(m);
  bool is_min = mi.value.kind == ast::TypeKind::Min, is_max = mi.value.kind == ast::TypeKind::Max;
  bool is_avg = mi.value.kind == ast::TypeKind::Avg, s = mi.value.is_signed;
  // CPUs that may exist; bpf_map_lookup_percpu_elem gives NULL past the last one.
  uint64_t ncpus = static_cast<uint64_t>(sysconf(_SC_NPROCESSORS_CONF));
  auto &ctx = b_.getContext();
  Value *total = local_alloca_i64("total"), *have = local_alloca_i64("have");
  Value *cpu = local_alloca_i64("cpu");
  b_.CreateStore(b_.getInt64(0), total);
  b_.CreateStore(b_.getInt64(0), have);  // min/max: any CPU set; avg: the count
  b_.CreateStore(b_.getInt64(0), cpu);
  BasicBlock *cond = BasicBlock::Create(ctx, "cpu.cond", fn_), *body = BasicBlock::Create(ctx, "cpu.body", fn_);
  BasicBlock *add = BasicBlock::Create(ctx, "cpu.add", fn_), *next = BasicBlock::Create(ctx, "cpu.next", fn_);
  BasicBlock *done = BasicBlock::Create(ctx, "cpu.done", fn_);
  b_.CreateBr(cond);
  b_.SetInsertPoint(cond);
  Value *c = b_.CreateLoad(b_.getInt64Ty(), cpu, "c");
  b_.CreateCondBr(b_.CreateICmpULT(c, b_.getInt64(ncpus)), body, done);
  b_.SetInsertPoint(body);
  Value *raw = b_.call_helper(Helper::MapLookupPercpuElem, {map_global(m), key, c}, "slot.raw");
  Value *p = b_.CreateIntToPtr(raw, b_.getPtrTy(), "slot");
  b_.CreateCondBr(b_.CreateICmpNE(raw, b_.getInt64(0)), add, next);
  b_.SetInsertPoint(add);
  Value *v = b_.CreateLoad(b_.getInt64Ty(), p, "v");
  Value *t = b_.CreateLoad(b_.getInt64Ty(), total);
  if (is_min || is_max) {
    // Min/max slots are (value, is_set); a CPU that saw nothing is skipped.
    Value *set = b_.CreateICmpNE(b_.CreateLoad(b_.getInt64Ty(), b_.offset(p, 8)), b_.getInt64(0));
    Value *first = b_.CreateICmpEQ(b_.CreateLoad(b_.getInt64Ty(), have), b_.getInt64(0));
    Value *better = is_min ? (s ? b_.CreateICmpSLT(v, t) : b_.CreateICmpULT(v, t))
                           : (s ? b_.CreateICmpSGT(v, t) : b_.CreateICmpUGT(v, t));
    Value *take = b_.CreateAnd(set, b_.CreateOr(first, better));
    b_.CreateStore(b_.CreateSelect(take, v, t), total);
    b_.CreateStore(b_.CreateSelect(set, b_.getInt64(1), b_.CreateLoad(b_.getInt64Ty(), have)), have);
  } else {
    b_.CreateStore(b_.CreateAdd(t, v), total);
    if (is_avg) {  // avg slots are (total, count)
      Value *n = b_.CreateLoad(b_.getInt64Ty(), b_.offset(p, 8));
      b_.CreateStore(b_.CreateAdd(b_.CreateLoad(b_.getInt64Ty(), have), n), have);
    }
  }
  b_.CreateBr(next);
  b_.SetInsertPoint(next);
  b_.CreateStore(b_.CreateAdd(c, b_.getInt64(1)), cpu);
  b_.CreateBr(cond);
  b_.SetInsertPoint(done);
  Value *sum = b_.CreateLoad(b_.getInt64Ty(), total, m->name + ".total");
  if (!is_avg) return sum;
  // An entry no CPU holds averages to 0. BPF v3 divides unsigned only: a
  // negative total is divided as its magnitude and negated back, truncating
  // toward zero as user space's average does.
  Value *count = b_.CreateLoad(b_.getInt64Ty(), have);
  Value *none = b_.CreateICmpEQ(count, b_.getInt64(0));
  Value *div = b_.CreateSelect(none, b_.getInt64(1), count);
  Value *neg = s ? b_.CreateICmpSLT(sum, b_.getInt64(0)) : b_.getFalse();
  Value *q = b_.CreateUDiv(b_.CreateSelect(neg, b_.CreateNeg(sum), sum), div);
  return b_.CreateSelect(none, b_.getInt64(0), b_.CreateSelect(neg, b_.CreateNeg(q), q));
}

}  // namespace bpfsh::codegen
