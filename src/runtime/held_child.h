#pragma once
// The command of `-c CMD`: forked up front so its pid is known before the
// program is compiled (the `cpid` builtin), held on a pipe until every probe
// is attached, then released to exec. Destroying a HeldChild that is still
// running kills it (SIGTERM, then SIGKILL) and reaps it; if bpfsh dies
// instead, the command gets SIGTERM (a parent-death signal, as bpftrace's).
#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/result.h"

namespace bpfsh::runtime {

class HeldChild {
 public:
  HeldChild() = default;
  ~HeldChild();
  HeldChild(HeldChild &&o) noexcept;
  HeldChild &operator=(HeldChild &&o) noexcept;
  HeldChild(const HeldChild &) = delete;
  HeldChild &operator=(const HeldChild &) = delete;

  // Forks; the child waits for release(), then execvp(argv[0], argv). Fails
  // when argv[0] is not an executable file (searched in PATH if it has no '/').
  static Result<HeldChild> spawn(const std::vector<std::string> &argv);
  // As spawn(), after splitting `command` on whitespace (no shell; single
  // and double quotes group words, as bpftrace's -c does).
  static Result<HeldChild> spawn(std::string_view command);

  pid_t pid() const { return pid_; }
  bool released() const { return release_fd_ < 0 && pid_ > 0; }

  Result<void> release();
  // The wait status once the child has exited (reaped here); nullopt while it runs.
  std::optional<int> poll_exit();
  // Stops it now: SIGTERM, up to 100 ms grace, then SIGKILL; reaps it.
  void kill();

 private:
  pid_t pid_ = -1;
  int release_fd_ = -1;  // write end of the hold pipe, until release()
  std::optional<int> status_;
};

// "a 'b c' d" -> {"a", "b c", "d"}
std::vector<std::string> split_words(std::string_view command);

}  // namespace bpfsh::runtime
