#pragma once
// The software and hardware perf events bpftrace names, with their aliases
// and the sample period used when the attach point gives none.
#include <cstdint>
#include <string>
#include <vector>

namespace bpfsh::sema {

struct PerfEventName {
  std::string name;
  std::string alias;       // "" when none
  uint64_t config;         // PERF_COUNT_SW_* / PERF_COUNT_HW_*
  uint64_t default_period;
};

const std::vector<PerfEventName> &software_events();
const std::vector<PerfEventName> &hardware_events();

// The watchpoint modes x86-64's debug registers support ("r" alone is not one).
const std::vector<std::string> &watchpoint_modes();

}  // namespace bpfsh::sema
