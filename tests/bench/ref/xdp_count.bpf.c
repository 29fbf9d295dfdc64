// The bench's reference for xdp: probes: what
//   xdp:IFACE /has(pkt.tcp) && (pkt.tcp.flags & 0x12) == 0x02/ { @syn[pkt.tcp.dport] = count(); }
// does, written by hand in C with direct packet access, as one would
// without bpfsh.
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int(*name)[val]
#define __type(name, val) typeof(val) *name

static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) = (void *)2;

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
  __uint(max_entries, 4096);
  __type(key, __u64);
  __type(value, __u64);
} syn SEC(".maps");

SEC("xdp") int count_syns(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end || eth->h_proto != __builtin_bswap16(ETH_P_IP)) return XDP_PASS;
  struct iphdr *ip = (void *)(eth + 1);
  if ((void *)(ip + 1) > end || ip->protocol != IPPROTO_TCP || ip->ihl < 5) return XDP_PASS;
  struct tcphdr *tcp = (void *)ip + ip->ihl * 4;
  if ((void *)(tcp + 1) > end) return XDP_PASS;
  if ((((__u8 *)tcp)[13] & 0x12) != 0x02) return XDP_PASS;
  __u64 port = __builtin_bswap16(tcp->dest), one = 1;
  __u64 *n = bpf_map_lookup_elem(&syn, &port);
  if (n) *n += 1;
  else bpf_map_update_elem(&syn, &port, &one, BPF_NOEXIST);
  return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
