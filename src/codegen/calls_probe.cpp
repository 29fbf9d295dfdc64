// The probe family: what the probe was attached to (probe, func), what its
// context holds (argN, retval, ctx, usermode), unwatch() and override(); and ctx_load,
// the context read most of them share. probetype is lowered to a literal.
#include "codegen/emitters.h"
#include "sema/builtins.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;

// struct pt_regs offsets on x86-64 (arch/x86/include/uapi/asm/ptrace.h).
namespace pt_regs {
constexpr uint32_t ax = 80, cs = 136;
constexpr uint32_t args[] = {112 /*di*/, 104 /*si*/, 96 /*dx*/, 88 /*cx*/, 72 /*r8*/, 64 /*r9*/};
}  // namespace pt_regs

Value *ProbeEmitter::ctx_load(uint32_t offset, uint32_t size, bool is_signed, const Twine &name) {
  Value *v = b_.CreateAlignedLoad(b_.getIntNTy(size * 8), b_.offset(ctx_, offset), MaybeAlign(size), name);
  if (size == 8) return v;
  return is_signed ? b_.CreateSExt(v, b_.getInt64Ty()) : b_.CreateZExt(v, b_.getInt64Ty());
}

// Each attach point has its own body (sema/probe_expansion.h), typed with
// its own name's length.
Value *ProbeEmitter::attach_string(ast::Builtin *n, const std::string &s) { return constant_string(s, n->name); }

Value *ProbeEmitter::var_probe(ast::Builtin *n) { return attach_string(n, pi_.probe_name()); }

// In a uprobe, the symbol of the probed address, as usym() gives it.
Value *ProbeEmitter::var_func(ast::Builtin *n) {
  if (n->type.kind == ast::TypeKind::USym) return emit_usym(b_.call_helper(Helper::GetFuncIp, {ctx_}, "func_ip"));
  return attach_string(n, pi_.func);
}

// fexit's context is the arguments as u64s, then the return value.
Value *ProbeEmitter::var_retval(ast::Builtin *n) {
  if (pi_.type == sema::ProbeType::Fexit) return narrow(ctx_load(pi_.arg_slots * 8, 8, false, "retval"), n->type);
  return narrow(ctx_load(pt_regs::ax, 8, true, "retval"), n->type);  // typed by DWARF in a uretprobe
}

Value *ProbeEmitter::var_arg(ast::Builtin *n) {
  int arg = sema::arg_index(n->name);
  if (pi_.type == sema::ProbeType::Usdt) return usdt_arg(arg);
  if (pi_.type == sema::ProbeType::RawTracepoint) return ctx_load(arg * 8, 8, false, n->name);
  return ctx_load(pt_regs::args[arg], 8, false, n->name);
}

Value *ProbeEmitter::var_ctx(ast::Builtin *n) { return b_.CreatePtrToInt(ctx_, b_.getInt64Ty(), "ctx"); }

// The privilege level of the interrupted code: CPL 3 in the saved cs.
Value *ProbeEmitter::var_usermode(ast::Builtin *n) {
  return b_.CreateZExt(b_.CreateICmpEQ(b_.CreateAnd(ctx_load(pt_regs::cs, 8, false, "cs"), 3), b_.getInt64(3)),
                       b_.getInt64Ty());
}

// unwatch(addr): the address goes to user space, which detaches the
// watchpoints on it; hits until then still run (async, as upstream).
Value *ProbeEmitter::call_unwatch(ast::Call *n) {
  Value *addr = local_alloca_i64("unwatch.addr");
  b_.CreateStore(emit_expr(n->args[0]), addr);
  emit_event(EventType::Unwatch, 0, addr, 8);
  return b_.getInt64(0);
}

// override(rc): bpf_override_return(ctx, rc); the kernel skips the
// function and returns rc when the kprobe ends.
Value *ProbeEmitter::call_override(ast::Call *n) {
  b_.call_helper(Helper::OverrideReturn, {ctx_, emit_expr(n->args[0])});
  return b_.getInt64(0);
}

std::span<const Emitter> probe_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {.id = EmitId::Probe, .var = &ProbeEmitter::var_probe},
      {.id = EmitId::Func, .var = &ProbeEmitter::var_func},
      {.id = EmitId::Retval, .var = &ProbeEmitter::var_retval},
      {.id = EmitId::Arg, .var = &ProbeEmitter::var_arg},
      {.id = EmitId::Ctx, .var = &ProbeEmitter::var_ctx},
      {.id = EmitId::Usermode, .var = &ProbeEmitter::var_usermode},
      {.id = EmitId::Unwatch, .call = &ProbeEmitter::call_unwatch},
      {.id = EmitId::Override, .call = &ProbeEmitter::call_override},
  };
  return table;
}

}  // namespace bpfsh::codegen
