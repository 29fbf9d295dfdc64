// Block scoping of $variables.
#include <gtest/gtest.h>

#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

using test::analyse;

TEST(Scoping, VariablesEndWithTheirBlock) {
  EXPECT_EQ(analyse("BEGIN { if (1) { $x = 1; } $y = $x; }").first_error(), "Undefined or undeclared variable: $x");
  EXPECT_EQ(analyse("BEGIN { { let $x = 1; } $y = $x; }").first_error(), "Undefined or undeclared variable: $x");
  EXPECT_EQ(analyse("BEGIN { for ($i : 0..2) { } $y = $i; }").first_error(), "Undefined or undeclared variable: $i");
}

// A use after the block its variable ended with says where it was, and how
// to keep it; a name never declared gets no such hint.
TEST(Scoping, AUseAfterItsBlockSaysWhereItEnded) {
  auto a = analyse("BEGIN {\n  if (1) {\n    $d = 1;\n  }\n  $y = $d;\n}");
  ASSERT_FALSE(a.diags.all().empty());
  const auto &d = a.diags.all()[0];
  ASSERT_EQ(d.hints.size(), 1u);
  EXPECT_EQ(d.hints[0], "$d was declared in a block that ended before this (line 3): declare it before that block, "
                        "as in `let $d;`");
  auto b = analyse("BEGIN { $y = $never; }");
  ASSERT_FALSE(b.diags.all().empty());
  EXPECT_TRUE(b.diags.all()[0].hints.empty());
}

TEST(Scoping, OuterVariablesAreSeenInside) {
  auto a = analyse("BEGIN { $x = 1; if (1) { $x = 2; $z = $x; } for ($i : 0..2) { $x += $i; } }");
  EXPECT_TRUE(a.ok) << a.first_error();
}

TEST(Scoping, SiblingBlocksMayReuseANameWithItsType) {
  EXPECT_TRUE(analyse("BEGIN { if (1) { $t = 1; } else { $t = 2; } }").ok);
  EXPECT_FALSE(analyse("BEGIN { if (1) { $t = 1; } else { $t = \"s\"; } }").ok);
  // Loop variables belong to their loop alone.
  EXPECT_TRUE(analyse("BEGIN { @a[1] = 1; @b[\"k\"] = 1; for ($kv : @a) { } for ($kv : @b) { } }").ok);
}

TEST(Scoping, LetTwiceIsAnError) {
  EXPECT_EQ(analyse("BEGIN { let $x = 1; let $x = 2; }").first_error(), "Variable $x is already declared");
}

}  // namespace
}  // namespace bpfsh
