// The strings family's searches: strlen(), strstr() and strcontains() over
// NUL-padded string buffers of up to max_strlen bytes. Unrolled code grows
// with the strings' sizes (at 1024 bytes it no longer fits the BPF jump
// range), so these are loops that stop at the NUL: strlen a bounded loop in
// place, strstr a bpf_loop over the haystack's positions whose callback runs
// a bpf_loop over the needle's bytes. The verifier then walks each callback
// once, not once per byte.
#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

namespace {

// The search's state, on the caller's stack, handed to the callbacks.
enum SearchSlot : uint32_t { kHay, kNeedle, kFound, kPos, kVerdict, kSearchSlots };
// Strings up to this size are searched by a loop in place.
constexpr uint32_t kInPlaceBytes = 4096;
// How the comparison at one position ended.
enum Verdict : uint64_t { kMatch, kDiffer, kEnded };

// A byte of a string buffer at a run-time index. Volatile: left free, LLVM
// turns a byte loop into wider loads or library calls the verifier refuses.
Value *byte_at(IRBuilderBPF &b, Value *s, Value *i) {
  return b.CreateLoad(b.getInt8Ty(), b.CreateGEP(b.getInt8Ty(), s, i), /*isVolatile=*/true);
}

}  // namespace

// The index of the first NUL in s (size bytes), or size when there is none.
// The verifier follows at most 8,192 jumps down one path, so past a few KiB
// (a large max_strlen) the loop is a bpf_loop instead, walked once.
Value *ProbeEmitter::first_nul(Value *s, uint32_t size) {
  if (size > kInPlaceBytes) return first_nul_loop(s, size);
  LLVMContext &c = b_.getContext();
  BasicBlock *pre = b_.GetInsertBlock();
  BasicBlock *head = BasicBlock::Create(c, "strlen.head", fn_);
  BasicBlock *step = BasicBlock::Create(c, "strlen.step", fn_);
  BasicBlock *next = BasicBlock::Create(c, "strlen.next", fn_);
  BasicBlock *done = BasicBlock::Create(c, "strlen.done", fn_);
  b_.CreateBr(head);
  b_.SetInsertPoint(head);
  PHINode *i = b_.CreatePHI(b_.getInt64Ty(), 2, "i");
  i->addIncoming(b_.getInt64(0), pre);
  b_.CreateCondBr(b_.CreateICmpULT(i, b_.getInt64(size)), step, done);
  b_.SetInsertPoint(step);
  b_.CreateCondBr(b_.CreateICmpEQ(byte_at(b_, s, i), b_.getInt8(0)), done, next);
  b_.SetInsertPoint(next);
  i->addIncoming(b_.CreateAdd(i, b_.getInt64(1)), next);
  b_.CreateBr(head);
  b_.SetInsertPoint(done);
  return i;
}

// bpf_loop over s's bytes; the state is {s, the index found}.
Value *ProbeEmitter::first_nul_loop(Value *s, uint32_t size) {
  Function *cb = loop_callback("strlen");
  IRBuilderBase::InsertPoint saved = b_.saveIP();
  Value *i = cb->getArg(0), *state = cb->getArg(1);
  auto &c = b_.getContext();
  BasicBlock *entry = BasicBlock::Create(c, "entry", cb);
  BasicBlock *look = BasicBlock::Create(c, "look", cb);
  BasicBlock *found = BasicBlock::Create(c, "found", cb);
  BasicBlock *next = BasicBlock::Create(c, "next", cb);
  b_.SetInsertPoint(entry);
  b_.CreateCondBr(b_.CreateICmpULT(i, b_.getInt64(size)), look, found);
  b_.SetInsertPoint(look);
  Value *str = b_.CreateAlignedLoad(b_.getPtrTy(), state, MaybeAlign(8), "s");
  b_.CreateCondBr(b_.CreateICmpEQ(byte_at(b_, str, i), b_.getInt8(0)), found, next);
  b_.SetInsertPoint(found);
  b_.CreateAlignedStore(i, b_.offset(state, 8), MaybeAlign(8));
  b_.CreateRet(b_.getInt64(1));
  b_.SetInsertPoint(next);
  b_.CreateRet(b_.getInt64(0));
  b_.restoreIP(saved);
  AllocaInst *st = local_alloca(16, "strlen.state");
  b_.CreateAlignedStore(s, st, MaybeAlign(8));
  b_.CreateAlignedStore(b_.getInt64(size), b_.offset(st, 8), MaybeAlign(8));
  b_.call_helper(Helper::Loop, {b_.getInt64(size), cb, st, b_.getInt64(0)});
  return b_.CreateAlignedLoad(b_.getInt64Ty(), b_.offset(st, 8), MaybeAlign(8), "strlen");
}

