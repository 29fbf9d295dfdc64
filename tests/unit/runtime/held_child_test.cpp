#include "runtime/held_child.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

namespace bpfsh::runtime {
namespace {

std::optional<int> wait_exit(HeldChild &c, int ms) {
  for (int i = 0; i < ms / 5; i++) {
    if (auto s = c.poll_exit()) return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return c.poll_exit();
}

TEST(HeldChild, SplitWords) {
  EXPECT_EQ(split_words("  ls -l  /tmp "), (std::vector<std::string>{"ls", "-l", "/tmp"}));
  EXPECT_EQ(split_words("sh -c 'echo a b'"), (std::vector<std::string>{"sh", "-c", "echo a b"}));
  EXPECT_EQ(split_words("a \"\" b"), (std::vector<std::string>{"a", "", "b"}));
}

TEST(HeldChild, WaitsUntilReleased) {
  auto c = HeldChild::spawn("/bin/true");
  ASSERT_TRUE(c) << c.error();
  EXPECT_GT(c->pid(), 0);
  EXPECT_FALSE(wait_exit(*c, 100).has_value()) << "it must not run before release";
  ASSERT_TRUE(c->release());
  auto status = wait_exit(*c, 2000);
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 0);
}

TEST(HeldChild, ExitStatusIsReported) {
  auto c = HeldChild::spawn(std::vector<std::string>{"/bin/sh", "-c", "exit 3"});
  ASSERT_TRUE(c) << c.error();
  ASSERT_TRUE(c->release());
  auto status = wait_exit(*c, 2000);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 3);
}

TEST(HeldChild, MissingCommandFailsUpFront) {
  auto c = HeldChild::spawn("no-such-command-bpfsh");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), "command 'no-such-command-bpfsh': not found or not executable");
}

TEST(HeldChild, ADirectoryIsNoCommand) {
  auto c = HeldChild::spawn("/tmp");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), "command '/tmp': not found or not executable");
}

TEST(HeldChild, DestroyingUnreleasedChildReapsIt) {
  pid_t pid;
  {
    auto c = HeldChild::spawn("sleep 10");
    ASSERT_TRUE(c) << c.error();
    pid = c->pid();
  }
  EXPECT_EQ(kill(pid, 0), -1) << "the child must be gone";
}

TEST(HeldChild, DestroyingRunningChildKillsIt) {
  pid_t pid;
  {
    auto c = HeldChild::spawn("sleep 10");
    ASSERT_TRUE(c) << c.error();
    ASSERT_TRUE(c->release());
    pid = c->pid();
  }
  EXPECT_EQ(kill(pid, 0), -1);
}

// Running (not yet reaped, but a zombie has ended).
bool running(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t paren = stat.rfind(')');
  return paren != std::string::npos && stat[paren + 2] != 'Z' && stat[paren + 2] != 'X';
}

// bpfsh killed (SIGKILL, SIGHUP): its destructors never run, and the command
// must not outlive it.
TEST(HeldChild, CommandEndsWhenBpfshIsKilled) {
  int report[2];
  ASSERT_EQ(pipe(report), 0);
  pid_t bpfsh = fork();
  ASSERT_GE(bpfsh, 0);
  if (bpfsh == 0) {
    auto c = HeldChild::spawn("sleep 30");
    if (!c || !c->release()) _exit(1);
    pid_t pid = c->pid();
    if (write(report[1], &pid, sizeof pid) != sizeof pid) _exit(1);
    pause();
    _exit(0);
  }
  pid_t command = -1;
  ASSERT_EQ(read(report[0], &command, sizeof command), ssize_t(sizeof command));
  close(report[0]);
  close(report[1]);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the command has started
  kill(bpfsh, SIGKILL);
  waitpid(bpfsh, nullptr, 0);
  bool gone = false;
  for (int i = 0; i < 200 && !gone; i++) {
    gone = !running(command);
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(gone) << "the command outlived bpfsh";
  kill(command, SIGKILL);
}

}  // namespace
}  // namespace bpfsh::runtime
