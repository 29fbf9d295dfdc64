// Zeroing and copying buffers of any size. The BPF backend expands a
// memset or memcpy into one store per byte or word, so a buffer of a
// max_strlen past a few KiB would not fit a program's jump range (32,767
// instructions): past kLoopBytes the work is a bpf_loop (kernel 5.17+) over
// pieces of kPieceBytes, whose callback the verifier walks once, and the
// tail that is not a whole piece is done in place.
#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

namespace {
constexpr uint32_t kLoopBytes = 4096;
constexpr uint32_t kPieceBytes = 64;
}  // namespace

void ProbeEmitter::zero_bytes(Value *p, uint32_t bytes) { bulk(p, nullptr, bytes, true); }

void ProbeEmitter::copy_bytes(Value *dst, Value *src, uint32_t bytes) { bulk(dst, src, bytes, true); }

// src null: zeroes dst. in_statement: b_ is where a statement is emitted,
// not in the blocks that start the function.
void ProbeEmitter::bulk(Value *dst, Value *src, uint32_t bytes, bool in_statement) {
  uint32_t pieces = bytes > kLoopBytes ? bytes / kPieceBytes : 0;
  if (pieces) {
    // The callback reads both addresses from a frame on this stack.
    const char *name = src ? "copy.frame" : "zero.frame";
    AllocaInst *frame = in_statement ? local_alloca(16, name) : b_.entry_alloca(16, name);
    b_.CreateAlignedStore(dst, frame, MaybeAlign(8));
    b_.CreateAlignedStore(src ? src : ConstantPointerNull::get(b_.getPtrTy()), b_.offset(frame, 8), MaybeAlign(8));
    b_.call_helper(Helper::Loop, {b_.getInt64(pieces), bulk_callback(src != nullptr, pieces), frame,
                                  b_.getInt64(0)});
  }
  uint32_t done = pieces * kPieceBytes;
  if (done == bytes) return;
  if (src) b_.copy(b_.offset(dst, done), b_.offset(src, done), bytes - done);
  else b_.zero(b_.offset(dst, done), bytes - done);
}

// callback(i, frame): piece i of frame[0] zeroed, or copied from frame[1].
// The bound check is the verifier's: with it, i * kPieceBytes is known to
// stay inside the buffer.
Function *ProbeEmitter::bulk_callback(bool copy, uint32_t pieces) {
  auto key = std::pair{copy, pieces};
  if (auto it = bulk_callbacks_.find(key); it != bulk_callbacks_.end()) return it->second;
  Function *cb = loop_callback(copy ? "copy" : "zero");
  bulk_callbacks_[key] = cb;
  IRBuilderBase::InsertPoint saved = b_.saveIP();
  Value *i = cb->getArg(0), *frame = cb->getArg(1);
  auto &ctx = b_.getContext();
  BasicBlock *entry = BasicBlock::Create(ctx, "entry", cb);
  BasicBlock *piece = BasicBlock::Create(ctx, "piece", cb);
  BasicBlock *stop = BasicBlock::Create(ctx, "stop", cb);
  b_.SetInsertPoint(entry);
  b_.CreateCondBr(b_.CreateICmpULT(i, b_.getInt64(pieces)), piece, stop);
  b_.SetInsertPoint(piece);
  Value *at = b_.CreateMul(i, b_.getInt64(kPieceBytes), "at");
  Value *dst = b_.CreateGEP(b_.getInt8Ty(), b_.CreateAlignedLoad(b_.getPtrTy(), frame, MaybeAlign(8), "dst"), at);
  if (copy) {
    Value *from = b_.CreateAlignedLoad(b_.getPtrTy(), b_.offset(frame, 8), MaybeAlign(8), "src");
    b_.CreateMemCpy(dst, MaybeAlign(1), b_.CreateGEP(b_.getInt8Ty(), from, at), MaybeAlign(1), kPieceBytes);
  } else {
    b_.CreateMemSet(dst, b_.getInt8(0), kPieceBytes, MaybeAlign(1));
  }
  b_.CreateRet(b_.getInt64(0));
  b_.SetInsertPoint(stop);
  b_.CreateRet(b_.getInt64(1));
  b_.restoreIP(saved);
  return cb;
}

}  // namespace bpfsh::codegen
