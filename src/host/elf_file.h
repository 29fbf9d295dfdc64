#pragma once
// What bpfsh reads from a user-space ELF file: its function names (uprobe
// wildcards, completion), where a named symbol is (uaddr(), USDT operands),
// and how its loadable segments map file offsets to link-time addresses.
#include <cstdint>
#include <optional>
#include <map>
#include <string>
#include <vector>

namespace bpfsh::host {

struct ElfLayout {
  bool position_independent = false;  // ET_DYN: PIE executables, shared libraries
  uint16_t machine = 0;               // e_machine: EM_X86_64, ...
  struct Segment {
    uint64_t file_offset, vaddr, size;  // size: bytes in the file
    bool executable;
    uint64_t mem_size = 0;              // bytes in memory (bss included)
  };
  std::vector<Segment> loads;  // PT_LOAD program headers

  // The link-time address of the byte at `file_offset`; the offset itself
  // when no segment holds it.
  uint64_t vaddr_of(uint64_t file_offset) const;
  // The file offset of link-time address `vaddr`; nullopt when no segment
  // holds it (uprobe and USDT attach by file offset).
  std::optional<uint64_t> file_offset_of(uint64_t vaddr) const;
};

// nullopt when `path` is not a readable 64-bit ELF file.
std::optional<ElfLayout> read_elf_layout(const std::string &path);

// The link-time address of any defined symbol `name` with a nonzero value.
std::optional<uint64_t> symbol_address(const std::string &path, const std::string &name);

// The functions the file defines (STT_FUNC and STT_GNU_IFUNC) by name, with
// their link-time addresses; empty when it is not a readable ELF file.
std::map<std::string, uint64_t> function_symbols(const std::string &path);

// A function symbol with its extent: uprobe offsets are checked against it.
struct FunctionSpan {
  std::string name;
  uint64_t address = 0;  // link-time
  uint64_t size = 0;     // st_size; 0 when the symbol does not say
};
// The file's functions (as above) with their sizes, by address.
std::vector<FunctionSpan> function_spans(const std::string &path);

}  // namespace bpfsh::host
