// strlen(), strstr() and strcontains() over fixed-size string buffers,
// unrolled over the strings' known sizes into compares and selects, without
// branches: the verifier walks straight-line code once, however the bytes fall.
#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

namespace {

// Bytes are taken out of 8-byte words (string buffers are whole words),
// loaded where each compare needs them; the loads and the running answer's
// stack slot are volatile, which pins every position's compares between two
// memory operations. Left free, LLVM holds dozens of bytes and flags at
// once; byte-sized loads also make SROA split a string into one stack slot
// per byte. Either way the 512-byte BPF stack overflows.
Value *byte_at(IRBuilderBPF &b, Value *s, uint32_t size, uint64_t i) {
  if (i >= size) return b.getInt8(0);
  Value *word = b.CreateAlignedLoad(b.getInt64Ty(), b.offset(s, static_cast<uint32_t>(i & ~7ull)), MaybeAlign(8),
                                    /*isVolatile=*/true);
  return b.CreateTrunc(b.CreateLShr(word, 8 * (i & 7)), b.getInt8Ty());
}

// The index of the first NUL, or the size when there is none.
Value *first_nul(IRBuilderBPF &b, Value *s, uint32_t size) {
  Value *slot = b.entry_alloca_i64("strlen");
  b.CreateStore(b.getInt64(size), slot, /*isVolatile=*/true);
  for (uint32_t i = size; i-- > 0;) {
    Value *len = b.CreateLoad(b.getInt64Ty(), slot, /*isVolatile=*/true);
    len = b.CreateSelect(b.CreateICmpEQ(byte_at(b, s, size, i), b.getInt8(0)), b.getInt64(i), len);
    b.CreateStore(len, slot, /*isVolatile=*/true);
  }
  return b.CreateLoad(b.getInt64Ty(), slot, /*isVolatile=*/true);
}

}  // namespace

Value *ProbeEmitter::call_strlen(ast::Call *n) {
  return first_nul(b_, emit_expr(n->args[0]), n->args[0]->type.str_size);
}

// The needle is a literal (sema sees to it): each position is compared with
// its bytes as immediates.
Value *ProbeEmitter::call_strstr(ast::Call *n) {
  ast::Expr *needle_e = n->args[1]->lowered ? n->args[1]->lowered : n->args[1];
  std::string lit = static_cast<ast::StrLit *>(needle_e)->value;
  lit = lit.substr(0, lit.find('\0'));
  Value *hay = emit_expr(n->args[0]);
  uint32_t hsize = n->args[0]->type.str_size;
  Value *hay_len = first_nul(b_, hay, hsize);
  // The first match, when it starts inside the haystack's string: a match
  // holds no NUL, so one that starts before the NUL ends before it too.
  // Positions are tried from the last, so the earliest match is kept.
  Value *slot = b_.entry_alloca_i64("strstr");
  b_.CreateStore(b_.getInt64(lit.empty() ? 0 : -1), slot, /*isVolatile=*/true);
  for (size_t i = hsize; !lit.empty() && i-- > 0;) {
    if (i + lit.size() > hsize) continue;
    Value *m = b_.CreateICmpULT(b_.getInt64(i), hay_len);
    for (size_t j = 0; j < lit.size(); j++)
      m = b_.CreateAnd(m, b_.CreateICmpEQ(byte_at(b_, hay, hsize, i + j), b_.getInt8(static_cast<uint8_t>(lit[j]))));
    Value *idx = b_.CreateLoad(b_.getInt64Ty(), slot, /*isVolatile=*/true);
    b_.CreateStore(b_.CreateSelect(m, b_.getInt64(i), idx), slot, /*isVolatile=*/true);
  }
  Value *idx = b_.CreateLoad(b_.getInt64Ty(), slot, /*isVolatile=*/true);
  if (n->name == "strcontains") return b_.CreateZExt(b_.CreateICmpSGE(idx, b_.getInt64(0)), b_.getInt64Ty());
  return idx;
}

}  // namespace bpfsh::codegen
