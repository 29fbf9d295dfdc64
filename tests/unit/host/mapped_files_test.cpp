#include "host/mapped_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace bpfsh::host {
namespace {

namespace fs = std::filesystem;

// A stand-in for /proc: PID/maps files naming real files of a temporary
// directory, with their real inodes or made-up ones.
class FakeProc : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/bpfsh-mapped-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
    for (const char *f : {"bin", "lib.so", "other"}) std::ofstream(dir + "/" + f) << "x";
    fs::create_directories(dir + "/proc/self");
  }
  void TearDown() override { fs::remove_all(dir); }

  uint64_t inode(const std::string &f) {
    struct stat st;
    EXPECT_EQ(stat((dir + "/" + f).c_str(), &st), 0);
    return st.st_ino;
  }
  std::string line(const std::string &f, uint64_t ino) {
    return "55d0c0000000-55d0c0001000 r-xp 00000000 fd:00 " + std::to_string(ino) + "    " + dir + "/" + f + "\n";
  }
  void maps(int pid, const std::string &text) {
    fs::create_directories(dir + "/proc/" + std::to_string(pid));
    std::ofstream(dir + "/proc/" + std::to_string(pid) + "/maps") << text;
  }
  std::string dir;
};

TEST_F(FakeProc, OneProcessEachFileOnceRegularFilesOnly) {
  maps(7, line("bin", inode("bin")) + line("bin", inode("bin")) + line("lib.so", inode("lib.so")) +
              "7ffd0000-7ffd1000 rw-p 00000000 00:00 0    [stack]\n" +
              "7ffe0000-7ffe1000 rw-s 00000000 00:05 12   /dev/zero\n" +
              "7fff0000-7fff1000 r--p 00000000 fd:00 99   " + dir + "/gone (deleted)\n");
  EXPECT_EQ(mapped_files(7, dir + "/proc"), (std::vector<std::string>{dir + "/bin", dir + "/lib.so"}));
}

TEST_F(FakeProc, EveryProcessInPidOrderEachFileOnce) {
  maps(30, line("other", inode("other")) + line("lib.so", inode("lib.so")));
  maps(4, line("bin", inode("bin")) + line("lib.so", inode("lib.so")));
  EXPECT_EQ(files_mapped_by_any_process(dir + "/proc"),
            (std::vector<std::string>{dir + "/bin", dir + "/lib.so", dir + "/other"}));
}

TEST_F(FakeProc, AnotherNamespacesFileOfTheSamePathIsLeftOut) {
  // pid 2 maps some other file that has this path in its own mount
  // namespace; pid 9 maps ours.
  maps(2, line("bin", inode("bin") + 1000) + line("other", inode("other") + 1000));
  maps(9, line("bin", inode("bin")));
  EXPECT_EQ(files_mapped_by_any_process(dir + "/proc"), (std::vector<std::string>{dir + "/bin"}));
}

}  // namespace
}  // namespace bpfsh::host
