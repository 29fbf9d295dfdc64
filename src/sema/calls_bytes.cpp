// Type rules of buf(), macaddr() and bswap(): raw bytes and byte order.
#include <algorithm>

#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

// buf(data[, len]): `len` bytes at `data` (a pointer, an address, a kernel
// array or a string), at most max_strlen of them. An array or a string
// knows its own size; a pointer needs the length.
void TypeChecker::check_buf(ast::Call *n) {
  if (!arity(diags_, n, 1, 2)) return;
  ast::Expr *data = n->args[0];
  if (data->type.is_none()) return;
  bool sized = data->type.is_array() || data->type.is_str();
  if (!sized && !data->type.is_int_like()) {
    diags_.error(data->range, "buf() expects a pointer, an array or a string, not " + data->type.str());
    return;
  }
  uint32_t size = sized ? data->type.c_size() : info_.strlen;
  if (n->args.size() == 2) {
    ast::Expr *len = n->args[1];
    if (!expect_int(len, "buf()'s length")) return;
    if (len->kind == ast::ExprKind::Int) size = static_cast<uint32_t>(std::min<uint64_t>(static_cast<ast::IntLit *>(len)->value, 1u << 20));
  } else if (!sized) {
    auto &d = diags_.error(n->range, "buf() of a pointer needs a length: buf(ptr, len)");
    d.hints.push_back("only arrays and strings know their own size");
    return;
  }
  n->type = Type::buffer(std::min(size, info_.strlen));
}

// macaddr(addr): six bytes of a MAC address, from a kernel array or a pointer.
void TypeChecker::check_macaddr(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  ast::Expr *a = n->args[0];
  if (a->type.is_none()) return;
  if ((a->type.is_array() || a->type.is_str()) && a->type.c_size() < 6) {
    diags_.error(a->range, "macaddr() needs 6 bytes, " + a->type.str() + " holds " +
                               std::to_string(a->type.c_size()));
    return;
  }
  if (!a->type.is_array() && !a->type.is_str() && !a->type.is_int_like()) {
    diags_.error(a->range, "macaddr() expects an array or a pointer, not " + a->type.str());
    return;
  }
  n->type = Type::macaddr();
}

// bswap(n): n with its bytes reversed, at n's own width.
void TypeChecker::check_bswap(ast::Call *n) {
  if (!arity(diags_, n, 1, 1)) return;
  ast::Expr *a = n->args[0];
  if (a->type.is_none()) return;
  if (!a->type.is_int()) {
    diags_.error(a->range, "bswap() expects an integer, not " + a->type.str());
    return;
  }
  n->type = Type::integer(a->type.bits, a->type.is_signed);
}

}  // namespace bpfsh::sema
