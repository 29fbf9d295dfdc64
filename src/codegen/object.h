#pragma once
// LLVM module -> optimised BPF ELF object, in memory.
#include <llvm/IR/Module.h>

#include <string>
#include <vector>

namespace bpfsh::codegen {

// Optimises `m` and emits it for bpfel. Returns false and sets `error` when
// LLVM (or the BPF backend, e.g. for stack overflow) reports a problem.
bool emit_object(llvm::Module &m, std::vector<uint8_t> &elf, std::string &error);

}  // namespace bpfsh::codegen
