#include "codegen/irbuilder_bpf.h"

#include <algorithm>

namespace bpfsh::codegen {

using namespace llvm;

Value *IRBuilderBPF::call_helper(Helper h, ArrayRef<Value *> args, const Twine &name) {
  std::vector<Type *> params;
  for (auto *a : args) params.push_back(a->getType());
  auto *fty = FunctionType::get(getInt64Ty(), params, false);
  if (kernel_reads && h == Helper::ProbeRead) h = Helper::ProbeReadKernel;
  if (kernel_reads && h == Helper::ProbeReadStr) h = Helper::ProbeReadKernelStr;
  auto *callee = CreateIntToPtr(getInt64(static_cast<int>(h)), PointerType::get(getContext(), 0));
  return CreateCall(fty, callee, args, name);
}

AllocaInst *IRBuilderBPF::entry_alloca(uint32_t bytes, const Twine &name) {
  Function *fn = GetInsertBlock()->getParent();
  IRBuilder<> b(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  auto *a = b.CreateAlloca(ArrayType::get(getInt8Ty(), bytes ? bytes : 8), nullptr, name);
  a->setAlignment(Align(8));
  return a;
}

AllocaInst *IRBuilderBPF::entry_alloca_i64(const Twine &name) {
  Function *fn = GetInsertBlock()->getParent();
  IRBuilder<> b(&fn->getEntryBlock(), fn->getEntryBlock().begin());
  auto *a = b.CreateAlloca(getInt64Ty(), nullptr, name);
  a->setAlignment(Align(8));
  return a;
}

// The BPF backend expands a memset or memcpy inline only up to 128 stores,
// and calls the (missing) library function past that. A copy whose alignment
// LLVM can not prove goes byte by byte, so large ones are cut into pieces of
// 128 bytes. Zeroing pieces are volatile: MemCpyOpt would merge them again.
constexpr uint32_t kPiece = 128;

void zero_memory(IRBuilderBase &b, Value *ptr, uint32_t bytes) {
  bool split = bytes > kPiece;
  for (uint32_t off = 0; off < bytes; off += kPiece) {
    Value *p = off ? b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), ptr, off) : ptr;
    b.CreateMemSet(p, b.getInt8(0), std::min(kPiece, bytes - off), MaybeAlign(1), split);
  }
}

void IRBuilderBPF::zero(Value *ptr, uint32_t bytes) { zero_memory(*this, ptr, bytes); }

void IRBuilderBPF::copy(Value *dst, Value *src, uint32_t bytes) {
  for (uint32_t off = 0; off < bytes; off += kPiece)
    CreateMemCpy(offset(dst, off), MaybeAlign(1), offset(src, off), MaybeAlign(1), std::min(kPiece, bytes - off));
}

Value *IRBuilderBPF::offset(Value *ptr, uint32_t bytes, const Twine &name) {
  if (bytes == 0) return ptr;
  return CreateConstInBoundsGEP1_64(getInt8Ty(), ptr, bytes, name);
}

Value *IRBuilderBPF::map_lookup(Value *map, Value *key, const Twine &name) {
  Value *r = call_helper(Helper::MapLookup, {map, key}, name + ".raw");
  return CreateIntToPtr(r, PointerType::get(getContext(), 0), name);
}

void IRBuilderBPF::map_update(Value *map, Value *key, Value *value, uint64_t flags) {
  call_helper(Helper::MapUpdate, {map, key, value, getInt64(flags)});
}

void IRBuilderBPF::map_delete(Value *map, Value *key) { call_helper(Helper::MapDelete, {map, key}); }

}  // namespace bpfsh::codegen
