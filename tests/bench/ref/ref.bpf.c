// The hand-written reference for scripts/bench: what a careful C programmer
// writes with libbpf for each benchmarked script. Per-event programs are the
// near-limit: one lookup, an in-place increment, an update only for a key's
// first event, an array where there is no key, and return 0.
// The loader (ref.c) enables only the programs one mode needs. The BTF
// program is in ref_btf.bpf.c: its CO-RE relocation makes libbpf load the
// kernel's BTF, which no other mode needs.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

typedef unsigned long long u64;
typedef unsigned int u32;

char LICENSE[] SEC("license") = "GPL";

// sys_enter_getpgid's record: common fields, __syscall_nr, then the argument.
struct getpgid_args {
  u64 common;
  long syscall_nr;
  u64 pid;
};

struct comm_key {
  char comm[16];
};

struct comm_tid_key {
  char comm[16];
  u64 tid;
};

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 1 << 19);
} events SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
  __uint(max_entries, 4096);
  __type(key, struct comm_key);
  __type(value, u64);
} by_comm SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
  __uint(max_entries, 4096);  // the loader raises it for the 100k-key row
  __type(key, u64);
  __type(value, u64);
} by_u64 SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
  __uint(max_entries, 4096);
  __type(key, struct comm_tid_key);
  __type(value, u64);
} by_comm_tid SEC(".maps");

// Histogram buckets as bpftrace numbers them: 0 negative, 1 zero, 2 + log2(v).
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 66);
  __type(key, u32);
  __type(value, u64);
} hist SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, u32);
  __type(value, u64);
} counter SEC(".maps");

static __always_inline void count_u64(u64 key) {
  u64 *v = bpf_map_lookup_elem(&by_u64, &key);
  if (v) {
    (*v)++;
  } else {
    u64 one = 1;
    bpf_map_update_elem(&by_u64, &key, &one, BPF_NOEXIST);
  }
}

static __always_inline void count_comm(void) {
  struct comm_key k = {};
  bpf_get_current_comm(k.comm, sizeof k.comm);
  u64 *v = bpf_map_lookup_elem(&by_comm, &k);
  if (v) {
    (*v)++;
  } else {
    u64 one = 1;
    bpf_map_update_elem(&by_comm, &k, &one, BPF_NOEXIST);
  }
}

static __always_inline void send_u32(u32 type, u32 value) {
  u32 ev[2] = {type, value};
  bpf_ringbuf_output(&events, ev, sizeof ev, 0);
}

// BEGIN { exit(); }
SEC("raw_tp")
int begin_exit(void *ctx) {
  send_u32(1, 0);
  return 0;
}

// tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }
SEC("tracepoint/syscalls/sys_enter_openat")
int tp_openat(void *ctx) {
  count_comm();
  return 0;
}

// Ten probes, each { @[comm] = count(); }
#define TP10(name)                              \
  SEC("tracepoint/syscalls/sys_enter_" #name)   \
  int tp10_##name(void *ctx) {                  \
    count_comm();                               \
    return 0;                                   \
  }
TP10(read)
TP10(write)
TP10(openat)
TP10(close)
TP10(mmap)
TP10(munmap)
TP10(brk)
TP10(ioctl)
TP10(lseek)
TP10(getpid)

// @[tid] = count()
SEC("tracepoint/syscalls/sys_enter_getpgid")
int ev_count_tid(void *ctx) {
  count_u64((u32)bpf_get_current_pid_tgid());
  return 0;
}

// @h = hist(args.pid)
SEC("tracepoint/syscalls/sys_enter_getpgid")
int ev_hist(struct getpgid_args *ctx) {
  long v = (long)ctx->pid;
  u32 b;
  if (v < 0) {
    b = 0;
  } else if (v == 0) {
    b = 1;
  } else {
    // log2 by halving: BPF has no count-leading-zeros instruction.
    u64 x = v;
    u32 r = 0;
    if (x >= 1ull << 32) { x >>= 32; r += 32; }
    if (x >= 1ull << 16) { x >>= 16; r += 16; }
    if (x >= 1ull << 8) { x >>= 8; r += 8; }
    if (x >= 1ull << 4) { x >>= 4; r += 4; }
    if (x >= 1ull << 2) { x >>= 2; r += 2; }
    if (x >= 1ull << 1) { r += 1; }
    b = 2 + r;
  }
  u64 *slot = bpf_map_lookup_elem(&hist, &b);
  if (slot) (*slot)++;
  return 0;
}

// @[comm, tid] = count()
SEC("tracepoint/syscalls/sys_enter_getpgid")
int ev_comm_tid(void *ctx) {
  struct comm_tid_key k = {};
  bpf_get_current_comm(k.comm, sizeof k.comm);
  k.tid = (u32)bpf_get_current_pid_tgid();
  u64 *v = bpf_map_lookup_elem(&by_comm_tid, &k);
  if (v) {
    (*v)++;
  } else {
    u64 one = 1;
    bpf_map_update_elem(&by_comm_tid, &k, &one, BPF_NOEXIST);
  }
  return 0;
}

// uprobe:loadgen:bench_target { @ = count(); }
SEC("uprobe")
int ev_uprobe(void *ctx) {
  u32 zero = 0;
  u64 *v = bpf_map_lookup_elem(&counter, &zero);
  if (v) (*v)++;
  return 0;
}

// @[args.pid] = count(), for the 100k-key print
SEC("tracepoint/syscalls/sys_enter_getpgid")
int ev_keys(struct getpgid_args *ctx) {
  count_u64(ctx->pid);
  return 0;
}
