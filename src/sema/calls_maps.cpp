// Type rules of has_key() and len(): questions about a map's entries.
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

// has_key(@m, key): whether the map holds the key (bpftrace's form); has_key(@m[key]) also reads so.
void TypeChecker::check_has_key(ast::Call *n) {
  if (!arity(diags_, n, 1, 2)) return;
  ast::Expr *a = n->args[0];
  if (a->kind != ast::ExprKind::Map) {
    diags_.error(a->range, "has_key() expects a map and a key, like has_key(@m, key)");
    return;
  }
  auto *m = static_cast<ast::MapRef *>(a);
  if (n->args.size() == 2) {
    if (!m->keys.empty()) {
      diags_.error(n->range, "has_key(@m, key) takes a map without a key as its first argument");
      return;
    }
    m->keys.push_back(n->args[1]);
    n->args.pop_back();
  }
  const MapInfo *mi = map_for(m, false);
  if (m->keys.empty() || (mi && mi->key.is_none() && !mi->value.is_none())) {
    diags_.error(n->range, "has_key() needs a map with keys and the key to look for");
    return;
  }
  walk(a);
  n->type = Type::boolean();
}

// len(@m): how many entries the map holds.
void TypeChecker::check_len(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  ast::Expr *a = n->args[0];
  if (a->kind != ast::ExprKind::Map || !static_cast<ast::MapRef *>(a)->keys.empty()) {
    diags_.error(a->range, "len() expects a map without a key, like len(@m)");
    return;
  }
  auto *m = static_cast<ast::MapRef *>(a);
  check_whole_map(m);
  const MapInfo *mi = map_for(m, false);
  if (mi && mi->key.is_none() && !mi->value.is_none()) {
    diags_.error(a->range, "len() counts the entries of a map with keys; " + m->name + " has none");
    return;
  }
  n->type = Type::integer(64, true);
}

}  // namespace bpfsh::sema
