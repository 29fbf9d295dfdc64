#include "sema/probe_list.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "host/elf_file.h"
#include "host/live_host.h"
#include "sema/sema_test_util.h"

namespace bpfsh::sema {
namespace {

TEST(ProbeList, TracepointFieldsSkipTheCommonHeader) {
  std::string format =
      "name: x\nID: 1\nformat:\n"
      "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
      "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
      "\n"
      "\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
      "\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
      "\nprint fmt: \"...\"\n";
  EXPECT_EQ(tracepoint_field_decls(format), (std::vector<std::string>{"char prev_comm[16]", "pid_t prev_pid"}));
}

TEST(ProbeList, SoftwareEventsAndAliasesSorted) {
  std::vector<std::string> warnings;
  auto l = list_probes(test::live_host(), "software:cpu*", 0, false, warnings);
  std::vector<std::string> names;
  for (auto &p : l) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"software:cpu-clock:", "software:cpu-migrations:", "software:cpu:"}));
}

TEST(ProbeList, UsdtSitesOfABinary) {
  std::vector<std::string> warnings;
  auto l = list_probes(test::live_host(), std::string("usdt:") + BPFSH_PROBE_TARGET + ":*", 0, false, warnings);
  // demo:twice sits at two places and is listed once.
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[0].name, std::string("usdt:") + BPFSH_PROBE_TARGET + ":demo:args");
  EXPECT_EQ(l[1].name, std::string("usdt:") + BPFSH_PROBE_TARGET + ":demo:guarded");
  EXPECT_EQ(l[2].name, std::string("usdt:") + BPFSH_PROBE_TARGET + ":demo:twice");
}

// probe_target, running and waiting (for a file that never comes): its
// binary is mapped by a live process.
struct RunningProbeTarget {
  pid_t pid = -1;
  RunningProbeTarget() {
    pid = fork();
    if (pid == 0) {
      execl(BPFSH_PROBE_TARGET, BPFSH_PROBE_TARGET, "usdt-when", "/nonexistent/bpfsh-never", "1", nullptr);
      _exit(127);
    }
    for (int i = 0; i < 250; i++) {
      // Its mappings, not only its exe link, must name the binary.
      std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
      std::string all((std::istreambuf_iterator<char>(maps)), std::istreambuf_iterator<char>());
      if (all.find(BPFSH_PROBE_TARGET) != std::string::npos) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  ~RunningProbeTarget() {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
};

std::vector<std::string> names(const std::vector<ListedProbe> &l) {
  std::vector<std::string> out;
  for (auto &p : l) out.push_back(p.name);
  return out;
}

TEST(ProbeList, UsdtOfEveryFileAProcessMaps) {
  RunningProbeTarget running;
  std::vector<std::string> warnings;
  std::string args = std::string("usdt:") + BPFSH_PROBE_TARGET + ":demo:args";
  // -p: that process's files alone.
  EXPECT_EQ(names(list_probes(test::live_host(), "usdt:*:demo:a*", running.pid, false, warnings)), std::vector<std::string>{args});
  // No -p: every running process's; other processes may add their own.
  auto all = names(list_probes(test::live_host(), "usdt:*:args", 0, false, warnings));
  EXPECT_NE(std::find(all.begin(), all.end(), args), all.end());
  EXPECT_TRUE(warnings.empty());
}

TEST(ProbeList, UprobeFunctionsByWildcard) {
  std::vector<std::string> warnings;
  auto l = list_probes(test::live_host(), std::string("uprobe:") + BPFSH_PROBE_TARGET + ":fi*", 0, false, warnings);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].name, std::string("uprobe:") + BPFSH_PROBE_TARGET + ":fire");
}

// -p: a provider pattern (or a bare word) covers the process's uprobes and
// usdt probes too, of every file it maps; without -p only kernel probes.
TEST(ProbeList, PidAddsTheProcessesUserProbes) {
  RunningProbeTarget running;
  std::vector<std::string> warnings;
  std::string fire = std::string("uprobe:") + BPFSH_PROBE_TARGET + ":fire";
  std::string args = std::string("usdt:") + BPFSH_PROBE_TARGET + ":demo:args";
  auto with_pid = names(list_probes(test::live_host(), "u*:*:*", running.pid, false, warnings));
  EXPECT_NE(std::find(with_pid.begin(), with_pid.end(), fire), with_pid.end());
  EXPECT_NE(std::find(with_pid.begin(), with_pid.end(), args), with_pid.end());
  auto word = names(list_probes(test::live_host(), "*:fire", running.pid, false, warnings));
  EXPECT_EQ(word, std::vector<std::string>{fire});
  auto bare = names(list_probes(test::live_host(), "*probe_target?fire", running.pid, false, warnings));
  EXPECT_EQ(bare, std::vector<std::string>{fire});
  auto no_pid = names(list_probes(test::live_host(), "u*:*:*", 0, false, warnings));
  EXPECT_TRUE(no_pid.empty());
}

// A bare word with -lv: each match's arguments, not every probe's, each
// found without a scan of the whole BTF (100 s before, for any word; its
// time is a row of scripts/bench, bench_limits.py).
TEST(ProbeListKernel, VerboseBareWordReadsOnlyTheMatchesArguments) {
  std::vector<std::string> warnings;
  auto l = list_probes(test::live_host(), "fentry:*:vfs_read", 0, true, warnings);
  auto bare = list_probes(test::live_host(), "*vfs_read", 0, true, warnings);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_FALSE(l[0].params.empty());
  auto it = std::find_if(bare.begin(), bare.end(), [&](auto &p) { return p.name == l[0].name; });
  ASSERT_NE(it, bare.end());
  EXPECT_EQ(it->params, l[0].params);
}

}  // namespace
}  // namespace bpfsh::sema
