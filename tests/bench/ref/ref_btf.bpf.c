// The reference for BEGIN { printf("%d\n", curtask->pid); exit(); } with a
// BTF type: a CO-RE read, so libbpf loads and searches the kernel's BTF.
#include <linux/bpf.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

typedef unsigned int u32;

char LICENSE[] SEC("license") = "GPL";

// Only the field read; CO-RE finds its offset in vmlinux BTF.
struct task_struct {
  int pid;
} __attribute__((preserve_access_index));

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 1 << 19);
} events SEC(".maps");

SEC("raw_tp")
int begin_btf(void *ctx) {
  struct task_struct *t = (struct task_struct *)bpf_get_current_task();
  u32 ev[2] = {2, (u32)BPF_CORE_READ(t, pid)};
  bpf_ringbuf_output(&events, ev, sizeof ev, 0);
  u32 done[2] = {1, 0};
  bpf_ringbuf_output(&events, done, sizeof done, 0);
  return 0;
}
