// The first statement after one that always leaves its block is warned
// about, once per block; loops and one-sided ifs leave nothing unreachable.
#include <gtest/gtest.h>

#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

std::vector<std::string> warnings_of(const std::string &text) {
  auto a = test::analyse(text);
  EXPECT_TRUE(a.ok) << a.first_error();
  std::vector<std::string> out;
  for (auto &d : a.diags.all())
    if (d.severity == Severity::Warning)
      out.push_back(d.message + " @" + std::to_string(d.range.begin.line) + ":" + std::to_string(d.range.begin.col));
  return out;
}

TEST(Unreachable, AfterReturnExitBreakAndContinue) {
  EXPECT_EQ(warnings_of("BEGIN { exit(); @a = 1; @b = 2; }"),
            std::vector<std::string>{"Unreachable statement. @1:17"});
  EXPECT_EQ(warnings_of("BEGIN { return; @a = 1; }"), std::vector<std::string>{"Unreachable statement. @1:17"});
  EXPECT_EQ(warnings_of("BEGIN { $i = 0; while ($i < 2) { $i++; break; @a = 1; } @b = $i; }"),
            std::vector<std::string>{"Unreachable statement. @1:47"});
}

TEST(Unreachable, AfterAnIfWhoseBranchesAllEnd) {
  EXPECT_EQ(warnings_of("BEGIN { if (nsecs) { exit(); } else { return; } @a = 1; }"),
            std::vector<std::string>{"Unreachable statement. @1:49"});
  EXPECT_TRUE(warnings_of("BEGIN { if (nsecs) { exit(); } @a = 1; }").empty());
}

TEST(Unreachable, ALoopDoesNotEndItsBlock) {
  EXPECT_TRUE(warnings_of("BEGIN { $i = 0; while ($i < 2) { $i++; continue; } @a = 1; }").empty());
  EXPECT_TRUE(warnings_of("BEGIN { for ($i : 0..2) { break; } @a = 1; }").empty());
}

TEST(Unreachable, OnceForABlockOfManyAttachPoints) {
  EXPECT_EQ(warnings_of("tracepoint:syscalls:sys_enter_openat, tracepoint:syscalls:sys_enter_dup { exit(); @a = 1; }")
                .size(),
            1u);
}

}  // namespace
}  // namespace bpfsh
