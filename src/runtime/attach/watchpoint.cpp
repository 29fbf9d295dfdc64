// watchpoint:ADDRESS:LENGTH:MODE: a hardware breakpoint (x86 debug register)
// on the -p/-c process's memory, or on a kernel address on every CPU; the
// program runs after every matching access.
#include <bpf/libbpf.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/attach/perf_event.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

namespace {

unsigned breakpoint_type(const std::string &mode) {
  unsigned t = 0;
  for (char c : mode) {
    if (c == 'r') t |= HW_BREAKPOINT_R;
    if (c == 'w') t |= HW_BREAKPOINT_W;
    if (c == 'x') t |= HW_BREAKPOINT_X;
  }
  return t;
}

}  // namespace

Result<Links> attach_watchpoint(const artifact::ProbeSpec &spec, bpf_program *prog) {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_BREAKPOINT;
  attr.bp_type = breakpoint_type(spec.mode);
  attr.bp_addr = spec.address;
  // An execute breakpoint covers one instruction: the kernel wants sizeof(long).
  attr.bp_len = attr.bp_type == HW_BREAKPOINT_X ? sizeof(long) : spec.length;
  attr.sample_period = 1;
  // No precise_ip: a debug exception already stops right after the access
  // (there is no skid to correct), and with it the kernel refuses programs
  // that call bpf_get_stack*() (kstack, ustack) unless every hit also
  // records a callchain (EPROTO).
  attr.inherit = 1;     // and threads the process creates from now on
  // A process's watchpoint follows it on any CPU; a kernel address (no
  // process) is watched on each CPU.
  std::vector<int> cpus = spec.pid > 0 ? std::vector<int>{-1} : online_cpus();
  Links links;  // on failure, its destructor detaches what was attached
  for (int cpu : cpus) {
    if (cpu >= 0) attr.inherit = 0;  // per-CPU events can not inherit
    int pid = spec.pid > 0 ? int(spec.pid) : -1;
    int pfd = kcall::perf_event_open(attr, pid, cpu, probe_subject(spec));
    if (pfd < 0) return fail(errno_message(probe_subject(spec), "failed to open the breakpoint", errno));
    bpf_link *l = kcall::attach_perf_event(prog, pfd, probe_subject(spec));
    if (!l) {
      int err = errno;
      close(pfd);
      return fail(attach_error(spec, err));
    }
    links.emplace_back(l);
  }
  return links;
}

}  // namespace bpfsh::runtime
