#include "ast/nesting.h"

#include "ast/slots.h"

namespace bpfsh::ast {

namespace {

struct Pending {
  Node *node;
  bool is_expr;
  size_t depth;
};

void push_children(const Pending &p, std::vector<Pending> &todo) {
  auto expr = [&](Expr *&e) { if (e) todo.push_back({e, true, p.depth + 1}); };
  auto stmt = [&](Stmt *&s) { if (s) todo.push_back({s, false, p.depth + 1}); };
  if (!p.is_expr) {
    each_slot(static_cast<Stmt *>(p.node), expr, stmt);
    return;
  }
  auto *e = static_cast<Expr *>(p.node);
  each_expr_slot(e, expr);
  if (e->kind == ExprKind::BlockValue && static_cast<BlockValue *>(e)->body)
    todo.push_back({static_cast<BlockValue *>(e)->body, false, p.depth + 1});
}

}  // namespace

bool check_nesting(const std::vector<Expr *> &exprs, const std::vector<Stmt *> &stmts,
                   Diagnostics &diags, size_t limit) {
  std::vector<Pending> todo;
  for (auto *e : exprs)
    if (e) todo.push_back({e, true, 1});
  for (auto *s : stmts)
    if (s) todo.push_back({s, false, 1});
  while (!todo.empty()) {
    Pending p = todo.back();
    todo.pop_back();
    if (p.depth > limit) {
      auto &d = diags.error(p.node->range, "nesting too deep: more than " + std::to_string(limit) + " levels");
      d.hints.push_back("split the expression or the blocks, e.g. with variables");
      return false;
    }
    push_children(p, todo);
  }
  return true;
}

bool check_nesting(const Program &program, Diagnostics &diags, size_t limit) {
  std::vector<Expr *> exprs;
  std::vector<Stmt *> stmts;
  for (auto *p : program.probes) {
    exprs.push_back(p->predicate);
    stmts.push_back(p->body);
  }
  for (auto *m : program.macros) stmts.push_back(m->body);
  for (auto *c : program.config) exprs.push_back(c->value);
  return check_nesting(exprs, stmts, diags, limit);
}

}  // namespace bpfsh::ast
