// Macro expansion is bounded: a macro calling itself stops at a depth, and
// an expansion that doubles at each level (through bodies or arguments)
// stops at a number of nodes, with an error at the script's call.
#include <gtest/gtest.h>


#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

const Diagnostic *first_error(const test::Analysed &a) {
  for (auto &d : a.diags.all())
    if (d.severity == Severity::Error) return &d;
  return nullptr;
}

// m30() is m29() + m29(), ..., m0() is 1: 2^30 leaves.
TEST(MacroExpand, DoublingBodiesAreTooLargeAtTheCall) {
  std::string src = "macro m0() { 1 }\n";
  for (int i = 1; i <= 30; i++)
    src += "macro m" + std::to_string(i) + "() { m" + std::to_string(i - 1) + "() + m" + std::to_string(i - 1) + "() }\n";
  src += "BEGIN { print(m30()); }\n";
  auto a = test::analyse(src);  // its time: a row of scripts/bench (bench_limits.py)
  const Diagnostic *d = first_error(a);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->message, "macro expansion too large");
  EXPECT_EQ(d->hints, std::vector<std::string>{"macros may add at most 1000000 nodes to the program"});
  EXPECT_EQ(d->range.begin.line, 32);
  EXPECT_EQ(d->range.begin.col, 15);
  int errors = 0;
  for (auto &x : a.diags.all()) errors += x.severity == Severity::Error;
  EXPECT_EQ(errors, 1);
}

// twice(twice(...twice(1)...)), 40 deep in the script: each argument is
// used twice.
TEST(MacroExpand, DoublingArgumentsAreTooLarge) {
  std::string call = "1";
  for (int i = 0; i < 40; i++) call = "twice(" + call + ")";
  auto a = test::analyse("macro twice(x) { x + x }\nBEGIN { print(" + call + "); }\n");
  const Diagnostic *d = first_error(a);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->message, "macro expansion too large");
  EXPECT_EQ(d->range.begin.line, 2);
}

TEST(MacroExpand, ALargeButBoundedExpansionIsFine) {
  std::string src = "macro m0() { 1 }\n";
  for (int i = 1; i <= 10; i++)
    src += "macro m" + std::to_string(i) + "() { m" + std::to_string(i - 1) + "() + m" + std::to_string(i - 1) + "() }\n";
  auto a = test::analyse(src + "BEGIN { $x = m10(); }\n");
  EXPECT_TRUE(a.ok) << a.first_error();
}

TEST(MacroExpand, AMacroCallingItselfIsTooDeep) {
  auto a = test::analyse("macro f($x) { f($x) }\nBEGIN { f(1); }\n");
  EXPECT_EQ(a.first_error(), "macro expansion too deep: does a macro call itself?");
}

// m31's body nests m30() 900 levels deep, and so on down: each body is
// within the nesting limit, the expansion 28,000 levels deep is not (a stack
// overflow in the expansion itself before).
TEST(MacroExpand, NestedBodiesPastTheNestingLimitAreAnErrorAtTheCall) {
  std::string src = "macro m0() { 1 }\n", open, close;
  for (int i = 0; i < 900; i++) open += "-(", close += ")";
  for (int i = 1; i <= 31; i++)
    src += "macro m" + std::to_string(i) + "() { " + open + "m" + std::to_string(i - 1) + "()" + close + " }\n";
  auto a = test::analyse(src + "BEGIN { $x = m31(); }\n");
  const Diagnostic *d = first_error(a);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->message, "nesting too deep: more than 1000 levels");
  EXPECT_EQ(d->range.begin.line, 33);
  EXPECT_EQ(d->range.begin.col, 14);
}

// Two levels of 600 each: the expansion is past the limit only as a whole,
// which the check after expansion finds.
TEST(MacroExpand, AnExpandedTreePastTheLimitIsAnError) {
  std::string open, close;
  for (int i = 0; i < 600; i++) open += "-(", close += ")";
  auto a = test::analyse("macro a() { " + open + "1" + close + " }\nmacro b() { " + open + "a()" + close +
                         " }\nBEGIN { $x = b(); }\n");
  EXPECT_EQ(a.first_error(), "nesting too deep: more than 1000 levels");
}

}  // namespace
}  // namespace bpfsh
