#include "runtime/attach/perf_event.h"

#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>

#include "runtime/kernel_calls.h"

namespace bpfsh::runtime {

namespace {

int open_clock(const ClockEvent &e, const std::string &subject) {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_CPU_CLOCK;
  if (e.freq_hz) {
    attr.freq = 1;
    attr.sample_freq = e.freq_hz;
  } else {
    attr.sample_period = e.period_ns;
  }
  return kcall::perf_event_open(attr, -1 /* any pid */, e.cpu, subject);
}

}  // namespace

Result<Links> attach_cpu_clock(const artifact::ProbeSpec &spec, bpf_program *prog,
                               const std::vector<ClockEvent> &events) {
  Links links;  // on failure, its destructor detaches what was attached
  for (const ClockEvent &e : events) {
    int pfd = open_clock(e, probe_subject(spec));
    if (pfd < 0) return fail(errno_message(probe_subject(spec), "failed to open a perf event", errno));
    if (auto r = attach_perf_fd(spec, prog, pfd, links); !r) return fail(r.error());
  }
  return links;
}

Result<void> attach_perf_fd(const artifact::ProbeSpec &spec, bpf_program *prog, int pfd, Links &links) {
  bpf_link *l = kcall::attach_perf_event(prog, pfd, probe_subject(spec));
  if (!l) {
    int err = errno;
    close(pfd);
    return fail(attach_error(spec, err));
  }
  links.emplace_back(l);  // the link now owns pfd
  return {};
}

std::vector<int> online_cpus() {
  std::ifstream in("/sys/devices/system/cpu/online");
  std::string all;
  std::getline(in, all);
  std::vector<int> cpus;
  std::stringstream ranges(all);
  for (std::string r; std::getline(ranges, r, ',');) {
    if (r.empty()) continue;
    size_t dash = r.find('-');
    int lo = std::stoi(r.substr(0, dash));
    int hi = dash == std::string::npos ? lo : std::stoi(r.substr(dash + 1));
    for (int c = lo; c <= hi; c++) cpus.push_back(c);
  }
  if (cpus.empty()) cpus.push_back(0);
  return cpus;
}

}  // namespace bpfsh::runtime
