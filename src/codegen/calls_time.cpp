// The time family: the clocks (nsecs, nsecs(CLOCK), elapsed, jiffies) and
// the times user space formats (time, strftime).
#include <time.h>

#include "codegen/emitters.h"

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

Value *ProbeEmitter::var_nsecs(ast::Builtin *n) { return b_.call_helper(Helper::KtimeGetNs, {}); }

// nsecs(monotonic | boot | tai | sw_tai); nsecs() is nsecs(monotonic), as the builtin.
Value *ProbeEmitter::call_nsecs(ast::Call *n) {
  std::string clock = n->args.empty() ? "monotonic" : static_cast<ast::Builtin *>(n->args[0])->name;
  if (clock == "boot") return b_.call_helper(Helper::KtimeGetBootNs, {});
  if (clock == "tai") return b_.call_helper(Helper::KtimeGetTaiNs, {});
  if (clock == "sw_tai")
    return b_.CreateAdd(b_.call_helper(Helper::KtimeGetBootNs, {}), b_.getInt64(tai_offset()));
  return b_.call_helper(Helper::KtimeGetNs, {});
}

// CLOCK_MONOTONIC and bpf_ktime_get_ns share a clock; bpfsh starts within
// milliseconds of compiling, as bpftrace's own start time does.
Value *ProbeEmitter::var_elapsed(ast::Builtin *n) {
  return b_.CreateSub(b_.call_helper(Helper::KtimeGetNs, {}), b_.getInt64(clock_ns(CLOCK_MONOTONIC)));
}

Value *ProbeEmitter::var_jiffies(ast::Builtin *n) { return b_.call_helper(Helper::Jiffies64, {}); }

// time([fmt]): the format stays in user space, which reads the clock when
// the event arrives.
Value *ProbeEmitter::call_time(ast::Call *n) {
  std::string fmt = n->args.empty() ? "%H:%M:%S\n" : static_cast<ast::StrLit *>(n->args[0])->value;
  ms_.artifact.time_formats.push_back(fmt);
  emit_event(EventType::Time, static_cast<uint32_t>(ms_.artifact.time_formats.size() - 1), nullptr, 0);
  return b_.getInt64(0);
}

// strftime(fmt, nsecs): the nsecs travel; user space formats them.
Value *ProbeEmitter::call_strftime(ast::Call *n) {
  Value *buf = buffer(n->type, "strftime");
  b_.CreateAlignedStore(emit_expr(n->args[1]), buf, MaybeAlign(8));
  return buf;
}

std::span<const Emitter> time_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {.id = EmitId::Nsecs, .call = &ProbeEmitter::call_nsecs, .var = &ProbeEmitter::var_nsecs},
      {.id = EmitId::Elapsed, .var = &ProbeEmitter::var_elapsed},
      {.id = EmitId::Jiffies, .var = &ProbeEmitter::var_jiffies},
      {.id = EmitId::Time, .call = &ProbeEmitter::call_time},
      {.id = EmitId::Strftime, .call = &ProbeEmitter::call_strftime},
  };
  return table;
}

}  // namespace bpfsh::codegen
