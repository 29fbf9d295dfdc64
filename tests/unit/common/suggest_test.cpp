#include "common/suggest.h"

#include <gtest/gtest.h>

namespace bpfsh {
namespace {

TEST(ClosestName, FindsAPlausibleTypo) {
  std::vector<std::string> names = {"max_strlen", "max_map_keys", "stack_mode"};
  EXPECT_EQ(closest_name("max_strlenn", names), "max_strlen");
  EXPECT_EQ(closest_name("stak_mode", names), "stack_mode");
  EXPECT_EQ(closest_name("max_map_key", names), "max_map_keys");
}

TEST(ClosestName, ASwapIsOneEditAndSameLengthWinsATie) {
  // "prinft" is one edit from both: a swap for printf, a deletion for print.
  EXPECT_EQ(closest_name("prinft", {"print", "printf"}), "printf");
  EXPECT_EQ(closest_name("prinft", {"printf", "print"}), "printf");
  EXPECT_EQ(closest_name("cuont", {"count"}), "count");
}

TEST(ClosestName, IgnoresDistantNames) {
  std::vector<std::string> names = {"pid", "tid", "comm"};
  EXPECT_EQ(closest_name("nsecs", names), std::nullopt);
  EXPECT_EQ(closest_name("x", {"y"}), std::nullopt);  // one edit is the whole name
}

}  // namespace
}  // namespace bpfsh
