// The net family: ntop() and pton(), and == / != on byte arrays (pton()'s
// bytes against a kernel struct's, usually).
#include <sys/socket.h>

#include "codegen/emitters.h"
#include "sema/net_addr.h"

namespace bpfsh::codegen {

using namespace llvm;

// ntop: the family (given, or from the address's size) and the address bytes.
Value *ProbeEmitter::call_ntop(ast::Call *n) {
  ast::Expr *addr = n->args.back();
  Value *buf = buffer(n->type, "inet");
  zero_bytes(buf, n->type.storage_size());
  bool bytes = addr->type.is_str() || addr->type.is_array();
  bool v6 = bytes && addr->type.c_size() == 16;
  Value *af = n->args.size() == 2 ? emit_expr(n->args[0]) : b_.getInt64(v6 ? AF_INET6 : AF_INET);
  b_.CreateAlignedStore(af, buf, MaybeAlign(8));
  Value *a = emit_expr(addr);
  if (addr->type.is_array())  // kernel memory: a is its address
    b_.call_helper(Helper::ProbeRead, {b_.offset(buf, 8), b_.getInt64(addr->type.c_size()),
                                       b_.CreateIntToPtr(a, b_.getPtrTy())});
  else if (addr->type.is_str())
    copy_bytes(b_.offset(buf, 8), a, addr->type.str_size);
  else
    b_.CreateAlignedStore(b_.CreateTrunc(a, b_.getInt32Ty()), b_.offset(buf, 8), MaybeAlign(4));
  return buf;
}

// pton("..."): the bytes sema checked, in a stack buffer. Like every array
// value, it stands for its address, so ntop(), print() and == read it the
// way they read a kernel array.
Value *ProbeEmitter::call_pton(ast::Call *n) {
  auto bytes = std::get<0>(sema::parse_ip_address(static_cast<ast::StrLit *>(n->args[0])->value));
  Value *buf = b_.entry_alloca(static_cast<uint32_t>(bytes.size()), bytes.size() == 4 ? "addr4" : "addr6");
  for (size_t i = 0; i < bytes.size(); i++)
    b_.CreateStore(b_.getInt8(bytes[i]), b_.offset(buf, static_cast<uint32_t>(i)));
  return b_.CreatePtrToInt(buf, b_.getInt64Ty());
}

// Both sides are copied to the stack (a kernel array can only be read with
// bpf_probe_read), then compared a word at a time without branches.
Value *ProbeEmitter::array_compare(ast::Binary *n, Value *l, Value *r) {
  uint32_t size = n->lhs->type.c_size();
  auto copy_in = [&](Value *addr, const Twine &name) {
    Value *buf = local_alloca((size + 7) / 8 * 8, name);
    zero_bytes(buf, size);
    b_.call_helper(Helper::ProbeRead, {buf, b_.getInt64(size), b_.CreateIntToPtr(addr, b_.getPtrTy())});
    return buf;
  };
  Value *a = copy_in(l, "cmp.lhs"), *b = copy_in(r, "cmp.rhs");
  Value *diff = b_.getInt64(0);
  for (uint32_t off = 0; off < size;) {
    uint32_t step = 8;
    while (step > size - off) step /= 2;  // offsets stay multiples of the step
    llvm::Type *ty = b_.getIntNTy(step * 8);
    Value *x = b_.CreateAlignedLoad(ty, b_.offset(a, off), MaybeAlign(step));
    Value *y = b_.CreateAlignedLoad(ty, b_.offset(b, off), MaybeAlign(step));
    diff = b_.CreateOr(diff, b_.CreateZExt(b_.CreateXor(x, y), b_.getInt64Ty()));
    off += step;
  }
  Value *eq = b_.CreateICmpEQ(diff, b_.getInt64(0));
  return b_.CreateZExt(n->op == ast::BinOp::Ne ? b_.CreateNot(eq) : eq, b_.getInt64Ty());
}

std::span<const Emitter> net_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {EmitId::Ntop, &ProbeEmitter::call_ntop},
      {EmitId::Pton, &ProbeEmitter::call_pton},
  };
  return table;
}

}  // namespace bpfsh::codegen
