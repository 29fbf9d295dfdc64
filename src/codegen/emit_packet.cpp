// Network probes: what they return (the hook's pass verdict unless drop()
// said otherwise), the packet parsed into sema::PacketLayout before the
// body runs, and the reads of pkt.* and ctx.* fields (sema/net_fields.h).
//
// Every byte of the packet is copied with the hook's load helper
// (bpf_xdp_load_bytes, bpf_skb_load_bytes), which checks the bounds
// itself: a header past the packet's end fails to load and its layer stays
// absent, and the verifier never sees a packet pointer.
#include <functional>

#include "codegen/emitters.h"
#include "sema/net_fields.h"

namespace bpfsh::codegen {

using namespace llvm;
using sema::PacketLayout;

namespace {
// Ethertypes and IP protocols as a little-endian load of the packet's
// (network order) bytes gives them.
constexpr uint16_t kRawIpv4 = 0x0008, kRawIpv6 = 0xdd86, kRawVlan = 0x0081, kRawQinq = 0xa888;
constexpr uint32_t kSkbLen = 0, kSkbProtocol = 16, kSkbIfindex = 40;  // struct __sk_buff
constexpr uint32_t kXdpIngressIfindex = 12;                          // struct xdp_md
// IPv6 extension headers followed before the transport header; a packet
// with more has no transport layer for pkt.
constexpr int kMaxIp6ExtensionHeaders = 4;
}  // namespace

void ProbeEmitter::start_net() {
  main_fn_ = fn_;
  bool socket_hook = pi_.type == sema::ProbeType::CgroupSockAddr || pi_.type == sema::ProbeType::CgroupSock ||
                     pi_.type == sema::ProbeType::Sockops;
  if (!sema::has_packet(pi_.type) && !socket_hook) return;
  b_.kernel_reads = true;
  verdict_ = b_.entry_alloca_i64("verdict");
  // In the entry block: every return, the scratch lookup's too, comes after.
  IRBuilder<> at_entry(fn_->getEntryBlock().getTerminator());
  at_entry.CreateStore(b_.getInt64(static_cast<uint64_t>(sema::pass_verdict(pi_.type))), verdict_);
  if (!pi_.uses_pkt) return;
  pkt_ = b_.entry_alloca(PacketLayout::kSize, "pkt");
  parse_packet(pkt_);
}

Value *ProbeEmitter::exit_value() {
  if (verdict_ && fn_ == main_fn_) return b_.CreateLoad(b_.getInt64Ty(), verdict_, "verdict");
  return b_.getInt64(0);
}

// A for loop's body is a callback of its own, which has neither the parsed
// packet nor the verdict slot of the probe's function.
bool ProbeEmitter::in_main_function(SourceRange where, const char *name) {
  if (fn_ == main_fn_) return true;
  std::string what = name;
  bool call = what == "drop()" || what == "pass()" || what == "pcap()" || what == "redirect()";
  ms_.diags->error(where, what + " can not be used inside a for loop yet")
      .hints.push_back(call ? "set a variable in the loop and call " + what + " after it"
                            : "read the fields into variables before the loop");
  return false;
}

// 0 when `len` bytes at `off` were copied to dst, else negative.
Value *ProbeEmitter::load_packet_bytes(Value *off, Value *dst, uint32_t len) {
  Helper h = pi_.type == sema::ProbeType::Xdp ? Helper::XdpLoadBytes : Helper::SkbLoadBytes;
  return b_.call_helper(h, {ctx_, off, dst, b_.getInt64(len)}, "pkt.load");
}

namespace {

bool is_builtin_named(const ast::Expr *e, const char *name) {
  return e->kind == ast::ExprKind::Builtin && static_cast<const ast::Builtin *>(e)->name == name;
}

// Builds the parse, one layer after the other, in the probe's function.
class PacketParser {
 public:
  using Load = std::function<Value *(Value *off, Value *dst, uint32_t len)>;
  PacketParser(IRBuilderBPF &b, Function *fn, Value *pkt, Load load)
      : b_(b), fn_(fn), pkt_(pkt), load_(std::move(load)),
        done_(BasicBlock::Create(b.getContext(), "pkt.done", fn)),
        off_(b.entry_alloca_i64("pkt.off")), l4off_(b.entry_alloca_i64("pkt.l4off")),
        l4proto_(b.entry_alloca_i64("pkt.l4proto")) {}

  Value *at(uint32_t o) { return b_.offset(pkt_, o); }
  BasicBlock *block(const char *name) { return BasicBlock::Create(b_.getContext(), name, fn_); }
  Value *load8(uint32_t o) { return b_.CreateZExt(b_.CreateLoad(b_.getInt8Ty(), at(o)), b_.getInt64Ty()); }

