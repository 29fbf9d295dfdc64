// What every event to user space shares: the ring-buffer output that counts
// the records the kernel refuses, the event header, and -k's checks of
// helper return codes with the script's place.
#include <cerrno>

#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

// Sends `size` bytes at `ev`. A full ring buffer refuses the record; the
// refusal is counted in the lost-events array, which user space reads and
// reports ("Lost N events"), as bpftrace does.
void ProbeEmitter::ringbuf_output(Value *ev, uint64_t size) { ringbuf_output(ev, b_.getInt64(size)); }

// A size known only at run time must be one the verifier has bounds for.
void ProbeEmitter::ringbuf_output(Value *ev, Value *size) {
  Value *r = event_output(ev, size, "rb");
  auto &ctx = b_.getContext();
  // Block order matters: the verifier walks a loop of printf()s far faster
  // when the counting block comes before the join.
  BasicBlock *lost = BasicBlock::Create(ctx, "rb.lost", fn_);
  BasicBlock *done = BasicBlock::Create(ctx, "rb.done");  // placed after the counting blocks
  b_.CreateCondBr(b_.CreateICmpNE(r, b_.getInt64(0)), lost, done);
  b_.SetInsertPoint(lost);
  count_slot(ms_.lost, 0, "lost");
  b_.CreateBr(done);
  done->insertInto(fn_);
  b_.SetInsertPoint(done);
}

// A perf buffer has a ring per CPU: the event goes to this CPU's
// (BPF_F_CURRENT_CPU), and a full one refuses it (-ENOSPC) as a full ring
// buffer does. It needs the program's context, which every probe's
// function (and callback, emit_loops.cpp) holds in ctx_.
Value *ProbeEmitter::event_output(Value *ev, uint64_t size, const Twine &name) {
  return event_output(ev, b_.getInt64(size), name);
}

Value *ProbeEmitter::event_output(Value *ev, Value *size, const Twine &name) {
  auto perf = [&](GlobalVariable *map) {
    return b_.call_helper(Helper::PerfEventOutput, {ctx_, map, b_.getInt64(0xffffffffull), ev, size}, name);
  };
  auto ring = [&] {
    return b_.call_helper(Helper::RingbufOutput, {ms_.ringbuf, ev, size, b_.getInt64(0)}, name);
  };
  if (ms_.perf_buffer) return perf(ms_.ringbuf);
  if (!ms_.channel_flag) return ring();
  // Both channels: the loader's flag picks one (artifact/channels.h). A
  // volatile load, so LLVM keeps the test for the verifier to decide.
  auto &ctx = b_.getContext();
  BasicBlock *via_perf = BasicBlock::Create(ctx, name + ".perf", fn_);
  BasicBlock *via_ring = BasicBlock::Create(ctx, name + ".ring", fn_);
  BasicBlock *sent = BasicBlock::Create(ctx, name + ".sent", fn_);
  LoadInst *flag = b_.CreateAlignedLoad(b_.getInt64Ty(), ms_.channel_flag, MaybeAlign(8), name + ".channel");
  flag->setVolatile(true);
  b_.CreateCondBr(b_.CreateICmpNE(flag, b_.getInt64(0)), via_perf, via_ring);
  b_.SetInsertPoint(via_perf);
  Value *rp = perf(ms_.perfbuf);
  BasicBlock *perf_end = b_.GetInsertBlock();
  b_.CreateBr(sent);
  b_.SetInsertPoint(via_ring);
  Value *rr = ring();
  BasicBlock *ring_end = b_.GetInsertBlock();
  b_.CreateBr(sent);
  b_.SetInsertPoint(sent);
  PHINode *r = b_.CreatePHI(rp->getType(), 2, name);
  r->addIncoming(rp, perf_end);
  r->addIncoming(rr, ring_end);
  return r;
}

