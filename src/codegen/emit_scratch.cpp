// Where temporaries live. The BPF stack is 512 bytes for a program and the
// loop callbacks it calls, so only values up to on_stack_limit bytes, and
// only while the stack budget lasts, get a stack slot. Larger ones (strings
// of max_strlen = 1024 bytes, their map keys and events) get a slice of a
// scratch array: each program has its own slot per CPU (key = its scratch
// index times the CPUs, plus the CPU it runs on), looked up once when the
// program, or one of its callbacks, starts, so different programs nesting
// on one CPU (a perf event interrupting a tracepoint) never share bytes. A
// plain array indexed by CPU rather than a per-CPU one: a per-CPU value is
// at most 32 KiB (the kernel's per-CPU allocation unit), a plain one may be
// as large as the kernel can allocate at once, so strings of a max_strlen
// past 32 KiB fit.
//
// A temporary belongs to the statement that makes it. When the statement
// ends, its stack slots end (lifetime markers: the backend's stack colouring
// gives the next statement the same bytes) and its slices are handed out
// again. Statements nest (an if's body, a loop callback's body), and an
// inner one only hands back what it took, so a callback never overwrites a
// value its caller's statement still holds. Variables last: their slots
// never end, and nothing made before them is handed out again.
#include <unistd.h>

#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

namespace {
// Stack bytes temporaries may take in a program and its callbacks together;
// the rest of the 512 is left to fixed slots, spills and callback frames.
constexpr uint32_t kStackBudget = 256;
uint32_t round8(uint32_t n) { return (n + 7) & ~7u; }
}  // namespace

// The CPUs that may exist on the machine compiled for, as percpu_total()
// counts them.
uint32_t scratch_cpus() {
  static const uint32_t n = static_cast<uint32_t>(std::max(1L, sysconf(_SC_NPROCESSORS_CONF)));
  return n;
}

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
  Value *cpu = b_.CreateTrunc(b_.call_helper(Helper::GetSmpProcessorId, {}, "scratch.cpu"), b_.getInt32Ty());
  Value *slot = b_.CreateAdd(b_.getInt32(static_cast<uint32_t>(scratch_key_) * scratch_cpus()), cpu);
  // A CPU past those the map was made for has no slot (the lookup fails):
  // it must not reach another program's.
  slot = b_.CreateSelect(b_.CreateICmpULT(cpu, b_.getInt32(scratch_cpus())), slot, b_.getInt32(UINT32_MAX));
  b_.CreateAlignedStore(slot, key, MaybeAlign(4));
  Value *raw = b_.call_helper(Helper::MapLookup, {ms_.scratch, key}, "scratch.raw");
  scratch_ptr_ = b_.CreateIntToPtr(raw, b_.getPtrTy(), "scratch");
  BasicBlock *fail = BasicBlock::Create(b_.getContext(), "scratch.none", fn_, body);
  scratch_ok_ = BasicBlock::Create(b_.getContext(), "scratch.ok", fn_, body);
  b_.CreateCondBr(b_.CreateICmpNE(raw, b_.getInt64(0)), scratch_ok_, fail);
  br->eraseFromParent();
  // The slot always exists (an array); the check is for the verifier.
  b_.SetInsertPoint(fail);
  b_.CreateRet(exit_value());
  b_.SetInsertPoint(scratch_ok_);
  // Slices start 8-aligned in an 8-aligned value: said so, copies in and out
  // of them move 8 bytes at a time instead of one.
  b_.CreateAlignmentAssumption(ms_.module->getDataLayout(), scratch_ptr_, 8);
  b_.CreateBr(body);
  b_.restoreIP(ip);
  return scratch_ptr_;
}

Value *ProbeEmitter::temp(uint32_t bytes, const Twine &name, bool lasting) {
  bool small = bytes <= info_.config.on_stack_limit;
  if (small && stack_used_ + round8(bytes) <= kStackBudget) {
    stack_used_ += round8(bytes);
    if (!lasting) return local_alloca(bytes, name);
    keep_temps_so_far();
    return b_.entry_alloca(bytes, name);
  }
  return scratch_temp(bytes, name, lasting);
}

