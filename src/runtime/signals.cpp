#include "runtime/signals.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

namespace bpfsh::runtime {

namespace {

volatile sig_atomic_t g_stop = 0;
volatile sig_atomic_t g_usr1 = 0;
volatile sig_atomic_t g_exit_on_stop = 0;
volatile sig_atomic_t g_hup = 0;           // a SIGHUP came while it detaches
volatile sig_atomic_t g_hup_detaches = 0;  // see hangup_detaches()
bool g_caught_early = false;  // catch_stop_signals() ran: keep its requests
bool g_hup_caught = false;    // SIGHUP was not ignored: the watch catches it
int g_pipe[2] = {-1, -1};
struct sigaction g_old_int, g_old_term, g_old_chld, g_old_usr1, g_old_hup;

// SIGHUP's default action, now: the process dies of it.
[[noreturn]] void die_of_sighup() {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigaction(SIGHUP, &dfl, nullptr);
  sigset_t hup;
  sigemptyset(&hup);
  sigaddset(&hup, SIGHUP);
  raise(SIGHUP);
  sigprocmask(SIG_UNBLOCK, &hup, nullptr);  // in the handler SIGHUP is blocked: it lands here
  _exit(128 + SIGHUP);
}

void on_signal(int sig) {
  int saved = errno;
  if (sig == SIGHUP && !g_hup_detaches) die_of_sighup();
  if ((sig == SIGINT || sig == SIGTERM) && g_exit_on_stop) _exit(0);
  if (sig == SIGHUP) g_hup = 1;
  if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) g_stop = 1;
  if (sig == SIGUSR1) g_usr1 = g_usr1 + 1;
  char b = char(sig);
  if (g_pipe[1] >= 0) {
    [[maybe_unused]] ssize_t n = write(g_pipe[1], &b, 1);
  }
  errno = saved;
}

}  // namespace

void catch_stop_signals() {
  g_caught_early = true;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool stop_signalled() { return g_stop != 0; }

void exit_on_stop(bool on) {
  g_exit_on_stop = on;
  if (on && g_stop) _exit(0);
}

SignalWatch::SignalWatch() {
  if (!g_caught_early) g_stop = 0;
  g_usr1 = 0;
  if (pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_pipe[0] = g_pipe[1] = -1;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;  // waitpid/read restart; epoll_wait still returns EINTR
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
  sigaction(SIGCHLD, &sa, &g_old_chld);
  sigaction(SIGUSR1, &sa, &g_old_usr1);
  g_hup = g_hup_detaches = 0;
  sigaction(SIGHUP, nullptr, &g_old_hup);
  g_hup_caught = g_old_hup.sa_handler != SIG_IGN;
  if (g_hup_caught) sigaction(SIGHUP, &sa, nullptr);
}

SignalWatch::~SignalWatch() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
  sigaction(SIGCHLD, &g_old_chld, nullptr);
  sigaction(SIGUSR1, &g_old_usr1, nullptr);
  if (g_hup_caught) sigaction(SIGHUP, &g_old_hup, nullptr);
  g_hup_detaches = 0;
  for (int &fd : g_pipe) {
    if (fd >= 0) close(fd);
    fd = -1;
  }
}

int SignalWatch::fd() const { return g_pipe[0]; }

void SignalWatch::drain() {
  char buf[64];
  while (g_pipe[0] >= 0 && read(g_pipe[0], buf, sizeof buf) > 0) {
  }
}

bool SignalWatch::stop_requested() const { return g_stop != 0; }

int SignalWatch::take_usr1() {
  int n = g_usr1;
  g_usr1 = 0;
  return n;
}

void SignalWatch::hangup_detaches(bool on) { g_hup_detaches = on && g_hup_caught; }

bool SignalWatch::hangup_requested() const { return g_hup != 0; }

void SignalWatch::die_of_hangup() { die_of_sighup(); }

void SignalWatch::let_sigint_kill() {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigaction(SIGINT, &dfl, nullptr);
}

}  // namespace bpfsh::runtime
