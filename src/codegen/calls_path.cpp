// The path family: path(p[, size]), by bpf_d_path (kernel 5.10).
//
// The verifier lets bpf_d_path have only a struct path it has typed itself
// (PTR_TO_BTF_ID). A member read the usual way goes through bpf_probe_read
// and comes back a plain number, so path()'s argument, a member chain sema
// admitted (sema/calls_path.cpp), is emitted here as the kernel expects
// it: a load from the context (the iterator's ctx, an fentry argument), then
// for each member a constant offset, and a direct load where the member is a
// pointer. A NULL pointer on the way leaves the path empty.
#include "codegen/emitters.h"

namespace bpfsh::codegen {

using namespace llvm;

namespace {

bool is_builtin(const ast::Expr *e, const char *name) {
  return e->kind == ast::ExprKind::Builtin && static_cast<const ast::Builtin *>(e)->name == name;
}

}  // namespace

Value *ProbeEmitter::call_path(ast::Call *n) {
  Value *buf = buffer(n->type, "path");
  zero_bytes(buf, n->type.storage_size());
  BasicBlock *done = BasicBlock::Create(b_.getContext(), "path.done", fn_);
  Value *p = typed_pointer(n->args[0], done);
  // A path longer than the buffer fails with -ENAMETOOLONG but leaves its
  // tail in the buffer, which is what upstream prints too.
  b_.call_helper(Helper::DPath, {p, buf, b_.getInt64(n->type.str_size)});
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return buf;
}

// The address a member chain stands for (a pointer's value, a struct's
// address), as a pointer the verifier tracks; jumps to `null` on a NULL.
Value *ProbeEmitter::typed_pointer(ast::Expr *e, BasicBlock *null) {
  if (e->kind == ast::ExprKind::Unary) return typed_pointer(static_cast<ast::Unary *>(e)->operand, null);
  if (is_builtin(e, "ctx")) return ctx_;
  auto *f = static_cast<ast::Field *>(e);
  Value *addr;
  if (is_builtin(f->base, "args")) {
    addr = b_.offset(ctx_, f->offset);  // fentry/fexit: the context is the arguments, one u64 each
  } else {
    Value *base = typed_pointer(f->base, null);
    // The context only takes loads at a constant offset in the instruction.
    if (is_builtin(f->base, "ctx") || f->core_path.empty()) {
      addr = b_.offset(base, f->offset, f->field);
    } else {
      uses_core_ = true;
      addr = ms_.core->member_address(b_, base, f->core_path);
    }
  }
  if (f->type.is_record()) return addr;
  Value *p = b_.CreateAlignedLoad(b_.getPtrTy(), addr, MaybeAlign(8), f->field);
  BasicBlock *next = BasicBlock::Create(b_.getContext(), f->field + ".nonnull", fn_);
  b_.CreateCondBr(b_.CreateIsNull(p), null, next);
  b_.SetInsertPoint(next);
  return p;
}

std::span<const Emitter> path_emitters() {
  static const Emitter table[] = {
      {sema::registry::EmitId::Path, &ProbeEmitter::call_path},
  };
  return table;
}

}  // namespace bpfsh::codegen
