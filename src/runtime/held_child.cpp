#include "runtime/held_child.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace bpfsh::runtime {

namespace {

// A directory passes access(X_OK) but can not be run.
bool executable(const std::string &path) {
  struct stat st {};
  return access(path.c_str(), X_OK) == 0 && stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The file execvp would run, or "" if there is none.
std::string resolve(const std::string &name) {
  if (name.find('/') != std::string::npos) return executable(name) ? name : "";
  const char *path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  for (;;) {
    size_t end = dirs.find(':', start);
    std::string dir = dirs.substr(start, end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (executable(candidate)) return candidate;
    if (end == std::string::npos) return "";
    start = end + 1;
  }
}

// In the child: wait for one byte on `hold`, then exec. EOF means the parent
// gave up (or died) before releasing us. Like bpftrace's, the command gets
// SIGTERM when bpfsh dies, however it dies (the signal survives the exec).
[[noreturn]] void child_main(pid_t parent, int hold, const std::vector<std::string> &argv) {
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(127);  // bpfsh died before the signal was armed
  // Everything before the wait: once released, the command's first traced
  // event must be its exec, not our allocating or closing (`hold` is closed
  // by the exec itself).
  std::vector<char *> args;
  for (const auto &a : argv) args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  char go;
  ssize_t n;
  while ((n = read(hold, &go, 1)) < 0 && errno == EINTR) {
  }
  if (n != 1) _exit(127);
  execvp(args[0], args.data());
  std::fprintf(stderr, "ERROR: command '%s': failed to execute: %s\n", args[0], std::strerror(errno));
  _exit(127);
}

}  // namespace

std::vector<std::string> split_words(std::string_view command) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (char c : command) {
    if (quote) {
      if (c == quote) quote = 0;
      else cur += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(cur));
      cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(cur));
  return words;
}

Result<HeldChild> HeldChild::spawn(std::string_view command) { return spawn(split_words(command)); }

Result<HeldChild> HeldChild::spawn(const std::vector<std::string> &argv) {
  if (argv.empty()) return fail("command '': nothing to run");
  if (resolve(argv[0]).empty()) return fail("command '" + argv[0] + "': not found or not executable");
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return fail(errno_message("command '" + argv[0] + "'", "failed to create a pipe", errno));
  std::fflush(nullptr);  // the child must not flush our buffered output again
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(fds[0]);
    close(fds[1]);
    return fail(errno_message("command '" + argv[0] + "'", "failed to fork", err));
  }
  if (pid == 0) {
    close(fds[1]);
    child_main(parent, fds[0], argv);
  }
  close(fds[0]);
  HeldChild c;
  c.pid_ = pid;
  c.release_fd_ = fds[1];
  return c;
}

HeldChild::HeldChild(HeldChild &&o) noexcept : pid_(o.pid_), release_fd_(o.release_fd_), status_(o.status_) {
  o.pid_ = -1;
  o.release_fd_ = -1;
}

HeldChild &HeldChild::operator=(HeldChild &&o) noexcept {
  if (this != &o) {
    kill();
    pid_ = o.pid_;
    release_fd_ = o.release_fd_;
    status_ = o.status_;
    o.pid_ = -1;
    o.release_fd_ = -1;
  }
  return *this;
}

HeldChild::~HeldChild() { kill(); }

Result<void> HeldChild::release() {
  if (release_fd_ < 0) return fail("command: not held");
  char go = 1;
  ssize_t n;
  while ((n = write(release_fd_, &go, 1)) < 0 && errno == EINTR) {
  }
  int err = errno;
  close(release_fd_);
  release_fd_ = -1;
  if (n != 1) return fail(errno_message("command (pid " + std::to_string(pid_) + ")", "failed to release", err));
  return {};
}

std::optional<int> HeldChild::poll_exit() {
  if (status_ || pid_ <= 0) return status_;
  int status;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) status_ = status;
  else if (r < 0 && errno == ECHILD) status_ = 0;  // reaped elsewhere
  return status_;
}

void HeldChild::kill() {
  if (release_fd_ >= 0) {  // never released: it exits on EOF; make sure
    close(release_fd_);
    release_fd_ = -1;
  }
  if (pid_ <= 0 || poll_exit()) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 20 && !poll_exit(); i++) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (!poll_exit()) {
    ::kill(pid_, SIGKILL);
    int status;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    status_ = status;
  }
}

}  // namespace bpfsh::runtime
