// Types of bools, block values, `if` values, and macro overload choice.
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

TEST(BoolTypes, ComparisonsAndLogicGiveBools) {
  // As in bpftrace v0.26: a map keyed by a comparison prints true/false.
  for (const char *v : {"1 < 2", "\"a\" == \"b\"", "!5", "1 && 0", "0 || true", "1 == true", "!true"})
    EXPECT_EQ(var_type(v).kind, TypeKind::Bool) << v;
  EXPECT_EQ(var_type("(1 < 2) + 1").kind, TypeKind::Int);
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

TEST(BlockValues, TypeIsTheLastExpressions) {
  EXPECT_EQ(var_type("{ let $a = 1; \"s\" }").kind, TypeKind::Str);
  EXPECT_EQ(var_type("if (1) { 1 } else { 2 }").kind, TypeKind::Int);
  EXPECT_EQ(var_type("if (1) { true } else if (2) { false } else { !true }").kind, TypeKind::Bool);
}

TEST(BlockValues, VariablesEndWithTheBlock) {
  auto a = analyse("BEGIN { $x = { let $inner = 1; $inner }; print($inner); }");
  EXPECT_FALSE(a.ok);
  EXPECT_EQ(a.first_error(), "Undefined or undeclared variable: $inner");
}

TEST(BlockValues, IfArmsMustAgree) {
  auto a = analyse("BEGIN { $x = if (1) { 1 } else { \"s\" }; }");
  EXPECT_FALSE(a.ok);
  EXPECT_EQ(a.first_error(), "the branches of if have different types: int64 and string");
}

TEST(MacroOverloads, TheClosestKindWins) {
  auto a = analyse(
      "macro f($v) { 1 } macro f(@m) { true } macro f(e) { \"e\" }\n"
      "BEGIN { $a = 0; @m = 1; $x = f($a); $y = f(@m); $z = f(1 + 1); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  auto &s = a.ctx->program->probes[0]->body->stmts;
  EXPECT_EQ(static_cast<ast::Assign *>(s[2])->value->type.kind, TypeKind::Int);
  EXPECT_EQ(static_cast<ast::Assign *>(s[3])->value->type.kind, TypeKind::Bool);
  EXPECT_EQ(static_cast<ast::Assign *>(s[4])->value->type.kind, TypeKind::Str);
}

TEST(MacroOverloads, SameKindsTwiceIsAnError) {
  auto a = analyse("macro f(a) { a } macro f(b) { b } BEGIN { print(f(1)); }");
  EXPECT_FALSE(a.ok);
  EXPECT_EQ(a.first_error(), "macro 'f' is defined twice with the same parameters");
}

TEST(MacroOverloads, StatementsThenValue) {
  auto a = analyse("macro g($v) { let $t = $v * 2; $t + 1 } BEGIN { $x = g(3); }");
  ASSERT_TRUE(a.ok) << a.first_error();
  auto *v = static_cast<ast::Assign *>(a.ctx->program->probes[0]->body->stmts[0])->value;
  EXPECT_EQ(v->kind, ast::ExprKind::BlockValue);
  EXPECT_EQ(v->type.kind, TypeKind::Int);
}

}  // namespace
}  // namespace bpfsh
