#pragma once
// Where a function's machine instructions start, found by decoding its code
// from the ELF file with LLVM's x86-64 disassembler: a uprobe at an offset
// into a function must sit on one (the kernel writes its breakpoint there),
// or it corrupts the traced program.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/elf_file.h"

namespace bpfsh::host {

// The offsets from `code`'s first byte at which its instructions start, in
// order, decoding from that byte (x86-64). nullopt when some bytes do not
// decode as an instruction.
std::optional<std::vector<uint64_t>> x86_instruction_starts(const std::vector<uint8_t> &code, uint64_t address);

// The same for function `f` of the file at `path`, read from its executable
// segment; nullopt when the file is no x86-64 ELF file, the function's bytes
// are not in it, or they do not decode.
std::optional<std::vector<uint64_t>> instruction_starts(const std::string &path, const FunctionSpan &f);

}  // namespace bpfsh::host
