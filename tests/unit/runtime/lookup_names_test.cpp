#include "runtime/name_tables.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/syscall.h>

#include "runtime/value.h"

namespace bpfsh::runtime {
namespace {

// The generated tables agree with the C library's own numbering.
TEST(LookupNames, ErrnoTextsByNumberAndSign) {
  EXPECT_EQ(lookup_name("strerror", EACCES, ""), "Permission denied");
  EXPECT_EQ(lookup_name("strerror", -ENOENT, ""), "No such file or directory");
  EXPECT_EQ(lookup_name("strerror", 0, ""), "Success");
  EXPECT_EQ(lookup_name("strerror", 41, ""), "Unknown error");  // a gap in the numbering
  EXPECT_GT(errno_texts().size(), 120u);
}

TEST(LookupNames, SyscallNumbersOfThisArchitecture) {
  EXPECT_EQ(lookup_name("syscall_name", SYS_execve, ""), "execve");
  EXPECT_EQ(lookup_name("syscall_name", SYS_openat, ""), "openat");
  EXPECT_EQ(lookup_name("syscall_name", -1, ""), "unknown system call");
  EXPECT_EQ(lookup_name("syscall_name", 100000, ""), "unknown system call");
}

TEST(LookupNames, SignalsAsStrsignalNamesThem) {
  EXPECT_EQ(lookup_name("signal_name", SIGKILL, ""), "Killed");
  EXPECT_EQ(lookup_name("signal_name", SIGRTMIN, ""), "Real-time signal 0");
  EXPECT_EQ(lookup_name("signal_name", 65, ""), "N/A");
  EXPECT_EQ(lookup_name("signal_name", -1, ""), "N/A");
}

TEST(LookupNames, DecodeNamesTheWireNumber) {
  artifact::Layout l;
  l.kind = artifact::Layout::Kind::Lookup;
  l.size = 8;
  l.lookup = "strerror";
  int64_t v = -EPERM;
  uint8_t wire[8];
  std::memcpy(wire, &v, 8);
  EXPECT_EQ(decode(l, wire).s, "Operation not permitted");
}

TEST(LookupNames, CgroupPathOfAnIdNoHierarchyHas) {
  EXPECT_EQ(cgroup_path_of(~0ull, ""), "");
}

}  // namespace
}  // namespace bpfsh::runtime
