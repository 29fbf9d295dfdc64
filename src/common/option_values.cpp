#include "common/option_values.h"

#include <arpa/inet.h>
#include <signal.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace bpfsh {

std::optional<int64_t> parse_pid(const char *arg) {
  char *end = nullptr;
  errno = 0;
  unsigned long long pid = std::strtoull(arg, &end, 0);
  if (!*arg || *end || *arg == '-') {
    std::fprintf(stderr, "ERROR: Failed to parse pid: invalid integer: %s\n", arg);
    return std::nullopt;
  }
  if (errno == ERANGE || pid > 0x400000) {
    std::fprintf(stderr, "ERROR: Pid out of range: %s\n", arg);
    return std::nullopt;
  }
  if (pid == 0 || (kill(pid_t(pid), 0) != 0 && errno == ESRCH)) {
    std::fprintf(stderr, "ERROR: Failed to attach to pid: Unable to open pidfd (No such process)\n");
    return std::nullopt;
  }
  return int64_t(pid);
}

std::optional<MetricsAddress> parse_metrics_address(const std::string &arg) {
  std::string addr, port;
  size_t colon = arg.rfind(':');
  if (colon != std::string::npos) {
    bool bracketed = arg.starts_with("[") && colon > 0 && arg[colon - 1] == ']';
    addr = bracketed ? arg.substr(1, colon - 2) : arg.substr(0, colon);
    port = arg.substr(colon + 1);
  }
  unsigned char buf[16];
  bool ip = inet_pton(AF_INET, addr.c_str(), buf) == 1 ||
            (arg.starts_with("[") && inet_pton(AF_INET6, addr.c_str(), buf) == 1);
  bool digits = !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
  if (!ip || !digits || std::stoi(port) > 65535) {
    std::fprintf(stderr, "ERROR: --metrics '%s': expected ADDR:PORT, such as 127.0.0.1:9435 or [::1]:9435\n",
                 arg.c_str());
    return std::nullopt;
  }
  return MetricsAddress{addr, std::stoi(port)};
}

}  // namespace bpfsh
