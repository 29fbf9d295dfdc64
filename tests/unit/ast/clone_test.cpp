// ast::clone_tree: a copy shares no node with its original.
#include "ast/clone.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "ast/printer.h"
#include "ast/slots.h"
#include "parser/driver.h"

namespace bpfsh {
namespace {

void collect(ast::Stmt *s, std::set<const ast::Node *> &out);

void collect(ast::Expr *e, std::set<const ast::Node *> &out) {
  out.insert(e);
  if (e->kind == ast::ExprKind::BlockValue) collect(static_cast<ast::BlockValue *>(e)->body, out);
  ast::each_expr_slot(e, [&](ast::Expr *&c) { collect(c, out); });
}

void collect(ast::Stmt *s, std::set<const ast::Node *> &out) {
  out.insert(s);
  ast::each_slot(s, [&](ast::Expr *&c) { collect(c, out); }, [&](ast::Stmt *&c) { collect(c, out); });
}

std::string dump(ast::Block *b, ast::Context &ctx) {
  ast::Probe *saved = ctx.program->probes[0];
  ast::Block *orig = saved->body;
  saved->body = b;
  std::ostringstream os;
  ast::print_ast(os, *ctx.program);
  saved->body = orig;
  return os.str();
}

TEST(Clone, CopiesEveryNodeAndKeepsTheShape) {
  ast::Context ctx;
  ctx.source = {"t", "BEGIN { $x = (1, \"a\"); @m[$x.0, comm] = count(); if ($x.0 > 1) { printf(\"%d\", "
                     "sizeof($x)); } else { $y = { let $z = 2; $z + offsetof(struct foo, a) }; } "
                     "for ($i : 0..3) { unroll(2) { @n++; } } }"};
  Diagnostics diags;
  ASSERT_TRUE(parser::parse_program(ctx, diags).ok);
  ast::Block *orig = ctx.program->probes[0]->body;
  ast::Block *copy = ast::clone_tree(ctx, orig);
  std::set<const ast::Node *> a, b;
  collect(orig, a);
  collect(copy, b);
  EXPECT_EQ(a.size(), b.size());
  for (auto *n : b) EXPECT_FALSE(a.count(n)) << "a node of the copy is the original's";
  EXPECT_EQ(dump(orig, ctx), dump(copy, ctx));
}

TEST(Clone, DropsLoweredForms) {
  ast::Context ctx;
  ctx.source = {"t", "BEGIN { $p = ppid; }"};
  Diagnostics diags;
  ASSERT_TRUE(parser::parse_program(ctx, diags).ok);
  auto *assign = static_cast<ast::Assign *>(ctx.program->probes[0]->body->stmts[0]);
  assign->value->lowered = assign->value;  // as sema leaves it
  auto *copy = static_cast<ast::Assign *>(ast::clone_tree(ctx, static_cast<ast::Stmt *>(assign)));
  EXPECT_EQ(copy->value->lowered, nullptr);
}

}  // namespace
}  // namespace bpfsh
