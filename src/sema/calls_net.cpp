// pton() (an address literal as bytes), and == / != on byte arrays, which
// is how pton()'s bytes meet a kernel struct's.
#include "sema/net_addr.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

// pton("1.2.3.4") / pton("::1"): the address's bytes, worked out now.
void TypeChecker::check_pton(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  ast::Expr *a = n->args[0];
  if (a->kind != ast::ExprKind::Str) {
    diags_.error(a->range, "pton() expects a string literal, got " + (a->type.is_none() ? "an expression" : a->type.str()));
    return;
  }
  auto parsed = parse_ip_address(static_cast<ast::StrLit *>(a)->value);
  if (auto *why = std::get_if<std::string>(&parsed)) {
    diags_.error(a->range, "pton() " + *why);
    return;
  }
  n->type = Type::array(Type::integer(8, false), static_cast<uint32_t>(std::get<0>(parsed).size()));
}

// a == b, a != b on arrays, as upstream: the same number of same-sized
// integers, compared byte for byte.
void TypeChecker::check_array_compare(ast::Binary *n) {
  const Type &l = n->lhs->type, &r = n->rhs->type;
  if (n->op != ast::BinOp::Eq && n->op != ast::BinOp::Ne) {
    diags_.error(n->range, std::string("The ") + ast::binop_str(n->op) + " operator cannot be used on arrays.");
    return;
  }
  if (!l.is_array() || !r.is_array()) {
    diags_.error(n->range, "operator " + std::string(ast::binop_str(n->op)) + " can not be applied to " +
                               l.str() + " and " + r.str());
    return;
  }
  if (l.count != r.count) {
    diags_.error(n->range, "Only arrays of same size support comparison operators.");
    return;
  }
  if (!l.elems[0].is_int() || !r.elems[0].is_int() || l.elems[0].bits != r.elems[0].bits) {
    diags_.error(n->range, "Only arrays of same sized integer support comparison operators.");
    return;
  }
  // Each side is copied to the stack to be compared.
  if (l.c_size() > kMaxComparedArray) {
    diags_.error(n->range, "comparing arrays of more than " + std::to_string(kMaxComparedArray) +
                               " bytes is not supported");
    return;
  }
  n->type = Type::integer(64, false);
}

}  // namespace bpfsh::sema
