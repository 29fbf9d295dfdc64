#include "sema/unreachable.h"

namespace bpfsh::sema {
namespace {

class Unreachable {
 public:
  explicit Unreachable(Diagnostics &diags) : diags_(diags) {}

  // Whether no statement after `s` in its block can run. Nested blocks are
  // checked for their own dead statements on the way.
  bool ends(const ast::Stmt *s) {
    switch (s->kind) {
      case ast::StmtKind::Jump: return true;
      case ast::StmtKind::Expr: return is_exit(static_cast<const ast::ExprStmt *>(s)->expr);
      case ast::StmtKind::Block: return block(static_cast<const ast::Block *>(s));
      case ast::StmtKind::If: {
        auto *n = static_cast<const ast::If *>(s);
        bool then_ends = block(n->then_block);
        bool else_ends = n->else_stmt && ends(n->else_stmt);
        return then_ends && else_ends;
      }
      // A loop may run no time, and its break or continue are its own.
      case ast::StmtKind::While: block(static_cast<const ast::While *>(s)->body); return false;
      case ast::StmtKind::For: block(static_cast<const ast::For *>(s)->body); return false;
      // unroll runs its body at least once.
      case ast::StmtKind::Unroll: return block(static_cast<const ast::Unroll *>(s)->body);
      default: return false;
    }
  }

  bool block(const ast::Block *b) {
    if (!b) return false;
    for (size_t i = 0; i < b->stmts.size(); i++) {
      if (!ends(b->stmts[i])) continue;
      if (i + 1 < b->stmts.size()) {
        diags_.warning(b->stmts[i + 1]->range, "Unreachable statement.");
        // The dead statements' own blocks are not looked into: one warning.
      }
      return true;
    }
    return false;
  }

 private:
  // exit() and exit(status) end the probe's run.
  static bool is_exit(const ast::Expr *e) {
    return e && e->kind == ast::ExprKind::Call && static_cast<const ast::Call *>(e)->name == "exit";
  }

  Diagnostics &diags_;
};

}  // namespace

void warn_unreachable(const ast::Program &program, Diagnostics &diags) {
  Unreachable u(diags);
  for (const auto *m : program.macros)
    if (!m->from_stdlib) u.block(m->body);
  for (const auto *p : program.probes) u.block(p->body);
}

}  // namespace bpfsh::sema
