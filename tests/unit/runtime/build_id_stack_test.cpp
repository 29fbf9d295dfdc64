// ustack(build_id)'s frames as the kernel writes them (struct
// bpf_stack_build_id) and as they print.
#include "runtime/build_id_stack.h"

#include <gtest/gtest.h>

#include <cstring>

namespace bpfsh::runtime {
namespace {

// One 32-byte frame: status, the build id, the offset (or ip) at 24.
void put_frame(std::vector<uint8_t> &entry, int32_t status, uint8_t id_seed, uint64_t value) {
  size_t at = entry.size();
  entry.resize(at + 32, 0);
  std::memcpy(entry.data() + at, &status, 4);
  for (int i = 0; i < 20; i++) entry[at + 4 + i] = uint8_t(id_seed + i);
  std::memcpy(entry.data() + at + 24, &value, 8);
}

TEST(BuildIdStack, FramesStopAtTheFirstEmptyOne) {
  std::vector<uint8_t> entry;
  put_frame(entry, 1, 0xa0, 0x1139);
  put_frame(entry, 2, 0, 0x7f0012345678);
  put_frame(entry, 0, 0, 0);
  put_frame(entry, 1, 0x10, 0x40);  // after the end: not a frame
  auto frames = parse_build_id_frames(entry);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_TRUE(frames[0].has_build_id);
  EXPECT_EQ(frames[0].value, 0x1139u);
  EXPECT_FALSE(frames[1].has_build_id);
}

TEST(BuildIdStack, PrintsTheBuildIdAndOffsetOrTheAddress) {
  std::vector<uint8_t> entry;
  put_frame(entry, 1, 0xa0, 0x1139);
  put_frame(entry, 2, 0, 0x7f0012345678);
  auto frames = parse_build_id_frames(entry);
  EXPECT_EQ(build_id_frame_name(frames[0]), "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3 + 0x1139");
  EXPECT_EQ(format_build_id_stack(frames),
            "\n        a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3 + 0x1139\n        0x7f0012345678\n");
}

TEST(BuildIdStack, AShortEntryHasNoPartialFrame) {
  std::vector<uint8_t> entry;
  put_frame(entry, 1, 0, 8);
  entry.resize(40);
  EXPECT_EQ(parse_build_id_frames(entry).size(), 1u);
  EXPECT_EQ(format_build_id_stack({}), "\n");
}

}  // namespace
}  // namespace bpfsh::runtime
