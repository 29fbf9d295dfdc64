#include "sema/macro_expand.h"

#include <map>
#include <optional>

namespace bpfsh::sema {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::Stmt;
using ast::StmtKind;

// Calls f on every expression slot of e, so it can be read or replaced.
template <class F>
void each_expr_slot(Expr *e, F f) {
  switch (e->kind) {
    case ExprKind::Map: for (auto *&k : static_cast<ast::MapRef *>(e)->keys) f(k); break;
    case ExprKind::Call: for (auto *&a : static_cast<ast::Call *>(e)->args) f(a); break;
    case ExprKind::Binary: f(static_cast<ast::Binary *>(e)->lhs); f(static_cast<ast::Binary *>(e)->rhs); break;
    case ExprKind::Unary: f(static_cast<ast::Unary *>(e)->operand); break;
    case ExprKind::IncDec: f(static_cast<ast::IncDec *>(e)->target); break;
    case ExprKind::Ternary: {
      auto *t = static_cast<ast::Ternary *>(e);
      f(t->cond);
      if (t->then_expr) f(t->then_expr);
      f(t->else_expr);
      break;
    }
    case ExprKind::Field: f(static_cast<ast::Field *>(e)->base); break;
    case ExprKind::TupleIndex: f(static_cast<ast::TupleIndex *>(e)->base); break;
    case ExprKind::Tuple: for (auto *&x : static_cast<ast::Tuple *>(e)->elems) f(x); break;
    case ExprKind::Record: for (auto *&x : static_cast<ast::Record *>(e)->elems) f(x); break;
    case ExprKind::Cast: f(static_cast<ast::Cast *>(e)->operand); break;
    case ExprKind::Sizeof: if (static_cast<ast::Sizeof *>(e)->of_expr) f(static_cast<ast::Sizeof *>(e)->of_expr); break;
    case ExprKind::Index: f(static_cast<ast::Index *>(e)->base); f(static_cast<ast::Index *>(e)->index); break;
    case ExprKind::BlockValue: f(static_cast<ast::BlockValue *>(e)->value); break;  // its statements: each_slot
    default: break;
  }
}

// Calls fe on every expression slot and fs on every statement slot of s.
template <class FE, class FS>
void each_slot(Stmt *s, FE fe, FS fs) {
  auto opt = [&](Expr *&e) { if (e) fe(e); };
  switch (s->kind) {
    case StmtKind::Expr: fe(static_cast<ast::ExprStmt *>(s)->expr); break;
    case StmtKind::Assign: fe(static_cast<ast::Assign *>(s)->target); fe(static_cast<ast::Assign *>(s)->value); break;
    case StmtKind::Let: opt(static_cast<ast::Let *>(s)->value); break;
    case StmtKind::Block: for (auto *&x : static_cast<ast::Block *>(s)->stmts) fs(x); break;
    case StmtKind::If: {
      auto *n = static_cast<ast::If *>(s);
      fe(n->cond);
      fs(reinterpret_cast<Stmt *&>(n->then_block));
      if (n->else_stmt) fs(n->else_stmt);
      break;
    }
    case StmtKind::While: fe(static_cast<ast::While *>(s)->cond); fs(reinterpret_cast<Stmt *&>(static_cast<ast::While *>(s)->body)); break;
    case StmtKind::For: {
      auto *n = static_cast<ast::For *>(s);
      opt(n->map);
      opt(n->range_lo);
      opt(n->range_hi);
      fs(reinterpret_cast<Stmt *&>(n->body));
      break;
    }
    case StmtKind::Unroll: fe(static_cast<ast::Unroll *>(s)->count); fs(reinterpret_cast<Stmt *&>(static_cast<ast::Unroll *>(s)->body)); break;
    case StmtKind::Jump: opt(static_cast<ast::Jump *>(s)->value); break;
  }
}

// One expansion's substitutions.
struct Binding {
  std::map<std::string, Expr *> exprs;       // "$a" / "c" -> the argument expression
  std::map<std::string, std::string> vars;   // "$a" -> the caller's variable
  std::map<std::string, std::string> maps;   // "@b" -> the caller's map
  std::string suffix;                        // renames the macro's own variables
  // stdlib macros: their nodes take the call's place in the script.
  std::optional<SourceRange> range;
};

template <class T>
T *copy_node(ast::Context &ctx, Expr *e) { return ctx.copy(*static_cast<T *>(e)); }

class Expander {
 public:
  Expander(ast::Context &ctx, Diagnostics &diags) : ctx_(ctx), diags_(diags) {}

  void run() {
    for (auto *m : ctx_.program->macros) {
      if (!macros_.emplace(m->name, m).second) diags_.error(m->range, "macro '" + m->name + "' is defined twice");
    }
    if (macros_.empty()) return;
    for (auto *p : ctx_.program->probes) {
      if (p->predicate) p->predicate = rewrite(p->predicate);
      rewrite_stmt(reinterpret_cast<Stmt *&>(p->body));
    }
  }

