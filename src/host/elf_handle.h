#pragma once
// The one place bpfsh opens a file with libelf: an RAII handle, and walks
// over its symbols and sections that the ELF readers of host/ share.
#include <gelf.h>
#include <libelf.h>

#include <functional>
#include <string>

namespace bpfsh::host {

// An open libelf handle and its descriptor, closed together. Not copyable.
class ElfHandle {
 public:
  explicit ElfHandle(const std::string &path);
  ~ElfHandle();
  ElfHandle(const ElfHandle &) = delete;
  ElfHandle &operator=(const ElfHandle &) = delete;

  Elf *elf() const { return elf_; }
  explicit operator bool() const { return elf_ != nullptr; }

  // fn(name, sym) for every defined, named symbol of .symtab then .dynsym,
  // by its name without a version; of a versioned name only the default
  // version, unless the name has none (then its other versions).
  void for_each_symbol(const std::function<void(const std::string &, const GElf_Sym &)> &fn) const;
  // The section called `name`, its header in `sh`; nullptr when absent.
  Elf_Scn *section_named(const char *name, GElf_Shdr &sh) const;

 private:
  int fd_ = -1;
  Elf *elf_ = nullptr;
};

}  // namespace bpfsh::host