  // Loads `len` bytes at `off` into the layout at `dst`; on to a new block
  // with the layer's bit set, or to the end.
  void layer(Value *off, uint32_t dst, uint32_t len, uint8_t bit) {
    BasicBlock *ok = block("pkt.layer");
    b_.CreateCondBr(b_.CreateICmpEQ(load_(off, at(dst), len), b_.getInt64(0)), ok, done_);
    b_.SetInsertPoint(ok);
    if (!bit) return;
    Value *layers = b_.CreateLoad(b_.getInt8Ty(), at(PacketLayout::kLayers));
    b_.CreateStore(b_.CreateOr(layers, b_.getInt8(bit)), at(PacketLayout::kLayers));
  }

  // Ethernet, then up to two VLAN tags: the ethertype past them.
  void link_layer() {
    Value *proto = at(PacketLayout::kL3Proto);
    layer(b_.getInt64(0), PacketLayout::kEth, 14, sema::kEthLayer);
    b_.CreateStore(b_.CreateLoad(b_.getInt16Ty(), at(PacketLayout::kEth + 12)), proto);
    b_.CreateStore(b_.getInt64(14), off_);
    for (int tag = 0; tag < 2; tag++) {
      BasicBlock *vlan = block("pkt.vlan"), *next = block("pkt.l3");
      Value *p = b_.CreateLoad(b_.getInt16Ty(), proto);
      b_.CreateCondBr(b_.CreateOr(b_.CreateICmpEQ(p, b_.getInt16(kRawVlan)), b_.CreateICmpEQ(p, b_.getInt16(kRawQinq))),
                      vlan, next);
      b_.SetInsertPoint(vlan);
      // The tag goes where the IP header will: its ethertype is all we keep.
      Value *o = b_.CreateLoad(b_.getInt64Ty(), off_);
      layer(o, PacketLayout::kIp, 4, 0);
      b_.CreateStore(b_.CreateLoad(b_.getInt16Ty(), at(PacketLayout::kIp + 2)), proto);
      b_.CreateStore(b_.CreateAdd(o, b_.getInt64(4)), off_);
      b_.CreateBr(next);
      b_.SetInsertPoint(next);
    }
  }

  void starts_at_ip(Value *proto) {
    b_.CreateStore(b_.CreateTrunc(proto, b_.getInt16Ty()), at(PacketLayout::kL3Proto));
    b_.CreateStore(b_.getInt64(0), off_);
  }

  // IPv4 (unless a later fragment) or IPv6, then the transport header.
  void network_and_transport() {
    BasicBlock *v4 = block("pkt.ip"), *v6 = block("pkt.ip6"), *l4 = block("pkt.l4");
    SwitchInst *l3 = b_.CreateSwitch(b_.CreateLoad(b_.getInt16Ty(), at(PacketLayout::kL3Proto)), done_, 2);
    l3->addCase(b_.getInt16(kRawIpv4), v4);
    l3->addCase(b_.getInt16(kRawIpv6), v6);
    b_.SetInsertPoint(v4);
    Value *o = b_.CreateLoad(b_.getInt64Ty(), off_);
    layer(o, PacketLayout::kIp, 20, sema::kIpLayer);
    Value *ihl = b_.CreateMul(b_.CreateAnd(load8(PacketLayout::kIp), b_.getInt64(0xf)), b_.getInt64(4));
    Value *frag = b_.CreateAnd(b_.CreateLoad(b_.getInt16Ty(), at(PacketLayout::kIp + 6)), b_.getInt16(0xff1f));
    b_.CreateStore(b_.CreateAdd(o, ihl), l4off_);
    b_.CreateStore(load8(PacketLayout::kIp + 9), l4proto_);
    b_.CreateCondBr(b_.CreateAnd(b_.CreateICmpUGE(ihl, b_.getInt64(20)), b_.CreateICmpEQ(frag, b_.getInt16(0))), l4,
                    done_);
    b_.SetInsertPoint(v6);
    o = b_.CreateLoad(b_.getInt64Ty(), off_);
    layer(o, PacketLayout::kIp6, 40, sema::kIp6Layer);
    b_.CreateStore(b_.CreateAdd(o, b_.getInt64(40)), l4off_);
    b_.CreateStore(load8(PacketLayout::kIp6 + 6), l4proto_);
    for (int i = 0; i < kMaxIp6ExtensionHeaders; i++) ip6_extension_header();
    b_.CreateBr(l4);
    b_.SetInsertPoint(l4);
    transport();
  }