Value *ProbeEmitter::call_strlen(ast::Call *n) {
  return first_nul(emit_expr(n->args[0]), n->args[0]->type.str_size);
}

// A new callback function with bpf_loop's signature (index, state).
Function *ProbeEmitter::loop_callback(const char *what) {
  auto *fty = FunctionType::get(b_.getInt64Ty(), {b_.getInt64Ty(), b_.getPtrTy()}, false);
  auto *cb = Function::Create(fty, Function::InternalLinkage, callback_name(what), *ms_.module);
  ms_.defs->describe_function(*cb);
  return cb;
}

// Compares needle byte j with haystack byte pos + j: 0 to go on, 1 to end
// the comparison, with the verdict set at a mismatch or the haystack's end.
// A loop of its own: as a loop in place, the verifier would walk all of
// max_strlen's iterations, past its limit of 8192 jumps per path.
Function *ProbeEmitter::compare_callback(uint32_t hay_size, uint32_t needle_size) {
  Function *cb = loop_callback("strcmp");
  IRBuilderBase::InsertPoint saved = b_.saveIP();
  Value *j = cb->getArg(0), *state = cb->getArg(1);
  auto block = [&](const char *name) { return BasicBlock::Create(b_.getContext(), name, cb); };
  BasicBlock *entry = block("entry"), *needle_byte = block("needle"), *bounded = block("bounded"),
             *hay_byte = block("hay"), *same = block("same"), *next = block("next"), *stop = block("stop"),
             *ended = block("ended"), *differ = block("differ");
  auto slot = [&](uint32_t i) { return b_.offset(state, i * 8); };
  b_.SetInsertPoint(entry);
  // bpf_loop passes j below needle_size; said again so the verifier knows.
  b_.CreateCondBr(b_.CreateICmpULT(j, b_.getInt64(needle_size)), needle_byte, stop);
  b_.SetInsertPoint(needle_byte);
  Value *needle = b_.CreateLoad(b_.getPtrTy(), slot(kNeedle), "needle");
  Value *nb = byte_at(b_, needle, j);
  b_.CreateCondBr(b_.CreateICmpEQ(nb, b_.getInt8(0)), stop, bounded);  // the whole needle matched
  b_.SetInsertPoint(bounded);
  Value *at = b_.CreateAdd(b_.CreateLoad(b_.getInt64Ty(), slot(kPos), "pos"), j, "at");
  b_.CreateCondBr(b_.CreateICmpULT(at, b_.getInt64(hay_size)), hay_byte, ended);
  b_.SetInsertPoint(hay_byte);
  // Loaded after the bounds check: hay + pos computed ahead of it would not
  // learn the bound the check gives pos + j.
  Value *hay = b_.CreateLoad(b_.getPtrTy(), slot(kHay), /*isVolatile=*/true, "hay");
  Value *hb = byte_at(b_, hay, at);
  b_.CreateCondBr(b_.CreateICmpEQ(hb, b_.getInt8(0)), ended, same);
  b_.SetInsertPoint(same);
  b_.CreateCondBr(b_.CreateICmpEQ(hb, nb), next, differ);
  b_.SetInsertPoint(next);
  b_.CreateRet(b_.getInt64(0));
  // The haystack ends before the needle does: no later position can match.
  b_.SetInsertPoint(ended);
  b_.CreateStore(b_.getInt64(kEnded), slot(kVerdict));
  b_.CreateRet(b_.getInt64(1));
  b_.SetInsertPoint(differ);
  b_.CreateStore(b_.getInt64(kDiffer), slot(kVerdict));
  b_.CreateRet(b_.getInt64(1));
  b_.SetInsertPoint(stop);
  b_.CreateRet(b_.getInt64(1));
  b_.restoreIP(saved);
  return cb;
}

