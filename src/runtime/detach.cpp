#include "runtime/detach.h"

#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include <system_error>
#include <thread>

extern char **environ;

namespace bpfsh::runtime {

namespace {

constexpr size_t kMaxThreads = 32;

// Hands `fds` to /bin/true, which inherits them and exits: its exit closes
// them, and the kernel's waiting happens there. Returns false when the
// helper could not be started.
bool close_in_helper(const std::vector<int> &fds) {
  posix_spawn_file_actions_t fa;
  if (posix_spawn_file_actions_init(&fa) != 0) return false;
  bool ok = true;
  // Not our terminal or pipes: whoever reads our output must see it end when
  // we exit, not when the helper does.
  for (int std_fd : {0, 1, 2})
    ok = ok && posix_spawn_file_actions_addopen(&fa, std_fd, "/dev/null", O_RDWR, 0) == 0;
  // dup2 onto itself clears close-on-exec, so these (and only these) pass.
  for (int fd : fds) ok = ok && posix_spawn_file_actions_adddup2(&fa, fd, fd) == 0;
  pid_t pid;
  char arg0[] = "true";
  char *argv[] = {arg0, nullptr};
  ok = ok && posix_spawn(&pid, "/bin/true", &fa, nullptr, argv, environ) == 0;
  posix_spawn_file_actions_destroy(&fa);
  return ok;
}

void close_all_in_parallel(const std::vector<int> &fds) {
  std::vector<std::thread> closers;
  for (int fd : fds) {
    try {
      closers.emplace_back([fd] { close(fd); });
    } catch (const std::system_error &) {
      close(fd);
    }
  }
  for (auto &th : closers) th.join();
}

}  // namespace

void destroy_in_parallel(std::vector<Link> links) {
  // Our own descriptors of the links' perf events keep the events open while
  // the links go: taking a program off its hook is then all that waits here.
  std::vector<int> events;
  for (auto &l : links)
    if (int fd = l.take_event_fd(); fd >= 0) events.push_back(fd);
  size_t nthreads = std::min(links.size(), kMaxThreads);
  std::vector<std::thread> threads;
  if (nthreads > 1) {
    threads.reserve(nthreads);
    for (size_t t = 0; t < nthreads; t++) {
      try {
        threads.emplace_back([&links, t, nthreads] {
          for (size_t i = t; i < links.size(); i += nthreads) links[i].reset();
        });
      } catch (const std::system_error &) {
        break;  // fewer threads; whatever is left is detached below, in order
      }
    }
    for (auto &th : threads) th.join();
  }
  for (auto &l : links) l.reset();
  if (events.empty()) return;
  if (close_in_helper(events)) {
    for (int fd : events) close(fd);  // the helper holds them: quick closes
    return;
  }
  close_all_in_parallel(events);
}

}  // namespace bpfsh::runtime
