// Context reads particular to one probe type: a USDT site's arguments, as
// its note describes them, and the end-of-iteration call of an iterator.
#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

namespace {
constexpr uint32_t kPtRegsIp = 128;  // offsetof(struct pt_regs, ip), x86-64
}

// Truncates to the argument's size, then sign- or zero-extends to 64 bits.
static Value *fit(IRBuilderBPF &b, Value *v, const sema::UsdtArg &a) {
  if (a.size >= 8) return v;
  Value *n = b.CreateTrunc(v, b.getIntNTy(a.size * 8));
  return a.is_signed ? b.CreateSExt(n, b.getInt64Ty()) : b.CreateZExt(n, b.getInt64Ty());
}

Value *ProbeEmitter::usdt_arg(int index) {
  const sema::UsdtArg &a = pi_.usdt_args.at(static_cast<size_t>(index));
  std::string name = "arg" + std::to_string(index);
  switch (a.kind) {
    case sema::UsdtArg::Kind::Const:
      return fit(b_, b_.getInt64(static_cast<uint64_t>(a.value)), a);
    case sema::UsdtArg::Kind::Reg:
      return fit(b_, ctx_load(static_cast<uint32_t>(a.reg), 8, false, name), a);
    case sema::UsdtArg::Kind::Mem:
      break;
  }
  // The uprobe handler sees ip at the probed instruction, so a %rip-relative
  // operand is that ip plus the site-to-target distance sema worked out.
  uint32_t base_reg = a.rip_relative ? kPtRegsIp : static_cast<uint32_t>(a.reg);
  Value *addr = b_.CreateAdd(ctx_load(base_reg, 8, false, name + ".base"),
                             b_.getInt64(static_cast<uint64_t>(a.value)));
  if (a.index >= 0) {
    Value *idx = ctx_load(static_cast<uint32_t>(a.index), 8, false, name + ".index");
    addr = b_.CreateAdd(addr, b_.CreateMul(idx, b_.getInt64(a.scale)));
  }
  Value *slot = local_alloca_i64(name + ".mem");
  b_.CreateStore(b_.getInt64(0), slot);
  b_.call_helper(Helper::ProbeRead, {slot, b_.getInt64(a.size), b_.CreateIntToPtr(addr, b_.getPtrTy())});
  return fit(b_, b_.CreateLoad(b_.getInt64Ty(), slot, name), a);
}

// An iterator's program runs once more after the last object, with the
// object pointer (the context's second member, after `meta`) NULL: that
// call has nothing to report.
void ProbeEmitter::skip_iter_end() {
  Value *obj = ctx_load(8, 8, false, "iter.object");
  BasicBlock *run = BasicBlock::Create(ms_.ctx, "iter.object", fn_);
  BasicBlock *done = BasicBlock::Create(ms_.ctx, "iter.end", fn_);
  b_.CreateCondBr(b_.CreateICmpEQ(obj, b_.getInt64(0)), done, run);
  b_.SetInsertPoint(done);
  b_.CreateRet(b_.getInt64(0));
  b_.SetInsertPoint(run);
}

}  // namespace bpfsh::codegen
