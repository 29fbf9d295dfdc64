// The task family: the builtins about the task the probe runs in (pid,
// tid, uid, gid, comm, username, cgroup, curtask, cpid), and signal() and
// signal_thread(). ppid, pcomm and the thread group leader's are lowered to
// members of curtask (or of the task given).
#include "artifact/pid_namespace.h"
#include "codegen/emitters.h"
#include "sema/signals.h"

namespace bpfsh::codegen {

using namespace llvm;

Value *ProbeEmitter::high32(Helper h) { return b_.CreateLShr(b_.call_helper(h, {}), 32); }
Value *ProbeEmitter::low32(Helper h) { return b_.CreateAnd(b_.call_helper(h, {}), 0xffffffffull); }

// Where bpfsh runs in a pid namespace of its own, the loader names it
// (artifact/pid_namespace.h) and the ids are that namespace's: 0 for a task
// outside it, which has none there. Programs run in no task's context
// (packets, sockets' hooks) keep the plain helper.
Value *ProbeEmitter::pid_tgid() {
  using K = sema::ProbeType;
  switch (pi_.type) {
    case K::Xdp: case K::Tc: case K::Socket: case K::CgroupSkb: case K::CgroupSockAddr: case K::CgroupSock:
    case K::Sockops:
      return init_pid_tgid();
    default:
      break;
  }
  if (!ms_.pidns_dev) {
    ms_.pidns_dev = ms_.defs->load_time_constant(artifact::kPidNsDev, artifact::kPidNsSection);
    ms_.pidns_ino = ms_.defs->load_time_constant(artifact::kPidNsIno, artifact::kPidNsSection);
  }
  auto &ctx = b_.getContext();
  BasicBlock *init = BasicBlock::Create(ctx, "pidns.init", fn_);
  BasicBlock *own = BasicBlock::Create(ctx, "pidns.own", fn_);
  BasicBlock *done = BasicBlock::Create(ctx, "pidns.done", fn_);
  // Volatile, so LLVM keeps the test for the verifier to decide.
  LoadInst *ino = b_.CreateAlignedLoad(b_.getInt64Ty(), ms_.pidns_ino, MaybeAlign(8), "pidns.ino");
  ino->setVolatile(true);
  b_.CreateCondBr(b_.CreateICmpEQ(ino, b_.getInt64(0)), init, own);
  b_.SetInsertPoint(init);
  Value *plain = init_pid_tgid();
  b_.CreateBr(done);
  b_.SetInsertPoint(own);
  LoadInst *dev = b_.CreateAlignedLoad(b_.getInt64Ty(), ms_.pidns_dev, MaybeAlign(8), "pidns.dev");
  dev->setVolatile(true);
  // struct bpf_pidns_info { u32 pid; u32 tgid; }, zeroed by the kernel when
  // the task has no ids in that namespace.
  Value *info = local_alloca_i64("pidns.info");
  b_.call_helper(Helper::GetNsCurrentPidTgid, {dev, ino, info, b_.getInt64(8)}, "pidns.ret");
  Value *both = b_.CreateLoad(b_.getInt64Ty(), info, "pidns.ids");  // little-endian: pid low, tgid high
  BasicBlock *own_end = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  PHINode *v = b_.CreatePHI(b_.getInt64Ty(), 2, "pid_tgid");
  v->addIncoming(plain, init);
  v->addIncoming(both, own_end);
  return v;
}

Value *ProbeEmitter::var_pid(ast::Builtin *n) { return b_.CreateLShr(pid_tgid(), 32); }
Value *ProbeEmitter::var_tid(ast::Builtin *n) { return b_.CreateAnd(pid_tgid(), 0xffffffffull); }
// pid(curr_ns | init), tid(...): bpfsh's namespace's ids, or the initial one's.
static bool init_ns(const ast::Call *n) {
  return !n->args.empty() && static_cast<const ast::Builtin *>(n->args[0])->name == "init";
}
Value *ProbeEmitter::call_pid(ast::Call *n) {
  return b_.CreateLShr(init_ns(n) ? init_pid_tgid() : pid_tgid(), 32);
}
Value *ProbeEmitter::call_tid(ast::Call *n) {
  return b_.CreateAnd(init_ns(n) ? init_pid_tgid() : pid_tgid(), 0xffffffffull);
}
Value *ProbeEmitter::var_uid(ast::Builtin *n) { return low32(Helper::GetCurrentUidGid); }
Value *ProbeEmitter::var_gid(ast::Builtin *n) { return high32(Helper::GetCurrentUidGid); }
Value *ProbeEmitter::var_cgroup(ast::Builtin *n) { return b_.call_helper(Helper::GetCurrentCgroupId, {}); }
Value *ProbeEmitter::var_curtask(ast::Builtin *n) { return b_.call_helper(Helper::GetCurrentTask, {}); }
Value *ProbeEmitter::var_cpid(ast::Builtin *n) { return b_.getInt64(static_cast<uint64_t>(info_.cpid)); }

// The uid travels; user space names it when it prints.
Value *ProbeEmitter::var_username(ast::Builtin *n) {
  Value *buf = buffer(n->type, "username");
  b_.CreateAlignedStore(low32(Helper::GetCurrentUidGid), buf, MaybeAlign(8));
  return buf;
}

Value *ProbeEmitter::var_comm(ast::Builtin *n) {
  Value *buf = buffer(n->type, "comm");
  zero_bytes(buf, n->type.storage_size());
  b_.call_helper(Helper::GetCurrentComm, {buf, b_.getInt64(n->type.str_size)});
  return buf;
}

// comm(pid): bpf_task_from_pid gives a reference to the task, or NULL; its
// comm is copied, then the reference released, as the verifier demands.
Value *ProbeEmitter::call_comm(ast::Call *n) {
  uint64_t comm_offset = info_.task_comm_offset;
  Value *buf = buffer(n->type, "comm");
  b_.zero(buf, n->type.storage_size());
  Function *from_pid = ms_.defs->kfunc("bpf_task_from_pid", "task", {"int"});
  Function *release = ms_.defs->kfunc("bpf_task_release", "void", {"task"});
  Value *task = b_.CreateCall(from_pid, {b_.CreateTrunc(emit_expr(n->args[0]), b_.getInt32Ty())}, "task");
  BasicBlock *found = BasicBlock::Create(b_.getContext(), "comm.found", fn_);
  BasicBlock *missing = BasicBlock::Create(b_.getContext(), "comm.missing", fn_);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "comm.done", fn_);
  b_.CreateCondBr(b_.CreateIsNotNull(task), found, missing);
  b_.SetInsertPoint(found);
  b_.call_helper(Helper::ProbeRead, {buf, b_.getInt64(16), b_.CreateGEP(b_.getInt8Ty(), task, b_.getInt64(comm_offset))});
  b_.CreateCall(release, {task});
  b_.CreateBr(done);
  b_.SetInsertPoint(missing);
  store_constant_string(buf, "N/A");
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return buf;
}

