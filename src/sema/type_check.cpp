#include "sema/type_checker.h"

#include "sema/builtins.h"
#include "sema/c_types.h"
#include "sema/header_constants.h"
#include "common/suggest.h"
#include "sema/kernel_types.h"

namespace bpfsh::sema {

using ast::Type;
using ast::TypeKind;

std::string describe(const Type &t) {
  if (t.is_str()) return "string";
  return t.str();
}

void TypeChecker::check_probe(ProbeInstance &pi) {
  probe_ = &pi;
  vars_.clear();
  var_slots_.clear();
  declared_at_.clear();
  ended_.clear();
  loop_depth_ = 0;
  if (pi.predicate) {
    walk(pi.predicate);
    expect_int(pi.predicate, "predicate");
  }
  walk(pi.body);
}

// Strings kept in variables, maps and tuples get a common size so values of
// different origin (a literal, comm, str()) can be stored in the same slot.
Type TypeChecker::storage_type(const Type &t) const {
  if (t.is_str()) return Type::string(std::max(t.str_size, info_.strlen));
  if (t.is_buffer()) return Type::buffer(std::max(t.size, info_.strlen));
  if (t.is_tuple()) {
    Type r = t;
    for (auto &e : r.elems) e = storage_type(e);
    return r;
  }
  if (t.is_int()) return t.widened();
  return t;
}

// A map's string value keeps its own size, widened over every assignment
// (assign_map), as bpftrace's: forty `@s[i] = "SIGxxx"` take forty small
// values, not forty of max_strlen. A live session's maps keep the room.
Type TypeChecker::map_value_type(const Type &t) const {
  if (t.is_str() && !info_.live) return Type::string(t.str_size);
  return storage_type(t);
}

// Map keys keep each string's own size (comm: 16 bytes, not the 64 of a
// string variable), widened over every use of the map (widen_key below). The
// kernel hashes and compares the whole key on every event, so a smaller key
// is a cheaper event.
Type TypeChecker::key_storage_type(const Type &t) const {
  if (t.is_str()) return Type::string(t.str_size);
  if (t.is_array() || t.is_record()) {
    std::string why;  // check_key_kinds reports a failure
    return c_types().expand(t, why).value_or(t);
  }
  if (t.is_tuple()) {
    Type r = t;
    for (auto &e : r.elems) e = key_storage_type(e);
    return r;
  }
  if (t.is_int()) return t.widened();
  return t;
}

// Grows the string parts of a map's key to hold `from` too. The first pass
// sees every use, so codegen gets the final sizes.
static void widen_key(Type &into, const Type &from) {
  if (into.is_str() && from.is_str()) {
    into.str_size = std::max(into.str_size, from.str_size);
  } else if (into.is_tuple() && from.is_tuple() && into.elems.size() == from.elems.size()) {
    for (size_t i = 0; i < into.elems.size(); i++) widen_key(into.elems[i], from.elems[i]);
  }
}

bool TypeChecker::expect_int(ast::Expr *e, const std::string &what) {
  if (e->type.is_int_like() || e->type.is_none()) return true;
  diags_.error(e->range, what + " must be an integer, not " + describe(e->type));
  return false;
}

void TypeChecker::visit(ast::IntLit *n) {
  n->type = Type::integer(64, !n->is_unsigned);
}

void TypeChecker::visit(ast::BoolLit *n) { n->type = Type::boolean(); }

// A literal must fit a string of max_strlen bytes, NUL included, as in
// bpftrace; printf's (errorf's, warnf's) format and cgroupid's path, which
// never reach BPF, may be longer.
void TypeChecker::visit(ast::StrLit *n) {
  n->type = Type::string(n->value.size() + 1);
  if (n != long_literal_ok_ && n->value.size() > info_.strlen - 1)
    diags_.error(n->range, "String is too long (over " + std::to_string(info_.strlen) + " bytes): " + n->value);
}

void TypeChecker::visit(ast::Builtin *n) {
  if (n->name == "args" && probe_->type == ProbeType::Uprobe) return lower_uprobe_args(n);
  if (n->name == "args" || n->name == "pkt") {
    diags_.error(n->range, n->name + " must be used with a field: " +
                               (n->name == "args" ? "args.NAME" : "pkt.len, pkt.ip.saddr, pkt.tcp.dport, ..."));
    return;
  }
  auto b = lookup_builtin(n->name, info_.strlen);
  if (!b && enum_constant(n)) return;
  if (!b) {
    auto &d = diags_.error(n->range, "Unknown identifier: '" + n->name + "'");
    if (auto near = closest_name(n->name, header_constant_names())) d.hints.push_back("did you mean '" + *near + "'?");
    return;
  }
  if (!(b->probes & probe_bit(probe_->type))) {
    diags_.error(n->range, "The " + n->name + " builtin can not be used with '" + probe_->display + "' probes");
    return;
  }
  n->type = b->type;
  if (!check_probe_builtin(n) || lower_builtin(n)) return;
  if (n->name == "retval" && probe_->type == ProbeType::Fexit) return check_fexit_retval(n);
  if (n->name == "retval" && probe_->type == ProbeType::Uretprobe) return check_uretprobe_retval(n);
  // With kernel BTF, curtask is a typed pointer: curtask->pid works.
  if (n->name == "curtask")
    if (auto task = c_types().named("struct task_struct")) n->type = Type::pointer(*task);
  // probe and func are known per attach point, and each attach point has a
  // body of its own (probe_expansion.h).
  if (n->name == "probe" || n->name == "func")
    n->type = Type::string(static_cast<uint32_t>((n->name == "probe" ? probe_->probe_name() : probe_->func).size() + 1));
  // In a uprobe, func is the symbol of the probed address, as usym() gives it.
  bool uprobe = probe_->type == ProbeType::Uprobe || probe_->type == ProbeType::Uretprobe;
  if (n->name == "func" && uprobe) n->type = Type::symbol(true);
  if (n->type.is_stack()) n->type.stack_mode = default_stack_mode(n->name == "ustack");
  if (n->name == "ustack" && ustack_by_dwarf(n->type.stack_mode)) n->type.dwarf_unwind = true;
  if (n->type.dwarf_unwind) info_.dw_samples = true;
}

void TypeChecker::visit(ast::Var *n) {
  auto it = vars_.find(n->name);
  if (it == vars_.end()) {
    auto &d = diags_.error(n->range, "Undefined or undeclared variable: " + n->name);
    if (auto e = ended_.find(n->name); e != ended_.end())
      d.hints.push_back(n->name + " was declared in a block that ended before this (line " +
                        std::to_string(e->second.begin.line) + "): declare it before that block, as in `let " +
                        n->name + ";`");
    return;
  }
  if (final_ && unassigned_.count(n->name)) diags_.warning(n->range, "Variable used before it was assigned: " + n->name);
  n->type = it->second;
}

MapInfo *TypeChecker::map_for(ast::MapRef *m, bool create) {
  auto it = info_.map_index.find(m->name);
  if (it != info_.map_index.end()) return &info_.maps[it->second];
  if (!create) return nullptr;
  info_.map_index[m->name] = info_.maps.size();
  MapInfo mi;
  mi.name = m->name;
  mi.first_use = m->range;
  info_.maps.push_back(mi);
  return &info_.maps.back();
}

// Keys that can not be one. An array or struct is copied whole into the
// key (its bytes, not its address), laid out to be printed.
bool TypeChecker::check_key_kinds(ast::MapRef *n) {
  bool ok = true;
  for (auto *k : n->keys) {
    if (k->type.is_agg()) {
      diags_.error(k->range, "an aggregation can not be used as a map key");
      ok = false;
    } else if ((k->type.is_array() || k->type.is_record()) && !whole_value(k, "a map key")) {
      ok = false;
    }
  }
  return ok;
}

// An array or struct stored in a map: its bytes, with its members' places
// for printing; nullopt (reported) when it can not be laid out.
std::optional<Type> TypeChecker::whole_value(ast::Expr *e, const std::string &as) {
  std::string why;
  auto x = c_types().expand(e->type, why);
  if (!x) {
    diags_.error(e->range, "Can not use a value of type '" + e->type.str() + "' as " + as + ": " + why);
    return std::nullopt;
  }
  if (x->c_size() > kMaxPrintedRecord) {
    diags_.error(e->range, "Can not use " + e->type.str() + " as " + as + ": it is " + std::to_string(x->c_size()) +
                               " bytes, more than the " + std::to_string(kMaxPrintedRecord) + " a map holds");
    return std::nullopt;
  }
  return x;
}

// Checks a map's keys against earlier uses and records the key type.
static bool castable_agg(TypeKind k) {
  return k == TypeKind::Count || k == TypeKind::Sum || k == TypeKind::Min || k == TypeKind::Max || k == TypeKind::Avg;
}

void TypeChecker::visit(ast::MapRef *n) {
  for (auto *k : n->keys) walk(k);
  Type key;
  if (n->keys.size() == 1) {
    key = key_storage_type(n->keys[0]->type);
  } else if (n->keys.size() > 1) {
    std::vector<Type> elems;
    for (auto *k : n->keys) elems.push_back(key_storage_type(k->type));
    key = Type::tuple(elems);
  }
  check_key_kinds(n);
  n->key_type = key;
  MapInfo *mi = map_for(n, false);
  // A declared map exists before anything is stored in it.
  bool never_stored = mi && mi->key.is_none() && mi->value.is_none() && !mi->declared_kind.empty();
  if (!mi || never_stored) {
    if (final_) diags_.error(n->range, "Undefined map: " + n->name);
    return;
  }
  if (!mi->key.is_none() || !mi->value.is_none()) {
    bool key_ok = mi->key.kind == key.kind && (key.is_none() || mi->key.compatible(key)) &&
                  (!key.is_array() || key.str() == mi->key.str());
    if (!key_ok && !(mi->key.is_none() && mi->value.is_none())) {
      diags_.error(n->range, "Argument mismatch for " + n->name + ": trying to access with arguments: [" +
                                 describe(key) + "] when map expects arguments: [" + describe(mi->key) + "]");
      return;
    }
    widen_key(mi->key, key);
  }
  n->type = mi->value;
  // count, sum, min, max and avg read as the integer they print as (all
  // CPUs combined), as bpftrace's castable aggregations: they compare,
  // cast, and go into tuples and keys.
  if (castable_agg(n->type.kind))
    n->type = Type::integer(64, n->type.is_signed || n->type.kind == TypeKind::Sum);
}

void TypeChecker::assign_map(ast::MapRef *m, const Type &value, SourceRange where, ast::Call *agg) {
  MapInfo *mi = map_for(m, true);
  if (mi->value.is_none() && mi->key.is_none()) {
    mi->key = m->key_type;
    mi->value = value;
  } else if (value.is_array() && mi->value.is_array() && value.str() != mi->value.str()) {
    // Upstream's words: arrays of another size or element are not widened.
    diags_.error(where, "Array type mismatch: " + mi->value.str() + " != " + value.str() + ".");
    return;
  } else if (!mi->value.compatible(value)) {
    diags_.error(where, "Type mismatch for " + m->name + ": trying to assign value of type '" +
                            describe(value) + "' when map already contains a value of type '" +
                            describe(mi->value) + "'");
    return;
  } else if (mi->key.kind != m->key_type.kind || !mi->key.compatible(m->key_type) ||
             (mi->key.is_array() && mi->key.str() != m->key_type.str())) {
    diags_.error(m->range, "Argument mismatch for " + m->name + ": trying to access with arguments: [" +
                               describe(m->key_type) + "] when map expects arguments: [" +
                               describe(mi->key) + "]");
    return;
  } else if (value.is_str() && value.str_size > mi->value.str_size) {
    if (mi->fixed) {
      diags_.error(where, "Type mismatch for " + m->name + ": trying to assign a string of " +
                              std::to_string(value.str_size) + " bytes when the map already holds strings of " +
                              std::to_string(mi->value.str_size) + " bytes");
      return;
    }
    mi->value.str_size = value.str_size;
  }
  widen_key(mi->key, m->key_type);
  if (agg && agg->name == "lhist" && agg->args.size() == 4) {
    auto lit = [](ast::Expr *e) { return static_cast<int64_t>(static_cast<ast::IntLit *>(e)->value); };
    int64_t lo = lit(agg->args[1]), hi = lit(agg->args[2]), step = lit(agg->args[3]);
    if (mi->fixed && (lo != mi->lhist_min || hi != mi->lhist_max || step != mi->lhist_step)) {
      diags_.error(where, "Type mismatch for " + m->name + ": lhist(min " + std::to_string(lo) + ", max " +
                              std::to_string(hi) + ", step " + std::to_string(step) +
                              ") when the map already holds lhist(min " + std::to_string(mi->lhist_min) +
                              ", max " + std::to_string(mi->lhist_max) + ", step " +
                              std::to_string(mi->lhist_step) + ")");
      return;
    }
    mi->lhist_min = lo;
    mi->lhist_max = hi;
    mi->lhist_step = step;
  }
  if (agg && agg->name == "tseries" && agg->args.size() >= 3) record_tseries(mi, agg, where);
  if (agg && agg->name == "hist") {
    uint32_t bits = agg->args.size() == 2 ? uint32_t(static_cast<ast::IntLit *>(agg->args[1])->value) : 0;
    if (mi->fixed && bits != mi->hist_bits) {
      diags_.error(where, "Type mismatch for " + m->name + ": hist(bits " + std::to_string(bits) +
                              ") when the map already holds hist(bits " + std::to_string(mi->hist_bits) + ")");
      return;
    }
    mi->hist_bits = bits;
  }
  m->type = mi->value;
}

// One map holds one series shape: every tseries() into it has the same
// interval, number and aggregation, as its slots are laid out by them.
void TypeChecker::record_tseries(MapInfo *mi, const ast::Call *agg, const SourceRange &where) {
  auto lit = [&](size_t i) { return static_cast<const ast::IntLit *>(agg->args[i])->value; };
  uint64_t interval = lit(1);
  auto num = static_cast<uint32_t>(lit(2));
  std::string how = agg->args.size() == 4 ? static_cast<const ast::StrLit *>(agg->args[3])->value : "";
  bool set = mi->tseries_num != 0;
  if (set && (interval != mi->tseries_interval || num != mi->tseries_num || how != mi->tseries_agg)) {
    diags_.error(where, "Type mismatch for " + mi->name + ": tseries(interval " + std::to_string(interval) +
                            ", num " + std::to_string(num) + ") when the map already holds tseries(interval " +
                            std::to_string(mi->tseries_interval) + ", num " + std::to_string(mi->tseries_num) + ")");
    return;
  }
  mi->tseries_interval = interval;
  mi->tseries_num = num;
  mi->tseries_agg = how;
}

void TypeChecker::visit(ast::Binary *n) {
  walk(n->lhs);
  walk(n->rhs);
  const Type &l = n->lhs->type, &r = n->rhs->type;
  if (l.is_none() || r.is_none()) return;
  bool cmp_eq = n->op == ast::BinOp::Eq || n->op == ast::BinOp::Ne;
  if ((l.is_str() && r.is_str() && cmp_eq) || (l.is_buffer() && r.is_buffer() && cmp_eq)) {
    n->type = Type::boolean();
    return;
  }
  if (l.is_array() || r.is_array()) return check_array_compare(n);
  // Pointer arithmetic keeps the pointer's type; codegen scales by its pointee.
  if (l.is_ptr() || r.is_ptr()) {
    n->type = pointer_binary(n->range, n->op, l, r);
    return;
  }
  if (!l.is_int_like() || !r.is_int_like()) {
    auto &d = diags_.error(n->range, std::string("operator ") + ast::binop_str(n->op) + " can not be applied to " +
                                         describe(l) + " and " + describe(r));
    for (ast::Expr *e : {n->lhs, n->rhs})
      if (e->kind == ast::ExprKind::Field && static_cast<ast::Field *>(e)->data_loc)
        d.hints.push_back("args." + static_cast<ast::Field *>(e)->field +
                          " is a __data_loc field, the address of its data: read the string with str(args." +
                          static_cast<ast::Field *>(e)->field + ")");
    return;
  }
  // Any operator between two bools gives a bool, as bpftrace's does.
  if (l.is_bool() && r.is_bool()) {
    n->type = Type::boolean();
    return;
  }
  switch (n->op) {
    // Comparisons and logic give bools, as in bpftrace v0.26: a map keyed
    // by one prints `@[true]`, printf's %d still gives 1 or 0.
    case ast::BinOp::Eq: case ast::BinOp::Ne: case ast::BinOp::Lt: case ast::BinOp::Le:
    case ast::BinOp::Gt: case ast::BinOp::Ge: case ast::BinOp::LogAnd: case ast::BinOp::LogOr:
      n->type = Type::boolean();
      return;
    default:
      // Arithmetic is done in 64 bits; it stays signed unless an operand is unsigned 64-bit.
      bool is_unsigned = (!l.is_signed && l.bits == 64) || (!r.is_signed && r.bits == 64);
      n->type = Type::integer(64, !is_unsigned);
  }
}

void TypeChecker::visit(ast::Unary *n) {
  bool var = n->operand->kind == ast::ExprKind::Var, map = n->operand->kind == ast::ExprKind::Map;
  bool builtin = n->operand->kind == ast::ExprKind::Builtin;
  // What &$x points at may be written through the pointer: not a read.
  if (var && n->op == ast::UnOp::AddrOf) unassigned_.erase(static_cast<ast::Var *>(n->operand)->name);
  walk(n->operand);
  if (n->op == ast::UnOp::AddrOf && n->operand->kind != ast::ExprKind::Field && !var && !map && !builtin) {
    diags_.error(n->range, "the & operator can only take the address of a struct or union member, a scratch "
                           "variable, a map value or a builtin");
    return;
  }
  if (n->operand->type.is_none()) return;
  if (n->op == ast::UnOp::AddrOf && builtin && static_cast<ast::Builtin *>(n->operand)->is_enum_const) {
    diags_.error(n->range, "the & operator takes no address of a constant: " +
                               static_cast<ast::Builtin *>(n->operand)->name + " is a number");
    return;
  }
  if (n->op == ast::UnOp::AddrOf && (var || map || builtin)) {
    // &$x: the variable's own slot on the BPF stack, where an integer's low
    // bytes come first and a string's or tuple's bytes are held whole;
    // &@m[k]: the value in the map, 0 when the key has none; &comm: a copy
    // of the builtin's value, made where & is. A struct or array value is
    // held as the address of its bytes, which & gives. A per-CPU map's
    // value is one per CPU: no address.
    const Type &t = n->operand->type;
    const MapInfo *mi = map ? map_for(static_cast<ast::MapRef *>(n->operand), false) : nullptr;
    bool percpu = mi && (mi->value.kind != t.kind || mi->declared_kind.find("percpu") != std::string::npos);
    bool bytes = t.is_int() || t.is_ptr() || t.is_str() || t.is_tuple() || t.is_record() || t.is_array();
    if (!bytes || percpu) {
      diags_.error(n->range, std::string("the & operator takes the address of an integer, pointer, string, tuple, "
                                         "struct or array ") + (map ? "map value" : builtin ? "builtin" : "variable") +
                                 ", not of " + (percpu ? "a per-CPU value" : describe(t)));
      return;
    }
    n->type = Type::pointer(t);
    return;
  }
  if (n->op == ast::UnOp::Deref) {
    check_deref(n);
    return;
  }
  if (n->op == ast::UnOp::AddrOf) {
    check_address_of(n);
    return;
  }
  // Upstream takes only ++, -- and * on pointers.
  if (n->operand->type.is_ptr()) {
    diags_.error(n->range, std::string("The ") + ast::unop_str(n->op) +
                               " operator can not be used on expressions of type '" + describe(n->operand->type) + "'");
    return;
  }
  if (!expect_int(n->operand, std::string("the operand of ") + ast::unop_str(n->op))) return;
  switch (n->op) {
    case ast::UnOp::LogNot: n->type = Type::boolean(); break;
    case ast::UnOp::Neg: n->type = Type::integer(64, true); break;
    default: n->type = Type::integer(64, n->operand->type.is_signed);
  }
}

// The target of ++/-- or op=: a map never assigned yet starts as an integer
// (its missing value counts as 0); a variable must exist.
void TypeChecker::walk_updated(ast::Expr *target, SourceRange where) {
  if (target->kind != ast::ExprKind::Map) {
    walk(target);
    return;
  }
  auto *m = static_cast<ast::MapRef *>(target);
  walk(m);
  if (!map_for(m, false) || map_for(m, false)->value.is_none())
    assign_map(m, Type::integer(64, true), where, nullptr);
}

void TypeChecker::visit(ast::IncDec *n) {
  if (n->target->kind != ast::ExprKind::Var && n->target->kind != ast::ExprKind::Map) {
    walk(n->target);
    diags_.error(n->range, std::string("The ") + (n->is_increment ? "++" : "--") +
                               " operator must be applied to a map or variable");
    return;
  }
  walk_updated(n->target, n->range);
  if (n->target->type.is_none()) return;
  // A pointer steps one pointee, as C's does.
  if (!n->target->type.is_int() && !n->target->type.is_ptr()) {
    diags_.error(n->range, "++ and -- need an integer variable or map, not " + describe(n->target->type));
    return;
  }
  n->type = storage_type(n->target->type);
}

void TypeChecker::visit(ast::Ternary *n) {
  walk(n->cond);
  walk(n->then_expr);
  walk(n->else_expr);
  expect_int(n->cond, "a condition");
  const Type &a = n->then_expr ? n->then_expr->type : n->cond->type;
  const Type &b = n->else_expr->type;
  if (a.is_none() || b.is_none()) return;
  if (a.kind != b.kind || !a.compatible(b)) {
    diags_.error(n->range, std::string("the branches of ") + (n->is_if ? "if" : "?:") +
                               " have different types: " + describe(a) + " and " + describe(b));
    return;
  }
  n->type = a.is_str() ? Type::string(std::max(a.str_size, b.str_size))
                       : (a.is_int() ? Type::integer(64, a.is_signed && b.is_signed) : a);
}

void TypeChecker::visit(ast::TupleIndex *n) {
  walk(n->base);
  if (n->base->type.is_none()) return;
  if (!n->base->type.is_tuple()) {
    diags_.error(n->range, "can not index " + describe(n->base->type) + " with ." + std::to_string(n->index));
    return;
  }
  if (n->index < 0 || static_cast<size_t>(n->index) >= n->base->type.elems.size()) {
    diags_.error(n->range, "tuple index " + std::to_string(n->index) + " is out of range for " +
                               describe(n->base->type));
    return;
  }
  n->type = n->base->type.elems[n->index];
}

// A tuple element's type, as bpftrace v0.26 gives it: an integer literal
// the smallest unsigned type that holds it, other values their own type
// (variables and maps hold tuples with 64-bit integers: storage_type()); a
// struct or array is held whole, so it is expanded to be printed.
Type TypeChecker::tuple_elem(ast::Expr *e) {
  if (e->kind == ast::ExprKind::Int) {
    uint64_t v = static_cast<ast::IntLit *>(e)->value;
    bool negative = e->type.is_signed && int64_t(v) < 0;
    if (!negative) return Type::integer(v <= 0xff ? 8 : v <= 0xffff ? 16 : v <= 0xffffffff ? 32 : 64, false);
  }
  if (e->type.is_record() || e->type.is_array()) expand_for_print(e);
  return e->type;
}

void TypeChecker::visit(ast::Tuple *n) {
  std::vector<Type> elems;
  for (auto *e : n->elems) {
    walk(e);
    if (e->type.is_none()) return;
    if (e->type.is_agg()) {
      diags_.error(e->range, "an aggregation can not be part of a tuple");
      return;
    }
    elems.push_back(tuple_elem(e));
  }
  n->type = Type::tuple(elems);
}

// (a = 1, b = "x"): a tuple whose elements have names.
void TypeChecker::visit(ast::Record *n) {
  std::vector<Type> elems;
  for (size_t i = 0; i < n->elems.size(); i++) {
    auto *e = n->elems[i];
    for (size_t k = 0; k < i; k++)
      if (n->names[k] == n->names[i]) {
        diags_.error(e->range, "Duplicate field name in a record: " + n->names[i]);
        return;
      }
    walk(e);
    if (e->type.is_none()) return;
    if (e->type.is_agg()) {
      diags_.error(e->range, "an aggregation can not be part of a record");
      return;
    }
    elems.push_back(tuple_elem(e));
  }
  n->type = Type::named_tuple(elems, n->names);
}

}  // namespace bpfsh::sema
