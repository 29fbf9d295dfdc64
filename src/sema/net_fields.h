#pragma once
// The fields network probes read: `pkt.LAYER.FIELD` (and pkt.len,
// pkt.ifindex) of packet hooks, and `ctx.FIELD` of the socket hooks. Sema
// types them from this table; codegen reads them by it.
//
// A packet is parsed once, when the program starts, into a buffer on the
// stack (PacketLayout): the headers' bytes as the packet holds them, copied
// with the hook's bounds-checked load helper, and a bit per layer found. A
// field is then a load from that buffer, so no script ever does the packet
// access the verifier polices, and a layer that is absent reads as zeroes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sema/program_info.h"

namespace bpfsh::sema {

// Offsets in the parsed packet.
struct PacketLayout {
  static constexpr uint32_t kLen = 0;        // u32, host order: the packet's bytes
  static constexpr uint32_t kIfindex = 4;    // u32, host order
  static constexpr uint32_t kLayers = 8;     // u8: a bit per layer found (PacketLayer)
  static constexpr uint32_t kL3Proto = 10;   // 2 bytes: the ethertype past any VLAN tags
  static constexpr uint32_t kEth = 16;       // 14 bytes
  static constexpr uint32_t kIp = 32;        // 20 bytes (options are skipped, not kept)
  static constexpr uint32_t kIp6 = 56;       // 40 bytes
  static constexpr uint32_t kL4 = 96;        // 20 bytes: the TCP, UDP or ICMP header
  static constexpr uint32_t kSize = 120;
};

enum PacketLayer : uint8_t { kEthLayer = 1, kIpLayer = 2, kIp6Layer = 4, kTcpLayer = 8, kUdpLayer = 16, kIcmpLayer = 32 };

struct NetField {
  const char *layer;  // "eth", "ip", ...; "" for pkt.len, pkt.ifindex and ctx's fields
  const char *name;
  uint32_t offset;    // in PacketLayout, or in the context
  uint8_t size;       // bytes
  enum class Kind : uint8_t {
    Host,    // an integer in host order
    Net,     // an integer in network order, given in host order
    Port,    // ctx: a u32 holding a port in network order, given in host order
    Bytes,   // an address: uint8[size], for ntop(), macaddr() and == pton()
  } kind = Kind::Net;
};

// Whether probes of type t read packets (pkt), and whether their packets
// start at the link layer (cgroup_skb's start at the IP header).
bool has_packet(ProbeType t);
bool packet_has_link_layer(ProbeType t);
// Whether t's context has ctx.FIELD fields (sock_addr, sock, sockops).
bool has_socket_ctx(ProbeType t);

// pkt's layers by name and their bit; nullopt when there is none.
std::optional<uint8_t> packet_layer_bit(const std::string &layer);
const NetField *packet_field(const std::string &layer, const std::string &name);
const NetField *socket_ctx_field(ProbeType t, const std::string &name);
// The names one may write, for hints: a layer's fields, or ctx's.
std::vector<std::string> packet_field_names(const std::string &layer);
std::vector<std::string> socket_ctx_field_names(ProbeType t);

// pcap(): the bytes of a packet it keeps when no N is given (every IP
// packet's whole, and so every packet's but a GSO one's), and the most N may be.
constexpr uint32_t kMaxCaptureBytes = 65535;

// What a hook's program returns to let the packet or call go on, and to
// drop it (nullopt: the hook has no such verdict).
int64_t pass_verdict(ProbeType t);
std::optional<int64_t> drop_verdict(ProbeType t);

}  // namespace bpfsh::sema
