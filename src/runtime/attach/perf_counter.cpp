// software:EVENT:COUNT and hardware:EVENT:COUNT: a sampling perf event per
// online CPU (or per CPU for the -p process), the program run every COUNT
// events.
//
// Hardware events need a PMU the kernel can program; virtual machines often
// have none, and perf_event_open then fails with ENOENT (no such event type)
// or EOPNOTSUPP. That is said in one line, with what still works.

#include <cerrno>
#include <cstring>

#include "runtime/attach/perf_event.h"
#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

namespace {

int open_counter(const artifact::ProbeSpec &spec, int cpu) {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = spec.perf_type;
  attr.config = spec.perf_config;
  attr.sample_period = spec.sample_period;
  int pid = spec.pid > 0 ? int(spec.pid) : -1;
  return kcall::perf_event_open(attr, pid, cpu, probe_subject(spec));
}

std::string open_error(const artifact::ProbeSpec &spec, int err) {
  bool no_pmu = err == ENOENT || err == EOPNOTSUPP || err == ENODEV;
  if (spec.type == artifact::ProbeKind::Hardware && no_pmu)
    return probe_subject(spec) + ": hardware events are not available here: the kernel has no hardware PMU "
           "for them (perf_event_open: " + std::strerror(err) + "); software events such as "
           "software:cpu-clock work";
  return errno_message(probe_subject(spec), "failed to open a perf event", err);
}

}  // namespace

Result<Links> attach_perf_counter(const artifact::ProbeSpec &spec, bpf_program *prog) {
  Links links;  // on failure, its destructor detaches what was attached
  for (int cpu : online_cpus()) {
    int pfd = open_counter(spec, cpu);
    if (pfd < 0) return fail(open_error(spec, errno));
    if (auto r = attach_perf_fd(spec, prog, pfd, links); !r) return fail(r.error());
  }
  return links;
}

}  // namespace bpfsh::runtime
