#pragma once
// Copies of syntax trees, owned by the same Context: macro expansion copies a
// macro's body into each call, probe expansion a probe's body into each
// attach point.
#include "ast/ast.h"

namespace bpfsh::ast {

// A copy of the node alone: its children are still the original's.
Expr *copy_node(Context &ctx, const Expr *e);
Stmt *copy_node(Context &ctx, const Stmt *s);

// A copy of the whole tree below e or s, with no fact sema has written on
// the original (types, lowered forms) carried over as meaningful: the copy is
// made to be checked again.
Expr *clone_tree(Context &ctx, const Expr *e);
Stmt *clone_tree(Context &ctx, const Stmt *s);
inline Block *clone_tree(Context &ctx, const Block *b) {
  return static_cast<Block *>(clone_tree(ctx, static_cast<const Stmt *>(b)));
}

}  // namespace bpfsh::ast
