#pragma once
// The kernel's symbol table, from /proc/kallsyms: parsed once, kept sorted by
// address and looked up by binary search.
//   line := ADDRESS ' ' TYPE ' ' NAME [ '\t' '[' MODULE ']' ]
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpfsh::host {

struct KernelSymbol {
  std::string name;
  uint64_t offset = 0;  // of the looked-up address from the symbol's start
};

class Kallsyms {
 public:
  static Kallsyms parse(std::string_view text);
  // The file's table; empty when it cannot be read (or when kptr_restrict
  // hides the addresses).
  static Kallsyms read(const std::string &path = "/proc/kallsyms");

  // The symbol at or before `addr`; nullopt below the first one.
  std::optional<KernelSymbol> lookup(uint64_t addr) const;
  // The first symbol of that name, as kaddr() wants it.
  std::optional<uint64_t> address_of(std::string_view name) const;
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    uint64_t addr;
    uint32_t name_at;  // into names_
    uint32_t name_len;
  };
  std::string_view name(const Entry &e) const { return std::string_view(names_).substr(e.name_at, e.name_len); }

  std::string names_;
  std::vector<Entry> entries_;  // by address, then file order
};

}  // namespace bpfsh::host
