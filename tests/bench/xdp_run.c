// Runs the first XDP program of a BPF object over one TCP SYN packet with
// BPF_PROG_TEST_RUN, N times, and prints the kernel's mean time per run:
//   xdp_run OBJECT N  ->  "ns_per_packet 41"
// The bench's per-packet row compares bpfsh's xdp: program with the
// hand-written one (ref/xdp_count.bpf.c) this way, free of any traffic.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 3) return fprintf(stderr, "usage: xdp_run OBJECT N\n"), 2;
  struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
  if (!obj || bpf_object__load(obj)) return fprintf(stderr, "xdp_run: cannot load %s\n", argv[1]), 1;
  struct bpf_program *prog, *xdp = NULL;
  bpf_object__for_each_program(prog, obj)
    if (!xdp && bpf_program__type(prog) == BPF_PROG_TYPE_XDP) xdp = prog;
  if (!xdp) return fprintf(stderr, "xdp_run: no XDP program in %s\n", argv[1]), 1;
  unsigned char pkt[64] = {0};
  struct ethhdr *eth = (void *)pkt;
  eth->h_proto = htons(ETH_P_IP);
  struct iphdr *ip = (void *)(eth + 1);
  ip->version = 4, ip->ihl = 5, ip->ttl = 64, ip->protocol = IPPROTO_TCP;
  ip->tot_len = htons(sizeof pkt - sizeof *eth);
  ip->saddr = htonl(0xc0000202), ip->daddr = htonl(0xc0000201);
  struct tcphdr *tcp = (void *)(ip + 1);
  tcp->source = htons(40000), tcp->dest = htons(80), tcp->doff = 5, tcp->syn = 1;
  LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = pkt, .data_size_in = sizeof pkt, .repeat = atoi(argv[2]));
  if (bpf_prog_test_run_opts(bpf_program__fd(xdp), &opts))
    return fprintf(stderr, "xdp_run: test run failed\n"), 1;
  printf("ns_per_packet %u\n", opts.duration);
  return 0;
}
