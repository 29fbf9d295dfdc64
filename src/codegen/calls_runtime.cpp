// Functions whose work happens in user space (time, errorf, warnf, join, unwatch),
// signal(), and what every event shares: the ring-buffer output that counts
// the records the kernel refuses, and -k's checks of helper return codes.
#include "codegen/emitter.h"
#include "sema/signals.h"

namespace bpfsh::codegen {

using namespace llvm;

namespace {
constexpr uint32_t kJoinArgSize = 256;  // bytes kept of each joined string
}  // namespace

// Sends `size` bytes at `ev`. A full ring buffer refuses the record; the
// refusal is counted in the lost-events array, which user space reads and
// reports ("Lost N events"), as bpftrace does.
void ProbeEmitter::ringbuf_output(Value *ev, uint64_t size) {
  Value *r = b_.call_helper(Helper::RingbufOutput, {ms_.ringbuf, ev, b_.getInt64(size), b_.getInt64(0)}, "rb");
  auto &ctx = b_.getContext();
  BasicBlock *lost = BasicBlock::Create(ctx, "rb.lost", fn_);
  BasicBlock *count = BasicBlock::Create(ctx, "rb.count", fn_);
  BasicBlock *done = BasicBlock::Create(ctx, "rb.done", fn_);
  b_.CreateCondBr(b_.CreateICmpNE(r, b_.getInt64(0)), lost, done);
  b_.SetInsertPoint(lost);
  Value *key = b_.entry_alloca(4, "lost.key");
  b_.CreateAlignedStore(b_.getInt32(0), key, MaybeAlign(4));
  Value *slot = b_.map_lookup(ms_.lost, key, "lost");
  b_.CreateCondBr(b_.CreateIsNotNull(slot), count, done);
  b_.SetInsertPoint(count);
  // A per-CPU slot: no other program writes it while this one runs.
  Value *n = b_.CreateAlignedLoad(b_.getInt64Ty(), slot, MaybeAlign(8));
  b_.CreateAlignedStore(b_.CreateAdd(n, b_.getInt64(1)), slot, MaybeAlign(8));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

uint32_t ProbeEmitter::add_site(const SourceRange &r, const std::string &helper) {
  SiteSpec s;
  s.line = r.begin.line;
  s.col = r.begin.col;
  s.end_line = r.end.line;
  s.end_col = r.end.col;
  s.helper = helper;
  ms_.artifact.sites.push_back(std::move(s));
  return static_cast<uint32_t>(ms_.artifact.sites.size() - 1);
}

// -k: a helper that returned a negative error reports it, with the place in
// the script of the expression being emitted.
void ProbeEmitter::check_helper(Value *ret, const std::string &helper) {
  if (!ms_.helper_checks) return;
  uint32_t site = add_site(site_, helper);
  auto &ctx = b_.getContext();
  BasicBlock *failed = BasicBlock::Create(ctx, helper + ".failed", fn_);
  BasicBlock *done = BasicBlock::Create(ctx, helper + ".ok", fn_);
  b_.CreateCondBr(b_.CreateICmpSLT(ret, b_.getInt64(0)), failed, done);
  b_.SetInsertPoint(failed);
  Value *code = b_.entry_alloca_i64("helper.ret");
  b_.CreateStore(ret, code);
  emit_event(EventType::HelperError, site, code, 8);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

// time([fmt]): the format stays in user space, which reads the clock when
// the event arrives.
Value *ProbeEmitter::call_time(ast::Call *n) {
  std::string fmt = n->args.empty() ? "%H:%M:%S\n" : static_cast<ast::StrLit *>(n->args[0])->value;
  ms_.artifact.time_formats.push_back(fmt);
  emit_event(EventType::Time, static_cast<uint32_t>(ms_.artifact.time_formats.size() - 1), nullptr, 0);
  return b_.getInt64(0);
}

// errorf/warnf: a printf whose format knows it is a message about this call.
Value *ProbeEmitter::call_message(ast::Call *n) {
  size_t id = ms_.artifact.formats.size();
  emit_format_event(n, EventType::Printf);
  if (id < ms_.artifact.formats.size()) {
    auto &f = ms_.artifact.formats[id];
    f.level = n->name == "errorf" ? FormatSpec::Level::Error : FormatSpec::Level::Warning;
    f.site = static_cast<int32_t>(add_site(n->range, ""));
  }
  return b_.getInt64(0);
}

// strftime(fmt, nsecs): the nsecs travel; user space formats them.
Value *ProbeEmitter::call_strftime(ast::Call *n) {
  Value *buf = buffer(n->type, "strftime");
  b_.CreateAlignedStore(emit_expr(n->args[1]), buf, MaybeAlign(8));
  return buf;
}

// signal(sig): bpf_send_signal to the current task's process;
// signal_thread(sig): bpf_send_signal_thread to the current thread.
Value *ProbeEmitter::call_signal(ast::Call *n) {
  ast::Expr *a = n->args[0];
  Value *sig = a->kind == ast::ExprKind::Str
                   ? b_.getInt64(sema::signal_number(static_cast<ast::StrLit *>(a)->value))
                   : emit_expr(a);
  b_.call_helper(n->name == "signal_thread" ? Helper::SendSignalThread : Helper::SendSignal,
                 {b_.CreateTrunc(sig, b_.getInt32Ty())});
  return b_.getInt64(0);
}

// unwatch(addr): the address goes to user space, which detaches the
// watchpoints on it; hits until then still run (async, as upstream).
Value *ProbeEmitter::call_unwatch(ast::Call *n) {
  Value *addr = b_.entry_alloca_i64("unwatch.addr");
  b_.CreateStore(emit_expr(n->args[0]), addr);
  emit_event(EventType::Unwatch, 0, addr, 8);
  return b_.getInt64(0);
}

// join(argv[, sep]): copies up to max_args strings of a NULL-ended array of
// string pointers into a per-CPU scratch slot (too big for the BPF stack)
// and sends it; user space joins them with sep.
Value *ProbeEmitter::call_join(ast::Call *n) {
  JoinSpec spec;
  spec.arg_size = kJoinArgSize;
  if (n->args.size() == 2) spec.sep = static_cast<ast::StrLit *>(n->args[1])->value;
  ms_.artifact.joins.push_back(spec);
  uint32_t id = static_cast<uint32_t>(ms_.artifact.joins.size() - 1);
  uint64_t size = sizeof(EventHeader) + 8 + uint64_t(spec.max_args) * spec.arg_size;
  if (!ms_.join_buf) ms_.join_buf = ms_.defs->define("join_buf", BpfMapType::PerCpuArray, 1, 4, uint32_t(size));
  Value *argv = emit_expr(n->args[0]);
  auto &ctx = b_.getContext();
  Value *key = b_.entry_alloca(4, "join.key");
  b_.CreateAlignedStore(b_.getInt32(0), key, MaybeAlign(4));
  Value *ev = b_.map_lookup(ms_.join_buf, key, "join.buf");
  BasicBlock *fill = BasicBlock::Create(ctx, "join.fill", fn_);
  BasicBlock *send = BasicBlock::Create(ctx, "join.send", fn_);
  BasicBlock *done = BasicBlock::Create(ctx, "join.done", fn_);
  b_.CreateCondBr(b_.CreateIsNotNull(ev), fill, done);
  b_.SetInsertPoint(fill);
  uint64_t header = static_cast<uint64_t>(EventType::Join) | (static_cast<uint64_t>(id) << 32);
  b_.CreateAlignedStore(b_.getInt64(header), ev, MaybeAlign(8));
  Value *count = b_.offset(ev, sizeof(EventHeader));
  b_.CreateAlignedStore(b_.getInt64(0), count, MaybeAlign(8));
  Value *ptr = b_.entry_alloca_i64("join.ptr");
  for (uint32_t i = 0; i < spec.max_args; i++) {
    b_.CreateStore(b_.getInt64(0), ptr);
    Value *at = b_.CreateIntToPtr(b_.CreateAdd(argv, b_.getInt64(8 * i)), b_.getPtrTy());
    b_.call_helper(Helper::ProbeRead, {ptr, b_.getInt64(8), at});
    Value *p = b_.CreateLoad(b_.getInt64Ty(), ptr);
    BasicBlock *next = BasicBlock::Create(ctx, "join.arg", fn_);
    b_.CreateCondBr(b_.CreateICmpEQ(p, b_.getInt64(0)), send, next);
    b_.SetInsertPoint(next);
    Value *dst = b_.offset(count, 8 + i * spec.arg_size);
    b_.CreateAlignedStore(b_.getInt8(0), dst, MaybeAlign(1));
    b_.call_helper(Helper::ProbeReadStr, {dst, b_.getInt64(spec.arg_size), b_.CreateIntToPtr(p, b_.getPtrTy())});
    b_.CreateAlignedStore(b_.getInt64(i + 1), count, MaybeAlign(8));
  }
  b_.CreateBr(send);
  b_.SetInsertPoint(send);
  ringbuf_output(ev, size);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.getInt64(0);
}

}  // namespace bpfsh::codegen
