#pragma once
// The kernel calls that load and attach a program, each one a fault point
// (fault_injection.h): the loader, the attach kinds, BEGIN/END runs and the
// ring buffer call these instead of libbpf or syscall() directly, so a test
// can make any one of them fail. Each returns what the call it wraps returns,
// with errno set on failure; `subject` names the step as its error does
// ("probe 'uprobe:/bin/x:f'").
//
// Maps are created and programs loaded inside bpf_object__load: the link
// wraps libbpf's bpf_map_create and bpf_prog_load (-Wl,--wrap, in
// src/CMakeLists.txt) so those are fault points too, for the object that
// LoadNames describes while it loads.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/perf_event.h>

#include <map>
#include <string>

namespace bpfsh::runtime::kcall {

int perf_event_open(perf_event_attr &attr, int pid, int cpu, const std::string &subject);
bpf_link *attach_perf_event(bpf_program *prog, int pfd, const std::string &subject);
bpf_link *attach_raw_tracepoint(bpf_program *prog, const std::string &event, const std::string &subject);
bpf_link *attach_uprobe(bpf_program *prog, int pid, const std::string &binary, size_t offset,
                        const bpf_uprobe_opts &opts, const std::string &subject);
bpf_link *attach_kprobe(bpf_program *prog, const std::string &func, const bpf_kprobe_opts &opts,
                        const std::string &subject);
bpf_link *attach_trace(bpf_program *prog, const std::string &subject);  // fentry, fexit
bpf_link *attach_iter(bpf_program *prog, const std::string &subject);
// Network hooks (attach/xdp.cpp, tc.cpp, socket.cpp, cgroup.cpp).
bpf_link *attach_xdp(bpf_program *prog, int ifindex, const std::string &subject);
bpf_link *attach_cgroup(bpf_program *prog, int cgroup_fd, const std::string &subject);
// BPF_LINK_CREATE with an attach type libbpf 1.1 has no name for (tcx).
int link_create(int prog_fd, int target, int attach_type, unsigned flags, const std::string &subject);
int attach_socket_filter(int sock, int prog_fd, const std::string &subject);
int iter_create(int link_fd, const std::string &subject);
int prog_test_run(int prog_fd, bpf_test_run_opts &opts, const std::string &subject);
ring_buffer *ring_buffer_new(int map_fd, ring_buffer_sample_fn fn, void *ctx);
int ring_buffer_add(ring_buffer *rb, int map_fd, ring_buffer_sample_fn fn, void *ctx);

// While one lives, the maps and programs of the object being loaded, by
// the names libbpf gives the kernel, and the subject each is reported as.
class LoadNames {
 public:
  LoadNames(std::map<std::string, std::string> maps, std::map<std::string, std::string> progs);
  ~LoadNames();
  LoadNames(const LoadNames &) = delete;
  LoadNames &operator=(const LoadNames &) = delete;
};

}  // namespace bpfsh::runtime::kcall
