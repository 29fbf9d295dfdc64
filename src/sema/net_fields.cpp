#include "sema/net_fields.h"

#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#include <cstddef>
#include <cstring>
#include <span>

namespace bpfsh::sema {

namespace {

using K = NetField::Kind;
using L = PacketLayout;

const NetField kPacketFields[] = {
    {"", "len", L::kLen, 4, K::Host},
    {"", "ifindex", L::kIfindex, 4, K::Host},
    {"eth", "dst", L::kEth, 6, K::Bytes},
    {"eth", "src", L::kEth + 6, 6, K::Bytes},
    {"eth", "proto", L::kL3Proto, 2, K::Net},
    {"ip", "tos", L::kIp + 1, 1, K::Net},
    {"ip", "len", L::kIp + 2, 2, K::Net},
    {"ip", "id", L::kIp + 4, 2, K::Net},
    {"ip", "ttl", L::kIp + 8, 1, K::Net},
    {"ip", "proto", L::kIp + 9, 1, K::Net},
    {"ip", "saddr", L::kIp + 12, 4, K::Bytes},
    {"ip", "daddr", L::kIp + 16, 4, K::Bytes},
    {"ip6", "len", L::kIp6 + 4, 2, K::Net},
    {"ip6", "nexthdr", L::kIp6 + 6, 1, K::Net},
    {"ip6", "hoplimit", L::kIp6 + 7, 1, K::Net},
    {"ip6", "saddr", L::kIp6 + 8, 16, K::Bytes},
    {"ip6", "daddr", L::kIp6 + 24, 16, K::Bytes},
    {"tcp", "sport", L::kL4, 2, K::Net},
    {"tcp", "dport", L::kL4 + 2, 2, K::Net},
    {"tcp", "seq", L::kL4 + 4, 4, K::Net},
    {"tcp", "ack", L::kL4 + 8, 4, K::Net},
    {"tcp", "flags", L::kL4 + 13, 1, K::Net},
    {"tcp", "window", L::kL4 + 14, 2, K::Net},
    {"udp", "sport", L::kL4, 2, K::Net},
    {"udp", "dport", L::kL4 + 2, 2, K::Net},
    {"udp", "len", L::kL4 + 4, 2, K::Net},
    {"icmp", "type", L::kL4, 1, K::Net},
    {"icmp", "code", L::kL4 + 1, 1, K::Net},
};

#define SA(f, size, kind) {"", #f, offsetof(struct bpf_sock_addr, f), size, kind}
const NetField kSockAddrFields[] = {
    SA(user_family, 4, K::Host), SA(user_ip4, 4, K::Host), SA(user_port, 4, K::Port),
    SA(family, 4, K::Host),      SA(type, 4, K::Host),     SA(protocol, 4, K::Host),
    SA(msg_src_ip4, 4, K::Host),
};
#undef SA
#define SK(f, size, kind) {"", #f, offsetof(struct bpf_sock, f), size, kind}
const NetField kSockFields[] = {
    SK(bound_dev_if, 4, K::Host), SK(family, 4, K::Host),   SK(type, 4, K::Host),
    SK(protocol, 4, K::Host),     SK(mark, 4, K::Host),     SK(priority, 4, K::Host),
    SK(src_ip4, 4, K::Host),      SK(src_port, 4, K::Host), SK(dst_port, 2, K::Net),
    SK(dst_ip4, 4, K::Host),      SK(state, 4, K::Host),
};
#undef SK
#define SO(f, kind) {"", #f, offsetof(struct bpf_sock_ops, f), 4, kind}
// remote_port is the port's network-order bytes in the u32's upper half
// (the kernel shifts them there), so the whole u32 is swapped, unlike
// bpf_sock_addr's user_port, whose bytes are in the lower half.
const NetField kSockOpsFields[] = {
    SO(op, K::Host),          SO(family, K::Host),   SO(remote_ip4, K::Host), SO(local_ip4, K::Host),
    SO(remote_port, K::Net),   SO(local_port, K::Host), SO(is_fullsock, K::Host), SO(snd_cwnd, K::Host),
    SO(srtt_us, K::Host),     SO(state, K::Host),    SO(rtt_min, K::Host),    SO(total_retrans, K::Host),
    SO(segs_in, K::Host),     SO(segs_out, K::Host),
};
#undef SO

std::span<const NetField> ctx_fields(ProbeType t) {
  if (t == ProbeType::CgroupSockAddr) return kSockAddrFields;
  if (t == ProbeType::CgroupSock) return kSockFields;
  if (t == ProbeType::Sockops) return kSockOpsFields;
  return {};
}

}  // namespace

bool has_packet(ProbeType t) {
  return t == ProbeType::Xdp || t == ProbeType::Tc || t == ProbeType::Socket || t == ProbeType::CgroupSkb;
}
bool packet_has_link_layer(ProbeType t) { return has_packet(t) && t != ProbeType::CgroupSkb; }
bool has_socket_ctx(ProbeType t) { return !ctx_fields(t).empty(); }

std::optional<uint8_t> packet_layer_bit(const std::string &layer) {
  static const std::pair<const char *, uint8_t> layers[] = {
      {"eth", kEthLayer}, {"ip", kIpLayer}, {"ip6", kIp6Layer},
      {"tcp", kTcpLayer}, {"udp", kUdpLayer}, {"icmp", kIcmpLayer},
  };
  for (auto &[name, bit] : layers)
    if (layer == name) return bit;
  return std::nullopt;
}

const NetField *packet_field(const std::string &layer, const std::string &name) {
  for (auto &f : kPacketFields)
    if (layer == f.layer && name == f.name) return &f;
  return nullptr;
}

const NetField *socket_ctx_field(ProbeType t, const std::string &name) {
  for (auto &f : ctx_fields(t))
    if (name == f.name) return &f;
  return nullptr;
}

std::vector<std::string> packet_field_names(const std::string &layer) {
  std::vector<std::string> out;
  for (auto &f : kPacketFields)
    if (layer == f.layer) out.push_back(f.name);
  if (layer.empty())
    for (const char *l : {"eth", "ip", "ip6", "tcp", "udp", "icmp"}) out.push_back(l);
  return out;
}

std::vector<std::string> socket_ctx_field_names(ProbeType t) {
  std::vector<std::string> out;
  for (auto &f : ctx_fields(t)) out.push_back(f.name);
  return out;
}

// tc: TC_ACT_UNSPEC, "nothing to say": the next program or the qdisc's
// default goes on, where TC_ACT_OK would skip the programs after ours.
// socket: the bytes to keep for bpfsh's own packet socket, which nobody
// reads; keeping none means nothing queues up there.
int64_t pass_verdict(ProbeType t) {
  switch (t) {
    case ProbeType::Xdp: return 2;  // XDP_PASS
    case ProbeType::Tc: return TC_ACT_UNSPEC;
    case ProbeType::Socket: return 0;
    case ProbeType::CgroupSkb: case ProbeType::CgroupSockAddr: case ProbeType::CgroupSock:
    case ProbeType::Sockops: return 1;
    default: return 0;
  }
}

std::optional<int64_t> drop_verdict(ProbeType t) {
  switch (t) {
    case ProbeType::Xdp: return 1;  // XDP_DROP
    case ProbeType::Tc: return TC_ACT_SHOT;
    case ProbeType::CgroupSkb: case ProbeType::CgroupSockAddr: case ProbeType::CgroupSock: return 0;
    default: return std::nullopt;
  }
}

}  // namespace bpfsh::sema
