// The symbols family: kstack, ustack, ksym(), usym(), kaddr(), uaddr() and
// reg() (and the symbol of func in uprobes, for the probe family). Only
// addresses and stack ids are recorded here; the runtime names them when it
// prints.
#include <fstream>

#include "codegen/emitters.h"
#include "sema/builtins.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;

namespace {

constexpr uint64_t kUserStack = 1 << 8;  // BPF_F_USER_STACK
constexpr uint64_t kNoExist = 1;         // BPF_NOEXIST

uint32_t perf_max_stack() {
  static const uint32_t n = [] {
    uint32_t v = 127;  // the kernel's default
    std::ifstream("/proc/sys/kernel/perf_event_max_stack") >> v;
    return v ? v : 127;
  }();
  return n;
}

const std::string &string_arg(ast::Call *n) { return static_cast<ast::StrLit *>(n->args[0])->value; }

}  // namespace

uint32_t stack_frames(uint32_t limit) { return std::min(limit, perf_max_stack()); }

// A build_id map's frames are struct bpf_stack_build_id: a status, the
// 20-byte build id, then the file offset (or the address, when the kernel
// could not read the build id).
GlobalVariable *ProbeEmitter::stack_map(uint32_t frames, bool build_id) {
  auto &slot = ms_.stack_maps[{frames, build_id}];
  if (!slot) {
    constexpr uint32_t kBuildIdFrame = 32, kStackBuildIdFlag = 1 << 5;  // BPF_F_STACK_BUILD_ID
    std::string name = (build_id ? "stack_build_id" : "stack") + std::to_string(frames);
    slot = ms_.defs->define(name, BpfMapType::StackTrace, ms_.stack_map_entries, 4,
                            frames * (build_id ? kBuildIdFrame : 8), build_id ? kStackBuildIdFlag : 0);
    ms_.artifact.stack_maps.push_back(StackMapSpec{name, frames, build_id});
  }
  return slot;
}

Value *ProbeEmitter::current_pid() { return b_.CreateLShr(pid_tgid(), 32, "pid"); }

// The first time a pid shows up in a user stack or symbol, tell user space,
// so it can keep the process's mappings while it still runs: its symbols are
// only printed later, maybe after it exited. A short-lived process may be
// gone before user space reads them; a uprobe then also says where its
// binary is loaded (the probe's address minus its link-time address), which
// still names the addresses inside that binary. A uprobe's pid is told of
// again at each load bias: a program it exec'd has the binary elsewhere,
// and its mappings are another image's (a shell's exec, a pyenv shim's).
void ProbeEmitter::announce_pid(Value *pid) {
  if (!ms_.seen_pids) ms_.seen_pids = ms_.defs->define("seen_pids", BpfMapType::LruHash, 4096, 16, 8);
  // One buffer for every use in this program, on a 512-byte stack: the map
  // key (u64 pid, u64 load bias), then the event: header, u64 pid, u64 load
  // bias, u64 probe index (~0: no binary known). The event's pid is the
  // map's value.
  if (!seen_buf_) seen_buf_ = b_.entry_alloca(16 + sizeof(EventHeader) + 24, "seen");
  Value *ev = b_.offset(seen_buf_, 16);
  Value *payload = b_.offset(ev, sizeof(EventHeader));
  uint64_t probe = ~0ull;
  Value *bias = b_.getInt64(0);
  if (auto at = probed_address()) {
    // This probe's spec is appended to the artifact right after emit().
    probe = ms_.artifact.probes.size();
    bias = b_.CreateSub(b_.call_helper(Helper::GetFuncIp, {ctx_}, "func_ip"), b_.getInt64(*at), "bias");
  }
  b_.CreateAlignedStore(pid, seen_buf_, MaybeAlign(8));
  b_.CreateAlignedStore(bias, b_.offset(seen_buf_, 8), MaybeAlign(8));
  b_.CreateAlignedStore(pid, payload, MaybeAlign(8));
  Value *r = b_.call_helper(Helper::MapUpdate, {ms_.seen_pids, seen_buf_, payload, b_.getInt64(kNoExist)}, "seen");
  BasicBlock *fresh = BasicBlock::Create(b_.getContext(), "pid.new", fn_);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "pid.known", fn_);
  b_.CreateCondBr(b_.CreateICmpEQ(r, b_.getInt64(0)), fresh, done);
  b_.SetInsertPoint(fresh);
  b_.CreateAlignedStore(b_.getInt64(static_cast<uint64_t>(EventType::ProcessSeen)), ev, MaybeAlign(8));
  b_.CreateAlignedStore(bias, b_.offset(payload, 8), MaybeAlign(8));
  b_.CreateAlignedStore(b_.getInt64(probe), b_.offset(payload, 16), MaybeAlign(8));
  ringbuf_output(ev, sizeof(EventHeader) + 24);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

