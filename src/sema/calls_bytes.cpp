// Type rules and registry rows of the byte functions: buf, macaddr, bswap
// (raw bytes and byte order) and memcmp.
#include <algorithm>

#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

// buf(data[, len]): `len` bytes at `data` (a pointer, an address, a kernel
// array or a string), at most max_strlen of them. An array or a string
// knows its own size; a pointer needs the length.
void TypeChecker::check_buf(ast::Call *n) {
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
  ast::Expr *a = n->args[0];
  if (a->type.is_none()) return;
  if (!a->type.is_int()) {
    diags_.error(a->range, "bswap() expects an integer, not " + a->type.str());
    return;
  }
  n->type = Type::integer(a->type.bits, a->type.is_signed);
}

// memcmp(a, b, n): the first n bytes of two strings, or of kernel memory
// (arrays, pointers); 0 when equal, else the first differing bytes' difference.
// Bytes past a string's buffer are not compared: n is bounded by the sizes.
void TypeChecker::check_memcmp(ast::Call *n) {
  for (int i = 0; i < 2; i++) {
    const Type &t = n->args[i]->type;
    if (t.is_none()) return;
    if (!t.is_str() && !t.is_array() && !t.is_ptr()) {
      diags_.error(n->args[i]->range, "memcmp() compares strings, arrays or memory behind a pointer, not " + t.str());
      return;
    }
  }
  if (!expect_int(n->args[2], "memcmp()'s byte count")) return;
  bool sized = n->args[0]->type.is_str() || n->args[0]->type.is_array() || n->args[1]->type.is_str() ||
               n->args[1]->type.is_array();
  if (!sized && n->args[2]->kind != ast::ExprKind::Int) {
    diags_.error(n->args[2]->range, "memcmp() of two pointers needs an integer literal byte count");
    return;
  }
  n->type = Type::integer(64, true);
}

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> bytes_rows() {
  constexpr Family F = Family::Bytes;
  static const Row rows[] = {
      {.name = "buf", .family = F, .signature = "buf(data[, len])",
       .doc = "len bytes at data (an array or a string knows its own size), printed with %r, %rx or %rh.",
       .min_args = 1, .max_args = 2, .check = &TypeChecker::check_buf, .emit = EmitId::Buf},
      {.name = "macaddr", .family = F, .signature = "macaddr(addr)",
       .doc = "The six bytes at addr (an array or a pointer), printed as a MAC address, AA:BB:CC:DD:EE:FF.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_macaddr, .emit = EmitId::Macaddr},
      {.name = "bswap", .family = F, .signature = "bswap(n)", .doc = "n with its bytes in the other order, at n's own width.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_bswap, .emit = EmitId::Bswap},
      {.name = "memcmp", .family = F, .signature = "memcmp(a, b, n)",
       .doc = "Compares the first n bytes of two strings, arrays or pointees: 0 when equal, else the first difference.",
       .min_args = 3, .max_args = 3, .check = &TypeChecker::check_memcmp, .emit = EmitId::Memcmp},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
