#pragma once
// User-space addresses to function names through LLVM's symbolizer (ELF
// symbol tables, DWARF when present, C++ names demangled).
//
// A process's address becomes (binary, file offset) through its mappings,
// then a link-time address through the binary's program headers, which is
// what PIE executables and shared libraries need. Mappings are kept per pid
// once read, so a process that has exited since remember() still resolves,
// and so is each program a pid ran before it exec'd another (an image);
// binaries are opened once and each address is symbolized once.
// Source lines and inlined functions (show_debug_info) come from a second
// LLVM symbolizer, made on first use, so names alone never read line tables.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/exec_images.h"
#include "host/host.h"

namespace llvm::symbolize {
class LLVMSymbolizer;
}

namespace bpfsh::symbols {

using host::ElfLayout;
using bpfsh::Mapping;

struct SourceLine {
  std::string file;  // DIR/FILE as compiled; empty: not known
  uint32_t line = 0;
};

struct InlinedCall {
  std::string name;  // demangled
  SourceLine at;     // where the address lies in it
};

struct UserSymbol {
  std::string name;     // demangled
  uint64_t offset = 0;  // from the function's start
  std::string module;   // the binary's path
  // resolve_with_lines only: the address's line in `name` (where it calls
  // the outermost inlined function, if any), and the functions inlined
  // there, innermost first.
  SourceLine at;
  std::vector<InlinedCall> inlined;
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
  // resolve() with the source line and inlined functions from the binary's
  // DWARF, where it has them. A `return_address` follows a call: its line
  // and inlined functions are the call's (the byte before it), as
  // debuggers show them; its name and offset stay its own.
  std::optional<UserSymbol> resolve_with_lines(int pid, uint64_t addr, bool return_address);
  std::optional<UserSymbol> resolve_in_file_with_lines(const std::string &path, uint64_t vaddr, bool return_address);
  // Reads and keeps pid's mappings now, while the process lives. If it is
  // gone already, `binary` (when given) loaded `bias` bytes above its
  // link-time addresses stands in for them, unless some were kept before.
  void remember(int pid, const std::string &binary = "", uint64_t bias = 0);
  bool remembers(int pid) const { return images_.knows(pid); }

 private:
  const Mapping *mapping_for(int pid, uint64_t addr);
  const ElfLayout *layout_of(const std::string &path);

  host::Host &host_;
  std::unique_ptr<llvm::symbolize::LLVMSymbolizer> llvm_;
  std::unique_ptr<llvm::symbolize::LLVMSymbolizer> lines_;  // made on first use
  ExecImages images_;
  std::map<std::string, std::optional<ElfLayout>> layouts_;  // nullopt: not ELF
  std::map<std::pair<std::string, uint64_t>, std::optional<UserSymbol>> done_;
  std::map<std::tuple<std::string, uint64_t, bool>, std::optional<UserSymbol>> done_lines_;
};

}  // namespace bpfsh::symbols
