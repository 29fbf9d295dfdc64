// The nesting limit: deep scripts are a located error, never a stack overflow
// in a later stage's recursive walk.
#include <gtest/gtest.h>

#include <string>

#include "parser/driver.h"
#include "ast/nesting.h"

namespace bpfsh::parser {
namespace {

std::string repeat(const std::string &s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; i++) out += s;
  return out;
}

// The first diagnostic's message, or "" when the script parsed.
std::string parse_message(const std::string &text) {
  ast::Context ctx;
  ctx.source = {"stdin", text};
  Diagnostics diags;
  auto res = parse_program(ctx, diags);
  if (res.ok) return "";
  EXPECT_EQ(ctx.program, nullptr);
  return diags.all().empty() ? "(no diagnostic)" : diags.all().front().message;
}

const std::string kTooDeep = "nesting too deep: more than 1000 levels";

TEST(Nesting, ChainedAdditions) {
  EXPECT_EQ(parse_message("BEGIN { $x = 1" + repeat(" + 1", 20000) + "; }"), kTooDeep);
}

TEST(Nesting, NestedIfs) {
  EXPECT_EQ(parse_message("BEGIN { " + repeat("if (1) { ", 20000) + repeat("}", 20000) + " }"), kTooDeep);
}

TEST(Nesting, NestedTernaries) {
  EXPECT_EQ(parse_message("BEGIN { $x = " + repeat("1 ? 2 : ", 20000) + "3; }"), kTooDeep);
}

TEST(Nesting, NestedWhiles) {
  EXPECT_EQ(parse_message("BEGIN { " + repeat("while (0) { ", 20000) + repeat("}", 20000) + " }"), kTooDeep);
}

TEST(Nesting, NestedBlocks) {
  EXPECT_EQ(parse_message("BEGIN { " + repeat("{ ", 100000) + repeat("}", 100000) + " }"), kTooDeep);
}

TEST(Nesting, UnaryOperators) {
  EXPECT_EQ(parse_message("BEGIN { $x = " + repeat("-", 20000) + "1; }"), kTooDeep);
  EXPECT_EQ(parse_message("BEGIN { $x = " + repeat("!", 20000) + "1; }"), kTooDeep);
}

// Parentheses make no node: the parser's own stack is not the machine's.
TEST(Nesting, ParenthesesAreNotNesting) {
  EXPECT_EQ(parse_message("BEGIN { $x = " + repeat("(", 20000) + "1" + repeat(")", 20000) + "; }"), "");
}

TEST(Nesting, PredicateAndMacro) {
  EXPECT_EQ(parse_message("BEGIN / 1" + repeat(" + 1", 2000) + " / { }"), kTooDeep);
  EXPECT_EQ(parse_message("macro m() { 1" + repeat(" + 1", 2000) + " } BEGIN { }"), kTooDeep);
}

TEST(Nesting, WithinTheLimitParses) {
  EXPECT_EQ(parse_message("BEGIN { $x = 1" + repeat(" + 1", 900) + "; }"), "");
  EXPECT_EQ(parse_message("BEGIN { " + repeat("{ ", 900) + repeat("}", 900) + " }"), "");
}

TEST(Nesting, ReplExpressionsAndStatements) {
  ast::Context ctx;
  ctx.source = {"stdin", "1" + repeat(" + 1", 2000)};
  Diagnostics diags;
  ast::Expr *e = nullptr;
  EXPECT_FALSE(parse_expression(ctx, diags, e).ok);
  EXPECT_EQ(e, nullptr);
  ast::Context ctx2;
  ctx2.source = {"stdin", repeat("{ ", 2000) + repeat("}", 2000)};
  std::vector<ast::Stmt *> stmts;
  EXPECT_FALSE(parse_statements(ctx2, diags, stmts).ok);
  ASSERT_EQ(diags.all().size(), 2u);
  EXPECT_EQ(diags.all()[1].message, kTooDeep);
}

}  // namespace
}  // namespace bpfsh::parser