// signal(sig): bpf_send_signal to the current task's process;
// signal_thread(sig): bpf_send_signal_thread to the current thread.
Value *ProbeEmitter::send_signal(ast::Call *n, Helper h) {
  ast::Expr *a = n->args[0];
  Value *sig = a->kind == ast::ExprKind::Str
                   ? b_.getInt64(sema::signal_number(static_cast<ast::StrLit *>(a)->value))
                   : emit_expr(a);
  b_.call_helper(h, {b_.CreateTrunc(sig, b_.getInt32Ty())});
  return b_.getInt64(0);
}

Value *ProbeEmitter::call_signal(ast::Call *n) { return send_signal(n, Helper::SendSignal); }
Value *ProbeEmitter::call_signal_thread(ast::Call *n) { return send_signal(n, Helper::SendSignalThread); }

std::span<const Emitter> task_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {.id = EmitId::Pid, .call = &ProbeEmitter::call_pid, .var = &ProbeEmitter::var_pid},
      {.id = EmitId::Tid, .call = &ProbeEmitter::call_tid, .var = &ProbeEmitter::var_tid},
      {.id = EmitId::Uid, .var = &ProbeEmitter::var_uid},
      {.id = EmitId::Gid, .var = &ProbeEmitter::var_gid},
      {.id = EmitId::Comm, .call = &ProbeEmitter::call_comm, .var = &ProbeEmitter::var_comm},
      {.id = EmitId::Username, .var = &ProbeEmitter::var_username},
      {.id = EmitId::Cgroup, .var = &ProbeEmitter::var_cgroup},
      {.id = EmitId::Curtask, .var = &ProbeEmitter::var_curtask},
      {.id = EmitId::Cpid, .var = &ProbeEmitter::var_cpid},
      {.id = EmitId::Signal, .call = &ProbeEmitter::call_signal},
      {.id = EmitId::SignalThread, .call = &ProbeEmitter::call_signal_thread},
  };
  return table;
}

}  // namespace bpfsh::codegen
