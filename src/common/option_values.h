#pragma once
// The option values bpfsh and bpfsh-run both take, checked and worded the
// same: -p PID and --metrics ADDR:PORT. Each says what is wrong on stderr.
#include <cstdint>
#include <optional>
#include <string>

namespace bpfsh {

// -p, with bpftrace's checks in its words: a number, at most 0x400000 (the
// nominal pid_max of 64-bit systems), a process that exists.
std::optional<int64_t> parse_pid(const char *arg);

struct MetricsAddress {
  std::string addr;  // without an IPv6 address's brackets
  int port = 0;      // 0: any free one
};

// --metrics ADDR:PORT, an IPv4 address or a bracketed IPv6 one:
// 127.0.0.1:9435, [::1]:9435, 0.0.0.0:9435 (every address).
std::optional<MetricsAddress> parse_metrics_address(const std::string &arg);

}  // namespace bpfsh
