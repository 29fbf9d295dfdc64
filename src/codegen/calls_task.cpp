// nsecs(CLOCK), is_err() and find().
#include <time.h>

#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

namespace {

uint64_t clock_ns(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + ts.tv_nsec;
}

// CLOCK_TAI - CLOCK_BOOTTIME, read between two boot-time readings (the
// "vdso sandwich"): sw_tai is boot time plus this, for kernels whose BPF
// has no TAI clock.
uint64_t tai_offset() {
  uint64_t before = clock_ns(CLOCK_BOOTTIME);
  uint64_t tai = clock_ns(CLOCK_TAI);
  uint64_t after = clock_ns(CLOCK_BOOTTIME);
  return tai - (before + (after - before) / 2);
}

}  // namespace

// nsecs(monotonic | boot | tai | sw_tai); nsecs() is nsecs(monotonic), as the builtin.
Value *ProbeEmitter::call_nsecs(ast::Call *n) {
  std::string clock = n->args.empty() ? "monotonic" : static_cast<ast::Builtin *>(n->args[0])->name;
  if (clock == "boot") return b_.call_helper(Helper::KtimeGetBootNs, {});
  if (clock == "tai") return b_.call_helper(Helper::KtimeGetTaiNs, {});
  if (clock == "sw_tai")
    return b_.CreateAdd(b_.call_helper(Helper::KtimeGetBootNs, {}), b_.getInt64(tai_offset()));
  return b_.call_helper(Helper::KtimeGetNs, {});
}

// The kernel's IS_ERR(): the top 4095 values of the address space are error codes.
Value *ProbeEmitter::call_is_err(ast::Call *n) {
  Value *p = emit_expr(n->args[0]);
  return b_.CreateZExt(b_.CreateICmpUGE(p, b_.getInt64(static_cast<uint64_t>(-4095))), b_.getInt64Ty());
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
    b_.copy(slot, ptr, vt.storage_size());
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.CreateZExt(found, b_.getInt64Ty());
}

}  // namespace bpfsh::codegen
