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

TEST(ClosestNames, NearestFirstUpToTheLimit) {
  std::vector<std::string> names = {"spare", "squares", "square", "main", "squat"};
  // spare and square are one edit from sqare (spare, as long, first); the
  // others farther than a five-letter name allows.
  EXPECT_EQ(closest_names("sqare", names, 3), (std::vector<std::string>{"spare", "square"}));
  EXPECT_EQ(closest_names("squarez", names, 3), (std::vector<std::string>{"squares", "square"}));
  EXPECT_EQ(closest_names("sqare", names, 1), (std::vector<std::string>{"spare"}));
  EXPECT_EQ(closest_names("sqare", names, 1).front(), closest_name("sqare", names));
  EXPECT_TRUE(closest_names("nsecs", {"pid", "comm"}, 3).empty());
}

// A 70 KB name (an attach point of one long word) against 2,000 known ones:
// no name that long is near any, and finding so must not take an edit table
// of 70,000 by 30 cells for each (0.6 ms per character of the name; its
// time is the 70 KB tracepoint row of scripts/bench, bench_limits.py).
TEST(ClosestName, AHugeNameIsComparedInLinearTime) {
  std::vector<std::string> names;
  for (int i = 0; i < 2000; i++) names.push_back("syscalls:sys_enter_call" + std::to_string(i));
  std::string huge(70000, 'a');
  EXPECT_EQ(closest_name(huge, names), std::nullopt);
  EXPECT_EQ(closest_name(huge + "b", {huge}), huge);
  EXPECT_EQ(closest_name(huge, {huge.substr(1) + "b"}, 100000), huge.substr(1) + "b");
}

}  // namespace
}  // namespace bpfsh
