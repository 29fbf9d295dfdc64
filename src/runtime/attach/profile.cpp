// profile:hz:N samples every online CPU, N times a second.
#include "runtime/attach/perf_event.h"

namespace bpfsh::runtime {

Result<Links> attach_profile(const artifact::ProbeSpec &spec, bpf_program *prog) {
  std::vector<ClockEvent> events;
  for (int cpu : online_cpus()) {
    ClockEvent e{.cpu = cpu};
    if (spec.freq_hz)
      e.freq_hz = spec.freq_hz;
    else
      e.period_ns = spec.period_ns;
    events.push_back(e);
  }
  if (!spec.freq_hz && !spec.period_ns) return fail(probe_subject(spec) + ": the rate is zero");
  return attach_cpu_clock(spec, prog, events);
}

}  // namespace bpfsh::runtime
