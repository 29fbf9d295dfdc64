#include "runtime/detach_helper.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>

namespace bpfsh::runtime {
namespace {

using namespace std::chrono_literals;

std::string slurp(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Exited (a zombie or reaped): whatever it held is closed.
bool ended(pid_t pid) {
  std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(')');
  return paren == std::string::npos || stat[paren + 2] == 'Z' || stat[paren + 2] == 'X';
}

bool ends_within(pid_t pid, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!ended(pid)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

std::string fd_target(const std::string &path) {
  std::error_code ec;
  return std::filesystem::read_symlink(path, ec).string();
}

// A pipe whose write end the helper is given: the read end sees EOF only once
// every copy of the write end, the helper's too, is closed.
struct Pipe {
  int r = -1, w = -1;
  Pipe() {
    int fds[2];
    EXPECT_EQ(pipe2(fds, O_CLOEXEC), 0);
    r = fds[0];
    w = fds[1];
  }
  ~Pipe() {
    if (r >= 0) close(r);
    if (w >= 0) close(w);
  }
  bool hung_up(int timeout_ms) const {
    pollfd p{r, POLLIN, 0};
    return poll(&p, 1, timeout_ms) == 1 && (p.revents & POLLHUP);
  }
};

TEST(DetachHelper, HoldsOnlyWhatItIsGivenUnderItsOwnName) {
  Pipe held, other;
  auto h = start_detach_helper({held.w}, 10000);
  ASSERT_TRUE(h);
  std::string proc = "/proc/" + std::to_string(h->pid);
  EXPECT_EQ(slurp(proc + "/comm"), "bpfsh-detach\n");
  EXPECT_EQ(slurp(proc + "/cmdline"), std::string("bpfsh-detach", sizeof "bpfsh-detach"));
  std::set<std::string> targets;
  for (const auto &e : std::filesystem::directory_iterator(proc + "/fd")) targets.insert(fd_target(e.path()));
  // The given pipe end and the helper's own release pipe; not our standard
  // streams, not the other pipe, not the write end of its release pipe.
  EXPECT_EQ(targets.size(), 2u);
  EXPECT_TRUE(targets.count(fd_target("/proc/self/fd/" + std::to_string(held.w))));
  EXPECT_FALSE(targets.count(fd_target("/proc/self/fd/" + std::to_string(other.w))));
  EXPECT_FALSE(targets.count(fd_target("/proc/self/fd/1")));
  close(held.w);
  held.w = -1;
  EXPECT_FALSE(held.hung_up(50)) << "the helper holds the write end until it is let go";
  close(h->release_fd);
  EXPECT_TRUE(held.hung_up(2000));
  EXPECT_TRUE(ends_within(h->pid, 2000ms));
}

TEST(DetachHelper, EndsByItselfWhenNobodyLetsItGo) {
  Pipe held;
  auto start = std::chrono::steady_clock::now();
  auto h = start_detach_helper({held.w}, 300);
  ASSERT_TRUE(h);
  close(held.w);
  held.w = -1;
  EXPECT_TRUE(held.hung_up(3000));
  EXPECT_TRUE(ends_within(h->pid, 1000ms));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms);
  close(h->release_fd);
}

// A stand-in for bpfsh that starts a helper, hands the helper's release pipe
// to a process of its own (so only the parent-death signal can end the
// helper early), reports both pids and waits to be killed.
void stand_in_bpfsh(int report, int held) {
  auto h = start_detach_helper({held}, 20000);
  if (!h) _exit(1);
  pid_t keeper = fork();
  if (keeper == 0) {
    close(held);
    pause();
    _exit(0);
  }
  pid_t pids[2] = {h->pid, keeper};
  if (write(report, pids, sizeof pids) != sizeof pids) _exit(1);
  pause();
  _exit(0);
}

TEST(DetachHelper, DiesWithBpfsh) {
  Pipe held, report;
  pid_t bpfsh = fork();
  ASSERT_GE(bpfsh, 0);
  if (bpfsh == 0) stand_in_bpfsh(report.w, held.w);
  close(held.w);
  held.w = -1;
  pid_t pids[2] = {-1, -1};
  ASSERT_EQ(read(report.r, pids, sizeof pids), ssize_t(sizeof pids));
  EXPECT_FALSE(held.hung_up(50));
  kill(bpfsh, SIGKILL);
  waitpid(bpfsh, nullptr, 0);
  EXPECT_TRUE(held.hung_up(2000)) << "the helper outlived bpfsh";
  EXPECT_TRUE(ends_within(pids[0], 1000ms));
  kill(pids[1], SIGKILL);
}

}  // namespace
}  // namespace bpfsh::runtime
