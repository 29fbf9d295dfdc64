#include "repl/elf_symbols.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>

namespace bpfsh::repl {

namespace {

void read_table(Elf *elf, Elf_Scn *scn, const GElf_Shdr &sh, std::vector<std::string> &out) {
  Elf_Data *data = elf_getdata(scn, nullptr);
  if (!data || sh.sh_entsize == 0) return;
  size_t n = sh.sh_size / sh.sh_entsize;
  for (size_t i = 0; i < n; i++) {
    GElf_Sym sym;
    if (!gelf_getsym(data, static_cast<int>(i), &sym)) continue;
    if (GELF_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx == SHN_UNDEF) continue;
    const char *name = elf_strptr(elf, sh.sh_link, sym.st_name);
    if (name && *name) out.emplace_back(name);
  }
}

}  // namespace

std::vector<std::string> elf_functions(const std::string &path) {
  std::vector<std::string> out;
  if (elf_version(EV_CURRENT) == EV_NONE) return out;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  if (Elf *elf = elf_begin(fd, ELF_C_READ, nullptr)) {
    for (Elf_Scn *scn = nullptr; (scn = elf_nextscn(elf, scn));) {
      GElf_Shdr sh;
      if (gelf_getshdr(scn, &sh) && (sh.sh_type == SHT_SYMTAB || sh.sh_type == SHT_DYNSYM))
        read_table(elf, scn, sh, out);
    }
    elf_end(elf);
  }
  close(fd);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace bpfsh::repl
