// libelf handles and the symbol and section walks over them.
#include "host/elf_handle.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>

namespace bpfsh::host {

ElfHandle::ElfHandle(const std::string &path) {
  if (elf_version(EV_CURRENT) == EV_NONE) return;
  fd_ = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ >= 0) elf_ = elf_begin(fd_, ELF_C_READ_MMAP, nullptr);
}

ElfHandle::~ElfHandle() {
  if (elf_) elf_end(elf_);
  if (fd_ >= 0) close(fd_);
}

void ElfHandle::for_each_symbol(const std::function<void(const std::string &, const GElf_Sym &)> &fn) const {
  if (!elf_) return;
  // .symtab first: a stripped file has only .dynsym, and an unstripped one
  // names local functions there that .dynsym leaves out.
  for (Elf64_Word want : {SHT_SYMTAB, SHT_DYNSYM}) {
    for (Elf_Scn *scn = nullptr; (scn = elf_nextscn(elf_, scn));) {
      GElf_Shdr sh;
      if (!gelf_getshdr(scn, &sh) || sh.sh_type != want) continue;
      Elf_Data *data = elf_getdata(scn, nullptr);
      size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
      for (size_t i = 0; data && i < n; i++) {
        GElf_Sym sym;
        if (!gelf_getsym(data, static_cast<int>(i), &sym) || sym.st_shndx == SHN_UNDEF) continue;
        const char *name = elf_strptr(elf_, sh.sh_link, sym.st_name);
        if (name && *name) fn(std::string(name), sym);
      }
    }
  }
}

Elf_Scn *ElfHandle::section_named(const char *want, GElf_Shdr &sh) const {
  size_t shstrndx = 0;
  if (!elf_ || elf_getshdrstrndx(elf_, &shstrndx) != 0) return nullptr;
  for (Elf_Scn *scn = nullptr; (scn = elf_nextscn(elf_, scn));) {
    if (!gelf_getshdr(scn, &sh)) continue;
    const char *name = elf_strptr(elf_, shstrndx, sh.sh_name);
    if (name && std::strcmp(name, want) == 0) return scn;
  }
  return nullptr;
}

}  // namespace bpfsh::host
