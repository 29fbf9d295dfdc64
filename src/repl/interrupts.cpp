#include "repl/interrupts.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

namespace bpfsh::repl {

namespace {

int g_pipe[2] = {-1, -1};
struct sigaction g_old[3];
const int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};

void on_signal(int sig) {
  int saved = errno;
  char b = static_cast<char>(sig);
  [[maybe_unused]] ssize_t n = write(g_pipe[1], &b, 1);
  errno = saved;
}

}  // namespace

Interrupts::Interrupts() {
  if (pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_pipe[0] = g_pipe[1] = -1;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < 3; i++) sigaction(kSignals[i], &sa, &g_old[i]);
}

Interrupts::~Interrupts() {
  for (int i = 0; i < 3; i++) sigaction(kSignals[i], &g_old[i], nullptr);
  for (int &fd : g_pipe) {
    if (fd >= 0) close(fd);
    fd = -1;
  }
}

int Interrupts::fd() const { return g_pipe[0]; }

std::vector<int> Interrupts::take() {
  std::vector<int> sigs;
  char buf[64];
  ssize_t n;
  while (g_pipe[0] >= 0 && (n = read(g_pipe[0], buf, sizeof buf)) > 0)
    for (ssize_t i = 0; i < n; i++) sigs.push_back(static_cast<unsigned char>(buf[i]));
  return sigs;
}

}  // namespace bpfsh::repl