  // Past one IPv6 extension header, if the next header is one: hop-by-hop
  // options (0), routing (43), fragment (44), AH (51) or destination options
  // (60). Its first two bytes are the next header and its length, in 8-byte
  // units past the first 8 (AH's in 4-byte units past the first 8). A
  // fragment after the first has no transport header, as in IPv4. The
  // transport's buffer holds the header's first 8 bytes meanwhile.
  void ip6_extension_header() {
    BasicBlock *ext = block("pkt.ip6ext"), *next = block("pkt.ip6next");
    Value *p = b_.CreateLoad(b_.getInt64Ty(), l4proto_);
    Value *is_ext = b_.getFalse();
    for (uint64_t h : {0, 43, 44, 51, 60}) is_ext = b_.CreateOr(is_ext, b_.CreateICmpEQ(p, b_.getInt64(h)));
    b_.CreateCondBr(is_ext, ext, next);
    b_.SetInsertPoint(ext);
    Value *off = b_.CreateLoad(b_.getInt64Ty(), l4off_);
    layer(off, PacketLayout::kL4, 8, 0);
    Value *units = load8(PacketLayout::kL4 + 1);
    Value *len = b_.CreateMul(b_.CreateAdd(units, b_.getInt64(1)), b_.getInt64(8));
    len = b_.CreateSelect(b_.CreateICmpEQ(p, b_.getInt64(51)),
                          b_.CreateMul(b_.CreateAdd(units, b_.getInt64(2)), b_.getInt64(4)), len);
    len = b_.CreateSelect(b_.CreateICmpEQ(p, b_.getInt64(44)), b_.getInt64(8), len);
    // The fragment offset, as a little-endian load of its bytes holds it.
    Value *frag = b_.CreateAnd(b_.CreateLoad(b_.getInt16Ty(), at(PacketLayout::kL4 + 2)), b_.getInt16(0xf8ff));
    Value *later = b_.CreateAnd(b_.CreateICmpEQ(p, b_.getInt64(44)), b_.CreateICmpNE(frag, b_.getInt16(0)));
    b_.CreateStore(load8(PacketLayout::kL4), l4proto_);
    b_.CreateStore(b_.CreateAdd(off, len), l4off_);
    // An absent transport layer reads as zeroes, not as this header.
    b_.CreateAlignedStore(b_.getInt64(0), at(PacketLayout::kL4), MaybeAlign(1));
    b_.CreateCondBr(later, done_, next);
    b_.SetInsertPoint(next);
  }

  void transport() {
    struct { uint64_t proto; uint32_t len; uint8_t bit; } transports[] = {
        {6, 20, sema::kTcpLayer}, {17, 8, sema::kUdpLayer}, {1, 4, sema::kIcmpLayer}, {58, 4, sema::kIcmpLayer}};
    SwitchInst *sw = b_.CreateSwitch(b_.CreateLoad(b_.getInt64Ty(), l4proto_), done_, 4);
    for (auto &t : transports) {
      BasicBlock *bb = block("pkt.transport");
      sw->addCase(b_.getInt64(t.proto), bb);
      b_.SetInsertPoint(bb);
      layer(b_.CreateLoad(b_.getInt64Ty(), l4off_), PacketLayout::kL4, t.len, t.bit);
      b_.CreateBr(done_);
    }
    b_.SetInsertPoint(done_);
  }

