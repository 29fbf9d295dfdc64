#include "codegen/isolated_backend.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <llvm/Support/ErrorHandling.h>

namespace bpfsh::codegen {

namespace {

int g_report_fd = -1;  // the child's end of its pipe to bpfsh

std::string explain(const std::string &why) {
  std::string msg = "the BPF backend can not compile this program: " + why;
  if (why.find("Branch target out of insn range") != std::string::npos)
    msg += "\nHINT: a probe's code spans more than a BPF jump reaches (32767 instructions); "
           "split its work across smaller probes or fewer unrolled statements";
  return msg;
}

bool write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= size_t(w);
  }
  return true;
}

// The child's report: 'O' and the object, or 'E' and the error.
[[noreturn]] void report(char kind, const char *p, size_t n) {
  bool ok = write_all(g_report_fd, &kind, 1) && write_all(g_report_fd, p, n);
  _exit(ok ? 0 : 1);
}

[[noreturn]] void child_gave_up(void *, const char *reason, bool) {
  std::string msg = explain(reason ? reason : "unknown reason");
  report('E', msg.data(), msg.size());
}

}  // namespace

void exit_on_backend_fatal(void *, const char *reason, bool) {
  std::string msg = "ERROR: " + explain(reason ? reason : "unknown reason") + "\n";
  std::fputs(msg.c_str(), stderr);
  std::fflush(stderr);
  _exit(1);
}

BackendRun run_backend_isolated(const std::function<bool(std::vector<char> &, std::string &)> &emit) {
  BackendRun r;
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) {
    r.error = std::string("can not start the BPF backend: ") + std::strerror(errno);
    return r;
  }
  std::fflush(nullptr);  // nothing buffered is written twice
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    g_report_fd = p[1];
    llvm::remove_fatal_error_handler();
    llvm::install_fatal_error_handler(child_gave_up);
    std::vector<char> out;
    std::string error;
    if (emit(out, error)) report('O', out.data(), out.size());
    report('E', error.data(), error.size());
  }
  close(p[1]);
  if (pid < 0) {
    close(p[0]);
    r.error = std::string("can not start the BPF backend: ") + std::strerror(errno);
    return r;
  }
  std::vector<char> got;
  char buf[65536];
  for (;;) {
    ssize_t n = read(p[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got.insert(got.end(), buf, buf + n);
  }
  close(p[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (got.empty() || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    r.error = WIFSIGNALED(status) ? "the BPF backend crashed (signal " + std::to_string(WTERMSIG(status)) + ")"
                                  : "the BPF backend ended without an answer";
    return r;
  }
  r.ok = got[0] == 'O';
  if (r.ok) r.object.assign(got.begin() + 1, got.end());
  else r.error.assign(got.begin() + 1, got.end());
  return r;
}

}  // namespace bpfsh::codegen
