// skboutput() and socket_cookie(): helpers of tracing programs that take a
// pointer the verifier has typed, which typed_pointer (calls_path.cpp) emits.
//
// bpf_skb_output writes a perf event record: the header we give, then the
// skb's first bytes, which the kernel copies itself. It writes only to a
// perf event array, so a program that calls it sends all its events through
// one (codegen.cpp); the runtime appends each record (EventType::SkbPacket)
// to the pcap file, less the offset's bytes at its start.
#include <cerrno>

#include "codegen/emitters.h"
#include "sema/net_fields.h"

namespace bpfsh::codegen {

using namespace llvm;
using artifact::CaptureSpec;

namespace {
constexpr uint32_t kRecordHeader = 16;  // u64 time, u32 captured, u32 skipped
// A perf record's size is a u16: room for its own header, the sample's
// size word and ours, with the padding to 8 bytes. Longer copies are cut.
constexpr uint64_t kMaxSkbBytes = 65472;
constexpr uint64_t kCurrentCpu = 0xffffffffull;  // BPF_F_CURRENT_CPU
}  // namespace

// A NULL skb sends nothing and gives -EFAULT, as a length past the skb's
// end does (the kernel's own answer).
Value *ProbeEmitter::call_skboutput(ast::Call *n) {
  uint32_t id = capture_id(n, sema::kMaxCaptureBytes, CaptureSpec::RawIp);
  Value *len = emit_expr(n->args[2]);
  Value *skip = emit_expr(n->args[3]);
  Value *cut = b_.CreateSelect(b_.CreateICmpUGT(len, b_.getInt64(kMaxSkbBytes)), b_.getInt64(kMaxSkbBytes), len);
  uint32_t header = sizeof(EventHeader) + kRecordHeader;
  Value *ev = local_alloca(header, "skb.hdr");
  uint64_t tag = static_cast<uint64_t>(EventType::SkbPacket) | (static_cast<uint64_t>(id) << 32);
  b_.CreateAlignedStore(b_.getInt64(tag), ev, MaybeAlign(8));
  b_.CreateAlignedStore(b_.call_helper(Helper::KtimeGetNs, {}, "skb.time"), b_.offset(ev, 8), MaybeAlign(8));
  b_.CreateAlignedStore(b_.CreateTrunc(cut, b_.getInt32Ty()), b_.offset(ev, 16), MaybeAlign(4));
  b_.CreateAlignedStore(b_.CreateTrunc(skip, b_.getInt32Ty()), b_.offset(ev, 20), MaybeAlign(4));
  Value *result = local_alloca_i64("skb.ret");
  b_.CreateStore(b_.getInt64(-EFAULT), result);

  auto &ctx = b_.getContext();
  BasicBlock *done = BasicBlock::Create(ctx, "skb.done", fn_);
  BasicBlock *lost = BasicBlock::Create(ctx, "skb.full", fn_);
  Value *skb = typed_pointer(n->args[1], done);
  Value *flags = b_.CreateOr(b_.CreateShl(cut, b_.getInt64(32)), b_.getInt64(kCurrentCpu));
  Value *r = b_.call_helper(Helper::SkbOutput, {skb, ms_.ringbuf, flags, ev, b_.getInt64(header)}, "skb.out");
  b_.CreateStore(r, result);
  // A full buffer loses the record, which counts as every lost event does.
  b_.CreateCondBr(b_.CreateICmpEQ(r, b_.getInt64(-ENOSPC)), lost, done);
  b_.SetInsertPoint(lost);
  count_slot(ms_.lost, 0, "lost");
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.CreateLoad(b_.getInt64Ty(), result, "skb.result");
}

Value *ProbeEmitter::call_socket_cookie(ast::Call *n) {
  Value *result = local_alloca_i64("cookie");
  b_.CreateStore(b_.getInt64(0), result);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "cookie.done", fn_);
  Value *sk = typed_pointer(n->args[0], done);
  b_.CreateStore(b_.call_helper(Helper::GetSocketCookie, {sk}, "cookie.get"), result);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.CreateLoad(b_.getInt64Ty(), result, "cookie.value");
}

std::span<const Emitter> skb_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {EmitId::SkbOutput, &ProbeEmitter::call_skboutput},
      {EmitId::SocketCookie, &ProbeEmitter::call_socket_cookie},
  };
  return table;
}

}  // namespace bpfsh::codegen