 private:
  std::string var_name(const std::string &name, const Binding &b) {
    if (auto it = b.vars.find(name); it != b.vars.end()) return it->second;
    return name + b.suffix;
  }

  Expr *clone(Expr *e, const Binding &b) {
    if (e->kind == ExprKind::Var || e->kind == ExprKind::Builtin) {
      const std::string &name = e->kind == ExprKind::Var ? static_cast<ast::Var *>(e)->name
                                                          : static_cast<ast::Builtin *>(e)->name;
      if (auto it = b.exprs.find(name); it != b.exprs.end()) return clone(it->second, Binding{});
      if (e->kind == ExprKind::Builtin) return copy_node<ast::Builtin>(ctx_, e);
      auto *v = copy_node<ast::Var>(ctx_, e);
      v->name = var_name(v->name, b);
      return v;
    }
    Expr *c = copy_any(e);
    if (b.range) c->range = *b.range;
    if (c->kind == ExprKind::BlockValue) {
      auto *bv = static_cast<ast::BlockValue *>(c);
      bv->body = static_cast<ast::Block *>(clone(static_cast<Stmt *>(bv->body), b));
    }
    if (c->kind == ExprKind::Map) {
      auto *m = static_cast<ast::MapRef *>(c);
      if (auto it = b.maps.find(m->name); it != b.maps.end()) m->name = it->second;
    }
    each_expr_slot(c, [&](Expr *&slot) { slot = clone(slot, b); });
    return c;
  }

  Stmt *clone(Stmt *s, const Binding &b) {
    Stmt *c = copy_any(s);
    if (b.range) c->range = *b.range;
    if (c->kind == StmtKind::Let) static_cast<ast::Let *>(c)->name = var_name(static_cast<ast::Let *>(c)->name, b);
    if (c->kind == StmtKind::For) static_cast<ast::For *>(c)->var = var_name(static_cast<ast::For *>(c)->var, b);
    each_slot(c, [&](Expr *&e) { e = clone(e, b); }, [&](Stmt *&x) { x = clone(x, b); });
    return c;
  }

  Expr *copy_any(Expr *e) {
    switch (e->kind) {
      case ExprKind::Int: return copy_node<ast::IntLit>(ctx_, e);
      case ExprKind::Str: return copy_node<ast::StrLit>(ctx_, e);
      case ExprKind::Bool: return copy_node<ast::BoolLit>(ctx_, e);
      case ExprKind::Builtin: return copy_node<ast::Builtin>(ctx_, e);
      case ExprKind::Positional: return copy_node<ast::Positional>(ctx_, e);
      case ExprKind::PositionalCount: return copy_node<ast::PositionalCount>(ctx_, e);
      case ExprKind::Var: return copy_node<ast::Var>(ctx_, e);
      case ExprKind::Map: return copy_node<ast::MapRef>(ctx_, e);
      case ExprKind::Call: return copy_node<ast::Call>(ctx_, e);
      case ExprKind::Binary: return copy_node<ast::Binary>(ctx_, e);
      case ExprKind::Unary: return copy_node<ast::Unary>(ctx_, e);
      case ExprKind::IncDec: return copy_node<ast::IncDec>(ctx_, e);
      case ExprKind::Ternary: return copy_node<ast::Ternary>(ctx_, e);
      case ExprKind::Field: return copy_node<ast::Field>(ctx_, e);
      case ExprKind::TupleIndex: return copy_node<ast::TupleIndex>(ctx_, e);
      case ExprKind::Tuple: return copy_node<ast::Tuple>(ctx_, e);
      case ExprKind::Record: return copy_node<ast::Record>(ctx_, e);
      case ExprKind::Cast: return copy_node<ast::Cast>(ctx_, e);
      case ExprKind::Sizeof: return copy_node<ast::Sizeof>(ctx_, e);
      case ExprKind::Index: return copy_node<ast::Index>(ctx_, e);
      case ExprKind::Offsetof: return copy_node<ast::Offsetof>(ctx_, e);
      case ExprKind::BlockValue: return copy_node<ast::BlockValue>(ctx_, e);
    }
    return e;
  }

  Stmt *copy_any(Stmt *s) {
    switch (s->kind) {
      case StmtKind::Expr: return ctx_.copy(*static_cast<ast::ExprStmt *>(s));
      case StmtKind::Assign: return ctx_.copy(*static_cast<ast::Assign *>(s));
      case StmtKind::Let: return ctx_.copy(*static_cast<ast::Let *>(s));
      case StmtKind::Block: return ctx_.copy(*static_cast<ast::Block *>(s));
      case StmtKind::If: return ctx_.copy(*static_cast<ast::If *>(s));
      case StmtKind::While: return ctx_.copy(*static_cast<ast::While *>(s));
      case StmtKind::For: return ctx_.copy(*static_cast<ast::For *>(s));
      case StmtKind::Unroll: return ctx_.copy(*static_cast<ast::Unroll *>(s));
      case StmtKind::Jump: return ctx_.copy(*static_cast<ast::Jump *>(s));
    }
    return s;
  }

