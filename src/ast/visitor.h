#pragma once
// A default-walking visitor: a pass derives from Visitor<Self> and overrides
// only the visit() overloads for the nodes it cares about, calling
// Visitor::visit(n) where it wants the children walked too.
#include "ast/ast.h"

namespace bpfsh::ast {

template <class Impl, class R = void>
class Visitor {
 public:
  Impl &self() { return static_cast<Impl &>(*this); }

  R dispatch(Expr *e) {
    switch (e->kind) {
      case ExprKind::Int: return self().visit(static_cast<IntLit *>(e));
      case ExprKind::Str: return self().visit(static_cast<StrLit *>(e));
      case ExprKind::Builtin: return self().visit(static_cast<Builtin *>(e));
      case ExprKind::Positional: return self().visit(static_cast<Positional *>(e));
      case ExprKind::PositionalCount: return self().visit(static_cast<PositionalCount *>(e));
      case ExprKind::Var: return self().visit(static_cast<Var *>(e));
      case ExprKind::Map: return self().visit(static_cast<MapRef *>(e));
      case ExprKind::Call: return self().visit(static_cast<Call *>(e));
      case ExprKind::Binary: return self().visit(static_cast<Binary *>(e));
      case ExprKind::Unary: return self().visit(static_cast<Unary *>(e));
      case ExprKind::IncDec: return self().visit(static_cast<IncDec *>(e));
      case ExprKind::Ternary: return self().visit(static_cast<Ternary *>(e));
      case ExprKind::Field: return self().visit(static_cast<Field *>(e));
      case ExprKind::TupleIndex: return self().visit(static_cast<TupleIndex *>(e));
      case ExprKind::Tuple: return self().visit(static_cast<Tuple *>(e));
      case ExprKind::Record: return self().visit(static_cast<Record *>(e));
      case ExprKind::Cast: return self().visit(static_cast<Cast *>(e));
      case ExprKind::Sizeof: return self().visit(static_cast<Sizeof *>(e));
      case ExprKind::Index: return self().visit(static_cast<Index *>(e));
      case ExprKind::Offsetof: return self().visit(static_cast<Offsetof *>(e));
      case ExprKind::Bool: return self().visit(static_cast<BoolLit *>(e));
      case ExprKind::BlockValue: return self().visit(static_cast<BlockValue *>(e));
    }
    return R();
  }

  R dispatch(Stmt *s) {
    switch (s->kind) {
      case StmtKind::Expr: return self().visit(static_cast<ExprStmt *>(s));
      case StmtKind::Assign: return self().visit(static_cast<Assign *>(s));
      case StmtKind::Let: return self().visit(static_cast<Let *>(s));
      case StmtKind::Block: return self().visit(static_cast<Block *>(s));
      case StmtKind::If: return self().visit(static_cast<If *>(s));
      case StmtKind::While: return self().visit(static_cast<While *>(s));
      case StmtKind::For: return self().visit(static_cast<For *>(s));
      case StmtKind::Unroll: return self().visit(static_cast<Unroll *>(s));
      case StmtKind::Jump: return self().visit(static_cast<Jump *>(s));
      case StmtKind::Import: return self().visit(static_cast<ImportStmt *>(s));
    }
    return R();
  }

  void walk(Expr *e) { if (e) dispatch(e); }
  void walk(Stmt *s) { if (s) dispatch(s); }

  // Default behaviour: visit children.
  R visit(IntLit *) { return R(); }
  R visit(StrLit *) { return R(); }
  R visit(BoolLit *) { return R(); }
  R visit(Builtin *) { return R(); }
  R visit(Positional *) { return R(); }
  R visit(PositionalCount *) { return R(); }
  R visit(Var *) { return R(); }
  R visit(MapRef *n) { for (auto *k : n->keys) walk(k); return R(); }
  R visit(Call *n) { for (auto *a : n->args) walk(a); return R(); }
  R visit(Binary *n) { walk(n->lhs); walk(n->rhs); return R(); }
  R visit(Unary *n) { walk(n->operand); return R(); }
  R visit(IncDec *n) { walk(n->target); return R(); }
  R visit(Ternary *n) { walk(n->cond); walk(n->then_expr); walk(n->else_expr); return R(); }
  R visit(Field *n) { walk(n->base); return R(); }
  R visit(TupleIndex *n) { walk(n->base); return R(); }
  R visit(Tuple *n) { for (auto *e : n->elems) walk(e); return R(); }
  R visit(Record *n) { for (auto *e : n->elems) walk(e); return R(); }
  R visit(Cast *n) { walk(n->operand); return R(); }
  R visit(Sizeof *n) { walk(n->of_expr); return R(); }
  R visit(Index *n) { walk(n->base); walk(n->index); return R(); }
  R visit(Offsetof *n) { walk(n->of_expr); walk(n->container); return R(); }
  R visit(BlockValue *n) { walk(n->body); walk(n->value); return R(); }

  R visit(ExprStmt *n) { walk(n->expr); return R(); }
  R visit(Assign *n) { walk(n->target); walk(n->value); return R(); }
  R visit(Let *n) { walk(n->value); return R(); }
  R visit(Block *n) { for (auto *s : n->stmts) walk(s); return R(); }
  R visit(If *n) { walk(n->cond); walk(n->then_block); walk(n->else_stmt); return R(); }
  R visit(While *n) { walk(n->cond); walk(n->body); return R(); }
  R visit(For *n) { walk(n->map); walk(n->range_lo); walk(n->range_hi); walk(n->body); return R(); }
  R visit(Unroll *n) { walk(n->count); walk(n->body); return R(); }
  R visit(Jump *n) { walk(n->value); return R(); }
  R visit(ImportStmt *) { return R(); }

  void visit_program(Program *p) {
    for (auto *c : p->config) walk(c->value);
    for (auto *m : p->macros) walk(m->body);
    for (auto *pr : p->probes) {
      walk(pr->predicate);
      walk(pr->body);
    }
  }
};

}  // namespace bpfsh::ast
