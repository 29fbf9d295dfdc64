#include "common/proc_maps.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <climits>

namespace bpfsh {
namespace {

constexpr const char *kMaps =
    "55d4c9a00000-55d4c9a01000 r--p 00000000 08:01 1234                       /usr/bin/prog\n"
    "55d4c9a01000-55d4c9a05000 r-xp 00001000 08:01 1234                       /usr/bin/prog\n"
    "55d4cb000000-55d4cb021000 rw-p 00000000 00:00 0                          [heap]\n"
    "7f0000000000-7f0000010000 r-xp 00002000 08:01 99                         /tmp/lib x.so (deleted)\n"
    "7f0000020000-7f0000030000 r-xp 00000000 00:00 0 \n"
    "7ffd1a1fe000-7ffd1a200000 r-xp 00000000 00:00 0                          [vdso]\n";

TEST(ProcMaps, KeepsExecutableFileMappings) {
  auto maps = parse_maps(kMaps);
  ASSERT_EQ(maps.size(), 2u);
  EXPECT_EQ(maps[0].start, 0x55d4c9a01000u);
  EXPECT_EQ(maps[0].end, 0x55d4c9a05000u);
  EXPECT_EQ(maps[0].file_offset, 0x1000u);
  EXPECT_EQ(maps[0].path, "/usr/bin/prog");
  EXPECT_EQ(maps[1].path, "/tmp/lib x.so");  // spaces kept, "(deleted)" dropped
  EXPECT_EQ(maps[1].file_offset, 0x2000u);
}

TEST(ProcMaps, FindsTheMappingOfAnAddress) {
  auto maps = parse_maps(kMaps);
  EXPECT_EQ(find_mapping(maps, 0x55d4c9a01000), &maps[0]);
  EXPECT_EQ(find_mapping(maps, 0x55d4c9a04fff), &maps[0]);
  EXPECT_EQ(find_mapping(maps, 0x55d4c9a05000), nullptr);
  EXPECT_EQ(find_mapping(maps, 0x7f0000000010), &maps[1]);
  EXPECT_EQ(find_mapping(maps, 0x1000), nullptr);
}

TEST(ProcMaps, ReadsALiveProcess) {
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  ASSERT_GT(n, 0);
  exe[n] = 0;
  auto maps = read_maps(getpid());
  ASSERT_TRUE(maps);
  auto here = reinterpret_cast<uint64_t>(&read_maps);
  const Mapping *m = find_mapping(*maps, here);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->path, exe);
}

TEST(ProcMaps, AbsentProcessHasNoMaps) { EXPECT_FALSE(read_maps(INT_MAX)); }

}  // namespace
}  // namespace bpfsh