// Adds one to slot `index` of a per-CPU u64 array; falls through after.
void ProbeEmitter::count_slot(GlobalVariable *array, uint32_t index, const std::string &name) {
  auto &ctx = b_.getContext();
  BasicBlock *count = BasicBlock::Create(ctx, name + ".count", fn_);
  BasicBlock *done = BasicBlock::Create(ctx, name + ".counted", fn_);
  Value *key = local_alloca(4, name + ".key");
  b_.CreateAlignedStore(b_.getInt32(index), key, MaybeAlign(4));
  Value *slot = b_.map_lookup(array, key, name);
  b_.CreateCondBr(b_.CreateIsNotNull(slot), count, done);
  b_.SetInsertPoint(count);
  // A per-CPU slot: no other program writes it while this one runs.
  Value *n = b_.CreateAlignedLoad(b_.getInt64Ty(), slot, MaybeAlign(8));
  b_.CreateAlignedStore(b_.CreateAdd(n, b_.getInt64(1)), slot, MaybeAlign(8));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

// A map update the kernel refused because the map is full (-E2BIG) is
// counted per place in the script (site_), not reported per event as
// bpftrace does: user space says so once per place, at exit.
void ProbeEmitter::count_map_full(Value *ret) {
  auto &ctx = b_.getContext();
  uint32_t slot = uint32_t(ms_.artifact.map_full_sites.size());
  ms_.artifact.map_full_sites.push_back(add_site(site_, "map_update_elem"));
  BasicBlock *full = BasicBlock::Create(ctx, "map.full", fn_);
  BasicBlock *done = BasicBlock::Create(ctx, "map.notfull", fn_);
  b_.CreateCondBr(b_.CreateICmpEQ(ret, b_.getInt64(-E2BIG)), full, done);
  b_.SetInsertPoint(full);
  count_slot(ms_.map_full, slot, "full");
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

uint32_t ProbeEmitter::add_site(const SourceRange &r, const std::string &helper) {
  SiteSpec s;
  s.line = r.begin.line;
  s.col = r.begin.col;
  s.end_line = r.end.line;
  s.end_col = r.end.col;
  s.helper = helper;
  ms_.artifact.sites.push_back(std::move(s));
  return static_cast<uint32_t>(ms_.artifact.sites.size() - 1);
}

// -k: a helper that returned a negative error reports it, with the place in
// the script of the expression being emitted. A return of `except` (a
// non-zero errno counted elsewhere) is not reported.
void ProbeEmitter::check_helper(Value *ret, const std::string &helper, int64_t except) {
  if (!ms_.helper_checks) return;
  uint32_t site = add_site(site_, helper);
  auto &ctx = b_.getContext();
  BasicBlock *failed = BasicBlock::Create(ctx, helper + ".failed", fn_);
  BasicBlock *done = BasicBlock::Create(ctx, helper + ".ok", fn_);
  Value *bad = b_.CreateICmpSLT(ret, b_.getInt64(0));
  if (except) bad = b_.CreateAnd(bad, b_.CreateICmpNE(ret, b_.getInt64(except)));
  b_.CreateCondBr(bad, failed, done);
  b_.SetInsertPoint(failed);
  Value *code = local_alloca_i64("helper.ret");
  b_.CreateStore(ret, code);
  emit_event(EventType::HelperError, site, code, 8);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

// -k: a map read that found no entry reports it (retcode 0, as bpftrace
// does), with the place of the read; the value still reads as zero.
void ProbeEmitter::check_lookup(Value *found) {
  if (!ms_.helper_checks) return;
  report_unless(found, EventType::HelperError, "map_lookup_elem");
}

// Reports the place being emitted (an event of `type`, once per place in
// user space) where `ok` is false. A helper's report carries its return
// code, 0 here: the helper did not fail, it found nothing.
void ProbeEmitter::report_unless(Value *ok, EventType type, const std::string &helper) {
  uint32_t site = add_site(site_, helper);
  auto &ctx = b_.getContext();
  BasicBlock *bad = BasicBlock::Create(ctx, "report", fn_);
  BasicBlock *done = BasicBlock::Create(ctx, "reported", fn_);
  b_.CreateCondBr(ok, done, bad);
  b_.SetInsertPoint(bad);
  if (helper.empty()) {
    emit_event(type, site, nullptr, 0);
  } else {
    Value *code = local_alloca_i64("helper.ret");
    b_.CreateStore(b_.getInt64(0), code);
    emit_event(type, site, code, 8);
  }
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

// Pushes `payload_size` bytes at `payload` behind an EventHeader.
void ProbeEmitter::emit_event(EventType type, uint32_t id, Value *payload, uint32_t payload_size) {
  uint32_t size = sizeof(EventHeader) + payload_size;
  Value *ev = temp(size, "event");
  uint64_t header = static_cast<uint64_t>(type) | (static_cast<uint64_t>(id) << 32);
  b_.CreateAlignedStore(b_.getInt64(header), ev, MaybeAlign(8));
  if (payload_size) copy_bytes(b_.offset(ev, sizeof(EventHeader)), payload, payload_size);
  ringbuf_output(ev, size);
}

}  // namespace bpfsh::codegen