 private:
  IRBuilderBPF &b_;
  Function *fn_;
  Value *pkt_;
  Load load_;
  BasicBlock *done_;
  Value *off_, *l4off_, *l4proto_;  // the IP header's offset, the transport's and its protocol
};

}  // namespace

// Headers in order: Ethernet and up to two VLAN tags (not in cgroup_skb,
// whose packets start at the IP header), IPv4 or IPv6, then TCP, UDP or
// ICMP unless the IPv4 packet is a later fragment. Each layer found sets
// its bit; the first that does not load ends the parse.
void ProbeEmitter::parse_packet(Value *pkt) {
  bool xdp = pi_.type == sema::ProbeType::Xdp;
  PacketParser p(b_, fn_, pkt, [this](Value *off, Value *dst, uint32_t len) { return load_packet_bytes(off, dst, len); });
  zero_bytes(pkt, PacketLayout::kSize);
  Value *len = xdp ? b_.call_helper(Helper::XdpGetBuffLen, {ctx_}, "pkt.len") : ctx_load(kSkbLen, 4, false, "pkt.len");
  b_.CreateStore(b_.CreateTrunc(len, b_.getInt32Ty()), p.at(PacketLayout::kLen));
  Value *ifindex = ctx_load(xdp ? kXdpIngressIfindex : kSkbIfindex, 4, false, "pkt.ifindex");
  b_.CreateStore(b_.CreateTrunc(ifindex, b_.getInt32Ty()), p.at(PacketLayout::kIfindex));
  if (sema::packet_has_link_layer(pi_.type)) p.link_layer();
  else p.starts_at_ip(ctx_load(kSkbProtocol, 4, false, "pkt.protocol"));
  p.network_and_transport();
}

bool ProbeEmitter::is_net_field(const ast::Field *n) const {
  if (is_builtin_named(n->base, "ctx")) return sema::has_socket_ctx(pi_.type);
  if (is_builtin_named(n->base, "pkt")) return true;
  return n->base->kind == ast::ExprKind::Field &&
         is_builtin_named(static_cast<const ast::Field *>(n->base)->base, "pkt");
}

Value *ProbeEmitter::net_field(ast::Field *n) {
  using K = sema::NetField::Kind;
  bool in_ctx = is_builtin_named(n->base, "ctx");
  std::string layer = n->base->kind == ast::ExprKind::Field ? static_cast<ast::Field *>(n->base)->field : "";
  const sema::NetField *f = in_ctx ? sema::socket_ctx_field(pi_.type, n->field) : sema::packet_field(layer, n->field);
  if (!f) return missing_code(n, "the network field " + n->field);
  Value *v;
  if (in_ctx) {
    v = b_.CreateTrunc(ctx_load(f->offset, f->size, false, n->field), b_.getIntNTy(f->kind == K::Port ? 16 : f->size * 8));
  } else {
    if (!in_main_function(n->range, "pkt") || !pkt_) return b_.getInt64(0);
    Value *p = b_.offset(pkt_, f->offset);
    if (f->kind == K::Bytes) return b_.CreatePtrToInt(p, b_.getInt64Ty());
    v = b_.CreateAlignedLoad(b_.getIntNTy(f->size * 8), p, MaybeAlign(1), n->field);
  }
  if ((f->kind == K::Net && f->size > 1) || f->kind == K::Port) v = b_.CreateUnaryIntrinsic(Intrinsic::bswap, v);
  return b_.CreateZExt(v, b_.getInt64Ty());
}

Value *ProbeEmitter::call_has(ast::Call *n) {
  auto *layer = static_cast<ast::Field *>(n->args[0]);
  if (!in_main_function(n->range, "has()") || !pkt_) return b_.getInt64(0);
  Value *layers = b_.CreateLoad(b_.getInt8Ty(), b_.offset(pkt_, PacketLayout::kLayers));
  Value *bit = b_.getInt8(sema::packet_layer_bit(layer->field).value_or(0));
  return b_.CreateZExt(b_.CreateICmpNE(b_.CreateAnd(layers, bit), b_.getInt8(0)), b_.getInt64Ty());
}

Value *ProbeEmitter::call_verdict(ast::Call *n) {
  if (!in_main_function(n->range, (n->name + "()").c_str()) || !verdict_) return b_.getInt64(0);
  int64_t v = n->name == "drop" ? sema::drop_verdict(pi_.type).value_or(0) : sema::pass_verdict(pi_.type);
  b_.CreateStore(b_.getInt64(static_cast<uint64_t>(v)), verdict_);
  leave_probe();
  start_dead_block();
  return b_.getInt64(0);
}

// bpf_redirect() answers with the verdict to return (XDP_REDIRECT,
// TC_ACT_REDIRECT), so it goes in the verdict slot as drop()'s does; a
// packet for an interface that is not there is dropped by the kernel.
Value *ProbeEmitter::call_redirect(ast::Call *n) {
  if (!in_main_function(n->range, "redirect()") || !verdict_) return b_.getInt64(0);
  Value *ifindex = emit_expr(n->args[0]);
  Value *v = b_.call_helper(Helper::Redirect, {b_.CreateAnd(ifindex, b_.getInt64(0xffffffff)), b_.getInt64(0)},
                            "redirect");
  b_.CreateStore(v, verdict_);
  leave_probe();
  start_dead_block();
  return b_.getInt64(0);
}

std::span<const Emitter> packet_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {EmitId::HasLayer, &ProbeEmitter::call_has},
      {EmitId::Verdict, &ProbeEmitter::call_verdict},
      {EmitId::Redirect, &ProbeEmitter::call_redirect},
  };
  return table;
}

}  // namespace bpfsh::codegen
