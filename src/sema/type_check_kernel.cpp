// Type rules for C values in kernel memory: members (`->`, `.`), tracepoint
// and raw tracepoint `args`, casts, dereference, indexing and sizeof.
#include "sema/builtins.h"
#include "sema/c_types.h"
#include "sema/kernel_types.h"
#include "common/suggest.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

namespace {

// A tuple's index is known before the program runs: a literal, or + - * of
// literals (`$t[1 - 1]`).
std::optional<int64_t> constant_index(const ast::Expr *e) {
  if (e->kind == ast::ExprKind::Int) return static_cast<int64_t>(static_cast<const ast::IntLit *>(e)->value);
  if (e->kind == ast::ExprKind::Unary && static_cast<const ast::Unary *>(e)->op == ast::UnOp::Neg) {
    auto v = constant_index(static_cast<const ast::Unary *>(e)->operand);
    return v ? std::optional<int64_t>(-*v) : std::nullopt;
  }
  if (e->kind != ast::ExprKind::Binary) return std::nullopt;
  auto *b = static_cast<const ast::Binary *>(e);
  auto l = constant_index(b->lhs), r = constant_index(b->rhs);
  if (!l || !r) return std::nullopt;
  switch (b->op) {
    case ast::BinOp::Add: return *l + *r;
    case ast::BinOp::Sub: return *l - *r;
    case ast::BinOp::Mul: return *l * *r;
    default: return std::nullopt;
  }
}

}  // namespace

std::string type_name(const ast::TypeName &t) {
  std::string s = t.name + (t.pointer_depth ? " " + std::string(t.pointer_depth, '*') : "");
  if (t.array_size >= 0) s += "[" + (t.array_size ? std::to_string(t.array_size) : std::string()) + "]";
  for (auto d : t.inner_dims) s += "[" + std::to_string(d) + "]";
  return s;
}

// T[A][B]...: arrays of arrays, the first size outermost.
static Type with_dims(Type base, const ast::TypeName &t) {
  if (t.array_size < 0) return base;
  for (auto it = t.inner_dims.rbegin(); it != t.inner_dims.rend(); ++it) base = Type::array(base, *it);
  return Type::array(base, uint32_t(t.array_size));
}

// A script's type name: integer names first, then the script's own C
// types, then the kernel's.
std::optional<Type> resolve_type_name(const CTypes &types, const ast::TypeName &t) {
  if (t.of_expr) {
    if (t.of_expr->type.is_none()) return std::nullopt;
    Type base = t.of_expr->type;
    for (int i = 0; i < t.pointer_depth; i++) base = Type::pointer(base);
    return with_dims(base, t);
  }
  std::optional<Type> base = int_type_named(t.name);
  if (!base && t.name != "void") base = types.named(t.name);
  if (!base && !(t.name == "void" && t.pointer_depth)) return std::nullopt;
  for (int i = 0; i < t.pointer_depth; i++) base = Type::pointer(base);
  return with_dims(*base, t);
}

void unknown_type(Diagnostics &diags, KernelTypes &kernel, const ast::TypeName &t) {
  auto &d = diags.error(t.range, "Unknown type: " + type_name(t));
  std::string why;
  if (!kernel.available(&why)) d.hints.push_back(why);
}

// $r.name on a record literal's value: the element's type and byte offset.
void TypeChecker::record_field(ast::Field *n) {
  const Type &bt = n->base->type;
  for (size_t i = 0; i < bt.field_names.size(); i++) {
    if (bt.field_names[i] != n->field) continue;
    n->offset = bt.elem_offset(i);
    n->type = bt.elems[i];
    return;
  }
  auto &d = diags_.error(n->range, "Record has no field named '" + n->field + "'");
  if (auto near = closest_name(n->field, bt.field_names)) d.hints.push_back("did you mean '" + *near + "'?");
}

