#include "repl/scratch_variables.h"

#include <set>

namespace bpfsh::repl {

namespace {

const char kPrefix[] = "@$";

ast::Stmt *assign(ast::Context &ctx, ast::Expr *target, ast::Expr *value, SourceRange at) {
  auto *a = ctx.make<ast::Assign>(at);
  a->target = target;
  a->value = value;
  return a;
}

ast::Var *var(ast::Context &ctx, const std::string &name, SourceRange at) {
  auto *v = ctx.make<ast::Var>(at);
  v->name = name;
  return v;
}

ast::MapRef *map_for(ast::Context &ctx, const std::string &var_name, SourceRange at) {
  auto *m = ctx.make<ast::MapRef>(at);
  m->name = "@" + var_name;
  return m;
}

// What `@m = $x` accepts (type_check_stmts.cpp): no records or arrays, in
// a tuple neither.
bool map_can_hold(const ast::Type &t) {
  if (t.is_none() || t.is_agg() || t.is_record() || t.is_array()) return false;
  for (const auto &e : t.is_tuple() ? t.elems : std::vector<ast::Type>{})
    if (!map_can_hold(e)) return false;
  return true;
}

}  // namespace

bool is_scratch_map(const std::string &map_name) { return map_name.rfind(kPrefix, 0) == 0; }

std::vector<ast::Stmt *> restore_scratch(ast::Context &ctx, const std::vector<sema::MapInfo> &known,
                                         SourceRange at) {
  std::vector<ast::Stmt *> out;
  for (const auto &m : known)
    if (is_scratch_map(m.name)) {
      std::string name = m.name.substr(1);
      out.push_back(assign(ctx, var(ctx, name, at), map_for(ctx, name, at), at));
    }
  return out;
}

std::vector<ast::Stmt *> save_scratch(ast::Context &ctx, const std::vector<ast::Stmt *> &body, SourceRange at,
                                      Diagnostics &diags) {
  std::vector<ast::Stmt *> out;
  std::set<std::string> seen;
  for (auto *s : body) {
    std::string name;
    ast::Type type;
    if (s->kind == ast::StmtKind::Assign) {
      auto *a = static_cast<ast::Assign *>(s);
      if (a->target->kind != ast::ExprKind::Var) continue;
      name = static_cast<ast::Var *>(a->target)->name;
      type = a->target->type;
    } else if (s->kind == ast::StmtKind::Let) {
      auto *l = static_cast<ast::Let *>(s);
      name = l->name;
      type = l->var_type;
    }
    if (name.empty() || name[0] != '$' || type.is_none() || !seen.insert(name).second) continue;
    if (!map_can_hold(type)) {
      diags.warning(s->range, name + " lasts only this line: a map can not hold a " + type.str());
      continue;
    }
    out.push_back(assign(ctx, map_for(ctx, name, at), var(ctx, name, at), at));
  }
  return out;
}

}  // namespace bpfsh::repl
