#include "sema/macro_expand.h"

#include <map>
#include <optional>

#include "ast/clone.h"
#include "ast/nesting.h"
#include "ast/slots.h"

namespace bpfsh::sema {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::Stmt;
using ast::StmtKind;

using ast::each_expr_slot;
using ast::each_slot;

// One expansion's substitutions.
struct Binding {
  std::map<std::string, Expr *> exprs;       // "$a" / "c" -> the argument expression
  std::map<std::string, std::string> vars;   // "$a" -> the caller's variable
  std::map<std::string, std::string> maps;   // "@b" -> the caller's map
  std::string suffix;                        // renames the macro's own variables
  // stdlib macros: their nodes take the call's place in the script.
  std::optional<SourceRange> range;
};

class Expander {
 public:
  Expander(ast::Context &ctx, Diagnostics &diags) : ctx_(ctx), diags_(diags) {}

  // Definitions of one name are overloads told apart by their parameters'
  // kinds and number; two with the same ones are an error.
  // False when an expansion went past a limit (reported).
  bool run() {
    for (auto *m : ctx_.program->macros) {
      auto &defs = macros_[m->name];
      bool twice = false;
      for (auto *d : defs) twice = twice || d->signature() == m->signature();
      if (twice) {
        diags_.error(m->range, "macro '" + m->name + "' is defined twice with the same parameters");
        continue;
      }
      defs.push_back(m);
    }
    if (macros_.empty()) return true;
    for (auto *p : ctx_.program->probes) {
      if (p->predicate) p->predicate = rewrite(p->predicate);
      rewrite_stmt(reinterpret_cast<Stmt *&>(p->body));
    }
    return !too_large_ && !too_deep_;
  }

 private:
  std::string var_name(const std::string &name, const Binding &b) {
    if (auto it = b.vars.find(name); it != b.vars.end()) return it->second;
    return name + b.suffix;
  }

  Expr *clone(Expr *e, const Binding &b) {
    nodes_++;
    if (e->kind == ExprKind::Var || e->kind == ExprKind::Builtin) {
      const std::string &name = e->kind == ExprKind::Var ? static_cast<ast::Var *>(e)->name
                                                          : static_cast<ast::Builtin *>(e)->name;
      if (auto it = b.exprs.find(name); it != b.exprs.end()) return clone(it->second, Binding{});
      if (e->kind == ExprKind::Builtin) return ast::copy_node(ctx_, e);
      auto *v = static_cast<ast::Var *>(ast::copy_node(ctx_, e));
      v->name = var_name(v->name, b);
      return v;
    }
    Expr *c = ast::copy_node(ctx_, e);
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
    nodes_++;
    Stmt *c = ast::copy_node(ctx_, s);
    if (b.range) c->range = *b.range;
    if (c->kind == StmtKind::Let) static_cast<ast::Let *>(c)->name = var_name(static_cast<ast::Let *>(c)->name, b);
    if (c->kind == StmtKind::For) static_cast<ast::For *>(c)->var = var_name(static_cast<ast::For *>(c)->var, b);
    each_slot(c, [&](Expr *&e) { e = clone(e, b); }, [&](Stmt *&x) { x = clone(x, b); });
    return c;
  }

  // How well a call's arguments fit a definition: -1 when they do not; more
  // when more parameters are met by their own kind ($v by a variable, @m by a
  // map) rather than by any expression.
  static int fit(const ast::Macro &m, const ast::Call &call) {
    if (m.params.size() != call.args.size()) return -1;
    int score = 0;
    for (size_t i = 0; i < m.params.size(); i++) {
      const Expr *a = call.args[i];
      bool is_map = a->kind == ExprKind::Map && static_cast<const ast::MapRef *>(a)->keys.empty();
      switch (m.params[i][0]) {
        case '@': if (!is_map) return -1; score += 2; break;
        case '$': score += a->kind == ExprKind::Var ? 2 : 0; break;  // else bound to a fresh variable
        default: score += 1;
      }
    }
    return score;
  }

  // The definition a call expands to: the best fit, the first defined on a
  // tie (a script's before the library's). Null when the name is no macro's,
  // or when no definition fits (then it says so).
  const ast::Macro *macro_called(Expr *e) {
    if (e->kind != ExprKind::Call) return nullptr;
    auto *call = static_cast<ast::Call *>(e);
    auto it = macros_.find(call->name);
    if (it == macros_.end()) return nullptr;
    const ast::Macro *best = nullptr;
    int best_fit = -1;
    for (auto *m : it->second) {
      int f = fit(*m, *call);
      if (f > best_fit) best = m, best_fit = f;
    }
    if (!best) no_fit(it->second, call);
    return best;
  }