void TypeChecker::visit(ast::Field *n) {
  if (check_net_field(n)) return;
  if (n->base->kind == ast::ExprKind::Builtin && static_cast<ast::Builtin *>(n->base)->name == "args") {
    check_args_field(n);
    return;
  }
  walk(n->base);
  const Type &bt = n->base->type;
  if (bt.is_none()) return;
  if (bt.is_tuple() && !bt.field_names.empty()) return record_field(n);
  const Type *rec = bt.is_record() ? &bt : nullptr;
  if (bt.is_ptr() && !bt.elems.empty() && bt.elems[0].is_record()) rec = &bt.elems[0];
  if (!rec) {
    auto &d = diags_.error(n->range, "Can not access field '" + n->field + "' on a value of type '" + bt.str() + "'");
    if (bt.is_tuple()) d.hints.push_back("tuple elements are numbered: .0, .1, ...");
    if (bt.is_int()) d.hints.push_back("cast it to a struct pointer first: ((struct NAME *)expr)->" + n->field);
    return;
  }
  if (n->is_arrow && !bt.is_ptr()) {
    diags_.error(n->range, "'->' needs a pointer, but this is a " + bt.str() + ": use '.'");
    return;
  }
  CTypes types = c_types();
  auto m = types.member(*rec, n->field);
  if (!m) {
    auto &d = diags_.error(n->range, rec->name + " has no field named '" + n->field + "'");
    std::string near = types.closest_member(*rec, n->field);
    if (!near.empty()) d.hints.push_back("did you mean '" + near + "'?");
    return;
  }
  n->offset = m->offset;
  n->bit_offset = m->bit_offset;
  n->bit_size = m->bit_size;
  n->type = m->type;
  // Bitfields keep the offsets of the kernel they were compiled on (see
  // docs/kernel-types.md); the root of a relocation must have a name.
  if (!m->bit_size && !m->path.empty() && !m->path[0].record_name.empty()) n->core_path = m->path;
}

void TypeChecker::check_args_field(ast::Field *n) {
  if (probe_->type == ProbeType::RawTracepoint) {
    auto params = info_.kernel_types->raw_tracepoint_params(probe_->target);
    if (!params) {
      diags_.error(n->range, "the arguments of raw tracepoint '" + probe_->target + "' are not known (no BTF)");
      return;
    }
    for (auto &p : *params) {
      if (p.name != n->field) continue;
      n->offset = p.offset;
      n->type = p.type;
      return;
    }
    auto &d = diags_.error(n->range, "raw tracepoint " + probe_->target + " has no argument named '" + n->field + "'");
    std::string names;
    for (auto &p : *params) names += (names.empty() ? "" : ", ") + p.name;
    if (!names.empty()) d.hints.push_back("its arguments are: " + names);
    return;
  }
  if (probe_->type == ProbeType::Fentry || probe_->type == ProbeType::Fexit) return check_fentry_arg(n);
  if (probe_->type == ProbeType::Uprobe) return check_uprobe_arg(n);
  if (probe_->type != ProbeType::Tracepoint) {
    diags_.error(n->range, "args is not available for '" + probe_->display + "' probes yet");
    return;
  }
  for (auto &f : probe_->fields) {
    if (f.name != n->field) continue;
    n->offset = f.offset;
    if (f.is_data_loc) {
      // An address, as bpftrace's: str() reads a char[] one.
      n->data_loc = true;
      n->type = Type::integer(64, false);
    } else if (f.is_array && f.c_type.find("char") != std::string::npos && f.c_type.find("][") == std::string::npos) {
      n->type = Type::string(f.size);
    } else if (f.is_array || f.is_pointer) {
      // Typed from BTF when the kernel has it; a bare address otherwise.
      auto t = info_.kernel_types->parse(f.c_type);
      if (t)
        n->type = *t;
      else if (f.is_pointer)
        n->type = Type::pointer(std::nullopt);
      else
        diags_.error(n->range, "array field '" + f.name + "' of type " + f.c_type + " is not known without BTF");
    } else {
      n->type = Type::integer(f.size * 8 > 64 ? 64 : f.size * 8, f.is_signed);
      // An enum field prints by name: its enumerators come from BTF.
      if (f.c_type.rfind("enum ", 0) == 0)
        if (auto e = c_types().named(f.c_type); e && e->enum_def) n->type.enum_def = e->enum_def;
    }
    return;
  }
  auto &d = diags_.error(n->range, "tracepoint " + probe_->target + ":" + probe_->func +
                                       " has no field named '" + n->field + "'");
  std::string names;
  for (auto &f : probe_->fields) names += (names.empty() ? "" : ", ") + f.name;
  if (!names.empty()) d.hints.push_back("its fields are: " + names);
}

