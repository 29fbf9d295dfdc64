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

// Starts /bin/cat holding `fds` and reading a pipe; returns the pipe's write
// end, or -1 when the helper could not start. The helper must outlive our
// own descriptors of the events, or closing ours is the last close and waits
// here after all: it exits only when the caller, having closed them, closes
// the pipe.
int start_holder(const std::vector<int> &fds) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return -1;
  posix_spawn_file_actions_t fa;
  if (posix_spawn_file_actions_init(&fa) != 0) {
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return -1;
  }
  // Not our terminal or pipes: whoever reads our output must see it end when
  // we exit, not when the helper does.
  bool ok = posix_spawn_file_actions_adddup2(&fa, pipe_fds[0], 0) == 0 &&
            posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0) == 0 &&
            posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0) == 0;
  // dup2 onto itself clears close-on-exec, so these (and only these) pass.
  for (int fd : fds) ok = ok && posix_spawn_file_actions_adddup2(&fa, fd, fd) == 0;
  pid_t pid;
  char arg0[] = "cat";
  char *argv[] = {arg0, nullptr};
  ok = ok && posix_spawn(&pid, "/bin/cat", &fa, nullptr, argv, environ) == 0;
  posix_spawn_file_actions_destroy(&fa);
  close(pipe_fds[0]);
  if (!ok) {
    close(pipe_fds[1]);
    return -1;
  }
  return pipe_fds[1];
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
  int holder = start_holder(events);
  if (holder < 0) return close_all_in_parallel(events);
  for (int fd : events) close(fd);  // the helper holds them too: quick closes
  close(holder);                    // now the helper exits, and closes them
}

}  // namespace bpfsh::runtime
