// Where temporaries live. The BPF stack is 512 bytes for a program and the
// loop callbacks it calls, so only values up to on_stack_limit bytes, and
// only while the stack budget lasts, get a stack slot. Larger ones (strings
// of max_strlen = 1024 bytes, their map keys and events) get a slice of a
// per-CPU array: each program has its own slot (key = its scratch index),
// looked up once when the program, or one of its callbacks, starts. Slices
// are never reused within a program, so a callback never overwrites a value
// its caller still holds, and different programs nesting on one CPU (a perf
// event interrupting a tracepoint) never share bytes.
#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

namespace {
// Stack bytes temporaries may take in a program and its callbacks together;
// the rest of the 512 is left to fixed slots, spills and callback frames.
constexpr uint32_t kStackBudget = 256;
uint32_t round8(uint32_t n) { return (n + 7) & ~7u; }
}  // namespace

// The block every function starts with, after the entry block of stack
// slots: empty until the function first needs its scratch slot.
void ProbeEmitter::start_function(BasicBlock *entry, BasicBlock *body) {
  scratch_init_ = BasicBlock::Create(b_.getContext(), "scratch", fn_, body);
  scratch_ok_ = scratch_init_;
  scratch_ptr_ = nullptr;
  b_.SetInsertPoint(entry);
  b_.CreateBr(scratch_init_);
  b_.SetInsertPoint(scratch_init_);
  b_.CreateBr(body);
  b_.SetInsertPoint(body);
}

Value *ProbeEmitter::scratch_base() {
  if (scratch_ptr_) return scratch_ptr_;
  if (scratch_key_ < 0) scratch_key_ = static_cast<int>(ms_.scratch_slots++);
  if (!ms_.scratch) {
    // A stand-in with the map's IR type; compile() swaps in the real map
    // once the largest slot is known.
    auto &ctx = b_.getContext();
    auto *ty = StructType::get(ctx, std::vector<llvm::Type *>(4, PointerType::get(ctx, 0)));
    ms_.scratch = new GlobalVariable(*ms_.module, ty, false, GlobalValue::ExternalLinkage, nullptr, "scratch.tmp");
  }
  IRBuilderBase::InsertPoint ip = b_.saveIP();
  Instruction *br = scratch_init_->getTerminator();
  BasicBlock *body = br->getSuccessor(0);
  b_.SetInsertPoint(br);
  Value *key = b_.entry_alloca(4, "scratch.key");
  b_.CreateAlignedStore(b_.getInt32(static_cast<uint32_t>(scratch_key_)), key, MaybeAlign(4));
  Value *raw = b_.call_helper(Helper::MapLookup, {ms_.scratch, key}, "scratch.raw");
  scratch_ptr_ = b_.CreateIntToPtr(raw, b_.getPtrTy(), "scratch");
  BasicBlock *fail = BasicBlock::Create(b_.getContext(), "scratch.none", fn_, body);
  scratch_ok_ = BasicBlock::Create(b_.getContext(), "scratch.ok", fn_, body);
  b_.CreateCondBr(b_.CreateICmpNE(raw, b_.getInt64(0)), scratch_ok_, fail);
  br->eraseFromParent();
  // The slot always exists (an array); the check is for the verifier.
  b_.SetInsertPoint(fail);
  b_.CreateRet(b_.getInt64(0));
  b_.SetInsertPoint(scratch_ok_);
  // Slices start 8-aligned in an 8-aligned value: said so, copies in and out
  // of them move 8 bytes at a time instead of one.
  b_.CreateAlignmentAssumption(ms_.module->getDataLayout(), scratch_ptr_, 8);
  b_.CreateBr(body);
  b_.restoreIP(ip);
  return scratch_ptr_;
}

Value *ProbeEmitter::temp(uint32_t bytes, const Twine &name) {
  bool small = bytes <= info_.config.on_stack_limit;
  if (small && stack_used_ + round8(bytes) <= kStackBudget) {
    stack_used_ += round8(bytes);
    return b_.entry_alloca(bytes, name);
  }
  return scratch_temp(bytes, name);
}

// Also for state the verifier must not track value by value (a counter
// a loop callback advances): it reads a map value's bytes as unknowns.
Value *ProbeEmitter::scratch_temp(uint32_t bytes, const Twine &name) {
  Value *base = scratch_base();
  uint32_t off = scratch_used_;
  scratch_used_ += round8(bytes ? bytes : 8);
  // Placed where the slot was looked up, so it dominates every use.
  IRBuilderBase::InsertPoint ip = b_.saveIP();
  b_.SetInsertPoint(scratch_ok_->getTerminator());
  Value *p = b_.offset(base, off, name);
  b_.restoreIP(ip);
  return p;
}

bool ProbeEmitter::in_scratch(Value *p) const {
  return !isa<AllocaInst>(p);
}

// Zeroes `bytes` at p once, before the body runs (a variable read before any
// assignment, or assigned in one branch only, reads as zero).
void ProbeEmitter::zero_at_start(Value *p, uint32_t bytes) {
  Instruction *at = in_scratch(p) ? scratch_ok_->getTerminator() : fn_->getEntryBlock().getTerminator();
  IRBuilder<> eb(at);
  zero_memory(eb, p, bytes);
}

// Called once every program is emitted: the map gets one slot per program
// that used scratch space, each as large as the largest.
void finish_scratch(ModuleState &ms) {
  if (!ms.scratch) return;
  GlobalVariable *real = ms.defs->define("scratch", BpfMapType::PerCpuArray, ms.scratch_slots, 4,
                                         std::max<uint32_t>(8, ms.scratch_bytes));
  ms.scratch->replaceAllUsesWith(real);
  ms.scratch->eraseFromParent();
  ms.scratch = real;
}

}  // namespace bpfsh::codegen
