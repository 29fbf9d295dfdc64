// The syntax of bool literals, block values, `if` values and `_ =`.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "parser/driver.h"

namespace bpfsh::parser {
namespace {

using namespace bpfsh::ast;

struct Parsed {
  std::unique_ptr<Context> ctx = std::make_unique<Context>();
  Diagnostics diags;
  bool ok = false;
};

// Parses `BEGIN { <body> }`.
std::unique_ptr<Parsed> parse_body(const std::string &body) {
  auto p = std::make_unique<Parsed>();
  p->ctx->source = {"stdin", "BEGIN { " + body + " }"};
  p->ok = parse_program(*p->ctx, p->diags).ok;
  return p;
}

Stmt *first(const Parsed &p) { return p.ctx->program->probes.at(0)->body->stmts.at(0); }

// The value assigned by the first statement, `$x = <value>`.
Expr *assigned(const Parsed &p) {
  auto *s = first(p);
  EXPECT_EQ(s->kind, StmtKind::Assign);
  return static_cast<Assign *>(s)->value;
}

TEST(ValueSyntax, BoolLiterals) {
  auto p = parse_body("$x = (true, false)");
  ASSERT_TRUE(p->ok);
  auto *t = static_cast<Tuple *>(assigned(*p));
  ASSERT_EQ(t->kind, ExprKind::Tuple);
  ASSERT_EQ(t->elems[0]->kind, ExprKind::Bool);
  EXPECT_TRUE(static_cast<BoolLit *>(t->elems[0])->value);
  EXPECT_FALSE(static_cast<BoolLit *>(t->elems[1])->value);
}

TEST(ValueSyntax, BlockValueHoldsStatementsThenValue) {
  auto p = parse_body("$x = { let $a = 1; $a + 1 }");
  ASSERT_TRUE(p->ok);
  auto *v = assigned(*p);
  ASSERT_EQ(v->kind, ExprKind::BlockValue);
  auto *bv = static_cast<BlockValue *>(v);
  ASSERT_EQ(bv->body->stmts.size(), 1u);
  EXPECT_EQ(bv->body->stmts[0]->kind, StmtKind::Let);
  EXPECT_EQ(bv->value->kind, ExprKind::Binary);
}

TEST(ValueSyntax, IfValueIsATernaryOfBlockValues) {
  auto p = parse_body("$x = if (1) { 2 } else if (3) { 4 } else { 5 }");
  ASSERT_TRUE(p->ok);
  auto *v = assigned(*p);
  ASSERT_EQ(v->kind, ExprKind::Ternary);
  auto *t = static_cast<Ternary *>(v);
  EXPECT_TRUE(t->is_if);
  EXPECT_EQ(t->then_expr->kind, ExprKind::BlockValue);
  ASSERT_EQ(t->else_expr->kind, ExprKind::Ternary);
  EXPECT_TRUE(static_cast<Ternary *>(t->else_expr)->is_if);
}

TEST(ValueSyntax, IfValueNeedsElseAndBlockValueNeedsAValue) {
  EXPECT_FALSE(parse_body("$x = if (1) { 2 };")->ok);
  EXPECT_FALSE(parse_body("$x = { 1; };")->ok);
}

TEST(ValueSyntax, AtStatementStartBracesAndIfAreStatements) {
  auto p = parse_body("{ 1 } if (1) { 2 } else { 3 }");
  ASSERT_TRUE(p->ok);
  auto &stmts = p->ctx->program->probes[0]->body->stmts;
  ASSERT_EQ(stmts.size(), 2u);
  EXPECT_EQ(stmts[0]->kind, StmtKind::Block);
  EXPECT_EQ(stmts[1]->kind, StmtKind::If);
}

TEST(ValueSyntax, DiscardIsAnExpressionStatement) {
  auto p = parse_body("_ = { 1 }");
  ASSERT_TRUE(p->ok);
  ASSERT_EQ(first(*p)->kind, StmtKind::Expr);
  EXPECT_EQ(static_cast<ExprStmt *>(first(*p))->expr->kind, ExprKind::BlockValue);
}

TEST(ValueSyntax, BlockRecordsWhetherItEndsInAValue) {
  auto with = parse_body("1");
  auto without = parse_body("1;");
  ASSERT_TRUE(with->ok && without->ok);
  EXPECT_TRUE(with->ctx->program->probes[0]->body->ends_in_value);
  EXPECT_FALSE(without->ctx->program->probes[0]->body->ends_in_value);
}

}  // namespace
}  // namespace bpfsh::parser
