#pragma once
// What bpfsh needs from an ELF file apart from symbolizing: how its loadable
// segments map file offsets to the addresses it was linked at, and where a
// named symbol is (uaddr()).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfsh::symbols {

struct ElfLayout {
  bool position_independent = false;  // ET_DYN: PIE executables, shared libraries
  struct Segment {
    uint64_t file_offset, vaddr, size;
    bool executable;
  };
  std::vector<Segment> loads;  // PT_LOAD program headers

  // The link-time address of the byte at `file_offset`; the offset itself
  // when no segment holds it.
  uint64_t vaddr_of(uint64_t file_offset) const;
};

// nullopt when `path` is not a readable 64-bit little-endian ELF file.
std::optional<ElfLayout> read_elf_layout(const std::string &path);

// The link-time address of the function or object `name` (symbol table, then
// dynamic symbols); nullopt when absent.
std::optional<uint64_t> find_elf_symbol(const std::string &path, const std::string &name);

}  // namespace bpfsh::symbols
