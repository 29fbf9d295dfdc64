#pragma once
// Signal names as signal() takes them: "SIGKILL", or "KILL".
#include <csignal>
#include <cstring>
#include <string>

namespace bpfsh::sema {

// The signal's number, or 0 when no signal has that name.
inline int signal_number(const std::string &name) {
  std::string s = name.rfind("SIG", 0) == 0 ? name.substr(3) : name;
  for (int sig = 1; sig < NSIG; sig++) {
    const char *abbrev = sigabbrev_np(sig);
    if (abbrev && s == abbrev) return sig;
  }
  return 0;
}

}  // namespace bpfsh::sema
