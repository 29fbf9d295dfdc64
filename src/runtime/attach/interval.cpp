// interval:UNIT:N fires on one CPU only (CPU 0), every period_ns.
#include "runtime/attach/perf_event.h"

namespace bpfsh::runtime {

Result<Links> attach_interval(const artifact::ProbeSpec &spec, bpf_program *prog) {
  if (spec.period_ns == 0) return fail(probe_subject(spec) + ": the interval is zero");
  return attach_cpu_clock(spec, prog, {ClockEvent{.cpu = 0, .period_ns = spec.period_ns}});
}

}  // namespace bpfsh::runtime
