#pragma once
// User-space addresses to function names through LLVM's symbolizer (ELF
// symbol tables, DWARF when present, C++ names demangled).
//
// A process's address becomes (binary, file offset) through its mappings,
// then a link-time address through the binary's program headers, which is
// what PIE executables and shared libraries need. Mappings are kept per pid
// once read, so a process that has exited since remember() still resolves;
// binaries are opened once and each address is symbolized once.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/host.h"

namespace llvm::symbolize {
class LLVMSymbolizer;
}

namespace bpfsh::symbols {

using host::ElfLayout;
using host::Mapping;

struct UserSymbol {
  std::string name;     // demangled
  uint64_t offset = 0;  // from the function's start
  std::string module;   // the binary's path
};

// An address of a process as its binary was linked.
struct FileAddress {
  std::string path;
  uint64_t vaddr = 0;
};

class UserSymbolizer {
 public:
  // Mappings and ELF layouts come from `host`, which must outlive this.
  explicit UserSymbolizer(host::Host &host);
  ~UserSymbolizer();
  UserSymbolizer(const UserSymbolizer &) = delete;
  UserSymbolizer &operator=(const UserSymbolizer &) = delete;

  // `addr` in process `pid`: from remembered mappings, else (or when they
  // miss, e.g. after a dlopen) from the live process.
  std::optional<UserSymbol> resolve(int pid, uint64_t addr);
  // Where `addr` of process `pid` lies in its binary (mappings as resolve() reads them).
  std::optional<FileAddress> locate(int pid, uint64_t addr);
  // `vaddr` as the binary at `path` was linked.
  std::optional<UserSymbol> resolve_in_file(const std::string &path, uint64_t vaddr);
  // Reads and keeps pid's mappings now, while the process lives. If it is
  // gone already, `binary` (when given) loaded `bias` bytes above its
  // link-time addresses stands in for them, unless some were kept before.
  void remember(int pid, const std::string &binary = "", uint64_t bias = 0);
  bool remembers(int pid) const { return processes_.count(pid) != 0; }

 private:
  const Mapping *mapping_for(int pid, uint64_t addr);
  const ElfLayout *layout_of(const std::string &path);

  host::Host &host_;
  std::unique_ptr<llvm::symbolize::LLVMSymbolizer> llvm_;
  std::map<int, std::vector<Mapping>> processes_;
  std::map<std::string, std::optional<ElfLayout>> layouts_;  // nullopt: not ELF
  std::map<std::pair<std::string, uint64_t>, std::optional<UserSymbol>> done_;
};

}  // namespace bpfsh::symbols