// A uprobe's address as its binary was linked (sema found it); nullopt for
// other probes.
std::optional<uint64_t> ProbeEmitter::probed_address() {
  bool uprobe = pi_.type == sema::ProbeType::Uprobe || pi_.type == sema::ProbeType::Uretprobe;
  if (!uprobe) return std::nullopt;
  return pi_.linked_address;
}

// kstack: the stack id; ustack: the stack id and the pid its addresses
// belong to.
Value *ProbeEmitter::emit_stack(const Type &t) {
  if (t.dwarf_unwind) return emit_dw_stack(t);  // ustack_unwind = dwarf
  bool user = t.kind == ast::TypeKind::UStack;
  Value *buf = buffer(t, user ? "ustack" : "kstack");
  zero_bytes(buf, t.storage_size());
  bool build_id = user && t.stack_mode == ast::StackMode::BuildId;
  Value *map = stack_map(stack_frames(t.stack_limit), build_id);
  Value *id = b_.call_helper(Helper::GetStackid, {ctx_, map, b_.getInt64(user ? kUserStack : 0)}, "stackid");
  // The helper returns an int: a negative error stays negative in 64 bits.
  id = b_.CreateSExt(b_.CreateTrunc(id, b_.getInt32Ty()), b_.getInt64Ty());
  b_.CreateAlignedStore(id, buf, MaybeAlign(8));
  if (user) {
    Value *pid = current_pid();
    b_.CreateAlignedStore(pid, b_.offset(buf, 8), MaybeAlign(8));
    announce_pid(pid);
    // At a function's entry the return address is at the stack pointer and
    // nowhere in the frame-pointer chain: the runtime puts it after frame 0.
    // (A build_id frame is the kernel's to name: this address has no build id.)
    if (pi_.at_function_entry && !build_id) {
      constexpr uint32_t kPtRegsSp = 152;  // offsetof(struct pt_regs, sp), x86-64
      Value *sp = b_.CreateIntToPtr(ctx_load(kPtRegsSp, 8, false, "sp"), b_.getPtrTy());
      b_.call_helper(Helper::ProbeRead, {b_.offset(buf, 16), b_.getInt64(8), sp});
    }
  }
  return buf;
}

Value *ProbeEmitter::emit_usym(Value *addr) {
  Value *buf = buffer(Type::symbol(true), "usym");
  b_.CreateAlignedStore(addr, buf, MaybeAlign(8));
  Value *pid = current_pid();
  b_.CreateAlignedStore(pid, b_.offset(buf, 8), MaybeAlign(8));
  announce_pid(pid);
  return buf;
}

