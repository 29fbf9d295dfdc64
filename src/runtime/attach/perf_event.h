#pragma once
// Software cpu-clock perf events, the timer under interval: and profile:
// (this machine has no hardware PMU).
#include <cstdint>
#include <vector>

#include "runtime/attach/attach.h"

namespace bpfsh::runtime {

struct ClockEvent {
  int cpu = 0;
  uint64_t period_ns = 0;  // fire every period_ns of CPU clock, or
  uint64_t freq_hz = 0;    // about freq_hz times a second
};

// Opens one event per entry and attaches `prog` to each; all or nothing.
Result<Links> attach_cpu_clock(const artifact::ProbeSpec &spec, bpf_program *prog,
                               const std::vector<ClockEvent> &events);

// Attaches `prog` to the open perf event `pfd` and adds the link to `links`,
// which then owns pfd; on failure pfd is closed.
Result<void> attach_perf_fd(const artifact::ProbeSpec &spec, bpf_program *prog, int pfd, Links &links);

// The online CPUs, from /sys/devices/system/cpu/online ("0-3,5").
std::vector<int> online_cpus();

}  // namespace bpfsh::runtime
