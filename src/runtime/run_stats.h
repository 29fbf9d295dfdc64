#pragma once
// How often each program ran, for the REPL's `.probes`. The kernel counts
// runs only while someone holds a BPF_ENABLE_STATS fd (Linux 5.8,
// BPF_STATS_RUN_TIME); that costs two clock reads per program run,
// system-wide, so only the REPL turns it on.
#include <cstdint>

#include "runtime/result.h"

namespace bpfsh::runtime {

class RunStats {
 public:
  RunStats() = default;
  ~RunStats();
  RunStats(RunStats &&o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  RunStats &operator=(RunStats &&o) noexcept;
  RunStats(const RunStats &) = delete;

  static Result<RunStats> enable();
  bool enabled() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// The program's run count (bpf_prog_info.run_cnt); 0 when it can not be read.
uint64_t run_count(int prog_fd);

}  // namespace bpfsh::runtime
