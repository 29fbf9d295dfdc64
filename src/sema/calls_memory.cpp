// Type rules and registry rows of the memory family: kptr() and uptr()
// (which address space a pointer is in) and is_err() (error pointers).
#include "sema/registry/families.h"
#include "sema/type_checker.h"

namespace bpfsh::sema {

using ast::Type;

// kptr(p), uptr(p): mark the address space a pointer lives in. Every read
// here already picks the kernel or user helper by the probe, so they give p.
void TypeChecker::check_address_space(ast::Call *n) {
  ast::Expr *a = n->args[0];
  if (a->type.is_none()) return;
  if (!a->type.is_int_like()) {
    diags_.error(a->range, n->name + "() expects a pointer, not " + a->type.str());
    return;
  }
  n->lowered = a;
  n->type = a->type;
}

// is_err(p): whether p holds an error code (ERR_PTR) rather than an address.
void TypeChecker::check_is_err(ast::Call *n) {
  if (!expect_int(n->args[0], "is_err()'s argument")) return;
  n->type = Type::boolean();
}

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> memory_rows() {
  constexpr Family F = Family::Memory;
  static const Row rows[] = {
      {.name = "kptr", .family = F, .signature = "kptr(p)",
       .doc = "p, marked as a kernel address (reads here already follow the probe's address space).",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_address_space, .lowering = Lowering::Always},
      {.name = "uptr", .family = F, .signature = "uptr(p)",
       .doc = "p, marked as a user address (reads here already follow the probe's address space).",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_address_space, .lowering = Lowering::Always},
      {.name = "is_err", .family = F, .signature = "is_err(p)",
       .doc = "Whether p holds an error code (the kernel's ERR_PTR) rather than an address.",
       .min_args = 1, .max_args = 1, .check = &TypeChecker::check_is_err, .emit = EmitId::IsErr},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
