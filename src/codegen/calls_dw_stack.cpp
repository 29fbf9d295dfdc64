// dw_ustack: the registers and a copy of the user stack from sp up go to
// user space in a StackSample event, where they are unwound from the
// binaries' call frame information (docs/performance.md says why there and
// not here). The value itself is the sample's id, the pid and a zero word,
// laid out as a ustack's, so it is a map key like any other.
#include "codegen/emitters.h"
#include "sema/builtins.h"

namespace bpfsh::codegen {

using namespace llvm;

namespace {
constexpr uint64_t kPage = 4096;
}  // namespace

// The copy is page by page, the first from sp to its page's end: one read
// that crosses the end of the stack's mapping would fail whole and copy
// nothing, so only the pages past the last mapped one are lost.
Value *ProbeEmitter::copy_user_stack(Value *dst, Value *sp) {
  Value *first = b_.CreateSub(b_.getInt64(kPage), b_.CreateAnd(sp, kPage - 1), "stack.first");
  Value *got = b_.getInt64(0), *ok = b_.getTrue(), *at = b_.getInt64(0);
  // first <= kPage, so the last page ends within kStackSampleBytes.
  for (uint64_t i = 0; i < kStackSampleBytes / kPage; i++) {
    Value *len = i == 0 ? first : b_.getInt64(kPage);
    Value *to = b_.CreateGEP(b_.getInt8Ty(), dst, at);
    Value *from = b_.CreateIntToPtr(b_.CreateAdd(sp, at), b_.getPtrTy());
    Value *r = b_.call_helper(Helper::ProbeReadUser, {to, len, from}, "stack.read");
    ok = b_.CreateAnd(ok, b_.CreateICmpEQ(r, b_.getInt64(0)));
    at = b_.CreateAdd(at, len);
    got = b_.CreateSelect(ok, at, got, "stack.got");
  }
  return got;
}

Value *ProbeEmitter::emit_dw_stack(const ast::Type &t) {
  Value *buf = buffer(t, "dw_ustack");
  zero_bytes(buf, t.storage_size());
  constexpr uint32_t size = sizeof(EventHeader) + kStackSampleHead + kStackSampleBytes;
  Value *ev = scratch_temp(size, "stack.sample");
  Value *head = b_.offset(ev, sizeof(EventHeader));
  // Unique per event: the time in the low 56 bits, the CPU above them.
  Value *now = b_.CreateAnd(b_.call_helper(Helper::KtimeGetNs, {}), b_.getInt64((1ull << 56) - 1));
  Value *cpu = b_.CreateShl(b_.call_helper(Helper::GetSmpProcessorId, {}), 56);
  Value *id = b_.CreateOr(now, cpu, "sample.id");
  Value *pid = current_pid();
  announce_pid(pid);
  Value *sp = ctx_load(*sema::register_offset("sp"), 8, false, "sp");
  b_.CreateAlignedStore(b_.getInt64(static_cast<uint64_t>(EventType::StackSample)), ev, MaybeAlign(8));
  b_.CreateAlignedStore(id, head, MaybeAlign(8));
  b_.CreateAlignedStore(pid, b_.offset(head, 8), MaybeAlign(8));
  b_.CreateAlignedStore(ctx_load(*sema::register_offset("ip"), 8, false, "ip"), b_.offset(head, 16), MaybeAlign(8));
  b_.CreateAlignedStore(sp, b_.offset(head, 24), MaybeAlign(8));
  b_.CreateAlignedStore(ctx_load(*sema::register_offset("bp"), 8, false, "bp"), b_.offset(head, 32), MaybeAlign(8));
  Value *got = copy_user_stack(b_.offset(head, kStackSampleHead), sp);
  b_.CreateAlignedStore(got, b_.offset(head, 40), MaybeAlign(8));
  ringbuf_output(ev, size);
  b_.CreateAlignedStore(id, buf, MaybeAlign(8));
  b_.CreateAlignedStore(pid, b_.offset(buf, 8), MaybeAlign(8));
  return buf;
}

Value *ProbeEmitter::call_dw_stack(ast::Call *n) { return emit_dw_stack(n->type); }
Value *ProbeEmitter::var_dw_stack(ast::Builtin *n) { return emit_dw_stack(n->type); }

std::span<const Emitter> dw_stack_emitters() {
  using sema::registry::EmitId;
  static const Emitter table[] = {
      {.id = EmitId::DwUstack, .call = &ProbeEmitter::call_dw_stack, .var = &ProbeEmitter::var_dw_stack},
  };
  return table;
}

}  // namespace bpfsh::codegen
