#include "runtime/run_stats.h"

#include <bpf/bpf.h>
#include <unistd.h>

#include <cerrno>

namespace bpfsh::runtime {

RunStats::~RunStats() {
  if (fd_ >= 0) close(fd_);
}

RunStats &RunStats::operator=(RunStats &&o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) close(fd_);
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

Result<RunStats> RunStats::enable() {
  int fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
  if (fd < 0) return fail(errno_message("run statistics", "failed to enable", errno));
  RunStats s;
  s.fd_ = fd;
  return s;
}

uint64_t run_count(int prog_fd) {
  if (prog_fd < 0) return 0;
  bpf_prog_info info{};
  __u32 len = sizeof info;
  if (bpf_obj_get_info_by_fd(prog_fd, &info, &len) != 0) return 0;
  return info.run_cnt;
}

}  // namespace bpfsh::runtime
