// Perf-event attach points:
//   software:EVENT[:COUNT]   hardware:EVENT[:COUNT]   (sampled every COUNT events)
//   watchpoint:ADDRESS:LENGTH:MODE   (a debug-register breakpoint in the -p/-c process)
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>

#include <algorithm>
#include <cstdlib>

#include "sema/attach_context.h"
#include "sema/perf_events.h"

namespace bpfsh::sema {

const std::vector<PerfEventName> &software_events() {
  static const std::vector<PerfEventName> v = {
      {"alignment-faults", "", PERF_COUNT_SW_ALIGNMENT_FAULTS, 1},
      {"bpf-output", "", PERF_COUNT_SW_BPF_OUTPUT, 1},
      {"context-switches", "cs", PERF_COUNT_SW_CONTEXT_SWITCHES, 1000},
      {"cpu-clock", "cpu", PERF_COUNT_SW_CPU_CLOCK, 1000000},
      {"cpu-migrations", "", PERF_COUNT_SW_CPU_MIGRATIONS, 1},
      {"dummy", "", PERF_COUNT_SW_DUMMY, 1},
      {"emulation-faults", "", PERF_COUNT_SW_EMULATION_FAULTS, 1},
      {"major-faults", "", PERF_COUNT_SW_PAGE_FAULTS_MAJ, 1},
      {"minor-faults", "", PERF_COUNT_SW_PAGE_FAULTS_MIN, 100},
      {"page-faults", "faults", PERF_COUNT_SW_PAGE_FAULTS, 100},
      {"task-clock", "", PERF_COUNT_SW_TASK_CLOCK, 1},
  };
  return v;
}

const std::vector<PerfEventName> &hardware_events() {
  static const std::vector<PerfEventName> v = {
      {"backend-stalls", "", PERF_COUNT_HW_STALLED_CYCLES_BACKEND, 1000000},
      {"branch-instructions", "branches", PERF_COUNT_HW_BRANCH_INSTRUCTIONS, 100000},
      {"branch-misses", "", PERF_COUNT_HW_BRANCH_MISSES, 100000},
      {"bus-cycles", "", PERF_COUNT_HW_BUS_CYCLES, 100000},
      {"cache-misses", "", PERF_COUNT_HW_CACHE_MISSES, 1000000},
      {"cache-references", "", PERF_COUNT_HW_CACHE_REFERENCES, 1000000},
      {"cpu-cycles", "cycles", PERF_COUNT_HW_CPU_CYCLES, 1000000},
      {"frontend-stalls", "", PERF_COUNT_HW_STALLED_CYCLES_FRONTEND, 1000000},
      {"instructions", "", PERF_COUNT_HW_INSTRUCTIONS, 1000000},
      {"ref-cycles", "", PERF_COUNT_HW_REF_CPU_CYCLES, 1000000},
  };
  return v;
}

const std::vector<std::string> &watchpoint_modes() {
  static const std::vector<std::string> v = {"rw", "w", "x"};
  return v;
}

namespace {

// A whole decimal or 0x number; false for anything else.
bool parse_count(const std::string &s, uint64_t &out) {
  if (s.empty() || !isdigit(static_cast<unsigned char>(s[0]))) return false;
  char *end = nullptr;
  errno = 0;
  out = std::strtoull(s.c_str(), &end, 0);
  return errno == 0 && *end == '\0';
}

}  // namespace

void resolve_software(AttachContext &c, bool hardware, const std::vector<std::string> &parts) {
  const std::string kind = hardware ? "hardware" : "software";
  if (parts.size() < 2 || parts[1].empty()) {
    c.error(kind + " probe must have a " + kind + " event name");
    return;
  }
  if (parts.size() > 3) {
    c.error(kind + " probe can only have an integer count");
    return;
  }
  if (has_wildcard(parts[1])) {
    c.error("wildcards are not allowed for " + kind + " probe type");
    return;
  }
  const auto &events = hardware ? hardware_events() : software_events();
  auto it = std::find_if(events.begin(), events.end(), [&](const PerfEventName &e) {
    return e.name == parts[1] || (!e.alias.empty() && e.alias == parts[1]);
  });
  if (it == events.end()) {
    c.error(parts[1] + " is not a " + kind + " probe", "list them with: bpfsh -l '" + kind + ":*'");
    return;
  }
  uint64_t count = it->default_period;
  if (parts.size() == 3 && (!parse_count(parts[2], count) || count == 0)) {
    c.error(kind + " count should be a positive integer");
    return;
  }
  std::string display = kind + ":" + parts[1] + (parts.size() == 3 ? ":" + parts[2] : "");
  auto pi = c.base(hardware ? ProbeType::Hardware : ProbeType::Software, display);
  pi.target = it->name;
  pi.perf_type = hardware ? PERF_TYPE_HARDWARE : PERF_TYPE_SOFTWARE;
  pi.perf_config = it->config;
  pi.sample_period = count;
  c.info.probes.push_back(std::move(pi));
}

void resolve_watchpoint(AttachContext &c, const std::vector<std::string> &parts) {
  if (parts.size() != 4) {
    c.error("watchpoint probe must be of the form watchpoint:ADDRESS:LENGTH:MODE",
            "for example watchpoint:0x10000000:8:w");
    return;
  }
  uint64_t address = 0, length = 0;
  if (!parse_count(parts[1], address)) {
    c.error("invalid watchpoint address: " + parts[1]);
    return;
  }
  if (address == 0) {
    c.error("watchpoint must be attached to a non-zero address");
    return;
  }
  if (!parse_count(parts[2], length) || (length != 1 && length != 2 && length != 4 && length != 8)) {
    c.error("watchpoint length must be one of (1,2,4,8)");
    return;
  }
  std::string mode = parts[3];
  std::sort(mode.begin(), mode.end());
  if (mode.empty() || mode.find_first_not_of("rwx") != std::string::npos) {
    c.error("watchpoint mode must be combination of (r,w,x)");
    return;
  }
  if (std::adjacent_find(mode.begin(), mode.end()) != mode.end()) {
    c.error("watchpoint modes may not be duplicated");
    return;
  }
  const auto &modes = watchpoint_modes();
  if (std::find(modes.begin(), modes.end(), mode) == modes.end()) {
    c.error("invalid watchpoint mode: " + mode, "supported modes: rw,w,x");
    return;
  }
  // A user address means something only in one process; a kernel one
  // (the upper half) is watched on every CPU.
  const uint64_t kKernelHalf = 0xffff800000000000ull;
  if (address < kKernelHalf && c.info.pid <= 0 && c.info.cpid <= 0) {
    c.error("-p PID or -c CMD required for watchpoint");
    return;
  }
  auto pi = c.base(ProbeType::Watchpoint, "watchpoint:" + parts[1] + ":" + parts[2] + ":" + parts[3]);
  pi.address = address;
  pi.length = static_cast<uint32_t>(length);
  pi.mode = mode;
  c.info.probes.push_back(std::move(pi));
}

}  // namespace bpfsh::sema
