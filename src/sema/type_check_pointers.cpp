// Operators on pointers, with bpftrace v0.26's rules ("do what C does"):
//   ptr + int, int + ptr, ptr - int   a pointer of the same type, stepping
//                                     whole pointees (codegen scales)
//   ptr OP ptr, ptr OP int            comparisons (a warning when the
//                                     pointees differ), && and ||
//   ++, --, +=, -= on a pointer       step whole pointees too
// Anything else is upstream's error: "The - operator can not be used on
// expressions of types int32 *, int32 *" (there is no pointer difference).
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::BinOp;
using ast::Type;

namespace {

bool is_comparison(BinOp op) { return op >= BinOp::Eq && op <= BinOp::Ge; }
bool is_logical(BinOp op) { return op == BinOp::LogAnd || op == BinOp::LogOr; }

std::string pointee(const Type &p) { return p.elems.empty() ? "void" : p.elems[0].str(); }

}  // namespace

// Upstream's words for an operator its types do not allow.
void TypeChecker::invalid_operator(SourceRange where, BinOp op, const Type &l, const Type &r) {
  diags_.error(where, std::string("The ") + ast::binop_str(op) + " operator can not be used on expressions of types " +
                          describe(l) + ", " + describe(r));
}

// The type of `l op r` where one side is a pointer; none after an error.
Type TypeChecker::pointer_binary(SourceRange where, BinOp op, const Type &l, const Type &r) {
  const Type &ptr = l.is_ptr() ? l : r;
  const Type &other = l.is_ptr() ? r : l;
  if (other.is_ptr()) {
    if (is_comparison(op)) {
      if (pointee(l) != pointee(r))
        diags_.warning(where, "comparison of distinct pointer types: " + pointee(l) + ", " + pointee(r));
      return Type::boolean();
    }
    if (is_logical(op)) return Type::boolean();
  } else if (other.is_int() || other.is_bool()) {
    // + works either way round, - only from the pointer.
    if (op == BinOp::Add || (op == BinOp::Sub && l.is_ptr())) return ptr;
    if (is_comparison(op) || is_logical(op)) return Type::boolean();
  }
  invalid_operator(where, op, l, r);
  return Type::none();
}

// `$p += n`, `$p -= n`: the pointer steps n pointees. Any other op= on a
// pointer, or a pointer added into an integer, is upstream's error.
void TypeChecker::check_pointer_update(ast::Assign *n) {
  const Type &t = n->target->type, &v = n->value->type;
  if (!t.is_ptr()) {
    // `$x += $p` is `$x = $x + $p`: a pointer, which the integer can not hold.
    Type sum = pointer_binary(n->range, n->op, t, v);
    if (sum.is_none()) return;
    std::string name = n->target->kind == ast::ExprKind::Var ? static_cast<ast::Var *>(n->target)->name
                                                              : static_cast<ast::MapRef *>(n->target)->name;
    const char *holder = n->target->kind == ast::ExprKind::Var ? "variable" : "map";
    diags_.error(n->range, "Type mismatch for " + name + ": trying to assign value of type '" + describe(sum) +
                               "' when " + holder + " already contains a value of type '" + describe(t) + "'");
    return;
  }
  if (v.is_ptr() || (n->op != BinOp::Add && n->op != BinOp::Sub)) {
    invalid_operator(n->range, n->op, t, v);
    return;
  }
  if (!v.is_int() && !v.is_bool()) invalid_operator(n->range, n->op, t, v);
}

}  // namespace bpfsh::sema