// Also for state the verifier must not track value by value (a counter
// a loop callback advances): it reads a map value's bytes as unknowns.
Value *ProbeEmitter::scratch_temp(uint32_t bytes, const Twine &name, bool lasting) {
  Value *base = scratch_base();
  uint32_t off = scratch_used_;
  scratch_used_ += round8(bytes ? bytes : 8);
  scratch_peak_ = std::max(scratch_peak_, scratch_used_);
  if (lasting) keep_temps_so_far();
  // Placed where the slot was looked up, so it dominates every use.
  IRBuilderBase::InsertPoint ip = b_.saveIP();
  b_.SetInsertPoint(scratch_ok_->getTerminator());
  Value *p = b_.offset(base, off, name);
  b_.restoreIP(ip);
  return p;
}

// A statement's temporaries live from where they are made to the
// statement's end. Outside any statement of this function (a predicate's
// or a loop callback's own set-up), a slot lives for the whole run.
AllocaInst *ProbeEmitter::local_alloca(uint32_t bytes, const Twine &name) {
  AllocaInst *a = b_.entry_alloca(bytes, name);
  if (temp_scopes_.empty() || temp_scopes_.back().fn != b_.GetInsertBlock()->getParent()) return a;
  temp_scopes_.back().allocas.push_back(a);
  b_.CreateLifetimeStart(a, b_.getInt64(*a->getAllocationSize(ms_.module->getDataLayout())));
  return a;
}

void ProbeEmitter::open_temps() {
  temp_scopes_.push_back({b_.GetInsertBlock()->getParent(), {}, stack_used_, scratch_used_});
}

// Ends the innermost statement's temporaries where the statement ends. With
// `keep` they stay alive instead: the statement stored an address of one
// (an array or record value is held by its address) where later code reads.
void ProbeEmitter::close_temps(bool keep) {
  TempScope scope = std::move(temp_scopes_.back());
  temp_scopes_.pop_back();
  if (keep) {
    keep_temps_so_far();
    return;
  }
  stack_used_ = scope.stack_mark;
  scratch_used_ = scope.scratch_mark;
  BasicBlock *bb = b_.GetInsertBlock();
  IRBuilder<> end(bb, bb->getTerminator() ? bb->getTerminator()->getIterator() : bb->end());
  for (AllocaInst *a : scope.allocas)
    end.CreateLifetimeEnd(a, end.getInt64(*a->getAllocationSize(ms_.module->getDataLayout())));
}

// What is in use now stays in use after every open statement ends: a
// lasting value was just placed after their temporaries.
void ProbeEmitter::keep_temps_so_far() {
  for (TempScope &s : temp_scopes_) {
    s.stack_mark = stack_used_;
    s.scratch_mark = scratch_used_;
  }
}

bool ProbeEmitter::in_scratch(Value *p) const {
  return !isa<AllocaInst>(p);
}

// Zeroes `bytes` at p once, before the body runs (a variable read before any
// assignment, or assigned in one branch only, reads as zero).
void ProbeEmitter::zero_at_start(Value *p, uint32_t bytes) {
  Instruction *at = in_scratch(p) ? scratch_ok_->getTerminator() : fn_->getEntryBlock().getTerminator();
  IRBuilderBase::InsertPoint ip = b_.saveIP();
  b_.SetInsertPoint(at);
  bulk(p, nullptr, bytes, /*in_statement=*/false);
  b_.restoreIP(ip);
}

// Called once every program is emitted: the map gets one slot per program
// that used scratch space, each as large as the largest.
void finish_scratch(ModuleState &ms) {
  if (!ms.scratch) return;
  GlobalVariable *real = ms.defs->define("scratch", BpfMapType::Array, ms.scratch_slots * scratch_cpus(), 4,
                                         std::max<uint32_t>(8, ms.scratch_bytes));
  ms.scratch->replaceAllUsesWith(real);
  ms.scratch->eraseFromParent();
  ms.scratch = real;
}

}  // namespace bpfsh::codegen
