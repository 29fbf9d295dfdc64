// parse_statements: the REPL's statements outside any probe.
#include <gtest/gtest.h>

#include "parser/driver.h"

namespace bpfsh::parser {
namespace {

struct Parsed {
  ast::Context ctx;
  Diagnostics diags;
  ParseResult result;
  std::vector<ast::Stmt *> stmts;
};

std::unique_ptr<Parsed> parse(const std::string &text) {
  auto p = std::make_unique<Parsed>();
  p->ctx.source = {"stdin", text};
  p->result = parse_statements(p->ctx, p->diags, p->stmts);
  return p;
}

TEST(ParseStatements, AssignmentsAndCalls) {
  auto p = parse("@x = 1; printf(\"%d\\n\", @x)");
  ASSERT_TRUE(p->result.ok);
  ASSERT_EQ(p->stmts.size(), 2u);
  EXPECT_EQ(p->stmts[0]->kind, ast::StmtKind::Assign);
  EXPECT_EQ(p->stmts[1]->kind, ast::StmtKind::Expr);
}

TEST(ParseStatements, ABareMapIsAnExpression) {
  auto p = parse("@x");
  ASSERT_TRUE(p->result.ok);
  ASSERT_EQ(p->stmts.size(), 1u);
  auto *s = static_cast<ast::ExprStmt *>(p->stmts[0]);
  EXPECT_EQ(s->expr->kind, ast::ExprKind::Map);
}

TEST(ParseStatements, BlocksNeedNoSemicolon) {
  auto p = parse("if (1) { @a = 1 } @b = 2");
  ASSERT_TRUE(p->result.ok);
  EXPECT_EQ(p->stmts.size(), 2u);
}

TEST(ParseStatements, TrailingOperatorIsIncomplete) {
  auto p = parse("@x = 1 +");
  EXPECT_FALSE(p->result.ok);
  EXPECT_TRUE(p->result.incomplete);
}

TEST(ParseStatements, OpenBlockIsIncomplete) {
  auto p = parse("if (1) {\n  @a = 1;");
  EXPECT_FALSE(p->result.ok);
  EXPECT_TRUE(p->result.incomplete);
}

TEST(ParseStatements, AnErrorBeforeTheEndIsNotIncomplete) {
  auto p = parse("@x = = 1");
  EXPECT_FALSE(p->result.ok);
  EXPECT_FALSE(p->result.incomplete);
  ASSERT_FALSE(p->diags.all().empty());
  EXPECT_EQ(p->diags.all()[0].range.begin.col, 6);
}

TEST(ParseStatements, AProbeIsNotAStatement) {
  auto p = parse("tracepoint:a:b { }");
  EXPECT_FALSE(p->result.ok);
  EXPECT_FALSE(p->result.incomplete);
}

}  // namespace
}  // namespace bpfsh::parser
