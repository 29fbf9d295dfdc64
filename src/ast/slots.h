#pragma once
// The child slots of a node, for passes that read or replace children in
// place (macro expansion, cloning) without a visit() per node kind.
#include "ast/ast.h"

namespace bpfsh::ast {

// Calls f on every expression slot of e, so it can be read or replaced. A
// BlockValue's statements (its body) are not an expression slot.
template <class F>
void each_expr_slot(Expr *e, F f) {
  switch (e->kind) {
    case ExprKind::Map: for (auto *&k : static_cast<MapRef *>(e)->keys) f(k); break;
    case ExprKind::Call: for (auto *&a : static_cast<Call *>(e)->args) f(a); break;
    case ExprKind::Binary: f(static_cast<Binary *>(e)->lhs); f(static_cast<Binary *>(e)->rhs); break;
    case ExprKind::Unary: f(static_cast<Unary *>(e)->operand); break;
    case ExprKind::IncDec: f(static_cast<IncDec *>(e)->target); break;
    case ExprKind::Ternary: {
      auto *t = static_cast<Ternary *>(e);
      f(t->cond);
      if (t->then_expr) f(t->then_expr);
      f(t->else_expr);
      break;
    }
    case ExprKind::Field: f(static_cast<Field *>(e)->base); break;
    case ExprKind::TupleIndex: f(static_cast<TupleIndex *>(e)->base); break;
    case ExprKind::Tuple: for (auto *&x : static_cast<Tuple *>(e)->elems) f(x); break;
    case ExprKind::Record: for (auto *&x : static_cast<Record *>(e)->elems) f(x); break;
    case ExprKind::Cast:
      if (static_cast<Cast *>(e)->target.of_expr) f(static_cast<Cast *>(e)->target.of_expr);
      f(static_cast<Cast *>(e)->operand);
      break;
    case ExprKind::Sizeof: {
      auto *n = static_cast<Sizeof *>(e);
      if (n->of_type.of_expr) f(n->of_type.of_expr);
      if (n->of_expr) f(n->of_expr);
      break;
    }
    case ExprKind::Offsetof: {
      auto *n = static_cast<Offsetof *>(e);
      if (n->of_type.of_expr) f(n->of_type.of_expr);
      if (n->of_expr) f(n->of_expr);
      if (n->container) f(n->container);
      break;
    }
    case ExprKind::Index: f(static_cast<Index *>(e)->base); f(static_cast<Index *>(e)->index); break;
    case ExprKind::BlockValue: f(static_cast<BlockValue *>(e)->value); break;
    default: break;
  }
}

// Calls fe on every expression slot and fs on every statement slot of s. A
// block slot (an if's branch, a loop's body) is passed as a statement; what
// fs puts there must be a Block again.
template <class FE, class FS>
void each_slot(Stmt *s, FE fe, FS fs) {
  auto opt = [&](Expr *&e) { if (e) fe(e); };
  auto block = [&](Block *&b) {
    Stmt *slot = b;
    fs(slot);
    b = static_cast<Block *>(slot);
  };
  switch (s->kind) {
    case StmtKind::Expr: fe(static_cast<ExprStmt *>(s)->expr); break;
    case StmtKind::Assign: fe(static_cast<Assign *>(s)->target); fe(static_cast<Assign *>(s)->value); break;
    case StmtKind::Let: opt(static_cast<Let *>(s)->declared.of_expr); opt(static_cast<Let *>(s)->value); break;
    case StmtKind::Block: for (auto *&x : static_cast<Block *>(s)->stmts) fs(x); break;
    case StmtKind::If: {
      auto *n = static_cast<If *>(s);
      fe(n->cond);
      block(n->then_block);
      if (n->else_stmt) fs(n->else_stmt);
      break;
    }
    case StmtKind::While: fe(static_cast<While *>(s)->cond); block(static_cast<While *>(s)->body); break;
    case StmtKind::For: {
      auto *n = static_cast<For *>(s);
      opt(n->map);
      opt(n->range_lo);
      opt(n->range_hi);
      block(n->body);
      break;
    }
    case StmtKind::Unroll: fe(static_cast<Unroll *>(s)->count); block(static_cast<Unroll *>(s)->body); break;
    case StmtKind::Jump: opt(static_cast<Jump *>(s)->value); break;
    case StmtKind::Import: break;
  }
}

}  // namespace bpfsh::ast