// len(kstack), len(ustack(...)): the frames bpf_get_stack copies (up to the
// stack's limit), 0 when it fails. The stack id kstack gives can not be read
// back in BPF, so the frames are taken again here.
Value *ProbeEmitter::stack_len(const Type &t) {
  uint32_t bytes = stack_frames(t.stack_limit) * 8;
  Value *frames = temp(bytes, "stack.frames");
  uint64_t flags = t.kind == ast::TypeKind::UStack ? kUserStack : 0;
  Value *got = b_.call_helper(Helper::GetStack, {ctx_, frames, b_.getInt64(bytes), b_.getInt64(flags)}, "stack.bytes");
  got = b_.CreateSExt(b_.CreateTrunc(got, b_.getInt32Ty()), b_.getInt64Ty());
  return b_.CreateSelect(b_.CreateICmpSGT(got, b_.getInt64(0)), b_.CreateLShr(got, 3), b_.getInt64(0));
}

// kstack, ustack, kstack(...), ustack(...): sema typed the stack.
Value *ProbeEmitter::call_stack(ast::Call *n) { return emit_stack(n->type); }
Value *ProbeEmitter::var_stack(ast::Builtin *n) { return emit_stack(n->type); }

Value *ProbeEmitter::call_ksym(ast::Call *n) {
  Value *buf = buffer(n->type, "ksym");
  b_.CreateAlignedStore(emit_expr(n->args[0]), buf, MaybeAlign(8));
  return buf;
}

Value *ProbeEmitter::call_usym(ast::Call *n) { return emit_usym(emit_expr(n->args[0])); }

Value *ProbeEmitter::call_kaddr(ast::Call *n) { return resolved_address(n); }

// percpu_kaddr("name"[, cpu]): the variable's typed ksym, through
// bpf_this_cpu_ptr or bpf_per_cpu_ptr (NULL past the last CPU).
Value *ProbeEmitter::call_percpu_kaddr(ast::Call *n) {
  const std::string &name = static_cast<ast::StrLit *>(n->args[0])->value;
  GlobalVariable *var = ms_.defs->ksym_var(name, info_.percpu_vars.at(name));
  if (n->args.size() == 1) return b_.call_helper(Helper::ThisCpuPtr, {var}, "percpu");
  return b_.call_helper(Helper::PerCpuPtr, {var, emit_expr(n->args[1])}, "percpu");
}
Value *ProbeEmitter::call_uaddr(ast::Call *n) { return resolved_address(n); }

// kaddr("name"), uaddr("name"): sema resolved them for this attach point. In
// a PIE or shared library the load address is only known at run time, so
// uaddr is the probe's own address moved by the distance between the two.
Value *ProbeEmitter::resolved_address(ast::Call *n) {
  auto it = pi_.symbol_addresses.find(n);
  sema::SymbolAddress addr = it == pi_.symbol_addresses.end() ? sema::SymbolAddress{} : it->second;
  if (!addr.from_func_ip) return b_.getInt64(addr.value);
  Value *here = b_.call_helper(Helper::GetFuncIp, {ctx_}, "func_ip");
  return b_.CreateAdd(here, b_.getInt64(addr.value), "uaddr");
}

Value *ProbeEmitter::call_reg(ast::Call *n) {
  const std::string &name = string_arg(n);
  return ctx_load(*sema::register_offset(name), 8, false, "reg." + name);
}

std::span<const Emitter> symbols_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {.id = EmitId::Kstack, .call = &ProbeEmitter::call_stack, .var = &ProbeEmitter::var_stack},
      {.id = EmitId::Ustack, .call = &ProbeEmitter::call_stack, .var = &ProbeEmitter::var_stack},
      {.id = EmitId::Ksym, .call = &ProbeEmitter::call_ksym},
      {.id = EmitId::Usym, .call = &ProbeEmitter::call_usym},
      {.id = EmitId::Kaddr, .call = &ProbeEmitter::call_kaddr},
      {.id = EmitId::PercpuKaddr, .call = &ProbeEmitter::call_percpu_kaddr},
      {.id = EmitId::Uaddr, .call = &ProbeEmitter::call_uaddr},
      {.id = EmitId::Reg, .call = &ProbeEmitter::call_reg},
  };
  return table;
}

}  // namespace bpfsh::codegen
