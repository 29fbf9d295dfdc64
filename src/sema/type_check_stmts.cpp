// Statements: assignments, declarations, blocks and loops (the expressions are
// in type_check.cpp).
#include "sema/type_checker.h"

#include <set>

#include "sema/builtins.h"
#include "sema/c_types.h"

namespace bpfsh::sema {

using ast::Type;
using ast::TypeKind;

void TypeChecker::visit(ast::ExprStmt *n) {
  walk(n->expr);
  if (n->expr->kind == ast::ExprKind::Call && is_aggregation(static_cast<ast::Call *>(n->expr)->name))
    diags_.error(n->expr->range, static_cast<ast::Call *>(n->expr)->name +
                                     "() should be directly assigned to a map");
}

void TypeChecker::visit(ast::Assign *n) {
  auto *agg = n->value->kind == ast::ExprKind::Call ? static_cast<ast::Call *>(n->value) : nullptr;
  if (agg && !is_aggregation(agg->name)) agg = nullptr;
  if (agg) {
    walk(agg);
  } else {
    walk(n->value);
  }
  if (agg && (n->target->kind != ast::ExprKind::Map || n->has_op)) {
    diags_.error(n->value->range, agg->name + "() should be directly assigned to a map");
    return;
  }
  if (n->has_op) {
    // x op= v reads x first: a missing map counts as 0, a missing variable is an error.
    walk_updated(n->target, n->range);
    if (n->target->type.is_none() || n->value->type.is_none()) return;
    if (n->target->type.is_ptr() || n->value->type.is_ptr()) return check_pointer_update(n);
    if (!expect_int(n->target, "the target of " + std::string(ast::binop_str(n->op)) + "=")) return;
    if (!expect_int(n->value, "the value of " + std::string(ast::binop_str(n->op)) + "=")) return;
    // `@s += v` is `@s = @s + v`, as in bpftrace: the sum is an integer,
    // which an aggregation's map does not hold.
    if (n->target->kind == ast::ExprKind::Map) {
      MapInfo *mi = map_for(static_cast<ast::MapRef *>(n->target), false);
      if (mi && mi->value.is_agg())
        diags_.error(n->range, "Type mismatch for " + mi->name + ": trying to assign value of type 'int64' when map "
                               "already contains a value of type '" + describe(mi->value) + "'");
    }
    return;
  }
  const Type &vt = n->value->type;
  if (vt.is_none()) return;
  if (n->target->kind == ast::ExprKind::Map) {
    auto *m = static_cast<ast::MapRef *>(n->target);
    for (auto *k : m->keys) walk(k);
    if (!check_key_kinds(m)) return;
    {
      std::vector<Type> elems;
      for (auto *k : m->keys) elems.push_back(key_storage_type(k->type));
      m->key_type = elems.empty() ? Type::none() : elems.size() == 1 ? elems[0] : Type::tuple(elems);
    }
    if (vt.is_record() || vt.is_array()) {
      // Copied whole into the map, as upstream.
      auto whole = whole_value(n->value, "a map value");
      if (whole) assign_map(m, *whole, n->range, agg);
      return;
    }
    assign_map(m, agg ? vt : map_value_type(vt), n->range, agg);
    return;
  }
  auto *v = static_cast<ast::Var *>(n->target);
  assign_var(v, vt.is_scalar() ? vt : storage_type(vt), vt, n->range);
}

// Stores a value of storage type `st` (`shown` as the script wrote it) in
// $v: declares it on first use, types a late `let $v;`, or checks the type.
bool TypeChecker::assign_var(ast::Var *v, const Type &st, const Type &shown, SourceRange where) {
  auto it = vars_.find(v->name);
  auto late = unassigned_.find(v->name);
  if (it == vars_.end() || (it->second.is_none() && late != unassigned_.end())) {
    if (!declare_var(v->name, st, where)) return false;
    if (late != unassigned_.end()) late->second->var_type = st;
  } else if (it->second.kind != st.kind || !it->second.compatible(st)) {
    diags_.error(where, "Type mismatch for " + v->name + ": trying to assign value of type '" +
                            describe(shown) + "' when variable already contains a value of type '" +
                            describe(it->second) + "'");
    return false;
  }
  if (late != unassigned_.end()) unassigned_.erase(late);
  v->type = vars_[v->name];
  return true;
}

// A declared type: an integer, bool or string name, or typeof of a value of one.
std::optional<Type> TypeChecker::let_type(ast::Let *n) {
  if (n->declared.of_expr) {
    if (!walk_typeof(n->declared)) return std::nullopt;
    auto t = resolve_type_name(c_types(), n->declared);
    if (!t) return std::nullopt;
    if ((t->is_int() || t->is_bool() || t->is_str())) return t->is_int() ? *t : storage_type(*t);
    diags_.error(n->declared.range, "typeof gives " + describe(*t) + ", which let can not declare yet");
    return std::nullopt;
  }
  auto it = n->declared.name == "bool" ? Type::boolean() : int_type_named(n->declared.name);
  if (!it && n->declared.name != "string") {
    diags_.error(n->declared.range, "type '" + n->declared.name + "' is not supported in let yet");
    return std::nullopt;
  }
  return it ? *it : Type::string(info_.strlen);
}

void TypeChecker::visit(ast::Let *n) {
  if (n->name.empty() || n->name[0] != '$') {
    diags_.error(n->range, "map declarations with let are not supported yet");
    return;
  }
  Type t;
  if (n->has_type) {
    auto it = let_type(n);
    if (!it) return;
    t = *it;
  }
  if (n->value) {
    walk(n->value);
    if (n->value->type.is_none()) return;
    if (n->has_type && (t.kind != n->value->type.kind)) {
      diags_.error(n->value->range, "can not initialise " + n->name + " of type " + describe(t) +
                                        " with a value of type " + describe(n->value->type));
      return;
    }
    if (!n->has_type) t = n->value->type.is_scalar() ? n->value->type : storage_type(n->value->type);
  }
  if (vars_.count(n->name)) {
    // Upstream's words for a let after the variable was first assigned.
    diags_.error(n->range, lets_.count(n->name) ? "Variable " + n->name + " is already declared"
                                                : "Variable declarations need to occur before variable usage or "
                                                  "assignment. Variable: " + n->name);
    return;
  }
  lets_.insert(n->name);
  if (!n->has_type && !n->value) {
    // Typed by its first assignment: the first round learns it, the final
    // round declares with it; one never assigned is an int64, read as 0.
    unassigned_[n->name] = n;
    if (!final_) {
      vars_[n->name] = Type::none();
      return;
    }
    t = n->var_type;
  }
  if (t.is_none()) t = Type::integer(64, true);
  if (!declare_var(n->name, t, n->range)) return;
  n->var_type = t;
}

// Variables live until the end of the block that declares them.
void TypeChecker::visit(ast::Block *n) {
  std::set<std::string> outer;
  for (auto &[name, _] : vars_) outer.insert(name);
  for (auto *s : n->stmts) walk(s);
  end_scope(outer);
}

void TypeChecker::end_scope(const std::set<std::string> &outer) {
  for (auto it = vars_.begin(); it != vars_.end();) {
    if (outer.count(it->first)) {
      ++it;
      continue;
    }
    if (auto at = declared_at_.find(it->first); at != declared_at_.end()) {
      ended_[it->first] = at->second;
      declared_at_.erase(at);
    }
    it = vars_.erase(it);
  }
  for (auto it = unassigned_.begin(); it != unassigned_.end();)
    it = outer.count(it->first) ? std::next(it) : unassigned_.erase(it);
  for (auto it = lets_.begin(); it != lets_.end();) it = outer.count(*it) ? std::next(it) : lets_.erase(it);
}

// { stmts; value }: the value is the last expression's; the block's own
// variables end with it, as a statement block's do.
void TypeChecker::visit(ast::BlockValue *n) {
  std::set<std::string> outer;
  for (auto &[name, _] : vars_) outer.insert(name);
  for (auto *s : n->body->stmts) walk(s);
  walk(n->value);
  end_scope(outer);
  if (n->value->type.is_agg()) {
    diags_.error(n->value->range, "an aggregation can not be the value of a block");
    return;
  }
  n->type = n->value->type;
}

// A probe keeps one stack slot per variable name, so a name declared again
// in another block must keep its type.
bool TypeChecker::declare_var(const std::string &name, const Type &t, SourceRange where) {
  auto it = var_slots_.find(name);
  if (it != var_slots_.end() && (it->second.kind != t.kind || !it->second.compatible(t))) {
    auto &d = diags_.error(where, "Type mismatch for " + name + ": a variable of that name holds '" +
                                      describe(it->second) + "' elsewhere in this probe, not '" + describe(t) + "'");
    d.hints.push_back("give it another name");
    return false;
  }
  var_slots_.emplace(name, t);
  if (!vars_.count(name)) declared_at_[name] = where;
  vars_[name] = it != var_slots_.end() ? it->second : t;
  return true;
}

void TypeChecker::visit(ast::If *n) {
  walk(n->cond);
  expect_int(n->cond, "an if condition");
  walk(n->then_block);
  walk(n->else_stmt);
}

void TypeChecker::visit(ast::While *n) {
  walk(n->cond);
  expect_int(n->cond, "a while condition");
  loop_depth_++;
  walk(n->body);
  loop_depth_--;
}

void TypeChecker::visit(ast::For *n) {
  Type var_t;
  if (n->map) {
    var_t = map_entry_type(static_cast<ast::MapRef *>(n->map));
  } else {
    walk(n->range_lo);
    walk(n->range_hi);
    expect_int(n->range_lo, "a range start");
    expect_int(n->range_hi, "a range end");
    var_t = Type::integer(64, true);
  }
  if (vars_.count(n->var)) {
    diags_.error(n->range, "Loop variable " + n->var + " is already declared: give it a name of its own");
    return;
  }
  if (var_t.is_none()) return;
  // A loop variable lives in the loop's callback, not in the probe's slots.
  vars_[n->var] = var_t;
  loop_depth_++;
  walk(n->body);
  loop_depth_--;
  // The loop variable lives in the loop only.
  vars_.erase(n->var);
}

// The type of $kv in `for ($kv : @m)`: (key, value), with count/sum/min/max
// read as their total over all CPUs.
Type TypeChecker::map_entry_type(ast::MapRef *m) {
  if (!m->keys.empty()) {
    diags_.error(m->range, "a for loop iterates over a whole map: write " + m->name + " without keys");
    return {};
  }
  MapInfo *mi = map_for(m, false);
  if (!mi || (mi->key.is_none() && mi->value.is_none())) {
    if (final_) diags_.error(m->range, "Undefined map: " + m->name);
    return {};
  }
  if (mi->key.is_none()) {
    diags_.error(m->range, "Loop over a map without keys: " + m->name + " holds a single value");
    return {};
  }
  Type v = mi->value;
  switch (v.kind) {
    case TypeKind::Count: case TypeKind::Sum: case TypeKind::Min: case TypeKind::Max: case TypeKind::Avg:
      v = Type::integer(64, v.is_signed || v.kind == TypeKind::Sum);
      break;
    case TypeKind::Stats: case TypeKind::Hist: case TypeKind::Lhist: case TypeKind::Tseries:
      diags_.error(m->range, "Loop over map with " + v.str() + " values is not supported: " + m->name);
      return {};
    default: break;
  }
  m->type = v;
  m->key_type = mi->key;
  return Type::tuple({mi->key, v});
}

// Upstream underlines `unroll(N)`, not the body after it.
static SourceRange unroll_head(const ast::Unroll *n) {
  SourceRange r{n->range.begin, n->count->range.end};
  r.end.col++;  // the closing parenthesis
  return r;
}

void TypeChecker::visit(ast::Unroll *n) {
  walk(n->count);
  if (n->count->kind != ast::ExprKind::Int) {
    diags_.error(unroll_head(n), "invalid unroll value").hints.push_back("unroll takes an integer literal, like unroll(5)");
    return;
  }
  auto c = static_cast<ast::IntLit *>(n->count)->value;
  if (c < 1 || c > 100) {
    diags_.error(unroll_head(n), c < 1 ? "unroll minimum value is 1" : "unroll maximum value is 100");
    return;
  }
  walk(n->body);
}

// Upstream takes only C sources, headers and objects inside a probe, which
// bpfsh can not build (it runs no clang).
void TypeChecker::visit(ast::ImportStmt *n) {
  auto ends = [&](const std::string &x) {
    return n->name.size() >= x.size() && n->name.compare(n->name.size() - x.size(), x.size(), x) == 0;
  };
  if (ends(".h") || ends(".c") || ends(".o"))
    diags_.error(n->range, "importing C sources, headers and BPF objects is not supported: " + n->name);
  else
    diags_.error(n->range, "Import statements that are not at the root are limited to specific object (.o), "
                           "header (.h), or C source (.c or bpf.c) files");
}

void TypeChecker::visit(ast::Jump *n) {
  walk(n->value);
  if (n->jump != ast::JumpKind::Return && loop_depth_ == 0)
    diags_.error(n->range, std::string(n->jump == ast::JumpKind::Break ? "break" : "continue") +
                               " used outside of a loop");
}

}  // namespace bpfsh::sema
