// Builtin variables and probe arguments.
#include <time.h>
#include <unistd.h>

#include "codegen/emitter.h"
#include "sema/builtins.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;

// struct pt_regs offsets on x86-64 (arch/x86/include/uapi/asm/ptrace.h).
namespace pt_regs {
constexpr uint32_t ax = 80, ip = 128, cs = 136, sp = 152;
constexpr uint32_t args[] = {112 /*di*/, 104 /*si*/, 96 /*dx*/, 88 /*cx*/, 72 /*r8*/, 64 /*r9*/};
}  // namespace pt_regs

Value *ProbeEmitter::ctx_load(uint32_t offset, uint32_t size, bool is_signed, const Twine &name) {
  Value *v = b_.CreateAlignedLoad(b_.getIntNTy(size * 8), b_.offset(ctx_, offset), MaybeAlign(size), name);
  if (size == 8) return v;
  return is_signed ? b_.CreateSExt(v, b_.getInt64Ty()) : b_.CreateZExt(v, b_.getInt64Ty());
}

static uint64_t monotonic_now_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + ts.tv_nsec;
}

Value *ProbeEmitter::visit(ast::Builtin *n) {
  if (n->is_enum_const) return b_.getInt64(n->enum_value);
  const std::string &name = n->name;
  auto high32 = [&](Helper h) { return b_.CreateLShr(b_.call_helper(h, {}), 32); };
  auto low32 = [&](Helper h) { return b_.CreateAnd(b_.call_helper(h, {}), 0xffffffffull); };
  if (name == "pid") return high32(Helper::GetCurrentPidTgid);
  if (name == "tid") return low32(Helper::GetCurrentPidTgid);
  if (name == "uid") return low32(Helper::GetCurrentUidGid);
  if (name == "gid") return high32(Helper::GetCurrentUidGid);
  if (name == "nsecs") return b_.call_helper(Helper::KtimeGetNs, {});
  // CLOCK_MONOTONIC and bpf_ktime_get_ns share a clock; bpfsh starts within
  // milliseconds of compiling, as bpftrace's own start time does.
  if (name == "elapsed")
    return b_.CreateSub(b_.call_helper(Helper::KtimeGetNs, {}), b_.getInt64(monotonic_now_ns()));
  if (name == "cpu") return b_.CreateAnd(b_.call_helper(Helper::GetSmpProcessorId, {}), 0xffffffffull);
  if (name == "numaid") return b_.CreateAnd(b_.call_helper(Helper::GetNumaNodeId, {}), 0xffffffffull);
  if (name == "rand") return b_.CreateAnd(b_.call_helper(Helper::GetPrandomU32, {}), 0xffffffffull);
  if (name == "cgroup") return b_.call_helper(Helper::GetCurrentCgroupId, {});
  if (name == "jiffies") return b_.call_helper(Helper::Jiffies64, {});
  if (name == "curtask") return b_.call_helper(Helper::GetCurrentTask, {});
  if (name == "username") {
    Value *buf = buffer(n->type, "username");
    b_.CreateAlignedStore(low32(Helper::GetCurrentUidGid), buf, MaybeAlign(8));
    return buf;
  }
  // The privilege level of the interrupted code: CPL 3 in the saved cs.
  if (name == "usermode")
    return b_.CreateZExt(b_.CreateICmpEQ(b_.CreateAnd(ctx_load(pt_regs::cs, 8, false, "cs"), 3), b_.getInt64(3)),
                         b_.getInt64Ty());
  if (name == "cpid") return b_.getInt64(static_cast<uint64_t>(info_.cpid));
  if (name == "ncpus") return b_.getInt64(static_cast<uint64_t>(sysconf(_SC_NPROCESSORS_ONLN)));
  if (name == "func" && n->type.kind == ast::TypeKind::USym)
    return emit_usym(b_.call_helper(Helper::GetFuncIp, {ctx_}, "func_ip"));
  if (name == "probe" || name == "func") {
    return constant_string(name == "probe" ? pi_.display : pi_.func, name);
  }
  if (n->type.is_stack()) return emit_stack(n->type);
  if (name == "comm") {
    Value *buf = buffer(n->type, "comm");
    b_.zero(buf, n->type.storage_size());
    b_.call_helper(Helper::GetCurrentComm, {buf, b_.getInt64(n->type.str_size)});
    return buf;
  }
  // fexit's context is the arguments as u64s, then the return value.
  if (name == "retval" && pi_.type == sema::ProbeType::Fexit)
    return narrow(ctx_load(pi_.arg_slots * 8, 8, false, "retval"), n->type);
  if (name == "retval") return ctx_load(pt_regs::ax, 8, true, "retval");
  int arg = sema::arg_index(name);
  if (name == "ctx") return b_.CreatePtrToInt(ctx_, b_.getInt64Ty(), "ctx");
  if (arg >= 0) {
    if (pi_.type == sema::ProbeType::Usdt) return usdt_arg(arg);
    if (pi_.type == sema::ProbeType::RawTracepoint) return ctx_load(arg * 8, 8, false, name);
    return ctx_load(pt_regs::args[arg], 8, false, name);
  }
  return b_.getInt64(0);
}

}  // namespace bpfsh::codegen
