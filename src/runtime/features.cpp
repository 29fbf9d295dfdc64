#include "runtime/features.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "runtime/libbpf_log.h"

namespace bpfsh::runtime::features {

namespace {

// r0 = 0; exit: the smallest program every type accepts.
const struct bpf_insn kReturnZero[] = {
    {BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0},
    {BPF_JMP | BPF_EXIT, 0, 0, 0, 0},
};

// Closes a descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) close(fd);
  }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
};

Feature result(const std::string &name, int rc_or_fd, int err) {
  Feature f{name, rc_or_fd >= 0, ""};
  if (!f.works) f.why = std::strerror(err);
  return f;
}

int load(bpf_prog_type type, bpf_attach_type expected = bpf_attach_type(0), uint32_t btf_id = 0) {
  LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = expected, .attach_btf_id = btf_id);
  return bpf_prog_load(type, "bpfsh_probe", "GPL", kReturnZero, 2, &opts);
}

long perf_open(perf_event_attr &attr, int cpu = 0) {
  attr.size = sizeof attr;
  return syscall(SYS_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
}

int pmu_type(const char *pmu) {
  std::ifstream in(std::string("/sys/bus/event_source/devices/") + pmu + "/type");
  int t = -1;
  return in >> t ? t : -1;
}

// A kernel function every kernel has, for probes that need a target.
constexpr const char *kTarget = "vfs_read";

uint32_t vmlinux_func_id(const char *name) {
  static struct btf *b = btf__load_vmlinux_btf();
  if (!b) return 0;
  int id = btf__find_by_name_kind(b, name, BTF_KIND_FUNC);
  return id > 0 ? uint32_t(id) : 0;
}

Feature try_kprobe() {
  Fd prog(load(BPF_PROG_TYPE_KPROBE));
  if (prog.fd < 0) return result("kprobe", -1, errno);
  int type = pmu_type("kprobe");
  if (type < 0) {
    // Kernels without the PMU (before 4.17) take kprobes through tracefs.
    bool legacy = access("/sys/kernel/tracing/kprobe_events", W_OK) == 0 ||
                  access("/sys/kernel/debug/tracing/kprobe_events", W_OK) == 0;
    return result("kprobe", legacy ? 0 : -1, ENOENT);
  }
  perf_event_attr attr{};
  attr.type = uint32_t(type);
  attr.config1 = reinterpret_cast<uint64_t>(kTarget);
  attr.disabled = 1;
  Fd ev(int(perf_open(attr)));
  if (ev.fd < 0) return result("kprobe", -1, errno);
  return result("kprobe", ioctl(ev.fd, PERF_EVENT_IOC_SET_BPF, prog.fd), errno);
}

Feature try_trampoline(const char *name, bpf_attach_type at) {
  uint32_t id = vmlinux_func_id(kTarget);
  if (!id) return result(name, -1, ENOENT);
  Fd prog(load(BPF_PROG_TYPE_TRACING, at, id));
  if (prog.fd < 0) return result(name, -1, errno);
  Fd link(bpf_link_create(prog.fd, 0, at, nullptr));
  return result(name, link.fd, errno);
}

Feature try_kprobe_multi() {
  Fd prog(load(BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI));
  if (prog.fd < 0) return result("kprobe_multi", -1, errno);
  const char *syms[] = {kTarget};
  LIBBPF_OPTS(bpf_link_create_opts, opts);
  opts.kprobe_multi.syms = syms;
  opts.kprobe_multi.cnt = 1;
  Fd link(bpf_link_create(prog.fd, 0, BPF_TRACE_KPROBE_MULTI, &opts));
  return result("kprobe_multi", link.fd, errno);
}

Feature try_tracepoint() {
  Fd prog(load(BPF_PROG_TYPE_TRACEPOINT));
  if (prog.fd < 0) return result("tracepoint", -1, errno);
  long id = -1;
  for (const char *root : {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"}) {
    std::ifstream in(std::string(root) + "/events/syscalls/sys_enter_getppid/id");
    if (in >> id) break;
  }
  if (id < 0) return result("tracepoint", -1, ENOENT);
  perf_event_attr attr{};
  attr.type = PERF_TYPE_TRACEPOINT;
  attr.config = uint64_t(id);
  attr.disabled = 1;
  Fd ev(int(perf_open(attr)));
  if (ev.fd < 0) return result("tracepoint", -1, errno);
  return result("tracepoint", ioctl(ev.fd, PERF_EVENT_IOC_SET_BPF, prog.fd), errno);
}

Feature try_raw_tracepoint() {
  Fd prog(load(BPF_PROG_TYPE_RAW_TRACEPOINT));
  if (prog.fd < 0) return result("rawtracepoint", -1, errno);
  Fd link(bpf_raw_tracepoint_open("sys_enter", prog.fd));
  return result("rawtracepoint", link.fd, errno);
}

Feature try_perf(const char *name, uint32_t type, uint64_t config) {
  perf_event_attr attr{};
  attr.type = type;
  attr.config = config;
  attr.disabled = 1;
  attr.sample_period = 1000000;
  Fd ev(int(perf_open(attr)));
  if (ev.fd < 0) return result(name, -1, errno);
  Fd prog(load(BPF_PROG_TYPE_PERF_EVENT));
  if (prog.fd < 0) return result(name, -1, errno);
  return result(name, ioctl(ev.fd, PERF_EVENT_IOC_SET_BPF, prog.fd), errno);
}

Feature try_uprobe() {
  int type = pmu_type("uprobe");
  if (type < 0) return result("uprobe", -1, ENOENT);
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return result("uprobe", -1, errno);
  self[n] = 0;
  perf_event_attr attr{};
  attr.type = uint32_t(type);
  attr.config1 = reinterpret_cast<uint64_t>(self);
  attr.disabled = 1;  // created, never armed
  Fd ev(int(perf_open(attr)));
  return result("uprobe", ev.fd, errno);
}

Feature try_iter() {
  uint32_t id = vmlinux_func_id("bpf_iter_task");
  if (!id) return result("iter", -1, ENOENT);
  Fd prog(load(BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, id));
  return result("iter", prog.fd, errno);
}

// A network hook works when its program type loads (tc probes without tcx
// links attach through netlink, runtime/attach/tc_clsact.h).
Feature try_net(const char *name, bpf_prog_type type, bpf_attach_type expected) {
  Fd prog(load(type, expected));
  return result(name, prog.fd, errno);
}

// A program that calls the helper with whatever is in the registers. The
// verifier looks the helper up before it checks the arguments, so a
// rejection of the arguments still means the helper may be used; only the
// lookup's own refusals mean no. (libbpf 1.1's probe misses "cannot use
// helper", the answer for helpers a kernel compiles out or locks down.)
Feature try_helper(const char *name, bpf_prog_type type, bpf_func_id id) {
  const struct bpf_insn insns[] = {
      {BPF_JMP | BPF_CALL, 0, 0, 0, int32_t(id)},
      kReturnZero[0],
      kReturnZero[1],
  };
  char log[4096] = "";
  LIBBPF_OPTS(bpf_prog_load_opts, opts);
  opts.log_buf = log;
  opts.log_size = sizeof log;
  opts.log_level = 1;
  Fd prog(bpf_prog_load(type, "bpfsh_probe", "GPL", insns, 3, &opts));
  if (prog.fd >= 0) return {name, true, ""};
  for (const char *refusal : {"invalid func ", "unknown func ", "cannot use helper", "cannot call"})
    if (std::strstr(log, refusal)) return {name, false, "not allowed here"};
  return {name, true, ""};
}

template <class F>
const std::vector<Feature> &cached(F make) {
  static const std::vector<Feature> v = make();
  return v;
}

}  // namespace

std::vector<Feature> probe_types() {
  return cached([] {
    return std::vector<Feature>{
        try_kprobe(),
        try_kprobe_multi(),
        try_trampoline("fentry", BPF_TRACE_FENTRY),
        try_trampoline("fexit", BPF_TRACE_FEXIT),
        try_tracepoint(),
        try_raw_tracepoint(),
        try_uprobe(),
        try_perf("software", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK),
        try_perf("hardware", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES),
        try_iter(),
        try_net("xdp", BPF_PROG_TYPE_XDP, bpf_attach_type(0)),
        try_net("tc", BPF_PROG_TYPE_SCHED_CLS, bpf_attach_type(0)),
        try_net("socket", BPF_PROG_TYPE_SOCKET_FILTER, bpf_attach_type(0)),
        try_net("cgroup_skb", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS),
        try_net("cgroup_sock_addr", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT),
        try_net("cgroup_sock", BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE),
        try_net("sockops", BPF_PROG_TYPE_SOCK_OPS, BPF_CGROUP_SOCK_OPS),
    };
  });
}

std::vector<Feature> map_types() {
  return cached([] {
    std::vector<Feature> v;
    for (auto [name, type] : {std::pair{"hash", BPF_MAP_TYPE_HASH}, {"percpu hash", BPF_MAP_TYPE_PERCPU_HASH},
                              {"array", BPF_MAP_TYPE_ARRAY}, {"percpu array", BPF_MAP_TYPE_PERCPU_ARRAY},
                              {"stack_trace", BPF_MAP_TYPE_STACK_TRACE},
                              {"perf_event_array", BPF_MAP_TYPE_PERF_EVENT_ARRAY},
                              {"ringbuf", BPF_MAP_TYPE_RINGBUF}}) {
      int rc = libbpf_probe_bpf_map_type(type, nullptr);
      v.push_back({name, rc == 1, rc == 1 ? "" : rc == 0 ? "not supported" : std::strerror(-rc)});
    }
    return v;
  });
}

std::vector<Feature> helpers() {
  return cached([] {
    std::vector<Feature> v;
    struct H {
      const char *name;
      bpf_prog_type type;
      bpf_func_id id;
    };
    const H list[] = {
        {"probe_read", BPF_PROG_TYPE_KPROBE, BPF_FUNC_probe_read},
        {"probe_read_str", BPF_PROG_TYPE_KPROBE, BPF_FUNC_probe_read_str},
        {"probe_read_user", BPF_PROG_TYPE_KPROBE, BPF_FUNC_probe_read_user},
        {"probe_read_user_str", BPF_PROG_TYPE_KPROBE, BPF_FUNC_probe_read_user_str},
        {"probe_read_kernel", BPF_PROG_TYPE_KPROBE, BPF_FUNC_probe_read_kernel},
        {"probe_read_kernel_str", BPF_PROG_TYPE_KPROBE, BPF_FUNC_probe_read_kernel_str},
        {"get_current_cgroup_id", BPF_PROG_TYPE_KPROBE, BPF_FUNC_get_current_cgroup_id},
        {"send_signal", BPF_PROG_TYPE_KPROBE, BPF_FUNC_send_signal},
        {"override_return", BPF_PROG_TYPE_KPROBE, BPF_FUNC_override_return},
        {"get_boot_ns", BPF_PROG_TYPE_KPROBE, BPF_FUNC_ktime_get_boot_ns},
        {"get_func_ip", BPF_PROG_TYPE_KPROBE, BPF_FUNC_get_func_ip},
        {"jiffies64", BPF_PROG_TYPE_KPROBE, BPF_FUNC_jiffies64},
        {"get_current_task_btf", BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_get_current_task_btf},
        {"snprintf", BPF_PROG_TYPE_KPROBE, BPF_FUNC_snprintf},
        {"loop", BPF_PROG_TYPE_KPROBE, BPF_FUNC_loop},
        {"probe_write_user", BPF_PROG_TYPE_KPROBE, BPF_FUNC_probe_write_user},
        {"ringbuf_output", BPF_PROG_TYPE_KPROBE, BPF_FUNC_ringbuf_output},
    };
    for (const H &h : list) v.push_back(try_helper(h.name, h.type, h.id));
    return v;
  });
}

std::vector<Feature> kernel_features() {
  return cached([] {
    std::vector<Feature> v;
    struct btf *b = btf__load_vmlinux_btf();
    v.push_back(result("btf", b ? 0 : -1, errno));
    btf__free(b);
    bool module_btf = false;
    if (DIR *d = opendir("/sys/kernel/btf")) {
      while (dirent *e = readdir(d))
        module_btf |= e->d_name[0] != '.' && std::strcmp(e->d_name, "vmlinux") != 0;
      closedir(d);
    }
    v.push_back({"module btf", module_btf, module_btf ? "" : "none in /sys/kernel/btf"});
    Fd map(bpf_map_create(BPF_MAP_TYPE_HASH, "bpfsh_probe", 8, 8, 4, nullptr));
    uint64_t keys[4], vals[4], batch = 0;
    uint32_t count = 4;
    int rc = map.fd < 0 ? -1 : bpf_map_lookup_batch(map.fd, nullptr, &batch, keys, vals, &count, nullptr);
    // An empty map answers ENOENT: the command exists.
    v.push_back(result("map batch", rc == 0 || errno == ENOENT ? 0 : -1, errno));
    return v;
  });
}

void print_info(std::FILE *out) {
  libbpf_log_init(false);  // failed tries are answers, not messages
  struct utsname u {};
  uname(&u);
  std::fprintf(out, "System\n  OS: %s %s %s\n  Arch: %s\n\n", u.sysname, u.release, u.version, u.machine);
  auto section = [&](const char *title, const std::vector<Feature> &fs) {
    std::fprintf(out, "%s\n", title);
    for (const auto &f : fs) std::fprintf(out, "  %s: %s\n", f.name.c_str(), f.works ? "yes" : "no");
    std::fprintf(out, "\n");
  };
  section("Kernel helpers", helpers());
  section("Kernel features", kernel_features());
  section("Map types", map_types());
  auto probes = probe_types();
  std::fprintf(out, "Probe types\n");
  for (const auto &f : probes)
    std::fprintf(out, "  %s: %s%s\n", f.name.c_str(), f.works ? "yes" : "no",
                 f.works ? "" : (" (" + f.why + ")").c_str());
  libbpf_log_take();
}

bool has_ring_buffer() {
  static const bool has = libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, nullptr) == 1;
  return has;
}

}  // namespace bpfsh::runtime::features
