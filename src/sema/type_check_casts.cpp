// Casts, with bpftrace v0.26's rules and words:
//   (bool)x          an integer or pointer non-zero, a string non-empty
//   (T)x, (T *)x     integers and pointers to one another
//   (T[N])x, (T[])x  an integer's bytes as an integer array of the same size
//                    (T[] takes the size from x); (T)a the other way round
// A struct or array value can not be cast to: it is read through a pointer.
#include "sema/c_types.h"
#include "sema/kernel_types.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

namespace {

// Upstream's name for a type in cast errors: strings carry their size.
std::string cast_name(const Type &t) {
  return t.is_str() ? "string[" + std::to_string(t.str_size) + "]" : describe(t);
}

}  // namespace

void TypeChecker::cast_to_bool(ast::Cast *n) {
  const Type &o = n->operand->type;
  if (o.is_none()) return;
  if (!o.is_int_like() && !o.is_str()) {
    diags_.error(n->range, "Can not cast a value of type " + o.str() + " to bool");
    return;
  }
  n->type = Type::boolean();
}

void TypeChecker::visit(ast::Cast *n) {
  if (!walk_typeof(n->target)) return;
  walk(n->operand);
  if (n->target.array_size >= 0) return check_array_cast(n);
  const Type &o = n->operand->type;
  if (n->target.name == "bool" && n->target.pointer_depth == 0) return cast_to_bool(n);
  auto t = resolve_type_name(c_types(), n->target);
  if (!t) {
    unknown_type(diags_, *info_.kernel_types, n->target);
    return;
  }
  if (t->is_bool()) return cast_to_bool(n);
  if (t->is_str() || t->is_tuple()) {
    diags_.error(n->target.range, "Can not cast to " + describe(*t) + ": only to integers, pointers and bool");
    return;
  }
  if (t->is_record() || t->is_array()) {
    diags_.error(n->target.range, "Can not cast to a " + t->str() + " value; cast to a pointer: (" +
                                      type_name(n->target) + " *)");
    return;
  }
  if (o.is_array()) {
    // An array's bytes as one integer of the same size.
    if (!t->is_int() || t->c_size() != o.c_size()) {
      diags_.error(n->range, "Cannot cast from \"" + cast_name(o) + "\" to \"" + cast_name(*t) + "\"");
      return;
    }
    n->type = *t;
    return;
  }
  if (!o.is_none() && expect_int(n->operand, "the operand of a cast")) n->type = *t;
}

// (T[N])x and (T[])x: x an integer, the array exactly its size.
void TypeChecker::check_array_cast(ast::Cast *n) {
  const Type &o = n->operand->type;
  auto t = resolve_type_name(c_types(), n->target);
  if (!t) {
    unknown_type(diags_, *info_.kernel_types, n->target);
    return;
  }
  // T[A][B]: the integers are the innermost elements.
  const Type *inner = &t->elems[0];
  while (inner->is_array()) inner = &inner->elems[0];
  const Type &elem = t->elems[0];
  if (o.is_record()) {
    diags_.error(n->range, "Cannot cast from struct type \"" + o.str() + "\"");
    return;
  }
  if (o.is_none()) return;
  bool bits = n->target.name == "bool" && !n->target.pointer_depth;
  if (!inner->is_int() || bits) {
    diags_.error(n->range, "Cannot cast to \"" + type_name(n->target) + "\"");
    if (bits) diags_.error(n->range, "Bit arrays are not supported");
    return;
  }
  if (t->count == 0) {
    // T[]: as many elements as fill the integer.
    if (o.is_int() && o.c_size() % elem.c_size() != 0) {
      diags_.error(n->range, "Cannot determine array size: the element size is incompatible with the cast "
                             "integer size");
      return;
    }
    t->count = o.c_size() / elem.c_size();
  }
  if (!o.is_int() || t->c_size() != o.c_size()) {
    diags_.error(n->range, "Cannot cast from \"" + cast_name(o) + "\" to \"" + cast_name(*t) + "\"");
    return;
  }
  n->type = *t;
}

}  // namespace bpfsh::sema