// Tries the needle at haystack position pos: 1 (stop) at a match, which it
// records, or where the haystack ended; 0 to try the next position.
Function *ProbeEmitter::search_callback(uint32_t hay_size, uint32_t needle_size) {
  Function *cmp = compare_callback(hay_size, needle_size);
  Function *cb = loop_callback("strstr");
  IRBuilderBase::InsertPoint saved = b_.saveIP();
  Value *pos = cb->getArg(0), *state = cb->getArg(1);
  auto slot = [&](uint32_t i) { return b_.offset(state, i * 8); };
  BasicBlock *entry = BasicBlock::Create(b_.getContext(), "entry", cb);
  BasicBlock *found = BasicBlock::Create(b_.getContext(), "found", cb);
  BasicBlock *other = BasicBlock::Create(b_.getContext(), "other", cb);
  b_.SetInsertPoint(entry);
  b_.CreateStore(pos, slot(kPos));
  b_.CreateStore(b_.getInt64(kMatch), slot(kVerdict));
  b_.call_helper(Helper::Loop, {b_.getInt64(needle_size), cmp, state, b_.getInt64(0)});
  Value *verdict = b_.CreateLoad(b_.getInt64Ty(), slot(kVerdict), "verdict");
  b_.CreateCondBr(b_.CreateICmpEQ(verdict, b_.getInt64(kMatch)), found, other);
  b_.SetInsertPoint(found);
  b_.CreateStore(pos, slot(kFound));
  b_.CreateRet(b_.getInt64(1));
  b_.SetInsertPoint(other);
  b_.CreateRet(b_.CreateZExt(b_.CreateICmpEQ(verdict, b_.getInt64(kEnded)), b_.getInt64Ty()));
  b_.restoreIP(saved);
  return cb;
}

// A literal operand gets a slot of its own that lives only around the
// search (its address is taken, so it can not dissolve into immediates).
Value *ProbeEmitter::search_operand(ast::Expr *e, std::vector<AllocaInst *> &scoped) {
  ast::Expr *lit = e->lowered ? e->lowered : e;
  if (lit->kind != ast::ExprKind::Str) return emit_expr(e);
  const std::string &s = static_cast<ast::StrLit *>(lit)->value;
  uint32_t bytes = ast::Type::string(s.size() + 1).storage_size();
  AllocaInst *buf = b_.entry_alloca(bytes, "needle");
  b_.CreateLifetimeStart(buf, b_.getInt64(bytes));
  store_constant_string(buf, s);
  scoped.push_back(buf);
  return buf;
}

// strstr: the index of the needle's first match, -1 without one. An empty
// needle matches at 0.
Value *ProbeEmitter::call_strstr(ast::Call *n) {
  std::vector<AllocaInst *> scoped;
  Value *hay = search_operand(n->args[0], scoped);
  Value *needle = search_operand(n->args[1], scoped);
  uint32_t hay_size = n->args[0]->type.str_size, needle_size = n->args[1]->type.str_size;
  // Live only around the call: the markers let the backend give every
  // search in a probe the same stack slot.
  AllocaInst *state = b_.entry_alloca(kSearchSlots * 8, "strstr.state");
  b_.CreateLifetimeStart(state, b_.getInt64(kSearchSlots * 8));
  b_.CreateStore(hay, b_.offset(state, kHay * 8));
  b_.CreateStore(needle, b_.offset(state, kNeedle * 8));
  b_.CreateStore(b_.getInt64(-1), b_.offset(state, kFound * 8));
  b_.call_helper(Helper::Loop, {b_.getInt64(hay_size), search_callback(hay_size, needle_size), state,
                                b_.getInt64(0)});
  Value *idx = b_.CreateLoad(b_.getInt64Ty(), b_.offset(state, kFound * 8), "strstr.idx");
  b_.CreateLifetimeEnd(state, b_.getInt64(kSearchSlots * 8));
  for (AllocaInst *a : scoped) b_.CreateLifetimeEnd(a, b_.getInt64(*a->getAllocationSize(ms_.module->getDataLayout())));
  return idx;
}

// strcontains: whether strstr finds the needle.
Value *ProbeEmitter::call_strcontains(ast::Call *n) {
  return b_.CreateZExt(b_.CreateICmpSGE(call_strstr(n), b_.getInt64(0)), b_.getInt64Ty());
}

}  // namespace bpfsh::codegen