  void no_fit(const std::vector<const ast::Macro *> &defs, ast::Call *call) {
    const ast::Macro &m = *defs[0];
    if (defs.size() > 1) {
      auto &d = diags_.error(call->range, "macro '" + m.name + "' has no definition that takes these arguments");
      for (auto *def : defs) {
        std::string params;
        for (auto &p : def->params) params += (params.empty() ? "" : ", ") + p;
        d.hints.push_back("one takes (" + params + ")");
      }
      return;
    }
    if (m.params.size() != call->args.size()) {
      diags_.error(call->range, "macro '" + m.name + "' takes " + std::to_string(m.params.size()) + " argument" +
                                    (m.params.size() == 1 ? "" : "s") + ", not " + std::to_string(call->args.size()));
      return;
    }
    for (size_t i = 0; i < m.params.size(); i++)
      if (fit(m, *call) < 0 && m.params[i][0] == '@' &&
          !(call->args[i]->kind == ExprKind::Map && static_cast<ast::MapRef *>(call->args[i])->keys.empty())) {
        diags_.error(call->args[i]->range, "macro '" + m.name + "' takes a map for " + m.params[i] + ": pass @name");
        return;
      }
  }

  // Binds a call's (already expanded) arguments, which fit() accepted;
  // `lets` receives the variables declared for value arguments (none in a
  // single-expression expansion: there they are substituted).
  void bind(const ast::Macro &m, ast::Call *call, Binding &b, std::vector<Stmt *> *lets) {
    b.suffix = "__" + m.name + std::to_string(++expansions_);
    if (m.from_stdlib) b.range = call->range;
    for (size_t i = 0; i < m.params.size(); i++) {
      const std::string &p = m.params[i];
      Expr *a = call->args[i];
      if (p[0] == '@') {
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
  }

  // Expansions put macro bodies inside one another, each within the nesting
  // limit but not their sum; the walk stops where the result would pass it.
  Expr *rewrite(Expr *e) {
    Nest nest(*this, e->range);
    if (!nest.ok) return e;
    if (e->kind == ExprKind::BlockValue)
      for (auto *&s : static_cast<ast::BlockValue *>(e)->body->stmts) rewrite_stmt(s);
    each_expr_slot(e, [&](Expr *&slot) { slot = rewrite(slot); });
    const ast::Macro *m = macro_called(e);
    if (!m) return e;
    const Stmt *last = m->body->stmts.empty() ? nullptr : m->body->stmts.back();
    if (!m->body->ends_in_value && !(last && last->kind == StmtKind::If && is_value(last))) {
      auto &d = diags_.error(e->range, "macro '" + m->name + "' ends in a statement, so its call must be a statement");
      d.hints.push_back("a macro used as a value ends in an expression with no `;` after it");
      return e;
    }
    if (!enter(e->range)) return e;
    Expr *out = expand_value(*m, static_cast<ast::Call *>(e));
    depth_--;
    return out;
  }

  // A macro used as a value: its single expression, or a block value that
  // runs its statements first.
  Expr *expand_value(const ast::Macro &m, ast::Call *call) {
    auto &stmts = m.body->stmts;
    Binding b;
    if (stmts.size() == 1 && stmts[0]->kind == StmtKind::Expr) {
      bind(m, call, b, nullptr);
      return rewrite(clone(static_cast<ast::ExprStmt *>(stmts[0])->expr, b));
    }
    auto *bv = ctx_.make<ast::BlockValue>(call->range);
    bv->body = ctx_.make<ast::Block>(call->range);
    bind(m, call, b, &bv->body->stmts);
    for (size_t i = 0; i + 1 < stmts.size(); i++) {
      Stmt *c = clone(stmts[i], b);
      rewrite_stmt(c);
      bv->body->stmts.push_back(c);
    }
    if (stmts.back()->kind == StmtKind::Expr) {
      bv->value = rewrite(clone(static_cast<ast::ExprStmt *>(stmts.back())->expr, b));
    } else {
      Stmt *last = clone(stmts.back(), b);
      rewrite_stmt(last);
      bv->value = as_value(last);
      if (!bv->value) {  // an arm's value became a statement macro's expansion
        diags_.error(call->range, "macro '" + m.name + "' can not be used as a value here");
        return call;
      }
    }
    return bv;
  }

  // `if (c) { a } else { b }` ending a macro's body is its value, as a block
  // ending in an expression is: both arms end in one, and there is an else.
  static bool is_value(const Stmt *s) {
    if (s->kind == StmtKind::Expr) return true;
    if (s->kind == StmtKind::Block) {
      auto *b = static_cast<const ast::Block *>(s);
      return b->ends_in_value || (!b->stmts.empty() && b->stmts.back()->kind == StmtKind::If && is_value(b->stmts.back()));
    }
    if (s->kind != StmtKind::If) return false;
    auto *n = static_cast<const ast::If *>(s);
    return n->else_stmt && is_value(n->then_block) && is_value(n->else_stmt);
  }

  // The value is_value() found, built from the (expanded) statement.
  Expr *as_value(Stmt *s) {
    if (s->kind == StmtKind::Expr) return static_cast<ast::ExprStmt *>(s)->expr;
    if (s->kind == StmtKind::Block) {
      auto *b = static_cast<ast::Block *>(s);
      if (b->stmts.empty()) return nullptr;
      auto *bv = ctx_.make<ast::BlockValue>(b->range);
      bv->body = ctx_.make<ast::Block>(b->range);
      bv->body->stmts.assign(b->stmts.begin(), b->stmts.end() - 1);
      bv->value = as_value(b->stmts.back());
      return bv->value ? bv : nullptr;
    }
    if (s->kind != StmtKind::If) return nullptr;
    auto *n = static_cast<ast::If *>(s);
    auto *t = ctx_.make<ast::Ternary>(n->range);
    t->cond = n->cond;
    t->then_expr = n->else_stmt ? as_value(n->then_block) : nullptr;
    t->else_expr = n->else_stmt ? as_value(n->else_stmt) : nullptr;
    t->is_if = true;
    return t->then_expr && t->else_expr ? t : nullptr;
  }

  void rewrite_stmt(Stmt *&s) {
    Nest nest(*this, s->range);
    if (!nest.ok) return;
    if (s->kind == StmtKind::Expr) {
      auto *es = static_cast<ast::ExprStmt *>(s);
      bool is_macro = es->expr->kind == ExprKind::Call && macros_.count(static_cast<ast::Call *>(es->expr)->name);
      if (!is_macro) {
        es->expr = rewrite(es->expr);
        return;
      }
      each_expr_slot(es->expr, [&](Expr *&slot) { slot = rewrite(slot); });
      if (const ast::Macro *m = macro_called(es->expr)) s = expand_statement(*m, static_cast<ast::Call *>(es->expr));
      return;
    }
    each_slot(s, [&](Expr *&e) { e = rewrite(e); }, [&](Stmt *&x) { rewrite_stmt(x); });
  }

  // A call in statement position becomes a block: its own variables end with it.
  Stmt *expand_statement(const ast::Macro &m, ast::Call *call) {
    auto *blk = ctx_.make<ast::Block>(call->range);
    Binding b;
    if (!enter(call->range)) return blk;
    bind(m, call, b, &blk->stmts);
    for (auto *s : m.body->stmts) {
      Stmt *c = clone(s, b);
      rewrite_stmt(c);
      blk->stmts.push_back(c);
    }
    depth_--;
    return blk;
  }

  // Each expansion checks the depth and the nodes made so far: a macro that
  // calls another twice, 30 levels down, makes 2^30 without going deep. Once
  // past the limit nothing more expands; the error is at the script's call
  // whose expansion went past it, not inside a macro's body.
  bool enter(SourceRange where) {
    if (too_large_ || too_deep_) return false;
    if (depth_ == 0) outer_ = where;
    if (nodes_ > kMaxNodes) {
      too_large_ = true;
      auto &d = diags_.error(outer_, "macro expansion too large");
      d.hints.push_back("macros may add at most " + std::to_string(kMaxNodes) + " nodes to the program");
      return false;
    }
    if (++depth_ <= kMaxDepth) return true;
    depth_--;
    diags_.error(where, "macro expansion too deep: does a macro call itself?");
    return false;
  }

  // One level of the rewritten tree; not ok past the nesting limit (the
  // error then is at the script's call).
  struct Nest {
    Expander &x;
    bool ok;
    Nest(Expander &x, SourceRange at) : x(x), ok(++x.nest_ <= ast::kMaxNesting && !x.too_deep_) {
      if (ok || x.too_deep_) return;
      x.too_deep_ = true;
      auto &d = x.diags_.error(x.depth_ ? x.outer_ : at,
                               "nesting too deep: more than " + std::to_string(ast::kMaxNesting) + " levels");
      d.hints.push_back("the macros the call expands nest inside one another");
    }
    ~Nest() { x.nest_--; }
  };

  static constexpr int kMaxDepth = 32;
  static constexpr size_t kMaxNodes = 1000000;
  ast::Context &ctx_;
  Diagnostics &diags_;
  std::map<std::string, std::vector<const ast::Macro *>> macros_;  // in definition order
  int expansions_ = 0;
  int depth_ = 0;
  size_t nodes_ = 0;    // cloned by expansions so far
  SourceRange outer_;  // the call, outside any macro, being expanded
  bool too_large_ = false;
  size_t nest_ = 0;  // how deep the rewrite is in the tree
  bool too_deep_ = false;
};

}  // namespace

void expand_macros(ast::Context &ctx, Diagnostics &diags) {
  Expander x(ctx, diags);
  if (x.run()) ast::check_nesting(*ctx.program, diags);
}

}  // namespace bpfsh::sema
