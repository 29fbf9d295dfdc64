// pcap("file"[, N]): the packet's first bytes, as many as it has up to N,
// go to user space in one record (EventType::Packet), which the runtime
// appends to the file. The copy is the hook's load helper's, as the
// parse's is (emit_packet.cpp); a record the ring buffer refuses is counted
// with every other lost event.
#include "codegen/emitters.h"
#include "sema/net_fields.h"

namespace bpfsh::codegen {

using namespace llvm;
using artifact::CaptureSpec;

namespace {
constexpr uint32_t kSkbLen = 0;           // struct __sk_buff
constexpr uint32_t kRecordHeader = 16;    // u64 time, u32 captured, u32 length
}  // namespace

Value *ProbeEmitter::load_packet_bytes(Value *off, Value *dst, Value *len) {
  Helper h = pi_.type == sema::ProbeType::Xdp ? Helper::XdpLoadBytes : Helper::SkbLoadBytes;
  return b_.call_helper(h, {ctx_, off, dst, len}, "pcap.load");
}

// The whole packet's length: an XDP frame's every fragment counts.
Value *ProbeEmitter::packet_length() {
  if (pi_.type == sema::ProbeType::Xdp) return b_.call_helper(Helper::XdpGetBuffLen, {ctx_}, "pcap.len");
  return ctx_load(kSkbLen, 4, false, "pcap.len");
}

// One file per name; each probe that writes it asks for its own N, and the
// file's snapshot length is the largest. Its link type is its packets':
// a file can not hold cgroup_skb's or skboutput()'s IP packets beside
// another hook's frames.
uint32_t ProbeEmitter::capture_id(ast::Call *n, uint32_t snaplen, uint32_t link) {
  const std::string &path = static_cast<ast::StrLit *>(n->args[0])->value;
  auto &captures = ms_.artifact.captures;
  for (uint32_t i = 0; i < captures.size(); i++) {
    if (captures[i].path != path) continue;
    if (captures[i].link_type != link) {
      bool skb = n->name == "skboutput", cgroup = pi_.type == sema::ProbeType::CgroupSkb;
      const char *raw = skb ? "skboutput()'s IP packets" : cgroup ? "cgroup_skb's IP packets"
                                                         : "raw IP packets (cgroup_skb's or skboutput()'s)";
      auto &d = ms_.diags->error(n->args[0]->range, "pcap file '" + path + "' would hold both Ethernet frames and " +
                                                        std::string(raw));
      d.hints.push_back(skb ? "write skboutput()'s packets to a file of their own"
                        : cgroup ? "write the cgroup_skb probes' packets to a file of their own"
                                 : "write this hook's frames to a file of their own");
    }
    captures[i].snaplen = std::max(captures[i].snaplen, snaplen);
    return i;
  }
  captures.push_back({path, link, snaplen});
  return static_cast<uint32_t>(captures.size() - 1);
}

// The record is sent only as long as the bytes captured: a small packet
// costs the ring buffer little whatever N is. The verifier must see that
// the length is within 1..N: it is bounded with branches, and read back
// from its stack slot (volatile, so LLVM does not fold it into a select,
// whose result the verifier would know nothing of).
Value *ProbeEmitter::call_pcap(ast::Call *n) {
  if (!in_main_function(n->range, "pcap()")) return b_.getInt64(0);
  uint32_t snaplen = n->args.size() == 2 ? static_cast<uint32_t>(static_cast<ast::IntLit *>(n->args[1])->value)
                                         : sema::kMaxCaptureBytes;
  auto link = sema::packet_has_link_layer(pi_.type) ? CaptureSpec::Ethernet : CaptureSpec::RawIp;
  uint32_t id = capture_id(n, snaplen, link);
  uint32_t header = sizeof(EventHeader) + kRecordHeader;
  // Map memory, not the stack: the record is read as long as it is sent,
  // and the verifier wants every byte of a stack buffer read written first.
  Value *ev = scratch_temp(header + snaplen, "pcap");
  uint64_t tag = static_cast<uint64_t>(EventType::Packet) | (static_cast<uint64_t>(id) << 32);
  b_.CreateAlignedStore(b_.getInt64(tag), ev, MaybeAlign(8));
  b_.CreateAlignedStore(b_.call_helper(Helper::KtimeGetNs, {}, "pcap.time"), b_.offset(ev, 8), MaybeAlign(8));
  Value *len = b_.CreateAnd(packet_length(), b_.getInt64(0xffffffff));
  b_.CreateAlignedStore(b_.CreateTrunc(len, b_.getInt32Ty()), b_.offset(ev, 20), MaybeAlign(4));

  auto &ctx = b_.getContext();
  BasicBlock *clip = BasicBlock::Create(ctx, "pcap.clip", fn_);
  BasicBlock *sized = BasicBlock::Create(ctx, "pcap.sized", fn_);
  BasicBlock *load = BasicBlock::Create(ctx, "pcap.copy", fn_);
  BasicBlock *send = BasicBlock::Create(ctx, "pcap.send", fn_);
  BasicBlock *done = BasicBlock::Create(ctx, "pcap.done", fn_);
  BasicBlock *whole = BasicBlock::Create(ctx, "pcap.whole", fn_);
  Value *cap = local_alloca_i64("pcap.cap");
  b_.CreateCondBr(b_.CreateICmpUGT(len, b_.getInt64(snaplen)), clip, whole);
  b_.SetInsertPoint(clip);
  b_.CreateStore(b_.getInt64(snaplen), cap);
  b_.CreateBr(sized);
  b_.SetInsertPoint(whole);
  b_.CreateStore(len, cap);
  b_.CreateBr(sized);
  b_.SetInsertPoint(sized);
  Value *bytes = b_.CreateLoad(b_.getInt64Ty(), cap, /*isVolatile=*/true, "pcap.bytes");
  b_.CreateCondBr(b_.CreateICmpEQ(bytes, b_.getInt64(0)), done, load);
  b_.SetInsertPoint(load);
  b_.CreateAlignedStore(b_.CreateTrunc(bytes, b_.getInt32Ty()), b_.offset(ev, 16), MaybeAlign(4));
  Value *r = load_packet_bytes(b_.getInt64(0), b_.offset(ev, header), bytes);
  b_.CreateCondBr(b_.CreateICmpEQ(r, b_.getInt64(0)), send, done);
  b_.SetInsertPoint(send);
  ringbuf_output(ev, b_.CreateAdd(bytes, b_.getInt64(header)));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.getInt64(0);
}

std::span<const Emitter> capture_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {{EmitId::Pcap, &ProbeEmitter::call_pcap}};
  return table;
}

}  // namespace bpfsh::codegen
