// Type rules and registry rows of the map functions: clear, zero, delete,
// has_key, len and find. Their first argument names the map (ArgForm::Map),
// so each check types it itself.
#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

void TypeChecker::check_map_op(ast::Call *n) {
  auto *a = n->args[0];
  if (a->kind != ast::ExprKind::Map || !static_cast<ast::MapRef *>(a)->keys.empty()) {
    diags_.error(a->range, n->name + "() expects a map without a key, like " + n->name + "(@m)");
    return;
  }
  check_whole_map(static_cast<ast::MapRef *>(a));
}

// print(@m), clear(@m), zero(@m) name a whole map, whatever its keys.
void TypeChecker::check_whole_map(ast::MapRef *m) {
  const MapInfo *mi = map_for(m, false);
  if (!mi) {
    if (final_) diags_.error(m->range, "Undefined map: " + m->name);
    return;
  }
  m->key_type = mi->key;
  m->type = mi->value;
}

void TypeChecker::check_delete(ast::Call *n) {
  auto *a = n->args[0];
  if (a->kind != ast::ExprKind::Map) {
    diags_.error(a->range, "delete() expects a map element, like delete(@m[key])");
    return;
  }
  auto *m = static_cast<ast::MapRef *>(a);
  if (n->args.size() == 2) {
    if (!m->keys.empty()) {
      diags_.error(n->range, "delete(@m, key) takes a map without a key as its first argument");
      return;
    }
    m->keys.push_back(n->args[1]);
    n->args.pop_back();
  }
  walk(a);
  n->type = Type::boolean();  // whether the key was there to delete
}

// has_key(@m, key): whether the map holds the key (bpftrace's form); has_key(@m[key]) also reads so.
void TypeChecker::check_has_key(ast::Call *n) {
  ast::Expr *a = n->args[0];
  if (a->kind != ast::ExprKind::Map) {
    diags_.error(a->range, "has_key() expects a map argument").hints.push_back("like has_key(@m, key)");
    return;
  }
  auto *m = static_cast<ast::MapRef *>(a);
  if (n->args.size() == 1 && m->keys.empty()) {
    diags_.error(n->range, "has_key() requires 2 arguments (1 provided)").hints.push_back("like has_key(@m, key)");
    return;
  }
  if (n->args.size() == 2) {
    if (!m->keys.empty()) {
      diags_.error(n->range, "has_key(@m, key) takes a map without a key as its first argument");
      return;
    }
    m->keys.push_back(n->args[1]);
    n->args.pop_back();
  }
  const MapInfo *mi = map_for(m, false);
  if (mi && mi->key.is_none() && !mi->value.is_none()) {
    diags_.error(m->range, "call to has_key() expects a map with explicit keys (non-scalar map)");
    return;
  }
  walk(a);
  n->type = Type::boolean();
}

