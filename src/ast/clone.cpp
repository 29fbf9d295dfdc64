#include "ast/clone.h"

#include "ast/slots.h"

namespace bpfsh::ast {
namespace {

template <class T>
T *copy_as(Context &ctx, const Expr *e) { return ctx.copy(*static_cast<const T *>(e)); }

template <class T>
T *copy_as(Context &ctx, const Stmt *s) { return ctx.copy(*static_cast<const T *>(s)); }

}  // namespace

Expr *copy_node(Context &ctx, const Expr *e) {
  switch (e->kind) {
    case ExprKind::Int: return copy_as<IntLit>(ctx, e);
    case ExprKind::Str: return copy_as<StrLit>(ctx, e);
    case ExprKind::Bool: return copy_as<BoolLit>(ctx, e);
    case ExprKind::Builtin: return copy_as<Builtin>(ctx, e);
    case ExprKind::Positional: return copy_as<Positional>(ctx, e);
    case ExprKind::PositionalCount: return copy_as<PositionalCount>(ctx, e);
    case ExprKind::Var: return copy_as<Var>(ctx, e);
    case ExprKind::Map: return copy_as<MapRef>(ctx, e);
    case ExprKind::Call: return copy_as<Call>(ctx, e);
    case ExprKind::Binary: return copy_as<Binary>(ctx, e);
    case ExprKind::Unary: return copy_as<Unary>(ctx, e);
    case ExprKind::IncDec: return copy_as<IncDec>(ctx, e);
    case ExprKind::Ternary: return copy_as<Ternary>(ctx, e);
    case ExprKind::Field: return copy_as<Field>(ctx, e);
    case ExprKind::TupleIndex: return copy_as<TupleIndex>(ctx, e);
    case ExprKind::Tuple: return copy_as<Tuple>(ctx, e);
    case ExprKind::Record: return copy_as<Record>(ctx, e);
    case ExprKind::Cast: return copy_as<Cast>(ctx, e);
    case ExprKind::Sizeof: return copy_as<Sizeof>(ctx, e);
    case ExprKind::Index: return copy_as<Index>(ctx, e);
    case ExprKind::Offsetof: return copy_as<Offsetof>(ctx, e);
    case ExprKind::BlockValue: return copy_as<BlockValue>(ctx, e);
  }
  return nullptr;
}

Stmt *copy_node(Context &ctx, const Stmt *s) {
  switch (s->kind) {
    case StmtKind::Expr: return copy_as<ExprStmt>(ctx, s);
    case StmtKind::Assign: return copy_as<Assign>(ctx, s);
    case StmtKind::Let: return copy_as<Let>(ctx, s);
    case StmtKind::Block: return copy_as<Block>(ctx, s);
    case StmtKind::If: return copy_as<If>(ctx, s);
    case StmtKind::While: return copy_as<While>(ctx, s);
    case StmtKind::For: return copy_as<For>(ctx, s);
    case StmtKind::Unroll: return copy_as<Unroll>(ctx, s);
    case StmtKind::Jump: return copy_as<Jump>(ctx, s);
    case StmtKind::Import: return copy_as<ImportStmt>(ctx, s);
  }
  return nullptr;
}

Expr *clone_tree(Context &ctx, const Expr *e) {
  Expr *c = copy_node(ctx, e);
  c->lowered = nullptr;
  if (c->kind == ExprKind::BlockValue) {
    auto *bv = static_cast<BlockValue *>(c);
    bv->body = clone_tree(ctx, bv->body);
  }
  each_expr_slot(c, [&](Expr *&slot) { slot = clone_tree(ctx, slot); });
  return c;
}

Stmt *clone_tree(Context &ctx, const Stmt *s) {
  Stmt *c = copy_node(ctx, s);
  each_slot(c, [&](Expr *&e) { e = clone_tree(ctx, e); }, [&](Stmt *&x) { x = clone_tree(ctx, x); });
  return c;
}

}  // namespace bpfsh::ast
