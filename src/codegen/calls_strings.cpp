// str() and strncmp().
#include <sys/socket.h>

#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;

// str(ptr[, n]): reads a NUL-terminated string from kernel or user memory
// (bpf_probe_read_str picks the address space on x86).
Value *ProbeEmitter::call_str(ast::Call *n) {
  Value *src = emit_expr(n->args[0]);
  Value *buf = buffer(n->type, "str");
  b_.zero(buf, n->type.storage_size());
  if (n->args[0]->type.is_str()) {
    store_value(buf, n->type, src, n->args[0]->type);
    return buf;
  }
  Value *size = b_.getInt64(n->type.str_size);
  if (n->args.size() == 2 && n->args[1]->kind != ast::ExprKind::Int) {
    // A run-time length: clamp it to the buffer so the verifier can prove bounds.
    Value *want = b_.CreateAdd(emit_expr(n->args[1]), b_.getInt64(1));
    size = b_.CreateSelect(b_.CreateICmpULT(want, size), want, size);
  }
  check_helper(b_.call_helper(Helper::ProbeReadStr, {buf, size, src}), "probe_read_str");
  return buf;
}

// strncmp(a, b, n): 0 when the first n characters match, like C's; else 1.
Value *ProbeEmitter::call_strncmp(ast::Call *n) {
  Value *a = emit_expr(n->args[0]);
  Value *b = emit_expr(n->args[1]);
  uint64_t limit = static_cast<ast::IntLit *>(n->args[2])->value;
  Value *eq = string_equal(a, n->args[0]->type.str_size, b, n->args[1]->type.str_size, limit);
  return b_.CreateZExt(b_.CreateNot(eq), b_.getInt64Ty());
}

// ntop: the family (given, or from the address's size) and the address bytes.
Value *ProbeEmitter::call_ntop(ast::Call *n) {
  ast::Expr *addr = n->args.back();
  Value *buf = buffer(n->type, "inet");
  b_.zero(buf, n->type.storage_size());
  bool bytes = addr->type.is_str() || addr->type.is_array();
  bool v6 = bytes && addr->type.c_size() == 16;
  Value *af = n->args.size() == 2 ? emit_expr(n->args[0]) : b_.getInt64(v6 ? AF_INET6 : AF_INET);
  b_.CreateAlignedStore(af, buf, MaybeAlign(8));
  Value *a = emit_expr(addr);
  if (addr->type.is_array())  // kernel memory: a is its address
    b_.call_helper(Helper::ProbeRead, {b_.offset(buf, 8), b_.getInt64(addr->type.c_size()),
                                       b_.CreateIntToPtr(a, b_.getPtrTy())});
  else if (addr->type.is_str())
    b_.copy(b_.offset(buf, 8), a, addr->type.str_size);
  else
    b_.CreateAlignedStore(b_.CreateTrunc(a, b_.getInt32Ty()), b_.offset(buf, 8), MaybeAlign(4));
  return buf;
}

}  // namespace bpfsh::codegen