// len(@m): how many entries the map holds.
void TypeChecker::check_len(ast::Call *n) {
  ast::Expr *a = n->args[0];
  if (a->kind != ast::ExprKind::Map) return check_stack_len(n);
  if (!static_cast<ast::MapRef *>(a)->keys.empty()) {
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

// len(kstack), len(ustack(3)), ...: the frames of the stack, taken where
// the call is. A stack held in a variable or a map is only its id in the
// kernel's stack map, which programs can not read back, so the stack must
// be taken in the call itself.
void TypeChecker::check_stack_len(ast::Call *n) {
  ast::Expr *a = n->args[0];
  walk(a);
  if (a->type.is_none()) return;
  if (!a->type.is_stack()) {
    diags_.error(n->range, "call to len() expects a map, ustack, or kstack");
    return;
  }
  auto named = [&](ast::Expr *e) {
    const std::string *name = e->kind == ast::ExprKind::Builtin ? &static_cast<ast::Builtin *>(e)->name
                              : e->kind == ast::ExprKind::Call  ? &static_cast<ast::Call *>(e)->name
                                                                : nullptr;
    return name && (*name == "kstack" || *name == "ustack");
  };
  if (!named(a)) {
    auto &d = diags_.error(a->range, "len() counts the frames of kstack or ustack taken in the call, not of a stored stack");
    d.hints.push_back("a stored stack is an id in the kernel's stack map, which BPF programs can not read back");
    return;
  }
  n->type = Type::integer(64, true);
}

// find(@m, key, $out): true and $out set to the value when the key is
// there, else false and $out untouched. $out is declared by its first use here. The key
// moves into the map reference (find(@m[key], $out)), as has_key() does.
void TypeChecker::check_find(ast::Call *n) {
  ast::Expr *a = n->args.empty() ? nullptr : n->args[0];
  auto *m = a && a->kind == ast::ExprKind::Map ? static_cast<ast::MapRef *>(a) : nullptr;
  if (m && m->keys.empty() && n->args.size() == 3) {
    m->keys.push_back(n->args[1]);
    n->args.erase(n->args.begin() + 1);
  }
  if (!m || m->keys.empty() || n->args.size() != 2) {
    diags_.error(n->range, "find() takes a map, a key and a variable, like find(@m, key, $out)");
    return;
  }
  if (n->args[1]->kind != ast::ExprKind::Var) {
    diags_.error(n->args[1]->range, "find() stores the value in a variable, like find(@m, key, $out)");
    return;
  }
  const MapInfo *mi = map_for(m, false);
  if (mi && mi->key.is_none() && !mi->value.is_none()) {
    diags_.error(n->range, "find() needs a map with keys; " + m->name + " has none");
    return;
  }
  if (mi && mi->value.is_agg()) {
    diags_.error(a->range, "find() reads maps of plain values, not " + mi->value.str());
    return;
  }
  walk(m);
  if (m->type.is_none()) return;
  auto *out = static_cast<ast::Var *>(n->args[1]);
  Type vt = m->type.is_scalar() ? m->type : storage_type(m->type);
  auto it = vars_.find(out->name);
  if (it == vars_.end() || (it->second.is_none() && unassigned_.count(out->name))) {
    if (!assign_var(out, vt, vt, out->range)) return;
  } else if (!it->second.compatible(vt) || it->second.storage_size() != vt.storage_size()) {
    diags_.error(out->range, "find(): " + out->name + " holds " + it->second.str() + ", the map's values are " +
                                 vt.str());
    return;
  }
  unassigned_.erase(out->name);
  out->type = vars_[out->name];
  n->type = Type::boolean();
}

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> maps_rows() {
  constexpr Family F = Family::Maps;
  constexpr ArgForm Map = ArgForm::Map;
  static const Row rows[] = {
      {.name = "clear", .family = F, .signature = "clear(@map)",
       .doc = "Removes every entry of the map, when user space reads the event.",
       .min_args = 1, .max_args = 1, .args = Map, .check = &TypeChecker::check_map_op, .emit = EmitId::Clear},
      {.name = "zero", .family = F, .signature = "zero(@map)",
       .doc = "Sets every value of the map to zero, when user space reads the event.",
       .min_args = 1, .max_args = 1, .args = Map, .check = &TypeChecker::check_map_op, .emit = EmitId::Zero},
      {.name = "delete", .family = F, .signature = "delete(@map, key) | delete(@map[key])",
       .doc = "Removes the key's entry; true when there was one.",
       .min_args = 1, .max_args = 2, .args = Map, .check = &TypeChecker::check_delete, .emit = EmitId::Delete},
      {.name = "has_key", .family = F, .signature = "has_key(@map, key) | has_key(@map[key])",
       .doc = "Whether the map holds the key.",
       .min_args = 1, .max_args = 2, .args = Map, .check = &TypeChecker::check_has_key, .emit = EmitId::HasKey},
      {.name = "len", .family = F, .signature = "len(@map) | len(kstack) | len(ustack)", .doc = "How many entries the map (one with keys) holds, or how many frames the stack taken has.",
       .min_args = 1, .max_args = 1, .args = Map, .check = &TypeChecker::check_len, .emit = EmitId::Len},
      {.name = "find", .family = F, .signature = "find(@map, key, $out) | find(@map[key], $out)",
       .doc = "Whether the map holds the key; when it does, its value is stored in $out, which it may declare.",
       .min_args = 2, .max_args = 3, .args = Map, .check = &TypeChecker::check_find, .emit = EmitId::Find},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
