#include "runtime/detach_helper.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sstream>
#include <string>

namespace bpfsh::runtime {

namespace {

// Our command line's bytes in memory, from /proc/self/stat: the arguments,
// and the room up to the environment's end when it follows them (the kernel
// lets a renamed command line run on into it).
struct ArgArea {
  char *start = nullptr;
  size_t args = 0;
  size_t room = 0;
};

ArgArea command_line_area() {
  std::ifstream in("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t paren = text.rfind(')');
  if (paren == std::string::npos || paren + 2 > text.size()) return {};
  std::istringstream fields(text.substr(paren + 2));  // field 3 (state) on
  unsigned long v[52] = {};
  std::string f;
  for (int i = 3; i <= 51 && fields >> f; i++) v[i] = std::strtoul(f.c_str(), nullptr, 10);
  const unsigned long arg_start = v[48], arg_end = v[49], env_start = v[50], env_end = v[51];
  if (!arg_start || arg_end <= arg_start) return {};
  ArgArea a;
  a.start = reinterpret_cast<char *>(arg_start);
  a.args = arg_end - arg_start;
  a.room = env_start == arg_end && env_end > env_start ? env_end - arg_start : a.args;
  return a;
}

// In the child (its own copy of our memory): the command line becomes the
// name. The bytes after the name's NUL up to the arguments' end are not NUL,
// so the kernel reads the command line only up to that NUL (its rule for a
// retitled process): it is exactly the name. A command line too short for
// the whole name gets its end, which no one takes for bpfsh either.
void retitle(const ArgArea &a) {
  constexpr size_t n = sizeof kDetachHelperName;  // with the NUL
  if (!a.start) return;
  if (a.room >= n) {
    std::memcpy(a.start, kDetachHelperName, n);
    for (size_t i = n; i < a.args; i++) a.start[i] = ' ';
  } else {
    std::memcpy(a.start, kDetachHelperName + n - a.room, a.room);
  }
}

void close_from_to(unsigned lo, unsigned hi, int max_fd) {
  if (lo > hi) return;
  if (close_range(lo, hi, 0) == 0) return;
  for (unsigned fd = lo; fd <= hi && fd < unsigned(max_fd); fd++) close(int(fd));
}

// Every descriptor but `keep` (sorted): the helper must not keep our output,
// the other end of its own pipe, or any object bpfsh closes, open.
void close_all_but(const int *keep, size_t n, int max_fd) {
  unsigned lo = 0;
  for (size_t i = 0; i < n; i++) {
    if (unsigned(keep[i]) > lo) close_from_to(lo, unsigned(keep[i]) - 1, max_fd);
    lo = unsigned(keep[i]) + 1;
  }
  close_from_to(lo, ~0U, max_fd);
}

// Our copy of bpfsh's memory has bpfsh's mappings of BPF maps (libbpf's of
// the ring buffer). Each holds its map, and at exit the kernel lets them go
// only after it has closed every perf event we hold, 25-90 ms each: hundreds
// of tracepoints kept the ring buffer for seconds after bpfsh had gone. So
// they are unmapped first, found in /proc/self/maps by their file's name.
bool is_bpf_map_line(const char *line, size_t len, uintptr_t *lo, uintptr_t *hi) {
  static constexpr char kName[] = " anon_inode:bpf-map";
  constexpr size_t n = sizeof kName - 1;
  if (len < n || std::memcmp(line + len - n, kName, n) != 0) return false;
  uintptr_t v[2] = {0, 0};
  size_t i = 0;
  for (int k = 0; k < 2; k++, i++) {
    size_t digits = 0;
    for (; i < len; i++, digits++) {
      char c = line[i];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) break;
      v[k] = v[k] * 16 + uintptr_t(d);
    }
    if (!digits || i >= len || line[i] != (k == 0 ? '-' : ' ')) return false;
  }
  *lo = v[0];
  *hi = v[1];
  return *hi > *lo;
}

void unmap_bpf_maps() {
  struct Range {
    uintptr_t lo, hi;
  };
  Range found[64];
  size_t n = std::size(found);
  for (int round = 0; round < 64 && n == std::size(found); round++) {  // again while the table fills
    n = 0;
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    char buf[4096];
    size_t len = 0;
    for (;;) {
      ssize_t r = read(fd, buf + len, sizeof buf - len);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      len += size_t(r);
      char *line = buf, *end = buf + len;
      while (char *nl = static_cast<char *>(std::memchr(line, '\n', size_t(end - line)))) {
        Range m{};
        if (n < std::size(found) && is_bpf_map_line(line, size_t(nl - line), &m.lo, &m.hi)) found[n++] = m;
        line = nl + 1;
      }
      len = size_t(end - line);
      std::memmove(buf, line, len);
      if (len == sizeof buf) len = 0;  // no line is that long; skip it
    }
    close(fd);
    for (size_t i = 0; i < n; i++) munmap(reinterpret_cast<void *>(found[i].lo), found[i].hi - found[i].lo);
  }
}

long now_ms() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

// The helper: only async-signal-safe calls from fork() to _exit().
[[noreturn]] void helper_main(pid_t parent, int hold, const int *keep, size_t nkeep, int max_fd, int max_ms,
                              const ArgArea &title) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(0);  // bpfsh died before the signal was armed
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGCHLD}) sigaction(sig, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  prctl(PR_SET_NAME, kDetachHelperName);
  retitle(title);
  unmap_bpf_maps();
  close_all_but(keep, nkeep, max_fd);  // this also tells bpfsh we are ready
  const long deadline = now_ms() + max_ms;
  for (long left = max_ms; left > 0; left = deadline - now_ms()) {
    pollfd p{hold, POLLIN, 0};
    if (poll(&p, 1, int(left)) >= 0 || errno != EINTR) break;  // bpfsh never writes: readable is EOF
  }
  _exit(0);
}

