#pragma once
// A Symbolizer with no LLVM in it, for bpfsh-run: kernel addresses from
// /proc/kallsyms, user addresses through /proc/PID/maps to a binary's ELF
// symbol tables (.symtab, else .dynsym, via libelf), C++ names demangled by
// the C++ runtime. It names functions only, as bpfsh's symbolizer does with
// line tables off, so stacks print the same; it reads no DWARF, which
// bpfsh's would fall back on only for a function no symbol table names.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/exec_images.h"
#include "runtime/symbolizer.h"

namespace bpfsh::runtime {

class ElfSymbolizer final : public Symbolizer {
 public:
  ElfSymbolizer();
  ~ElfSymbolizer() override;
  std::optional<Symbol> kernel(uint64_t addr) override;
  std::optional<Symbol> user(int32_t pid, uint64_t addr) override;
  void process_seen(int32_t pid, const std::string &binary, uint64_t bias) override;

  struct Segment {
    uint64_t file_offset = 0, vaddr = 0, size = 0;
    bool executable = false;
  };
  struct Function {
    uint64_t addr = 0, size = 0;
    std::string name;
  };
  // One binary, read once: its loadable segments and functions by address.
  struct Binary {
    std::vector<Segment> loads;
    std::vector<Function> functions;
  };

 private:
  const Binary *binary(const std::string &path);
  const Mapping *mapping_for(int32_t pid, uint64_t addr);

  std::vector<Function> kernel_;  // by address; read on first use
  bool kernel_read_ = false;
  ExecImages images_;  // each pid's images, as /proc/PID/maps showed them
  std::map<std::string, std::unique_ptr<Binary>> binaries_;  // null: not ELF
};

// The pieces, for tests. kallsyms text: functions and data by address
// (sizes unknown, so 0).
std::vector<ElfSymbolizer::Function> parse_kallsyms(const std::string &text);
// The ELF file's segments and named functions; nullopt when not ELF.
std::optional<ElfSymbolizer::Binary> read_binary(const std::string &path);
// The function at or before `addr` (within its size when it has one).
std::optional<Symbol> function_at(const std::vector<ElfSymbolizer::Function> &fns, uint64_t addr);

}  // namespace bpfsh::runtime
