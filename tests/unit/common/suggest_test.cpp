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

TEST(ClosestName, IgnoresDistantNames) {
  std::vector<std::string> names = {"pid", "tid", "comm"};
  EXPECT_EQ(closest_name("nsecs", names), std::nullopt);
  EXPECT_EQ(closest_name("x", {"y"}), std::nullopt);  // one edit is the whole name
}

}  // namespace
}  // namespace bpfsh