// Helpers that were started and not yet reaped: each is reaped once it has
// ended, at the next start (a REPL session detaches many times).
std::mutex g_started_mu;
std::vector<pid_t> g_started;

void reap_ended() {
  std::lock_guard lock(g_started_mu);
  std::erase_if(g_started, [](pid_t pid) {
    int status;
    pid_t r = waitpid(pid, &status, WNOHANG);
    return r == pid || (r < 0 && errno == ECHILD);
  });
}

int fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return 1 << 20;
  return int(std::min<rlim_t>(rl.rlim_cur, 1 << 20));
}

}  // namespace

std::optional<DetachHelper> start_detach_helper(const std::vector<int> &fds, int max_ms) {
  reap_ended();
  int hold[2], ready[2];
  if (pipe2(hold, O_CLOEXEC) != 0) return std::nullopt;
  if (pipe2(ready, O_CLOEXEC) != 0) {
    close(hold[0]);
    close(hold[1]);
    return std::nullopt;
  }
  std::vector<int> keep(fds);
  keep.push_back(hold[0]);
  std::sort(keep.begin(), keep.end());
  keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
  const ArgArea title = command_line_area();
  const int max_fd = fd_limit();
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid == 0) helper_main(parent, hold[0], keep.data(), keep.size(), max_fd, max_ms, title);
  close(hold[0]);
  close(ready[1]);
  if (pid < 0) {
    close(hold[1]);
    close(ready[0]);
    return std::nullopt;
  }
  // EOF once the helper has closed what it must not hold (its copy of
  // ready[1] among them), or has died.
  char c;
  while (read(ready[0], &c, 1) < 0 && errno == EINTR) {
  }
  close(ready[0]);
  {
    std::lock_guard lock(g_started_mu);
    g_started.push_back(pid);
  }
  return DetachHelper{pid, hold[1]};
}

}  // namespace bpfsh::runtime
