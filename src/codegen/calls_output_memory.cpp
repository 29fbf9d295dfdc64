// print() of a struct, union or array in kernel memory (the output family):
// its bytes, copied whole into the event, laid out for the runtime by
// to_layout().
#include "codegen/emitter.h"

namespace bpfsh::codegen {

using namespace llvm;

// The event is built in a per-CPU array slot of its own, not on the stack:
// structs are often larger than the 512-byte BPF stack. One slot per print
// site keeps each sized exactly; programs on one CPU do not nest.
void ProbeEmitter::print_kernel_memory(Value *addr, const ast::Type &t, uint32_t id) {
  uint32_t size = t.c_size();
  uint32_t event_size = sizeof(EventHeader) + ((size + 7) & ~7u);
  std::string name = "print" + std::to_string(id);
  GlobalVariable *map = ms_.defs->define(name, BpfMapType::PerCpuArray, 1, 4, event_size);
  Value *key = local_alloca(4, name + ".key");
  b_.CreateAlignedStore(b_.getInt32(0), key, MaybeAlign(4));
  Value *ev = b_.map_lookup(map, key, name + ".slot");
  BasicBlock *have = BasicBlock::Create(b_.getContext(), name + ".have", fn_);
  BasicBlock *done = BasicBlock::Create(b_.getContext(), name + ".done", fn_);
  b_.CreateCondBr(b_.CreateIsNull(ev), done, have);
  b_.SetInsertPoint(have);
  uint64_t header = static_cast<uint64_t>(EventType::PrintValue) | (static_cast<uint64_t>(id) << 32);
  b_.CreateAlignedStore(b_.getInt64(header), ev, MaybeAlign(8));
  // A failed read zeroes the destination: a bad pointer prints zeros.
  b_.call_helper(Helper::ProbeRead, {b_.offset(ev, sizeof(EventHeader)), b_.getInt64(size),
                                     b_.CreateIntToPtr(addr, b_.getPtrTy())});
  event_output(ev, event_size);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

}  // namespace bpfsh::codegen
