// Type rules and registry rows of the memory family: kptr() and uptr()
// (which address space a pointer is in), is_err() (error pointers),
// container_of() (its row; the call itself is an Offsetof node) and
// write_user() (a write to the traced process's memory).
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

// write_user(dst, src, len): len bytes of src, a string's buffer or an
// integer's (little-endian) bytes, written to the user address dst by
// bpf_probe_write_user (kernel 4.8). The helper's size must be known to the
// verifier, and within src: a literal, at most the bytes src holds.
void TypeChecker::check_write_user(ast::Call *n) {
  ast::Expr *dst = n->args[0], *src = n->args[1], *len = n->args[2];
  if (!expect_int(dst, "write_user()'s destination") || src->type.is_none()) return;
  if (!src->type.is_str() && !src->type.is_int_like()) {
    diags_.error(src->range, "write_user() writes a string or an integer, not " + src->type.str());
    return;
  }
  if (len->kind != ast::ExprKind::Int) {
    diags_.error(len->range, "write_user()'s length must be an integer literal");
    return;
  }
  uint64_t want = static_cast<ast::IntLit *>(len)->value;
  uint32_t have = src->type.is_str() ? src->type.str_size : 8;
  if (want < 1 || want > have) {
    diags_.error(len->range, "write_user() writes 1 to " + std::to_string(have) + " bytes of " +
                                 (src->type.is_str() ? "this string" : "an integer") + ", not " +
                                 std::to_string(want));
    return;
  }
  n->type = Type::boolean();
}

// container_of with a type second is parsed as an Offsetof node; a call
// reaching here lacks that type.
void TypeChecker::check_container_of_form(ast::Call *n) {
  auto &d = diags_.error(n->range, "container_of(ptr, type, member) takes a type as its second argument");
  d.hints.push_back("for example container_of($node, struct task_struct, tasks)");
}

}  // namespace bpfsh::sema

namespace bpfsh::sema::registry {

std::span<const Row> memory_rows() {
  constexpr Family F = Family::Memory;
  // BEGIN and END run in bpfsh's own process: the write would land in bpfsh.
  const unsigned not_bpfsh = ~(probe_bit(ProbeType::Begin) | probe_bit(ProbeType::End));
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
      {.name = "container_of", .family = F, .signature = "container_of(ptr, type, member)",
       .doc = "A pointer to the type (a struct or union) whose member ptr points at: ptr less the member's offset.",
       .max_args = kVariadic, .args = ArgForm::Words, .check = &TypeChecker::check_container_of_form,
       .lowering = Lowering::Always},
      {.name = "write_user", .family = F, .signature = "write_user(dst, src, len)",
       .doc = "Writes len bytes (a literal) of src, a string or an integer, to the user address dst; true when written.",
       .min_args = 3, .max_args = 3, .unsafe = true, .check = &TypeChecker::check_write_user, .probes = not_bpfsh,
       .wording = ProbeWording::Excluded, .emit = EmitId::WriteUser},
  };
  return rows;
}

}  // namespace bpfsh::sema::registry
