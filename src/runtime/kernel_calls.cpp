#include "runtime/kernel_calls.h"

#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <mutex>

#include "runtime/fault_injection.h"

namespace bpfsh::runtime::kcall {

using fault::Kind;

namespace {

const std::string kRingBuffer = "ring buffer";

std::mutex g_mu;
std::map<std::string, std::string> g_maps, g_progs;  // LoadNames's

// The subject of a map or program being loaded; null for anything else
// (libbpf's own feature probes, the checks in features.cpp).
const std::string *loading(const std::map<std::string, std::string> &names, const char *name) {
  if (!name) return nullptr;
  auto it = names.find(name);
  return it == names.end() ? nullptr : &it->second;
}

}  // namespace

int perf_event_open(perf_event_attr &attr, int pid, int cpu, const std::string &subject) {
  if (fault::inject(Kind::PerfEvent, subject)) return -1;
  return int(syscall(SYS_perf_event_open, &attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC));
}

bpf_link *attach_perf_event(bpf_program *prog, int pfd, const std::string &subject) {
  if (fault::inject(Kind::Attach, subject)) return nullptr;
  return bpf_program__attach_perf_event(prog, pfd);
}

bpf_link *attach_raw_tracepoint(bpf_program *prog, const std::string &event, const std::string &subject) {
  if (fault::inject(Kind::Attach, subject)) return nullptr;
  return bpf_program__attach_raw_tracepoint(prog, event.c_str());
}

bpf_link *attach_uprobe(bpf_program *prog, int pid, const std::string &binary, size_t offset,
                        const bpf_uprobe_opts &opts, const std::string &subject) {
  if (fault::inject(Kind::Attach, subject)) return nullptr;
  return bpf_program__attach_uprobe_opts(prog, pid, binary.c_str(), offset, &opts);
}

bpf_link *attach_kprobe(bpf_program *prog, const std::string &func, const bpf_kprobe_opts &opts,
                        const std::string &subject) {
  if (fault::inject(Kind::Attach, subject)) return nullptr;
  return bpf_program__attach_kprobe_opts(prog, func.c_str(), &opts);
}

bpf_link *attach_trace(bpf_program *prog, const std::string &subject) {
  if (fault::inject(Kind::Attach, subject)) return nullptr;
  return bpf_program__attach_trace(prog);
}

bpf_link *attach_iter(bpf_program *prog, const std::string &subject) {
  if (fault::inject(Kind::Attach, subject)) return nullptr;
  return bpf_program__attach_iter(prog, nullptr);
}

bpf_link *attach_xdp(bpf_program *prog, int ifindex, const std::string &subject) {
  if (fault::inject(Kind::Attach, subject)) return nullptr;
  return bpf_program__attach_xdp(prog, ifindex);
}

bpf_link *attach_cgroup(bpf_program *prog, int cgroup_fd, const std::string &subject) {
  if (fault::inject(Kind::Attach, subject)) return nullptr;
  return bpf_program__attach_cgroup(prog, cgroup_fd);
}

int link_create(int prog_fd, int target, int attach_type, unsigned flags, const std::string &subject) {
  if (fault::inject(Kind::Attach, subject)) return -1;
  LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = flags);
  return bpf_link_create(prog_fd, target, static_cast<bpf_attach_type>(attach_type), &opts);
}

int attach_socket_filter(int sock, int prog_fd, const std::string &subject) {
  if (fault::inject(Kind::Attach, subject)) return -1;
  return setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &prog_fd, sizeof prog_fd);
}

int iter_create(int link_fd, const std::string &subject) {
  if (fault::inject(Kind::Iter, subject)) return -1;
  return bpf_iter_create(link_fd);
}

int prog_test_run(int prog_fd, bpf_test_run_opts &opts, const std::string &subject) {
  if (fault::inject(Kind::Run, subject)) return -1;
  return bpf_prog_test_run_opts(prog_fd, &opts);
}

ring_buffer *ring_buffer_new(int map_fd, ring_buffer_sample_fn fn, void *ctx) {
  if (fault::inject(Kind::RingBuffer, kRingBuffer)) return nullptr;
  return ring_buffer__new(map_fd, fn, ctx, nullptr);
}

int ring_buffer_add(ring_buffer *rb, int map_fd, ring_buffer_sample_fn fn, void *ctx) {
  if (fault::inject(Kind::RingBuffer, kRingBuffer)) return -errno;
  return ring_buffer__add(rb, map_fd, fn, ctx);
}

LoadNames::LoadNames(std::map<std::string, std::string> maps, std::map<std::string, std::string> progs) {
  std::lock_guard lock(g_mu);
  g_maps = std::move(maps);
  g_progs = std::move(progs);
}

LoadNames::~LoadNames() {
  std::lock_guard lock(g_mu);
  g_maps.clear();
  g_progs.clear();
}

}  // namespace bpfsh::runtime::kcall

// libbpf's own calls, inside bpf_object__load, through the link's --wrap.
extern "C" {

int __real_bpf_map_create(enum bpf_map_type type, const char *name, __u32 key_size, __u32 value_size,
                          __u32 max_entries, const struct bpf_map_create_opts *opts);
int __real_bpf_prog_load(enum bpf_prog_type type, const char *name, const char *license,
                         const struct bpf_insn *insns, size_t insn_cnt, struct bpf_prog_load_opts *opts);

int __wrap_bpf_map_create(enum bpf_map_type type, const char *name, __u32 key_size, __u32 value_size,
                          __u32 max_entries, const struct bpf_map_create_opts *opts) {
  using namespace bpfsh::runtime;
  {
    std::lock_guard lock(kcall::g_mu);
    const std::string *subject = kcall::loading(kcall::g_maps, name);
    if (subject && fault::inject(fault::Kind::Map, *subject)) return -errno;
  }
  return __real_bpf_map_create(type, name, key_size, value_size, max_entries, opts);
}

int __wrap_bpf_prog_load(enum bpf_prog_type type, const char *name, const char *license,
                         const struct bpf_insn *insns, size_t insn_cnt, struct bpf_prog_load_opts *opts) {
  using namespace bpfsh::runtime;
  {
    std::lock_guard lock(kcall::g_mu);
    const std::string *subject = kcall::loading(kcall::g_progs, name);
    if (subject && fault::inject(fault::Kind::Prog, *subject)) return -errno;
  }
  return __real_bpf_prog_load(type, name, license, insns, insn_cnt, opts);
}

}  // extern "C"
