// The strings family: str() and strncmp() here, the searches (strlen,
// strstr, strcontains) in calls_strings_search.cpp; strcap is lowered.
#include "codegen/emitters.h"

namespace bpfsh::codegen {

using namespace llvm;
using ast::Type;

// str(ptr[, n]): reads a NUL-terminated string from kernel or user memory
// (bpf_probe_read_str picks the address space on x86).
// As bpftrace v0.26 reads: at most max_strlen bytes or len (whichever is
// smaller), NUL included, and one byte more while max_strlen is under 1024.
// The extra byte lets a string that did not fit fill its type with no NUL,
// which is how the printed value knows to end in str_trunc_trailer; from
// 1024 on the read always ends in its NUL, so nothing is marked.
Value *ProbeEmitter::call_str(ast::Call *n) {
  Value *src = emit_expr(n->args[0]);
  if (n->args[0]->type.is_str()) {
    Value *buf = buffer(n->type, "str");
    zero_bytes(buf, n->type.storage_size());
    store_value(buf, n->type, src, n->args[0]->type);
    return buf;
  }
  uint32_t max = info_.strlen, pad = max < 1024 ? 1 : 0;
  Value *buf = temp(n->type.storage_size() + pad, "str");
  zero_bytes(buf, n->type.storage_size() + pad);
  Value *limit = b_.getInt64(max);
  if (n->args.size() == 2) {
    // A length beyond max_strlen reads max_strlen; clamped so the verifier can prove bounds.
    Value *want = emit_expr(n->args[1]);
    limit = b_.CreateSelect(b_.CreateICmpULE(want, limit), want, limit);
  }
  Value *size = pad ? b_.CreateAdd(limit, b_.getInt64(pad)) : limit;
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

std::span<const Emitter> strings_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {EmitId::Str, &ProbeEmitter::call_str},       {EmitId::Strncmp, &ProbeEmitter::call_strncmp},
      {EmitId::Strlen, &ProbeEmitter::call_strlen}, {EmitId::Strstr, &ProbeEmitter::call_strstr},
      {EmitId::Strcontains, &ProbeEmitter::call_strcontains}, {EmitId::Globmatch, &ProbeEmitter::call_globmatch},
  };
  return table;
}

}  // namespace bpfsh::codegen
