#pragma once
// The process that closes perf events in bpfsh's place (detach.h says why).
// It is forked, not started from a program file: no /bin/cat to depend on,
// and a fork child that makes only async-signal-safe calls (prctl, open,
// read, munmap, close, poll, _exit) is safe even in a threaded process.
//
// It holds the descriptors it is given and nothing else (not our output, not
// a pipe end a reader waits on, not our mappings of BPF maps), and it ends by
// itself, whatever becomes of bpfsh: when its pipe closes (bpfsh let it go,
// or bpfsh died), on bpfsh's death (a parent-death signal, set before it
// checks that bpfsh still lives), and after max_ms at the latest. It calls itself bpfsh-detach (its name and
// its command line), so ps and pgrep never take it for bpfsh.
#include <sys/types.h>

#include <optional>
#include <vector>

namespace bpfsh::runtime {

inline constexpr char kDetachHelperName[] = "bpfsh-detach";
inline constexpr int kDetachHelperMaxMs = 2000;

struct DetachHelper {
  pid_t pid = -1;
  int release_fd = -1;  // close it once our own descriptors are closed: the helper exits
};

// Starts a helper holding `fds`; when this returns it has its name and holds
// only them. nullopt when it could not start.
std::optional<DetachHelper> start_detach_helper(const std::vector<int> &fds,
                                                int max_ms = kDetachHelperMaxMs);

}  // namespace bpfsh::runtime
