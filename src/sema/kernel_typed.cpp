#include "sema/kernel_typed.h"

namespace bpfsh::sema {

namespace {

bool is_builtin(const ast::Expr *e, const char *name) {
  return e->kind == ast::ExprKind::Builtin && static_cast<const ast::Builtin *>(e)->name == name;
}

}  // namespace

bool kernel_typed_chain(const ast::Expr *e, ProbeType probe) {
  if (e->kind == ast::ExprKind::Unary) {
    auto *u = static_cast<const ast::Unary *>(e);
    return u->op == ast::UnOp::AddrOf && kernel_typed_chain(u->operand, probe);
  }
  if (is_builtin(e, "ctx")) return probe == ProbeType::Iter;
  if (e->kind != ast::ExprKind::Field) return false;
  auto *f = static_cast<const ast::Field *>(e);
  if (f->bit_size || !(f->type.is_ptr() || f->type.is_record())) return false;
  if (is_builtin(f->base, "args"))  // a struct passed by value is not a kernel pointer
    return (probe == ProbeType::Fentry || probe == ProbeType::Fexit) && f->type.is_ptr();
  const ast::Type &bt = f->base->type;
  return (bt.is_ptr() || bt.is_record()) && kernel_typed_chain(f->base, probe);
}

}  // namespace bpfsh::sema