  const ast::Macro *macro_called(Expr *e) {
    if (e->kind != ExprKind::Call) return nullptr;
    auto it = macros_.find(static_cast<ast::Call *>(e)->name);
    return it == macros_.end() ? nullptr : it->second;
  }

  // Binds a call's (already expanded) arguments; `lets` receives the
  // variables a statement-position expansion declares for value arguments.
  bool bind(const ast::Macro &m, ast::Call *call, Binding &b, std::vector<Stmt *> *lets) {
    if (m.params.size() != call->args.size()) {
      diags_.error(call->range, "macro '" + m.name + "' takes " + std::to_string(m.params.size()) +
                                    " argument" + (m.params.size() == 1 ? "" : "s") + ", not " +
                                    std::to_string(call->args.size()));
      return false;
    }
    b.suffix = "__" + m.name + std::to_string(++expansions_);
    if (m.from_stdlib) b.range = call->range;
    for (size_t i = 0; i < m.params.size(); i++) {
      const std::string &p = m.params[i];
      Expr *a = call->args[i];
      if (p[0] == '@') {
        if (a->kind != ExprKind::Map || !static_cast<ast::MapRef *>(a)->keys.empty()) {
          diags_.error(a->range, "macro '" + m.name + "' takes a map for " + p + ": pass @name");
          return false;
        }
        b.maps[p] = static_cast<ast::MapRef *>(a)->name;
      } else if (p[0] == '$' && a->kind == ExprKind::Var) {
        b.vars[p] = static_cast<ast::Var *>(a)->name;
      } else if (p[0] == '$' && lets) {
        auto *let = ctx_.make<ast::Let>(a->range);
        let->name = p + b.suffix;
        let->value = a;
        lets->push_back(let);
        b.vars[p] = let->name;
      } else {
        b.exprs[p] = a;
      }
    }
    return true;
  }

  Expr *rewrite(Expr *e) {
    if (e->kind == ExprKind::BlockValue)
      for (auto *&s : static_cast<ast::BlockValue *>(e)->body->stmts) rewrite_stmt(s);
    each_expr_slot(e, [&](Expr *&slot) { slot = rewrite(slot); });
    const ast::Macro *m = macro_called(e);
    if (!m) return e;
    auto &stmts = m->body->stmts;
    if (stmts.size() != 1 || stmts[0]->kind != StmtKind::Expr) {
      auto &d = diags_.error(e->range, "macro '" + m->name + "' has statements, so its call must be a statement");
      d.hints.push_back("a macro used as a value holds a single expression");
      return e;
    }
    Binding b;
    if (!bind(*m, static_cast<ast::Call *>(e), b, nullptr) || !enter(e->range)) return e;
    Expr *out = rewrite(clone(static_cast<ast::ExprStmt *>(stmts[0])->expr, b));
    depth_--;
    return out;
  }

  void rewrite_stmt(Stmt *&s) {
    if (s->kind == StmtKind::Expr) {
      auto *es = static_cast<ast::ExprStmt *>(s);
      each_expr_slot(es->expr, [&](Expr *&slot) { slot = rewrite(slot); });
      if (const ast::Macro *m = macro_called(es->expr)) {
        s = expand_statement(*m, static_cast<ast::Call *>(es->expr));
        return;
      }
      es->expr = rewrite(es->expr);
      return;
    }
    each_slot(s, [&](Expr *&e) { e = rewrite(e); }, [&](Stmt *&x) { rewrite_stmt(x); });
  }

  // A call in statement position becomes a block: its own variables end with it.
  Stmt *expand_statement(const ast::Macro &m, ast::Call *call) {
    auto *blk = ctx_.make<ast::Block>(call->range);
    Binding b;
    if (!bind(m, call, b, &blk->stmts) || !enter(call->range)) return blk;
    for (auto *s : m.body->stmts) {
      Stmt *c = clone(s, b);
      rewrite_stmt(c);
      blk->stmts.push_back(c);
    }
    depth_--;
    return blk;
  }

  bool enter(SourceRange where) {
    if (++depth_ <= kMaxDepth) return true;
    depth_--;
    diags_.error(where, "macro expansion too deep: does a macro call itself?");
    return false;
  }

  static constexpr int kMaxDepth = 32;
  ast::Context &ctx_;
  Diagnostics &diags_;
  std::map<std::string, const ast::Macro *> macros_;
  int expansions_ = 0;
  int depth_ = 0;
};

}  // namespace

void expand_macros(ast::Context &ctx, Diagnostics &diags) { Expander(ctx, diags).run(); }

}  // namespace bpfsh::sema
