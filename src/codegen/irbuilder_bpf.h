#pragma once
// An IRBuilder that knows BPF: helper calls by number, map access, and the
// stack buffers every non-integer value lives in.
#include <llvm/IR/IRBuilder.h>

namespace bpfsh::codegen {

// Kernel helper numbers (include/uapi/linux/bpf.h, __BPF_FUNC_MAPPER).
enum class Helper : int {
  MapLookup = 1, MapUpdate = 2, MapDelete = 3, ProbeRead = 4, KtimeGetNs = 5,
  GetPrandomU32 = 7, GetSmpProcessorId = 8, GetCurrentPidTgid = 14,
  GetCurrentUidGid = 15, GetCurrentComm = 16, PerfEventOutput = 25, GetStackid = 27, GetCurrentTask = 35, ProbeWriteUser = 36,
  GetNumaNodeId = 42, GetStack = 67, ProbeReadStr = 45, SendSignal = 109, GetCurrentCgroupId = 80,
  Jiffies64 = 118, RingbufOutput = 130, ForEachMapElem = 164, GetFuncIp = 173, Loop = 181,
  MapLookupPercpuElem = 195, DPath = 147, PerCpuPtr = 153, ThisCpuPtr = 154,
  OverrideReturn = 58, SendSignalThread = 117, KtimeGetBootNs = 125, KtimeGetTaiNs = 208,
  Redirect = 23, SkbLoadBytes = 26, XdpGetBuffLen = 188, XdpLoadBytes = 189, ProbeReadUser = 112, ProbeReadKernel = 113,
  ProbeReadKernelStr = 115, GetSocketCookie = 46, SkbOutput = 111, GetNsCurrentPidTgid = 120,
};

// Zeroes `bytes` at ptr with b (any builder, e.g. one at a function's entry).
void zero_memory(llvm::IRBuilderBase &b, llvm::Value *ptr, uint32_t bytes);

class IRBuilderBPF : public llvm::IRBuilder<> {
 public:
  IRBuilderBPF(llvm::LLVMContext &ctx, llvm::Module &m) : IRBuilder<>(ctx), module_(m) {}

  // Every helper returns a 64-bit value; arguments are pointers or i64.
  llvm::Value *call_helper(Helper h, llvm::ArrayRef<llvm::Value *> args, const llvm::Twine &name = "");
  // Network programs may not call bpf_probe_read(_str), only their _kernel
  // forms (which every program type has): set, the builder calls those.
  bool kernel_reads = false;

  // A zero-sized-aligned stack slot in the function's entry block.
  llvm::AllocaInst *entry_alloca(uint32_t bytes, const llvm::Twine &name);
  llvm::AllocaInst *entry_alloca_i64(const llvm::Twine &name);
  void zero(llvm::Value *ptr, uint32_t bytes);
  void copy(llvm::Value *dst, llvm::Value *src, uint32_t bytes);
  llvm::Value *offset(llvm::Value *ptr, uint32_t bytes, const llvm::Twine &name = "");

  llvm::Value *map_lookup(llvm::Value *map, llvm::Value *key, const llvm::Twine &name = "");
  void map_update(llvm::Value *map, llvm::Value *key, llvm::Value *value, uint64_t flags = 0);
  void map_delete(llvm::Value *map, llvm::Value *key);

  llvm::Module &module() { return module_; }

 private:
  llvm::Module &module_;
};

}  // namespace bpfsh::codegen