void TypeChecker::check_deref(ast::Unary *n) {
  const Type &t = n->operand->type;
  // An integer is an address of a u64, as bpftrace reads it: the idiom
  // `*kaddr("avenrun")`.
  if (t.is_int()) {
    n->type = Type::integer(64, false);
    return;
  }
  if (!t.is_ptr()) {
    diags_.error(n->range, "Can not dereference a value of type '" + t.str() + "'");
    return;
  }
  if (t.elems.empty()) {
    auto &d = diags_.error(n->range, "Can not dereference a void pointer");
    d.hints.push_back("cast it to a typed pointer first, e.g. *(int32 *)ptr");
    return;
  }
  n->type = t.elems[0];
}

// &x->member: the member's kernel address, typed (not for args of the context).
void TypeChecker::check_address_of(ast::Unary *n) {
  auto *f = static_cast<ast::Field *>(n->operand);
  bool is_args = f->base->kind == ast::ExprKind::Builtin && static_cast<ast::Builtin *>(f->base)->name == "args";
  if (is_args || f->bit_size) {
    diags_.error(n->range, is_args ? "Can not take the address of a context argument"
                                   : "Can not take the address of a bitfield");
    return;
  }
  n->type = Type::pointer(f->type);
}

void TypeChecker::visit(ast::Index *n) {
  walk(n->base);
  walk(n->index);
  const Type &bt = n->base->type;
  if (bt.is_none() || n->index->type.is_none()) return;
  if (!expect_int(n->index, "an index")) return;
  if (bt.is_tuple()) {
    // $t[i] is $t.i: codegen reads the element the tuple index names.
    auto i = constant_index(n->index);
    if (!i) {
      diags_.error(n->index->range, "a tuple index must be known before the program runs: an integer literal");
      return;
    }
    if (*i < 0 || static_cast<size_t>(*i) >= bt.elems.size()) {
      diags_.error(n->index->range, "tuple index " + std::to_string(*i) + " is out of range for " + describe(bt));
      return;
    }
    if (!n->lowered) n->lowered = info_.lowered_node<ast::TupleIndex>(n->range);
    auto *ti = static_cast<ast::TupleIndex *>(n->lowered);
    ti->base = n->base;
    ti->index = static_cast<int>(*i);
    n->type = ti->type = bt.elems[ti->index];
    return;
  }
  bool str = bt.is_str();
  if (((bt.is_array() || bt.is_ptr()) && !bt.elems.empty()) || str) {
    // A literal index past a sized array's or string's end never reads it.
    uint32_t count = str ? bt.str_size : (bt.is_array() ? bt.count : 0);
    if (count != 0 && n->index->kind == ast::ExprKind::Int) {
      uint64_t i = static_cast<ast::IntLit *>(n->index)->value;
      if (i >= count) {
        diags_.error(n->index->range, "the index " + std::to_string(i) + " is out of bounds for " +
                                          (str ? "string" : "array") + " of size " + std::to_string(count));
        return;
      }
    }
    // A string's element is one of its chars.
    n->type = str ? Type::integer(8, true) : bt.elems[0];
    return;
  }
  diags_.error(n->range, "Can not index a value of type '" + bt.str() + "'");
}

// typeof(expr) names the type of an expression that is checked, never run.
bool TypeChecker::walk_typeof(ast::TypeName &t) {
  if (!t.of_expr) return true;
  walk(t.of_expr);
  if (t.of_expr->type.is_none() && t.of_expr->kind == ast::ExprKind::Call)
    diags_.error(t.of_expr->range, "typeof: " + static_cast<ast::Call *>(t.of_expr)->name + "() gives no value");
  return !t.of_expr->type.is_none();
}

void TypeChecker::visit(ast::Sizeof *n) {
  if (!walk_typeof(n->of_type)) return;
  if (n->of_expr) {
    walk(n->of_expr);
    if (n->of_expr->type.is_none()) return;
    n->size = n->of_expr->type.c_size();
  } else {
    auto t = resolve_type_name(c_types(), n->of_type);
    if (!t) {
      unknown_type(diags_, *info_.kernel_types, n->of_type);
      return;
    }
    n->size = t->c_size();
  }
  n->type = Type::integer(64, false);
}

}  // namespace bpfsh::sema
