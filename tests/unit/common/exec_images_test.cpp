// Each pid's executable mappings, image by image.
#include "common/exec_images.h"

#include <gtest/gtest.h>

namespace bpfsh {
namespace {

Mapping at(uint64_t start, const std::string &path) { return Mapping{start, start + 0x1000, 0, path}; }

TEST(ExecImages, AnExecAddsAnImageADlopenReplacesIt) {
  ExecImages images;
  EXPECT_FALSE(images.knows(7));
  images.keep(7, {at(0x1000, "/bin/bash")});
  // The same image read again with a library mapped since: in its place.
  images.keep(7, {at(0x1000, "/bin/bash"), at(0x9000, "/lib/libfoo.so")});
  // An exec: another program, kept beside the first.
  images.keep(7, {at(0x5000, "/usr/bin/prog")});
  EXPECT_TRUE(images.knows(7));
  ASSERT_TRUE(images.find(7, 0x1800));
  EXPECT_EQ(images.find(7, 0x1800)->path, "/bin/bash");
  EXPECT_EQ(images.find(7, 0x9000)->path, "/lib/libfoo.so");
  EXPECT_EQ(images.find(7, 0x5fff)->path, "/usr/bin/prog");
  EXPECT_EQ(images.find(7, 0x7000), nullptr);
  EXPECT_EQ(images.find(8, 0x1800), nullptr);
}

TEST(ExecImages, TheNewestImageWinsAndOnlySoManyAreKept) {
  ExecImages images;
  images.keep(1, {at(0x1000, "/old")});
  images.keep(1, {at(0x1000 + 0x800, "/new")});  // overlaps the old one's range
  EXPECT_EQ(images.find(1, 0x1900)->path, "/new");
  for (uint64_t i = 0; i < ExecImages::kMaxImages; i++) images.keep(1, {at(0x100000 * (i + 2), "/p")});
  EXPECT_EQ(images.find(1, 0x1100), nullptr);  // the oldest went
}

// A gone pid's probed binary stands in, in address order, unless an image
// kept already has it there.
TEST(ExecImages, AStandInIsKeptOnlyWhereNoImageIs) {
  ExecImages images;
  images.keep(3, {at(0x1000, "/bin/bash")});
  images.keep_stand_in(3, {at(0x1000, "/bin/bash")});
  images.keep_stand_in(3, {at(0x9000, "/usr/bin/b"), at(0x5000, "/usr/bin/a")});
  EXPECT_EQ(images.find(3, 0x1800)->path, "/bin/bash");
  EXPECT_EQ(images.find(3, 0x5800)->path, "/usr/bin/a");
  EXPECT_EQ(images.find(3, 0x9800)->path, "/usr/bin/b");
  images.keep_stand_in(4, {});
  EXPECT_FALSE(images.knows(4));
}

}  // namespace
}  // namespace bpfsh
