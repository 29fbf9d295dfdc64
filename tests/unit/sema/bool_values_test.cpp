// Types of bools: what gives one, and where they mix with integers.
#include <gtest/gtest.h>

#include "sema/sema_test_util.h"

namespace bpfsh {
namespace {

using ast::TypeKind;
using test::analyse;

// The type of `$x` after `BEGIN { $x = <value>; }`.
ast::Type var_type(const std::string &value) {
  auto a = analyse("BEGIN { $x = " + value + "; }");
  EXPECT_TRUE(a.ok) << value << ": " << a.first_error();
  if (!a.ok) return {};
  return static_cast<ast::Assign *>(a.ctx->program->probes[0]->body->stmts[0])->value->type;
}

TEST(BoolTypes, WhatGivesABool) {
  for (const char *v : {"true", "!false", "true == false", "true && false", "false || true", "(bool)7",
                        "(bool)\"s\"", "true & false", "strcontains(\"ab\", \"b\")"})
    EXPECT_EQ(var_type(v).kind, TypeKind::Bool) << v;
}

TEST(BoolTypes, ComparisonsOfIntegersStayIntegers) {
  // Maps keyed by a comparison keep printing 1 and 0.
  for (const char *v : {"1 < 2", "\"a\" == \"b\"", "!5", "1 && 0", "0 || true", "1 == true"})
    EXPECT_EQ(var_type(v).kind, TypeKind::Int) << v;
}

TEST(BoolTypes, BoolWithIntegerIsAnInteger) {
  ast::Type t = var_type("true + 1");
  EXPECT_EQ(t.kind, TypeKind::Int);
  EXPECT_TRUE(t.is_signed);  // a bool never makes the result unsigned
  EXPECT_EQ(var_type("(int64)true").kind, TypeKind::Int);
}

TEST(BoolTypes, MapsOfBools) {
  auto a = analyse("BEGIN { @m[!false] = has_key(@n, 1); @n[1] = 1; @d = delete(@n, 1); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  EXPECT_EQ(a.info.find_map("@m")->key.kind, TypeKind::Bool);
  EXPECT_EQ(a.info.find_map("@m")->value.kind, TypeKind::Bool);
  EXPECT_EQ(a.info.find_map("@d")->value.kind, TypeKind::Bool);
}

TEST(BoolTypes, BoolAndIntDoNotMixInOneVariable) {
  EXPECT_FALSE(analyse("BEGIN { $b = true; $b = 1; }").ok);
  EXPECT_FALSE(analyse("BEGIN { let $b: bool = 0; }").ok);
  EXPECT_FALSE(analyse("BEGIN { @m = 1; @m = false; }").ok);
  EXPECT_TRUE(analyse("BEGIN { let $b: bool = (bool)(2 > 1); $b = false; }").ok);
}

}  // namespace
}  // namespace bpfsh
